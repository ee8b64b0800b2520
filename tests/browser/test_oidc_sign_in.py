"""Editors sign in with OpenID Connect (st.login) against a real OIDC provider on loopback
(oidc-provider-mock), and only e-mails on the allow-list may record."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from fcdash.config import DEFAULT_WORKBOOK
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from tests.browser.conftest import TALK_SAVED, free_port, settle, streamlit_server, wait_until_sent
from tests.conftest import ROOT, TODAY

provider_mock = pytest.importorskip("oidc_provider_mock")
EDITOR = "leder@frivilligcenter.dk"


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-app")
    port = free_port()
    with provider_mock.run_server_in_thread(port=0) as provider:
        (folder / ".streamlit").mkdir()
        shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
        (folder / ".streamlit" / "secrets.toml").write_text(f"""
[auth]
redirect_uri = "http://localhost:{port}/oauth2callback"
cookie_secret = "a-test-cookie-secret-of-enough-length"
client_id = "fcdash"
client_secret = "fcdash-secret"
server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"

[fcdash]
editors = ["{EDITOR}"]
""")
        env = {"FCDASH_TODAY": TODAY.isoformat()}  # the demo workbook, made in the folder on first use
        with streamlit_server(env, folder, folder / "streamlit.log", port=port) as app:
            app.workbook = folder / DEFAULT_WORKBOOK
            yield app


def sign_in_as(page, app, email: str) -> str:
    page.goto(app.url + "/entry")
    settle(page)
    page.get_by_role("button", name="Log ind med jeres konto").click()
    page.wait_for_selector('input[name="sub"]', timeout=30_000)  # the provider's own page
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app.url}/**", timeout=30_000)
    settle(page)
    return page.locator('[data-testid="stMain"]').inner_text()


def talks_today(app) -> int:
    """The guidance talks of today in the workbook, once the outbox has sent what waits."""
    wait_until_sent(app)
    activities = read_snapshot(WorkbookStore(app.workbook))["activities"]
    return int(((activities["type"] == "Afklarende frivillig-samtale") & (activities["date"] == pd.Timestamp(TODAY))).sum())


def test_an_editor_on_the_allow_list_signs_in_and_records(oidc_app, page):
    text = sign_in_as(page, oidc_app, EDITOR)
    if "Registrér" not in page.locator("h1").first.inner_text():
        page.goto(oidc_app.url + "/entry")
        settle(page)
    assert page.locator("h1").first.inner_text() == "Registrér", text
    assert "Logget ind som leder@frivilligcenter.dk" in page.locator('[data-testid="stSidebar"]').inner_text()
    before = talks_today(oidc_app)
    page.get_by_role("button", name="+1 Afklarende frivillig-samtale").click()
    settle(page)
    said = page.locator('[data-testid="stMain"]').inner_text()
    assert re.search(TALK_SAVED, said), said
    assert talks_today(oidc_app) == before + 1


def test_someone_not_on_the_allow_list_is_signed_in_but_may_not_record(oidc_app, page):
    sign_in_as(page, oidc_app, "nabo@example.dk")
    page.goto(oidc_app.url + "/entry")
    settle(page)
    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "nabo@example.dk er ikke på listen over redaktører" in text
    assert "+1 Afklarende frivillig-samtale" not in text
