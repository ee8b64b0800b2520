"""A stateful local emulator of the part of the Google Sheets API v4 that gspread and fcdash use.

It answers in Google's JSON shapes (checked against the recorded real exchanges in
tests/recordings/ by tests/test_emulator_recordings.py): spreadsheet metadata,
values get / batchGet with the value render options, append, update, batchUpdate and clear of
values (RAW and USER_ENTERED input), and the structural batchUpdate requests fcdash sends.

For tests it counts requests by kind, adds latency, answers 429 / 5xx for the next N requests,
can be down or hang, forbids a spreadsheet (403), and edits sheets as a volunteer in the browser
would: insert, delete and sort rows, type into cells.

    python -m tests.sheets_emulator --port 8765 --spreadsheet demo

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


_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ARITH = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def user_entered(value: Any) -> Cell | None:
    """What Google stores when a person types ``value`` (en_US locale)."""
    if not isinstance(value, str) or value == "":
        return raw(value)
    text = value
    if text.startswith("'"):
        return Cell(text[1:], "s")
    if text.startswith("="):
        return Cell(text, "f")
    if text.strip() and _NUMBER.match(text.strip()) and any(c.isdigit() for c in text):
        number = float(text.strip().replace(",", ""))
        return Cell(int(number) if number.is_integer() else number, "n")
    if text.upper() in ("TRUE", "FALSE"):
        return Cell(text.upper() == "TRUE", "b")
    for pattern, order in ((_ISO_DATE, (1, 2, 3)), (_US_DATE, (3, 1, 2))):
        if m := pattern.match(text.strip()):
            try:
                day = dt.date(int(m[order[0]]), int(m[order[1]]), int(m[order[2]]))
            except ValueError:
                return Cell(text, "s")
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


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def render(cell: Cell | None, option: str, date_option: str) -> Any:
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
            day = EPOCH + dt.timedelta(days=int(value))
            return f"{day.month}/{day.day}/{day.year}"
        return value
    if kind == "b":
        return "TRUE" if value else "FALSE"
    if kind == "d":
        day = EPOCH + dt.timedelta(days=int(value))
        return f"{day.month}/{day.day}/{day.year}"
    if kind == "n":
        return _number_text(value)
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
        while len(self.cells) <= r:
            self.cells.append([])
        row = self.cells[r]
        while len(row) <= c:
            row.append(None)
        row[c] = cell
        self.rows, self.cols = max(self.rows, r + 1), max(self.cols, c + 1)

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
    return title if re.fullmatch(r"\w+", title) else "'" + title.replace("'", "''") + "'"


@dataclass
class Span:
    sheet: Sheet
    r1: int
    c1: int
    r2: int  # inclusive
    c2: int

    def a1(self) -> str:
        return f"{quote_title(self.sheet.title)}!{col_letters(self.c1)}{self.r1 + 1}:{col_letters(self.c2)}{self.r2 + 1}"


_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)
    forbidden: bool = False

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

    def span(self, a1: str, *, for_write: bool = False) -> Span:
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
        if not for_write:
            r2, c2 = min(r2, sheet.rows - 1), min(c2, sheet.cols - 1)
        return Span(sheet, r1, c1, r2, c2)


def _values_of(span: Span, option: str, date_option: str) -> list[list[Any]]:
    out = []
    for r in range(span.r1, span.r2 + 1):
        row = [render(span.sheet.get(r, c), option, date_option) for c in range(span.c1, span.c2 + 1)]
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


# --- the emulator -----------------------------------------------------------------------------

class Emulator:
    """State and behaviour; ``serve()`` puts it on a loopback port."""

    def __init__(self):
        self.lock = threading.RLock()
        self.spreadsheets: dict[str, Spreadsheet] = {}
        self.counts: collections.Counter[str] = collections.Counter()
        self.log: list[tuple[str, str, int]] = []  # (kind, path, bytes received)
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
                           sheets: tuple[str, ...] = ("Sheet1",)) -> str:
        spreadsheet_id = spreadsheet_id or uuid.uuid4().hex
        with self.lock:
            book = Spreadsheet(spreadsheet_id, title)
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

    def forbid(self, spreadsheet_id: str, forbidden: bool = True) -> None:
        with self.lock:
            self.spreadsheets[spreadsheet_id].forbidden = forbidden

    def book(self, spreadsheet_id: str) -> Spreadsheet:
        return self.spreadsheets[spreadsheet_id]

    # What a volunteer does in the browser:

    def type_values(self, spreadsheet_id: str, a1: str, values: list[list[Any]]) -> None:
        with self.lock:
            self._write(self.book(spreadsheet_id), a1, values, user_entered)

    def insert_rows(self, spreadsheet_id: str, title: str, at: int, values: list[Any] | None = None, n: int = 1) -> None:
        """Insert ``n`` empty rows before sheet row ``at`` (1-based), optionally typing ``values``."""
        with self.lock:
            sheet = self.book(spreadsheet_id).sheet(title)
            while len(sheet.cells) < at - 1:
                sheet.cells.append([])
            for _ in range(n):
                sheet.cells.insert(at - 1, [])
            sheet.rows += n
            if values:
                for c, value in enumerate(values):
                    sheet.put(at - 1, c, user_entered(value))

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
            sheet = self.book(spreadsheet_id).sheet(title)
            return _values_of(Span(sheet, 0, 0, sheet.rows - 1, sheet.cols - 1), option, "SERIAL_NUMBER")

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
        span = book.span(a1, for_write=True)
        rows = len(values)
        cols = max((len(r) for r in values), default=0)
        for i, row in enumerate(values):
            for j, value in enumerate(row):
                if value is None:
                    continue  # null leaves a cell as it is
                span.sheet.put(span.r1 + i, span.c1 + j, convert(value))
        return Span(span.sheet, span.r1, span.c1, span.r1 + max(rows, 1) - 1, span.c1 + max(cols, 1) - 1)

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
                "title": book.title, "locale": "en_US", "autoRecalc": "ON_CHANGE", "timeZone": "Etc/GMT",
                "defaultFormat": DEFAULT_FORMAT, "spreadsheetTheme": THEME},
                "sheets": [{"properties": s.properties()} for s in book.sheets],
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{sid}/edit"}
        if rest == ":batchUpdate" and method == "POST":
            self._count("batchUpdate")
            replies = [self._structural(book, request) for request in body.get("requests", [])]
            return 200, {"spreadsheetId": sid, "replies": replies}
        if rest == "/values:batchGet" and method == "GET":
            self._count("values.batchGet")
            option, date_option = one.get("valueRenderOption", "FORMATTED_VALUE"), one.get("dateTimeRenderOption", "SERIAL_NUMBER")
            ranges = []
            for a1 in query.get("ranges", []):
                ranges.append(self._value_range(book.span(a1), option, date_option))
            return 200, {"spreadsheetId": sid, "valueRanges": ranges}
        if rest == "/values:batchUpdate" and method == "POST":
            self._count("values.batchUpdate")
            convert = self._input(body.get("valueInputOption"))
            responses = []
            for item in body.get("data", []):
                span = self._write(book, item["range"], item.get("values", []), convert)
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
                span = book.span(a1)
                for r in range(span.r1, span.r2 + 1):
                    for c in range(span.c1, span.c2 + 1):
                        if span.sheet.get(r, c) is not None:
                            span.sheet.put(r, c, None)
                return 200, {"spreadsheetId": sid, "clearedRange": span.a1()}
            if action is None and method == "PUT":
                self._count("values.update")
                convert = self._input(one.get("valueInputOption"))
                span = self._write(book, a1, body.get("values", []), convert)
                return 200, {"spreadsheetId": sid, **self._update_result(sid, span, body.get("values", []))}
            if action is None and method == "GET":
                self._count("values.get")
                option = one.get("valueRenderOption", "FORMATTED_VALUE")
                return 200, self._value_range(book.span(a1), option, one.get("dateTimeRenderOption", "SERIAL_NUMBER"))
        raise ApiError(404)

    @staticmethod
    def _input(option: str | None):
        if option == "RAW":
            return raw
        if option == "USER_ENTERED":
            return user_entered
        raise ApiError(400, "'valueInputOption' is required but not specified")

    @staticmethod
    def _value_range(span: Span, option: str, date_option: str) -> dict:
        out = {"range": span.a1(), "majorDimension": "ROWS"}
        values = _values_of(span, option, date_option)
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
        convert = self._input(params.get("valueInputOption"))
        values = body.get("values", [])
        span = book.span(a1)
        sheet = span.sheet
        last = sheet.last_row()
        out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
        if last >= 0:
            width = max(len(r) for r in sheet.cells[:last + 1])
            out["tableRange"] = Span(sheet, 0, span.c1, last, max(span.c1, width - 1)).a1()
        start = last + 1
        if params.get("insertDataOption") == "INSERT_ROWS" and start < len(sheet.cells):
            for _ in values:
                sheet.cells.insert(start, [])
            sheet.rows += len(values)
        target = f"{quote_title(sheet.title)}!{col_letters(span.c1)}{start + 1}"
        written = self._write(book, target, values, convert)
        out["updates"] = self._update_result(book.spreadsheet_id, written, values)
        if params.get("includeValuesInResponse") in ("true", "True"):
            out["updates"]["updatedData"] = self._value_range(written, "FORMATTED_VALUE", "SERIAL_NUMBER")
        return out

    def _structural(self, book: Spreadsheet, request: dict) -> dict:
        (kind, spec), = request.items()
        if kind == "addSheet":
            props = spec.get("properties", {})
            title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
            if any(s.title == title for s in book.sheets):
                raise ApiError(400, f'Invalid requests[0].addSheet: A sheet with the name "{title}" already exists. '
                                    "Please enter another name.")
            grid = props.get("gridProperties", {})
            sheet = Sheet(props.get("sheetId", random.randint(1, 2**31 - 1)), title,
                          props.get("index", len(book.sheets)), grid.get("rowCount", 1000),
                          grid.get("columnCount", 26), grid.get("frozenRowCount", 0))
            book.sheets.insert(sheet.index, sheet)
            for i, s in enumerate(book.sheets):
                s.index = i
            return {"addSheet": {"properties": sheet.properties()}}
        if kind == "deleteSheet":
            sheet = book.by_id(spec["sheetId"])
            book.sheets.remove(sheet)
            return {}
        if kind == "updateSheetProperties":
            props = spec["properties"]
            sheet = book.by_id(props.get("sheetId", 0))
            grid = props.get("gridProperties", {})
            sheet.rows = grid.get("rowCount", sheet.rows)
            sheet.cols = grid.get("columnCount", sheet.cols)
            sheet.frozen_rows = grid.get("frozenRowCount", sheet.frozen_rows)
            sheet.title = props.get("title", sheet.title)
            del sheet.cells[sheet.rows:]
            return {}
        if kind == "updateSpreadsheetProperties":  # TEMP until the strict emulator lands
            return {}
        if kind == "appendDimension":
            sheet = book.by_id(spec["sheetId"])
            if spec["dimension"] == "ROWS":
                sheet.rows += spec["length"]
            else:
                sheet.cols += spec["length"]
            return {}
        if kind == "setDataValidation":
            book.by_id(spec["range"].get("sheetId", 0)).validations.append(spec)
            return {}
        if kind == "insertDimension":
            rng = spec["range"]
            sheet = book.by_id(rng.get("sheetId", 0))
            n = rng["endIndex"] - rng["startIndex"]
            if rng["dimension"] == "ROWS":
                for _ in range(n):
                    sheet.cells.insert(rng["startIndex"], [])
                sheet.rows += n
            else:
                for row in sheet.cells:
                    for _ in range(n):
                        row.insert(rng["startIndex"], None) if rng["startIndex"] < len(row) else None
                sheet.cols += n
            return {}
        if kind == "deleteDimension":
            rng = spec["range"]
            sheet = book.by_id(rng.get("sheetId", 0))
            if rng["dimension"] == "ROWS":
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
        if kind in ("repeatCell", "updateDimensionProperties", "autoResizeDimensions", "updateCells"):
            return {}  # formatting: accepted, not modelled
        raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[0]': Cannot find field.")

    # --- HTTP ---------------------------------------------------------------------------------

    def serve(self, port: int = 0) -> "Emulator":
        emulator = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _answer(self, status: int, payload: dict) -> None:
                data = json.dumps(payload, ensure_ascii=False, indent=2).encode()
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
                    self._answer(*emulator._control(method, path, json.loads(raw_body or b"{}")))
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
            return 200, {"spreadsheetId": self.create_spreadsheet(body.get("spreadsheetId"), body.get("title", "Frivilligcenter"))}
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
    args = parser.parse_args(argv)
    emulator = Emulator()
    emulator.create_spreadsheet(args.spreadsheet)
    emulator.latency = args.latency
    emulator.serve(args.port)
    print(f"Sheets API emulator on {emulator.url}, spreadsheet '{args.spreadsheet}'", flush=True)
    try:
        emulator.thread.join()
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
