"""The snapshot every page reads: each tab as a typed frame, read at one moment, with the data
problems found. The type only: parsing makes it, the cache keeps it, the pages read it."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Hashable, NamedTuple, TypeVar

import pandas as pd

ROW = "_row"  # the sheet row number of each frame row, kept for cell references
T = TypeVar("T")


class Problem(NamedTuple):
    """One cell (or tab, or column) the dashboard could not read."""

    tab: str  # tab key
    row: int  # sheet row, 1-based; 0 for the whole tab
    column: str  # column header, or '' for the whole tab
    cell: str  # A1 reference, e.g. Arrangementer!C17
    value: str  # the raw value as typed
    code: str  # message key suffix in the catalogue: problem.<code>
    params: tuple[tuple[str, Any], ...] = ()


# Problems whose row is read and counted all the same: a row without an ID, a name spelt two ways,
# a date outside the goals' periods. The rest keep a cell (or a row) out of every figure.
COUNTED_ANYWAY = frozenset({"missing_id", "spelling_case", "spelling_word", "outside_period"})


def uncounted(problems) -> int:
    """How many of ``problems`` keep something out of the figures."""
    return sum(1 for p in problems if p.code not in COUNTED_ANYWAY)


_LOCKS_LOCK = threading.Lock()


@dataclass
class Snapshot:
    """Every tab as a typed frame, read at one moment, with the problems found."""

    frames: dict[str, pd.DataFrame]
    problems: list[Problem]
    read_at: dt.datetime
    source: str = ""
    headers: dict[str, list[str]] = field(default_factory=dict)  # the header row as found
    stale_reason: str = ""  # set when the store could not be read and this is the last good one
    locale: str = ""  # the spreadsheet's locale where the store has one (Google), e.g. da_DK
    # What has been worked out from these frames (the goals' rows, their judgement as of a day):
    # kept with the snapshot and gone with it. Never copied: ``dataclasses.replace`` (a viewer's
    # masked copy, a stale one) starts empty, and so does one read back from disk.
    memo: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _locks: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def remember(self, key: Hashable, make: Callable[[], T]) -> T:
        """``make()`` worked out once for this snapshot and kept under ``key``: the frames are
        never changed in place, so what is computed from them holds as long as the snapshot.
        Sessions asking at once for the same key wait for the first one's answer."""
        try:
            return self.memo[key]
        except KeyError:
            pass
        with _LOCKS_LOCK:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self.memo:
                self.memo[key] = make()
            return self.memo[key]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("memo", "_locks")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state, memo={}, _locks={})

    @property
    def foreign_locale(self) -> bool:
        """A sheet with data whose locale is not Danish: Google then reads what volunteers type
        (12-03-2025, 1.234) the way another country writes it."""
        return bool(self.locale) and not self.locale.startswith("da") and any(len(f) for f in self.frames.values())

    def __getitem__(self, tab_key: str) -> pd.DataFrame:
        return self.frames[tab_key]
