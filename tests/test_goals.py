"""Goals judged the way the board judges them: the counted goals of the customers' plans on small
hand-made logs, at the boundary days, with the lights a board member would set by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fcdash import counting, goals, schema, tables
from fcdash.reports import board, words
from fcdash.counting import Target
from fcdash.parsing import parse_grids

G, Y, R = schema.GREEN, schema.YELLOW, schema.RED
D = dt.date
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Hovedmål", "Tæller", "Arrangementstype", "Aktivitetstype", "Indsats",
             "Kun netværk", "Kun lokalområde", "Kun online", "Kun medlemstyper", "Kun aldersgruppe", "Pr. gruppe",
             "Målværdi", "Pr.", "Start", "Slut"]
EVENT_HEAD = ["ID", "Dato", "Titel", "Type", "Indsats", "Netværk", "Mål", "Lokalområde", "Online", "Deltagere i alt",
              "Unge 15-25", "Medvirkende organisationer"]


def snapshot(goal_rows, events=(), activities=(), members=(), followups=(), networks=()):
    return parse_grids({
        "members": [["ID", "Navn", "Type", "Lokalområde", "Indmeldt", "Udmeldt", "Netværk"], *members],
        "events": [EVENT_HEAD, *events],
        "activities": [["Dato", "Type", "Antal", "Mål", "Indsats"], *activities],
        "initiatives": [["ID", "Navn"], ["IND-1", "Unge"]],
        "networks": [["ID", "Navn", "Start"], *networks],
        "goals": [GOAL_HEAD, *goal_rows],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"], *followups],
    })


def goal(**kw):
    values = {"ID": "1", "Indsatsområde": "A", "Mål": "Et mål", "Start": "1-1-2026", "Slut": "31-12-2026", **kw}
    return [values.get(h) for h in GOAL_HEAD]


def event(ident, day, typ="Netværksmøde", **kw):
    values = {"ID": ident, "Dato": day, "Titel": typ, "Type": typ, "Deltagere i alt": 10, **kw}
    return [values.get(h) for h in EVENT_HEAD]


def row_of(snap, today, goal_id="1"):
    return goals.progress(snap, today).set_index("id").loc[goal_id]


def lights(row):
    return tuple(row[k] if isinstance(row[k], str) else None for k in ("proposed_result", "proposed_time"))


# --- the colour rules -------------------------------------------------------------------------------

@pytest.mark.parametrize("value, need, base, colour", [
    (2, 2, 0, G), (3, 2, 0, G), (1, 2, 0, Y), (0, 2, 0, R), (70, 70, 0, G), (35, 70, 0, Y), (34, 70, 0, R),
    (0, 1, 0, R), (0, 0, 0, G), (58, 70, 46, Y), (57, 70, 46, R), (44, 70, 46, R),
])
def test_result_colour_boundaries(value, need, base, colour):
    assert goals.result_colour(value, need, base) == colour


@pytest.mark.parametrize("today, colour", [(D(2026, 1, 15), Y), (D(2026, 4, 14), Y), (D(2026, 4, 15), R)])
def test_time_turns_red_exactly_three_months_behind(today, colour):
    assert goals.time_colour(pd.Timestamp(2026, 1, 15), today) == colour
    assert goals.time_colour(None, today) == G


@pytest.mark.parametrize("typed, target", [
    ("70", Target("min", 70, None)), ("mindst 70", Target("min", 70, None)), ("min. 2", Target("min", 2, None)),
    ("præcis 4", Target("exact", 4, 4)), ("2-4", Target("range", 2, 4)), ("1 - 2", Target("range", 1, 2)),
    ("op til 30", Target("max", 0, 30)), ("højst 5", Target("max", 0, 5)), ("Op til 30", Target("max", 0, 30)),
    ("fra 46 til 70", Target("min", 70, None, 46)), ("1.234", Target("min", 1234, None)),
])
def test_every_target_form_as_volunteers_type_it(typed, target):
    assert counting.parse_target(typed) == target


@pytest.mark.parametrize("typed", ["ca. 10", "4-2", "mange", "", "101 %", "ca. 70 %", "80-60 %", "%"])
def test_what_is_not_a_target(typed):
    assert counting.parse_target(typed) is None


# --- the seed goals ---------------------------------------------------------------------------------

def test_two_to_four_network_meetings_per_network_a_year_follow_the_worst_network():
    """Slagelse 004: 'Afholdelse af 2-4 netværksmøder per netværk om året'. One network met three
    times, one once, one not at all: the goal is red, and the page lists each network's count."""
    networks = [["N1", "Ældrenetværket", "1-1-2026"], ["N2", "Ungenetværket", "1-1-2026"],
                ["N3", "Integrationsnetværket", "1-1-2026"]]
    events = [event("E1", "10-2-2026", Netværk="N1"), event("E2", "10-5-2026", Netværk="N1"),
              event("E3", "10-9-2026", Netværk="N1"), event("E4", "12-3-2026", Netværk="Ungenetværket")]
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Pr. gruppe": "Netværk",
                             "Målværdi": "2-4", "Pr.": "År"})], events=events, networks=networks)
    row = row_of(snap, D(2026, 12, 31))
    by_network = {g["name"]: (g["verdict"].now.value, g["verdict"].result) for g in row["groups"]}
    assert by_network == {"Ældrenetværket": (3, G), "Ungenetværket": (1, Y), "Integrationsnetværket": (0, R)}
    assert row["proposed_result"] == R
    # One goal over all networks would have been green: four meetings in the year.
    over_all = snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Målværdi": "2-4",
                                 "Pr.": "År"})], events=events, networks=networks)
    assert row_of(over_all, D(2026, 12, 31))["proposed_result"] == G


