"""What a viewer (anyone not signed in as an editor) may see of the data: the snapshot as every
page, chart, download and report reads it for them. Personal columns are left out where tables
are drawn (``tables.shown_columns``); here, what volunteers typed in the wrong place is caught:
an e-mail address or a phone number in any text cell, and the raw value of a personal column's
unreadable cell. No Streamlit here."""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from fcdash import schema
from fcdash.snapshot import Problem, Snapshot

HIDDEN = "•••"  # shown instead of what a viewer may not see, in every language
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*")
# A Danish phone number as people type it: eight digits, in any grouping of spaces, dots or
# dashes (12345678, 1234 5678, 12 34 56 78, 1234 56 78), with or without +45, 0045 or 45 in
# front, also straight after "tlf." or "tlf:"; never digits inside a longer number or an id
# (ARR-12345678), an amount (12345678,50 or 12.345.678), a date (27.10.2026, 2026-11-24), a season (2025-2026)
# or the hours of an event (10.00-12.00).
_NOT_A_PHONE = (r"(?!\d{1,3}(?:\.\d{3}){2}(?!\d))(?!\d{1,2}[.-]\d{1,2}[.-]\d{2,4}(?!\d))(?!\d{4}-\d{2}-\d{2}(?!\d))"
                r"(?!(?:19|20)\d{2} ?[-–] ?(?:19|20)\d{2}(?!\d))(?!\d{1,2}[.:]\d{2} ?[-–] ?\d{1,2}[.:]\d{2}(?!\d))")
PHONE = re.compile(r"(?<!\w)(?<![A-ZÆØÅ]-)" + _NOT_A_PHONE + r"(?:(?:\+|00)?45[ .-]?)?\d(?:[ .-]?\d){7}(?![\w]|[.,-]?\d)")


def mask(text: str) -> str:
    """``text`` with every e-mail address and phone number in it replaced by HIDDEN."""
    return PHONE.sub(HIDDEN, EMAIL.sub(HIDDEN, text))


def _masked(value):
    """A cell's value masked: text, and each text of a list cell (categories, references)."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, tuple):
        return tuple(_masked(v) for v in value)
    return value


def _problem(p: Problem) -> Problem:
    tab = schema.TABS_BY_KEY.get(p.tab)
    personal = tab is not None and any(c.personal and p.column == c.header for c in tab.columns)
    return p._replace(value=HIDDEN if personal and p.value else mask(p.value),
                      params=tuple((k, _masked(v)) for k, v in p.params))


def for_viewer(snap: Snapshot) -> Snapshot:
    """A copy of ``snap`` for a viewer: personal columns emptied, e-mail addresses and phone
    numbers masked in every other text cell, in the problems' raw values and in the headers."""
    frames = {}
    for key, frame in snap.frames.items():
        out = frame.copy()
        personal = set(schema.personal_columns(key)) if key in schema.TABS_BY_KEY else set()
        for name in out.columns:
            column = out[name]
            if name in personal:
                values = [None] * len(column)
            elif column.dtype == object or pd.api.types.is_string_dtype(column):
                seen: dict = {}  # a value repeats down a column (types, areas): masked once
                values = [seen[v] if v in seen else seen.setdefault(v, _masked(v)) for v in column]
            else:
                continue
            out[name] = pd.Series(values, index=out.index, dtype=column.dtype)  # as it was: blanks stay None
        frames[key] = out
    return dataclasses.replace(snap, frames=frames, problems=[_problem(p) for p in snap.problems],
                               headers={k: [mask(h) if isinstance(h, str) else h for h in v]
                                        for k, v in snap.headers.items()})
