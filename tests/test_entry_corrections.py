"""Issue 31 through AppTest: the leader corrects and deletes her recent entries on the entry page,
gives a saved event its participants afterwards, is asked before an event on its way is saved
twice, and sees both versions where a volunteer changed the row meanwhile."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fcdash import corrections
from fcdash.parsing import read_snapshot
from fcdash.ui import forms
from tests.conftest import TODAY, WorkbookVolunteer, tap
from tests.test_entry_page import env, open_entry, waiting_list  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("env")


@pytest.fixture(autouse=True)
def no_double_tap(monkeypatch):
    """AppTest taps faster than a thumb: a tap within a second of a save is not its second tap here."""
    monkeypatch.setattr(forms, "DOUBLE_TAP", 0.0)


def _events(store) -> pd.DataFrame:
    return read_snapshot(store)["events"]


def _untouched(before: pd.DataFrame, after: pd.DataFrame, *ids: str) -> bool:
    def rest(frame):
        return frame.set_index("id").drop(index=list(ids)).drop(columns="_row").sort_index()
    return rest(after).equals(rest(before))


def _open_event(at, event_id: str):
    at.segmented_control(key="entry_kind").set_value("event").run()
    at.button(key=f"edit_{event_id}").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_saved_event_gets_its_participants_afterwards_and_nothing_else_changes(env):
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("event").run()
    # Saved before it happens, for its QR code: a title, a type, the day.
    at.text_input(key="ev_title").input("Ungecafé i Korsør")
    at.pills(key="ev_type").set_value("Cafémøde")
    tap(at, "ev_save").click().run()
    before = _events(env)
    event = before["id"].iloc[-1]
    assert before.set_index("id").at[event, "participants"] is pd.NA
    # After the event: opened from the recent entries, the form holds it.
    _open_event(at, event)
    assert at.text_input(key="ev_title").value == "Ungecafé i Korsør"
    assert at.button(key="edit_cancel")
    assert at.info[0].value.startswith("Du retter Cafémøde · Ungecafé i Korsør.")
    at.number_input(key="ev_participants").set_value(14)
    at.number_input(key="ev_young").set_value(12)
    at.number_input(key="ev_adults").set_value(2)
    at.multiselect(key="ev_organisations").select("MED-001").select("MED-002")
    at.text_area(key="ev_note").input("God stemning")
    tap(at, "ev_save").click().run()
    assert at.success[0].value.startswith("Gemt: rettelsen af arrangementet 'Ungecafé i Korsør'")
    after = _events(env)
    row = after.set_index("id").loc[event]
    assert (row["participants"], row["young"], row["adults"], row["organisations"], row["note"]) == (
        14, 12, 2, ("MED-001", "MED-002"), "God stemning")
    assert row["title"] == "Ungecafé i Korsør" and len(after) == len(before)
    assert _untouched(before, after, event)
    assert at.text_input(key="ev_title").value == ""  # the form is ready for a new event
    # Undo, right under the form, sets the row back.
    tap(at, "undo").click().run()
    assert at.success[0].value.startswith("Fortrudt: rettelsen af arrangementet")
    back = _events(env).set_index("id").loc[event]
    assert back["participants"] is pd.NA and back["organisations"] is None and pd.isna(back["note"])


def test_a_correction_writes_only_the_fields_changed_while_a_volunteer_sorts_the_tab(env, demo_workbook):
    before = _events(env)
    event = before.loc[before["date"] >= pd.Timestamp(TODAY - dt.timedelta(days=20)), "id"].iloc[0]
    at = _open_event(open_entry(), event)
    at.number_input(key="ev_participants").set_value(int(before.set_index("id").at[event, "participants"]) + 5)
    # A volunteer sorts the tab by title in LibreOffice before she saves.
    volunteer = WorkbookVolunteer(demo_workbook)
    grid = volunteer.grid("Arrangementer")
    volunteer.rewrite("Arrangementer", [grid[0], *sorted(grid[1:], key=lambda r: str(r[2]))])
    tap(at, "ev_save").click().run()
    assert at.success, [e.value for e in at.error]
    after = _events(env)
    assert after.set_index("id").at[event, "participants"] == before.set_index("id").at[event, "participants"] + 5
    assert _untouched(before, after, event)


def test_a_row_a_volunteer_changed_since_is_shown_in_both_versions_and_she_chooses(env, demo_workbook):
    before = _events(env)
    event = before.loc[before["date"] >= pd.Timestamp(TODAY - dt.timedelta(days=20)), "id"].iloc[1]
    at = _open_event(open_entry(), event)
    at.number_input(key="ev_participants").set_value(99)
    volunteer = WorkbookVolunteer(demo_workbook)
    row = next(i + 1 for i, r in enumerate(volunteer.grid("Arrangementer")) if r[0] == event)
    volunteer.set_cell("Arrangementer", row, 10, 77)  # Deltagere, typed by a volunteer meanwhile
    tap(at, "ev_save").click().run()
    assert _events(env).set_index("id").at[event, "participants"] == 77  # not overwritten
    assert waiting_list(at) == ["Venter på at blive sendt (1)"]
    assert any("ændret i regnearket" in w.value for w in at.warning)
    table = " ".join(m.value for m in at.markdown)
    assert "Din udgave" in table and "I regnearket nu" in table and "99" in table and "77" in table
    (mine,) = [b for b in at.button if b.key and b.key.startswith("mine_")]
    mine.click().run()
    assert _events(env).set_index("id").at[event, "participants"] == 99
    assert not waiting_list(at)


def test_a_deleted_entry_is_gone_after_a_question_and_nothing_else(env):
    at = open_entry()
    before = read_snapshot(env)["activities"]
    target = corrections.recent(before, "activity", TODAY)["id"].iloc[0]  # the newest, at the top
    at.button(key=f"delete_{target}").click().run()
    assert "Slette" in at.warning[0].value
    assert len(read_snapshot(env)["activities"]) == len(before)  # only asked
    at.button(key=f"delete_no_{target}").click().run()
    at.button(key=f"delete_{target}").click().run()
    at.button(key=f"delete_yes_{target}").click().run()
    assert at.success[0].value.startswith("Slettet:")
    after = read_snapshot(env)["activities"]
    assert target not in set(after["id"]) and len(after) == len(before) - 1
    assert _untouched(before.loc[before["id"] != target], after)


@pytest.mark.fault("the store down during entry, then back")
def test_the_same_event_typed_twice_while_the_first_waits_is_asked_about(env, demo_workbook):
    lock = demo_workbook.parent / f".~lock.{demo_workbook.name}#"
    lock.write_text("Anne")  # the workbook is open in LibreOffice: the first waits in the outbox
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("event").run()
    for _ in range(2):
        at.text_input(key="ev_title").input("Strikkecafé")
        at.pills(key="ev_type").set_value("Cafémøde")
        tap(at, "ev_save").click().run()
    assert any("på vej" in w.value for w in at.warning) and at.checkbox(key="ev_confirm")
    assert waiting_list(at) == ["Venter på at blive sendt (1)"]
    assert any("gemt sikkert" in w.value for w in at.warning)  # the outage says it is kept safe
    lock.unlink()


def test_a_new_member_is_corrected_without_being_its_own_duplicate(env):
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("member").run()
    members = read_snapshot(env)["members"]
    member = members.loc[members["joined"] >= pd.Timestamp(TODAY - dt.timedelta(days=30)), "id"].iloc[0]
    at.button(key=f"edit_{member}").click().run()
    name = members.set_index("id").at[member, "name"]
    assert at.text_input(key="me_name").value == name
    at.text_input(key="me_phone").input("+45 11 22 33 44")
    tap(at, "me_save").click().run()
    assert at.success, [e.value for e in at.error]
    assert read_snapshot(env)["members"].set_index("id").at[member, "phone"] == "+45 11 22 33 44"


def _sheet_row(volunteer: WorkbookVolunteer, event: str) -> list:
    return next(r for r in volunteer.grid("Arrangementer") if r[0] == event)


def test_a_correction_leaves_every_cell_she_did_not_change_as_the_volunteer_typed_it(env, demo_workbook):
    volunteer = WorkbookVolunteer(demo_workbook)
    event = corrections.recent(_events(env), "event", TODAY)["id"].iloc[2]
    row = next(i + 1 for i, r in enumerate(volunteer.grid("Arrangementer")) if r[0] == event)
    # A volunteer typed an organisation by a name the sheet does not know, and a name it does.
    volunteer.set_cell("Arrangementer", row, 14, "MED-001, Ukendt Forening")
    before = _sheet_row(volunteer, event)
    at = _open_event(open_entry(), event)
    assert any("ikke kan vise" in w.value and "Medvirkende organisationer" in w.value for w in at.warning)
    at.number_input(key="ev_participants").set_value((before[9] or 0) + 3)
    tap(at, "ev_save").click().run()
    assert at.success, [e.value for e in at.error]
    after = _sheet_row(volunteer, event)
    assert after[9] == (before[9] or 0) + 3
    assert after[:9] + after[10:] == before[:9] + before[10:]  # every other cell as it was, the names too


def test_a_correction_with_nothing_changed_writes_nothing(env, demo_workbook):
    event = corrections.recent(_events(env), "event", TODAY)["id"].iloc[3]
    stamp = demo_workbook.stat().st_mtime_ns
    at = _open_event(open_entry(), event)
    tap(at, "ev_save").click().run()
    assert at.info[0].value == "Du ændrede ikke noget; intet er skrevet."
    assert demo_workbook.stat().st_mtime_ns == stamp


def test_switching_kind_while_correcting_keeps_the_row_in_the_form(env, demo_workbook):
    volunteer = WorkbookVolunteer(demo_workbook)
    event = corrections.recent(_events(env), "event", TODAY)["id"].iloc[4]
    before = _sheet_row(volunteer, event)
    at = _open_event(open_entry(), event)
    at.segmented_control(key="entry_kind").set_value("activity").run()
    at.segmented_control(key="entry_kind").set_value("event").run()
    assert at.text_input(key="ev_title").value == before[2]  # still the row she opened
    at.text_area(key="ev_note").input("Rettet efter skift")
    tap(at, "ev_save").click().run()
    after = _sheet_row(volunteer, event)
    assert after[14] == "Rettet efter skift" and after[:14] == before[:14]


def test_deleting_the_row_she_is_correcting_empties_the_form(env):
    event = corrections.recent(_events(env), "event", TODAY)["id"].iloc[5]
    at = _open_event(open_entry(), event)
    at.button(key=f"delete_{event}").click().run()
    at.button(key=f"delete_yes_{event}").click().run()
    assert at.success[0].value.startswith("Slettet:")
    assert at.text_input(key="ev_title").value == "" and tap(at, "ev_save").label == "Gem"
    assert event not in set(_events(env)["id"])


def test_keeping_the_sheets_version_writes_nothing_and_says_so(env, demo_workbook):
    event = corrections.recent(_events(env), "event", TODAY)["id"].iloc[6]
    at = _open_event(open_entry(), event)
    at.number_input(key="ev_participants").set_value(98)
    volunteer = WorkbookVolunteer(demo_workbook)
    row = next(i + 1 for i, r in enumerate(volunteer.grid("Arrangementer")) if r[0] == event)
    volunteer.set_cell("Arrangementer", row, 10, 76)
    tap(at, "ev_save").click().run()
    assert not [b for b in at.button if b.key and b.key.startswith("undo_")]  # nothing written to undo
    (theirs,) = [b for b in at.button if b.key and b.key.startswith("theirs_")]
    theirs.click().run()
    assert at.info[0].value.startswith("Fjernet fra udbakken; intet af det er skrevet")
    assert not at.success and not waiting_list(at)
    assert _events(env).set_index("id").at[event, "participants"] == 76


def test_an_age_band_changed_moves_a_total_she_never_typed(env, demo_workbook):
    volunteer = WorkbookVolunteer(demo_workbook)
    event = corrections.recent(_events(env), "event", TODAY)["id"].iloc[7]
    row = next(i + 1 for i, r in enumerate(volunteer.grid("Arrangementer")) if r[0] == event)
    volunteer.set_cell("Arrangementer", row, 10, None)  # the total left empty: the bands' sum is shown
    bands = _events(env).set_index("id").loc[event, ["young", "adults", "elderly"]].fillna(0).astype(int).tolist()
    at = _open_event(open_entry(), event)
    assert at.number_input(key="ev_participants").value == sum(bands)
    at.number_input(key="ev_adults").set_value(bands[1] + 2)
    tap(at, "ev_save").click().run()
    assert at.success, [e.value for e in at.error]
    assert _events(env).set_index("id").at[event, "participants"] == sum(bands) + 2


def test_deleting_a_row_just_added_takes_away_its_undo(env):
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("event").run()
    at.text_input(key="ev_title").input("Dobbelt")
    at.pills(key="ev_type").set_value("Cafémøde")
    tap(at, "ev_save").click().run()
    added = _events(env)["id"].iloc[-1]
    at.button(key=f"delete_{added}").click().run()
    at.button(key=f"delete_yes_{added}").click().run()
    assert at.success[0].value.startswith("Slettet:")
    assert not [b for b in at.button if b.key and b.key.startswith("undo_")]
