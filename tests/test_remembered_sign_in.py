"""A device stays signed in after the passcode: the signed token its cookie holds, the server's
secret, the period the centre sets, and the page that hands the token to the browser. A browser
sending the cookie back is in tests/browser/test_remembered_sign_in.py (AppTest cannot send cookies)."""

from __future__ import annotations

import re
import stat
import time

import pytest
from streamlit.testing.v1 import AppTest

from fcdash import auth
from fcdash.config import load_config
from fcdash.errors import ConfigError
from tests.conftest import ROOT, TODAY

DAY = 24 * 60 * 60
NOW = 1_790_000_000.0
PERIOD = 30 * DAY


@pytest.fixture
def secret(tmp_path):
    return auth.server_secret(tmp_path / "login-noegle")


@pytest.fixture
def passcode_hash():
    return auth.hash_passcode("leder-kode", iterations=1000)


def test_a_token_is_valid_until_it_expires(secret, passcode_hash):
    key = auth.device_key(passcode_hash, secret)
    token = auth.issue_device_token(key, NOW + PERIOD)
    assert auth.check_device_token(token, key, NOW, PERIOD)
    assert auth.check_device_token(token, key, NOW + PERIOD - 1, PERIOD)
    assert not auth.check_device_token(token, key, NOW + PERIOD, PERIOD)  # expired
    assert not auth.check_device_token(token, key, NOW + PERIOD, 400 * DAY)  # the server says so, not the cookie


def test_each_device_gets_its_own_token_holding_no_passcode(secret, passcode_hash):
    key = auth.device_key(passcode_hash, secret)
    first, second = (auth.issue_device_token(key, NOW + PERIOD) for _ in range(2))
    assert first != second
    for token in (first, second):
        assert "leder-kode" not in token and passcode_hash not in token and secret.hex() not in token


def test_a_tampered_token_is_refused(secret, passcode_hash):
    key = auth.device_key(passcode_hash, secret)
    token = auth.issue_device_token(key, NOW + PERIOD)
    expires, device, signature = token.split(".")
    later = f"{int(expires) + 365 * DAY}.{device}.{signature}"  # a longer life, same signature
    other_device = f"{expires}.{device[:-1] + ('A' if device[-1] != 'A' else 'B')}.{signature}"
    forged = f"{expires}.{device}.{'A' * len(signature)}"
    for bad in (later, other_device, forged, token + "x", "", None, "a.b", "1.2.3.4", "x.y.z"):
        assert not auth.check_device_token(bad, key, NOW, PERIOD), bad


def test_a_new_passcode_or_a_new_secret_revokes_every_device(secret, passcode_hash, tmp_path):
    token = auth.issue_device_token(auth.device_key(passcode_hash, secret), NOW + PERIOD)
    new_hash = auth.hash_passcode("ny-kode", iterations=1000)
    assert not auth.check_device_token(token, auth.device_key(new_hash, secret), NOW, PERIOD)
    # The same passcode hashed again (a new salt) is a new hash too: every device signs in again.
    rehashed = auth.hash_passcode("leder-kode", iterations=1000)
    assert not auth.check_device_token(token, auth.device_key(rehashed, secret), NOW, PERIOD)
    other_secret = auth.server_secret(tmp_path / "en-anden-server")
    assert not auth.check_device_token(token, auth.device_key(passcode_hash, other_secret), NOW, PERIOD)


def test_a_shorter_period_applies_to_tokens_issued_before(secret, passcode_hash):
    key = auth.device_key(passcode_hash, secret)
    token = auth.issue_device_token(key, NOW + PERIOD)
    assert not auth.check_device_token(token, key, NOW, 7 * DAY)
    assert auth.check_device_token(token, key, NOW + PERIOD - 7 * DAY + 1, 7 * DAY)


