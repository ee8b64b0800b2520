"""One snapshot shared by every session of the server, read again after a time-to-live.

A store that can tell cheaply whether it changed (the workbook's modification time) is read
again as soon as it has, so a volunteer's edit shows on the next page load. A lock makes
concurrent sessions wait for one read instead of each reading the store, so ten viewers within
the time-to-live cost one read. A write calls ``invalidate`` so its row shows at once.

When the store cannot be read, the last good snapshot is served instead, marked stale with the
reason, and the store is tried again after ``retry_after`` seconds. A read runs in its own thread:
where there is a last good snapshot, a page waits for it at most ``patience`` seconds and then
shows that one, marked stale, while the read goes on (a hanging Google retries for half a
minute). The last good snapshot is also kept on disk (one file per store, named by the caller), so even
a server restarted while Google is down shows the dashboard.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as Timeout
from pathlib import Path
from typing import Callable

from fcdash.errors import StoreUnavailable
from fcdash.files import write_atomically
from fcdash.snapshot import Snapshot


SLOW = "regnearket har ikke svaret endnu; der læses videre i baggrunden"


class SnapshotCache:
    def __init__(self, read: Callable[[], Snapshot], ttl: float, *,
                 version: Callable[[], object] = lambda: None, clock: Callable[[], float] = time.monotonic,
                 keep: str | os.PathLike | None = None, retry_after: float = 30.0,
                 patience: float = 1.0):
        self._read = read
        self._version = version
        self.ttl = ttl
        self.retry_after = retry_after
        self.patience = patience
        self._clock = clock
        self._keep = Path(keep) if keep else None
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._read_at = 0.0
        self._read_version: object = None
        self._reading: Future | None = None
        self._reading_since = 0.0
        self._reading_generation = 0
        self._generation = 0  # raised by invalidate: a read begun before a write does not count as fresh

    def get(self) -> Snapshot:
        """The shared snapshot: read from the store if there is none, it is older than the ttl or
        the store changed; the last good one, marked stale, while the store cannot be read or
        takes longer than the patience."""
        with self._lock:
            age = self._clock() - self._read_at
            if self._snapshot is not None:
                if self._snapshot.stale_reason and age < self.retry_after:
                    return self._snapshot
                if not self._snapshot.stale_reason and age < self.ttl and self._version() == self._read_version:
                    return self._snapshot
            if self._reading is None or self._reading_generation != self._generation:
                self._reading, self._reading_since, self._reading_generation = Future(), time.monotonic(), self._generation
                threading.Thread(target=self._refresh, args=(self._reading, self._generation), name="fcdash-read",
                                 daemon=True).start()
            reading = self._reading
            # Only whether there is a fallback: the kept file is read when it is needed, not on every start.
            kept = self._snapshot is not None or (self._keep is not None and self._keep.exists())
            wait = max(0.0, self.patience - (time.monotonic() - self._reading_since)) if kept else None
        try:
            return reading.result(timeout=wait)
        except Timeout:
            fallback = self._snapshot or self._load()
            if fallback is None:  # the kept file could not be read after all: wait for the store
                return reading.result()
            return fallback if fallback.stale_reason else dataclasses.replace(fallback, stale_reason=SLOW)
        except StoreUnavailable:
            with self._lock:
                if self._snapshot is None:  # nothing to fall back on (set by _refresh when there was)
                    raise
                return self._snapshot

    def _refresh(self, reading: Future, generation: int) -> None:
        """Read the store (in its own thread) and keep what came, or the last good snapshot
        marked stale with the reason."""
        try:
            version = self._version()
            snapshot = self._read()
        except BaseException as ex:  # noqa: BLE001 - handed to whoever waits for the read
            with self._lock:
                if self._reading is reading:
                    self._reading = None
                fallback = self._snapshot or self._load()
                if isinstance(ex, StoreUnavailable) and fallback is not None:  # not a wrong key: that is said
                    self._snapshot = dataclasses.replace(fallback, stale_reason=str(ex) or type(ex).__name__)
                    self._read_at = self._clock()
            reading.set_exception(ex)
            return
        with self._lock:
            current = generation == self._generation
            self._snapshot, self._read_version = snapshot, version
            self._read_at = self._clock() if current else float("-inf")  # a write came meanwhile: read again
            if self._reading is reading:
                self._reading = None
        self._save(snapshot)
        reading.set_result(snapshot)

    def invalidate(self) -> None:
        with self._lock:
            self._read_at = float("-inf")  # the next get reads; the old snapshot stays as the fallback
            self._generation += 1

    def _save(self, snapshot: Snapshot) -> None:
        if self._keep is None:
            return
        try:
            write_atomically(self._keep, pickle.dumps(snapshot))
        except OSError:
            pass  # a full or read-only disk must not stop the dashboard; only the fallback is lost

    def _load(self) -> Snapshot | None:
        if self._keep is None or not self._keep.exists():
            return None
        try:
            return pickle.loads(self._keep.read_bytes())  # our own file, written by _save
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None
