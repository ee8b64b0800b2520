"""Windows as a board reads them, each rule in the board's words with a goal from the centres' plans
(../shared/seeds): a late achievement makes up its own window, a deadline inside the year, a
rhythm kept from the goal's own start, a window in progress, groups that existed part of a window,
'fra X til Y' about a count, and rows that count across goals."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fcdash import counting, goals, schema
from fcdash.parsing import parse_grids

G, Y, R = schema.GREEN, schema.YELLOW, schema.RED
D = dt.date
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Hovedmål", "Tæller", "Arrangementstype", "Aktivitetstype", "Pr. gruppe",
             "Målværdi", "Pr.", "Frist", "Start", "Slut", "Kun netværk"]
EVENT_HEAD = ["ID", "Dato", "Titel", "Type", "Netværk", "Mål", "Lokalområde", "Deltagere i alt",
              "Medvirkende organisationer"]


def plan(goal_rows, events=(), activities=(), members=(), networks=()):
    return parse_grids({
        "members": [["ID", "Navn", "Type", "Lokalområde", "Indmeldt", "Udmeldt"], *members],
        "events": [EVENT_HEAD, *events],
        "activities": [["Dato", "Type", "Antal", "Mål"], *activities],
        "initiatives": [["ID", "Navn"]],
        "networks": [["ID", "Navn", "Start", "Slut"], *networks],
        "goals": [GOAL_HEAD, *goal_rows],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid"]],
    })


def goal(ident="1", **kw):
    values = {"ID": ident, "Indsatsområde": "Rekruttering", "Mål": f"Mål {ident}", "Start": "1-1-2025",
              "Slut": "31-12-2026", **kw}
    return [values.get(h) for h in GOAL_HEAD]


def event(ident, day, typ="Kursus", **kw):
    values = {"ID": ident, "Dato": day, "Titel": typ, "Type": typ, "Deltagere i alt": 10, **kw}
    return [values.get(h) for h in EVENT_HEAD]


def judged(snap, day, ident="1"):
    return goals.progress(snap, day).set_index("id").loc[ident]


def lights(row):
    return tuple(row[k] if isinstance(row[k], str) else None for k in ("proposed_result", "proposed_time"))


COURSE = {"Tæller": "Arrangementer", "Arrangementstype": "Kursus", "Målværdi": "1", "Pr.": "År"}  # 004: 1 kursus årligt


# --- a late achievement makes up the window it was due in ----------------------------------------------------

def test_a_course_held_in_february_makes_up_last_year_reached_but_late_and_is_not_counted_again():
    """004: 'Afholdelse af 1 kursus årligt om rekruttering'. No course in 2025; one on 10 February
    2026: 2025 is reached, but late (six weeks: time yellow), and 2026 still has its course to hold."""
    snap = plan([goal(**COURSE)], events=[event("E1", "10-2-2026")])
    row = judged(snap, D(2026, 3, 1))
    last_year, this_year = row["windows"]
    assert (last_year.value, last_year.made_up, last_year.colour, last_year.time) == (1, 1, G, Y)
    assert last_year.met_on == pd.Timestamp(2026, 2, 10)
    assert this_year.value == 0 and this_year.in_progress and this_year.colour is None
    assert lights(row) == (G, Y)
    assert row["assigned"] == {0: (pd.Timestamp(2025, 1, 1), True)}  # the card: the course went to 2025


def test_a_course_made_up_more_than_three_months_late_is_red_on_time_until_this_years_is_held():
    snap = plan([goal(**COURSE)], events=[event("E1", "15-5-2026"), event("E2", "20-9-2026")])
    may = judged(snap, D(2026, 6, 1))
    assert [(w.colour, w.time) for w in may["windows"]] == [(G, R), (None, None)] and lights(may) == (G, R)
    october = judged(snap, D(2026, 10, 1))  # this year's course is held on time: on schedule again
    assert [w.colour for w in october["windows"]] == [G, G] and lights(october) == (G, G)


def test_a_volume_is_each_windows_own_and_is_not_moved_to_an_earlier_window():
    """004: guidance talks ('Afklarende frivillig-samtaler'), at least 40 a year: talks in January
    are January's, not a make-up of last year's shortfall."""
    snap = plan([goal(**{"Tæller": "Aktiviteter", "Aktivitetstype": schema.GUIDANCE_TALK, "Målværdi": "40",
                         "Pr.": "År"})],
                activities=[["15-6-2025", schema.GUIDANCE_TALK, 30, None], ["10-1-2026", schema.GUIDANCE_TALK, 12, None]])
    last_year, this_year = judged(snap, D(2026, 2, 1))["windows"]
    assert (last_year.value, last_year.made_up, last_year.colour) == (30, 0, Y)
    assert this_year.value == 12


# --- a deadline inside the year --------------------------------------------------------------------------------

PLAN_ADOPTED = {"Tæller": "Aktiviteter", "Aktivitetstype": "Udviklet materiale", "Målværdi": "1", "Pr.": "År"}


@pytest.mark.parametrize("deadline", ["31. marts", "31-03", "1. kvartal", "marts", "Q1"])
def test_a_yearly_plan_due_by_march_is_late_in_may_and_met_late_in_june(deadline):
    """'Handleplanen vedtages i 1. kvartal': with nothing by May the result is red and the time yellow
    (under three months late), not green until December; done in June it is reached, but late."""
    waiting = plan([goal(**PLAN_ADOPTED, Frist=deadline, Start="1-1-2026")])
    assert lights(judged(waiting, D(2026, 5, 15))) == (R, Y)
    assert lights(judged(waiting, D(2026, 7, 15))) == (R, R)  # more than three months after 31 March
    done = plan([goal(**PLAN_ADOPTED, Frist=deadline, Start="1-1-2026")],
                activities=[["10-6-2026", "Udviklet materiale", 1, None]])
    june = judged(done, D(2026, 6, 20))
    assert lights(june) == (G, Y) and june["windows"][0].met_on == pd.Timestamp(2026, 6, 10)


def test_without_a_deadline_the_same_plan_is_on_time_in_may():
    snap = plan([goal(**PLAN_ADOPTED, Start="1-1-2026")])
    assert lights(judged(snap, D(2026, 5, 15))) == (None, G)  # in progress: nothing is late yet


def test_a_deadline_that_cannot_be_read_keeps_the_goal_from_being_judged_and_says_where():
    snap = plan([goal(**PLAN_ADOPTED, Frist="snarest")])
    row = judged(snap, D(2026, 5, 15))
    assert row["status"] == goals.INVALID and lights(row) == (None, None)
    (problem,) = [p for p in snap.problems if p.code == "bad_deadline"]
    assert problem.cell == "Mål!K2" and problem.value == "snarest"


@pytest.mark.parametrize("typed", ["Kvartalsvis", "hver 2. måned", "blandt andet", "ugentligt"])
def test_a_rhythm_or_group_that_cannot_be_read_is_never_judged_as_the_whole_period(typed):
    snap = plan([goal(**{**COURSE, "Pr.": typed})])
    row = judged(snap, D(2026, 5, 15))
    readable = typed.lower() in counting.RHYTHM_ALIASES
    assert (row["status"] == goals.SCORED) == readable
    assert readable or (row["status"] == goals.INVALID and any(p.code == "unknown_category" for p in snap.problems))


# --- a rhythm kept from the goal's own start ---------------------------------------------------------------

def dialogue_meetings(*days, start="15-3-2025"):
    """001: 'Netværksdialogmøder hver anden måned', from the network's start in mid-March."""
    return plan([goal(**{"Tæller": "Arrangementer", "Arrangementstype": "Dialogmøde", "Målværdi": "1",
                         "Pr.": "hver anden måned", "Start": start})],
                events=[event(f"E{i}", day, "Dialogmøde") for i, day in enumerate(days)])


