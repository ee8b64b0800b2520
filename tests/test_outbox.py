"""No entry lost: the outbox against the Sheets API emulator and the workbook."""

from __future__ import annotations

import pytest

import datetime as dt

from fcdash.outbox import FAILED, PENDING, SENT, Outbox, OutboxWorker
from fcdash.store import new_id
from fcdash.store.gsheets import GoogleSheetsStore, RetryPolicy
from fcdash.store.workbook import WorkbookStore
from fcdash.parsing import read_snapshot
from tests.conftest import FAST_RETRY, google_config, google_sheet


def entry(i: int) -> dict:
    return {"id": new_id("activities"), "date": dt.date(2026, 11, 20 + i % 3), "type": "Henvisning", "count": 1,
            "note": f"indtastning {i}"}


def ids_of(store, tab="activities"):
    return list(read_snapshot(store)[tab]["id"])


@pytest.mark.fault("the store down during entry, then back")
def test_store_down_five_entries_server_restarts_store_back_exactly_those_five_once_in_order(
        emulator, demo_rows, tmp_path):
    sheet = google_sheet(emulator, demo_rows)
    before = ids_of(sheet)
    outbox = Outbox(tmp_path / "outbox")
    rows = [entry(i) for i in range(5)]
    emulator.down = True
    try:
        for row in rows:
            outbox.add("append", "activities", row, row["id"])
            assert outbox.flush(sheet) == {SENT: 0, PENDING: 1 + rows.index(row), FAILED: 0}
        assert [e.row_id for e in outbox.entries()] == [r["id"] for r in rows]
        assert "503" in outbox.entries()[0].error  # the first one was tried; the rest wait behind it
    finally:
        emulator.down = False
    # The server restarts: a new process finds the outbox on disk and opens the sheet anew.
    restarted = Outbox(tmp_path / "outbox")
    store = GoogleSheetsStore.from_config(google_config(emulator, sheet.key), retry=FAST_RETRY)
    assert restarted.flush(store) == {SENT: 5, PENDING: 0, FAILED: 0}
    assert restarted.entries() == []
    after = ids_of(store)
    assert after == before + [r["id"] for r in rows]
    notes = read_snapshot(store)["activities"].set_index("id").loc[[r["id"] for r in rows], "note"]
    assert list(notes) == [f"indtastning {i}" for i in range(5)]


@pytest.mark.fault("slow answers and timeouts")
def test_a_lost_reply_never_writes_the_row_twice(emulator, demo_rows, tmp_path):
    sheet = google_sheet(emulator, demo_rows)
    slow = GoogleSheetsStore.from_config(google_config(emulator, sheet.key),
                                         retry=RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.02, deadline=5,
                                                           timeout=(1.0, 0.3)))
    read_snapshot(slow)
    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    outbox.add("append", "activities", row, row["id"])
    # The append (under the header as the read found it) arrives and is applied, but its answer comes too late.
    emulator.hang_next(1, 1.0)
    assert outbox.flush(slow)[PENDING] == 1
    emulator.wait_idle()
    assert outbox.flush(slow)[SENT] == 1
    assert ids_of(sheet).count(row["id"]) == 1


@pytest.mark.fault("a locked or half-written workbook")
def test_a_locked_workbook_keeps_entries_until_it_is_closed(demo_workbook, tmp_path):
    store = WorkbookStore(demo_workbook, lock_timeout=0.5)
    office_lock = demo_workbook.parent / f".~lock.{demo_workbook.name}#"
    office_lock.write_text("Anne")
    outbox = Outbox(tmp_path / "outbox")
    rows = [entry(i) for i in range(3)]
    for row in rows:
        outbox.add("append", "activities", row, row["id"])
    assert outbox.flush(store)[PENDING] == 3
    assert "LibreOffice" in outbox.entries()[0].error
    office_lock.unlink()
    assert outbox.flush(store) == {SENT: 3, PENDING: 0, FAILED: 0}
    assert ids_of(store)[-3:] == [r["id"] for r in rows]


