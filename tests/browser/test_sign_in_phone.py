"""The leader signs in on a phone (390x844, touch): the keyboard's Go (Enter) signs in, Streamlit's
English hint for it is not shown, and a wrong try before the right one leaves no 'Forkert
adgangskode' behind."""

from __future__ import annotations

from tests.browser.conftest import PASSCODE, settle

SIGN_IN, ENTRY, WRONG = "Log ind for at registrere", "Registrér", "Forkert adgangskode"
DONE_RUNNING = ('() => document.querySelector(\'[data-testid="stApp"]\')'
                '?.getAttribute("data-test-script-state") === "notRunning"')


def type_and_go(phone, passcode: str) -> None:
    """A thumb on the passcode field, the passcode typed on the keyboard, and Go."""
    field = phone.locator('input[type="password"]')
    field.tap()
    phone.keyboard.type(passcode)
    hint = phone.locator('[data-testid="stForm"] [data-testid="InputInstructions"]')
    assert hint.count() == 0 or not hint.first.is_visible(), "Streamlit's English 'Press Enter' hint is shown"
    phone.keyboard.press("Enter")
    settle(phone)


def main_text(phone) -> str:
    return phone.locator('[data-testid="stMain"]').inner_text()


def done_running(phone) -> None:
    """Until the run that drew the signed-in page has ended (what an earlier run drew is gone then)."""
    phone.wait_for_function(DONE_RUNNING, timeout=30_000)


def open_sign_in(phone, url: str) -> None:
    phone.goto(url + "/entry")
    settle(phone)
    assert phone.locator("h1").first.inner_text() == SIGN_IN


def test_the_keyboards_go_signs_in_on_the_phone(app, phone):
    open_sign_in(phone, app.url)
    type_and_go(phone, PASSCODE if app.backend == "gsheets" else "demo")
    # The sign-in's run starts the page again signed in: wait for that page, which fails if it never comes.
    phone.locator("h1", has_text=ENTRY).first.wait_for(timeout=30_000)
    done_running(phone)
    assert WRONG not in main_text(phone)


def test_a_wrong_passcode_then_the_right_one_leaves_no_wrong_message(app, phone):
    open_sign_in(phone, app.url)
    type_and_go(phone, "forkert")
    phone.get_by_text(WRONG).first.wait_for(timeout=30_000)  # Go submitted the wrong try, and it was told
    assert main_text(phone).count(WRONG) == 1
    type_and_go(phone, PASSCODE if app.backend == "gsheets" else "demo")
    phone.locator("h1", has_text=ENTRY).first.wait_for(timeout=30_000)
    done_running(phone)
    assert WRONG not in main_text(phone)