def test_every_other_month_is_counted_from_the_goals_own_start():
    row = judged(dialogue_meetings("20-3-2025", "1-6-2025"), D(2025, 6, 20))
    assert [(w.start, w.end) for w in row["windows"]] == [
        (pd.Timestamp(2025, 3, 15), pd.Timestamp(2025, 5, 14)), (pd.Timestamp(2025, 5, 15), pd.Timestamp(2025, 7, 14))]
    assert lights(row) == (G, G)


def test_a_meeting_a_week_into_the_next_period_still_keeps_the_rhythm():
    """No meeting from 15 July to 14 September; one on 19 September, five days into the next
    period: the rhythm is kept (met on time), and that meeting is not counted again."""
    row = judged(dialogue_meetings("20-3-2025", "20-5-2025", "19-9-2025"), D(2025, 9, 25))
    assert [(w.colour, w.time) for w in row["windows"]] == [(G, G), (G, G), (G, G), (None, None)]
    assert row["windows"][2].made_up == 1 and row["windows"][3].value == 0 and lights(row) == (G, G)


def test_a_period_skipped_is_a_miss_even_when_the_next_meeting_comes():
    row = judged(dialogue_meetings("20-3-2025", "1-9-2025"), D(2025, 9, 20))
    assert [w.colour for w in row["windows"]] == [G, R, G, None]
    assert lights(row) == (Y, G)  # a period skipped, then the rhythm again


