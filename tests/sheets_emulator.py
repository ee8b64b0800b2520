"""A stateful local emulator of the part of the Google Sheets API v4 that gspread and fcdash use.

It answers in Google's JSON shapes (checked against the recorded real exchanges in
tests/recordings/ by tests/test_emulator_recordings.py): spreadsheet metadata,
values get / batchGet with the value render options, append, update, batchUpdate and clear of
values (RAW and USER_ENTERED input, parsed and shown in the spreadsheet's locale, en_US or da_DK),
and the structural batchUpdate requests fcdash sends. It refuses what Google refuses: ranges outside
a tab's grid, a workbook above ten million cells, a cell above 50,000 characters. What it models,
with the source of each rule and what it cannot know, is in tests/EMULATOR.md.

For tests it counts requests by kind, adds latency, answers 429 / 5xx for the next N requests,
can be down or hang, forbids a spreadsheet (403), and edits sheets as a volunteer in the browser
would: insert, delete and sort rows, type into cells.

    python -m tests.sheets_emulator --port 8765 --spreadsheet demo --locale da_DK

starts it for trials (an empty spreadsheet with the given id), with FCDASH_SHEETS_API_URL set to
http://127.0.0.1:8765 in the product's environment.
"""

from __future__ import annotations

import argparse
import ast
import collections
import datetime as dt
import json
import operator
import random
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

EPOCH = dt.date(1899, 12, 30)
MAX_CELLS = 10_000_000  # in a whole spreadsheet, all tabs' grids together
MAX_CELL_CHARS = 50_000
STATUS = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 408: "DEADLINE_EXCEEDED",
          429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "BAD_GATEWAY", 503: "UNAVAILABLE"}
MESSAGES = {
    403: "The caller does not have permission",
    404: "Requested entity was not found.",
    429: ("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
          "of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'."),
    500: "Internal error encountered.",
    502: "Bad Gateway",
    503: "The service is currently unavailable.",
    408: "Request timed out.",
}
DEFAULT_FORMAT = {
    "backgroundColor": {"red": 1, "green": 1, "blue": 1},
    "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
    "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL",
    "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10, "bold": False,
                   "italic": False, "strikethrough": False, "underline": False,
                   "foregroundColorStyle": {"rgbColor": {}}},
    "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}},
}
THEME = {"primaryFontFamily": "Arial", "themeColors": [
    {"colorType": kind, "color": {"rgbColor": rgb}} for kind, rgb in (
        ("TEXT", {}), ("BACKGROUND", {"red": 1, "green": 1, "blue": 1}),
        ("ACCENT1", {"red": 0.25882354, "green": 0.52156866, "blue": 0.95686275}),
        ("ACCENT2", {"red": 0.91764706, "green": 0.2627451, "blue": 0.20784314}),
        ("ACCENT3", {"red": 0.9843137, "green": 0.7372549, "blue": 0.015686275}),
        ("ACCENT4", {"red": 0.20392157, "green": 0.65882355, "blue": 0.3254902}),
        ("ACCENT5", {"red": 1, "green": 0.42745098, "blue": 0.003921569}),
        ("ACCENT6", {"red": 0.27450982, "green": 0.7411765, "blue": 0.7764706}),
        ("LINK", {"red": 0.06666667, "green": 0.33333334, "blue": 0.8}))]}


class ApiError(Exception):
    def __init__(self, code: int, message: str | None = None):
        super().__init__(message)
        self.code = code
        self.message = message or MESSAGES.get(code, "Error")

    def body(self) -> dict:
        error = {"code": self.code, "message": self.message, "status": STATUS.get(self.code, "UNKNOWN")}
        if self.code == 429:
            error["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
                                 "domain": "googleapis.com",
                                 "metadata": {"service": "sheets.googleapis.com", "quota_metric": "sheets.googleapis.com/read_requests",
                                              "quota_limit": "ReadRequestsPerMinutePerUser", "quota_location": "global",
                                              "consumer": "projects/000000000000", "quota_limit_value": "60"}}]
        return {"error": error}


# --- cells ------------------------------------------------------------------------------------

