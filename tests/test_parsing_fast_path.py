"""The parser's fast way (a column of text or of whole numbers encoded by Arrow, its text trimmed and
checked for formula errors there) reads every sheet exactly as the per-value way does: the same
typed frames, the same data problems with the same cells, on generated messy columns."""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fcdash import parsing, schema

READ_AT = dt.datetime(2026, 11, 23, 12, 0)

# Text that sits on the edges of the fast way: every character str.strip() removes, formula errors
# in any case and with spaces around, a '#' that is no error, ids and references that differ only
# in case or spaces, numbers and dates typed as text.
SPACES = st.text(alphabet=st.sampled_from(parsing.PY_SPACES), max_size=3)
WORDS = st.sampled_from(["", "MED-1", "med-1", "MED-2", "ARR-1", "arr-1", "IND-1", "1.1", "Cafémøde", "cafemode",
                         "Kursus", "Forening", "unge, ældre", "MED-1, MED-2", "MED-1 og med-2", "#REF!", "#n/a",
                         "#VALUE!", "#x", "# REF!", "12-03-2025", "2025-03-12", "45658", "1 234", "12,0", "ja",
                         "nej", "mindst 70", "2-4", "Grøn", "År", "Ældre", "a\u200bb", "\u00e6\u0301"])
TEXT = st.one_of(
    st.builds(lambda before, word, after: before + word + after, SPACES, WORDS, SPACES),
    st.text(max_size=6),
)
WHOLE = st.integers(min_value=-10, max_value=60_000) | st.sampled_from([0, 1, 45658, 2958466, 10_000_001])


@st.composite
def column_cells(draw, rows: int) -> list:
    """One column's cells: all text, all whole numbers (the fast way), or anything (the other)."""
    style = draw(st.sampled_from(["text", "whole", "mixed", "blank"]))
    blank = st.none()
    if style == "text":
        cell = blank | TEXT
    elif style == "whole":
        cell = blank | WHOLE | st.integers(min_value=2**63, max_value=2**70)  # past Arrow's whole numbers too
    elif style == "blank":
        cell = blank | SPACES
    else:
        cell = blank | TEXT | WHOLE | st.booleans() | st.floats(allow_nan=True) | st.datetimes(
            min_value=dt.datetime(1940, 1, 1), max_value=dt.datetime(2110, 1, 1))
    return draw(st.lists(cell, min_size=rows, max_size=rows))


@st.composite
def sheets(draw):
    grids = {}
    for tab in schema.TABS:
        rows = draw(st.integers(0, 8))
        columns = [draw(column_cells(rows)) for _ in tab.columns]
        grid = [list(tab.headers)]
        for i in range(rows):
            row = [c[i] for c in columns]
            while row and draw(st.booleans()) and row[-1] in (None, ""):
                row.pop()  # Google leaves a row's empty cells at its end out
            grid.append(row)
        grids[tab.key] = grid
    return grids


def per_value(cells, *, encode=True):
    """The reference: every column the per-value way, as a mixed column goes."""
    return parsing._distinct_objects(np.fromiter(cells, dtype=object, count=len(cells)))


def assert_same_reading(grids):
    fast = parsing.parse_grids(grids, read_at=READ_AT)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parsing, "_distinct", per_value)
        reference = parsing.parse_grids(grids, read_at=READ_AT)
    for key in schema.TABS_BY_KEY:
        pd.testing.assert_frame_equal(fast[key], reference[key], check_exact=True)
    assert fast.problems == reference.problems
    assert fast.headers == reference.headers


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sheets())
def test_the_fast_way_reads_generated_sheets_as_the_per_value_way(grids):
    assert_same_reading(grids)


def test_the_fast_way_reads_hand_picked_edges_as_the_per_value_way():
    members = [schema.tab("members").headers,
               ["MED-1", " Navn\u3000", "forening", "Unge", 45658],
               [" med-1", "Dobbelt", "Forening", "", 45659],  # a repeat in another case, with a space
               ["\x1c", "", "", "", ""],  # only a separator str.strip() removes: blank
               ["MED-2", "#REF!", " #n/a ", "#x", 45660],
               ["#DIV/0!", "x", "Klub", "Ældre, Katte", 2**70]]
    events = [schema.tab("events").headers,
              ["ARR-1", 45658, "Café", "Cafémøde", "", "", "", "", "ja", 12, 3, 4, 5, "MED-1, med-2, MED-9"],
              ["ARR-2", 45659, "\xa0Café\xa0", "cafemode", "", "", "", "", "", "", "", "", "", "Dobbelt og med-1"]]
    assert_same_reading({"members": members, "events": events})


def test_a_date_beside_a_nan_is_read_the_per_value_way():
    # Arrow refuses this pair with a ValueError, not an ArrowException (found by generated inputs).
    events = [schema.tab("events").headers,
              ["ARR-1", dt.datetime(2035, 10, 6, 20, 0, 42), "Café", "Cafémøde"],
              ["ARR-2", float("nan"), "Café", "Cafémøde"]]
    assert_same_reading({"events": events})
    snap = parsing.parse_grids({"events": events})
    assert list(snap["events"]["id"]) == ["ARR-1", "ARR-2"]


def test_the_spaces_the_fast_way_trims_are_those_python_trims():
    assert parsing.PY_SPACES == "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace())


def test_the_fast_way_is_taken_for_text_and_whole_numbers_only():
    assert parsing._distinct(["MED-1", None, " "]).text is not None
    assert parsing._distinct([45658, None, 45659]).values == [45658, 45659]
    assert parsing._distinct([45658, True]).text is None  # True is no 1: the per-value way keeps them apart
    assert parsing._distinct([45658, ""]).text is None
