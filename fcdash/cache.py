"""One snapshot shared by every session of the server, read again after a time-to-live.

A store that can tell cheaply whether it changed (the workbook's modification time) is read
again as soon as it has, so a volunteer's edit shows on the next page load. A lock makes concurrent sessions wait for one read instead of each reading the store, so ten
viewers within the time-to-live cost one read. A write calls ``invalidate`` so its row shows at
once.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from fcdash.parsing import Snapshot


class SnapshotCache:
    def __init__(self, read: Callable[[], Snapshot], ttl: float, *,
                 version: Callable[[], object] = lambda: None, clock: Callable[[], float] = time.monotonic):
        self._read = read
        self._version = version
        self.ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._read_at = 0.0
        self._read_version: object = None

    def get(self) -> Snapshot:
        """The shared snapshot, read from the store if there is none or it is older than the ttl."""
        with self._lock:
            version = self._version()
            if (self._snapshot is None or self._clock() - self._read_at >= self.ttl
                    or version != self._read_version):
                self._snapshot = self._read()
                self._read_at, self._read_version = self._clock(), version
            return self._snapshot

    def invalidate(self) -> None:
        with self._lock:
            self._snapshot = None
