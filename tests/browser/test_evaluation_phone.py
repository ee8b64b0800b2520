"""A participant scans the QR code on the table: on a phone (390x844, touch) the link opens the
evaluation alone, one answer arrives once in the workbook, and while the workbook is locked (a
volunteer has it open) the participant is thanked at once and the answer arrives once it is free."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from fcdash import auth, evaluation
from tests.browser.conftest import settle
from tests.conftest import WorkbookVolunteer

EVENT, DAY = "ARR-0274", dt.date(2026, 11, 22)  # the demo's Alliancemøde, the day before TODAY


def link(app) -> tuple[str, bytes]:
    key = evaluation.token_key(auth.server_secret(app.workbook.parent / "evaluering-noegle"))
    return f"{app.url}/?svar={evaluation.make_token(EVENT, DAY, key)}", key


def rows_with(app, row_id: str) -> list[list]:
    return [r for r in WorkbookVolunteer(app.workbook).grid("Evalueringer") if r and r[0] == row_id]


def wait_for_rows(app, row_id: str, seconds: float = 120) -> list[list]:
    """The workbook's rows with ``row_id`` once there is one (the background sender tries every 30 s)."""
    deadline = time.monotonic() + seconds
    while not (found := rows_with(app, row_id)) and time.monotonic() < deadline:
        time.sleep(0.5)
    return found


def answer_on(phone, url: str) -> None:
    phone.goto(url)
    settle(phone)
    assert phone.get_by_text("Alliancemøde i Fællesskabsalliancen").is_visible()
    # Nothing else of the dashboard: no sidebar, no menu of pages.
    assert phone.locator('[data-testid="stSidebar"]').count() == 0
    assert phone.locator('[data-testid="stSidebarNav"]').count() == 0
    phone.locator('[data-testid="stFeedbackButton"]').nth(3).tap()  # the fourth face: 4
    phone.get_by_role("radio", name="Ja", exact=True).tap()
    send = phone.get_by_role("button", name="Send svar")
    box = send.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # on the screen, not beside it
    send.tap()
    settle(phone)


def browser_cookie(phone) -> str:
    (cookie,) = [c["value"] for c in phone.context.cookies() if c["name"] == "fcdash_svar"]
    return cookie


@pytest.fixture
def locked(workbook_app):
    lock = workbook_app.workbook.parent / f".~lock.{workbook_app.workbook.name}#"
    yield lock
    lock.unlink(missing_ok=True)


def test_a_participant_answers_on_a_phone_and_the_answer_arrives_once(workbook_app, phone):
    url, key = link(workbook_app)
    answer_on(phone, url)
    assert phone.get_by_text("Tak for dit svar!").is_visible()
    row_id = evaluation.answer_id(EVENT, browser_cookie(phone), key)
    (row,) = wait_for_rows(workbook_app, row_id)
    assert row[1] == EVENT and row[3] == 4 and row[4] in (True, "Ja")
    # Scanned again, or reloaded: thanked, no form, still one row.
    phone.goto(url)
    settle(phone)
    assert phone.get_by_text("Du har allerede svaret").is_visible()
    assert phone.get_by_role("button", name="Send svar").count() == 0
    assert len(rows_with(workbook_app, row_id)) == 1


def test_while_the_workbook_is_locked_the_answer_waits_and_arrives_once_after(workbook_app, phone, locked):
    url, key = link(workbook_app)
    locked.write_text("Anne")
    answer_on(phone, url)
    assert phone.get_by_text("Tak for dit svar!").is_visible()  # thanked at once, not told of the outage
    row_id = evaluation.answer_id(EVENT, browser_cookie(phone), key)
    assert not rows_with(workbook_app, row_id)
    waiting = list((workbook_app.workbook.parent / "outbox").glob("*.json"))
    assert any(row_id in f.read_text() for f in waiting)
    locked.unlink()
    assert len(wait_for_rows(workbook_app, row_id)) == 1
