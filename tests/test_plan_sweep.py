"""Nothing crashes, on any plan, on any day: generated plans (every count kind, rhythm, group and
target form, blanks and garbage among them, sub-goals, goals with nothing to count, follow-ups
only) and logs (empty tabs, one row, groups that begin or end inside a window) judged on any day
from a year before the first date to a year after the last. The invariants are named below.

The default tier is small and reproducible (derandomized, no example database); a large sweep
runs the same tests on many more examples:

    FCDASH_SWEEP=large .venv/bin/python -m pytest -q tests/test_plan_sweep.py
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import os

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fcdash import counting, schema
from fcdash.reports import board, periods, words, yearly
from fcdash import goals as goals_
from fcdash.__main__ import main
from fcdash.goals.records import records
from fcdash.parsing import parse_grids
from tests.conftest import MENU_PAGES
from tests.plans import run_page, write_workbook
from tests.report_text import check_board_report, check_yearly_report

LARGE = os.environ.get("FCDASH_SWEEP") == "large"
LIGHTS = {schema.GREEN, schema.YELLOW, schema.RED, None}
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2026, 12, 31)  # the plans' and logs' dates
ASKED = st.dates(FIRST - dt.timedelta(days=366), LAST + dt.timedelta(days=366))  # a year before to a year after
FAST = settings(max_examples=400 if LARGE else 25, deadline=None, derandomize=not LARGE, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PDFS = settings(FAST, max_examples=150 if LARGE else 6)
PAGES = settings(max_examples=40 if LARGE else 2, deadline=None, derandomize=not LARGE, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])

AREAS, BANDS = ["Nord", "Syd", "Centrum"], [header for _, header, _ in schema.AGE_BANDS]
NETWORKS, INITIATIVES = ["N1", "N2", "N3"], ["I1", "I2"]
MEMBERS, EVENTS = [f"M{i}" for i in range(6)], [f"E{i}" for i in range(12)]
GOAL_IDS = ["1", "1.1", "1.2", "2", "3", "3.1"]

days = st.dates(FIRST, LAST)
date_cells = st.one_of(days.map(lambda d: f"{d.day}-{d.month}-{d.year}"), days, st.none(),
                       st.sampled_from(["31-02-2025", "snart", "2025"]))
maybe = lambda values: st.one_of(st.none(), st.sampled_from(values))  # noqa: E731
some = lambda values: st.one_of(st.none(), st.lists(st.sampled_from(values), min_size=1, max_size=2,  # noqa: E731
                                                   unique=True).map(", ".join))
colours = maybe([*schema.COLOURS, "Blå"])
targets = st.one_of(
    st.none(), st.just(""),
    st.sampled_from(["70", "mindst 2", "præcis 4", "2-4", "op til 30", "højst 5", "fra 46 til 70", "0", "1",
                     "mindst 70 %", "højst 20 %", "60-80 %", "fra 50 til 70 %", "70%", "ca. 10", "mange", "101 %"]),
    st.integers(0, 60), st.integers(0, 60).map(str),
    st.tuples(st.integers(0, 20), st.integers(0, 20)).map(lambda ab: f"{min(ab)}-{max(ab)}"))


def rows(strategy, size: int):
    return st.lists(strategy, min_size=0, max_size=size)  # an empty tab and one row among them


goal_rows = st.builds(
    lambda main, count, per, group, target, start, end, kinds, band, init, net, online, deadline: {
        "Hovedmål": main, "Tæller": count, "Pr.": per, "Pr. gruppe": group, "Målværdi": target, "Start": start,
        "Slut": end, "Arrangementstyper": kinds, "Kun aldersgruppe": band, "Indsats": init, "Kun netværk": net,
        "Kun online": online, "Frist": deadline},
    maybe([*GOAL_IDS, "99"]), maybe([*counting.COUNTS, "Sommerfugle"]),
    maybe([*counting.RHYTHMS, "kvartalsvis", "hver 2. måned", "hver uge"]), maybe([*counting.GROUPS, "Kommune"]), targets,
    date_cells, date_cells, some(["Netværksmøde", "Kursus", "Cafémøde"]), maybe(BANDS), maybe(INITIATIVES),
    maybe(NETWORKS), maybe(["Ja", "Nej"]),
    maybe(["31. marts", "1. kvartal", "29-02", "februar", "31-12-2025", "45747", "snarest"]))  # a Frist, or none
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Hovedmål", "Tæller", "Arrangementstyper", "Kun aldersgruppe", "Indsats",
             "Kun netværk", "Kun online", "Pr. gruppe", "Målværdi", "Pr.", "Frist", "Start", "Slut"]


@st.composite
def plans(draw) -> dict[str, list[list] | None]:
    """A centre's sheet: a plan on the Mål tab, the board's follow-ups, and the logs."""
    ids = draw(st.lists(st.sampled_from(GOAL_IDS), unique=True, max_size=5))
    qualitative = draw(st.integers(0, 3)) == 0  # a plan where no goal counts anything
    plan = []
    for ident in ids:
        values = draw(goal_rows)
        if "." in ident and draw(st.booleans()):  # a sub-goal names its main goal (which may be missing)
            values["Hovedmål"] = ident.split(".")[0]
        if qualitative:
            values["Tæller"] = None
        plan.append([ident, draw(st.sampled_from(["Rekruttering", "Ensomhed"])), f"Mål {ident}",
                     *(values[h] for h in GOAL_HEAD[3:])])
    person = st.tuples(maybe(MEMBERS[:3] + ["Ukendt"]), maybe(["Forening", "Kirke", "Privat"]), maybe(AREAS),
                       date_cells, date_cells, some(NETWORKS))
    members = [[ident, name, kind, area, joined, left, nets] for ident, (name, kind, area, joined, left, nets)
               in zip(MEMBERS, draw(rows(person, 6)))]
    happening = st.tuples(date_cells, maybe(["Netværksmøde", "Kursus", "Cafémøde"]), some(INITIATIVES),
                          some(NETWORKS), maybe([*GOAL_IDS, "77"]), maybe(AREAS), maybe(["Ja", "Nej"]),
                          st.one_of(st.none(), st.integers(0, 40)), maybe([3, 0]), maybe([2, 5]), some(MEMBERS))
    events = [[ident, day, f"Møde {ident}", kind, inits, nets, goal, area, online, total, young, old, orgs]
              for ident, (day, kind, inits, nets, goal, area, online, total, young, old, orgs)
              in zip(EVENTS, draw(rows(happening, 12)))]
    work = st.tuples(date_cells, maybe(["Afklarende frivillig-samtale", "Henvisning"]), st.one_of(
        st.none(), st.integers(1, 5), st.just("mange")), maybe([*GOAL_IDS, "77"]), some(INITIATIVES), some(NETWORKS))
    effort = st.tuples(st.sampled_from([schema.FOCUS_LONELINESS, "Rekruttering"]), maybe(["Unge", "Ældre", "Unge, Ældre"]),
                       date_cells, date_cells, st.one_of(st.none(), st.integers(0, 400)))
    network = st.tuples(date_cells, date_cells)
    answer = st.tuples(st.sampled_from(EVENTS + ["E99"]), date_cells, maybe([1, 3, 5]), maybe(["Ja", "Nej"]),
                       maybe([1, 3]), maybe([1, 3]), maybe([1, 3]), maybe(BANDS))
    followup = st.tuples(date_cells, maybe([*ids, "77"]), colours, colours)
    optional = lambda grid: st.one_of(st.just(grid), st.none())  # noqa: E731  a tab made later, or never
    return {
        "goals": [GOAL_HEAD, *plan],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"],
                      *([f"F{i}", *f, "Kommentar"] for i, f in enumerate(draw(rows(followup, 6))))],
        "members": [["ID", "Navn", "Type", "Lokalområde", "Indmeldt", "Udmeldt", "Netværk"], *members],
        "events": [["ID", "Dato", "Titel", "Type", "Indsats", "Netværk", "Mål", "Lokalområde", "Online",
                    "Deltagere i alt", "Unge 15-25", "Ældre 65+", "Medvirkende organisationer"], *events],
        "activities": [["Dato", "Type", "Antal", "Mål", "Indsats", "Netværk"], *map(list, draw(rows(work, 5)))],
        "initiatives": [["ID", "Navn", "Fokus", "Målgruppe", "Start", "Slut", "Mål for deltagelser"],
                        *([ident, f"Indsats {ident}", *e] for ident, e in zip(INITIATIVES, draw(rows(effort, 2))))],
        "networks": draw(optional([["ID", "Navn", "Start", "Slut"],
                                   *([ident, f"Netværk {ident}", *n] for ident, n in zip(NETWORKS, draw(rows(network, 3))))])),
        "evaluations": draw(optional([["ID", "Arrangement", "Dato", "Udbytte (1-5)", "Mødt nogen", "Savner nogen (1-3)",
                                       "Holdt udenfor (1-3)", "Isoleret fra andre (1-3)", "Aldersgruppe"],
                                      *([f"S{i}", *a] for i, a in enumerate(draw(rows(answer, 14))))])),
    }


# --- the invariants --------------------------------------------------------------------------------------

def lights_in_range(table: pd.DataFrame, rows_: list[dict]) -> None:
    """Lights are only 'Grøn', 'Gul', 'Rød' or none, in the records, the table and each group."""
    light = lambda c: c if isinstance(c, str) else None  # noqa: E731
    for r in rows_:
        assert {r["result"], r["time"], r["board_result"], r["board_time"]} <= LIGHTS, r
    for row in table.to_dict("records"):
        assert {light(row["proposed_result"]), light(row["proposed_time"])} <= LIGHTS, row["id"]
        for group in row["groups"]:
            assert {group["verdict"].result, group["verdict"].time} <= LIGHTS, (row["id"], group["name"])


def nothing_negative(table: pd.DataFrame, rows_: list[dict]) -> None:
    """No count, share, due or expected value below zero, in any window of any group."""
    for r in rows_:
        assert all(r[k] is None or r[k] >= 0 for k in ("value", "target", "due_now")), r
    for row in table.to_dict("records"):
        assert pd.isna(row["expected"]) or row["expected"] >= 0, row["id"]
        for judged in [*row["windows"], *(w for g in row["groups"] for w in g["verdict"].windows)]:
            assert judged.value is None or judged.value >= 0, (row["id"], judged)
            assert judged.due is None or judged.due >= 0, (row["id"], judged)
            assert judged.start <= judged.end, (row["id"], judged)


def surfaces_agree(snap, day: dt.date, rows_: list[dict], table: pd.DataFrame) -> tuple:
    """A goal's running window reads the same in the records, goals.progress, the board report
    (its goals table, its words and its workbook) and the yearly report; both workbooks are made."""
    assert [r["id"] for r in rows_] == list(table["id"])
    assert [r["value"] for r in rows_] == [r["value"] if r["countable"] else None for r in
                                           ({**row, "value": _int(row["value"])} for row in table.to_dict("records"))]
    quarter = periods.quarter_period(pd.Period(day, "Q"), day)
    made = board.build(snap, quarter.start, quarter.end, today=day, centre="Centret", period=quarter)
    year = yearly.build(snap, day.year, today=day, centre="Centret")
    assert made.as_of == year.base.as_of == day
    sheet = openpyxl.load_workbook(io.BytesIO(board.excel(made)))[schema.tab("goals").title]
    in_sheet = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    last = year.windows.groupby("goal").last()
    for r, judged in zip(rows_, made.goals.to_dict("records")):
        assert (judged["proposed_result"] if isinstance(judged["proposed_result"], str) else None) == r["result"]
        now = judged["windows"][-1] if judged["windows"] else None
        if r["value_text"] is None or now is None or now not in judged["in_period"]:
            continue
        text = words.windows_text(judged, as_of=made.as_of)
        assert r["window_text"] in text, (r["id"], text)  # the same words: 'x af y' against the window's own target
        if isinstance(r["id"], str):
            assert words.progress_text(judged) in in_sheet[r["id"]], r["id"]
            assert _int(last.at[r["id"], "value"]) == r["value"], r["id"]
    assert yearly.excel(year)
    return made, year


def _int(value):
    return None if value is None or pd.isna(value) else int(value)


def blind_to_later_days(snap, day: dt.date, rows_: list[dict]) -> None:
    """The goals as of a day read nothing logged after it: with every event, activity and member
    dated later taken out, each goal's lights, value and windows are the same."""
    after = lambda tab, column: snap[tab].loc[~(snap[tab][column] > pd.Timestamp(day))]  # noqa: E731
    cut = dataclasses.replace(snap, frames={**snap.frames, "events": after("events", "date"),
                                            "activities": after("activities", "date"),
                                            "members": after("members", "joined")})
    assert records(cut, day) == rows_


