"""Plans and days at the edges that testers found crashing, in the board's words: a network
planned to start later in the year, a plan of only qualitative goals and sub-goals, a centre with
no loneliness initiative. Each page, the command and both reports take them."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from fcdash import goals, i18n, schema
from fcdash.reports import board, periods, yearly
from fcdash.__main__ import main
from fcdash.goals.records import records
from tests.plans import run_page, write_workbook
from tests.test_goals import GOAL_HEAD, event, goal, snapshot

D = dt.date
G, Y = schema.GREEN, schema.YELLOW


# --- (a) a network that begins after the day judged ------------------------------------------------

@pytest.mark.parametrize("begins, meets", [("1-6-2026", "1-7-2026"), ("20-12-2026", "21-12-2026")])
def test_a_network_planned_to_start_later_is_not_yet_judged_and_the_first_quarters_report_renders(begins, meets):
    """'2 netværksmøder per netværk om året' with a network planned to start in June (or in late
    December): in March it is not judged yet (its meetings later in the year do not count in
    March), and the board's report for the first quarter and the year's report still render."""
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Pr. gruppe": "Netværk", "Målværdi": "2", "Pr.": "År"})],
                    events=[event("E1", meets, Netværk="N1")], networks=[["N1", "Nyt netværk", begins]])
    march = D(2026, 3, 15)
    row = goals.progress(snap, march).set_index("id").loc["1"]
    assert [g["verdict"].windows for g in row["groups"]] == [[]]
    assert row["value"] == 0 and row["proposed_result"] is None and row["proposed_time"] is None
    (record,) = records(snap, march)
    assert record["value"] == 0 and record["result"] is None and record["window"] is None
    today = D(2026, 11, 23)
    first = periods.quarter_period(pd.Period("2026Q1"), today)
    content = board.build(snap, first.start, first.end, today=today, centre="Centret", period=first)
    assert content.goals.set_index("id").at["1", "in_period"] == []
    assert board.pdf(content).startswith(b"%PDF") and board.excel(content)
    year = yearly.build(snap, 2026, today=today, centre="Centret")
    assert yearly.pdf(year).startswith(b"%PDF") and yearly.excel(year)


# --- (b) only qualitative goals and sub-goals -------------------------------------------------------------

def qualitative_plan():
    """A main goal with two sub-goals, none of them counted: only the board's colours say how they go."""
    return [goal(ID="1", Mål="Flere frivillige"), goal(ID="1.1", Hovedmål="1", Mål="Frivilligfest"),
            goal(ID="1.2", Hovedmål="1", Mål="Ny hjemmeside")]


def test_a_main_goal_of_qualitative_sub_goals_follows_the_boards_colours_on_them():
    """No goal counts anything, so no goal has a proposed colour of its own: the main goal takes
    the worst of the board's colours on its sub-goals, and the command and both reports say so."""
    snap = snapshot(qualitative_plan(), followups=[["F1", "1-3-2026", "1.1", "Gul", "Grøn", "Festen er flyttet"]])
    today = D(2026, 11, 23)
    table = goals.progress(snap, today).set_index("id")
    assert (table.at["1", "proposed_result"], table.at["1", "proposed_time"]) == (Y, G)
    assert {r["id"]: r["result"] for r in records(snap, today)} == {"1": Y, "1.1": None, "1.2": None}
    content = board.build(snap, D(2026, 1, 1), today, today=today, centre="Centret")
    assert board.pdf(content).startswith(b"%PDF") and board.excel(content)
    year = yearly.build(snap, 2026, today=today, centre="Centret")
    assert yearly.pdf(year).startswith(b"%PDF") and yearly.excel(year)


def test_the_goals_page_and_the_command_take_a_plan_of_qualitative_goals(tmp_path, capsys):
    grids = {"goals": [GOAL_HEAD, *qualitative_plan()],
             "followups": [["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"],
                           ["F1", "1-3-2026", "1.1", "Gul", "Grøn", "Festen er flyttet"]]}
    workbook = write_workbook(tmp_path, grids)
    for page in ("app_pages/goals.py", "app_pages/overview.py"):
        at = run_page(workbook, page, D(2026, 11, 23))
        assert not at.exception, (page, [e.message for e in at.exception])
    assert main(["goals", "--workbook", str(workbook), "--as-of", "2026-11-23", "--json"]) == 0
    assert [r["result"] for r in json.loads(capsys.readouterr().out)] == [Y, None, None]


# --- (c) no loneliness initiative ---------------------------------------------------------------------

@pytest.mark.parametrize("page", ["app_pages/report.py", "app_pages/yearly.py"], ids=["board", "yearly"])
def test_the_report_preview_of_a_centre_with_no_loneliness_initiative_leaves_the_reach_out(tmp_path, page):
    """As the PDF does: no reach section, no participants' voice, nothing said about either."""
    grids = {"initiatives": [["ID", "Navn", "Fokus"], ["IND-1", "Frivilligjob", "Rekruttering"]],
             "events": [["ID", "Dato", "Titel", "Indsats", "Deltagere i alt"], ["E1", "2-3-2026", "Jobcafé", "IND-1", 8]]}
    at = run_page(write_workbook(tmp_path, grids), page, D(2026, 11, 23))
    assert not at.exception, [e.message for e in at.exception]
    shown = " ".join([m.value for m in at.main.markdown] + [c.value for c in at.main.caption])
    for gone in (i18n.t("report.reach"), i18n.t("reach.note"), i18n.t("outcomes.report")):
        assert gone not in shown, gone
    if page.endswith("yearly.py"):  # last year's yearly report
        assert any(i18n.t("yearly.title", year=2025) in m.value for m in at.main.markdown)


def test_a_colour_typed_that_is_no_colour_on_a_sub_goal_is_a_data_problem_not_a_light_on_its_main_goal():
    """'Blå' typed in Tid for a sub-goal: the cell is listed as a data problem, and the main goal
    takes only the sub-goals' real colours (found by the plan sweep)."""
    snap = snapshot(qualitative_plan(), followups=[["F1", "1-3-2026", "1.1", "Gul", "Blå", "?"]])
    assert any(p.tab == "followups" and p.value == "Blå" for p in snap.problems)
    (main_goal, *_) = records(snap, D(2026, 11, 23))
    assert (main_goal["result"], main_goal["time"]) == (Y, None)
    table = goals.progress(snap, D(2026, 11, 23)).set_index("id")
    assert (table.at["1", "proposed_result"], table.at["1", "proposed_time"]) == (Y, None)
