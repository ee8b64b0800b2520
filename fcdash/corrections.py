"""Correcting what the leader entered: her recent entries, a row's values as a form shows them,
what an edit changes, and whether the row in the sheet is still as she saw it.

Pure functions: frames and values in, values out. A row is compared by its parsed values, parsed
by the rules of a whole read (``parsing.parse_added``), so a date typed by hand as 3/12-2026 and
the date the form shows are the same value, and only a real change by a volunteer counts.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, Iterable

import pandas as pd

from fcdash import schema
from fcdash.parsing import parse_added
from fcdash.snapshot import ROW

RECENT_DAYS = 30  # the entries the leader can correct on the entry page: those of the last 30 days
# What each kind of entry on the page corrects, and the column that dates it.
KINDS = {"activity": ("activities", "date"), "event": ("events", "date"), "member": ("members", "joined"),
         "followup": ("followups", "date")}


def _no_frames() -> dict[str, pd.DataFrame]:
    from fcdash.parsing import parse_grids
    return parse_grids({tab.key: [tab.headers] for tab in schema.TABS}).frames


NO_FRAMES = _no_frames()  # every tab empty: a row compared where no read is at hand (ids stay as typed)


def plain(value: Any) -> Any:
    """A parsed value as plain Python, the same whichever way it was read: None for a blank, a
    date for a day, an int for a whole number, a tuple for a list, text stripped."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if not isinstance(value, (list, tuple, str)) and pd.isna(value):
        return None
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value) or None
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if hasattr(value, "item"):  # numpy and pandas scalars
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip() or None
    return value


def seen(frame: pd.DataFrame, row_id: str) -> dict[str, Any] | None:
    """The row with ``row_id`` as the leader sees it (every schema column, plain), or None."""
    rows = frame.loc[frame["id"] == row_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    return {key: plain(row[key]) for key in frame.columns if key != ROW}


def recent(frame: pd.DataFrame, kind: str, today: dt.date, days: int = RECENT_DAYS) -> pd.DataFrame:
    """The rows of a kind dated within the last ``days`` (and the coming month), newest first; a
    row without an id is among them (the page says it cannot be corrected here)."""
    _, column = KINDS[kind]
    dates = frame[column]
    start, end = pd.Timestamp(today - dt.timedelta(days=days)), pd.Timestamp(today + dt.timedelta(days=31))
    chosen = frame.loc[(dates >= start) & (dates <= end)]
    return chosen.sort_values([column, ROW], ascending=False)


def changes(before: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """The form's values that differ from the row as she saw it (a field emptied included)."""
    return {key: value for key, value in values.items() if plain(value) != plain(before.get(key))}


def follow_bands(shown: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """An event's total that was the sum of its age bands (or filled from them, the cell empty)
    and that she left as it was follows the bands she changed: she never typed it."""
    bands = lambda row: [row.get(k) for k in schema.AGE_KEYS]  # noqa: E731
    total = shown.get("participants")
    if (total is None or values.get("participants") != total or bands(values) == bands(shown)
            or total != sum(b or 0 for b in bands(shown)) or all(b is None for b in bands(values))):
        return values
    return {**values, "participants": sum(b or 0 for b in bands(values))}


def parsed(tab_key: str, cells: dict[str, Any], frames: dict[str, pd.DataFrame]) -> dict[str, Any]:
    """A row's raw ``cells`` (by column key) as a read gives them, plain, against the tabs in ``frames``."""
    columns = [c for c in schema.tab(tab_key).columns if c.key in cells]
    grid = [[c.header for c in columns], [cells[c.key] for c in columns]]
    frame, _ = parse_added(tab_key, grid, frames)
    return {c.key: plain(frame.iloc[0][c.key]) if len(frame) else None for c in columns}


def same_row(tab_key: str, cells: dict[str, Any], expected: dict[str, Any], frames: dict[str, pd.DataFrame],
             written: dict[str, Any] | None = None) -> bool:
    """Whether a row's ``cells`` now (raw, by column key) hold the values the leader saw
    (``expected``, plain) in every column she saw, or already hold what she writes (``written``:
    a retry after a lost reply). Each side is parsed by the rules of a read."""
    now = parsed(tab_key, cells, frames)
    if all(now.get(key) == value for key, value in expected.items()):
        return True
    return written is not None and all(now.get(key) == plain(value) for key, value in written.items())


def pending_events(rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """Events on their way to the sheet (waiting in the outbox or just saved) as a frame the
    duplicate check reads: date, type, title."""
    frame = pd.DataFrame([{"date": pd.Timestamp(r.get("date")) if r.get("date") else pd.NaT,
                           "type": r.get("type"), "title": str(r.get("title") or "")} for r in rows],
                         columns=["date", "type", "title"])
    return frame.astype({"title": "string"})
