"""The local Excel workbook backend: the default that needs no account and no network.

Reads go through calamine (python-calamine), which parses the file in Rust some ten times faster
than openpyxl and gives the cells' values as openpyxl's read-only, data-only mode gives them once
each grid is brought to that shape (``_grid``); calamine drops error cells (#DIV/0!), so those are
read from the sheet's XML. Writes keep openpyxl, which keeps what volunteers made in the file.

Writes take a file lock (filelock), load the file as it is now, change it, save to a temporary
file beside it and replace the original in one step, so a reader never sees half a file and a
row a volunteer added by hand is never lost. While the workbook is open in LibreOffice or Excel
(their lock file sits beside it) nothing is written, because their next save would overwrite it:
the write fails with StoreLocked and the entry waits in the outbox instead.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any, Mapping, Sequence

from xml.etree import ElementTree
from xml.sax.saxutils import unescape as xml_unescape

import filelock
import openpyxl
import python_calamine
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError, InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.xml.constants import ARC_CORE as _CORE

from fcdash import schema
from fcdash.config import Config
from fcdash.errors import (RowNotFound, SheetNotEmpty, StoreLocked, StoreUnavailable, UnwritableValue,
                           WorkbookMissing)
from fcdash.files import temp_beside
from fcdash.grid import is_blank, locate_columns, own_lists, place_missing
from fcdash.store import layout
from fcdash.store.base import Appended, Row, Store, Unchanged, cells_by_key, check_unchanged, row_cells

DATE_FORMAT = "DD-MM-YYYY"
LISTS_TITLE = "Lister"  # hidden tab holding the dropdown values
DEMO_MARK = "fcdash-demo"  # in the file's keywords: the product made this workbook as its demo
# What a half-saved or damaged file makes the zip, zlib, XML and openpyxl layers raise, found by
# corrupting a workbook byte by byte (tests/test_workbook.py): the XML parser's errors are
# SyntaxErrors, an unknown compression method is NotImplementedError, and openpyxl builds its
# objects straight from the XML's attributes (TypeError, AttributeError on odd ones); calamine raises
# its own CalamineError (ZipError, XmlError and others) or OSError.
_READ_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, struct.error, InvalidFileException, SyntaxError,
                NotImplementedError, LookupError, ValueError, TypeError, AttributeError, ArithmeticError,
                python_calamine.CalamineError)


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
        return self._read(schema.TABS)

    def _read(self, tabs: Sequence[schema.Tab]) -> dict[str, list[list[Any]] | None]:
        """Each tab's grid as openpyxl's read-only, data-only mode gives it (None for a tab the
        workbook lacks): a tab found by its title however it is cased or spaced."""
        try:
            with python_calamine.CalamineWorkbook.from_path(self.path) as wb:
                names = {schema.normalise(name): name for name in wb.sheet_names}
                titles = {tab.key: names.get(schema.normalise(tab.title)) for tab in tabs}
                grids = {key: None if title is None else _grid(wb.get_sheet_by_name(title).to_python(skip_empty_area=False))
                         for key, title in titles.items()}
            errors = _error_cells(self.path, {title for title in titles.values() if title is not None})
        except _READ_ERRORS as ex:
            if not self.path.exists():
                raise WorkbookMissing(f"Regnearket {self.path} findes ikke") from ex
            raise self._damaged() from ex
        for key, title in titles.items():
            if title in errors and errors[title] is None:
                grids[key] = self._read_slowly(title)
                continue
            for row, col, value in errors.get(title) or ():
                grid = grids[key]
                while len(grid) <= row:
                    grid.append([])
                grid[row].extend([None] * (col + 1 - len(grid[row])))
                grid[row][col] = value
        return grids

    def _read_slowly(self, title: str) -> list[list[Any]]:
        """One sheet through openpyxl, for what calamine cannot give."""
        wb = self._open(read_only=True, data_only=True)
        try:
            return [list(r) for r in wb[title].iter_rows(values_only=True)]
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
        only when the file changed, and then only the properties' own small part of the file."""
        stamp = self.version()
        if stamp is None:
            return False
        if self._demo[0] != stamp:
            try:
                with zipfile.ZipFile(self.path) as archive:
                    properties = DocumentProperties.from_tree(ElementTree.fromstring(archive.read(_CORE)))
            except (KeyError, *_READ_ERRORS):  # no properties part, or a damaged file
                return False
            self._demo = (stamp, properties.keywords == DEMO_MARK)
        return self._demo[1]

    def read_tab(self, tab_key: str) -> list[list[Any]]:
        return self._read([schema.tab(tab_key)])[tab_key] or []

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

    def update_row(self, tab_key: str, row_id: str, changes: Row, unchanged: Unchanged | None = None) -> None:
        tab = schema.tab(tab_key)
        values = row_cells(tab, changes)

        def change(wb: openpyxl.Workbook) -> None:
            ws = _sheet(wb, tab)
            _, positions = _positions(ws, tab, needed=set(values) | {"id"})
            r = _find_row(ws, positions["id"] + 1, row_id)
            if r is None:
                raise RowNotFound(row_id)
            check_unchanged(tab_key, row_id, _cells(ws, r, positions), unchanged)
            for key, value in values.items():
                _set(ws.cell(row=r, column=positions[key] + 1), value)

        self._change(change)

    def delete_row(self, tab_key: str, row_id: str, unchanged: Unchanged | None = None) -> None:
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
            check_unchanged(tab_key, row_id, _cells(ws, r, positions), unchanged)
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
        own = own_lists(grids.get("lists"))
        if not any(own.values()) and all(
                grids[tab.key] is not None and len(locate_columns(tab, grids[tab.key])[1]) == len(tab.columns)
                for tab in schema.TABS):
            return []
        done: list[str] = []

        def change(wb: openpyxl.Workbook) -> bool:
            done.clear()  # a second try starts over
            for tab in schema.TABS:
                ws = _find_sheet(wb, tab)
                if ws is None:
                    _add_tab(wb, tab, own)
                    done.append(f"fanen '{tab.title}' oprettet")
                    continue
                there = locate_columns(tab, _head(ws))[1]
                _positions(ws, tab, needed={c.key for c in tab.columns})
                added = [c.header for c in tab.columns if c.key not in there]
                if added:
                    done.append(f"kolonner tilføjet i '{tab.title}': {', '.join(added)}")
            if _own_dropdowns(wb, own):
                done.append(f"rullelisterne har fået centrets egne valg fra '{schema.LISTS.title}'")
            return bool(done)

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