def test_a_network_is_judged_from_the_day_it_began():
    networks = [["N1", "Nyt netværk", "1-10-2026"]]
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Pr. gruppe": "Netværk", "Målværdi": "2", "Pr.": "År"})],
                    events=[event("E1", "1-11-2026", Netværk="N1")], networks=networks)
    group = row_of(snap, D(2026, 10, 20))["groups"][0]["verdict"]
    # Its part of the year is October-December: nothing due yet on the 20th, so the window is in
    # progress (neither met nor failed) and on schedule.
    assert group.now.start == pd.Timestamp(2026, 10, 1) and group.now.due == 0 and group.now.in_progress
    assert (group.result, group.time) == (None, G)


def every_other_month_meetings():
    """001: 'Netværksdialogmøder hver anden måned': six meetings January-June, none since."""
    events = [event(f"E{i}", f"15-{month}-2026", "Dialogmøde") for i, month in enumerate(range(1, 7))]
    return snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Dialogmøde", "Målværdi": "1",
                             "Pr.": "Anden måned"})], events=events)


def test_every_other_month_a_window_missed_behind_us_is_yellow_then_red():
    snap = every_other_month_meetings()
    # July-August runs a day more without its meeting: it pulls the result down; the time is kept
    # until its last day.
    august = row_of(snap, D(2026, 8, 30))
    assert lights(august) == (Y, G)
    # July-August closed unmet, still in its grace of a week (yellow: a meeting now keeps the
    # rhythm); September-October just begun
    september = row_of(snap, D(2026, 9, 1))
    assert [w.colour for w in september["windows"]] == [G, G, G, Y, None]
    assert [w.colour for w in row_of(snap, D(2026, 9, 9))["windows"]] == [G, G, G, R, None]  # the grace is over
    assert lights(september) == (Y, Y) and september["behind_since"] == pd.Timestamp(2026, 8, 31)
    assert september["windows_met"] == 3
    assert row_of(snap, D(2026, 11, 29))["proposed_time"] == Y  # behind for less than 3 months
    assert lights(row_of(snap, D(2026, 11, 30))) == (Y, R)  # 3 months behind, and September-October missed too


def quarterly_bridge_meetings(*days):
    """004: 'Afholdelse af kvartalsvise online brobygningsmøder'."""
    events = [event(f"E{i}", day, "Brobygningsmøde", Online="Ja") for i, day in enumerate(days)]
    return snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Brobygningsmøde", "Kun online": "Ja",
                             "Målværdi": "1", "Pr.": "Kvartal"})], events=events)


