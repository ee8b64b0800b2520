"""What leaves the dashboard as a file: tables as CSV (Danish Excel style) and as Excel workbooks.
Every download goes through here. No Streamlit here."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as CSV that Danish Excel opens right: semicolons, decimal comma, a BOM."""
    return frame.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig")


def _printable(frame: pd.DataFrame) -> pd.DataFrame:
    """Control characters pasted into a cell cannot go into an Excel file: they are dropped."""
    out = frame.copy()
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            out.isetitem(i, column.map(lambda v: ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v))
    return out


def excel_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Frames as an Excel workbook: real dates and numbers, bold headers, filters, frozen header."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl", date_format="DD-MM-YYYY", datetime_format="DD-MM-YYYY") as writer:
        for name, frame in sheets.items():
            _printable(frame).to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name]
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = ws.dimensions
            for cell in ws[1]:
                cell.font = Font(bold=True)
            for column in ws.columns:
                width = max(len(str(c.value)) if c.value is not None else 0 for c in column)
                ws.column_dimensions[column[0].column_letter].width = min(max(width + 2, 9), 60)
    return buffer.getvalue()
