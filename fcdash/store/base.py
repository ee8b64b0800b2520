"""The store contract every backend keeps, and the cell conversion they share."""

from __future__ import annotations

import datetime as dt
import uuid
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from fcdash import schema
from fcdash.config import Config
from fcdash.errors import RowChanged
from fcdash.grid import is_blank, locate_columns
from fcdash.schema import Column, Kind, Tab

Row = Mapping[str, Any]  # column key -> value, as a form or the demo data gives it
# Whether a row is still as the leader saw it, given its cells now by column key (the raw values):
# a change or delete with one raises RowChanged, writing nothing, when it says no.
Unchanged = Callable[[dict[str, Any]], bool]


@dataclass(frozen=True)
class Appended:
    """What an append wrote, as the tab now holds it, so the shared snapshot can take the rows
    without reading the store again (``SnapshotCache.merge``)."""

    tab: str  # tab key
    header: list[Any]  # the header row the rows were placed under, as the store had it
    rows: list[tuple[int, list[Any]]]  # each row's sheet row number (1-based) and its cells as stored
    before: object = None  # the store's ``version()`` just before the write (None where it has none)
    after: object = None  # and just after it


class Store(ABC):
    """A spreadsheet with the tabs of :mod:`fcdash.schema`.

    Reads take every tab at once; writes add rows, or change or delete one row found by its id,
    and never rewrite a tab, so what volunteers typed meanwhile is kept. A backend is one module with one
    subclass, named in the registry in :mod:`fcdash.store`.
    """

    description: str = ""
    locale: str = ""  # the spreadsheet's own locale, where it has one that changes how typing is read
    # Seconds a page waits for the store's answer before it shows the last figures (a network
    # store may hang); None for a store on this machine, whose answer a page always waits for.
    patience: float | None = None

    @classmethod
    @abstractmethod
    def from_config(cls, config: Config) -> "Store":
        """The store the configuration names."""

    @abstractmethod
    def read_grids(self) -> dict[str, list[list[Any]] | None]:
        """Every tab as a grid of raw cell values (None for a missing tab), in one read."""

    @abstractmethod
    def append_rows(self, tab_key: str, rows: Sequence[Row]) -> Appended | None:
        """Add rows below the last filled row of a tab, under its current headers; what was
        written where (``Appended``) where the backend can tell it without another request."""

    @abstractmethod
    def update_row(self, tab_key: str, row_id: str, changes: Row, unchanged: Unchanged | None = None) -> None:
        """Change some cells of the row whose id is ``row_id``; RowNotFound if there is none, and
        RowChanged (nothing written) if ``unchanged`` says its cells are not as the leader saw them."""

    @abstractmethod
    def delete_row(self, tab_key: str, row_id: str, unchanged: Unchanged | None = None) -> None:
        """Delete the one row whose id is ``row_id``, found in the tab as it is now (the leader's
        undo or delete); nothing happens when there is none, so a retried delete is safe;
        RowChanged (nothing deleted) if ``unchanged`` says its cells are not as the leader saw them."""

    @abstractmethod
    def read_tab(self, tab_key: str) -> list[list[Any]]:
        """One tab's grid as it is now, not cached."""

    @abstractmethod
    def prepare(self) -> list[str]:
        """Make the spreadsheet ready: create it where the backend can, add missing tabs and
        header cells, dropdowns and the guide tab. Idempotent; never changes or removes a value
        already there. Returns what it did, in Danish (empty when all was in place)."""

    @abstractmethod
    def fill(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """Write rows (the demo data) into a prepared spreadsheet whose tabs hold nothing below
        their headers; SheetNotEmpty, and nothing written, otherwise."""

    def existing_ids(self, tab_key: str) -> set[str]:
        """The ids in a tab as it is now, to make retried writes idempotent."""
        grid = self.read_tab(tab_key)
        header_row, positions, _ = locate_columns(schema.tab(tab_key), grid)
        j = positions.get("id")
        if j is None:
            return set()
        return {str(r[j]).strip() for r in grid[header_row:] if j < len(r) and not is_blank(r[j])}

    def version(self) -> object:
        """A cheap token that changes when the store changes, or None where that costs a read."""
        return None

    def cell_url(self, tab_key: str, cell: str) -> str | None:
        """A link that opens the spreadsheet at a cell, where the backend has one."""
        return None

    def mark_demo(self) -> None:
        """Mark a spreadsheet the product made itself for the demo data (a backend that
        can hold the mark does so; only such a spreadsheet takes the demo passcode)."""
        return None

    def is_demo(self) -> bool:
        """Whether the product made this spreadsheet as its demo (``mark_demo``)."""
        return False


def cells_by_key(positions: Mapping[str, int], row: Sequence[Any]) -> dict[str, Any]:
    """A row's cells by column key (None where blank or beyond the row), for ``Unchanged``."""
    return {key: None if j >= len(row) or is_blank(row[j]) else row[j] for key, j in positions.items()}


def check_unchanged(tab_key: str, row_id: str, cells: dict[str, Any], unchanged: Unchanged | None) -> None:
    """Raise RowChanged when ``unchanged`` says the row's ``cells`` are not as the leader saw them."""
    if unchanged is not None and not unchanged(cells):
        raise RowChanged(f"rækken med ID {row_id} i fanen '{schema.tab(tab_key).title}' er ændret i regnearket, "
                         f"siden den blev læst; intet er skrevet", cells)


def new_id(tab_key: str) -> str:
    """A fresh row id such as ARR-1F3A9C2B: unique without asking the store."""
    return f"{schema.tab(tab_key).id_prefix}-{uuid.uuid4().hex[:8].upper()}"


def to_cell(column: Column, value: Any) -> Any:
    """A Python value as it is written into a cell: dates stay dates, numbers stay numbers."""
    if value is None or (not isinstance(value, (list, tuple, set, str)) and pd.isna(value)):
        return None
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value) or None
    if column.kind is Kind.BOOL and isinstance(value, bool):
        return schema.YES if value else schema.NO
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, dt.datetime):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def row_cells(tab: Tab, row: Row) -> dict[str, Any]:
    """The cells of one row by column key, for the columns the row gives."""
    unknown = set(row) - {c.key for c in tab.columns}
    if unknown:
        raise ValueError(f"unknown columns for {tab.key}: {sorted(unknown)}")
    return {key: to_cell(tab.column(key), value) for key, value in row.items()}
