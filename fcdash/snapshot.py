"""The snapshot every page reads: each tab as a typed frame, read at one moment, with the data
problems found. The type only: parsing makes it, the cache keeps it, the pages read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pandas as pd

ROW = "_row"  # the sheet row number of each frame row, kept for cell references


class Problem(NamedTuple):
    """One cell (or tab, or column) the dashboard could not read."""

    tab: str  # tab key
    row: int  # sheet row, 1-based; 0 for the whole tab
    column: str  # column header, or '' for the whole tab
    cell: str  # A1 reference, e.g. Arrangementer!C17
    value: str  # the raw value as typed
    code: str  # message key suffix in the catalogue: problem.<code>
    params: tuple[tuple[str, Any], ...] = ()


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

    @property
    def foreign_locale(self) -> bool:
        """A sheet with data whose locale is not Danish: Google then reads what volunteers type
        (12-03-2025, 1.234) the way another country writes it."""
        return bool(self.locale) and not self.locale.startswith("da") and any(len(f) for f in self.frames.values())

    def __getitem__(self, tab_key: str) -> pd.DataFrame:
        return self.frames[tab_key]
