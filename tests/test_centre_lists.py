"""The centre's own lists (the optional tab Egne lister): a member type, event type or activity
type of its own counts as a kind, in the goals' filters too, and is offered in the dropdowns of the
workbook and the Google sheet and in the entry forms; without the tab nothing changes."""

from __future__ import annotations

import datetime as dt

import openpyxl
from streamlit.testing.v1 import AppTest

from fcdash import goals, i18n, schema
from fcdash.parsing import parse_grids, read_snapshot
from fcdash.store.gsheets import GoogleSheetsStore
from fcdash.store.workbook import WorkbookStore, create_workbook
from tests.conftest import FAST_RETRY, ROOT, as_editor, google_config

OWN = [["Medlemstyper", "Arrangementstyper", "Aktivitetstyper", "Lokalområder"],
       ["Idrætsforening", "Cykeltur", "Besøgsven-match", "Korsør"],
       ["Boligforening", "Fællesspisning", None, "Skælskør"]]
MEMBERS = [["ID", "Navn", "Type", "Indmeldt"],
           ["MED-1", "Slagelse Svømmeklub", "idrætsforening", "1-1-2025"],
           ["MED-2", "Ældre Sagen", "Forening", "1-1-2025"],
           ["MED-3", "Korsør Roklub", "Idrætsforening", "1-1-2025"],
           ["MED-4", "Boligselskabet Sjælland", "Boligforening", "1-1-2025"]]
EVENTS = [["ID", "Dato", "Titel", "Type", "Deltagere i alt"],
          ["ARR-1", "3-3-2026", "Cykeltur for ældre", "Cykeltur", 12],
          ["ARR-2", "4-3-2026", "Fællesspisning i Korsør", "fællesspisning", 30],
          ["ARR-3", "5-3-2026", "Cafémøde", "Cafémøde", 9]]
GOALS = [["ID", "Indsatsområde", "Mål", "Tæller", "Arrangementstyper", "Aktivitetstyper", "Kun medlemstyper",
          "Målværdi", "Start", "Slut"],
         ["1", "Fællesskab", "Fællesskaber mod ensomhed", "Arrangementer", "Cykeltur, Fællesspisning", None, None,
          "2", "1-1-2026", "31-12-2026"],
         ["2", "Medlemmer", "Flere idrætsforeninger", "Aktive medlemmer", None, None, "Idrætsforening", "2",
          "1-1-2026", "31-12-2026"],
         ["3", "Medlemmer", "Mangfoldighed i medlemssammensætningen", "Forskellige medlemstyper", None, None, None,
          "3", "1-1-2026", "31-12-2026"],
         ["4", "Frivillige", "Besøgsvenner sat sammen", "Aktiviteter", None, "Besøgsven-match", None, "1",
          "1-1-2026", "31-12-2026"]]
ACTIVITIES = [["Dato", "Type", "Antal"], ["6-3-2026", "Besøgsven-match", 2]]


def snapshot(own=OWN):
    grids = {"members": MEMBERS, "events": EVENTS, "goals": GOALS, "activities": ACTIVITIES}
    return parse_grids({**grids, "lists": own} if own else grids)


def test_the_centres_own_kinds_are_kinds_and_the_goals_filters_count_them():
    snap = snapshot()
    assert [p for p in snap.problems if p.code != "missing_tab"] == []
    assert snap["members"]["type"].tolist() == ["Idrætsforening", "Forening", "Idrætsforening", "Boligforening"]
    assert snap["events"]["type"].tolist() == ["Cykeltur", "Fællesspisning", "Cafémøde"]
    table = goals.progress(snap, dt.date(2026, 6, 1)).set_index("id")
    assert table.loc[["1", "2", "3", "4"], "value"].tolist() == [2, 2, 3, 2]
    # Without the tab (a sheet made before it): an own kind is an unknown value, the tab is not missed.
    before = snapshot(own=None)
    assert not [p for p in before.problems if p.tab == "lists"]
    assert ("Medlemmer!C2", "unknown_category", "idrætsforening") in [(p.cell, p.code, p.value) for p in before.problems]


