"""The passcode once on a device: still signed in after a reload, in a new tab and after the server
restarts, not on another device, and no more after Log ud or once the passcode has changed."""

from __future__ import annotations

import time

from fcdash import auth
from tests.browser.conftest import PASSCODE, free_port, settle, streamlit_server, sync_api
from tests.conftest import TODAY

SIGN_IN, ENTRY = "Log ind for at registrere", "Registrér"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def open_entry(tab, url: str) -> str:
    """The entry page's title: the form when signed in, else the sign-in."""
    tab.goto(url + "/entry")
    settle(tab)
    return tab.locator("h1").first.inner_text()


def sign_in(tab, url: str, passcode: str) -> None:
    assert open_entry(tab, url) == SIGN_IN
    tab.locator('input[type="password"]').fill(passcode)
    tab.get_by_role("button", name="Log ind").click()
    settle(tab)
    # The passcode is checked in the run the tap starts, which then runs the page again, signed in.
    sync_api.expect(tab.locator("h1").first).to_have_text(ENTRY, timeout=30_000)


def device_cookie(tab) -> dict | None:
    return next((c for c in tab.context.cookies() if c["name"] == "fcdash_editor"), None)


def test_the_leader_signs_in_once_on_the_phone_and_stays_signed_in_until_signing_out(app, phone, browser):
    passcode = PASSCODE if app.backend == "gsheets" else "demo"
    sign_in(phone, app.url, passcode)
    cookie = device_cookie(phone)
    assert cookie, "no cookie kept on the device"
    assert (cookie["path"], cookie["sameSite"], cookie["secure"]) == ("/", "Strict", False)  # Secure only over https
    assert 29.9 * 86400 < cookie["expires"] - time.time() <= 30 * 86400  # the default period
    in_cookie, in_page = passcode in cookie["value"], cookie["value"] in phone.content()  # (no token in the report)
    assert not in_cookie and not in_page  # a token, not the passcode, and not left in the page

    phone.reload()
    settle(phone)
    assert phone.locator("h1").first.inner_text() == ENTRY
    second_tab = phone.context.new_page()
    assert open_entry(second_tab, app.url) == ENTRY
    second_tab.close()

    other_device = browser.new_context(locale="da-DK", **PHONE)
    try:
        assert open_entry(other_device.new_page(), app.url) == SIGN_IN
    finally:
        other_device.close()

    phone.get_by_test_id("stExpandSidebarButton").click()
    phone.get_by_role("button", name="Log ud").click()
    settle(phone)
    # A run left over from the reload can be the one settle saw end (CI caught it twice): wait for
    # the sign-out's own page, which fails if it never comes, then for its script to drop the cookie.
    phone.locator("h1", has_text=SIGN_IN).first.wait_for(timeout=30_000)
    deadline = time.monotonic() + 10
    while device_cookie(phone) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not device_cookie(phone), "the cookie outlived Log ud"
    phone.reload()
    settle(phone)
    assert phone.locator("h1").first.inner_text() == SIGN_IN


def test_a_restart_keeps_the_device_signed_in_and_a_new_passcode_signs_it_out(phone, tmp_path, demo_workbook):
    port = free_port()
    env = {"FCDASH_WORKBOOK": str(demo_workbook), "FCDASH_OUTBOX": str(tmp_path / "outbox"),
           "FCDASH_TODAY": TODAY.isoformat(), "FCDASH_EDITOR_PASSCODE_HASH": auth.hash_passcode(PASSCODE, iterations=1000)}
    with streamlit_server(env, tmp_path, tmp_path / "first.log", port=port) as app:
        sign_in(phone, app.url, PASSCODE)
    with streamlit_server(env, tmp_path, tmp_path / "restarted.log", port=port) as app:
        assert open_entry(phone, app.url) == ENTRY
    # The centre changes the passcode (a new hash in the configuration) and restarts.
    env["FCDASH_EDITOR_PASSCODE_HASH"] = auth.hash_passcode("ny-kode", iterations=1000)
    with streamlit_server(env, tmp_path, tmp_path / "new-passcode.log", port=port) as app:
        assert open_entry(phone, app.url) == SIGN_IN
        assert device_cookie(phone), "no cookie"  # the old one is still sent, and refused
        sign_in(phone, app.url, "ny-kode")
        assert open_entry(phone, app.url) == ENTRY


def test_eleven_wrong_passcodes_from_eleven_phones_lock_the_sign_in_for_everyone(browser, tmp_path, demo_workbook):
    """Guessing from a new session each time (a fresh phone, no cookie) gains nothing: after five
    wrong tries the server refuses every try, the right passcode too, until the minute is over.
    A server of its own, so its lockout does not hold up the other tests."""
    env = {"FCDASH_WORKBOOK": str(demo_workbook), "FCDASH_OUTBOX": str(tmp_path / "outbox"),
           "FCDASH_TODAY": TODAY.isoformat(), "FCDASH_EDITOR_PASSCODE_HASH": auth.hash_passcode(PASSCODE, iterations=1000)}
    with streamlit_server(env, tmp_path, tmp_path / "lockout.log") as app:
        told = []
        for guess in [f"gæt-{i}" for i in range(11)] + [PASSCODE]:
            phone = browser.new_context(locale="da-DK", **PHONE)
            try:
                tab = phone.new_page()
                assert open_entry(tab, app.url) == SIGN_IN
                tab.locator('input[type="password"]').fill(guess)
                tab.get_by_role("button", name="Log ind").click()
                settle(tab)
                text = tab.locator('[data-testid="stMain"]').inner_text()
                told.append("For mange forsøg" in text)
                assert tab.locator("h1").first.inner_text() == SIGN_IN  # not even the right passcode gets in
            finally:
                phone.close()
        assert told == [False] * 4 + [True] * 8, told  # the fifth wrong try starts the lock
