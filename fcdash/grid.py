"""Spreadsheet grids as every backend and the parser see them: cell references, blank cells,
where a tab's columns are by its own header row, and which unknown headers look like typos.

A grid is a list of rows, each a list of raw cell values (str, int, float, bool, datetime or
None). This module sits below both the parser and the stores, and knows only the schema.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from typing import Any, Iterable

from fcdash import schema
from fcdash.errors import HeaderTypo
from fcdash.schema import Column, Tab

HEADER_SEARCH_ROWS = 5  # a title or a blank line above the header is tolerated
# A header this close to a missing column's header or alias is taken for a typo of it: 'Antl' for
# 'Antal' scores 0.89, the volunteers' own columns ('Noter til mig', 'Tovholder') far lower.
TYPO_CUTOFF = 0.8
SHORTEST_TYPO = 4  # headers of three letters ('Uge', 'Tid') are words of their own too often


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1(tab: Tab, row: int, col_index: int | None = None) -> str:
    """A cell (or, without a column, a whole row) as Arrangementer!C17."""
    title = tab.title if re.fullmatch(r"\w+", tab.title) else f"'{tab.title}'"
    if col_index is None:
        return f"{title}!{row}:{row}"
    return f"{title}!{column_letter(col_index)}{row}"


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (
        isinstance(value, str) and not value.strip()
    )


def raw_text(value: Any) -> str:
    """A cell value as text, the way a person would read it back."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(" ")
    return str(value).strip()


def _header_lookup(tab: Tab) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for col in tab.columns:
        for name in (col.header, *col.aliases):
            lookup.setdefault(schema.normalise(name), col.key)
    return lookup


def locate_columns(tab: Tab, grid: list[list[Any]]) -> tuple[int, dict[str, int], list[int]]:
    """Where the header row is (1-based), where each known column is (0-based), and the
    positions of repeated headers. Writers use it too, so they follow the sheet as it is now."""
    lookup = _header_lookup(tab)
    best, best_hits = 0, 0
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if isinstance(v, str) and schema.normalise(v) in lookup)
        if hits > best_hits:
            best, best_hits = i, hits
    positions: dict[str, int] = {}
    repeated: list[int] = []
    for j, value in enumerate(grid[best] if grid else []):
        key = lookup.get(schema.normalise(value)) if isinstance(value, str) else None
        if key is None:
            continue  # blank, or a column of the volunteers' own: kept in the sheet, not read
        if key in positions:
            repeated.append(j)
        else:
            positions[key] = j
    return best + 1, positions, repeated


def likely_typos(tab: Tab, header: list[Any], positions: dict[str, int]) -> list[tuple[int, Column]]:
    """Unknown header cells that look like a typo of a column the header lacks: each cell's
    position (0-based) and the column it probably meant."""
    lookup = _header_lookup(tab)
    missing = {name: key for name, key in lookup.items() if key not in positions}
    typos = []
    for j, value in enumerate(header):
        text = schema.normalise(value) if isinstance(value, str) else ""
        if len(text) < SHORTEST_TYPO or text in lookup:
            continue
        if close := difflib.get_close_matches(text, missing, n=1, cutoff=TYPO_CUTOFF):
            typos.append((j, tab.column(missing[close[0]])))
    return typos


def header_width(header: list[Any]) -> int:
    """How many columns the header row uses: up to its last filled cell."""
    width = len(header)
    while width and is_blank(header[width - 1]):
        width -= 1
    return width


def place_missing(tab: Tab, header: list[Any], positions: dict[str, int],
                  needed: Iterable[str]) -> tuple[int, list[Column]]:
    """The needed columns a volunteer removed, placed again right of the last filled header
    cell (so no column of their own is overwritten) in the schema's order. Adds them to
    ``positions`` and returns where the first goes (0-based) and which they are; the backend
    writes their headers there."""
    needed = set(needed)
    missing = [c for c in tab.columns if c.key in needed and c.key not in positions]
    typos = {col.key: j for j, col in likely_typos(tab, header, positions)}
    if blocked := [c for c in missing if c.key in typos]:
        # Adding the column again would hide the typo's data for good: the volunteer fixes it first.
        raise HeaderTypo("; ".join(f"kolonnen '{c.header}' mangler i fanen '{tab.title}', men overskriften "
                                   f"'{raw_text(header[typos[c.key]])}' ligner den" for c in blocked))
    start = header_width(header)
    for i, col in enumerate(missing):
        positions[col.key] = start + i
    return start, missing


def own_lists(grid: list[list[Any]] | None) -> dict[str, tuple[str, ...]]:
    """The centre's own values of each list that extends a built-in one, from the grid of the
    Egne lister tab (None: the sheet has no such tab): what the dropdowns offer besides the
    built-in values."""
    if not grid:
        return {}
    header_row, positions, _ = locate_columns(schema.LISTS, grid)
    rows = grid[header_row:]
    return {key: schema.own_values(raw_text(row[j]) for row in rows if j < len(row) and not is_blank(row[j]))
            for key, j in positions.items() if key in schema.OWN_LISTS}
