"""Goals: the colour rules at their boundaries, every kind of countable goal on small hand-made
logs, hand-typed goal mistakes, and the goals page."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fcdash import goals, schema
from fcdash.parsing import parse_grids

G, Y, R = schema.GREEN, schema.YELLOW, schema.RED
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Tæller", "Arrangementstype", "Aktivitetstype", "Indsats",
             "Kun lokalområde", "Kun online", "Målværdi", "Pr.", "Start", "Slut"]


def snapshot(goal_rows, events=(), activities=(), members=(), followups=()):
    return parse_grids({
        "members": [["ID", "Navn", "Indmeldt", "Udmeldt"], *members],
        "events": [["ID", "Dato", "Titel", "Type", "Indsats", "Mål", "Lokalområde", "Online", "Deltagere i alt",
                    "Medvirkende organisationer"], *events],
        "activities": [["Dato", "Type", "Antal", "Mål", "Indsats"], *activities],
        "initiatives": [["ID", "Navn"], ["IND-1", "Unge"]],
        "goals": [GOAL_HEAD, *goal_rows],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"], *followups],
    })


def goal(**kw):
    values = {"ID": "1", "Indsatsområde": "A", "Mål": "Et mål", "Start": "1-1-2026", "Slut": "31-12-2026", **kw}
    return [values.get(h) for h in GOAL_HEAD]


def row_of(snap, today, goal_id="1"):
    table = goals.progress(snap, today)
    return table.set_index("id").loc[goal_id]


@pytest.mark.parametrize("value, target, colour", [
    (2, 2, G), (3, 2, G), (1, 2, Y), (0, 2, R), (70, 70, G), (35, 70, Y), (34, 70, R), (0, 1, R), (0, 0, G),
])
def test_result_colour_boundaries(value, target, colour):
    assert goals.result_colour(value, target) == colour


@pytest.mark.parametrize("today, colour", [
    (dt.date(2026, 1, 15), Y), (dt.date(2026, 4, 14), Y), (dt.date(2026, 4, 15), R), (dt.date(2026, 12, 1), R),
])
def test_time_colour_turns_red_exactly_three_months_behind(today, colour):
    assert goals.time_colour(pd.Timestamp(2026, 1, 15), today) == colour
    assert goals.time_colour(None, today) == G


def test_one_a_year_expects_nothing_until_the_last_day():
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Kursus", "Målværdi": "1", "Pr.": "År"})])
    before = row_of(snap, dt.date(2026, 12, 30))
    assert (before["value"], before["expected"], before["proposed_result"], before["proposed_time"]) == (0, 0, R, G)
    last = row_of(snap, dt.date(2026, 12, 31))
    assert (last["expected"], last["proposed_time"]) == (1, Y)
    assert last["behind_since"] == pd.Timestamp(2026, 12, 31)


def test_four_a_year_expects_one_more_each_quarter_and_is_red_three_months_behind():
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Målværdi": "4",
                             "Pr.": "År"})])
    # 4 x day/365 reaches 1 on day 92, 2 April.
    assert row_of(snap, dt.date(2026, 4, 1))["proposed_time"] == G
    on_the_day = row_of(snap, dt.date(2026, 4, 2))
    assert on_the_day["behind_since"] == pd.Timestamp(2026, 4, 2) and on_the_day["proposed_time"] == Y
    assert row_of(snap, dt.date(2026, 7, 1))["proposed_time"] == Y
    assert row_of(snap, dt.date(2026, 7, 2))["proposed_time"] == R


def test_events_of_a_type_initiative_area_and_online_per_quarter():
    events = [
        ["E1", "15-1-2026", "Brobygning", "Brobygningsmøde", None, None, "Online", "Ja", 8, None],
        ["E2", "16-2-2026", "Brobygning", "Brobygningsmøde", None, None, "Korsør", "Nej", 9, None],  # not online
        ["E3", "15-4-2026", "Brobygning", "Brobygningsmøde", None, None, "Online", "ja", 7, None],
        ["E4", "20-4-2026", "Café", "Cafémøde", "IND-1", None, "Korsør", "Nej", 12, None],
        ["E5", "21-4-2026", "Café", "Cafémøde", "IND-1", None, "Slagelse", "Nej", 30, None],
    ]
    snap = snapshot([
        goal(ID="q", **{"Tæller": "Arrangementer", "Arrangementstype": "Brobygningsmøde", "Kun online": "Ja",
                        "Målværdi": "1", "Pr.": "Kvartal"}),
        goal(ID="a", **{"Tæller": "Deltagere", "Indsats": "IND-1", "Kun lokalområde": "korsør", "Målværdi": "20"}),
    ], events=events)
    q = row_of(snap, dt.date(2026, 5, 1), "q")
    assert (q["window_start"], q["window_end"], q["value"]) == (pd.Timestamp(2026, 4, 1), pd.Timestamp(2026, 6, 30), 1)
    per_quarter = goals.by_window(next(snap["goals"].itertuples()), snap, dt.date(2026, 5, 1))
    assert list(per_quarter["value"]) == [1, 1]
    a = row_of(snap, dt.date(2026, 5, 1), "a")
    assert (a["value"], a["proposed_result"]) == (12, Y)


def test_activities_of_a_type_and_activities_tagged_with_the_goal():
    activities = [["2-1-2026", "Afklarende frivillig-samtale", 1, None, None],
                  ["3-1-2026", "Afklarende frivillig-samtale", 2, None, None],
                  ["4-1-2026", "Henvisning", 5, "t", None],
                  ["5-1-2027", "Afklarende frivillig-samtale", 9, None, None]]  # after the period
    snap = snapshot([goal(ID="s", **{"Tæller": "Aktiviteter", "Aktivitetstype": "Afklarende frivillig-samtale",
                                     "Målværdi": "3"}),
                     goal(ID="t", **{"Tæller": "Aktiviteter", "Målværdi": "10"})], activities=activities)
    assert row_of(snap, dt.date(2026, 6, 1), "s")["value"] == 3
    assert row_of(snap, dt.date(2026, 6, 1), "t")["value"] == 5


def test_active_members_against_a_target_by_the_end_of_the_period():
    members = [[f"M{i}", f"F{i}", "1-1-2020", None] for i in range(46)]
    members += [["N1", "Ny", "1-3-2026", None], ["N2", "Ny 2", "1-3-2026", "1-5-2026"]]
    snap = snapshot([goal(**{"Tæller": "Aktive medlemmer", "Målværdi": "mindst 70", "Start": "1-1-2026",
                             "Slut": "31-12-2026"})], members=members)
    row = row_of(snap, dt.date(2026, 7, 1))
    assert row["value"] == 47
    # from 46 on 31 December to 70 by the end: 46 + floor(24 x 182/365) = 57 expected on 1 July
    assert row["expected"] == 57 and row["proposed_result"] == Y and row["proposed_time"] == R


def test_distinct_organisations_taking_part():
    events = [["E1", "1-2-2026", "Netværk", "Netværksmøde", None, "n", None, None, 10, "M1, M2"],
              ["E2", "1-3-2026", "Netværk", "Netværksmøde", None, "n", None, None, 10, "M2; M3"],
              ["E3", "1-3-2026", "Andet", "Kursus", None, None, None, None, 10, "M4"]]
    members = [["M1", "A", None, None], ["M2", "B", None, None], ["M3", "C", None, None], ["M4", "D", None, None]]
    snap = snapshot([goal(ID="n", **{"Tæller": "Deltagende organisationer", "Målværdi": "3"})],
                    events=events, members=members)
    assert row_of(snap, dt.date(2026, 6, 1), "n")["value"] == 3


def test_goals_typed_by_hand_with_mistakes_are_data_problems():
    snap = snapshot([
        goal(ID="r", **{"Tæller": "Arrangementer", "Målværdi": "2-4", "Pr.": "år"}),
        goal(ID="c", **{"Tæller": "Arrangementer", "Målværdi": "ca. 10"}),
        goal(ID="u", **{"Tæller": "Arrangementer", "Arrangementstype": "Foredrag", "Målværdi": "2"}),
        goal(ID="m", **{"Tæller": "Arrangementer"}),
        goal(ID="h", **{"Mål": "Følges op i hånden"}),
    ])
    assert [(p.cell, p.code, p.value) for p in snap.problems] == [
        ("Mål!J3", "bad_target", "ca. 10"),
        ("Mål!E4", "unknown_category", "Foredrag"),
        ("Mål!J5", "target_missing", ""),
    ]
    table = goals.progress(snap, dt.date(2026, 6, 1)).set_index("id")
    assert table.at["r", "target_text"] == "2-4" and table.at["r", "per"] == "År" and table.at["r", "countable"]
    assert not table.at["c", "countable"] and not table.at["m", "countable"] and not table.at["h", "countable"]


def test_the_board_wins_and_history_is_kept_and_attention_ranks_the_worst_first():
    followups = [["F1", "1-2-2026", "1", "Rød", "Rød", "Først"], ["F2", "1-5-2026", "1", "Grøn", "Gul", "Så"],
                 ["F3", "1-5-2026", "2", "≠", "≠", "Ændret"]]
    snap = snapshot([goal(ID="1"), goal(ID="2"), goal(ID="3", **{"Tæller": "Arrangementer", "Målværdi": "5"})],
                    followups=followups)
    table = goals.progress(snap, dt.date(2026, 6, 1)).set_index("id")
    assert (table.at["1", "board_result"], table.at["1", "board_time"]) == (G, Y)
    assert table.at["2", "board_result"] == schema.CHANGED
    assert list(goals.history("1", snap["followups"])["comment"]) == ["Så", "Først"]
    attention = goals.needs_attention(table.reset_index())
    assert list(attention["id"]) == ["3", "1"]  # 3: proposed red; 1: the board's yellow time