def test_a_skipped_quarter_is_seen_on_the_day_it_is_missed_and_red_three_months_later():
    snap = quarterly_bridge_meetings("15-1-2026")  # the first quarter held, then none
    assert lights(row_of(snap, D(2026, 4, 1))) == (G, G)  # the second quarter's first day: nothing due yet
    assert lights(row_of(snap, D(2026, 5, 10))) == (G, G)  # not yet halfway: in progress, nothing due
    assert lights(row_of(snap, D(2026, 5, 20))) == (Y, G)  # past halfway: the quarter's meeting is due by now
    # A day before its end, the quarter without its meeting pulls the result down; the time is kept.
    assert lights(row_of(snap, D(2026, 6, 29))) == (Y, G)
    last_day = row_of(snap, D(2026, 6, 30))  # the whole quarter's meeting is due today
    assert last_day["proposed_time"] == Y and last_day["behind_since"] == pd.Timestamp(2026, 6, 30)
    missed = row_of(snap, D(2026, 7, 1))
    assert [w.colour for w in missed["windows"]] == [G, Y, None] and lights(missed) == (Y, Y)  # in its grace
    assert [w.colour for w in row_of(snap, D(2026, 7, 12))["windows"]] == [G, R, None]  # a quarter skipped
    assert row_of(snap, D(2026, 9, 29))["proposed_time"] == Y
    assert row_of(snap, D(2026, 9, 30))["proposed_time"] == R  # three months behind


def test_a_met_quarter_after_a_missed_one_puts_time_back_on_schedule():
    snap = quarterly_bridge_meetings("15-1-2026", "15-8-2026")
    assert row_of(snap, D(2026, 8, 14))["proposed_time"] == Y  # the second quarter's meeting is still missing
    assert lights(row_of(snap, D(2026, 8, 15))) == (Y, G)  # the third quarter's is held: on schedule again
    assert row_of(snap, D(2026, 10, 1))["windows_met"] == 2  # 2 of 3 windows; the fourth just begun is in progress


def test_on_15_january_last_years_met_target_is_not_red():
    """Every target of the year before was met: a new year that has just begun is not red."""
    events = [event("E1", "12-10-2025", "Kursus")]
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Kursus", "Målværdi": "1", "Pr.": "År",
                             "Start": "1-1-2025", "Slut": "31-12-2026"})], events=events)
    assert lights(row_of(snap, D(2026, 1, 15))) == (G, G)
    assert row_of(snap, D(2026, 12, 31))["proposed_time"] == Y  # due by the year's last day


def test_up_to_thirty_organisations_is_a_maximum():
    """004: 'I Alliancen kan op til 30 forskellige foreninger og fællesskaber engagere sig'."""
    members = [[f"M{i}", f"Forening {i}", "Forening", "By", "1-1-2020", None, None] for i in range(31)]
    first = [event(f"E{i}", "1-3-2026", Indsats="IND-1", **{"Medvirkende organisationer": f"M{i}"}) for i in range(30)]
    target = {"Tæller": "Deltagende organisationer", "Indsats": "IND-1", "Målværdi": "op til 30", "Pr.": "Periode"}
    within = snapshot([goal(**target)], events=first, members=members)
    assert row_of(within, D(2026, 6, 1))["value"] == 30 and lights(row_of(within, D(2026, 6, 1))) == (G, G)
    over = snapshot([goal(**target)], events=[*first, event("E30", "1-4-2026", Indsats="IND-1",
                                                            **{"Medvirkende organisationer": "M30"})], members=members)
    row = row_of(over, D(2026, 6, 1))
    assert row["target_text"] == "højst 30" and lights(row) == (R, Y)
    assert row["behind_since"] == pd.Timestamp(2026, 4, 1)


