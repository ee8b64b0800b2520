"""Property-based tests (hypothesis): arbitrary text, numbers, formulas, huge strings and blanks in
every column of every tab. No exception reaches the metrics, goals, report or charts; every
unreadable value becomes a data problem with its cell; every row that holds anything is counted,
a repeated id once."""

from __future__ import annotations

import pytest

import datetime as dt
import math
import numbers
import re

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fcdash import charts, goals, metrics, references, schema
from fcdash.reports import board, periods
from fcdash.grid import column_letter, is_blank
from fcdash.parsing import parse_grids
from fcdash.snapshot import ROW

TODAY = dt.date(2026, 11, 23)
TYPED = (schema.Kind.DATE, schema.Kind.INT, schema.Kind.BOOL, schema.Kind.TARGET)

cells = st.one_of(
    st.none(), st.just(""), st.just("   "),
    st.text(max_size=30), st.builds(lambda piece, n: "x" + piece * n, st.text(min_size=1, max_size=4), st.integers(500, 800)),
    st.sampled_from(["=1+1", "=IMPORTXML(\"http://x\")", "+45 12 34", "-nej", "@alle", "#REF!", "#N/A", "'tekst",
                     "12-03-2025", "12.3.25", "1/3-2025", "2025-03-12", "31-02-2025", "ca. 10", "2-4", "1 234",
                     "12,5", "Ja", "nej", "Grøn", "≠", "Kursus", "Henvisning", "MED-1", "1.1"]),
    st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1800, 1, 1), max_value=dt.datetime(2300, 1, 1)),
)


@st.composite
def sheets(draw):
    grids = {}
    for tab in schema.TABS:
        if draw(st.integers(0, 9)) == 0:
            grids[tab.key] = None  # a tab deleted by someone
            continue
        rows = draw(st.lists(st.lists(cells, min_size=len(tab.columns), max_size=len(tab.columns)), max_size=6))
        grids[tab.key] = [tab.headers, *rows]
    return grids


def holds_something(row) -> bool:
    return any(not is_blank(v) for v in row)


@pytest.mark.fault("generated inputs in every column of every tab")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sheets())
def test_no_exception_every_bad_value_a_problem_every_row_counted(grids):
    snap = parse_grids(grids)
    problem_cells = {p.cell for p in snap.problems}
    own = references.own_lists(snap["lists"])
    for tab in schema.TABS:
        grid = grids[tab.key]
        frame = snap[tab.key]
        if grid is None:
            reported = any(p.code == "missing_tab" and p.tab == tab.key for p in snap.problems)
            assert frame.empty and reported != tab.optional  # a tab added later may be missing quietly
            continue
        # Every row with anything in it is there, but a repeated id counts once: the later row is
        # reported, and an earlier row with that id is kept.
        repeats = {p.row: p.value.lower() for p in snap.problems if p.tab == tab.key and p.code == "duplicate_id"}
        filled = [i + 2 for i, row in enumerate(grid[1:]) if holds_something(row) and i + 2 not in repeats]
        assert list(frame[ROW]) == filled
        kept = frame["id"].dropna().str.lower()
        assert not kept.duplicated().any()
        for row_number, folded in repeats.items():
            assert (frame.loc[kept.index[kept == folded], ROW] < row_number).any()
        for row_number, row in zip(range(2, len(grid) + 1), grid[1:]):
            if not holds_something(row) or row_number in repeats:
                continue
            parsed = frame.loc[frame[ROW] == row_number].iloc[0]
            for j, col in enumerate(tab.columns):
                raw = row[j]
                cell = f"{tab.title}!{column_letter(j)}{row_number}"
                if tab.key == "activities" and col.key == "count" and not is_blank(raw):
                    # An unreadable count is reported with its cell and the row counts as one (so
                    # the parsed value is never missing); a count read without a problem is the
                    # whole number the cell holds.
                    if cell in problem_cells:
                        assert parsed[col.key] == 1, (cell, raw, parsed[col.key])
                    else:
                        assert _plainly_holds(raw, parsed[col.key]), (cell, raw, parsed[col.key])
                elif col.kind in TYPED and not is_blank(raw) and _missing(parsed[col.key]):
                    assert cell in problem_cells, (cell, raw)
                if col.kind in (schema.Kind.CATEGORY,) and not is_blank(raw) and parsed[col.key] not in schema.categories(
                        col, own):  # the built-in values and the centre's own (Egne lister)
                    assert f"{tab.title}!{column_letter(j)}{row_number}" in problem_cells, (tab.key, col.key, raw)
    # Nothing downstream raises on what was read.
    figures = metrics.key_figures(snap, TODAY)
    assert all(isinstance(v, int) for v in figures.values())
    table = goals.progress(snap, TODAY)
    goals.needs_attention(table)
    metrics.goals_by_colour(snap["goals"], snap["followups"])
    start = dt.date(2025, 1, 1)
    charts.events_per_month(metrics.per_month(snap["events"], start, TODAY))
    charts.reach_by_band(metrics.attendances_by_band_over_time(snap["events"], start, TODAY, "Q"))
    nodes, edges = metrics.network(snap["events"], snap["members"])
    charts.network_map(nodes, edges)
    charts.members_over_time(metrics.members_over_time(snap["members"], start, TODAY), None)
    metrics.members_by(snap["members"], TODAY, "target_groups")
    built = board.build(snap, *periods.default_period(snap, TODAY), today=TODAY, centre="X")
    board.excel(built)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT


