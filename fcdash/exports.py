"""What leaves the dashboard as a file: tables as CSV (Danish Excel style) and as Excel workbooks.
Every download goes through here, and nothing in one is a live formula: text that a spreadsheet
would take for one (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``) comes out as the text it
is. No Streamlit here."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font


# What makes a spreadsheet read a cell as a formula (OWASP's list for CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def _text_only(frame: pd.DataFrame) -> pd.DataFrame:
    """Text a spreadsheet would take for a formula, with the apostrophe in front that Excel,
    LibreOffice and Google Sheets read as "this is text"; numbers and dates as they are."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            out.isetitem(i, column.map(lambda v: "'" + v if looks_like_formula(v) else v))
    out.columns = ["'" + c if looks_like_formula(c) else c for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV that Danish Excel opens right: semicolons, decimal comma, a BOM."""
    # CRLF ends a line, as in Excel's own CSV; a carriage return in a cell is then quoted, not a line break
    return _text_only(frame).to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n").encode("utf-8-sig")


def _printable(frame: pd.DataFrame) -> pd.DataFrame:
    """Control characters pasted into a cell cannot go into an Excel file: they are dropped."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            out.isetitem(i, column.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v))
    return out


DATE = "DD-MM-YYYY"
WIDEST = 60  # characters; a longer text wraps in its cell
FILTER_BUTTON = 3  # characters a header's filter button covers


def _shown_width(cell) -> int:
    """How many characters the cell shows: a date as dd-mm-yyyy (not its ISO form), a number
    as written, a text by its longest line."""
    value = cell.value
    if value is None:
        return 0
    if isinstance(value, dt.datetime) and value.time() != dt.time():
        return len(DATE) + 6
    if isinstance(value, dt.date):
        return len(DATE)
    if isinstance(value, float) and value.is_integer():
        return len(str(int(value)))
    return max(len(line) for line in str(value).split("\n"))


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Frames as an Excel workbook: real dates and numbers, bold headers, filters, frozen header,
    each column as wide as what it shows (up to ``WIDEST``; a longer text wraps)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            _printable(frame).to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name]
            for row in ws.iter_rows():
                for cell in row:
                    if looks_like_formula(cell.value):  # openpyxl writes text starting with = as a formula
                        cell.data_type, cell.quotePrefix = "s", True  # as Excel keeps '=1+1 typed in a cell
                    elif isinstance(cell.value, dt.date):  # also in a column of mixed values
                        timed = isinstance(cell.value, dt.datetime) and cell.value.time() != dt.time()
                        cell.number_format = DATE + " HH:MM" if timed else DATE
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = ws.dimensions
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for column in ws.columns:
                header, cells = column[0], column[1:]
                width = max([_shown_width(header) + FILTER_BUTTON, *(_shown_width(c) for c in cells)])
                ws.column_dimensions[header.column_letter].width = min(max(width + 2, 9), WIDEST)
                for cell in cells:
                    if isinstance(cell.value, str) and ("\n" in cell.value or len(cell.value) > WIDEST):
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return buffer.getvalue()