def test_activities_in_changing_local_areas_and_the_diversity_of_member_types():
    """004: 'Afholdelse af aktiviteter i skiftende lokalområder'; 'Mål for mangfoldighed i
    medlemssammensætningen'; a local-area filter on a membership goal is applied."""
    events = [event("E1", "1-2-2026", "Cafémøde", Lokalområde="Korsør"),
              event("E2", "1-3-2026", "Cafémøde", Lokalområde="Skælskør"),
              event("E3", "1-4-2026", "Cafémøde", Lokalområde="korsør "),
              event("E4", "1-5-2026", "Cafémøde", Lokalområde="Dalmose")]
    members = [["M1", "A", "Forening", "Korsør", "1-1-2020", None, None],
               ["M2", "B", "Kirke", "Korsør", "1-1-2020", None, None],
               ["M3", "C", "Virksomhed", "Slagelse", "1-1-2020", None, None],
               ["M4", "D", "Gruppe", "Korsør", "1-1-2020", "1-2-2026", None]]
    snap = snapshot([goal(ID="areas", **{"Tæller": "Forskellige lokalområder", "Målværdi": "3", "Pr.": "År"}),
                     goal(ID="types", **{"Tæller": "Forskellige medlemstyper", "Målværdi": "mindst 3"}),
                     goal(ID="korsør", **{"Tæller": "Aktive medlemmer", "Kun lokalområde": "Korsør",
                                          "Målværdi": "2"})], events=events, members=members)
    assert row_of(snap, D(2026, 6, 1), "areas")["value"] == 3  # Korsør typed twice counts once
    assert row_of(snap, D(2026, 6, 1), "types")["value"] == 3  # the group left on 1 February
    assert row_of(snap, D(2026, 6, 1), "korsør")["value"] == 2


def test_at_least_seventy_from_forty_six_is_measured_from_the_start():
    """001: 46 member organisations, 'mindst 70 foreninger ... senest ved udgangen af projektperioden'."""
    def members(n):
        return [[f"M{i}", f"F{i}", "Forening", "By", "1-1-2020", "1-6-2026" if i >= n else None, None]
                for i in range(46)]
    target = {"Tæller": "Aktive medlemmer", "Målværdi": "fra 46 til 70", "Pr.": "Periode"}
    shrunk = snapshot([goal(**target)], members=members(44))
    row = row_of(shrunk, D(2026, 12, 31))
    assert row["value"] == 44 and row["target_text"] == "fra 46 til 70" and row["proposed_result"] == R
    grown = snapshot([goal(**target)], members=members(46) + [[f"N{i}", f"Ny {i}", "Forening", "By", "1-3-2026",
                                                               None, None] for i in range(12)])
    assert row_of(grown, D(2026, 12, 31))["value"] == 58 and row_of(grown, D(2026, 12, 31))["proposed_result"] == Y


def test_new_members_in_each_window():
    members = [["M1", "A", "Forening", "By", "1-1-2020", None, None], ["M2", "B", "Kirke", "By", "3-2-2026", None, None],
               ["M3", "C", "Kirke", "By", "5-5-2026", None, None]]
    snap = snapshot([goal(**{"Tæller": "Nye medlemmer", "Målværdi": "1", "Pr.": "Kvartal"})], members=members)
    assert [w.value for w in row_of(snap, D(2026, 7, 1))["windows"]] == [1, 1, 0]


def test_one_or_two_courses_about_fundraising_do_not_count_the_recruitment_course():
    """004: '1-2 aktiviteter/kurser årligt der er bredt relevante om fx fundraising': several
    event types, and a course logged for another goal does not count here."""
    events = [event("E1", "5-3-2026", "Temamøde"), event("E2", "12-10-2026", "Kursus", Mål="rek"),
              event("E3", "5-10-2026", "Kursus", Mål="fund, rek"), event("E4", "6-10-2026", "Cafémøde")]
    snap = snapshot([goal(ID="fund", **{"Tæller": "Arrangementer", "Arrangementstype": "Temamøde, Kursus",
                                        "Målværdi": "1-2", "Pr.": "År"}),
                     goal(ID="rek", **{"Tæller": "Arrangementer", "Arrangementstype": "Kursus", "Målværdi": "1",
                                       "Pr.": "År"})], events=events)
    assert row_of(snap, D(2026, 11, 1), "fund")["value"] == 2  # E1 (not logged for a goal) and E3
    assert row_of(snap, D(2026, 11, 1), "rek")["value"] == 2  # E2 and E3


