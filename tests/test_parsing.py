"""Parsing hand-typed sheets: a deliberately messy workbook, and the scalar readers."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from fcdash.i18n import problem_message
from fcdash.parsing import parse_bool, parse_count, parse_date, read_snapshot
from fcdash.store.workbook import WorkbookStore

D = dt.datetime


@pytest.fixture
def messy(tmp_path):
    """A workbook as volunteers leave it: titles above headers, odd headers, every kind of mess."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "medlemmer "  # odd case and a trailing space in the tab name
    ws.append(["ID", "navn", "TYPE", "Målgrupper", "Indmeldt", "Email", "Udmeldt"])
    ws.append(["MED-1", "Ældre Sagen", "forening", "ældre; unge", "1.2.2020", "a@example.dk", None])
    ws.append(["MED-2", "Headspace", "Institution", "Unge, Katte", "2021-05-01", None, "31-12-2026"])
    ws.append(["MED-1", "Dobbelt", "Forening", None, None, None, None])
    ws.append([None, "Uden ID", "Klub", None, "ukendt", None, None])
    ws.append([None] * 7)
    ws.append(["MED-3", None, "Kirke", None, 45658, None, None])

    ws = wb.create_sheet("Indsatser")
    ws.append(["ID", "Navn", "Fokus", "Mål for deltagelser"])
    ws.append(["IND-1", "Ensomhed blandt unge", "ensomhed", "1.000"])

    ws = wb.create_sheet("Arrangementer")
    ws.append(["Arrangementer 2025"])  # a title above the header
    ws.append(["ID", " dato ", "TITEL", "type", "Deltagere", "Unge", "voksne 26-64", "Ældre 65+",
               "Min egen kolonne", "Online", "Medvirkende organisationer", "Indsats"])
    ws.append(["ARR-1", "12-03-2025", "Café", "Cafémøde", "12", 5, 5, 2, "x", "ja", "MED-1, headspace", "IND-1"])
    ws.append(["ARR-2", "12.3.25", "Messe", "frivillighedsmesse", "1 234", None, None, None, None, "Nej", None, None])
    ws.append(["ARR-3", "1/3-2025", "Kursus", "Kursus", "12,0", None, None, None, None, None, None, "Ensomhed blandt unge"])
    ws.append(["ARR-4", "2025-03-04", "Netværk", "Netværksmøde", 7.0, None, None, None, None, False, "MED-9", None])
    ws.append(["ARR-5", 45736, "Temamøde", "Temamøde", 20, None, None, None, None, None, None, "IND-X"])
    ws.append([None] * 12)
    ws.append(["ARR-6", "31-02-2025", "Café", "Cafémøde", "ca. 10", None, None, None, None, None, None, None])
    ws.append(["ARR-7", "i går", "Foredrag", "Foredrag", 10, None, None, None, None, "måske", None, None])
    ws.append(["ARR-8", D(2025, 4, 2, 14, 30), "Café", "Cafémøde", 10, 8, 5, None, None, None, None, None])
    ws.append(["ARR-9", "2025-13-01", None, "Kursus", "-3", None, None, None, None, None, None, None])
    ws.append(["ARR-10", "1.3.2205", "Café", "Cafémøde", "2,5", None, None, None, None, None, None, None])
    ws.append(["ARR-11", "12. marts 2025", "Café", "Cafémøde", None, 3, 4, 1, None, None, None, None])
    ws.append(["   ", " ", None, None, None, None, None, None, "noget i egen kolonne", None, None, None])
    ws.append(["ARR-12", "#REF!", "Café", "Cafémøde", 4, None, None, None, None, None, None, None])

    ws = wb.create_sheet("Aktiviteter")
    ws.append(["Dato", "Aktivitet", "Antal", "Organisation"])
    ws.append(["3-3-2025", "samtale", None, None])
    ws.append(["4-3-2025", "Konsulentstøtte/sparring", "3 stk", "Ældre Sagen"])
    ws.append(["5-3-2025", "Fundraising-hjælp", 2, None])

    ws = wb.create_sheet("Opfølgning")
    ws.append(["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"])
    ws.append(["OPF-1", "1-2-2025", "1.1", "grøn", "lilla", "Et møde holdt"])
    # no Mål tab at all
    path = tmp_path / "rodet.xlsx"
    wb.save(path)
    return read_snapshot(WorkbookStore(path))