@dataclass
class Cell:
    value: Any  # str, float/int, bool, or the formula text for kind "f"
    kind: str  # "s" text, "n" number, "b" bool, "d" date (a serial number), "f" formula


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index: int) -> str:
    """0 -> A, 26 -> AA (written apart from the product's own helper on purpose)."""
    return (col_letters(index // 26 - 1) if index >= 26 else "") + chr(65 + index % 26)


@dataclass(frozen=True)
class Locale:
    """How a spreadsheet's locale reads typed numbers and dates and shows them (FORMATTED_VALUE).
    tests/EMULATOR.md says which of these Google is known to do and which are assumptions."""

    decimal: str
    group: str
    day_first: bool
    date_separators: str
    date_format: str  # str.format with d, m, y

    def number(self, text: str) -> float | None:
        group, decimal = re.escape(self.group), re.escape(self.decimal)
        if re.fullmatch(rf"[+-]?(\d{{1,3}}({group}\d{{3}})+|\d+)?({decimal}\d+)?([eE][+-]?\d+)?", text) \
                and any(c.isdigit() for c in text):
            return float(text.replace(self.group, "").replace(self.decimal, "."))
        return None

    def date(self, text: str) -> dt.date | None:
        """ISO year-month-day in every locale, else day and month in the locale's order, a four-digit year."""
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            year, month, day = m[1], m[2], m[3]
        elif m := re.fullmatch(rf"(\d{{1,2}})([{re.escape(self.date_separators)}])(\d{{1,2}})\2(\d{{4}})", text):
            (day, month), year = ((m[1], m[3]) if self.day_first else (m[3], m[1])), m[4]
        else:
            return None
        try:
            return dt.date(int(year), int(month), int(day))
        except ValueError:
            return None

    def show_date(self, serial: float) -> str:
        day = EPOCH + dt.timedelta(days=int(serial))
        return self.date_format.format(d=day.day, m=day.month, y=day.year)

    def show_number(self, value: float) -> str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).replace(".", self.decimal)


LOCALES = {
    "en_US": Locale(decimal=".", group=",", day_first=False, date_separators="/-", date_format="{m}/{d}/{y}"),
    "da_DK": Locale(decimal=",", group=".", day_first=True, date_separators=".-", date_format="{d:02}.{m:02}.{y}"),
}
EN_US = LOCALES["en_US"]
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def user_entered(value: Any, locale: Locale = EN_US) -> Cell | None:
    """What Google stores when a person types ``value`` in a spreadsheet of ``locale``."""
    if not isinstance(value, str) or value == "":
        return raw(value)
    text = value
    if text.startswith("'"):
        return Cell(text[1:], "s")
    if text.startswith("="):
        return Cell(text, "f")
    if (number := locale.number(text.strip())) is not None:
        return Cell(int(number) if number.is_integer() else number, "n")
    if text.upper() in ("TRUE", "FALSE"):
        return Cell(text.upper() == "TRUE", "b")
    if day := locale.date(text.strip()):
        return Cell((day - EPOCH).days, "d")
    if text[0] in "+-@":
        return Cell("=" + text[1:] if text[0] == "@" else "=" + text, "f")  # Sheets parses these as formulas
    return Cell(text, "s")


def raw(value: Any) -> Cell | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return Cell(value, "b")
    if isinstance(value, (int, float)):
        return Cell(value, "n")
    return None if value == "" else Cell(str(value), "s")


def _evaluate(formula: str) -> Any:
    """Arithmetic on literal numbers; anything else is an error value, as far as we go."""
    try:
        tree = ast.parse(formula[1:].strip(), mode="eval")
    except SyntaxError:
        return "#ERROR!"

    def ev(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
            return _ARITH[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return -ev(node.operand) if isinstance(node.op, ast.USub) else ev(node.operand)
        raise ValueError

    try:
        return ev(tree.body)
    except (ValueError, ZeroDivisionError):
        return "#NAME?"


def render(cell: Cell | None, option: str, date_option: str, locale: Locale = EN_US) -> Any:
    if cell is None:
        return ""
    if option == "FORMULA":
        return cell.value
    kind, value = cell.kind, cell.value
    if kind == "f":
        value = _evaluate(value)
        kind = "n" if isinstance(value, (int, float)) else "s"
    if option == "UNFORMATTED_VALUE":
        if kind == "d" and date_option == "FORMATTED_STRING":
            return locale.show_date(value)
        return value
    if kind == "b":
        return "TRUE" if value else "FALSE"
    if kind == "d":
        return locale.show_date(value)
    if kind == "n":
        return locale.show_number(value)
    return value


# --- sheets and ranges ------------------------------------------------------------------------

@dataclass
class Sheet:
    sheet_id: int
    title: str
    index: int
    rows: int = 1000
    cols: int = 26
    frozen_rows: int = 0
    cells: list[list[Cell | None]] = field(default_factory=list)
    validations: list[dict] = field(default_factory=list)

    def get(self, r: int, c: int) -> Cell | None:
        if r < len(self.cells) and c < len(self.cells[r]):
            return self.cells[r][c]
        return None

    def put(self, r: int, c: int, cell: Cell | None) -> None:
        """Store a cell inside the grid (callers check the grid's limits)."""
        while len(self.cells) <= r:
            self.cells.append([])
        row = self.cells[r]
        while len(row) <= c:
            row.append(None)
        row[c] = cell

    def last_row(self) -> int:
        """Index of the last row holding a value, or -1."""
        for r in range(len(self.cells) - 1, -1, -1):
            if any(cell is not None for cell in self.cells[r]):
                return r
        return -1

    def properties(self) -> dict:
        grid = {"rowCount": self.rows, "columnCount": self.cols}
        if self.frozen_rows:
            grid["frozenRowCount"] = self.frozen_rows
        return {"sheetId": self.sheet_id, "title": self.title, "index": self.index, "sheetType": "GRID",
                "gridProperties": grid}


def quote_title(title: str) -> str:
    """A tab's name as Google writes it in a range: bare if it is a plain ASCII word that is not a cell
    reference (recorded: Sheet1, Solar, v_data bare; 'D3', 'Tâches', 'Lighthouse Results' quoted)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


@dataclass
class Span:
    sheet: Sheet
    r1: int
    c1: int
    r2: int  # inclusive
    c2: int

    def a1(self) -> str:
        first, last = f"{col_letters(self.c1)}{self.r1 + 1}", f"{col_letters(self.c2)}{self.r2 + 1}"
        return f"{quote_title(self.sheet.title)}!{first}" + ("" if first == last else f":{last}")

    def within_grid(self) -> "Span":
        if self.r2 >= self.sheet.rows or self.c2 >= self.sheet.cols:
            raise ApiError(400, f"Range ({self.a1()}) exceeds grid limits. "
                                f"Max rows: {self.sheet.rows}, max columns: {self.sheet.cols}")
        return self


_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    forbidden: bool = False
    locale: str = "en_US"
    time_zone: str = "Etc/GMT"

    @property
    def conventions(self) -> Locale:
        return LOCALES[self.locale]

    def resize(self, sheet: Sheet, rows: int, cols: int) -> None:
        """Give ``sheet`` a grid of rows x cols (cells outside it are lost), refused when the
        workbook would hold more cells than Google allows."""
        if sum(s.rows * s.cols for s in self.sheets if s is not sheet) + rows * cols > MAX_CELLS:
            raise ApiError(400, f"This action would increase the number of cells in the workbook above the limit "
                                f"of {MAX_CELLS} cells.")
        sheet.rows, sheet.cols = rows, cols
        del sheet.cells[rows:]
        for row in sheet.cells:
            del row[cols:]

    def saved(self) -> tuple:
        """The whole state, for ``restore`` when a batch of requests is refused part way."""
        return vars(self).copy(), [(s, {**vars(s), "cells": [list(r) for r in s.cells],
                                        "validations": list(s.validations)}) for s in self.sheets]

    def restore(self, saved: tuple) -> None:
        state, sheets = saved
        vars(self).update(state, sheets=[s for s, _ in sheets])
        for sheet, sheet_state in sheets:
            vars(sheet).update(sheet_state)

    def sheet(self, title: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.title == title:
                return sheet
        raise KeyError(title)

    def by_id(self, sheet_id: int) -> Sheet:
        for sheet in self.sheets:
            if sheet.sheet_id == sheet_id:
                return sheet
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def span(self, a1: str) -> Span:
        """Parse an A1 range as Google does; open ends reach to the grid's edge."""
        text = a1.strip()
        if "!" in text:
            title, _, ref = text.rpartition("!")
        else:
            title, ref = text, ""
        if title.startswith("'") and title.endswith("'") and len(title) >= 2:
            title = title[1:-1].replace("''", "'")
        try:
            sheet = self.sheet(title)
        except KeyError:
            if "!" not in text:  # a bare cell reference means the first sheet
                sheet, ref = self.sheets[0], text
                if not _CELL.match(ref.split(":")[0]):
                    raise ApiError(400, f"Unable to parse range: {a1}") from None
            else:
                raise ApiError(400, f"Unable to parse range: {a1}") from None
        if not ref:
            return Span(sheet, 0, 0, sheet.rows - 1, sheet.cols - 1)
        parts = ref.split(":")
        if len(parts) > 2:
            raise ApiError(400, f"Unable to parse range: {a1}")
        bounds = []
        for part in parts:
            m = _CELL.match(part)
            if not m or not (m[1] or m[2]):
                raise ApiError(400, f"Unable to parse range: {a1}")
            bounds.append((col_index(m[1]) if m[1] else None, int(m[2]) - 1 if m[2] else None))
        (c1, r1), (c2, r2) = bounds[0], bounds[-1]
        single = len(parts) == 1
        r1 = 0 if r1 is None else r1
        c1 = 0 if c1 is None else c1
        if single:
            r2 = r1 if bounds[0][1] is not None else sheet.rows - 1
            c2 = c1 if bounds[0][0] is not None else sheet.cols - 1
        else:
            r2 = sheet.rows - 1 if r2 is None else r2
            c2 = sheet.cols - 1 if c2 is None else c2
        return Span(sheet, r1, c1, r2, c2)


def _values_of(span: Span, option: str, date_option: str, locale: Locale) -> list[list[Any]]:
    out = []
    for r in range(span.r1, span.r2 + 1):
        row = [render(span.sheet.get(r, c), option, date_option, locale) for c in range(span.c1, span.c2 + 1)]
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def _modelled(locale: str) -> str:
    if locale not in LOCALES:
        raise ApiError(400, f"The emulator models the locales {', '.join(LOCALES)} only, not {locale!r}")
    return locale


def _check_lengths(values: list[list[Any]]) -> None:
    if any(isinstance(v, str) and len(v) > MAX_CELL_CHARS for row in values for v in row):
        raise ApiError(400, f"Your input contains more than the maximum of {MAX_CELL_CHARS} characters in a single cell.")


def _placed(book: Spreadsheet, a1: str, values: list[list[Any]]) -> Span:
    """The cells ``values`` fill from the top left of ``a1``, refused as Google refuses them: the range
    or the values reaching outside the tab's grid, or a cell too long."""
    span = book.span(a1)
    rows, cols = len(values), max((len(r) for r in values), default=0)
    placed = Span(span.sheet, span.r1, span.c1, span.r1 + max(rows, 1) - 1, span.c1 + max(cols, 1) - 1)
    Span(span.sheet, span.r1, span.c1, max(span.r2, placed.r2), max(span.c2, placed.c2)).within_grid()
    _check_lengths(values)
    return placed


def _fill(placed: Span, values: list[list[Any]], convert) -> None:
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            if value is not None:  # null leaves a cell as it is
                placed.sheet.put(placed.r1 + i, placed.c1 + j, convert(value))


def _masked(properties: dict, fields: str) -> dict[str, Any]:
    """The values in ``properties`` that a request's field mask selects, by dotted path ("*" selects
    all; gspread writes "gridProperties/rowCount", as in the recorded WorksheetTest.test_resize)."""
    masks = [f.strip().replace("/", ".") for f in fields.split(",")]

    def leaves(node: dict, prefix: str = ""):
        for key, value in node.items():
            if isinstance(value, dict):
                yield from leaves(value, f"{prefix}{key}.")
            else:
                yield prefix + key, value

    return {path: value for path, value in leaves(properties)
            if any(m == "*" or path == m or path.startswith(m + ".") for m in masks)}


# --- the emulator -----------------------------------------------------------------------------

STRUCTURAL = ("addSheet", "deleteSheet", "updateSpreadsheetProperties", "updateSheetProperties", "setDataValidation",
              "appendDimension", "insertDimension", "deleteDimension", "sortRange",
              "repeatCell", "updateDimensionProperties", "autoResizeDimensions", "updateCells")  # the last four: formatting


class Emulator:
    """State and behaviour; ``serve()`` puts it on a loopback port."""

    def __init__(self):
        self.lock = threading.RLock()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.counts: collections.Counter[str] = collections.Counter()
        self.log: list[tuple[str, str, int]] = []  # (kind, path, bytes received)
        self.answered_bytes = 0  # bytes of the answers to API requests (what clients downloaded)
        self.latency = 0.0
        self.down = False
        self._failures: collections.deque[int] = collections.deque()
        self._hangs: collections.deque[float] = collections.deque()
        self._hooks: list[tuple[str, Any]] = []  # (request kind, what a volunteer does right after it)
        self.last_kind = ""
        self._busy = 0
        self._idle = threading.Condition()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None

    def _count(self, kind: str) -> None:
        self.counts[kind] += 1
        self.last_kind = kind

    # --- control, for tests -------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def create_spreadsheet(self, spreadsheet_id: str | None = None, title: str = "Frivilligcenter",
                           sheets: tuple[str, ...] = ("Sheet1",), locale: str = "en_US",
                           time_zone: str = "Etc/GMT") -> str:
        """A spreadsheet as Google makes it: tabs of 1000 rows x 26 columns, en_US and Etc/GMT unless told
        (what the recorded new spreadsheets show)."""
        spreadsheet_id = spreadsheet_id or uuid.uuid4().hex
        with self.lock:
            book = Spreadsheet(spreadsheet_id, title, locale=_modelled(locale), time_zone=time_zone)
            for i, name in enumerate(sheets):
                book.sheets.append(Sheet(0 if i == 0 else random.randint(1, 2**31 - 1), name, i))
            self.spreadsheets[spreadsheet_id] = book
        return spreadsheet_id

    def fail_next(self, n: int, status: int = 429) -> None:
        with self.lock:
            self._failures.extend([status] * n)

    def hang_next(self, n: int, seconds: float) -> None:
        with self.lock:
            self._hangs.extend([seconds] * n)

    def after_next(self, kind: str, action) -> None:
        """Run ``action()`` right after the next request of ``kind`` is answered: a volunteer's edit
        landing between two of the product's requests."""
        with self.lock:
            self._hooks.append((kind, action))

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until no request is being answered (a hung one finishes late)."""
        with self._idle:
            self._idle.wait_for(lambda: self._busy == 0, timeout)

    def reset_counts(self) -> None:
        with self.lock:
            self.counts.clear()
            self.log.clear()
            self.answered_bytes = 0

    def forbid(self, spreadsheet_id: str, forbidden: bool = True) -> None:
        with self.lock:
            self.spreadsheets[spreadsheet_id].forbidden = forbidden

    def book(self, spreadsheet_id: str) -> Spreadsheet:
        return self.spreadsheets[spreadsheet_id]

    # What a volunteer does in the browser:

    def type_values(self, spreadsheet_id: str, a1: str, values: list[list[Any]]) -> None:
        """Type into cells; like the browser, only inside the grid (ApiError outside it)."""
        with self.lock:
            book = self.book(spreadsheet_id)
            self._write(book, a1, values, lambda v: user_entered(v, book.conventions))

    def insert_rows(self, spreadsheet_id: str, title: str, at: int, values: list[Any] | None = None, n: int = 1) -> None:
        """Insert ``n`` empty rows before sheet row ``at`` (1-based), optionally typing ``values``;
        the grid grows by ``n`` rows, as it does in the browser."""
        with self.lock:
            sheet = self.book(spreadsheet_id).sheet(title)
            while len(sheet.cells) < at - 1:
                sheet.cells.append([])
            for _ in range(n):
                sheet.cells.insert(at - 1, [])
            sheet.rows += n
            if values:
                self.type_values(spreadsheet_id, f"{quote_title(title)}!A{at}", [values])

    def delete_rows(self, spreadsheet_id: str, title: str, at: int, n: int = 1) -> None:
        with self.lock:
            sheet = self.book(spreadsheet_id).sheet(title)
            del sheet.cells[at - 1:at - 1 + n]
            sheet.rows -= n

    def sort_rows(self, spreadsheet_id: str, title: str, column: int, *, header_rows: int = 1,
                  descending: bool = False) -> None:
        """Sort the rows below the header by a column (0-based), blanks last, as Data > Sort does."""
        with self.lock:
            sheet = self.book(spreadsheet_id).sheet(title)
            self._sort(sheet, header_rows, column, descending)

    def grid(self, spreadsheet_id: str, title: str, option: str = "UNFORMATTED_VALUE") -> list[list[Any]]:
        with self.lock:
            book = self.book(spreadsheet_id)
            sheet = book.sheet(title)
            return _values_of(Span(sheet, 0, 0, sheet.rows - 1, sheet.cols - 1), option, "SERIAL_NUMBER",
                              book.conventions)

    # --- behaviour ----------------------------------------------------------------------------

    def _sort(self, sheet: Sheet, start: int, column: int, descending: bool) -> None:
        body = sheet.cells[start:]
        filled = [r for r in body if any(c is not None for c in r)]
        blank = [r for r in body if not any(c is not None for c in r)]

        def key(row):
            cell = row[column] if column < len(row) else None
            if cell is None:
                return (2, "")
            value = render(cell, "UNFORMATTED_VALUE", "SERIAL_NUMBER")
            return (0, value) if isinstance(value, (int, float)) else (1, str(value).lower())

        present = [r for r in filled if key(r)[0] < 2]
        missing = [r for r in filled if key(r)[0] == 2]
        present.sort(key=key, reverse=descending)
        sheet.cells[start:] = present + missing + blank

    def _write(self, book: Spreadsheet, a1: str, values: list[list[Any]], convert) -> Span:
        placed = _placed(book, a1, values)
        _fill(placed, values, convert)
        return placed

    def handle(self, method: str, path: str, query: dict[str, list[str]], body: Any) -> tuple[int, dict]:
        m = re.match(r"^/v4/spreadsheets/([^/:]+)(.*)$", path)
        if not m:
            raise ApiError(404, "Requested entity was not found.")
        sid, rest = m[1], m[2]
        book = self.spreadsheets.get(sid)
        if book is None:
            raise ApiError(404)
        if book.forbidden:
            raise ApiError(403)
        one = {k: v[0] for k, v in query.items()}
        if rest == "" and method == "GET":
            self._count("metadata")
            return 200, {"spreadsheetId": sid, "properties": {
                "title": book.title, "locale": book.locale, "autoRecalc": "ON_CHANGE", "timeZone": book.time_zone,
                "defaultFormat": DEFAULT_FORMAT, "spreadsheetTheme": THEME},
                "sheets": [{"properties": s.properties()} for s in book.sheets],
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{sid}/edit"}
        if rest == ":batchUpdate" and method == "POST":
            self._count("batchUpdate")
            return 200, {"spreadsheetId": sid, "replies": self._batch(book, body.get("requests", []))}
        if rest == "/values:batchGet" and method == "GET":
            self._count("values.batchGet")
            option, date_option = one.get("valueRenderOption", "FORMATTED_VALUE"), one.get("dateTimeRenderOption", "SERIAL_NUMBER")
            ranges = []
            for a1 in query.get("ranges", []):
                ranges.append(self._value_range(book, book.span(a1), option, date_option))
            return 200, {"spreadsheetId": sid, "valueRanges": ranges}
        if rest == "/values:batchUpdate" and method == "POST":
            self._count("values.batchUpdate")
            convert = self._input(book, body.get("valueInputOption"))
            data = body.get("data", [])
            placed = []
            for i, item in enumerate(data):  # all or nothing: every range is checked before any is written
                try:
                    placed.append(_placed(book, item["range"], item.get("values", [])))
                except ApiError as ex:
                    raise ApiError(ex.code, f"Invalid data[{i}]: {ex.message}") from None
            responses = []
            for span, item in zip(placed, data):
                _fill(span, item.get("values", []), convert)
                responses.append(self._update_result(sid, span, item.get("values", [])))
            return 200, {"spreadsheetId": sid,
                         "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
                         "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
                         "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
                         "totalUpdatedSheets": len({r["updatedRange"].rpartition("!")[0] for r in responses}),
                         "responses": responses}
        m = re.match(r"^/values/(.+?)(:append|:clear)?$", rest)
        if m:
            a1, action = unquote(m[1]), m[2]
            if action == ":append" and method == "POST":
                self._count("values.append")
                return 200, self._append(book, a1, one, body)
            if action == ":clear" and method == "POST":
                self._count("values.clear")
                span = book.span(a1).within_grid()
                for r in range(span.r1, span.r2 + 1):
                    for c in range(span.c1, span.c2 + 1):
                        if span.sheet.get(r, c) is not None:
                            span.sheet.put(r, c, None)
                return 200, {"spreadsheetId": sid, "clearedRange": span.a1()}
            if action is None and method == "PUT":
                self._count("values.update")
                convert = self._input(book, one.get("valueInputOption"))
                span = self._write(book, a1, body.get("values", []), convert)
                return 200, {"spreadsheetId": sid, **self._update_result(sid, span, body.get("values", []))}
            if action is None and method == "GET":
                self._count("values.get")
                option = one.get("valueRenderOption", "FORMATTED_VALUE")
                return 200, self._value_range(book, book.span(a1), option, one.get("dateTimeRenderOption", "SERIAL_NUMBER"))
        raise ApiError(404)

    @staticmethod
    def _input(book: Spreadsheet, option: str | None):
        if option == "RAW":
            return raw
        if option == "USER_ENTERED":
            return lambda value: user_entered(value, book.conventions)
        raise ApiError(400, "'valueInputOption' is required but not specified")

    @staticmethod
    def _value_range(book: Spreadsheet, span: Span, option: str, date_option: str) -> dict:
        out = {"range": span.within_grid().a1(), "majorDimension": "ROWS"}
        values = _values_of(span, option, date_option, book.conventions)
        if values:
            out["values"] = values
        return out

    @staticmethod
    def _update_result(sid: str, span: Span, values: list[list[Any]]) -> dict:
        rows = len(values)
        cols = max((len(r) for r in values), default=0)
        return {"spreadsheetId": sid, "updatedRange": span.a1(), "updatedRows": rows, "updatedColumns": cols,
                "updatedCells": sum(len(r) for r in values)}

    def _append(self, book: Spreadsheet, a1: str, params: dict, body: dict) -> dict:
        """After the last row with a value. The grid grows to take the values: INSERT_ROWS always inserts
        as many rows as are appended, OVERWRITE adds rows (and columns) only where the values pass the
        grid's edge."""
        convert = self._input(book, params.get("valueInputOption"))
        values = body.get("values", [])
        _check_lengths(values)
        span = book.span(a1).within_grid()
        sheet = span.sheet
        last = sheet.last_row()
        out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
        if last >= 0:
            width = max(len(r) for r in sheet.cells[:last + 1])
            out["tableRange"] = Span(sheet, 0, span.c1, last, max(span.c1, width - 1)).a1()
        start = last + 1
        cols = max(sheet.cols, span.c1 + max((len(r) for r in values), default=0))
        if params.get("insertDataOption") == "INSERT_ROWS":
            book.resize(sheet, sheet.rows + len(values), cols)
            sheet.cells[start:start] = [[] for _ in values] if start < len(sheet.cells) else []
        else:
            book.resize(sheet, max(sheet.rows, start + len(values)), cols)
        written = self._write(book, f"{quote_title(sheet.title)}!{col_letters(span.c1)}{start + 1}", values, convert)
        out["updates"] = self._update_result(book.spreadsheet_id, written, values)
        if params.get("includeValuesInResponse") in ("true", "True"):  # rendered as asked, like a read
            out["updates"]["updatedData"] = self._value_range(
                book, written, params.get("responseValueRenderOption", "FORMATTED_VALUE"),
                params.get("responseDateTimeRenderOption", "SERIAL_NUMBER"))
        return out

    def _batch(self, book: Spreadsheet, requests: list[dict]) -> list[dict]:
        """Structural requests, applied in order and all or nothing, as Google documents for batchUpdate."""
        for i, request in enumerate(requests):
            (kind, _), = request.items()
            if kind not in STRUCTURAL:
                raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': "
                                    "Cannot find field.")
        saved = book.saved()
        replies = []
        for i, request in enumerate(requests):
            (kind, spec), = request.items()
            try:
                replies.append(self._structural(book, kind, spec))
            except Exception as ex:
                book.restore(saved)
                if isinstance(ex, ApiError):
                    raise ApiError(ex.code, f"Invalid requests[{i}].{kind}: {ex.message}") from None
                raise
        return replies

    def _structural(self, book: Spreadsheet, kind: str, spec: dict) -> dict:
        if kind == "addSheet":
            props = spec.get("properties", {})
            title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
            if any(s.title == title for s in book.sheets):
                raise ApiError(400, f'A sheet with the name "{title}" already exists. Please enter another name.')
            grid = props.get("gridProperties", {})
            sheet = Sheet(props.get("sheetId", random.randint(1, 2**31 - 1)), title,
                          props.get("index", len(book.sheets)), 0, 0, grid.get("frozenRowCount", 0))
            book.sheets.insert(sheet.index, sheet)
            book.resize(sheet, grid.get("rowCount", 1000), grid.get("columnCount", 26))
            for i, s in enumerate(book.sheets):
                s.index = i
            return {"addSheet": {"properties": sheet.properties()}}
        if kind == "deleteSheet":
            sheet = book.by_id(spec["sheetId"])
            book.sheets.remove(sheet)
            return {}
        if kind == "updateSpreadsheetProperties":
            chosen = _masked(spec["properties"], spec["fields"])
            book.title = chosen.get("title", book.title)
            book.locale = _modelled(chosen.get("locale", book.locale))
            book.time_zone = chosen.get("timeZone", book.time_zone)
            return {}
        if kind == "updateSheetProperties":
            props = spec["properties"]
            sheet = book.by_id(props.get("sheetId", 0))
            chosen = _masked(props, spec["fields"])
            # Rows first, then columns, each against the cell limit (robin900/gspread-dataframe PR #38).
            book.resize(sheet, chosen.get("gridProperties.rowCount", sheet.rows), sheet.cols)
            book.resize(sheet, sheet.rows, chosen.get("gridProperties.columnCount", sheet.cols))
            sheet.frozen_rows = chosen.get("gridProperties.frozenRowCount", sheet.frozen_rows)
            sheet.title = chosen.get("title", sheet.title)
            return {}
        if kind == "setDataValidation":
            book.by_id(spec["range"].get("sheetId", 0)).validations.append(spec)
            return {}
        if kind == "appendDimension":
            sheet = book.by_id(spec["sheetId"])
            rows = spec["length"] if spec["dimension"] == "ROWS" else 0
            book.resize(sheet, sheet.rows + rows, sheet.cols + spec["length"] - rows)
            return {}
        if kind == "insertDimension":
            rng = spec["range"]
            sheet = book.by_id(rng.get("sheetId", 0))
            n = rng["endIndex"] - rng["startIndex"]
            if rng["dimension"] == "ROWS":
                book.resize(sheet, sheet.rows + n, sheet.cols)
                sheet.cells[rng["startIndex"]:rng["startIndex"]] = [[] for _ in range(n)]
            else:
                book.resize(sheet, sheet.rows, sheet.cols + n)
                for row in sheet.cells:
                    row[rng["startIndex"]:rng["startIndex"]] = [None] * n if rng["startIndex"] < len(row) else []
            return {}
        if kind == "deleteDimension":
            rng = spec["range"]
            sheet = book.by_id(rng.get("sheetId", 0))
            if rng["dimension"] == "ROWS":
                # Google keeps at least one row below the frozen ones (node-google-spreadsheet#186).
                if rng["startIndex"] <= sheet.frozen_rows and rng["endIndex"] >= sheet.rows:
                    raise ApiError(400, "Sorry, it is not possible to delete all non-frozen rows.")
                del sheet.cells[rng["startIndex"]:rng["endIndex"]]
                sheet.rows -= rng["endIndex"] - rng["startIndex"]
            else:
                for row in sheet.cells:
                    del row[rng["startIndex"]:rng["endIndex"]]
                sheet.cols -= rng["endIndex"] - rng["startIndex"]
            return {}
        if kind == "sortRange":
            rng = spec["range"]
            sheet = book.by_id(rng.get("sheetId", 0))
            sort = spec["sortSpecs"][0]
            self._sort(sheet, rng.get("startRowIndex", 0), sort["dimensionIndex"], sort.get("sortOrder") == "DESCENDING")
            return {}
        return {}  # formatting (the rest of STRUCTURAL): accepted, not modelled


    # --- HTTP ---------------------------------------------------------------------------------

    def serve(self, port: int = 0) -> "Emulator":
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, payload: dict, counted: bool = True) -> None:
                data = json.dumps(payload, ensure_ascii=False, indent=2).encode()
                if counted:
                    with emulator.lock:
                        emulator.answered_bytes += len(data)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _dispatch(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw_body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                path = unquote(parts.path) if "/values/" not in parts.path else parts.path
                if path.startswith("/_emulator/"):
                    try:
                        self._answer(*emulator._control(method, path, json.loads(raw_body or b"{}")), counted=False)
                    except ApiError as ex:  # e.g. a locale the emulator does not model
                        self._answer(ex.code, ex.body(), counted=False)
                    return
                with emulator.lock:
                    emulator.log.append((method, self.path, len(raw_body)))
                    failure = emulator._failures.popleft() if emulator._failures else None
                    hang = emulator._hangs.popleft() if emulator._hangs else 0.0
                    down, latency = emulator.down, emulator.latency
                if latency or hang:
                    time.sleep(latency + hang)
                if down:
                    emulator.counts["refused"] += 1
                    self._answer(503, ApiError(503).body())
                    return
                if failure:
                    emulator.counts[f"failed.{failure}"] += 1
                    self._answer(failure, ApiError(failure).body())
                    return
                try:
                    body = json.loads(raw_body) if raw_body else {}
                    with emulator.lock:
                        status, payload = emulator.handle(method, path, query, body)
                        for hook in list(emulator._hooks):
                            if hook[0] == emulator.last_kind:
                                emulator._hooks.remove(hook)
                                hook[1]()
                                break
                except ApiError as ex:
                    status, payload = ex.code, ex.body()
                except (KeyError, ValueError, TypeError) as ex:
                    status, payload = 400, ApiError(400, f"Invalid request: {ex}").body()
                self._answer(status, payload)

            def _busy(self, method: str) -> None:
                with emulator._idle:
                    emulator._busy += 1
                try:
                    self._dispatch(method)
                finally:
                    with emulator._idle:
                        emulator._busy -= 1
                        emulator._idle.notify_all()

            def do_GET(self):
                self._busy("GET")

            def do_POST(self):
                self._busy("POST")

            def do_PUT(self):
                self._busy("PUT")

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def _control(self, method: str, path: str, body: dict) -> tuple[int, dict]:
        """A small HTTP control surface for trials and the benchmark run from the shell."""
        if path == "/_emulator/counts":
            return 200, dict(self.counts)
        if path == "/_emulator/reset_counts" and method == "POST":
            self.reset_counts()
            return 200, {}
        if path == "/_emulator/spreadsheets" and method == "POST":
            return 200, {"spreadsheetId": self.create_spreadsheet(body.get("spreadsheetId"), body.get("title", "Frivilligcenter"),
                                                                  locale=body.get("locale", "en_US"))}
        if path == "/_emulator/faults" and method == "POST":
            with self.lock:
                self.latency = float(body.get("latency", self.latency))
                self.down = bool(body.get("down", self.down))
            if body.get("fail_next"):
                self.fail_next(int(body["fail_next"]), int(body.get("status", 429)))
            return 200, {}
        return 404, ApiError(404).body()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Local Google Sheets API v4 emulator for fcdash trials")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--spreadsheet", default="demo", help="id of an empty spreadsheet to create")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--locale", default="en_US", choices=sorted(LOCALES),
                        help="the spreadsheet's locale: how typed numbers and dates are read and shown")
    args = parser.parse_args(argv)
    emulator = Emulator()
    emulator.create_spreadsheet(args.spreadsheet, locale=args.locale)
    emulator.latency = args.latency
    emulator.serve(args.port)
    print(f"Sheets API emulator on {emulator.url}, spreadsheet '{args.spreadsheet}' ({args.locale})", flush=True)
    try:
        emulator.thread.join()
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