_EXACT_INTEGERS = 1e16  # openpyxl writes a whole float below this without a point, and reads it back an int


def _grid(rows: list[list[Any]]) -> list[list[Any]]:
    """calamine's rows in openpyxl's shape: None for an empty cell where calamine gives '', a date
    cell a datetime where calamine gives a date at midnight, and a whole number an int (openpyxl
    reads '12' as 12 and '12.5' as 12.5, calamine both as floats). Times, durations, bools, text
    and the rows' length are calamine's own, the same as openpyxl's."""
    date, datetime, real, limit = dt.date, dt.datetime, float, _EXACT_INTEGERS
    return [[None if v == "" else v if type(v) is str
             else (int(v) if v.is_integer() and -limit < v < limit else v) if type(v) is real
             else datetime(v.year, v.month, v.day) if type(v) is date else v for v in row] for row in rows]


_RELATION = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_ERROR_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]*?\bt\s*=\s*[\"']e[\"'][^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REFERENCE = re.compile(rb"\br\s*=\s*[\"']([A-Z]{1,3})([0-9]+)[\"']")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def _error_cells(path: Path, titles: set[str]) -> dict[str, list[tuple[int, int, str | None]] | None]:
    """The error cells (#DIV/0!, #N/A ...) of the named sheets, 0-based row and column and the
    error's text as openpyxl gives it: calamine reads them as empty cells, which would hide a
    broken formula from the parser's formula_error. Most sheets have none, which one search of
    the sheet's XML finds; None for a sheet whose error cells do not say where they are."""
    found: dict[str, list[tuple[int, int, str | None]] | None] = {}
    with zipfile.ZipFile(path) as archive:
        for title, part in _sheet_parts(archive).items():
            if title not in titles:
                continue
            xml = archive.read(part)
            if b't="e"' not in xml and b"t='e'" not in xml:
                continue
            cells: list[tuple[int, int, str | None]] | None = []
            for match in _ERROR_CELL.finditer(xml):
                reference = _REFERENCE.search(match[1])
                if reference is None:
                    cells = None
                    break
                value = _VALUE.search(match[2] or b"")
                cells.append((int(reference[2]) - 1, column_index_from_string(reference[1].decode()) - 1,
                              value and xml_unescape(value[1].decode("utf-8"))))
            found[title] = cells
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's title and the path of its XML inside the file, from the workbook's own parts."""
    def relations(part: str) -> list[ElementTree.Element]:
        folder, _, name = part.rpartition("/")
        return list(ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", name + ".rels"))).iter(_RELATION))

    def resolve(part: str, target: str) -> str:
        folder = part.rpartition("/")[0]
        return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))

    book = next(resolve("", r.get("Target", "")) for r in relations("") if r.get("Type", "").endswith("/officeDocument"))
    targets = {r.get("Id"): resolve(book, r.get("Target", "")) for r in relations(book)}
    parts = {}
    for sheet in ElementTree.fromstring(archive.read(book)).iterfind(".//{*}sheets/{*}sheet"):
        relation = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if relation in targets:
            parts[sheet.get("name")] = targets[relation]
    return parts


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


def _cells(ws, r: int, positions: dict[str, int]) -> dict[str, Any]:
    """Row ``r``'s cells by column key."""
    return cells_by_key(positions, [c.value for c in ws[r]])


def _last_filled_row(ws) -> int:
    """The last row with a value. Rows below it that hold only formatting (a volunteer who
    formatted a column ahead) are passed over at the width found once: openpyxl counts every
    cell again to find a sheet's width, which row by row made an append quadratic."""
    width = ws.max_column
    for r in range(ws.max_row, 0, -1):
        for values in ws.iter_rows(min_row=r, max_row=r, max_col=width, values_only=True):
            if any(not is_blank(v) for v in values):
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


def _add_tab(wb: openpyxl.Workbook, tab: schema.Tab, own: dict[str, tuple[str, ...]] | None = None):
    """A new tab with the schema's header, column widths, a frozen header and dropdowns (with the
    centre's ``own`` values, from Egne lister)."""
    ws = wb.create_sheet(tab.title)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    ranges = _lists(wb, own)
    for j, col in enumerate(tab.columns, start=1):
        cell = ws.cell(row=1, column=j, value=col.header)
        cell.font, cell.fill = bold, fill
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = col.width
        if col.kind in (schema.Kind.CATEGORY, schema.Kind.BOOL):
            _dropdown(ws, letter, 2, ranges[_choices(col, own)])
    ws.freeze_panes = "A2"
    return ws


def _dropdown(ws, letter: str, first: int, source: str) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=True, showErrorMessage=False)
    dv.add(f"{letter}{first}:{letter}5000")
    ws.add_data_validation(dv)