# --- a window in progress ------------------------------------------------------------------------------------

def test_a_year_just_begun_neither_lifts_last_years_miss_nor_counts_as_met():
    snap = plan([goal(**COURSE)])  # no course in 2025, none yet in 2026
    row = judged(snap, D(2026, 1, 20))
    assert [w.colour for w in row["windows"]] == [R, None] and row["proposed_result"] == R


def test_a_network_that_did_nothing_for_half_a_year_shows_and_one_a_few_weeks_old_is_not_red():
    """004: 2-4 network meetings per network a year."""
    meetings = {"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Pr. gruppe": "Netværk",
                "Målværdi": "2-4", "Pr.": "År", "Start": "1-1-2026"}
    snap = plan([goal(**meetings)], events=[event("E1", "10-2-2026", "Netværksmøde", Netværk="NET-1")],
                networks=[["NET-1", "Ældrenetværket", "1-1-2026", None], ["NET-2", "Ungenetværket", "1-1-2026", None]])
    few_weeks = judged(snap, D(2026, 2, 15))
    assert lights(few_weeks) == (None, G)  # nothing is due of either network six weeks in
    half_year = judged(snap, D(2026, 7, 15))
    by_name = {g["name"]: g["verdict"] for g in half_year["groups"]}
    assert by_name["Ungenetværket"].result == Y and by_name["Ældrenetværket"].result is None  # 1 of 1 due so far
    assert half_year["proposed_result"] == Y


def test_a_year_without_participants_is_yellow_while_it_runs_and_red_when_it_is_over():
    """Billund: more young people (15-25) in the communities against loneliness, 300 a year:
    three weeks into the year (or in May) without an event it is behind, not failed; failed
    once the year is over."""
    snap = plan([goal(**{"Tæller": "Deltagere", "Målværdi": "300", "Pr.": "År", "Start": "1-1-2026"})])
    assert judged(snap, D(2026, 1, 21))["proposed_result"] == Y
    assert judged(snap, D(2026, 5, 1))["proposed_result"] == Y
    assert judged(snap, D(2027, 1, 2))["proposed_result"] == R


def test_a_running_window_shows_what_is_due_by_today_and_its_whole_target():
    snap = plan([goal(**{"Tæller": "Deltagere", "Målværdi": "300", "Pr.": "År", "Start": "1-1-2026"})],
                events=[event("E1", "1-3-2026", **{"Deltagere i alt": 100})])
    now = judged(snap, D(2026, 7, 2))["windows"][-1]
    assert now.in_progress and now.need == 300 and now.due == 150


# --- groups that existed part of a window ---------------------------------------------------------------------

