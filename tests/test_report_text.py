"""Both reports' text layers (and the yearly report's Word file) hold the same figures as the pages
and ``python -m fcdash goals``:
for the demo and for the seeds' five plans typed as volunteers type them (the generated plans are
held to it in tests/test_plan_sweep.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from fcdash.goals.records import records
from fcdash.parsing import read_snapshot
from fcdash.reports import board, periods, yearly
from fcdash.store.workbook import WorkbookStore
from tests.conftest import TODAY
from fcdash.i18n import t
from tests.report_text import PDFTOTEXT, check_board_report, check_word_file, check_yearly_report, pdf_text
from tests.test_seed_plans import billund, lyngby, network, slagelse, syddjurs  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils reads the reports (.ci/run installs it)")


def both_reports(workbook, day: dt.date) -> tuple[int, int]:
    snap = read_snapshot(WorkbookStore(workbook))
    since = periods.since_last_meeting(snap, day)
    made = board.build(snap, since.start, since.end, today=day, centre="Centret", period=since)
    counted = check_board_report(made, records(snap, made.as_of))
    flat = " ".join(pdf_text(board.pdf(made)).split())
    assert "…" not in flat  # no help text or heading cut short
    assert t("report.changes", caption=since.caption()) in flat and t("report.goals_help") in flat
    year = yearly.build(snap, day.year - 1, today=day, centre="Centret")
    judged = records(snap, year.base.as_of)
    check_word_file(year, judged)  # the Word file a funder's template takes, goal by goal
    return counted, check_yearly_report(year, judged)


def test_the_demos_reports_say_what_the_command_says(demo_workbook):
    board_counts, _ = both_reports(demo_workbook, TODAY)
    assert board_counts >= 15  # the running windows of the demo's counted goals, each found in its row


@pytest.mark.parametrize("plan, day", [("billund", "2026-02-15"), ("network", "2026-06-30"), ("lyngby", "2026-03-01"),
                                       ("syddjurs", "2026-03-31"), ("slagelse", "2026-11-30")])
def test_each_seed_plans_reports_say_what_the_command_says(plan, day, request):
    both_reports(request.getfixturevalue(plan), dt.date.fromisoformat(day))
