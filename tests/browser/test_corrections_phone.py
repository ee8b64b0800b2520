"""The leader on a phone (390x844, touch) corrects what she entered: an event saved beforehand gets
its participants while a volunteer sorts the tab, a mistaken entry is deleted after a question, and
what waits to be sent turns into "saved" by itself once it lands, on both backends."""

from __future__ import annotations

import re
import time

import filelock

from fcdash.parsing import read_snapshot
from tests.browser.conftest import settle, sync_api, wait_until_sent
from tests.browser.test_journeys import sign_in_to_entry, store_of
from tests.conftest import GoogleVolunteer, WorkbookVolunteer


def _main(tab) -> str:
    return tab.locator('[data-testid="stMain"]').inner_text()


def _open_recent(tab, text: str):
    """The recent entry whose line holds ``text``, opened."""
    entry = tab.get_by_test_id("stExpander").filter(has_text=text).first
    entry.locator("summary").click()
    return entry


def _volunteer(app, request):
    """Who edits the sheet by hand beside the dashboard: in LibreOffice, or in Google's browser."""
    if app.backend == "gsheets":
        return GoogleVolunteer(request.getfixturevalue("emulator"), app.sheet.key)
    return WorkbookVolunteer(app.workbook)


def _rows(volunteer, other_than: str) -> list:
    """The tab's rows in their order, but the one titled ``other_than``."""
    return [r for r in volunteer.grid("Arrangementer") if len(r) < 3 or r[2] != other_than]


def _new_event(app, phone, title: str) -> None:
    """Save an event with a title and a type, then open the page afresh at the events."""
    phone.get_by_label("Titel").fill(title)
    phone.get_by_role("radio", name="Cafémøde", exact=True).click()  # a pill among the types
    phone.get_by_role("button", name="Gem", exact=True).click()
    settle(phone)
    wait_until_sent(app)
    phone.reload()
    settle(phone)
    phone.get_by_text("Arrangement", exact=True).click()
    settle(phone)


def test_a_saved_event_gets_its_participants_and_a_mistake_is_deleted(app, phone, request):
    sign_in_to_entry(app, phone)
    phone.get_by_text("Arrangement", exact=True).click()
    settle(phone)
    title = f"Filmaften {int(time.time())}"
    _new_event(app, phone, title)
    # After the event: her entry at the top of the recent ones, opened in the same form.
    _open_recent(phone, title).get_by_role("button", name="Ret").click()
    settle(phone)
    # (A part of the page that is drawn again by itself may end a run before the form's: wait for the value.)
    sync_api.expect(phone.get_by_label("Titel")).to_have_value(title, timeout=30_000)
    phone.get_by_label("Deltagere i alt").fill("18")
    phone.get_by_label("Unge 15-25").fill("15")
    # Meanwhile a volunteer sorts the tab by title in the sheet: her row is elsewhere now.
    volunteer = _volunteer(app, request)
    grid = volunteer.grid("Arrangementer")
    volunteer.rewrite("Arrangementer", [grid[0], *sorted(grid[1:], key=lambda r: str(r[2]), reverse=True)])
    others = _rows(volunteer, other_than=title)
    phone.get_by_role("button", name="Gem rettelsen").click()
    settle(phone)
    sync_api.expect(phone.get_by_test_id("stMain")).to_contain_text(
        re.compile(f"Gemt: rettelsen af arrangementet '{title}'|er gemt på serveren"), timeout=30_000)
    wait_until_sent(app)
    events = read_snapshot(store_of(app))["events"]
    row = events.loc[events["title"] == title].iloc[0]
    assert (row["participants"], row["young"], row["type"]) == (18, 15, "Cafémøde")
    assert _rows(volunteer, other_than=title) == others  # nothing else in the sheet changed
    # Typed twice by mistake: the second copy goes, after a question, and only it. (A tap on the
    # redrawn Gem within a second of a save is that save's second tap: a person types slower.)
    phone.wait_for_timeout(1200)
    _new_event(app, phone, title + " (igen)")
    others = _rows(volunteer, other_than=title + " (igen)")
    _open_recent(phone, title + " (igen)").get_by_role("button", name="Slet").click()
    settle(phone)
    phone.get_by_role("button", name="Ja, slet").click()
    settle(phone)
    sync_api.expect(phone.get_by_test_id("stMain")).to_contain_text(re.compile("Slettet: |er gemt på serveren"),
                                                                   timeout=30_000)
    wait_until_sent(app)
    assert volunteer.grid("Arrangementer") == others


def test_the_waiting_message_clears_by_itself_once_the_row_lands(workbook_app, phone):
    """The workbook is busy (another writer holds it) when she saves: on its way; once it is free
    the row lands and the page says so by itself, without a tap (how soon is measured in the benchmark)."""
    sign_in_to_entry(workbook_app, phone)
    busy = filelock.FileLock(str(workbook_app.workbook) + ".lock")
    with busy:
        phone.get_by_role("button", name="+1 Afklarende frivillig-samtale").click()
        settle(phone)
        assert "sendes til regnearket om et øjeblik" in _main(phone)
        assert "Venter på at blive sendt (1)" in _main(phone)
        time.sleep(1.5)
    phone.wait_for_function("""() => { const text = document.querySelector('[data-testid="stMain"]').innerText;
        return text.includes('Gemt: 1 × Afklarende frivillig-samtale') && !text.includes('Venter på at blive sendt'); }""",
                            timeout=20_000)