def test_every_problem_is_found_with_its_cell(messy):
    found = [(p.cell, p.code, p.value) for p in messy.problems]
    assert found == [
        ("Medlemmer!D3", "unknown_category", "Unge, Katte"),
        ("Medlemmer!A4", "duplicate_id", "MED-1"),
        ("Medlemmer!A5", "missing_id", ""),
        ("Medlemmer!C5", "unknown_category", "Klub"),
        ("Medlemmer!E5", "bad_date", "ukendt"),
        ("Medlemmer!B7", "missing_required", ""),
        ("Mål", "missing_tab", ""),
        ("Arrangementer!K6", "unknown_ref", "MED-9"),
        ("Arrangementer!L7", "unknown_ref", "IND-X"),
        ("Arrangementer!B9", "bad_date", "31-02-2025"),
        ("Arrangementer!E9", "bad_number", "ca. 10"),
        ("Arrangementer!B10", "bad_date", "i går"),
        ("Arrangementer!D10", "unknown_category", "Foredrag"),
        ("Arrangementer!J10", "bad_bool", "måske"),
        ("Arrangementer!E11", "age_bands_exceed_total", "10"),
        ("Arrangementer!B12", "bad_date", "2025-13-01"),
        ("Arrangementer!C12", "missing_required", ""),
        ("Arrangementer!E12", "negative", "-3"),
        ("Arrangementer!B13", "date_out_of_range", "1.3.2205"),
        ("Arrangementer!E13", "not_whole", "2,5"),
        ("Arrangementer!B15", "missing_required", ""),  # a row with only a value in their own column
        ("Arrangementer!C15", "missing_required", ""),
        ("Arrangementer!D15", "missing_required", ""),
        ("Arrangementer!B16", "formula_error", "#REF!"),
        ("Aktiviteter!C3", "bad_number", "3 stk"),
        ("Opfølgning!C2", "unknown_ref", "1.1"),
        ("Opfølgning!E2", "unknown_category", "lilla"),
    ]


def test_problem_messages_are_danish_and_name_the_value(messy):
    by_cell = {p.cell: p for p in messy.problems}
    assert problem_message(by_cell["Arrangementer!B9"]) == "'31-02-2025' kan ikke læses som en dato. Skriv fx 12-03-2025."
    assert "Cafémøde" in problem_message(by_cell["Arrangementer!D10"])
    assert problem_message(by_cell["Arrangementer!E11"]) == (
        "Aldersgrupperne giver tilsammen 13, mere end deltagere i alt (10).")
    assert problem_message(by_cell["Mål"]) == "Fanen 'Mål' findes ikke i regnearket."
    assert problem_message(by_cell["Medlemmer!A4"]) == (
        "ID'et 'MED-1' står allerede i Medlemmer!A2; denne række tælles ikke med.")
    assert problem_message(by_cell["Arrangementer!B9"], "en").startswith("'31-02-2025' cannot be read as a date")


def test_good_values_are_read_and_no_row_is_dropped(messy):
    events = messy["events"].set_index("id")
    # The blank row is skipped; the one with a value only in the volunteers' own column is kept.
    assert list(events.index.fillna("")) == [*(f"ARR-{i}" for i in range(1, 12)), "", "ARR-12"]
    assert list(events["_row"]) == [*range(3, 8), *range(9, 17)]  # row 8 is blank
    assert events.loc["ARR-1", "date"] == D(2025, 3, 12)
    assert events.loc["ARR-2", "date"] == D(2025, 3, 12)
    assert events.loc["ARR-3", "date"] == D(2025, 3, 1)
    assert events.loc["ARR-4", "date"] == D(2025, 3, 4)
    assert events.loc["ARR-5", "date"] == D(2025, 3, 20)
    assert events.loc["ARR-8", "date"] == D(2025, 4, 2)
    assert events.loc["ARR-11", "date"] == D(2025, 3, 12)
    assert pd.isna(events.loc["ARR-6", "date"]) and pd.isna(events.loc["ARR-6", "participants"])
    assert events.loc["ARR-2", "participants"] == 1234
    assert events.loc["ARR-3", "participants"] == 12
    assert events.loc["ARR-4", "participants"] == 7
    assert events.loc["ARR-11", "participants"] == 8  # no total typed: the age bands' sum
    assert events.loc["ARR-2", "type"] == "Frivillighedsmesse"
    assert events.loc["ARR-7", "type"] == "Foredrag"  # unknown, kept as typed and reported
    assert events.loc["ARR-1", "online"] and not events.loc["ARR-2", "online"]
    assert events.loc["ARR-1", "organisations"] == ("MED-1", "MED-2")  # by id and by name
    assert events.loc["ARR-3", "initiatives"] == ("IND-1",)  # by name
    members = messy["members"]
    assert list(members["name"].fillna("")) == ["Ældre Sagen", "Headspace", "Uden ID", ""]  # not 'Dobbelt'
    assert members.loc[0, "target_groups"] == ("Ældre", "Unge")
    assert members.loc[0, "type"] == "Forening"
    assert members.loc[0, "joined"] == D(2020, 2, 1)
    assert members.loc[3, "joined"] == D(2025, 1, 1)  # serial number 45658
    activities = messy["activities"]
    assert list(activities["type"]) == ["Afklarende frivillig-samtale", "Konsulentstøtte/sparring", "Fundraising-hjælp"]
    assert list(activities["count"]) == [1, 1, 2]  # blank means one; the unreadable '3 stk' too, and it is reported
    assert activities.loc[1, "organisation"] == "MED-1"
    assert messy["initiatives"].loc[0, "reach_target"] == 1000
    assert messy["goals"].empty and list(messy["goals"].columns)[:3] == ["_row", "id", "area"]
    assert messy["followups"].loc[0, "result"] == "Grøn"