@pytest.mark.fault("the store down during entry, then back")
def test_a_refused_entry_is_kept_as_failed_and_does_not_block_the_rest(demo_workbook, tmp_path):
    store = WorkbookStore(demo_workbook)
    outbox = Outbox(tmp_path / "outbox")
    outbox.add("update", "members", {"left": dt.date(2026, 11, 1)}, "MED-GONE")
    good = entry(1)
    outbox.add("append", "activities", good, good["id"])
    assert outbox.flush(store) == {SENT: 1, PENDING: 0, FAILED: 1}
    (failed,) = outbox.entries()
    assert failed.failed and failed.row_id == "MED-GONE"
    assert ids_of(store)[-1] == good["id"]
    outbox.discard(failed.name)
    assert outbox.entries() == []


def test_values_survive_the_disk_as_they_were(tmp_path):
    outbox = Outbox(tmp_path / "outbox")
    row = {"id": "ARR-1", "date": dt.date(2026, 1, 2), "organisations": ("MED-1", "MED-2"), "participants": 12,
           "online": True, "title": "=1+1"}
    outbox.add("append", "events", row, "ARR-1")
    assert Outbox(tmp_path / "outbox").entries()[0].row == row


@pytest.mark.fault("the store down during entry, then back")
@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b"])
def test_an_entry_the_workbook_refuses_is_set_aside_and_the_next_arrives(demo_workbook, tmp_path, char):
    # A control character a form let through (the forms now remove them) is refused by the
    # workbook for good: that entry waits aside with its reason, the next one is written.
    store = WorkbookStore(demo_workbook)
    outbox = Outbox(tmp_path / "outbox")
    bad, good = entry(0) | {"note": f"ringede{char}tilbage"}, entry(1)
    for row in (bad, good):
        outbox.add("append", "activities", row, row["id"])
    assert outbox.flush(store) == {SENT: 1, PENDING: 0, FAILED: 1}
    (aside,) = outbox.entries()
    assert aside.failed and aside.row_id == bad["id"] and aside.error
    assert ids_of(store)[-1] == good["id"] and bad["id"] not in ids_of(store)


class Exploding:
    """A store that fails in a way nobody foresaw, then works."""

    def __init__(self, inner):
        self.inner, self.calls = inner, 0

    def append_rows(self, tab, rows):
        self.calls += 1
        if self.calls == 1:
            raise RuntimeError("uventet")
        self.inner.append_rows(tab, rows)

    def existing_ids(self, tab):
        return self.inner.existing_ids(tab)


def test_the_sender_thread_outlives_any_error_and_the_entry_can_be_tried_again(demo_workbook, tmp_path, caplog):
    store = Exploding(WorkbookStore(demo_workbook))
    outbox = Outbox(tmp_path / "outbox")
    sent = []

    def on_sent(written):  # the cache being told fails once: the thread must outlive that too
        sent.append(1)
        if len(sent) == 1:
            raise OSError("disken er fuld")
    worker = OutboxWorker(outbox, store, interval=3600, on_sent=on_sent)
    try:
        first, second = entry(0), entry(1)
        outbox.add("append", "activities", first, first["id"])
        assert worker.send(wait=30)
        (aside,) = outbox.entries()
        assert aside.failed and "RuntimeError" in aside.error
        assert "set aside" in caplog.text  # logged for whoever runs the server
        outbox.add("append", "activities", second, second["id"])
        assert worker.send(wait=30) and worker.thread.is_alive()
        assert ids_of(store.inner)[-1] == second["id"] and "the outbox round failed" in caplog.text
        outbox.retry(aside.name)
        assert worker.send(wait=30)
        assert outbox.entries() == [] and ids_of(store.inner)[-2:] == [second["id"], first["id"]]
        assert sent == [1, 1]
    finally:
        worker.stop()


def test_a_file_in_the_outbox_that_cannot_be_read_is_listed_not_skipped(demo_workbook, tmp_path):
    outbox = Outbox(tmp_path / "outbox")
    (outbox.folder / "00000000000000000001-broken.json").write_text('{"op": "append", "tab": ')
    good = entry(0)
    outbox.add("append", "activities", good, good["id"])
    assert outbox.flush(WorkbookStore(demo_workbook)) == {SENT: 1, PENDING: 0, FAILED: 1}
    (broken,) = outbox.entries()
    assert broken.failed and "kan ikke læses" in broken.error and broken.name.endswith("broken.json")
    outbox.retry(broken.name)  # nothing to try again: it stays aside
    assert outbox.entries()[0].failed
    outbox.discard(broken.name)
    assert outbox.entries() == []


