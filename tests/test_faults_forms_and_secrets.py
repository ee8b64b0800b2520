"""Formula injection through every text field of every form, on both backends, and secrets that
never show in a page, a log line or an error."""

from __future__ import annotations

import logging

import pytest
from streamlit.testing.v1 import AppTest

from fcdash import auth, schema
from fcdash.config import load_config
from fcdash.errors import ConfigError
from fcdash.ui import sender
from tests.conftest import ROOT, TODAY, tap

pytestmark = pytest.mark.fault("formula injection and secrets")
PASSCODE = "Hemmelig-kode-42"
NASTY = ["=HYPERLINK(\"http://x\",\"klik\")", "+1+1", "-2+3", "@SUM(A1)", "=1/0"]

# kind, text fields (widget name: schema column), what else the form needs, tab
FORMS = [
    ("activity", {"note": "note"}, {}, "activities"),
    ("event", {"title": "title", "note": "note"}, {"type": "Cafémøde"}, "events"),
    ("member", {"name": "name", "contact": "contact", "email": "email", "phone": "phone", "note": "note"},
     {"type": "Forening"}, "members"),
    ("followup", {"comment": "comment", "author": "author"}, {"goal": "1.1", "result": "Grøn", "time": "Grøn"},
     "followups"),
]
PREFIX = {"activity": "ac", "event": "ev", "member": "me", "followup": "fu"}


@pytest.fixture
def backend_env(monkeypatch, made, tmp_path):
    """The dashboard pointed at each backend in turn; the volunteer reads what was written."""
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    # These tests assert what is written, not how fast: a busy machine must not turn 'saved' into
    # 'on its way'. How long the leader waits is measured in the benchmark's outage run.
    monkeypatch.setattr(sender, "PATIENCE", 60)
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setenv("FCDASH_EDITOR_PASSCODE_HASH", auth.hash_passcode(PASSCODE, iterations=1000))
    for name, value in made.env.items():
        monkeypatch.setenv(name, value)
    return made.volunteer


def written_cells(volunteer, tab_key):
    """The last row of a tab: header -> (stored as a formula?, value)."""
    title = schema.tab(tab_key).title
    grid = volunteer.grid(title)
    return {grid[0][j]: (volunteer.cell_is_formula(title, len(grid), j + 1), value)
            for j, value in enumerate(grid[-1]) if value not in (None, "")}


@pytest.mark.parametrize("kind, fields, needs, tab_key", FORMS, ids=[f[0] for f in FORMS])
def test_nothing_typed_into_a_form_is_stored_as_a_formula(backend_env, kind, fields, needs, tab_key):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    at.text_input(key="passcode").input(PASSCODE)
    at.button(key="sign_in_submit").click().run()
    at.segmented_control(key="entry_kind").set_value(kind).run()
    prefix = PREFIX[kind]
    for i, name in enumerate(fields):
        value = NASTY[i % len(NASTY)] + f" {name}"
        widget = at.text_area(key=f"{prefix}_{name}") if name in ("note", "comment") else at.text_input(key=f"{prefix}_{name}")
        widget.input(value)
    for name, value in needs.items():
        if name == "goal":  # one of many: a list
            at.selectbox(key=f"{prefix}_{name}").select(value)
        else:  # one of a few: pills
            at.pills(key=f"{prefix}_{name}").set_value(value)
    tap(at, f"{prefix}_save").click().run()
    assert at.success, [e.value for e in at.error] + [w.value for w in at.warning]
    cells = written_cells(backend_env, tab_key)
    for i, (name, column) in enumerate(fields.items()):
        header = schema.tab(tab_key).column(column).header
        formula, value = cells[header]
        assert not formula and value == NASTY[i % len(NASTY)] + f" {name}", (header, formula, value)


SECRET_KEY = "-----BEGIN PRIVATE KEY-----\nTOPHEMMELIGNØGLE\n-----END PRIVATE KEY-----\n"


def test_secrets_never_show_in_a_page_a_log_line_or_an_error(monkeypatch, caplog, tmp_path):
    account = {"type": "service_account", "client_email": "fcdash@x.iam.gserviceaccount.com",
               "private_key": SECRET_KEY, "private_key_id": "abc"}
    passcode_hash = auth.hash_passcode("min-kode-er-hemmelig", iterations=1000)
    # A malformed key: the error says so without the key.
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.secrets["connections"] = {"gsheets": {"spreadsheet": "1AbC", **account}}
    at.secrets["fcdash"] = {"editor_passcode_hash": passcode_hash}
    with caplog.at_level(logging.DEBUG):
        at.run()
        at.switch_page("app_pages/entry.py").run()
        at.text_input(key="passcode").input("min-kode-er-hemmelig")
        at.button(key="sign_in_submit").click().run()
    shown = " ".join(str(getattr(e, "value", "")) for e in at.main) + " ".join(
        str(getattr(e, "value", "")) for e in at.sidebar) + " ".join(str(e.value) for e in at.error)
    assert at.error and "servicekontoens nøgle kan ikke bruges" in at.error[0].value
    for secret in ("TOPHEMMELIGNØGLE", "PRIVATE KEY", passcode_hash, "min-kode-er-hemmelig"):
        assert secret not in shown
        assert secret not in caplog.text
    config = load_config({"connections": {"gsheets": {"spreadsheet": "1AbC", **account}}}, {})
    assert "TOPHEMMELIGNØGLE" not in repr(config) and "TOPHEMMELIGNØGLE" not in str(config)
    with pytest.raises(ConfigError) as error:
        load_config({"connections": {"gsheets": {"spreadsheet": "1AbC", "private_key": SECRET_KEY}}}, {})
    assert "TOPHEMMELIGNØGLE" not in str(error.value)