def test_a_network_begun_in_july_owes_its_part_of_the_year():
    meetings = {"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Pr. gruppe": "Netværk",
                "Målværdi": "2", "Pr.": "År", "Start": "1-1-2026"}
    snap = plan([goal(**meetings)], events=[event("E1", "20-9-2026", "Netværksmøde", Netværk="NET-1")],
                networks=[["NET-1", "Integrationsnetværket", "1-7-2026", None]])
    (group,) = judged(snap, D(2027, 1, 10))["groups"]
    (window,) = group["verdict"].windows
    assert window.start == pd.Timestamp(2026, 7, 1) and window.need == 1 and window.colour == G


def test_a_network_ended_in_june_is_judged_for_the_half_year_it_existed_and_not_after():
    meetings = {"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Pr. gruppe": "Netværk",
                "Målværdi": "4", "Pr.": "År", "Start": "1-1-2026"}
    snap = plan([goal(**meetings)], events=[event(f"E{i}", f"10-{m}-2026", "Netværksmøde", Netværk="NET-1")
                                           for i, m in enumerate((2, 4))],
                networks=[["NET-1", "Ungenetværket", "1-1-2025", "30-6-2026"]])
    (group,) = judged(snap, D(2026, 12, 1))["groups"]
    (window,) = [w for w in group["verdict"].windows if w.start.year == 2026]
    assert window.end == pd.Timestamp(2026, 6, 30) and window.need == 2 and window.colour == G


def test_a_network_planned_ahead_is_not_judged_before_it_begins():
    meetings = {"Tæller": "Arrangementer", "Pr. gruppe": "Netværk", "Målværdi": "2", "Pr.": "År"}
    snap = plan([goal(**meetings)], networks=[["NET-9", "Nyt netværk", "1-6-2026", None]])
    row = judged(snap, D(2026, 3, 1))
    assert row["groups"][0]["verdict"].windows == [] and lights(row) == (None, None)


# --- 'fra X til Y' ---------------------------------------------------------------------------------------------

def test_from_80_to_120_participants_a_year_starts_the_count_at_zero():
    """'Fra 80 til 120 deltagere om året': last year's 80 is for comparison; this year counts from 0."""
    snap = plan([goal(**{"Tæller": "Deltagere", "Målværdi": "fra 80 til 120", "Pr.": "År", "Start": "1-1-2026"})],
                events=[event("E1", "1-3-2026", "Kursus", **{"Deltagere i alt": 60})])
    now = judged(snap, D(2026, 7, 2))["windows"][-1]
    assert now.due == 60 and now.colour is None  # on track: half of 120 by mid-year, not 80 + half of 40


def test_from_46_to_70_members_keeps_46_as_the_level_to_grow_from():
    members = [[f"M{i}", f"Forening {i}", "Forening", "Billund", "1-1-2020", None] for i in range(50)]
    snap = plan([goal(**{"Tæller": "Aktive medlemmer", "Målværdi": "fra 46 til 70", "Pr.": "Periode"})],
                members=members)
    assert judged(snap, D(2026, 12, 31))["proposed_result"] == R  # 50: 4 of the 24 to grow
    assert judged(snap, D(2025, 2, 1))["windows"][-1].due == 47  # 46 + 24 spread over two years, a month in


# --- counts that cross goals -----------------------------------------------------------------------------------

def test_an_event_logged_for_one_goal_still_counts_for_goals_that_look_across_all_events():
    """004: a network meeting logged for 4.2 (network meetings) in Slagelse by counts for 3.1
    (activities in changing local areas) and for the participants, but not for 1.4 (courses)."""
    year = {"Pr.": "År", "Start": "1-1-2026"}
    snap = plan([goal("4.2", **{"Tæller": "Arrangementer", "Målværdi": "2", **year}),
                 goal("1.4", **{"Tæller": "Arrangementer", "Målværdi": "1", **year}),
                 goal("3.1", **{"Tæller": "Forskellige lokalområder", "Målværdi": "3", **year}),
                 goal("6.1", **{"Tæller": "Deltagere", "Målværdi": "20", **year})],
                events=[event("E1", "5-3-2026", "Netværksmøde", Mål="4.2", Lokalområde="Slagelse"),
                        event("E2", "6-3-2026", "Kursus", Lokalområde="Korsør")])
    table = goals.progress(snap, D(2026, 4, 1)).set_index("id")
    assert table.at["4.2", "value"] == 2 and table.at["1.4", "value"] == 1
    assert table.at["3.1", "value"] == 2 and table.at["6.1", "value"] == 20
    assert table.at["1.4", "elsewhere"] == 1 and table.at["4.2", "elsewhere"] == 0 and table.at["3.1", "elsewhere"] == 0