@pytest.mark.parametrize("raw, expected", [
    ("12-03-2025", D(2025, 3, 12)), ("12.3.25", D(2025, 3, 12)), ("1/3-2025", D(2025, 3, 1)),
    ("1/3/2025", D(2025, 3, 1)), ("2025-03-12", D(2025, 3, 12)), ("2025-03-12 00:00:00", D(2025, 3, 12)),
    (" 5. jan. 2026 ", D(2026, 1, 5)), ("5 december 2025", D(2025, 12, 5)), (45658, D(2025, 1, 1)),
    (45658.75, D(2025, 1, 1)), (dt.date(2025, 1, 2), D(2025, 1, 2)), ("1.3.69", D(2069, 3, 1)),
    ("1.3.70", D(1970, 3, 1)), ("1.3.1949", None), ("29-02-2025", None), ("29-02-2024", D(2024, 2, 29)), ("12/13/2025", None),
    ("", None), ("dato", None), (True, None), (0, None), (-5, None), (float("inf"), None),
])
def test_parse_date(raw, expected):
    value, code = parse_date(raw)
    assert value == expected
    assert (code is None) == (expected is not None)


@pytest.mark.parametrize("raw, expected, code", [
    ("12", 12, None), (" 1 234 ", 1234, None), ("1.234", 1234, None), ("1\u00a0234", 1234, None),
    ("12,0", 12, None), (12.0, 12, None), (0, 0, None), ("1.5", None, "not_whole"), ("2,5", None, "not_whole"),
    ("-1", None, "negative"), ("ca. 10", None, "bad_number"), ("10-12", None, "bad_number"),
    (True, None, "bad_number"), ("nan", None, "bad_number"), ("1e3", 1000, None),
])
def test_parse_count(raw, expected, code):
    assert parse_count(raw) == (expected, code)


@pytest.mark.parametrize("raw, expected", [
    ("Ja", True), ("nej", False), ("X", True), (True, True), (False, False), (1, True), ("0", False),
    ("måske", None),
])
def test_parse_bool(raw, expected):
    assert parse_bool(raw)[0] == expected


def test_log_rows_outside_every_goals_period_are_reported():
    from fcdash.parsing import parse_grids

    snap = parse_grids({
        "goals": [["ID", "Indsatsområde", "Mål", "Start", "Slut"], ["1", "A", "x", "1-1-2025", "31-12-2026"],
                  ["2", "A", "y", "1-1-2026", "30-6-2027"]],
        "events": [["Titel", "Type", "Dato"], ["Ok", "Kursus", "1-1-2025"], ["Tastefejl", "Kursus", "1-3-2205"],
                   ["For tidligt", "Kursus", "31-12-2024"], ["Ok", "Kursus", "30-6-2027"]],
        "activities": [["Dato", "Type"], ["1-7-2027", "Henvisning"]],
        "members": None, "initiatives": None, "followups": None,
    })
    found = [(p.cell, p.code, p.value) for p in snap.problems if p.tab in ("events", "activities")]
    assert found == [("Arrangementer!C3", "date_out_of_range", "1-3-2205"),
                     ("Arrangementer!C4", "outside_period", "31-12-2024"),
                     ("Aktiviteter!A2", "outside_period", "01-07-2027")]


def test_normalise_folds_hand_typed_text_the_same_way_when_cached():
    from fcdash.schema import normalise

    assert normalise("  Medvirkende   organisationer:* ") == "medvirkende organisationer"
    assert normalise("Unge 15 – 25") == "unge 15-25"
    assert normalise("Unge 15 – 25") == "unge 15-25"  # from the cache


