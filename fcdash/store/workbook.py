"""The local Excel workbook backend (openpyxl): the default that needs no account and no network.

Writes take a file lock (filelock), load the file as it is now, change it, save to a temporary
file beside it and replace the original in one step, so a reader never sees half a file and a
row a volunteer added by hand is never lost. While the workbook is open in LibreOffice or Excel
(their lock file sits beside it) nothing is written, because their next save would overwrite it:
the write fails with StoreLocked and the entry waits in the outbox instead.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
import zipfile
from pathlib import Path
from typing import Any, Mapping, Sequence

import filelock
import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from fcdash import schema
from fcdash.errors import RowNotFound, StoreLocked, StoreUnavailable
from fcdash.parsing import is_blank, locate_columns
from fcdash.store import layout
from fcdash.store.base import Row, Store, row_cells

DATE_FORMAT = "DD-MM-YYYY"
LISTS_TITLE = "Lister"  # hidden tab holding the dropdown values
_READ_ERRORS = (OSError, zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, EOFError)


class WorkbookStore(Store):
    def __init__(self, path: str | os.PathLike, *, lock_timeout: float = 10.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self.description = str(self.path)

    # --- reading ------------------------------------------------------------------------------

    def read_grids(self) -> dict[str, list[list[Any]] | None]:
        try:
            wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except FileNotFoundError as ex:
            raise StoreUnavailable(f"{self.path} findes ikke") from ex
        except _READ_ERRORS as ex:  # half written by an office program, or not a workbook
            raise StoreUnavailable(f"{self.path} kan ikke åbnes: {type(ex).__name__}") from ex
        try:
            sheets = {schema.normalise(name): wb[name] for name in wb.sheetnames}
            grids: dict[str, list[list[Any]] | None] = {}
            for tab in schema.TABS:
                ws = sheets.get(schema.normalise(tab.title))
                grids[tab.key] = None if ws is None else [list(r) for r in ws.iter_rows(values_only=True)]
            return grids
        except _READ_ERRORS as ex:
            raise StoreUnavailable(f"{self.path} kan ikke læses: {type(ex).__name__}") from ex
        finally:
            wb.close()

    def version(self) -> object:
        try:
            return self._stamp()
        except OSError:
            return None

    def read_tab(self, tab_key: str) -> list[list[Any]]:
        return self.read_grids()[tab_key] or []

    # --- writing ------------------------------------------------------------------------------

    def append_rows(self, tab_key: str, rows: Sequence[Row]) -> None:
        tab = schema.tab(tab_key)
        cells = [row_cells(tab, row) for row in rows]

        def change(wb: openpyxl.Workbook) -> None:
            ws = _sheet(wb, tab)
            positions = _positions(ws, tab, needed={k for c in cells for k in c})
            target = _last_filled_row(ws) + 1
            for values in cells:
                for key, value in values.items():
                    _set(ws.cell(row=target, column=positions[key] + 1), value)
                target += 1

        self._change(change)

    def update_row(self, tab_key: str, row_id: str, changes: Row) -> None:
        tab = schema.tab(tab_key)
        values = row_cells(tab, changes)

        def change(wb: openpyxl.Workbook) -> None:
            ws = _sheet(wb, tab)
            positions = _positions(ws, tab, needed=set(values) | {"id"})
            id_col = positions["id"] + 1
            wanted = schema.normalise(row_id)
            for r in range(1, ws.max_row + 1):
                cell = ws.cell(row=r, column=id_col).value
                if not is_blank(cell) and schema.normalise(str(cell)) == wanted:
                    for key, value in values.items():
                        _set(ws.cell(row=r, column=positions[key] + 1), value)
                    return
            raise RowNotFound(row_id)

        self._change(change)

    def _change(self, change) -> None:
        """Load, change and atomically replace the file, under the lock."""
        self._refuse_if_open_in_office()
        try:
            with self._lock:
                for _ in range(3):
                    before = self._stamp()
                    try:
                        wb = openpyxl.load_workbook(self.path)
                    except FileNotFoundError as ex:
                        raise StoreUnavailable(f"{self.path} findes ikke") from ex
                    except _READ_ERRORS as ex:
                        raise StoreUnavailable(f"{self.path} kan ikke åbnes: {type(ex).__name__}") from ex
                    change(wb)
                    tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.tmp")
                    try:
                        wb.save(tmp)
                        # Someone who does not take our lock saved the file meanwhile: start over
                        # from their version rather than overwrite it.
                        if self._stamp() != before:
                            continue
                        os.replace(tmp, self.path)
                        return
                    finally:
                        tmp.unlink(missing_ok=True)
                raise StoreLocked(f"{self.path} ændres hele tiden af et andet program")
        except filelock.Timeout as ex:
            raise StoreLocked(f"{self.path} er låst af en anden skrivning") from ex

    def _stamp(self) -> tuple[int, int]:
        st = self.path.stat()
        return st.st_mtime_ns, st.st_size

    def _refuse_if_open_in_office(self) -> None:
        for name in (f".~lock.{self.path.name}#", f"~${self.path.name}"):
            if (self.path.parent / name).exists():
                raise StoreLocked(f"{self.path.name} er åben i LibreOffice eller Excel")


def _sheet(wb: openpyxl.Workbook, tab: schema.Tab):
    for name in wb.sheetnames:
        if schema.normalise(name) == schema.normalise(tab.title):
            return wb[name]
    ws = wb.create_sheet(tab.title)
    _write_header(ws, tab)
    return ws


def _positions(ws, tab: schema.Tab, *, needed: set[str]) -> dict[str, int]:
    """Column positions by the sheet's own header row; a needed column that a volunteer
    removed is added again at the right, so no value is dropped."""
    grid = [list(r) for r in ws.iter_rows(min_row=1, max_row=5, values_only=True)]
    header_row, positions, _ = locate_columns(tab, grid)
    width = max((len(r) for r in grid), default=0)
    for key in sorted(needed - positions.keys(), key=lambda k: tab.headers.index(tab.column(k).header)):
        while width and is_blank(ws.cell(row=header_row, column=width).value):
            width -= 1
        ws.cell(row=header_row, column=width + 1, value=tab.column(key).header)
        positions[key] = width
        width += 1
    return positions


def _last_filled_row(ws) -> int:
    for r in range(ws.max_row, 0, -1):
        if any(not is_blank(c.value) for c in ws[r]):
            return r
    return 0


def _set(cell, value: Any) -> None:
    """Write a value so that dates stay dates, numbers numbers, and text is never a formula."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store '=...' as a formula
    elif isinstance(value, dt.datetime):
        cell.number_format = DATE_FORMAT