# --- the goal card -------------------------------------------------------------------------------------------

def test_the_goal_card_shows_a_window_made_up_late_and_which_window_each_row_went_to(tmp_path):
    from fcdash.store.workbook import create_workbook
    from tests.conftest import TODAY, goals_page_on

    workbook = create_workbook(tmp_path / "frivilligcenter.xlsx", {
        "goals": [{"id": "1.4", "area": "Rekruttering", "goal": "Afholdelse af 1 kursus årligt om rekruttering",
                   "count": "Arrangementer", "event_types": "Kursus", "target": "1", "per": "År",
                   "start": D(2025, 1, 1), "end": D(2026, 12, 31)}],
        "events": [{"id": "ARR-1", "date": D(2026, 2, 10), "title": "Kursus i rekruttering", "type": "Kursus",
                    "participants": 12}]})
    assert TODAY.year == 2026
    page = "\n".join(m.value for m in goals_page_on(workbook).markdown)
    assert "| 2025 | 1 \\(1 indhentet senere\\) | 1 | Grøn, nået 10\\.02\\.2026 \\(for sent: tid gul\\) |" in page


def test_the_goal_card_says_which_cell_keeps_a_goal_from_being_judged(tmp_path):
    from fcdash.store.workbook import create_workbook
    from tests.conftest import goals_page_on

    workbook = create_workbook(tmp_path / "frivilligcenter.xlsx", {
        "goals": [{"id": "2.2", "area": "Udsatte borgere", "goal": "Online brobygningsmøder", "count": "Arrangementer",
                   "event_types": "Brobygningsmøde", "target": "1", "per": "ugentligt",
                   "start": D(2026, 1, 1), "end": D(2026, 12, 31)}]})
    at = goals_page_on(workbook)
    page, captions = [m.value for m in at.markdown], "\n".join(c.value for c in at.caption)
    assert "Mål!" in captions and "'ugentligt' er ikke en kendt værdi" in captions, captions
    assert not any("Resultat: " in text for text in page)  # no light: the goal is not judged


# --- what the review found ------------------------------------------------------------------------------------

def test_an_unreadable_group_keeps_the_goal_from_being_judged():
    snap = plan([goal(**{**COURSE, "Pr. gruppe": "hver forening"})])
    assert judged(snap, D(2025, 6, 1))["status"] == goals.INVALID
    assert any(p.code == "unknown_category" and p.column == "Pr. gruppe" for p in snap.problems)


def test_a_period_ending_before_it_starts_is_a_problem_in_its_slut_cell_and_the_goal_is_not_judged():
    snap = plan([goal(**COURSE, Start="1-1-2026", Slut="31-12-2025")],
                networks=[["NET-1", "Ungenetværket", "1-6-2025", "1-1-2025"]])
    assert judged(snap, D(2026, 6, 1))["status"] == goals.INVALID
    cells = {p.cell for p in snap.problems if p.code == "end_before_start"}
    assert cells == {"Mål!M2", "Netværk!D2"}


def test_exactly_two_is_yellow_as_soon_as_a_third_is_held():
    snap = plan([goal(**{**COURSE, "Målværdi": "præcis 2", "Start": "1-1-2026"})],
                events=[event(f"E{i}", f"{i + 1}-3-2026") for i in range(3)])
    assert judged(snap, D(2026, 4, 1))["proposed_result"] == Y