def _grids(**tabs):
    """Grids for parse_grids: the tabs given, every other one missing."""
    return {key: tabs.get(key) for key in ("networks", "members", "initiatives", "goals", "events", "activities",
                                           "followups")}


def test_a_mistyped_header_is_named_with_the_column_it_probably_meant():
    from fcdash.parsing import parse_grids

    snap = parse_grids(_grids(
        activities=[["Dato", "Type", "Antl", "Noter til mig"], ["3-3-2025", "Henvisning", 4, "ring tilbage"]],
        events=[["ID", "Dato", "Titl", "Type", "Delatgere", "Kommentar", "Min egen kolonne", "Uge", "Tid", "Tovholder"],
                ["ARR-1", "3-3-2025", "Café", "Cafémøde", 12, "hyggeligt", "x", 10, "14:00", "Anne"]],
        goals=[["ID", "Indsatsområde", "Mål", "Kommentar", "Måltl"], ["1", "A", "Flere frivillige", "ok", 70]],
    ))
    typos = [(p.cell, p.value, dict(p.params)["column"]) for p in snap.problems if p.code == "unknown_header"]
    assert typos == [("Mål!E1", "Måltl", "Målværdi"), ("Arrangementer!C1", "Titl", "Titel"),
                     ("Arrangementer!E1", "Delatgere", "Deltagere i alt"), ("Aktiviteter!C1", "Antl", "Antal")]
    antl = next(p for p in snap.problems if p.value == "Antl")
    assert problem_message(antl) == ("Overskriften 'Antl' kendes ikke; mente I 'Antal'? "
                                     "Kolonnen læses ikke, før overskriften rettes.")
    assert problem_message(antl, "en").startswith("The header 'Antl' is not known; did you mean 'Antal'?")
    assert snap["events"].loc[0, "note"] == "hyggeligt"  # 'Kommentar' is the note's own alias


def test_a_header_near_a_column_found_elsewhere_in_the_header_is_a_column_of_their_own():
    from fcdash.parsing import parse_grids

    snap = parse_grids(_grids(events=[[" dato ", "Titel", "Type", "Titler", "Typer"],
                                      ["3-3-2025", "Café", "Cafémøde", "x", "y"]]))
    assert [p for p in snap.problems if p.code == "unknown_header"] == []


def test_a_row_is_kept_while_any_cell_holds_something_and_blank_rows_are_skipped():
    from fcdash.parsing import parse_grids

    snap = parse_grids(_grids(activities=[
        ["Dato", "Type", "Antl"], ["3-3-2025", "Henvisning", 2], [None, None, 5], ["", "  ", None], [],
        [None, None, None, "langt ude til højre"], [None, "\u00a0"],
    ]))
    assert list(snap["activities"]["_row"]) == [2, 3, 6]
    assert [(p.cell, p.code) for p in snap.problems if p.tab == "activities"] == [
        ("Aktiviteter!C1", "unknown_header"), ("Aktiviteter!A3", "missing_required"),
        ("Aktiviteter!B3", "missing_required"), ("Aktiviteter!A6", "missing_required"),
        ("Aktiviteter!B6", "missing_required")]


def test_an_event_written_twice_counts_once_and_the_problem_names_both_cells(demo_workbook):
    from fcdash import metrics
    from tests.conftest import TODAY, WorkbookVolunteer

    store = WorkbookStore(demo_workbook)
    before = read_snapshot(store)
    volunteer = WorkbookVolunteer(demo_workbook)
    grid = volunteer.grid("Arrangementer")
    copied = next(i for i, r in enumerate(grid[1:], start=1) if r[9] and r[1].date() <= TODAY)  # one that counts
    repeat = list(grid[copied])
    repeat[0] = f" {repeat[0].lower()} "  # the same id, as a volunteer might paste it
    volunteer.append("Arrangementer", repeat)
    after = read_snapshot(store)
    period = (dt.date(2000, 1, 1), TODAY)
    assert metrics.period_figures(after, *period) == metrics.period_figures(before, *period)
    assert len(after["events"]) == len(before["events"])
    (problem,) = after.problems
    assert (problem.cell, problem.code) == (f"Arrangementer!A{len(grid) + 1}", "duplicate_id")
    assert problem_message(problem) == (
        f"ID'et '{repeat[0].strip()}' står allerede i Arrangementer!A{copied + 1}; denne række tælles ikke med.")