def _write_header(ws, tab: schema.Tab) -> None:
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for j, col in enumerate(tab.columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.header)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[get_column_letter(j)].width = col.width
    ws.freeze_panes = "A2"


def create_workbook(path: str | os.PathLike, rows: Mapping[str, Sequence[Row]] | None = None) -> Path:
    """A new workbook with every tab, header, dropdowns and guide, filled with ``rows``.

    Written atomically; an existing file is never overwritten (FileExistsError).
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    guide = wb.active
    guide.title = layout.GUIDE_TITLE
    for line in layout.guide_lines():
        guide.append([line])
    guide.column_dimensions["A"].width = 110
    lists = wb.create_sheet(LISTS_TITLE)
    list_ranges = _write_lists(lists)
    lists.sheet_state = "hidden"
    for tab in schema.TABS:
        ws = wb.create_sheet(tab.title)
        _write_header(ws, tab)
        for row in (rows or {}).get(tab.key, ()):
            values = row_cells(tab, row)
            r = ws.max_row + 1
            for j, col in enumerate(tab.columns, start=1):
                if values.get(col.key) is not None:
                    _set(ws.cell(row=r, column=j), values[col.key])
        for j, col in enumerate(tab.columns, start=1):
            if col.kind is schema.Kind.CATEGORY or col.kind is schema.Kind.BOOL:
                dv = DataValidation(type="list", formula1=list_ranges[col.categories or (schema.YES, schema.NO)],
                                    allow_blank=True, showErrorMessage=False)
                letter = get_column_letter(j)
                dv.add(f"{letter}2:{letter}5000")
                ws.add_data_validation(dv)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        wb.save(tmp)
        os.link(tmp, path)  # fails if someone created the file meanwhile: never overwrite
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_lists(ws) -> dict[tuple[str, ...], str]:
    """One column per category list; returns each list's range for the dropdowns."""
    lists = {c.categories or (schema.YES, schema.NO) for t in schema.TABS for c in t.columns
             if c.kind in (schema.Kind.CATEGORY, schema.Kind.BOOL)}
    ranges = {}
    for j, values in enumerate(sorted(lists), start=1):
        letter = get_column_letter(j)
        for i, value in enumerate(values, start=1):
            ws.cell(row=i, column=j, value=value)
        ranges[values] = f"{quote_sheetname(LISTS_TITLE)}!${letter}$1:${letter}${len(values)}"
    return ranges
