"""Metric functions behind the reach, members and events charts, on small hand-made data."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import charts, filters, metrics
from fcdash.parsing import parse_grids

D = pd.Timestamp


def snap(events=(), members=(), initiatives=()):
    return parse_grids({
        "members": [["ID", "Navn", "Type", "Målgrupper", "Lokalområde", "Indmeldt", "Udmeldt"], *members],
        "events": [["ID", "Dato", "Titel", "Type", "Indsats", "Lokalområde", "Online", "Deltagere i alt", "Unge 15-25",
                    "Voksne 26-64", "Ældre 65+", "Medvirkende organisationer"], *events],
        "activities": None, "goals": None, "followups": None,
        "initiatives": [["ID", "Navn", "Fokus", "Start", "Slut", "Mål for deltagelser"], *initiatives],
    })


EVENTS = [
    ["E1", "31-3-2026", "A", "Cafémøde", "U", "Korsør", "Nej", 10, 8, 2, 0, "M1, M2, M3"],
    ["E2", "1-4-2026", "B", "Cafémøde", "U", "Korsør", "Ja", 6, 6, 0, 0, "M1, M2"],
    ["E3", "30-6-2026", "C", "Kursus", "G", "Slagelse", "Nej", 20, 0, 5, 12, "M2, M4"],
    ["E4", "1-7-2026", "D", "Kursus", "G", "Slagelse", "Nej", 5, None, None, None, "M1, M2, M2"],
]
MEMBERS = [["M1", "Ældre Sagen", "Forening", "Ældre", "Korsør", "1-1-2020", None],
           ["M2", "Ungehuset", "Institution", "Unge, Børn", "Slagelse", "1-1-2020", "1-7-2026"],
           ["M3", "Kirken", "Kirke", "Alle", "Korsør", "1-4-2026", "1-4-2026"],
           ["M4", "Klubben", "Gruppe", None, None, "15-5-2026", None]]
INITIATIVES = [["U", "Unge", "Ensomhed", "1-1-2026", "31-12-2026", 365], ["G", "Gamle", "Ensomhed", None, None, None],
               ["X", "Andet", "Netværk", None, None, None]]


def test_network_edges_weights_and_node_sizes():
    s = snap(EVENTS, MEMBERS)
    nodes, edges = metrics.network(s["events"], s["members"])
    assert nodes.set_index("org")["events"].to_dict() == {"M1": 3, "M2": 4, "M3": 1, "M4": 1}
    assert nodes.set_index("org").at["M2", "name"] == "Ungehuset"
    weights = {(a, b): w for a, b, w in edges.itertuples(index=False)}
    # M1-M2 met at E1, E2 and E4 (M2 listed twice at E4 counts once); M1-M3 and M2-M3 at E1; M2-M4 at E3
    assert weights == {("M1", "M2"): 3, ("M1", "M3"): 1, ("M2", "M3"): 1, ("M2", "M4"): 1}


def test_a_network_of_hundreds_of_organisations_is_drawn_with_the_most_active_ones():
    # Found by the benchmark at 100x: networkx lays out graphs of over 500 nodes with scipy, which
    # is not installed, so the reach page of a large umbrella of centres crashed.
    members = [[f"M{i}", f"Organisation {i}", "Forening", None, None, "1-1-2020", None] for i in range(700)]
    events = [[f"E{i}", "1-4-2026", "A", "Cafémøde", "U", "Korsør", "Nej", 10, 8, 2, 0,
               f"M{i % 700}, M{(i * 7 + 1) % 700}" + (", M0" if i % 3 == 0 else "")] for i in range(1400)]
    s = snap(events, members)
    nodes, edges = metrics.network(s["events"], s["members"])
    assert len(nodes) == 700
    fig = charts.network_map(nodes, edges)
    dots = fig.data[-1]
    assert len(dots.x) == charts.NETWORK_MAX_NODES
    assert list(dots.hovertext) == list(nodes["name"].head(charts.NETWORK_MAX_NODES))
    assert dots.hovertext[0] == "Organisation 0"  # at a third of the events: the most active
    # Names beside the most active dots only, so they can be read; the others on hover.
    assert [bool(label) for label in dots.text] == [i < charts.NETWORK_LABELS for i in range(len(dots.x))]


def test_attendances_by_band_at_quarter_boundaries():
    s = snap(EVENTS, MEMBERS)
    out = metrics.attendances_by_band_over_time(s["events"], dt.date(2026, 1, 1), dt.date(2026, 9, 30), "Q")
    wide = out.pivot(index="period", columns="band", values="attendances")
    assert list(wide.index.astype(str)) == ["2026Q1", "2026Q2", "2026Q3"]
    assert wide.loc[pd.Period("2026Q1"), "young"] == 8  # 31 March is the first quarter
    assert wide.loc[pd.Period("2026Q2"), "young"] == 6  # 1 April the second
    assert wide.loc[pd.Period("2026Q2"), "unknown"] == 3  # 20 at E3 but the bands give 17
    assert wide.loc[pd.Period("2026Q3"), "unknown"] == 5
    assert metrics.period_label(pd.Period("2026Q2")) == "K2 2026"
    assert metrics.period_label(pd.Period("2026Q2"), "en") == "Q2 2026"


def test_cumulative_reach_and_this_quarters_share_of_the_target():
    s = snap(EVENTS, MEMBERS, INITIATIVES)
    assert metrics.loneliness_initiatives(s["initiatives"]) == ["U", "G"]
    out = metrics.cumulative_reach(s["events"], s["initiatives"], ["U", "G"], dt.date(2026, 1, 1), dt.date(2026, 9, 30), "Q")
    assert list(out.loc[out["initiative"] == "U", "cumulative"]) == [10, 16, 16]
    assert list(out.loc[out["initiative"] == "G", "cumulative"]) == [0, 20, 25]
    assert out.loc[out["initiative"] == "U", "target"].iloc[0] == 365
    quarter = metrics.quarter_reach(s["events"], s["initiatives"], ["U", "G"], dt.date(2026, 5, 1)).set_index("initiative")
    assert (quarter.at["U", "young"], quarter.at["U", "attendances"]) == (6, 6)  # only up to 1 May
    assert quarter.at["U", "target"] == 91  # 365 a year: 91 days of the second quarter
    assert pd.isna(quarter.at["G", "target"])


def test_organisations_over_time_and_by_area():
    s = snap(EVENTS, MEMBERS)
    out = metrics.organisations_over_time(s["events"], dt.date(2026, 1, 1), dt.date(2026, 9, 30), "Q")
    assert list(out["organisations"]) == [3, 3, 2]
    assert list(out["cumulative"]) == [3, 4, 4]
    areas = metrics.attendances_by_area(s["events"])
    assert list(areas.itertuples(index=False, name=None)) == [("Slagelse", 2, 25), ("Korsør", 2, 16)]


def test_members_joining_and_leaving_on_the_same_day():
    s = snap(members=MEMBERS)
    series = metrics.members_over_time(s["members"], dt.date(2026, 3, 1), dt.date(2026, 7, 15))
    assert list(series["date"]) == [D("2026-03-31"), D("2026-04-30"), D("2026-05-31"), D("2026-06-30"), D("2026-07-15")]
    # M3 joins and leaves on 1 April: never active; M4 from 15 May; M2 leaves 1 July
    assert list(series["active"]) == [2, 2, 3, 3, 2]
    flow = metrics.joins_and_leaves(s["members"], dt.date(2026, 1, 1), dt.date(2026, 9, 30))
    assert list(flow["joined"]) == [0, 2, 0] and list(flow["left"]) == [0, 1, 1]


def test_members_by_type_target_group_and_area():
    s = snap(members=MEMBERS)
    at = dt.date(2026, 6, 1)
    assert metrics.members_by(s["members"], at, "type").set_index("type")["members"].to_dict() == {
        "Forening": 1, "Gruppe": 1, "Institution": 1}
    groups = metrics.members_by(s["members"], at, "target_groups").set_index("target_groups")["members"].to_dict()
    assert groups == {"Ældre": 1, "Unge": 1, "Børn": 1, "–": 1}


def test_participants_by_type_and_online_split():
    s = snap(EVENTS, MEMBERS)
    by_type = metrics.participants_by_type(s["events"], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert list(by_type.itertuples(index=False, name=None)) == [
        (pd.Period("2026-03"), "Cafémøde", 10), (pd.Period("2026-04"), "Cafémøde", 6),
        (pd.Period("2026-06"), "Kursus", 20), (pd.Period("2026-07"), "Kursus", 5)]
    split = metrics.online_split(s["events"]).set_index("mode")
    assert split.loc["online"].tolist() == [1, 6] and split.loc["in_person"].tolist() == [3, 35]


def test_filters_narrow_events_and_members():
    s = snap(EVENTS, MEMBERS)
    f = filters.Filters(start=dt.date(2026, 4, 1), end=dt.date(2026, 6, 30), areas=("Korsør", "Slagelse"))
    assert list(filters.events(s["events"], s["members"], f)["id"]) == ["E2", "E3"]
    f = filters.Filters(start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), initiatives=("U",), member_types=("Kirke",))
    assert list(filters.events(s["events"], s["members"], f)["id"]) == ["E1"]
    assert list(filters.members(s["members"], f)["id"]) == ["M3"]


def test_what_is_due_by_today_is_the_target_spread_over_the_periods_days():
    q4 = (dt.date(2026, 10, 1), dt.date(2026, 12, 31))  # 92 days
    assert metrics.due_by(126, *q4, dt.date(2026, 11, 24)) == 75  # 55 of 92 days: 75.3
    assert metrics.due_by(126, *q4, dt.date(2026, 10, 1)) == 1  # the first day is due on that day
    assert metrics.due_by(126, *q4, dt.date(2026, 9, 30)) == 0  # nothing before the period
    assert metrics.due_by(126, *q4, dt.date(2026, 12, 31)) == 126
    assert metrics.due_by(126, *q4, dt.date(2027, 2, 1)) == 126  # all of it after


def test_this_quarters_reach_per_age_band_against_what_is_due_by_today():
    s = parse_grids({
        "events": [["ID", "Dato", "Titel", "Indsats", "Deltagere i alt", "Unge 15-25", "Voksne 26-64", "Ældre 65+"],
                   ["E1", "31-3-2026", "Før kvartalet", "U", 50, 50, 0, 0],
                   ["E2", "2-4-2026", "Café", "U, B", 30, 20, 4, 6],
                   ["E3", "1-5-2026", "Café", "A", 12, 2, 2, 8],
                   ["E4", "2-5-2026", "Efter i dag", "U", 9, 9, 0, 0]],
        "initiatives": [["ID", "Navn", "Fokus", "Målgruppe", "Start", "Slut", "Mål for deltagelser"],
                        ["U", "Unge", "Ensomhed", "Unge", "1-1-2026", "31-12-2026", 365],
                        ["A", "Gamle", "Ensomhed", "Ældre, Frivillige", "1-1-2026", "31-12-2026", 730],
                        ["B", "Begge", "Ensomhed", "Unge, Ældre", "1-1-2026", "31-12-2026", 365],
                        ["N", "Uden mål", "Ensomhed", "Unge", None, None, None],
                        ["X", "Alle", "Ensomhed", "Alle", "1-4-2026", "30-4-2026", 30]],
        "members": None, "activities": None, "goals": None, "followups": None})
    out = metrics.quarter_reach_due(s["events"], s["initiatives"], ["U", "A", "B", "N", "X"], dt.date(2026, 5, 1))
    rows = {(r.initiative, r.band): (r.attendances, r.expected, r.target) for r in out.itertuples()}
    # Q2 is 91 days; 1 May is its 31st. U: 91 of 365 due in the quarter, 31 of them by 1 May; only
    # the young at U's own events count (not E3's, not the first quarter's, not after today).
    assert rows[("U", "young")] == (20, 31, 91)
    assert rows[("A", "elderly")] == (8, 62, 182)  # the old at A's event, against A's target
    # An initiative for two bands shares its target between them.
    assert rows[("B", "young")] == (20, 16, 46) and rows[("B", "elderly")] == (6, 16, 46)
    # For everyone: all attendances; a target only for April is all due by 1 May.
    assert rows[("X", "all")] == (0, 30, 30)
    assert ("N", "young") not in rows  # no target: nothing to compare with