def test_a_count_to_follow_without_a_target_is_a_figure_not_a_problem():
    """004: 'Registrering af individuelle samtaler'."""
    activities = [["2-1-2026", "Afklarende frivillig-samtale", 1, None, None],
                  ["3-2-2026", "Afklarende frivillig-samtale", 2, None, None],
                  ["4-2-2026", "Henvisning", 5, None, None]]
    snap = snapshot([goal(**{"Tæller": "Aktiviteter", "Aktivitetstype": "Afklarende frivillig-samtale",
                             "Pr.": "Måned"})], activities=activities)
    assert snap.problems == []
    row = row_of(snap, D(2026, 2, 10))
    assert row["status"] == goals.FOLLOWED and [w.value for w in row["windows"]] == [1, 2]
    assert lights(row) == (None, None)


def test_young_attendances_count_only_the_young():
    events = [event("E1", "1-2-2026", "Cafémøde", **{"Deltagere i alt": 20, "Unge 15-25": 8})]
    snap = snapshot([goal(**{"Tæller": "Deltagere", "Kun aldersgruppe": "Unge", "Målværdi": "10"})], events=events)
    assert row_of(snap, D(2026, 3, 1))["value"] == 8


def test_a_changed_goal_is_not_judged_nor_listed_as_needing_attention():
    followups = [["F1", "1-2-2026", "1", "Rød", "Rød", "Først"], ["F2", "1-5-2026", "1", "≠", "≠", "Ændret"]]
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Målværdi": "5"})], followups=followups)
    row = row_of(snap, D(2026, 6, 1))
    assert row["status"] == goals.CHANGED and lights(row) == (None, None)
    assert goals.needs_attention(goals.progress(snap, D(2026, 6, 1))).empty
    before = row_of(snap, D(2026, 3, 1))  # before the board changed it: judged, and red by the board
    assert before["status"] == goals.SCORED and before["board_result"] == R


def test_sub_goals_show_on_their_main_goal_and_the_boards_colour_wins():
    """Lyngby-Taarbæk: four goals with sub-goals (delmål)."""
    followups = [["F1", "1-5-2026", "main", "Grøn", "Gul", "Bestyrelsens egen vurdering"]]
    events = [event("E1", "1-2-2026", "Temamøde")]
    snap = snapshot([goal(ID="main", Mål="Styrkelse af medlemsforeningerne"),
                     goal(ID="a", Hovedmål="main", **{"Tæller": "Arrangementer", "Arrangementstype": "Temamøde",
                                                      "Målværdi": "1", "Pr.": "Periode"}),
                     goal(ID="b", Hovedmål="main", **{"Tæller": "Arrangementer", "Arrangementstype": "Kursus",
                                                      "Målværdi": "1", "Pr.": "Kvartal"}),
                     goal(ID="c", Hovedmål="findes-ikke")], events=events, followups=followups)
    assert [(p.cell, p.code) for p in snap.problems] == [("Mål!D5", "unknown_main")]
    table = goals.progress(snap, D(2026, 7, 1))
    main = table.set_index("id").loc["main"]
    assert main["subs"] == ["a", "b"] and goals.sub_summary(table, "main") == {G: 1, R: 1}
    assert lights(main) == (R, R)  # proposed from its sub-goals' worst
    assert (main["board_result"], main["board_time"]) == (G, Y)  # what the board set is what the page shows first


def test_a_filter_that_cannot_apply_is_a_data_problem_and_the_goal_is_not_counted():
    snap = snapshot([goal(**{"Tæller": "Aktive medlemmer", "Kun online": "Ja", "Målværdi": "50"}),
                     goal(ID="2", **{"Tæller": "Aktiviteter", "Pr. gruppe": "Lokalområde", "Målværdi": "5"})])
    assert [(p.cell, p.code) for p in snap.problems] == [("Mål!K2", "filter_not_applicable"),
                                                         ("Mål!N3", "group_not_applicable")]
    table = goals.progress(snap, D(2026, 6, 1)).set_index("id")
    assert table.at["1", "status"] == goals.INVALID and table.at["2", "status"] == goals.INVALID