def judged_on(snap, day: dt.date) -> tuple:
    """Every invariant for one plan on one day; the board report and the yearly report made."""
    table = goals_.progress(snap, day)
    rows_ = records(snap, day)
    lights_in_range(table, rows_)
    nothing_negative(table, rows_)
    blind_to_later_days(snap, day, rows_)
    return surfaces_agree(snap, day, rows_, table)


# --- the fast tier: in memory ------------------------------------------------------------------------------

@FAST
@given(plans(), ASKED)
def test_any_plan_on_any_day_is_judged_alike_everywhere(grids, day):
    judged_on(parse_grids(grids), day)


@PDFS
@given(plans(), ASKED)
def test_both_reports_say_what_the_command_says_for_any_plan_on_any_day(grids, day):
    snap = parse_grids(grids)
    made, year = judged_on(snap, day)  # a PDF takes a second: fewer examples
    assert board.pdf(made, events=True).startswith(b"%PDF")
    rows_ = records(snap, day)
    check_board_report(made, rows_)  # their text layers, goal by goal
    check_yearly_report(year, rows_)


# --- every page and the command, on a real workbook ---------------------------------------------------------

@PAGES
@given(grids=plans(), day=ASKED)
def test_every_page_and_the_command_take_any_plan_on_any_day(tmp_path_factory, grids, day, capsys):
    workbook = write_workbook(tmp_path_factory.mktemp("plan"), grids)
    for page, state in [*((p, {}) for p in MENU_PAGES), ("app_pages/report.py", {"report_kind": "year"})]:
        at = run_page(workbook, page, day, **state)
        assert not at.exception, (page, state, [e.message for e in at.exception])
    assert main(["goals", "--workbook", str(workbook), "--as-of", day.isoformat(), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in shown] == [r[0] for r in grids["goals"][1:]]
    assert {r["result"] for r in shown} <= LIGHTS
