"""The outbox: every entry from a form is first saved on the server's disk, then sent to the store.

An entry is a JSON file in the outbox folder, named so that the folder sorts in the order the
entries were made. Sending goes in that order and stops at the first entry the store cannot take
now (Google down, quota used, workbook locked): it stays, and is sent by the next flush, which a
background thread runs every half minute and at once after each entry or press of the leader's
button. A server restart loses nothing, because the folder is read anew.

An entry the store can never take (a member deleted meanwhile, a character the workbook
refuses, any error not foreseen) is set aside with its reason and the rest go on; the entry page
lists it with buttons to try it again or discard it. A file in the folder that cannot be read is
listed the same way, never skipped in silence.

Every entry carries the id of the row it adds. The attempt is recorded on disk before the
request, so when a reply was lost (the row arrived, the answer did not) the next try first looks
for that id in the store and does not write the row twice.

Every entry also carries a key, made when the leader's form or button was drawn (for a new row:
the row's id), and the outbox takes a key once: a second ``add`` with a key that waits, or was
sent or withdrawn in the last KEPT_HOURS, returns the entry already made instead of a new one, so
a double tap, a rerun or a reconnect writes one row. The keys sent are kept in a small journal in
the folder (``sent.keys``), changed only under a lock of its own that is held for a moment, never
for a sending round.

The leader's last entry can be taken back (``withdraw``) while it waits; once sent it is undone by
a ``delete`` entry, which the sender performs with the store's ``delete_row``.

A correction (``update``) or a delete from the entry page carries the row as the leader saw it
(``expected``); the store writes only where the row still holds it (``Compare``), and otherwise
the entry is set aside with the row's cells then (``current``), for her to choose: her version
(``retry(overwrite=True)``) or the sheet's (``discard``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import filelock

from fcdash import corrections, schema
from fcdash.errors import RowChanged, StoreError, StoreUnavailable
from fcdash.files import write_atomically
from fcdash.store.base import Appended, Store

SENT, PENDING, FAILED = "sent", "pending", "failed"
OPS = ("append", "update", "delete")
KEPT_HOURS = 24  # how long a sent entry's key is remembered, so a late second tap is still refused
JOURNAL = "sent.keys"  # the keys sent or withdrawn, with when (JSON; not *.json, which are entries)
log = logging.getLogger(__name__)


@dataclass
class Entry:
    op: str  # "append", "update" or "delete"
    tab: str
    row: dict[str, Any]  # append: the row, with its id; update: the changes; delete: nothing
    row_id: str  # the id of the row added, changed or deleted
    created: str = field(default_factory=lambda: dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    attempts: int = 0
    error: str = ""  # the last error, in Danish
    failed: bool = False  # the store refused it for good (e.g. the row to change is gone)
    name: str = ""  # file name in the outbox; "" for an entry already sent (``add`` of a key seen)
    key: str = ""  # the submission's idempotency key (files from before keys: the append's row id)
    # A change or delete made from the row as the leader saw it: those values (column key -> plain
    # value), which the row must still hold when it is written; {} writes whatever it holds.
    expected: dict[str, Any] = field(default_factory=dict)
    current: dict[str, Any] = field(default_factory=dict)  # set aside as changed: the row's cells then

    @property
    def ident(self) -> str:
        return self.key or (self.row_id if self.op == "append" else "")


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return {"__date__": value.isoformat()}
    if isinstance(value, tuple):
        return list(value)
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "__date__" in value:
        return dt.date.fromisoformat(value["__date__"][:10])
    if isinstance(value, list):
        return tuple(value)
    return value


class Outbox:
    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock = filelock.FileLock(str(self.folder / ".lock"), timeout=60)  # a sending round
        self._keys = filelock.FileLock(str(self.folder / ".keys.lock"), timeout=60)  # the journal; held a moment

    # --- the files ----------------------------------------------------------------------------

    def _save(self, entry: Entry) -> None:
        data = asdict(entry) | {part: {k: _encode(v) for k, v in getattr(entry, part).items()}
                                for part in ("row", "expected", "current")}
        write_atomically(self.folder / entry.name, json.dumps(data, ensure_ascii=False, indent=1).encode(), durable=True)

    def entries(self) -> list[Entry]:
        """Entries not yet in the store, oldest first; a file that cannot be read is one set aside
        (files are replaced in one step, so a half-written one is never seen)."""
        out = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                for part in ("row", "expected", "current"):
                    data[part] = {k: _decode(v) for k, v in data.get(part, {}).items()}
                entry = Entry(**{**data, "name": path.name})
                schema.tab(entry.tab), dt.datetime.fromisoformat(entry.created)  # what the entry page shows
                out.append(entry)
            except FileNotFoundError:
                continue  # sent this instant
            except (OSError, ValueError, TypeError, KeyError, AttributeError) as ex:
                out.append(Entry(op="", tab="", row={}, row_id="", created=_created(path), failed=True, name=path.name,
                                 error=f"filen {path.name} kan ikke læses ({type(ex).__name__})"))
        return out

    def add(self, op: str, tab: str, row: dict[str, Any], row_id: str, key: str = "",
            expected: dict[str, Any] | None = None) -> Entry:
        """Save an entry durably; it is in the outbox when this returns. ``key`` (default: the
        row id of an append, a fresh one otherwise) is taken once: an entry with the same key
        that waits is returned as it is, one sent or withdrawn lately as an entry named "".
        ``expected``: for a change or delete, the row's values as the leader saw them."""
        if op not in OPS:
            raise ValueError(f"unknown outbox operation {op!r}")
        key = key or (row_id if op == "append" else uuid.uuid4().hex)
        with self._keys:
            same = next((e for e in self.entries() if e.ident == key), None)
            if same is not None:
                return same
            if key in self._journal():
                return Entry(op=op, tab=tab, row=dict(row), row_id=row_id, key=key)
            entry = Entry(op=op, tab=tab, row=dict(row), row_id=row_id, key=key, expected=dict(expected or {}))
            entry.name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.json"
            self._save(entry)
            return entry

    def _journal(self) -> dict[str, float]:
        """The keys sent or withdrawn in the last KEPT_HOURS, with when (seconds since the epoch)."""
        try:
            kept = json.loads((self.folder / JOURNAL).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as ex:  # damaged: start a new one; the waiting entries still count
            log.warning("fcdash: the outbox's journal of sent keys cannot be read (%s); starting a new one", ex)
            return {}
        oldest = time.time() - KEPT_HOURS * 3600
        return {k: t for k, t in kept.items() if isinstance(t, (int, float)) and t >= oldest} if isinstance(kept, dict) else {}

    def _done(self, entry: Entry) -> None:
        """The entry has reached the store (or was withdrawn): its key into the journal and its
        file away, in one step for anyone holding the keys' lock."""
        with self._keys:
            if entry.ident:
                kept = self._journal() | {entry.ident: time.time()}
                write_atomically(self.folder / JOURNAL, json.dumps(kept).encode(), durable=True)
            (self.folder / entry.name).unlink(missing_ok=True)

    def withdraw(self, key: str, wait: float = 0.5) -> bool:
        """Take back an entry that has not been sent: whether it was waiting and is gone now. False
        also when a sending round holds the outbox for longer than ``wait`` seconds (it may be
        sending this entry this instant); the caller then adds a ``delete`` entry instead. A
        set-aside entry goes at once: no round sends one, and a ``delete`` would leave it to be tried again."""
        entry = next((e for e in self.entries() if e.ident == key and e.name and e.failed), None)
        if entry is not None:
            self._done(entry)
            return True
        try:
            with self._lock.acquire(timeout=wait):
                entry = next((e for e in self.entries() if e.ident == key and e.name), None)
                if entry is None:
                    return False
                self._done(entry)
                return True
        except filelock.Timeout:
            return False

    # --- sending ------------------------------------------------------------------------------

    def flush(self, store: Store, *, describe: Callable[[Exception], str] = str,
              written: list[Appended | None] | None = None, compare: Compare | None = None) -> dict[str, int]:
        """Send pending entries in order; returns how many were sent, are pending, have failed.
        ``written`` gets, for each entry sent, what the store says it appended (None for a
        change, a delete, or an append that cannot say), so the snapshot can take it.
        ``compare`` tells whether a row still holds what the leader saw (``Compare``; by default
        parsed against empty tabs, for want of a snapshot)."""
        counts = {SENT: 0, PENDING: 0, FAILED: 0}
        with self._lock:
            blocked = False
            for entry in self.entries():
                if entry.failed:
                    counts[FAILED] += 1
                    continue
                if blocked:
                    counts[PENDING] += 1
                    continue
                try:
                    result = self._send(store, entry, compare or _by_a_read)
                except StoreUnavailable as ex:
                    entry.error = describe(ex)
                    self._save(entry)
                    counts[PENDING] += 1
                    blocked = True  # keep the order: nothing after it goes first
                except Exception as ex:  # noqa: BLE001 - one bad entry never stops the rest
                    if not isinstance(ex, StoreError):
                        log.exception("fcdash: entry %s set aside", entry.name)
                    entry.error, entry.failed = describe(ex) if isinstance(ex, StoreError) else repr(ex)[:300], True
                    entry.current = dict(ex.current) if isinstance(ex, RowChanged) else {}
                    self._save(entry)
                    counts[FAILED] += 1
                else:
                    self._done(entry)
                    counts[SENT] += 1
                    if written is not None:
                        written.append(result)
        return counts

    def _send(self, store: Store, entry: Entry, compare: Compare) -> Appended | None:
        retry = entry.attempts > 0
        entry.attempts += 1
        self._save(entry)  # before the request: a lost reply is then known to the next try
        if entry.op == "append":
            if retry and entry.row_id in store.existing_ids(entry.tab):
                return None  # it arrived last time; only the answer was lost
            return store.append_rows(entry.tab, [entry.row])
        unchanged = None
        if entry.expected:  # a change already written (a lost reply) is no change by a volunteer
            written = entry.row if entry.op == "update" else None
            unchanged = functools.partial(compare, entry.tab, expected=entry.expected, written=written)
        if entry.op == "delete":
            store.delete_row(entry.tab, entry.row_id, unchanged)  # a row already gone is no error: a retry is safe
        else:
            store.update_row(entry.tab, entry.row_id, entry.row, unchanged)
        return None

    # A sending round never writes a set-aside entry's file, so the leader's buttons need not wait
    # for the round (which may wait half a minute for Google) to change one.

    def discard(self, name: str) -> None:
        """Remove an entry the leader has given up on (a set-aside one)."""
        (self.folder / name).unlink(missing_ok=True)

    def retry(self, name: str, *, overwrite: bool = False) -> None:
        """Put a set-aside entry back in line, to be sent by the next round; ``overwrite``: the
        leader has seen the row as the sheet holds it now and chooses her version."""
        entry = next((e for e in self.entries() if e.name == name and e.op), None)
        if entry is not None and entry.failed:
            entry.failed, entry.error = False, ""
            if overwrite:
                entry.expected, entry.current = {}, {}
            self._save(entry)


# Whether a row's cells now (raw, by column key) still hold the values the leader saw
# (``expected``), or already hold what she writes (``written``; None for a delete).
Compare = Callable[..., bool]  # (tab_key, cells, *, expected, written) -> bool


def _by_a_read(tab_key: str, cells: dict[str, Any], *, expected: dict[str, Any], written: dict | None) -> bool:
    """The comparison where no snapshot is given: the row parsed by the rules of a read, against
    empty tabs (an id typed in a reference stays itself)."""
    return corrections.same_row(tab_key, cells, expected, corrections.NO_FRAMES, written)


class OutboxWorker:
    """Sends pending entries in the background: every ``interval`` seconds, and at once when
    asked (``send``), so a page never waits for a store that does not answer. Nothing stops
    it: an error is logged and the next round comes. After a round that sent anything,
    ``on_sent`` gets what the store wrote for each entry sent (``Outbox.flush``'s ``written``),
    before ``send`` returns."""

    def __init__(self, outbox: Outbox, store: Store, interval: float,
                 on_sent: Callable[[list[Appended | None]], None],
                 describe: Callable[[Exception], str] = str, compare: Compare | None = None):
        self.outbox, self.store, self.interval, self.on_sent, self.describe = outbox, store, interval, on_sent, describe
        self.compare = compare
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._rounds = threading.Condition()
        self._asked = self._served = 0  # requests for a round; the last request a finished round covered
        self.thread = threading.Thread(target=self._run, name="fcdash-outbox", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            with self._rounds:
                self._wake.clear()
                covers = self._asked  # entries added before these requests are seen by this round
            try:
                written: list[Appended | None] = []
                if any(not e.failed for e in self.outbox.entries()) and self.outbox.flush(
                        self.store, describe=self.describe, written=written, compare=self.compare)[SENT]:
                    self.on_sent(written)
            except Exception:  # noqa: BLE001 - the thread must outlive any error; the entries stay on disk
                log.exception("fcdash: the outbox round failed; the next one comes in %s s", self.interval)
            with self._rounds:
                self._served = covers
                self._rounds.notify_all()

    def send(self, wait: float) -> bool:
        """Start a round now and wait up to ``wait`` seconds for it; whether it finished."""
        with self._rounds:
            self._asked += 1
            ticket = self._asked
            self._wake.set()
            return self._rounds.wait_for(lambda: self._served >= ticket, wait)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()


def _created(path: Path) -> str:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone().isoformat(timespec="seconds")
    except OSError:
        return dt.datetime.now().astimezone().isoformat(timespec="seconds")
