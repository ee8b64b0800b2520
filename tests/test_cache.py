"""The shared snapshot cache: one read per time-to-live, at once after a write or a change."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from fcdash.cache import SnapshotCache
from fcdash.errors import StoreUnavailable
from fcdash.snapshot import Snapshot
from fcdash.store.gsheets import GoogleSheetsStore
from fcdash.store.workbook import WorkbookStore


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def counting_reader():
    calls = []

    def read():
        calls.append(1)
        return Snapshot(frames={}, problems=[], read_at=dt.datetime(2026, 11, 23, 10, len(calls)))
    return read, calls


def test_one_read_within_the_ttl_and_again_after_it():
    read, calls = counting_reader()
    clock = Clock()
    cache = SnapshotCache(read, ttl=60, clock=clock)
    first = cache.get()
    clock.now = 59.9
    assert cache.get() is first and len(calls) == 1
    clock.now = 60
    assert cache.get() is not first and len(calls) == 2


def test_invalidate_and_a_changed_version_read_again():
    read, calls = counting_reader()
    version = ["a"]
    cache = SnapshotCache(read, ttl=600, version=lambda: version[0], clock=Clock())
    cache.get()
    cache.get()
    assert len(calls) == 1
    cache.invalidate()
    cache.get()
    assert len(calls) == 2
    version[0] = "b"
    cache.get()
    cache.get()
    assert len(calls) == 3


def test_ten_sessions_at_once_share_one_read():
    read, calls = counting_reader()
    cache = SnapshotCache(read, ttl=300)
    barrier = threading.Barrier(10)

    def session():
        barrier.wait()
        cache.get()
    threads = [threading.Thread(target=session) for _ in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(calls) == 1


@pytest.mark.fault("the store down")
def test_when_the_store_fails_the_last_good_snapshot_is_served_stale_and_tried_again_later(tmp_path):
    state = {"down": False, "reads": 0}

    def read():
        state["reads"] += 1
        if state["down"]:
            raise StoreUnavailable("Google svarer 503")
        return Snapshot(frames={"x": None}, problems=[], read_at=dt.datetime(2026, 11, 23, 9, 30))
    clock = Clock()
    cache = SnapshotCache(read, ttl=60, clock=clock, keep=tmp_path / "last.pkl", retry_after=30)
    good = cache.get()
    state["down"] = True
    clock.now = 61
    stale = cache.get()
    assert stale.stale_reason == "Google svarer 503" and stale.read_at == good.read_at
    clock.now = 90  # within retry_after: no new try
    assert cache.get() is stale and state["reads"] == 2
    clock.now = 92
    cache.get()
    assert state["reads"] == 3
    state["down"] = False
    clock.now = 130
    assert cache.get().stale_reason == ""


@pytest.mark.fault("the store down")
def test_a_restarted_server_with_the_store_down_shows_the_snapshot_kept_on_disk(tmp_path):
    def good():
        return Snapshot(frames={"x": None}, problems=[], read_at=dt.datetime(2026, 11, 23, 9, 30))

    def down():
        raise StoreUnavailable("Google kan ikke nås")
    before_restart = SnapshotCache(good, ttl=60, keep=tmp_path / "last.pkl")
    before_restart.get()
    before_restart.wait_saved()  # kept on disk by a thread of its own
    after_restart = SnapshotCache(down, ttl=60, keep=tmp_path / "last.pkl")
    snap = after_restart.get()
    assert snap.stale_reason == "Google kan ikke nås" and snap.read_at == dt.datetime(2026, 11, 23, 9, 30)
    with pytest.raises(StoreUnavailable):  # and with nothing kept, the error itself
        SnapshotCache(down, ttl=60, keep=tmp_path / "nothing.pkl").get()


@pytest.mark.fault("the store down")
def test_a_read_that_hangs_shows_the_last_figures_after_the_patience_and_goes_on_in_the_background():
    release = threading.Event()
    read, calls = counting_reader()

    def slow_read():
        if calls:  # the first read answers at once, the next one hangs until released
            release.wait(30)
        return read()
    cache = SnapshotCache(slow_read, ttl=0, patience=0.2)
    first = cache.get()
    shown = cache.get()  # Google hangs: the page does not wait for it
    assert shown.read_at == first.read_at and "baggrunden" in shown.stale_reason
    assert len(calls) == 1  # the second read is still under way, and a third page joins it
    assert cache.get().stale_reason
    release.set()
    for _ in range(100):
        if len(calls) == 2:
            break
        threading.Event().wait(0.05)
    assert len(calls) == 2
    fresh = cache.get()
    assert not fresh.stale_reason and fresh.read_at > first.read_at


def test_once_the_store_has_answered_a_page_waits_for_a_long_parse_instead_of_showing_old_figures():
    """The patience is for a store that does not answer; a big sheet that takes long to parse
    is healthy, and its new figures are shown, not the old ones marked as slow."""
    read, calls = counting_reader()
    answered = threading.Event()

    def slow_parse(answer):
        answered.set()
        threading.Event().wait(0.5)  # longer than the patience
        return answer
    cache = SnapshotCache(read, ttl=0, patience=0.05, parse=slow_parse)
    first = cache.get()
    second = cache.get()
    assert answered.is_set() and len(calls) == 2
    assert not second.stale_reason and second.read_at > first.read_at


def test_a_store_on_this_machine_is_always_waited_for_so_a_hand_edit_shows_on_the_next_page():
    read, calls = counting_reader()

    def slow_read():
        if calls:
            threading.Event().wait(0.3)  # a big workbook
        return read()
    cache = SnapshotCache(slow_read, ttl=0, patience=None)
    first = cache.get()
    second = cache.get()
    assert not second.stale_reason and second.read_at > first.read_at
    assert WorkbookStore.patience is None and GoogleSheetsStore.patience == 1.0


def test_without_a_last_snapshot_a_page_waits_for_the_read_and_gets_its_error():
    def failing():
        raise StoreUnavailable("Google svarer 503")
    with pytest.raises(StoreUnavailable, match="503"):
        SnapshotCache(failing, ttl=60, patience=0.01).get()


def test_a_wrong_key_is_said_even_with_figures_kept_from_before():
    from fcdash.errors import StoreNotFound

    read, calls = counting_reader()
    answers = iter([None, StoreNotFound("regnearket x findes ikke")])

    def read_or_fail():
        failure = next(answers)
        if failure:
            raise failure
        return read()
    cache = SnapshotCache(read_or_fail, ttl=0)
    cache.get()
    with pytest.raises(StoreNotFound):  # old figures would hide that the configuration is wrong
        cache.get()


def test_a_write_during_a_read_in_flight_is_not_hidden_by_that_read():
    # A page's read has begun; the leader's entry lands and the cache is told; the read that
    # began before it must not count as fresh, or the new row stays hidden for the ttl.
    started, release = threading.Event(), threading.Event()
    read, calls = counting_reader()

    def read_slowly_once():
        if not calls:
            started.set()
            release.wait(30)
        return read()
    cache = SnapshotCache(read_slowly_once, ttl=600)
    first = threading.Thread(target=cache.get)
    first.start()
    started.wait(30)
    cache.invalidate()  # the write
    release.set()
    first.join()
    assert cache.get().read_at.minute == 2 and len(calls) == 2  # read again, after the write


def test_a_healthy_start_does_not_read_the_kept_snapshot(tmp_path):
    # The kept file is the fallback for an outage (60 MB at 100x the demo): a start with the
    # store answering must not spend time reading it.
    read, calls = counting_reader()
    keep = tmp_path / "kept.pkl"
    first = SnapshotCache(read, ttl=60, keep=keep)
    first.get()
    first.wait_saved()  # kept on disk by a thread of its own
    assert keep.exists()
    restarted = SnapshotCache(read, ttl=60, keep=keep)
    restarted._load = lambda: pytest.fail("the kept snapshot was read although the store answered")
    assert not restarted.get().stale_reason and len(calls) == 2