@pytest.mark.parametrize("sent_between", [False, True])
def test_the_same_key_twice_makes_one_entry_and_one_row(demo_workbook, tmp_path, sent_between):
    # A double tap, a rerun or a reconnect brings the same submission (the same row id) again:
    # while the first waits, and after it was sent.
    store = WorkbookStore(demo_workbook)
    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    first = outbox.add("append", "activities", row, row["id"])
    if sent_between:
        assert outbox.flush(store)[SENT] == 1
    again = Outbox(tmp_path / "outbox").add("append", "activities", row | {"note": "anden gang"}, row["id"])
    assert again.name == ("" if sent_between else first.name)
    assert len(outbox.entries()) == (0 if sent_between else 1)
    outbox.flush(store)
    assert ids_of(store).count(row["id"]) == 1
    assert read_snapshot(store)["activities"].set_index("id").at[row["id"], "note"] == "indtastning 0"


def test_a_key_is_forgotten_after_a_day(demo_workbook, tmp_path, monkeypatch):
    import time as clock

    store = WorkbookStore(demo_workbook)
    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    outbox.add("append", "activities", row, row["id"])
    outbox.flush(store)
    later = clock.time() + 25 * 3600
    monkeypatch.setattr("fcdash.outbox.time.time", lambda: later)
    assert outbox.add("append", "activities", row, row["id"]).name  # a new entry (the row's id then guards)


def test_undo_while_waiting_removes_the_entry_and_nothing_reaches_the_store(demo_workbook, tmp_path):
    store = WorkbookStore(demo_workbook)
    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    outbox.add("append", "activities", row, row["id"])
    assert outbox.withdraw(row["id"])
    assert outbox.entries() == []
    assert outbox.add("append", "activities", row, row["id"]).name == ""  # a late second tap: still once
    assert outbox.flush(store)[SENT] == 0 and row["id"] not in ids_of(store)


def test_undo_after_sending_deletes_the_row_through_a_delete_entry(backend, tmp_path):
    store, _ = backend
    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    outbox.add("append", "activities", row, row["id"])
    assert outbox.flush(store)[SENT] == 1 and row["id"] in ids_of(store)
    assert not outbox.withdraw(row["id"])  # sent: nothing to take back in the outbox
    for _ in range(2):  # a double tap on Fortryd
        outbox.add("delete", "activities", {}, row["id"], key=f"undo:{row['id']}")
    assert len(outbox.entries()) == 1
    assert outbox.flush(store) == {SENT: 1, PENDING: 0, FAILED: 0}
    assert row["id"] not in ids_of(store)


def test_undo_waits_for_a_sending_round_only_a_moment(demo_workbook, tmp_path):
    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    outbox.add("append", "activities", row, row["id"])
    with outbox._lock:  # a round is sending (maybe this very entry) from another process
        import threading
        answer = []
        other = threading.Thread(target=lambda: answer.append(Outbox(tmp_path / "outbox").withdraw(row["id"], wait=0.2)))
        other.start()
        other.join(10)
    assert answer == [False] and len(outbox.entries()) == 1


def test_undo_of_a_set_aside_entry_takes_it_away_at_once_even_during_a_long_round(tmp_path):
    """Otherwise the undo becomes a delete of a row never written, and the set-aside entry stays
    listed for Prøv igen, which would write the row the leader undid."""
    import threading

    outbox = Outbox(tmp_path / "outbox")
    row = entry(0)
    added = outbox.add("append", "activities", row, row["id"])
    added.failed, added.error = True, "Medlemmet findes ikke længere"
    outbox._save(added)
    with outbox._lock:  # a round holds the outbox (Google slow) in another process
        answer = []
        other = threading.Thread(target=lambda: answer.append(Outbox(tmp_path / "outbox").withdraw(row["id"], wait=0.2)))
        other.start()
        other.join(10)
    assert answer == [True] and outbox.entries() == []
