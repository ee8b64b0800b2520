"""The demo data: deterministic, realistic in size, clean, and the Slagelse plan as goals."""

from __future__ import annotations

import datetime as dt

from fcdash import demo, schema
from fcdash.store.workbook import WorkbookStore
from fcdash.parsing import read_snapshot
from tests.conftest import TODAY


def test_same_day_same_rows_and_another_day_moves_with_it():
    assert demo.demo_rows(TODAY) == demo.demo_rows(TODAY)
    later = demo.demo_rows(dt.date(2027, 6, 1))
    assert later["goals"][0]["start"] == dt.date(2026, 1, 1)


def test_size_of_a_mid_sized_centre(demo_rows):
    assert 50 <= len(demo_rows["members"]) <= 70
    assert 200 <= len(demo_rows["events"]) <= 500
    assert 1500 <= len(demo_rows["activities"]) <= 3000
    loneliness = [i for i in demo_rows["initiatives"] if i["focus"] == "Ensomhed"]
    assert {i["target_group"] for i in loneliness} == {"Unge", "Ældre"}
    assert all(e["date"] <= TODAY for e in demo_rows["events"] + demo_rows["activities"])


def test_goals_are_the_slagelse_activity_plan(demo_rows):
    areas = {g["area"] for g in demo_rows["goals"]}
    assert "Understøttelse af rekruttering af frivillige i lokale organisationer" in areas
    assert "Facilitering af netværk for medlemsorganisationerne" in areas
    texts = [g["goal"] for g in demo_rows["goals"]]
    assert "Understøttelse af faglige netværk." in texts
    assert {f["result"] for f in demo_rows["followups"]} == set(schema.COLOURS)


def test_the_demo_workbook_reads_without_a_single_problem(demo_workbook):
    assert read_snapshot(WorkbookStore(demo_workbook)).problems == []


def test_no_citizen_is_named(demo_rows):
    event_text = " ".join(str(v) for e in demo_rows["events"] for v in e.values())
    assert "@" not in event_text
    assert not any("name" in e or "contact" in e for e in demo_rows["events"] + demo_rows["activities"])