def _plainly_holds(raw, value) -> bool:
    """Whether a cell read as the count ``value`` without a problem plainly holds that whole
    number: the same number, or text that is it with spaces, a decimal comma or thousands dots."""
    if isinstance(raw, (bool, dt.datetime)) or isinstance(value, bool) or not isinstance(value, numbers.Integral):
        return False
    if value < 0:
        return False
    if isinstance(raw, (int, float)):
        return float(raw) == value
    text = re.sub(r"\s+", "", str(raw))
    for reading in {text, text.replace(",", "."), text.replace(".", ""), text.replace(".", "").replace(",", ".")}:
        try:
            if float(reading) == value:
                return True
        except ValueError:
            pass
    return False


def test_an_unreadable_activity_count_is_a_problem_with_its_cell_and_counts_as_one():
    tab = schema.tab("activities")
    column = [c.key for c in tab.columns].index("count")
    typed = ["abc", "-3", "2,5", True, "#REF!", float("inf"), "1 234", 7, "12,0", None]
    rows = []
    for i, count in enumerate(typed):
        row = [None] * len(tab.columns)
        row[0], row[1], row[2], row[column] = f"AKT-{i}", "2026-11-20", "Afklarende frivillig-samtale", count
        rows.append(row)
    snap = parse_grids({**{t.key: [t.headers] for t in schema.TABS}, "activities": [tab.headers, *rows]})
    letter = column_letter(column)
    flagged = sorted(p.cell for p in snap.problems if p.tab == "activities" and p.column == tab.column("count").header)
    assert flagged == sorted(f"{tab.title}!{letter}{r}" for r in range(2, 8))  # the six that are not numbers
    assert list(snap["activities"]["count"]) == [1, 1, 1, 1, 1, 1, 1234, 7, 12, 1]  # a blank count is one too
    assert metrics.key_figures(snap, TODAY)["activities"] == 1 * 6 + 1234 + 7 + 12 + 1


@pytest.mark.fault("generated inputs in every column of every tab")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sheets())
def test_the_report_pdf_never_fails_on_what_volunteers_type(grids):
    snap = parse_grids(grids)
    built = board.build(snap, dt.date(2025, 1, 1), TODAY, today=TODAY, centre="Frivilligcenter =1+1")
    assert board.pdf(built).startswith(b"%PDF")