def test_an_unknown_kind_is_told_the_centres_own_kinds_too():
    snap = snapshot(own=[*OWN, [None, None, None, None]])
    members = parse_grids({"lists": OWN, "members": [*MEMBERS, ["MED-5", "Skakklubben", "Klub", "1-1-2025"]]})
    [problem] = [p for p in members.problems if p.tab == "members"]
    message = i18n.problem_message(problem)
    assert problem.cell == "Medlemmer!C6" and "Forening" in message and "Idrætsforening, Boligforening" in message
    assert snap["lists"]["member_types"].tolist() == ["Idrætsforening", "Boligforening"]


def dropdown_values(path, tab_title: str, header: str) -> list[str]:
    """What the workbook's dropdown on a column offers (the hidden list it points to)."""
    wb = openpyxl.load_workbook(path)
    ws = wb[tab_title]
    column = [c.value for c in ws[1]].index(header) + 1
    [dv] = [dv for dv in ws.data_validations.dataValidation if any(r.min_col == column for r in dv.sqref.ranges)]
    sheet, cells = dv.formula1.split("!")
    first, last = cells.replace("$", "").split(":")
    return [c.value for row in wb[sheet.strip("'")][first:last] for c in row]


def test_the_workbooks_dropdowns_offer_the_centres_own_kinds_after_prepare(tmp_path):
    path = create_workbook(tmp_path / "frivilligcenter.xlsx")
    assert "Egne lister" in openpyxl.load_workbook(path).sheetnames
    assert "Idrætsforening" not in dropdown_values(path, "Medlemmer", "Type")
    wb = openpyxl.load_workbook(path)
    for row in OWN[1:]:
        wb["Egne lister"].append([None, *row])
    wb["Medlemmer"].append(["MED-1", "Slagelse Svømmeklub", "Idrætsforening"])
    wb.save(path)
    store = WorkbookStore(path)
    assert store.prepare() == ["rullelisterne har fået centrets egne valg fra 'Egne lister'"]
    assert dropdown_values(path, "Medlemmer", "Type")[-2:] == ["Idrætsforening", "Boligforening"]
    assert dropdown_values(path, "Arrangementer", "Type")[-2:] == ["Cykeltur", "Fællesspisning"]
    assert dropdown_values(path, "Aktiviteter", "Type")[-1] == "Besøgsven-match"
    assert list(openpyxl.load_workbook(path)["Medlemmer"].iter_rows(min_row=2, values_only=True))[0][:3] == (
        "MED-1", "Slagelse Svømmeklub", "Idrætsforening")  # what was typed stays
    assert store.prepare() == []  # nothing more to do
    assert not [p for p in read_snapshot(store).problems if p.tab == "members"]


def test_the_google_sheets_dropdowns_offer_the_centres_own_kinds(emulator):
    sid = emulator.create_spreadsheet(title="Frivilligcenter Slagelse")
    store = GoogleSheetsStore.from_config(google_config(emulator, sid), retry=FAST_RETRY)
    store.prepare()
    emulator.type_values(sid, "'Egne lister'!B2", [row for row in OWN[1:]])
    store.prepare()

    def offered(title):
        return [[v["userEnteredValue"] for v in rule["rule"]["condition"]["values"]]
                for rule in emulator.book(sid).sheet(title).validations]

    assert any(values[-2:] == ["Idrætsforening", "Boligforening"] for values in offered("Medlemmer"))
    assert any(values[-2:] == ["Cykeltur", "Fællesspisning"] for values in offered("Arrangementer"))


def test_the_entry_forms_offer_the_centres_own_kinds(monkeypatch, tmp_path, demo_rows):
    rows = {**demo_rows, "lists": [{"member_types": "Idrætsforening", "event_types": "Cykeltur"}]}
    path = create_workbook(tmp_path / "frivilligcenter.xlsx", rows)
    monkeypatch.setenv("FCDASH_WORKBOOK", str(path))
    monkeypatch.setenv("FCDASH_TODAY", "2026-11-23")
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    as_editor(at, monkeypatch)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    at.segmented_control(key="entry_kind").set_value("member").run()
    assert "Idrætsforening" in at.pills(key="me_type").options  # seven kinds: pills
    at.segmented_control(key="entry_kind").set_value("event").run()
    assert "Cykeltur" in at.selectbox(key="ev_type").options  # thirteen: a list
    assert not at.exception


def test_the_tab_is_declared_once_and_the_guide_names_it():
    from fcdash.store import layout

    assert schema.LISTS in schema.TABS and schema.LISTS.optional
    guide = layout.guide_lines()
    assert any(line.startswith("Egne lister:") for line in guide)
    assert "    Medlemstyper" in guide
