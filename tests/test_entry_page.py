"""The entry forms through AppTest: sign-in and roles, every form valid and invalid, the outbox."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from fcdash import auth
from fcdash.store.workbook import WorkbookStore, create_workbook
from fcdash.parsing import read_snapshot
from fcdash.ui import forms, sender
from tests.conftest import ROOT, TODAY, tap

PASSCODE = "Hemmelig-kode-42"


@pytest.fixture
def env(monkeypatch, demo_workbook, tmp_path):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    # These tests assert what is written, not how fast: a busy machine must not turn 'saved' into
    # 'on its way'. How long the leader waits is measured in the benchmark's outage run.
    monkeypatch.setattr(sender, "PATIENCE", 60)
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("FCDASH_EDITOR_PASSCODE_HASH", auth.hash_passcode(PASSCODE, iterations=1000))
    return WorkbookStore(demo_workbook)


def open_entry(passcode: str | None = PASSCODE) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    if passcode is not None:
        at.text_input(key="passcode").input(passcode)
        at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def waiting_list(at) -> list[str]:
    return [h.value for h in at.subheader if h.value.startswith("Venter")]


def last(store, tab):
    return read_snapshot(store)[tab].iloc[-1]


def test_a_viewer_gets_the_sign_in_not_the_forms(env):
    at = open_entry(passcode=None)
    assert at.title[0].value == "Log ind for at registrere"
    assert not at.get("button_group") and "+1 Afklarende frivillig-samtale" not in [b.label for b in at.button]
    # Session tricks: keys that look like a role grant nothing; only the passcode check sets it.
    at.session_state["editor"] = True
    at.session_state["is_editor"] = True
    at.run()
    assert at.title[0].value == "Log ind for at registrere"


def test_a_wrong_passcode_is_refused_and_five_lock_the_form(env):
    at = open_entry("forkert")
    assert at.error[0].value == "Forkert adgangskode."
    for _ in range(4):
        at.text_input(key="passcode").input("forkert")
        at.button[0].click().run()
    at.text_input(key="passcode").input(PASSCODE)
    at.button[0].click().run()
    assert at.title[0].value == "Log ind for at registrere"
    assert "For mange forsøg" in at.error[0].value


def test_a_wrong_passcode_then_the_right_one_signs_in_with_no_wrong_message(env):
    at = open_entry("forkert")
    assert [e.value for e in at.error] == ["Forkert adgangskode."]
    at.text_input(key="passcode").input(PASSCODE)
    at.button(key="sign_in_submit").click().run()
    assert at.title[0].value == "Registrér"
    assert not at.error and not at.exception
    at.run()
    assert at.title[0].value == "Registrér" and not at.error


def test_two_wrong_passcodes_show_one_message_and_enter_submits_the_form(env):
    at = open_entry("forkert")
    at.text_input(key="passcode").input("også forkert")
    at.button(key="sign_in_submit").click().run()
    assert [e.value for e in at.error] == ["Forkert adgangskode."]
    assert at.text_input(key="passcode").value == ""  # the field is cleared for the next try
    # Enter (a phone keyboard's Go) submits; Streamlit's English hint for it is hidden.
    (form,) = at.get("form")
    assert form.proto.form.enter_to_submit
    assert any('[data-testid="InputInstructions"]' in h.proto.body and "display: none" in h.proto.body
               for h in at.get("html"))


def test_eleven_wrong_passcodes_from_eleven_sessions_are_locked_out_for_the_whole_server(env):
    # Each guess in a fresh session (a new browser, cookies cleared): the count is the server's.
    outcomes = [open_entry("gæt nummer %d" % i).error[0].value for i in range(11)]
    assert outcomes[:4] == ["Forkert adgangskode."] * 4
    assert all(o.startswith("For mange forsøg") for o in outcomes[4:])
    # Even the right passcode waits now, and a restarted server remembers (the count is on disk).
    from streamlit.runtime.caching import cache_resource
    cache_resource.clear()
    at = open_entry()
    assert at.title[0].value == "Log ind for at registrere" and at.error[0].value.startswith("For mange forsøg")


def test_the_lockout_lets_tries_again_after_its_window(tmp_path):
    from fcdash.auth import Lockout

    lockout = Lockout(tmp_path / "forsoeg.json", max_tries=5, window=60)
    for second in range(5):
        assert lockout.wait(now=1000 + second) == 0
        lockout.failed(now=1000 + second)
    assert lockout.wait(now=1005) == 55  # until the first of the five is a minute old
    assert lockout.wait(now=1060) == 0
    lockout.succeeded()
    assert lockout.wait(now=1005) == 0


def test_the_demo_passcode_works_only_on_the_demo_workbook_the_product_made(env, monkeypatch, tmp_path, demo_rows):
    assert open_entry("demo").title[0].value == "Log ind for at registrere"
    # A centre's own workbook with no passcode set: recording is off, and no passcode is shown.
    monkeypatch.delenv("FCDASH_EDITOR_PASSCODE_HASH")
    own = open_entry(None)
    assert own.warning[0].value.startswith("Registrering er slået fra") and not own.text_input
    assert "demo" not in " ".join(c.value for c in own.caption)
    # The embedded demo, made by the product in a fresh folder: 'demo' signs in.
    monkeypatch.delenv("FCDASH_WORKBOOK")
    monkeypatch.chdir(tmp_path)
    assert open_entry("demo").title[0].value == "Registrér"
    # The centre's own file put where the demo was: not the demo any more.
    create_workbook(tmp_path / "eget.xlsx", demo_rows)  # made outside the product's demo
    (tmp_path / "eget.xlsx").replace(tmp_path / "data" / "frivilligcenter.xlsx")
    assert open_entry(None).warning[0].value.startswith("Registrering er slået fra")


def test_a_guidance_talk_in_one_tap(env):
    at = open_entry()
    assert at.title[0].value == "Registrér"
    tap(at, "quick_0").click().run()
    assert at.success[0].value == "Gemt: 1 × Afklarende frivillig-samtale. Det er nu med på dashboardet."
    row = last(env, "activities")
    assert (row["type"], row["count"], row["date"]) == ("Afklarende frivillig-samtale", 1, dt.datetime(2026, 11, 23))


def test_an_activity_form_valid_and_invalid(env):
    at = open_entry()
    at.pills(key="ac_type").set_value("Konsulentstøtte/sparring")  # a few options: pills, no list
    at.selectbox(key="ac_organisation").select("MED-003")
    at.date_input(key="ac_date").set_value(TODAY + dt.timedelta(days=60))
    before = read_snapshot(env)["activities"]
    tap(at, "ac_save").click().run()
    assert at.error[0].value == "Datoen ligger mere end 31 dage ude i fremtiden."
    after = read_snapshot(env)["activities"]  # nothing written: as many rows, the same last one
    assert (len(after), after["id"].iloc[-1]) == (len(before), before["id"].iloc[-1])
    at.date_input(key="ac_date").set_value(dt.date(2026, 11, 20))
    at.text_area(key="ac_note").input("=HYPERLINK(\"http://x\")")
    tap(at, "ac_save").click().run()
    assert at.success, [e.value for e in at.error]
    row = last(env, "activities")
    assert (row["type"], row["organisation"], row["note"]) == ("Konsulentstøtte/sparring", "MED-003", "=HYPERLINK(\"http://x\")")
    assert at.selectbox(key="ac_organisation").value is None  # ready for the next entry


def test_an_event_with_age_bands_and_two_organisations(env):
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("event").run()
    at.text_input(key="ev_title").input("Ungecafé i Korsør")
    at.pills(key="ev_type").set_value("Cafémøde")
    at.number_input(key="ev_participants").set_value(10)
    at.number_input(key="ev_young").set_value(8)
    at.number_input(key="ev_adults").set_value(5)
    at.multiselect(key="ev_organisations").select("MED-001").select("MED-002")
    tap(at, "ev_save").click().run()
    assert at.error[0].value == "Aldersgrupperne giver 13, mere end deltagere i alt (10)."
    at.number_input(key="ev_adults").set_value(2)
    tap(at, "ev_save").click().run()
    assert at.success[0].value.startswith("Gemt: arrangementet 'Ungecafé i Korsør'")
    row = last(env, "events")
    assert (row["participants"], row["young"], row["adults"]) == (10, 8, 2)
    assert row["organisations"] == ("MED-001", "MED-002")
    assert at.text_input(key="ev_title").value == ""


def test_a_likely_duplicate_event_is_asked_about_not_refused(env):
    existing = read_snapshot(env)["events"].iloc[-1]
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("event").run()
    at.date_input(key="ev_date").set_value(existing["date"].date())
    at.text_input(key="ev_title").input(existing["title"])
    at.pills(key="ev_type").set_value(existing["type"])
    tap(at, "ev_save").click().run()
    # A question beside the save button, not an error: nothing is wrong with what she typed.
    assert not at.error and "allerede registreret" in at.warning[0].value
    assert at.toast[0].value.startswith("Findes det allerede?")
    count = len(read_snapshot(env)["events"])
    at.checkbox(key="ev_confirm").check()
    tap(at, "ev_save").click().run()
    assert at.success
    assert len(read_snapshot(env)["events"]) == count + 1


def test_a_new_member_and_a_member_leaving(env):
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("member").run()
    at.text_input(key="me_name").input("Ældre Sagen Slagelse")
    tap(at, "me_save").click().run()
    # Beside the field, and beside the save button naming the field; the toast names it with the reason.
    assert [e.value for e in at.error] == ["Skal udfyldes.", "Ikke gemt endnu. Ret: Type."]
    assert at.toast[0].value == "Ikke gemt endnu. Type: Skal udfyldes."
    at.text_input(key="me_name").input("Strikkeklubben Korsør")
    at.pills(key="me_type").set_value("Gruppe")
    at.pills(key="me_target_groups").set_value(["Ældre"])
    at.text_input(key="me_email").input("strik@example.dk")
    tap(at, "me_save").click().run()
    assert at.success
    row = last(env, "members")
    assert (row["name"], row["type"], row["target_groups"], row["email"]) == (
        "Strikkeklubben Korsør", "Gruppe", ("Ældre",), "strik@example.dk")
    at.segmented_control(key="entry_kind").set_value("leave").run()
    at.selectbox(key="le_member").select(row["id"])
    tap(at, "le_save").click().run()
    assert at.success
    members = read_snapshot(env)["members"].set_index("id")
    assert members.at[row["id"], "left"] == dt.datetime(2026, 11, 23)
    assert members.at[row["id"], "email"] == "strik@example.dk"  # the rest of the row untouched


def test_a_goal_follow_up(env):
    at = open_entry()
    at.segmented_control(key="entry_kind").set_value("followup").run()
    tap(at, "fu_save").click().run()
    assert [e.value for e in at.error] == ["Skal udfyldes."] * 3 + ["Ikke gemt endnu. Ret: Mål, Resultat, Tid."]
    at.selectbox(key="fu_goal").select("4.2")
    at.pills(key="fu_result").set_value("Gul")
    at.pills(key="fu_time").set_value("Grøn")
    at.text_area(key="fu_comment").input("Et møde holdt; målet var mindst 2.")
    tap(at, "fu_save").click().run()
    assert at.success
    row = last(env, "followups")
    assert (row["goal"], row["result"], row["time"]) == ("4.2", "Gul", "Grøn")


@pytest.mark.fault("the store down during entry, then back")
def test_with_the_store_locked_the_entry_waits_and_is_sent_later(env, demo_workbook):
    lock = demo_workbook.parent / f".~lock.{demo_workbook.name}#"
    lock.write_text("Anne")
    at = open_entry()
    tap(at, "quick_0").click().run()
    assert "gemt på serveren" in at.warning[0].value
    assert waiting_list(at) == ["Venter på at blive sendt (1)"]
    before = len(read_snapshot(env)["activities"])
    lock.unlink()
    at.button(key="send_now").click().run()
    assert at.success[0].value == "1 sendt til regnearket."
    assert len(read_snapshot(env)["activities"]) == before + 1
    assert not waiting_list(at)


def test_a_set_aside_entry_is_listed_and_can_be_tried_again_or_removed(env, tmp_path):
    from fcdash.outbox import Outbox

    box = Outbox(tmp_path / "outbox")
    box.add("update", "members", {"left": dt.date(2026, 11, 1)}, "MED-LATER")  # not in the sheet yet
    box.add("update", "members", {"left": dt.date(2026, 11, 2)}, "MED-NEVER")
    box.flush(env)
    at = open_entry()
    assert len(at.error) == 2 and all("MED-" in e.value or "findes" in e.value for e in at.error)
    assert [b.label for b in at.button if b.key and b.key.startswith(("retry_", "discard_"))] == [
        "Prøv igen", "Fjern", "Prøv igen", "Fjern"]
    # A volunteer adds the member by hand; the leader tries the first entry again.
    env.append_rows("members", [{"id": "MED-LATER", "name": "Senere forening", "type": "Forening"}])
    later, never = box.entries()
    at.button(key=f"retry_{later.name}").click().run()
    assert read_snapshot(env)["members"].set_index("id").at["MED-LATER", "left"] == dt.datetime(2026, 11, 1)
    at.button(key=f"discard_{never.name}").click().run()
    assert box.entries() == [] and not at.error


def test_the_last_entry_is_undone_and_its_row_leaves_the_store(env):
    at = open_entry()
    tap(at, "quick_0").click().run()
    added = last(env, "activities")["id"]
    assert tap(at, "undo").label == "Fortryd: 1 × Afklarende frivillig-samtale"
    tap(at, "undo").click().run()
    assert at.success[0].value == "Fortrudt: 1 × Afklarende frivillig-samtale er fjernet fra regnearket."
    assert added not in set(read_snapshot(env)["activities"]["id"])
    assert not [b for b in at.button if b.key and b.key.startswith("undo_")]  # one undo, of the last entry


@pytest.mark.fault("the store down during entry, then back")
def test_an_entry_undone_while_it_waits_never_reaches_the_store(env, demo_workbook):
    lock = demo_workbook.parent / f".~lock.{demo_workbook.name}#"
    lock.write_text("Anne")
    at = open_entry()
    before = list(read_snapshot(env)["activities"]["id"])
    tap(at, "quick_0").click().run()
    assert waiting_list(at) == ["Venter på at blive sendt (1)"]
    tap(at, "undo").click().run()
    assert at.success[0].value == "Fortrudt: 1 × Afklarende frivillig-samtale blev aldrig sendt til regnearket."
    assert not waiting_list(at)  # the outbox is empty
    lock.unlink()
    sender.outbox().flush(env)
    assert list(read_snapshot(env)["activities"]["id"]) == before


def test_a_thumbs_second_tap_on_the_button_drawn_again_saves_nothing_more(env, monkeypatch):
    """A fast save draws the page again before a double tap's second tap lands: that tap, on the
    new drawing's button, is the same tap; one a little later is a new entry."""
    at = open_entry()
    before = len(read_snapshot(env)["activities"])
    tap(at, "quick_0").click().run()
    tap(at, "quick_0").click().run()  # the redrawn button, at once
    assert len(read_snapshot(env)["activities"]) == before + 1
    assert at.success[0].value.startswith("Gemt: 1 × Afklarende frivillig-samtale")
    monkeypatch.setattr(forms, "DOUBLE_TAP", 0.0)  # the same tap a moment later
    tap(at, "quick_0").click().run()
    assert len(read_snapshot(env)["activities"]) == before + 2


def test_undo_is_offered_only_for_a_while_and_a_new_entry_gets_a_new_key(env, monkeypatch):
    at = open_entry()
    first_key = tap(at, "quick_0").key
    tap(at, "quick_0").click().run()
    assert tap(at, "quick_0").key != first_key  # the next tap is a new entry
    monkeypatch.setattr(forms, "DOUBLE_TAP", 0.0)  # a moment later, not a thumb's second tap
    tap(at, "quick_0").click().run()
    activities = read_snapshot(env)["activities"]
    assert activities["id"].iloc[-2] == first_key.removeprefix("quick_0_") != activities["id"].iloc[-1]
    monkeypatch.setattr(sender, "UNDO_MINUTES", 0)
    at.run()
    assert not [b for b in at.button if b.key and b.key.startswith("undo_")]