def _own_dropdowns(wb: openpyxl.Workbook, own: dict[str, tuple[str, ...]]) -> bool:
    """The dropdowns this store made (their list in the hidden tab) offering the centre's own
    values too; a dropdown of the volunteers' own making is left alone. Whether any changed."""
    if not any(own.values()):
        return False
    ranges, ours, changed = _lists(wb, own), quote_sheetname(LISTS_TITLE) + "!", False
    for tab in schema.TABS:
        ws = _find_sheet(wb, tab)
        if ws is None:
            continue
        header_row, positions, _ = locate_columns(tab, _head(ws))
        for col in tab.columns:
            if col.kind is not schema.Kind.CATEGORY or col.key not in positions:
                continue
            wanted = ranges[_choices(col, own)]
            j = positions[col.key] + 1
            made = [dv for dv in ws.data_validations.dataValidation if str(dv.formula1 or "").startswith(ours)
                    and any(r.min_col == r.max_col == j for r in dv.sqref.ranges)]
            if not made or any(dv.formula1 == wanted for dv in made):
                continue
            for dv in made:
                ws.data_validations.dataValidation.remove(dv)
            _dropdown(ws, get_column_letter(j), header_row + 1, wanted)
            changed = True
    return changed


def _choices(col: schema.Column, own: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    return schema.categories(col, own) if col.categories else (schema.YES, schema.NO)


def _lists(wb: openpyxl.Workbook, own: dict[str, tuple[str, ...]] | None = None) -> dict[tuple[str, ...], str]:
    """The hidden tab with one column per dropdown list (made on first use); each list's range."""
    lists = sorted({_choices(c, own) for t in schema.TABS for c in t.columns
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
