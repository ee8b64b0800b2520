"""A tab's rows as people read them on a page and in a download, from the schema alone: every
column but the id, labelled in the reader's language, references as names, lists as text, and
personal columns only for signed-in editors. No Streamlit here."""

from __future__ import annotations

import pandas as pd

from fcdash import goals, metrics, schema
from fcdash.i18n import fmt_date, fmt_number
from fcdash.schema import Kind
from fcdash.snapshot import Snapshot


def shown_columns(tab_key: str, *, personal: bool) -> list[schema.Column]:
    return [c for c in schema.tab(tab_key).columns if c.kind is not Kind.ID and (personal or not c.personal)]


def _text(value) -> object:
    return ", ".join(map(str, value)) if isinstance(value, tuple) else value


def _named(snap: Snapshot, tab_key: str):
    """A reference cell (an id, or a tuple of ids) as the names of the rows it points at (the
    tab's names found once per snapshot and kept with it)."""
    frame = snap[tab_key]
    names = snap.remember(("tables.names", tab_key), lambda: metrics.names(frame)) if "name" in frame else {}

    def name(value):
        if isinstance(value, tuple):
            return tuple(names.get(i, i) for i in value)
        return names.get(value, value) if isinstance(value, str) else value

    return name


def readable(frame: pd.DataFrame, tab_key: str, snap: Snapshot, lang: str = "da", *,
             personal: bool = False) -> pd.DataFrame:
    """``frame`` (rows of the tab ``tab_key``) with the schema's columns as people read them."""
    out = {}
    for col in shown_columns(tab_key, personal=personal):
        values = frame[col.key]
        if col.ref:
            values = values.map(_named(snap, col.ref))
        if col.categories == schema.COLOURS:
            values = values.map(lambda c: goals.colour_label(c, lang) if isinstance(c, str) else c)
        elif col.kind is Kind.TARGET:
            values = values.map(lambda target: goals.target_cell(target, lang))
        elif values.dtype == object:
            values = values.map(_text)
        out[col.label(lang)] = values
    return pd.DataFrame(out, index=frame.index)


def date_labels(tab_key: str, lang: str = "da") -> list[str]:
    """The labels of the tab's date columns, for the table's date format."""
    return [c.label(lang) for c in schema.tab(tab_key).columns if c.kind is Kind.DATE]


def brief_labels(tab_key: str, lang: str = "da") -> list[str]:
    """The labels of the tab's few columns a table shows on a phone (``Column.brief``)."""
    return [c.label(lang) for c in schema.tab(tab_key).columns if c.brief]


PHONE_TABLE = 290  # pixels a table has inside a box on a 390 px screen
NARROW = {Kind.DATE: 92, Kind.INT: 72, Kind.BOOL: 60}  # a date as 31.12.2026, a count, yes/no


def brief_widths(tab_key: str, lang: str = "da") -> dict[str, int]:
    """Each brief column's width in pixels so that together they fit a phone: dates and numbers
    as wide as they need, text sharing the rest."""
    brief = [c for c in schema.tab(tab_key).columns if c.brief]
    fixed = sum(NARROW.get(c.kind, 0) for c in brief)
    texts = [c for c in brief if c.kind not in NARROW]
    share = (PHONE_TABLE - fixed) // max(len(texts), 1)
    return {c.label(lang): NARROW.get(c.kind, share) for c in brief}


def as_text(frame: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """A small table to print as it stands (st.table): numbers in the reader's format (1.660 in
    Danish), missing cells blank."""
    def cell(value):
        if isinstance(value, tuple):
            return _text(value)
        if value is None or (not isinstance(value, str) and pd.isna(value)):
            return ""
        if pd.api.types.is_number(value) and not isinstance(value, bool):
            return fmt_number(value, lang)
        return value

    return frame.map(cell)


def styled(frame: pd.DataFrame, lang: str = "da"):
    """A table for an interactive grid (st.dataframe): numbers and dates shown in the reader's
    format (1.660, 23.11.2026) and missing cells blank, while it still sorts by the values. A table
    too big for a Styler (Streamlit refuses one of more than pandas' styler.render.max_elements
    cells) is shown as text instead."""
    if frame.size > pd.get_option("styler.render.max_elements"):
        return as_text(frame, lang).map(lambda v: fmt_date(v, lang) if isinstance(v, pd.Timestamp) else v)
    formats = {}
    for col in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[col]):
            formats[col] = lambda v: fmt_date(v, lang) if pd.notna(v) else ""
        elif pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col]):
            formats[col] = lambda v: fmt_number(v, lang) if pd.notna(v) else ""
    return frame.style.format(formats, na_rep="")


# --- a long table a page at a time: searched, sorted and cut on the server ------------------------

PAGE_ROWS = 100  # rows of a table sent to the browser at a time; the download has them all


def search(table: pd.DataFrame, text: str) -> pd.DataFrame:
    """The rows of a readable table (``readable``) where any text cell holds ``text``, whatever
    its case; all rows for a blank search."""
    text = (text or "").strip()
    if not text or table.empty:
        return table
    hit = pd.Series(False, index=table.index)
    for col in table.columns:
        if _is_text(table[col]):
            hit |= table[col].astype("string").str.contains(text, case=False, regex=False, na=False).to_numpy()
    return table.loc[hit.to_numpy()]


def _is_text(values: pd.Series) -> bool:
    return not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values))


def sort(table: pd.DataFrame, column: str | None, descending: bool = False) -> pd.DataFrame:
    """``table`` sorted by one of its columns (text by its letters, whatever their case; blank
    cells last), or as it is for no column."""
    if not column or column not in table:
        return table

    def key(values: pd.Series) -> pd.Series:
        return values.astype("string").str.lower() if _is_text(values) else values

    return table.sort_values(column, ascending=not descending, kind="stable", na_position="last", key=key)


def page_count(rows: int, size: int = PAGE_ROWS) -> int:
    return max(1, -(-rows // size))


def problem_summary(problems: list) -> pd.DataFrame:
    """Problems (``fcdash.snapshot.Problem``) of one tab grouped by column and kind: how many,
    and the place of the first in the list as an example; the largest groups first."""
    frame = pd.DataFrame({"column": [p.column for p in problems], "code": [p.code for p in problems]})
    if frame.empty:
        return frame.assign(count=pd.Series(dtype="int64"), first=pd.Series(dtype="int64"))
    frame["first"] = range(len(frame))
    out = frame.groupby(["column", "code"], sort=False).agg(count=("first", "size"), first=("first", "min"))
    return out.reset_index().sort_values(["count", "first"], ascending=[False, True], ignore_index=True)
