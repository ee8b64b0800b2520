"""What a viewer (anyone not signed in as an editor) may see of the data: the snapshot as every
page, chart, download and report reads it for them. Personal columns are left out where tables
are drawn (``tables.shown_columns``); here, what volunteers typed in the wrong place is caught:
an e-mail address or a phone number in any text cell, and the raw value of a personal column's
unreadable cell. No Streamlit here."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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


# What every text with an e-mail address or a phone number in it holds: an @, or eight digits with
# at most one space, dot or dash between each two (the core of PHONE; RE2's \p{Nd} is Python's \d).
# Text without either is as it was after ``mask``, so only the few texts with one are masked.
MAYBE = r"@|\p{Nd}(?:[ .\-]?\p{Nd}){7}"


def maybe_masked(texts) -> np.ndarray:
    """Which of ``texts`` (str, or None for a blank) ``mask`` may change: one vectorised pass."""
    try:
        found = pc.match_substring_regex(pa.array(texts, type=pa.large_string(), from_pandas=True), MAYBE)
    except (pa.ArrowException, UnicodeError, TypeError):  # text Arrow cannot hold: every one is masked
        return np.array([isinstance(v, str) for v in texts], dtype=bool)
    return found.fill_null(False).to_numpy(zero_copy_only=False)


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


def _masked_column(column: pd.Series) -> pd.Series | None:
    """A text column (or one of tuples of text) masked; None when nothing in it needs masking.
    A value repeats down a column (types, areas, references), so each distinct value is looked at once."""
    values = column.to_numpy(dtype=object)
    try:
        distinct = pd.unique(values)
    except TypeError:  # an unhashable cell: each value on its own
        distinct = values
    texts, owner = [], []
    for i, value in enumerate(distinct):
        for text in value if isinstance(value, tuple) else (value,):
            if isinstance(text, str):
                texts.append(text)
                owner.append(i)
    hits = np.asarray(owner, dtype=np.intp)[maybe_masked(texts)] if texts else np.empty(0, dtype=np.intp)
    changed = {}
    for value in (distinct[i] for i in np.unique(hits)):
        masked = _masked(value)
        if masked != value:
            changed[value] = masked
    if not changed:
        return None
    out = [changed.get(v, v) if isinstance(v, (str, tuple)) else v for v in values]
    return pd.Series(out, index=column.index, dtype=column.dtype)  # as it was: blanks stay None


def for_viewer(snap: Snapshot) -> Snapshot:
    """A copy of ``snap`` for a viewer: personal columns emptied, e-mail addresses and phone
    numbers masked in every other text cell, in the problems' raw values and in the headers.
    The columns with nothing to mask are shared with ``snap`` (copy on write: neither changes)."""
    frames = {}
    for key, frame in snap.frames.items():
        out = frame.copy(deep=False)
        personal = set(schema.personal_columns(key)) if key in schema.TABS_BY_KEY else set()
        for name in out.columns:
            column = out[name]
            if name in personal:
                out[name] = pd.Series([None] * len(column), index=out.index, dtype=column.dtype)
            elif column.dtype == object or pd.api.types.is_string_dtype(column):
                masked = _masked_column(column)
                if masked is not None:
                    out[name] = masked
        frames[key] = out
    return dataclasses.replace(snap, frames=frames, problems=[_problem(p) for p in snap.problems],
                               headers={k: [mask(h) if isinstance(h, str) else h for h in v]
                                        for k, v in snap.headers.items()})
