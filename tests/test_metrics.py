"""Metric functions on small hand-made frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import metrics, schema
from fcdash.parsing import parse_grids

D = pd.Timestamp


def members(*rows):
    frame = pd.DataFrame(rows, columns=["id", "joined", "left"]).astype({"joined": "datetime64[ns]", "left": "datetime64[ns]"})
    return frame.assign(name=frame["id"].str.upper())


def test_active_members_at_the_edges_of_joining_and_leaving():
    m = members(("a", D("2025-01-10"), None), ("b", D("2025-01-01"), D("2025-03-01")),
                ("c", None, None), ("d", D("2025-03-01"), D("2025-03-01")))
    assert list(metrics.active_members(m, dt.date(2025, 1, 9))["id"]) == ["b", "c"]
    assert list(metrics.active_members(m, dt.date(2025, 1, 10))["id"]) == ["a", "b", "c"]
    # b leaves on 1 March, d joins and leaves the same day: neither is active that day
    assert list(metrics.active_members(m, dt.date(2025, 3, 1))["id"]) == ["a", "c"]
    assert list(metrics.active_members(m, dt.date(2025, 2, 28))["id"]) == ["a", "b", "c"]
    # A total typed under the table in a column of the volunteers' own: a row, not a member.
    total = pd.concat([m, pd.DataFrame({"id": [None], "name": [None]})], ignore_index=True)
    assert list(metrics.active_members(total, dt.date(2025, 2, 28))["id"]) == ["a", "b", "c"]


def events(*rows):
    frame = pd.DataFrame(rows, columns=["date", "participants", "young", "adults", "elderly"])
    return frame.astype({"date": "datetime64[ns]", **{c: "Int64" for c in frame.columns[1:]}})


def test_per_month_fills_empty_months_and_counts_both_edges():
    e = events((D("2025-01-01"), 10, 5, 5, 0), (D("2025-01-31"), 3, None, None, None),
               (D("2025-03-15"), None, None, None, None), (D("2025-04-01"), 99, 0, 0, 99))
    out = metrics.per_month(e, dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    assert list(out["month"]) == [D("2025-01-01"), D("2025-02-01"), D("2025-03-01")]
    assert list(out["events"]) == [2, 0, 1]
    assert list(out["participants"]) == [13, 0, 0]


def test_attendances_by_age_counts_the_unexplained_rest_as_unknown():
    e = events((D("2025-01-01"), 10, 5, 3, 0), (D("2025-01-02"), 4, None, None, None), (D("2025-01-03"), 6, 0, 0, 6))
    out = metrics.attendances_by_age(e)
    assert out.set_index("band")["attendances"].to_dict() == {"young": 5, "adults": 3, "elderly": 6, "unknown": 6}


def test_activities_by_type_adds_counts_and_sorts():
    a = pd.DataFrame({"type": ["Henvisning", "Andet", "Henvisning", "Fundraising-hjælp"],
                      "count": pd.array([1, 5, 2, 3], dtype="Int64")})
    out = metrics.activities_by_type(a)
    assert list(out.itertuples(index=False, name=None)) == [("Andet", 5), ("Fundraising-hjælp", 3), ("Henvisning", 3)]


def test_latest_followup_wins_and_goals_by_colour():
    f = pd.DataFrame({
        "_row": [2, 3, 4, 5, 6], "goal": ["1.1", "1.1", "1.2", "1.2", "9.9"],
        "date": pd.to_datetime(["2025-01-01", "2025-03-01", "2025-03-01", "2025-03-01", "2025-03-01"]),
        "result": [schema.RED, schema.GREEN, schema.YELLOW, schema.CHANGED, schema.RED],
    })
    g = pd.DataFrame({"id": ["1.1", "1.2", "1.3", None]})
    latest = metrics.latest_followups(f)
    assert latest.loc["1.1", "result"] == schema.GREEN
    assert latest.loc["1.2", "result"] == schema.CHANGED  # same date: the lower row is the later entry
    out = metrics.goals_by_colour(g, f).set_index("colour")["goals"].to_dict()
    assert out == {schema.GREEN: 1, schema.YELLOW: 0, schema.RED: 0, schema.CHANGED: 1, metrics.NO_FOLLOWUP: 2}


def test_key_figures_on_a_tiny_sheet():
    grids = {
        "members": [["ID", "Navn", "Indmeldt", "Udmeldt"], ["M1", "A", "1-1-2020", None],
                    ["M2", "B", "1-6-2025", None], ["M3", "C", "1-1-2020", "1-2-2025"]],
        "events": [["Dato", "Titel", "Type", "Deltagere i alt"], ["2-1-2025", "X", "Kursus", 10],
                   ["31-12-2024", "Y", "Kursus", 50], ["3-3-2025", "Z", "Kursus", "5"]],
        "activities": [["Dato", "Type", "Antal"], ["2-1-2025", "Henvisning", None], ["3-1-2025", "Andet", 4]],
        "initiatives": None, "goals": None, "followups": None,
    }
    snap = parse_grids(grids)
    assert metrics.key_figures(snap, dt.date(2025, 6, 30)) == {
        "active_members": 2, "members_delta": 0, "events": 2, "participants": 15, "activities": 5}


def test_months_back():
    assert metrics.months_back(dt.date(2026, 11, 23), 12) == dt.date(2025, 12, 1)
    assert metrics.months_back(dt.date(2026, 1, 5), 1) == dt.date(2026, 1, 1)
    assert metrics.months_back(dt.date(2026, 1, 5), 13) == dt.date(2025, 1, 1)