def test_goals_typed_by_hand_with_mistakes_are_data_problems():
    snap = snapshot([
        goal(ID="r", **{"Tæller": "Arrangementer", "Målværdi": "2-4", "Pr.": "årligt"}),
        goal(ID="c", **{"Tæller": "Arrangementer", "Målværdi": "ca. 10"}),
        goal(ID="u", **{"Tæller": "Arrangementer", "Arrangementstype": "Foredrag", "Målværdi": "2"}),
        goal(ID="h", **{"Mål": "Følges op i hånden"}),
    ])
    assert [(p.cell, p.code, p.value) for p in snap.problems] == [("Mål!O3", "bad_target", "ca. 10"),
                                                                  ("Mål!F4", "unknown_category", "Foredrag")]
    table = goals.progress(snap, D(2026, 6, 1)).set_index("id")
    assert table.at["r", "target_text"] == "2-4" and table.at["r", "per"] == "År" and table.at["r", "countable"]
    assert table.at["c", "status"] == goals.INVALID and table.at["h", "status"] == goals.BY_HAND


def test_the_board_wins_history_is_kept_and_attention_ranks_the_worst_first():
    followups = [["F1", "1-2-2026", "1", "Rød", "Rød", "Først"], ["F2", "1-5-2026", "1", "Grøn", "Gul", "Så"]]
    snap = snapshot([goal(ID="1"), goal(ID="3", **{"Tæller": "Arrangementer", "Målværdi": "5"})], followups=followups)
    table = goals.progress(snap, D(2027, 1, 2)).set_index("id")  # goal 3's year ended with nothing: red
    assert (table.at["1", "board_result"], table.at["1", "board_time"]) == (G, Y)
    assert list(goals.history("1", snap["followups"])["comment"]) == ["Så", "Først"]
    assert list(goals.history("1", snap["followups"], end=D(2026, 3, 1))["comment"]) == ["Først"]
    assert list(goals.needs_attention(table.reset_index())["id"]) == ["3", "1"]


# --- as of a date: the report for an earlier quarter -------------------------------------------------

def test_the_report_for_an_earlier_quarter_shows_that_quarters_colours_history_and_windows():
    followups = [["F1", "28-4-2026", "1", "Gul", "Gul", "Et kvartals møde blev aflyst."],
                 ["F2", "29-9-2026", "1", "≠", "≠", "Målet er ændret."]]
    events = [event("E1", "15-1-2026", "Brobygningsmøde", Online="Ja"),
              event("E2", "15-4-2026", "Brobygningsmøde", Online="Ja")]
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Brobygningsmøde", "Målværdi": "1",
                             "Pr.": "Kvartal"})], events=events, followups=followups)
    content = board.build(snap, D(2026, 4, 1), D(2026, 6, 30), today=D(2026, 11, 24), centre="Centret")
    row = content.goals.set_index("id").loc["1"]
    assert (row["board_result"], row["board_time"]) == (Y, Y)  # not the ≠ set in September
    assert words.windows_text(row.to_dict()) == "2. kvartal 2026: 1 af\u00a01"  # a no-break space: never "1" alone
    assert words.windows_text(row.to_dict(), "en") == "Q2 2026: 1 of\u00a01"
    assert list(content.history["comment"]) == ["Et kvartals møde blev aflyst."]


@pytest.mark.parametrize("name, rhythm, start, end", [
    ("mar. 2026", "Måned", D(2026, 3, 1), D(2026, 3, 31)), ("jan.–feb. 2026", "Anden måned", D(2026, 1, 1), D(2026, 2, 28)),
    ("2. kvartal 2026", "Kvartal", D(2026, 4, 1), D(2026, 6, 30)), ("2. halvår 2026", "Halvår", D(2026, 7, 1), D(2026, 12, 31)),
    ("2026", "År", D(2026, 1, 1), D(2026, 12, 31)), ("01.01.2025–31.12.2026", "Periode", D(2025, 1, 1), D(2026, 12, 31)),
])
def test_windows_are_named_as_people_say_them(name, rhythm, start, end):
    assert goals.window_name(goals.Window(pd.Timestamp(start), pd.Timestamp(end)), rhythm) == name


