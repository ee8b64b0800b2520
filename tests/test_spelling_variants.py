"""Spellings of one local area or one organisation that differ only in case, spacing or a word
("Hobro", "hobro", "Hobro by", "Hobro Kommune") are flagged on the data-quality page as probably
the same, with their cells, before they count as two. Case and spacing never count as two."""

from __future__ import annotations

import datetime as dt

from fcdash import goals, i18n
from fcdash.parsing import parse_grids

MEMBER_HEAD = ["ID", "Navn", "Type", "Lokalområde", "Indmeldt"]
EVENT_HEAD = ["ID", "Dato", "Titel", "Type", "Lokalområde", "Deltagere i alt"]
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Tæller", "Målværdi", "Start", "Slut"]


def snapshot(members=(), events=(), own_areas=()):
    grids = {"members": [MEMBER_HEAD, *members], "events": [EVENT_HEAD, *events],
             "goals": [GOAL_HEAD, ["1", "Lokalt", "Afholdelse af aktiviteter i skiftende lokalområder",
                                   "Forskellige lokalområder", "3", "1-1-2026", "31-12-2026"]]}
    if own_areas:
        grids["lists"] = [["Lokalområder"], *([area] for area in own_areas)]
    return parse_grids(grids)


def event(ident, area, day="3-3-2026"):
    return [ident, day, "Cafémøde", "Cafémøde", area, 10]


def member(ident, name, area="Slagelse"):
    return [ident, name, "Forening", area, "1-1-2025"]


def flagged(snap):
    return [(p.cell, p.code, p.value, dict(p.params).get("other"), dict(p.params).get("other_cell"))
            for p in snap.problems if p.code.startswith("spelling")]


def test_hobro_spelled_four_ways_is_flagged_against_the_spelling_used_most():
    snap = snapshot(events=[event("ARR-1", "Hobro"), event("ARR-2", "Hobro"), event("ARR-3", "hobro"),
                            event("ARR-4", "Hobro by"), event("ARR-5", "Hobro  Kommune"), event("ARR-6", "Mariager"),
                            event("ARR-7", "Hobro by")])
    assert flagged(snap) == [
        ("Arrangementer!E4", "spelling_case", "hobro", "Hobro", "Arrangementer!E2"),
        ("Arrangementer!E5", "spelling_word", "Hobro by", "Hobro", "Arrangementer!E2"),
        ("Arrangementer!E6", "spelling_word", "Hobro  Kommune", "Hobro", "Arrangementer!E2"),
    ]
    by_cell = {p.cell: p for p in snap.problems}
    assert i18n.problem_message(by_cell["Arrangementer!E5"]) == (
        "'Hobro by' ligner 'Hobro' (fx Arrangementer!E2) med et ord til eller fra, og står i 2 celler. Er det "
        "det samme sted eller den samme organisation, så skriv dem ens; ellers tælles de som to.")
    assert "Hobro" in i18n.problem_message(by_cell["Arrangementer!E4"], "en")
    assert snap["events"]["area"].tolist()[:5] == ["Hobro", "Hobro", "hobro", "Hobro by", "Hobro  Kommune"]  # as typed


def test_case_and_spacing_count_as_one_area_and_a_word_as_another():
    snap = snapshot(events=[event("ARR-1", "Hobro"), event("ARR-2", "hobro "), event("ARR-3", "HOBRO"),
                            event("ARR-4", "Hobro by"), event("ARR-5", "Hobro  By"), event("ARR-6", "Mariager")])
    row = goals.progress(snap, dt.date(2026, 6, 1)).set_index("id").loc["1"]
    assert row["value"] == 3  # Hobro (three ways), Hobro by (two ways; flagged, not merged) and Mariager


def test_areas_of_members_and_events_are_one_pool_and_the_centres_own_list_decides():
    snap = snapshot(members=[member("MED-1", "Hobro Roklub", "hobro"), member("MED-2", "Mariager IF", "Mariager")],
                    events=[event("ARR-1", "Hobro"), event("ARR-2", "Hobro by")], own_areas=["Hobro by", "Hobro"])
    # Egne lister names both Hobro and Hobro by: two areas by the centre's own word; hobro is Hobro.
    assert flagged(snap) == [("Medlemmer!D2", "spelling_case", "hobro", "Hobro", "Arrangementer!E2")]


def test_the_same_organisation_entered_twice_with_another_spelling():
    snap = snapshot(members=[member("MED-1", "Ældre Sagen"), member("MED-2", "Kirkens Korshær, Slagelse"),
                             member("MED-3", "ældre sagen"), member("MED-4", "Kirkens Korshær Slagelse"),
                             member("MED-5", "Frivilligcenter Slagelse"), member("MED-6", "Frivilligcenter Billund")])
    assert flagged(snap) == [
        ("Medlemmer!B4", "spelling_case", "ældre sagen", "Ældre Sagen", "Medlemmer!B2"),
        ("Medlemmer!B5", "spelling_word", "Kirkens Korshær Slagelse", "Kirkens Korshær, Slagelse", "Medlemmer!B3"),
    ]