def test_a_networks_part_of_a_limit_is_rounded_up():
    """'Højst 1 netværksmøde pr. netværk om året' for a network begun in December still allows one."""
    snap = plan([goal(**{"Tæller": "Arrangementer", "Pr. gruppe": "Netværk", "Målværdi": "højst 1", "Pr.": "År",
                         "Start": "1-1-2026"})],
                events=[event("E1", "20-12-2026", "Netværksmøde", Netværk="NET-1")],
                networks=[["NET-1", "Nyt netværk", "1-12-2026", None]])
    (group,) = judged(snap, D(2026, 12, 31))["groups"]
    assert group["verdict"].windows[0].due == 1 and group["verdict"].result == G


def test_local_areas_spelled_in_other_case_are_one_group():
    snap = plan([goal(**{"Tæller": "Arrangementer", "Pr. gruppe": "Lokalområde", "Målværdi": "2", "Pr.": "År",
                         "Start": "1-1-2026"})],
                events=[event("E1", "1-3-2026", Lokalområde="Hobro"), event("E2", "1-4-2026", Lokalområde="hobro ")])
    (group,) = judged(snap, D(2026, 5, 1))["groups"]
    assert group["name"] == "Hobro" and group["verdict"].now.value == 2


def test_rows_that_went_to_other_goals_are_counted_in_the_period_up_to_the_day_judged():
    year = {"Pr.": "År", "Start": "1-1-2026"}
    snap = plan([goal("1.4", **{"Tæller": "Arrangementer", "Målværdi": "1", **year}),
                 goal("4.2", **{"Tæller": "Arrangementer", "Målværdi": "1", **year})],
                events=[event("E1", "5-3-2026", Mål="4.2"), event("E2", "5-9-2026", Mål="4.2"),
                        event("E3", "5-3-2025", Mål="4.2")])
    assert judged(snap, D(2026, 6, 1), "1.4")["elsewhere"] == 1


def test_a_deadline_typed_as_a_date_in_google_or_excel_applies_to_every_year():
    for typed in ("45747", "2025-03-31 00:00:00"):  # Google's serial number of 31-03-2025; Excel's date cell
        deadline = counting.parse_deadline(typed)
        assert deadline.in_window(pd.Timestamp(2026, 1, 1), pd.Timestamp(2026, 12, 31)) == pd.Timestamp(2026, 3, 31)


def test_a_goal_for_one_network_planned_ahead_is_judged_from_the_networks_start():
    """'4 møder i Frivilligcafé-netværket om året', a network that begins 1 June: no light in March,
    and in December its part of the year (7 months of 12: 2 of 4)."""
    snap = plan([goal(**{"Tæller": "Arrangementer", "Kun netværk": "Frivilligcafé-netværket", "Målværdi": "4",
                         "Pr.": "År", "Start": "1-1-2026"})],
                events=[event("E1", "10-9-2026", "Netværksmøde", Netværk="NET-1"),
                        event("E2", "10-11-2026", "Netværksmøde", Netværk="NET-1")],
                networks=[["NET-1", "Frivilligcafé-netværket", "1-6-2026", None]])
    assert lights(judged(snap, D(2026, 3, 1))) == (None, None)
    december = judged(snap, D(2026, 12, 31))
    assert december["windows"][0].need == 2 and lights(december) == (G, G)


def test_a_main_goal_and_its_sub_goals_have_one_place_among_the_goals_needing_attention():
    """Lyngby-Taarbæk: a main goal followed by hand, its sub-goals counted; the overview names the
    worst sub-goal in the main goal's place, and goals typed without an ID each keep their own."""
    snap = plan([goal("4", **{"Mål": "Styrkelse af Frivilligcentret"}),
                 goal("4.1", **{**COURSE, "Hovedmål": "4"}),
                 goal("4.2", **{**COURSE, "Hovedmål": "Styrkelse af Frivilligcentret", "Målværdi": "3"}),
                 goal(None, **{**COURSE, "Målværdi": "3"}), goal(None, **{**COURSE, "Målværdi": "2"})],
                events=[event("E1", "1-3-2025")])
    attention = goals.needs_attention(goals.progress(snap, D(2026, 2, 1)), limit=10)
    assert list(attention["id"].map(lambda i: i if isinstance(i, str) else "–")) == ["4", "–", "–"]
    assert attention.iloc[0]["worst"] == "4.2"