def test_the_plans_counted_goals_typed_as_a_volunteer_would():
    """A goal of each plan, typed with the words volunteers use, reads without a data problem."""
    typed = [
        goal(ID="S1", Mål="2-4 netværksmøder per netværk om året", **{"Tæller": "arrangementer",
             "Arrangementstype": "netværksmøde", "Pr. gruppe": "netværk", "Målværdi": "2 - 4", "Pr.": "årligt"}),
        goal(ID="S2", Mål="Kvartalsvise online brobygningsmøder", **{"Tæller": "Arrangementer",
             "Arrangementstype": "Brobygningsmøde", "Kun online": "ja", "Målværdi": "1", "Pr.": "kvartalsvis"}),
        goal(ID="S3", Mål="Op til 30 foreninger i alliancen", **{"Tæller": "deltagende organisationer",
             "Indsats": "Unge", "Målværdi": "Op til 30", "Pr.": "i alt"}),
        goal(ID="N1", Mål="Mindst 70 foreninger fra 46", **{"Tæller": "Aktive medlemmer", "Målværdi": "fra 46 til 70",
             "Pr.": "hele perioden"}),
        goal(ID="N2", Mål="Netværksdialogmøder hver anden måned", **{"Tæller": "Arrangementer",
             "Arrangementstype": "Dialogmøde", "Målværdi": "1", "Pr.": "hver anden måned"}),
        goal(ID="B1", Mål="Unge 15-25 mod ensomhed", **{"Tæller": "Deltagere", "Kun aldersgruppe": "unge",
             "Målværdi": "mindst 300", "Pr.": "År"}),
        goal(ID="Y1", Mål="Årlig frivillighedsmesse", **{"Tæller": "Arrangementer",
             "Arrangementstype": "Frivillighedsmesse", "Målværdi": "præcis 1", "Pr.": "År"}),
        goal(ID="L1", Mål="Styrkelse af medlemsforeningerne"),
        goal(ID="L1.1", Hovedmål="L1", Mål="Fora for erfaringsudveksling", **{"Tæller": "Arrangementer",
             "Arrangementstype": "Netværksmøde, Temamøde", "Målværdi": "mindst 4", "Pr.": "År"}),
    ]
    snap = snapshot(typed, networks=[["N-1", "Netværket", "1-1-2026"]])
    assert snap.problems == []
    table = goals.progress(snap, D(2026, 6, 1)).set_index("id")
    assert (table.loc[["S1", "S2", "S3", "N1", "N2", "B1", "Y1", "L1.1"], "status"] == goals.SCORED).all()
    assert table.at["L1", "subs"] == ["L1.1"]


def test_targets_read_in_the_readers_language_in_tables():
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Målværdi": "op til 30"}),
                     goal(ID="2", **{"Tæller": "Aktive medlemmer", "Målværdi": "fra 46 til 70"})])
    assert list(tables.readable(snap["goals"], "goals", snap, "en")["Target"]) == ["at most 30", "from 46 to 70"]
    assert list(tables.readable(snap["goals"], "goals", snap)["Målværdi"]) == ["højst 30", "fra 46 til 70"]


def test_members_active_each_day_counted_at_once_equal_the_day_by_day_definition():
    """The whole window at once, as the goals page computes it, against one day at a time; with a
    member without a join date and a leave typed before the join."""
    kind = counting.COUNTS[counting.ACTIVE_MEMBERS]
    members = pd.DataFrame({"joined": pd.to_datetime(["2020-01-01", None, "2026-03-01", "2026-05-01", "2026-04-01"]),
                            "left": pd.to_datetime([None, "2026-02-01", "2026-04-15", "2026-01-01", "2026-04-01"])})
    days = pd.date_range("2025-12-01", "2026-06-30")
    assert list(goals.counts.daily(None, kind, members, days)) == [goals.counts.state(kind, members, day) for day in days]