def test_the_server_secret_is_made_once_readable_by_the_server_only(tmp_path):
    path = tmp_path / "data" / "login-noegle"
    secret = auth.server_secret(path)
    assert len(secret) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert auth.server_secret(path) == secret  # kept: across restarts the devices stay signed in
    path.write_text("ødelagt")
    path.chmod(0o644)
    renewed = auth.server_secret(path)  # a damaged one is made anew (every device signs in again)
    assert renewed != secret and len(renewed) == 32 and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_period_is_a_setting_of_30_days_by_default():
    assert load_config({}, {}).remember_days == 30
    assert load_config({"fcdash": {"remember_days": 7}}, {}).remember_days == 7
    assert load_config({"fcdash": {"remember_days": 7}}, {"FCDASH_REMEMBER_DAYS": "0"}).remember_days == 0
    for wrong, message in (("en måned", "helt antal dage"), ("-1", "mellem 0 og 400"), ("401", "mellem 0 og 400")):
        with pytest.raises(ConfigError, match=message):
            load_config({}, {"FCDASH_REMEMBER_DAYS": wrong})


def cookie_scripts(at: AppTest) -> list[tuple[str, int]]:
    """(value, Max-Age) of each cookie the run's page sets."""
    found = [re.search(r'"fcdash_editor" \+ "=" \+ "([^"]*)" \+ "; Path=/; Max-Age=" \+ (\d+) \+ "; SameSite=Strict"',
                       e.proto.body) for e in at.get("html")]
    return [(m[1], int(m[2])) for m in found if m]


def test_the_right_passcode_hands_the_device_a_token_for_the_period_and_log_ud_takes_it_back(
        monkeypatch, tmp_path, demo_workbook, passcode_hash):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("FCDASH_EDITOR_PASSCODE_HASH", passcode_hash)
    monkeypatch.setenv("FCDASH_REMEMBER_DAYS", "7")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    assert "Denne enhed husker jeres login i 7 dage. Log ud, hvis andre bruger den." in [c.value for c in at.caption]
    at.text_input(key="passcode").input("forkert")
    at.button(key="sign_in_submit").click().run()
    assert not cookie_scripts(at)  # a wrong passcode gets nothing
    at.text_input(key="passcode").input("leder-kode")
    at.button(key="sign_in_submit").click().run()
    assert at.title[0].value == "Registrér"
    [(token, max_age)] = cookie_scripts(at)
    assert max_age == 7 * DAY
    secret_file = tmp_path / "login-noegle"  # beside the outbox
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    key = auth.device_key(passcode_hash, auth.server_secret(secret_file))
    accepted = auth.check_device_token(token, key, time.time(), 7 * DAY)
    assert accepted and not auth.check_device_token(token, key, time.time() + 7 * DAY, 7 * DAY)
    at.run()
    assert not cookie_scripts(at)  # set once
    at.button(key="sign_out_sidebar").click().run()
    assert cookie_scripts(at) == [("", 0)]  # forgotten
    assert "sign_out_sidebar" not in [b.key for b in at.sidebar.button]
    at.run()  # the session began with no cookie; had it sent one, Log ud would still hold
    assert "sign_out_sidebar" not in [b.key for b in at.sidebar.button] and not cookie_scripts(at)


def test_a_new_passcode_signs_out_the_sessions_open_now(monkeypatch, tmp_path, demo_workbook, passcode_hash):
    """A phone is lost with the entry page open: the centre sets a new passcode (its hash in the
    configuration, read on every run), and that open page is signed out at its next run."""
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("FCDASH_EDITOR_PASSCODE_HASH", passcode_hash)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    at.text_input(key="passcode").input("leder-kode")
    at.button(key="sign_in_submit").click().run()
    assert at.title[0].value == "Registrér"
    at.run()
    assert at.title[0].value == "Registrér"  # still signed in on the next run
    monkeypatch.setenv("FCDASH_EDITOR_PASSCODE_HASH", auth.hash_passcode("ny-kode", iterations=1000))
    at.run()
    assert at.title[0].value == "Log ind for at registrere"
