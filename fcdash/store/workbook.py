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
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any, Mapping, Sequence

import filelock
import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError, InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from fcdash import schema
from fcdash.config import Config
from fcdash.errors import (RowNotFound, SheetNotEmpty, StoreLocked, StoreUnavailable, UnwritableValue,
                           WorkbookMissing)
from fcdash.files import temp_beside
from fcdash.grid import is_blank, locate_columns, place_missing
from fcdash.store import layout
from fcdash.store.base import Appended, Row, Store, row_cells

DATE_FORMAT = "DD-MM-YYYY"
LISTS_TITLE = "Lister"  # hidden tab holding the dropdown values
DEMO_MARK = "fcdash-demo"  # in the file's keywords: the product made this workbook as its demo
# What a half-saved or damaged file makes the zip, zlib, XML and openpyxl layers raise, found by
# corrupting a workbook byte by byte (tests/test_workbook.py): the XML parser's errors are
# SyntaxErrors, an unknown compression method is NotImplementedError, and openpyxl builds its
# objects straight from the XML's attributes (TypeError, AttributeError on odd ones).
_READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, struct.error, InvalidFileException, SyntaxError,
                NotImplementedError, LookupError, ValueError, TypeError, AttributeError, ArithmeticError)


class WorkbookStore(Store):
    def __init__(self, path: str | os.PathLike, *, lock_timeout: float = 10.0):
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._lock = filelock.FileLock(str(self.path) + ".lock", timeout=lock_timeout)
        self.description = str(self.path)
        self._demo: tuple[object, bool] = (None, False)  # the file's stamp, and whether it holds the demo mark

    @classmethod
    def from_config(cls, config: Config) -> "WorkbookStore":
        return cls(config.workbook)

    # --- reading ------------------------------------------------------------------------------

    def read_grids(self) -> dict[str, list[list[Any]] | None]:
        wb = self._open(read_only=True, data_only=True)
        try:
            sheets = {schema.normalise(name): wb[name] for name in wb.sheetnames}
            grids: dict[str, list[list[Any]] | None] = {}
            for tab in schema.TABS:
                ws = sheets.get(schema.normalise(tab.title))
                grids[tab.key] = None if ws is None else [list(r) for r in ws.iter_rows(values_only=True)]
            return grids
        except _READ_ERRORS as ex:
            raise self._damaged() from ex
        finally:
            wb.close()

    def _open(self, **options) -> openpyxl.Workbook:
        try:
            return openpyxl.load_workbook(self.path, **options)
        except FileNotFoundError as ex:
            raise WorkbookMissing(f"Regnearket {self.path} findes ikke") from ex
        except _READ_ERRORS as ex:
            raise self._damaged() from ex

    def _damaged(self) -> StoreUnavailable:
        """Half written by an office program, damaged, or not a workbook: it may be saved whole
        again, so entries wait and the last good figures are shown meanwhile."""
        return StoreUnavailable(f"Regnearket {self.path} kan ikke læses (halvt gemt, beskadiget eller ikke "
                                "et Excel-regneark)")

    def version(self) -> object:
        try:
            return self._stamp()
        except OSError:
            return None

    def mark_demo(self) -> None:
        def change(wb: openpyxl.Workbook) -> None:
            wb.properties.keywords = DEMO_MARK
        self._change(change)

    def is_demo(self) -> bool:
        """The mark in the file's properties (a centre's own workbook never has it), read again
        only when the file changed."""
        stamp = self.version()
        if stamp is None:
            return False
        if self._demo[0] != stamp:
            try:
                wb = self._open(read_only=True)
            except StoreUnavailable:
                return False
            try:
                self._demo = (stamp, wb.properties.keywords == DEMO_MARK)
            finally:
                wb.close()
        return self._demo[1]

    def read_tab(self, tab_key: str) -> list[list[Any]]:
        return self.read_grids()[tab_key] or []

    # --- writing ------------------------------------------------------------------------------

    def append_rows(self, tab_key: str, rows: Sequence[Row]) -> Appended:
        """Add the rows, and say where they went, as the file holds them, with the file's stamp
        before and after: a snapshot read at the stamp before may take them without a re-read."""
        tab = schema.tab(tab_key)
        cells = [row_cells(tab, row) for row in rows]
        written: dict[str, Any] = {}

        def change(wb: openpyxl.Workbook) -> None:
            ws = _sheet(wb, tab)
            header_row, positions = _positions(ws, tab, needed={k for c in cells for k in c})
            first = _last_filled_row(ws) + 1
            _write_rows(ws, positions, cells, first)
            written["header"] = [c.value for c in ws[header_row]]
            written["rows"] = [(r, [c.value for c in ws[r]]) for r in range(first, first + len(cells))]

        before, after = self._change(change)
        return Appended(tab_key, written["header"], written["rows"], before=before, after=after)

    def update_row(self, tab_key: str, row_id: str, changes: Row) -> None:
        tab = schema.tab(tab_key)
        values = row_cells(tab, changes)

        def change(wb: openpyxl.Workbook) -> None:
            ws = _sheet(wb, tab)
            _, positions = _positions(ws, tab, needed=set(values) | {"id"})
            r = _find_row(ws, positions["id"] + 1, row_id)
            if r is None:
                raise RowNotFound(row_id)
            for key, value in values.items():
                _set(ws.cell(row=r, column=positions[key] + 1), value)

        self._change(change)

    def delete_row(self, tab_key: str, row_id: str) -> None:
        tab = schema.tab(tab_key)

        def change(wb: openpyxl.Workbook) -> bool:
            ws = _find_sheet(wb, tab)
            if ws is None:
                return False
            header_row, positions, _ = locate_columns(tab, _head(ws))
            if "id" not in positions:
                return False
            r = _find_row(ws, positions["id"] + 1, row_id, after=header_row)
            if r is None:
                return False  # already gone: nothing to save
            if _moves_badly(ws):  # openpyxl moves no formula, merge or table along: empty the row instead
                for cell in ws[r]:
                    cell.value = None
            else:
                ws.delete_rows(r)
            return True

        self._change(change)

    # --- preparing ----------------------------------------------------------------------------

    def prepare(self) -> list[str]:
        if not self.path.exists():
            try:
                return self._create()
            except FileExistsError:
                pass  # another session created it a moment ago
        grids = self.read_grids()
        if all(grids[tab.key] is not None and len(locate_columns(tab, grids[tab.key])[1]) == len(tab.columns)
               for tab in schema.TABS):
            return []
        done: list[str] = []

        def change(wb: openpyxl.Workbook) -> None:
            done.clear()  # a second try starts over
            for tab in schema.TABS:
                ws = _find_sheet(wb, tab)
                if ws is None:
                    _add_tab(wb, tab)
                    done.append(f"fanen '{tab.title}' oprettet")
                    continue
                there = locate_columns(tab, _head(ws))[1]
                _positions(ws, tab, needed={c.key for c in tab.columns})
                added = [c.header for c in tab.columns if c.key not in there]
                if added:
                    done.append(f"kolonner tilføjet i '{tab.title}': {', '.join(added)}")

        self._change(change)
        return done

    def _create(self) -> list[str]:
        """A new workbook with the guide, every tab, its header and dropdowns; written at once
        and never over a file that appeared meanwhile (FileExistsError)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        wb = openpyxl.Workbook()
        guide = wb.active
        guide.title = layout.GUIDE_TITLE
        for line in layout.guide_lines():
            guide.append([line])
        guide.column_dimensions["A"].width = 110
        for tab in schema.TABS:
            _add_tab(wb, tab)
        with temp_beside(self.path) as tmp:
            wb.save(tmp)
            os.link(tmp, self.path)  # fails if someone created the file meanwhile: never overwrite
        return [f"regnearket {self.path} oprettet"]

    def fill(self, rows: Mapping[str, Sequence[Row]]) -> None:
        def change(wb: openpyxl.Workbook) -> None:
            sheets = {tab.key: _sheet(wb, tab) for tab in schema.TABS}
            filled = [schema.tab(k).title for k, ws in sheets.items() if _last_filled_row(ws) > _header_row(ws, schema.tab(k))]
            if filled:
                raise SheetNotEmpty(f"regnearket har allerede data i {', '.join(filled)}; demodata skrives kun i et tomt ark")
            for key, tab_rows in rows.items():
                tab = schema.tab(key)
                cells = [row_cells(tab, row) for row in tab_rows]
                header_row, positions = _positions(sheets[key], tab, needed={k for c in cells for k in c})
                _write_rows(sheets[key], positions, cells, header_row + 1)

        self._change(change)

    def _change(self, change) -> tuple[object, object]:
        """Load, change and atomically replace the file, under the lock (not saved when the
        change returns False: there was nothing to change). Returns the file's stamp before the
        change and after it (the same when nothing was saved)."""
        self._refuse_if_open_in_office()
        try:
            with self._lock:
                for _ in range(3):
                    try:
                        before = self._stamp()
                    except FileNotFoundError as ex:
                        raise WorkbookMissing(f"Regnearket {self.path} findes ikke") from ex
                    wb = self._open()
                    if change(wb) is False:
                        return before, before
                    with temp_beside(self.path) as tmp:
                        wb.save(tmp)
                        # Someone who does not take our lock saved the file meanwhile: start over
                        # from their version rather than overwrite it.
                        if self._stamp() != before:
                            continue
                        after = _stamp_of(Path(tmp))  # os.replace keeps it: the file's stamp from now on
                        os.replace(tmp, self.path)
                        return before, after
                raise StoreLocked(f"{self.path} ændres hele tiden af et andet program")
        except filelock.Timeout as ex:
            raise StoreLocked(f"{self.path} er låst af en anden skrivning") from ex

    def _stamp(self) -> tuple[int, int]:
        return _stamp_of(self.path)

    def _refuse_if_open_in_office(self) -> None:
        for name in (f".~lock.{self.path.name}#", f"~${self.path.name}"):
            if (self.path.parent / name).exists():
                raise StoreLocked(f"{self.path.name} er åben i LibreOffice eller Excel")


def _stamp_of(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


def _find_sheet(wb: openpyxl.Workbook, tab: schema.Tab):
    for name in wb.sheetnames:
        if schema.normalise(name) == schema.normalise(tab.title):
            return wb[name]
    return None


def _sheet(wb: openpyxl.Workbook, tab: schema.Tab):
    return _find_sheet(wb, tab) or _add_tab(wb, tab)


def _head(ws) -> list[list[Any]]:
    return [list(r) for r in ws.iter_rows(min_row=1, max_row=5, values_only=True)]


def _header_row(ws, tab: schema.Tab) -> int:
    return locate_columns(tab, _head(ws))[0]


def _positions(ws, tab: schema.Tab, *, needed: set[str]) -> tuple[int, dict[str, int]]:
    """The header row and column positions by the sheet's own header; a needed column that a
    volunteer removed is added again at the right, so no value is dropped."""
    grid = _head(ws)
    header_row, positions, _ = locate_columns(tab, grid)
    header = grid[header_row - 1] if grid else []
    start, missing = place_missing(tab, header, positions, needed)
    for i, col in enumerate(missing):
        ws.cell(row=header_row, column=start + i + 1, value=col.header)
    return header_row, positions


def _write_rows(ws, positions: dict[str, int], cells: list[dict[str, Any]], first: int) -> None:
    for r, values in enumerate(cells, start=first):
        for key, value in values.items():
            if value is not None:
                _set(ws.cell(row=r, column=positions[key] + 1), value)


def _moves_badly(ws) -> bool:
    """Whether deleting a row would leave the sheet wrong: openpyxl shifts the cells below, but not
    the references in formulas, merged cells or Excel tables that volunteers may have made."""
    return bool(ws.merged_cells.ranges) or bool(ws.tables) or any(
        cell.data_type == "f" for row in ws.iter_rows() for cell in row)


def _find_row(ws, id_col: int, row_id: str, after: int = 0) -> int | None:
    """The sheet row (1-based) below row ``after`` whose id cell holds ``row_id``."""
    wanted = schema.normalise(row_id)
    for r in range(after + 1, ws.max_row + 1):
        cell = ws.cell(row=r, column=id_col).value
        if not is_blank(cell) and schema.normalise(str(cell)) == wanted:
            return r
    return None


def _last_filled_row(ws) -> int:
    for r in range(ws.max_row, 0, -1):
        if any(not is_blank(c.value) for c in ws[r]):
            return r
    return 0


def _set(cell, value: Any) -> None:
    """Write a value so that dates stay dates, numbers numbers, and text is never a formula."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    try:
        cell.value = value
    except IllegalCharacterError as ex:  # before the file is saved: it stays as it was
        raise UnwritableValue(f"teksten til {cell.parent.title}!{cell.coordinate} har et kontroltegn, "
                              "som regnearket ikke kan gemme") from ex
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would otherwise store '=...' as a formula
    elif isinstance(value, dt.datetime):
        cell.number_format = DATE_FORMAT


