"""``python -m fcdash goals``: every goal's proposed and board lights, value and target, as of any
day, from the same judged table as the goals page and the reports; the page and both reports are
held to the command's figures."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from fcdash.reports import board, periods, words, yearly
from fcdash.__main__ import main
from fcdash.goals import records as goal_records
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from fcdash.ui import widgets
from tests.conftest import ROOT, TODAY, goals_page_on

LIGHTS = {"Grøn", "Gul", "Rød", None}
KEYS = {"id", "status", "result", "time", "board_result", "board_time", "value", "target"}


def command(capsys, *args) -> tuple[int, str]:
    code = main(["goals", *args])
    return code, capsys.readouterr().out


@pytest.fixture(scope="module")
def snap(tmp_path_factory, demo_rows):
    from fcdash.store.workbook import create_workbook
    workbook = create_workbook(tmp_path_factory.mktemp("cmd") / "frivilligcenter.xlsx", demo_rows)
    return workbook, read_snapshot(WorkbookStore(workbook))


def test_the_json_has_one_object_per_goal_with_its_lights_value_and_target(snap, capsys):
    workbook, snapshot = snap
    code, out = command(capsys, "--workbook", str(workbook), "--as-of", TODAY.isoformat(), "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == list(snapshot["goals"]["id"])
    for r in rows:
        assert KEYS <= set(r), r["id"]
        assert {r["result"], r["time"], r["board_result"], r["board_time"]} <= LIGHTS, r["id"]
        assert r["value"] is None or isinstance(r["value"], int) and r["value"] >= 0
    scored = [r for r in rows if r["status"] == "scored" and r["result"]]
    assert scored and all(r["target"] is not None and r["time"] in LIGHTS - {None} for r in scored)
    assert any(r["board_result"] for r in rows) and any(r["status"] == "changed" for r in rows)


def test_the_day_judged_is_the_day_asked_for(snap, capsys):
    """A year earlier, the board had met fewer times and the logs held less: the answers differ."""
    workbook, _ = snap
    now = json.loads(command(capsys, "--workbook", str(workbook), "--as-of", TODAY.isoformat(), "--json")[1])
    before = json.loads(command(capsys, "--workbook", str(workbook), "--as-of", "2025-06-30", "--json")[1])
    assert [r["id"] for r in now] == [r["id"] for r in before]
    assert [(r["value"], r["board_result"]) for r in now] != [(r["value"], r["board_result"]) for r in before]
    assert {r["window"] for r in before if r["per"] == "År" and r["window"]} == {"2025"}


def test_the_table_is_danish_with_a_line_per_goal(snap, capsys):
    workbook, snapshot = snap
    code, out = command(capsys, "--workbook", str(workbook), "--as-of", TODAY.isoformat())
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["ID", "Resultat", "Tid"]
    assert len(lines) == 1 + len(snapshot["goals"])
    assert any("følges op af bestyrelsen" in line for line in lines)


def test_a_missing_workbook_or_a_bad_day_is_a_danish_error_not_a_traceback(tmp_path):
    run = lambda *a: subprocess.run([sys.executable, "-m", "fcdash", "goals", *a], cwd=ROOT, capture_output=True,
                                    text=True, timeout=120)
    missing = run("--workbook", str(tmp_path / "findes-ikke.xlsx"))
    assert missing.returncode == 1 and "findes ikke" in missing.stderr and "Traceback" not in missing.stderr
    bad = run("--as-of", "31-12-2026")
    assert bad.returncode == 2 and "ikke en dato som ÅÅÅÅ-MM-DD" in bad.stderr


# --- every surface holds the command's figures -------------------------------------------------------------

def _cards(markdown: list[str], ids: list[str]) -> dict[str, list[str]]:
    """The goals page's markdown, cut into each goal's card (from its header to the next one)."""
    starts = {i: next(n for n, text in enumerate(markdown) if text.startswith(f"**{widgets.escape(i)}** ")) for i in ids}
    ordered = sorted(starts.values()) + [len(markdown)]
    return {i: markdown[at:ordered[ordered.index(at) + 1]] for i, at in starts.items()}


def test_the_goals_page_shows_the_commands_lights_and_running_window(snap):
    workbook, snapshot = snap
    rows = goal_records.records(snapshot, TODAY)
    cards = _cards([m.value for m in goals_page_on(workbook).markdown], [r["id"] for r in rows])
    colour = {"Grøn": "Grøn", "Gul": "Gul", "Rød": "Rød"}
    for r in rows:
        badges = re.findall(r"(?:Resultat|Tid): (\w+|–)\]", "\n".join(cards[r["id"]]))
        expected = []
        if r["board_date"] and r["status"] != "changed":
            expected += [colour.get(r["board_result"], "–"), colour.get(r["board_time"], "–")]
        if r["result"] and r["status"] != "changed":
            expected += [r["result"], r["time"]]
        assert badges[:len(expected)] == expected, r["id"]
        if r["value_text"] is not None and r["window"]:
            table = next(text for text in cards[r["id"]] if text.startswith("| Vindue |"))
            assert f"| {widgets.escape(r['window'])} | {widgets.escape(r['value_text'])} |" in table, r["id"]


def test_both_reports_count_each_goals_running_window_as_the_command(snap):
    _, snapshot = snap
    rows = {r["id"]: r for r in goal_records.records(snapshot, TODAY)}
    quarter = periods.quarter_period(pd.Period(TODAY, "Q"), TODAY)
    made = board.build(snapshot, quarter.start, quarter.end, today=TODAY, centre="Centret")
    sheet = openpyxl.load_workbook(io.BytesIO(board.excel(made)))["Mål"]
    excel_rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    year = yearly.build(snapshot, TODAY.year, today=TODAY, centre="Centret")
    year_windows = year.windows.groupby("goal").last()
    checked = 0
    for content in (made, year.base):
        for ident, judged in content.goals.set_index("id").iterrows():
            r = rows[ident]
            assert (judged["proposed_result"] if isinstance(judged["proposed_result"], str) else None) == r["result"]
            if r["value_text"] is not None and r["window"] and judged["in_period"]:
                text = words.windows_text(judged.to_dict(), as_of=content.as_of)
                assert r["window_text"] in text, ident  # the same words: 'x af y' against the window's own target
                checked += 1
                if content is made:
                    assert any(isinstance(c, str) and text in c and r["window_text"] in c for c in excel_rows[ident]), ident
                elif r["value"] is not None:
                    assert year_windows.at[ident, "value"] == r["value"], ident
    assert checked > 20
