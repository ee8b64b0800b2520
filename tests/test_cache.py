"""The shared snapshot cache: one read per time-to-live, at once after a write or a change."""

from __future__ import annotations

import threading

from fcdash.cache import SnapshotCache


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def counting_reader():
    calls = []

    def read():
        calls.append(1)
        return object()
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