def _add_tab(wb: openpyxl.Workbook, tab: schema.Tab):
    """A new tab with the schema's header, column widths, a frozen header and dropdowns."""
    ws = wb.create_sheet(tab.title)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ranges = _lists(wb)
    for j, col in enumerate(tab.columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.header)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        if col.kind in (schema.Kind.CATEGORY, schema.Kind.BOOL):
            dv = DataValidation(type="list", formula1=ranges[_choices(col)], allow_blank=True, showErrorMessage=False)
            dv.add(f"{letter}2:{letter}5000")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    return ws


def _choices(col: schema.Column) -> tuple[str, ...]:
    return col.categories or (schema.YES, schema.NO)


def _lists(wb: openpyxl.Workbook) -> dict[tuple[str, ...], str]:
    """The hidden tab with one column per dropdown list (made on first use); each list's range."""
    lists = sorted({_choices(c) for t in schema.TABS for c in t.columns
                    if c.kind in (schema.Kind.CATEGORY, schema.Kind.BOOL)})
    if LISTS_TITLE not in wb.sheetnames:
        ws = wb.create_sheet(LISTS_TITLE)
        ws.sheet_state = "hidden"
        for j, values in enumerate(lists, start=1):
            for i, value in enumerate(values, start=1):
                ws.cell(row=i, column=j, value=value)
    ws = wb[LISTS_TITLE]
    columns = {tuple(v for v in col if v is not None): j for j, col in
               enumerate(ws.iter_cols(values_only=True), start=1)}
    ranges = {}
    for values in lists:
        if values not in columns:  # a list added to the schema since the workbook was made
            j = ws.max_column + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
            for i, value in enumerate(values, start=1):
                ws.cell(row=i, column=j, value=value)
            columns[values] = j
        letter = get_column_letter(columns[values])
        ranges[values] = f"{quote_sheetname(LISTS_TITLE)}!${letter}$1:${letter}${len(values)}"
    return ranges


def create_workbook(path: str | os.PathLike, rows: Mapping[str, Sequence[Row]] | None = None) -> Path:
    """A new prepared workbook filled with ``rows``; an existing file is never touched
    (FileExistsError)."""
    store = WorkbookStore(path)
    if store.path.exists():
        raise FileExistsError(store.path)
    store._create()
    if rows:
        store.fill(rows)
    return store.path
