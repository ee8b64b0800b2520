"""Plans and days at the edges that testers found crashing, in the board's words: a network
planned to start later in the year, a plan of only qualitative goals and sub-goals, a centre with
no loneliness initiative. Each page, the command and both reports take them."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pandas as pd
import pytest

from fcdash import goals, i18n, report, schema, yearly
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
    first = report.quarter_period(pd.Period("2026Q1"), today)
    content = report.build(snap, first.start, first.end, today=today, centre="Centret", period=first)
    assert content.goals.set_index("id").at["1", "in_period"] == []
    assert report.pdf(content).startswith(b"%PDF") and report.excel(content)
    year = yearly.build(snap, 2026, today=today, centre="Centret")
    assert yearly.pdf(year).startswith(b"%PDF") and yearly.excel(year)
