"""One snapshot shared by every session of the server, read again after a time-to-live.

A store that can tell cheaply whether it changed (the workbook's modification time) is read
again as soon as it has, so a volunteer's edit shows on the next page load. A lock makes
concurrent sessions wait for one read instead of each reading the store, so ten viewers within
the time-to-live cost one read. An entry's new row is merged into the shared snapshot (``merge``,
from what the store says it wrote), so the next viewer sees it at once without a re-read; where
that is not certain, and after a change or a delete, ``invalidate`` makes the next page read again.

When the store cannot be read, the last good snapshot is served instead, marked stale with the
reason, and the store is tried again after ``retry_after`` seconds. A read runs in its own thread:
where there is a last good snapshot, a page waits for the store's answer at most ``patience``
seconds and then shows that one, marked stale, while the read goes on (a hanging Google retries
for half a minute; a store on this machine, the workbook, has no patience: its answer is always
waited for, so a hand edit shows on the next page). Once the store has answered, the page waits for the parse however long it
takes (given ``parse``, ``read`` returns the store's answer and ``parse`` makes the snapshot), so
a big healthy sheet is never shown as a slow one. The last good snapshot is also kept on disk (one file per store, named by the caller), so even
a server restarted while Google is down shows the dashboard: written by a thread of its own, never
on a page's path, and only when its content changed (a fingerprint of its frames and problems).
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
import re
import threading
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as Timeout
from pathlib import Path
from typing import Any, Callable, Iterable

import pandas as pd

from fcdash import schema
from fcdash.errors import StoreUnavailable
from fcdash.files import write_atomically
from fcdash.grid import is_blank, raw_text
from fcdash.parsing import PARSE_ORDER, parse_added
from fcdash.snapshot import ROW, Problem, Snapshot
from fcdash.store.base import Appended


SLOW = "regnearket har ikke svaret endnu; der læses videre i baggrunden"
REFERRED = {c.ref for t in schema.TABS for c in t.columns if c.ref}  # a row added there may resolve others' references
log = logging.getLogger(__name__)


class SnapshotCache:
    def __init__(self, read: Callable[[], Any], ttl: float, *, parse: Callable[[Any], Snapshot] | None = None,
                 version: Callable[[], object] = lambda: None, clock: Callable[[], float] = time.monotonic,
                 keep: str | os.PathLike | None = None, retry_after: float = 30.0,
                 patience: float | None = 1.0):
        self._read = read
        self._parse = parse
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
        self._reading: _Reading | None = None
        self._reading_since = 0.0
        self._reading_generation = 0
        self._generation = 0  # raised by invalidate: a read begun before a write does not count as fresh
        self._saving = threading.Lock()  # one save at a time
        self._to_save: Snapshot | None = None  # the newest snapshot not yet saved (under self._lock)
        self._saver: threading.Thread | None = None
        self._saved_print = ""  # the fingerprint of what the kept file holds

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
                self._reading, self._reading_since, self._reading_generation = _Reading(), time.monotonic(), self._generation
                threading.Thread(target=self._refresh, args=(self._reading, self._generation), name="fcdash-read",
                                 daemon=True).start()
            reading = self._reading
            # Only whether there is a fallback: the kept file is read when it is needed, not on every start.
            kept = self._snapshot is not None or (self._keep is not None and self._keep.exists())
            wait = (max(0.0, self.patience - (time.monotonic() - self._reading_since))
                    if kept and self.patience is not None else None)
        try:
            if wait is not None and not reading.answered.wait(wait):
                raise Timeout
            return reading.result()  # the store has answered: only the parse is left
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

    def _refresh(self, reading: "_Reading", generation: int) -> None:
        """Read the store (in its own thread) and keep what came, or the last good snapshot
        marked stale with the reason."""
        try:
            version = self._version()
            try:
                answer = self._read()
            finally:
                reading.answered.set()
            snapshot = self._parse(answer) if self._parse else answer
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
        self._save_later(snapshot)
        reading.set_result(snapshot)

    def last(self) -> Snapshot | None:
        """The snapshot the pages last read (or the one kept on disk), without reading the store."""
        return self._snapshot or self._load()

    def invalidate(self) -> None:
        with self._lock:
            self._read_at = float("-inf")  # the next get reads; the old snapshot stays as the fallback
            self._generation += 1

    def apply(self, written: Iterable[Appended | None]) -> None:
        """After a sending round: each append's rows merged, where certain; anything else (a
        change, a delete, an append that cannot say what it wrote) makes the next page read."""
        for appended in written:
            if appended is None or not self.merge(appended):
                self.invalidate()
                return

    def merge(self, appended: Appended) -> bool:
        """Add the rows a store says it appended to the shared snapshot, parsed by the parser's
        own rules, so the next page shows them without reading the store again; the snapshot
        stays as fresh as it was. Returns False, changing nothing, where the merge is not certain:
        no current snapshot, a read under way, the store changed since the snapshot was read
        (its version before the write is not the one read), a header other than the snapshot's,
        the goals, a tab with a reference to it that did not resolve (the new row may resolve it),
        a row not below the others or an id seen before."""
        with self._lock:
            snapshot, generation, version = self._snapshot, self._generation, self._read_version
            if (snapshot is None or snapshot.stale_reason or self._reading is not None
                    or appended.before != version or self._read_at == float("-inf")):
                return False
        merged = _merged(snapshot, appended)
        if merged is None:
            return False
        with self._lock:
            if self._snapshot is not snapshot or self._generation != generation or self._reading is not None:
                return False
            self._snapshot, self._read_version = merged, appended.after
        self._save_later(merged)
        return True

    def _save_later(self, snapshot: Snapshot) -> None:
        """Keep the snapshot on disk from a thread of its own (the newest one, when several come)."""
        if self._keep is None:
            return
        with self._lock:
            self._to_save = snapshot
            if self._saver is not None and self._saver.is_alive():
                return  # the running saver takes the newest before it ends
            self._saver = threading.Thread(target=self._save_newest, name="fcdash-keep", daemon=True)
            self._saver.start()

    def _save_newest(self) -> None:
        with self._saving:
            while True:
                with self._lock:
                    snapshot, self._to_save = self._to_save, None
                if snapshot is None:
                    return
                self._save(snapshot)

    def wait_saved(self, timeout: float | None = None) -> None:
        """Until the snapshot last read or merged is on disk (for tests and a clean shutdown)."""
        saver = self._saver
        if saver is not None:
            saver.join(timeout)

    def _save(self, snapshot: Snapshot) -> None:
        """Write the snapshot to the kept file, unless the file holds the same content already."""
        if self._keep is None:
            return
        try:
            mark = fingerprint(snapshot)
            if mark == self._saved_print and self._keep.exists():
                return
            write_atomically(self._keep, pickle.dumps(snapshot))
            self._saved_print = mark
        except OSError:
            pass  # a full or read-only disk must not stop the dashboard; only the fallback is lost
        except Exception:  # noqa: BLE001 - the fallback is a convenience; the saver thread must not die loudly
            log.exception("fcdash: the last good snapshot could not be kept on disk")

    def _load(self) -> Snapshot | None:
        if self._keep is None or not self._keep.exists():
            return None
        try:
            return pickle.loads(self._keep.read_bytes())  # our own file, written by _save
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            return None


class _Reading(Future):
    """A read under way; ``answered`` once the store has answered (or failed), when only the
    parse is left, which a page waits for however long it takes."""

    def __init__(self):
        super().__init__()
        self.answered = threading.Event()


def fingerprint(snapshot: Snapshot) -> str:
    """A digest of a snapshot's content (its frames, problems, headers, source and locale; not
    when it was read), to tell whether the kept file needs writing again. Pickling is the
    cheapest full view of the frames (faster than hashing their cells); should two equal
    snapshots ever pickle apart, the file is only written once more."""
    content = (snapshot.frames, snapshot.problems, snapshot.headers, snapshot.source, snapshot.locale)
    return hashlib.blake2b(pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).hexdigest()


def _trimmed(header: list) -> list[str]:
    cells = ["" if is_blank(v) else raw_text(v) for v in header]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _merged(snapshot: Snapshot, appended: Appended) -> Snapshot | None:
    """The snapshot with the appended rows added (a new object; the frames are not changed in
    place), or None where that would not be what a read of the store gives."""
    key = appended.tab
    old = snapshot.frames.get(key)
    if (key == "goals" or (key in REFERRED and _unresolved(snapshot, key)) or old is None or not appended.rows
            or _trimmed(appended.header) != _trimmed(snapshot.headers.get(key, []))):
        return None
    numbers = [number for number, _ in appended.rows]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))) or (len(old) and numbers[0] <= old[ROW].max()):
        return None
    grid = [list(appended.header), *(list(cells) for _, cells in appended.rows)]
    try:
        added, problems = parse_added(key, grid, snapshot.frames)
    except Exception:  # noqa: BLE001 - whatever the parser cannot take, a read will show
        log.exception("fcdash: the new row of %s could not be merged; the snapshot is read again", key)
        return None
    if len(added) != len(numbers) or list(added[ROW]) != list(range(2, 2 + len(numbers))):
        return None  # a blank row left out, or the header not found
    ids = added["id"].dropna().str.lower()
    folded = old["id"].str.lower()
    if ids.duplicated().any() or any((folded == ident).any() for ident in ids):
        return None  # a repeat of a row there (a retried append): the read says which counts
    added[ROW] = numbers
    frame = pd.concat([old, added], ignore_index=True) if len(old) else added.reset_index(drop=True)
    if not frame.dtypes.equals(old.dtypes) and len(old):
        return None
    moved = [_moved(p, numbers[p.row - 2]) for p in problems if p.row >= 2]
    every = sorted([*snapshot.problems, *moved], key=lambda p: (PARSE_ORDER.index(p.tab), p.row, p.cell))
    return dataclasses.replace(snapshot, frames={**snapshot.frames, key: frame}, problems=every)


def _unresolved(snapshot: Snapshot, key: str) -> bool:
    """Whether a reference to the tab did not resolve: a row added to it may resolve that one,
    which only a read shows. (Goals are never merged: their periods judge other tabs' dates.)"""
    title = schema.tab(key).title
    return any(p.code in ("unknown_ref", "unknown_refs") and dict(p.params).get("target") == title for p in snapshot.problems)


def _moved(problem: Problem, row: int) -> Problem:
    """A problem of the small grid's row, named by the row's place in the sheet."""
    sheet, _, cell = problem.cell.rpartition("!")
    cell = re.sub(r"\d+", str(row), cell)
    return problem._replace(row=row, cell=f"{sheet}!{cell}" if sheet else cell)
