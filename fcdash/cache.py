"""One snapshot shared by every session of the server, read again after a time-to-live.

A store that can tell cheaply whether it changed (the workbook's modification time) is read
again as soon as it has, so a volunteer's edit shows on the next page load. A lock makes
concurrent sessions wait for one read instead of each reading the store, so ten viewers within
the time-to-live cost one read. A write calls ``invalidate`` so its row shows at once.

When the store cannot be read, the last good snapshot is served instead, marked stale with the
reason, and the store is tried again after ``retry_after`` seconds. The last good snapshot is
also kept on disk, so even a server restarted while Google is down shows the dashboard.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import threading
import time
from pathlib import Path
from typing import Callable

from fcdash.errors import StoreError
from fcdash.files import write_atomically
from fcdash.snapshot import Snapshot


class SnapshotCache:
    def __init__(self, read: Callable[[], Snapshot], ttl: float, *,
                 version: Callable[[], object] = lambda: None, clock: Callable[[], float] = time.monotonic,
                 keep: str | os.PathLike | None = None, retry_after: float = 30.0):
        self._read = read
        self._version = version
        self.ttl = ttl
        self.retry_after = retry_after
        self._clock = clock
        self._keep = Path(keep) if keep else None
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._read_at = 0.0
        self._read_version: object = None

    def get(self) -> Snapshot:
        """The shared snapshot: read from the store if there is none, it is older than the ttl or
        the store changed; the last good one, marked stale, while the store cannot be read."""
        with self._lock:
            age = self._clock() - self._read_at
            if self._snapshot is not None:
                if self._snapshot.stale_reason and age < self.retry_after:
                    return self._snapshot
                if not self._snapshot.stale_reason and age < self.ttl and self._version() == self._read_version:
                    return self._snapshot
            try:
                version = self._version()
                snapshot = self._read()
            except StoreError as ex:
                fallback = self._snapshot or self._load()
                if fallback is None:
                    raise
                self._snapshot = dataclasses.replace(fallback, stale_reason=str(ex) or type(ex).__name__)
                self._read_at = self._clock()
                return self._snapshot
            self._snapshot, self._read_at, self._read_version = snapshot, self._clock(), version
            self._save(snapshot)
            return snapshot

    def invalidate(self) -> None:
        with self._lock:
            self._read_at = float("-inf")  # the next get reads; the old snapshot stays as the fallback

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
