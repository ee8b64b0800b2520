"""The schema is the single source: a column added to one tab in fcdash/schema.py alone shows on
the page that lists the tab, in the tab's entry form (where it has one), in the downloads and in
the guide tab, in Danish and in English, with no other edit."""

from __future__ import annotations

import dataclasses
import io
from collections import namedtuple

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from fcdash import auth, exports, schema, tables
from fcdash.parsing import read_snapshot
from fcdash.store import layout
from fcdash.store.workbook import WorkbookStore, create_workbook
from fcdash.ui import sender
from fcdash.ui.forms import entry_forms
from tests.conftest import ROOT, TODAY, as_editor, tap

EXTRA = schema.Column("extra", "Ekstra felt", label_en="Extra field")
PASSCODE = "skema-kode-42"

# The entry form that adds a tab's rows (the kind chosen on the entry page), and what else it needs.
Form = namedtuple("Form", "kind needs")
FORMS = {
    "activities": Form("activity", {}),
    "events": Form("event", {"title": "Skemaprøve", "type": "Cafémøde"}),
    "members": Form("member", {"name": "Skemaforeningen", "type": "Forening"}),
    "followups": Form("followup", {"goal": "1.1", "result": "Grøn", "time": "Grøn"}),
}
# The page that lists a tab's rows besides the tab page, where there is one.
LISTED_ON = {"members": "app_pages/members.py", "events": "app_pages/events.py"}


@pytest.fixture(params=[tab.key for tab in schema.TABS])
def extended(request, monkeypatch, tmp_path, demo_rows):
    """The schema with one more column in one tab, and a workbook made from it with a value in
    that column on every row of the tab."""
    key = request.param
    tab = dataclasses.replace(schema.tab(key), columns=(*schema.tab(key).columns, EXTRA))
    monkeypatch.setattr(schema, "TABS", tuple(tab if t.key == key else t for t in schema.TABS))
    monkeypatch.setattr(schema, "TABS_BY_KEY", {t.key: t for t in schema.TABS})
    rows = {k: [dict(r, extra=f"ekstra {r['id']}") if k == key else r for r in v] for k, v in demo_rows.items()}
    path = create_workbook(tmp_path / "frivilligcenter.xlsx", rows)
    for name, value in {"FCDASH_WORKBOOK": str(path), "FCDASH_TODAY": TODAY.isoformat(),
                        "FCDASH_OUTBOX": str(tmp_path / "outbox"),
                        "FCDASH_EDITOR_PASSCODE_HASH": auth.hash_passcode(PASSCODE, iterations=1000)}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sender, "PATIENCE", 60)  # what is written, not how fast (see test_entry_page)
    return key, path


def app(lang: str, page: str, monkeypatch=None) -> AppTest:
    """The app on ``page``; signed in as an editor when given ``monkeypatch`` (an editors-only tab)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    if monkeypatch is not None:
        as_editor(at, monkeypatch)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


@pytest.mark.parametrize("lang, label", [("da", "Ekstra felt"), ("en", "Extra field")])
def test_a_new_column_shows_on_the_pages_that_list_its_tab(extended, lang, label, monkeypatch):
    key, _ = extended
    at = app(lang, "app_pages/data.py", monkeypatch if schema.tab(key).editors_only else None)
    at.selectbox(key="data_tab").select(key).run()
    shown = at.dataframe[0].value
    assert label in shown.columns
    assert shown[label].dropna().str.startswith("ekstra ").all() and len(shown[label].dropna()) == len(shown)
    if key in LISTED_ON:
        at.switch_page(LISTED_ON[key]).run()
        assert label in at.dataframe[-1].value.columns


def test_a_new_column_is_in_the_downloads_and_the_guide(extended):
    key, path = extended
    snap = read_snapshot(WorkbookStore(path))
    for lang, label in (("da", "Ekstra felt"), ("en", "Extra field")):
        table = tables.readable(snap[key], key, snap, lang)
        assert label in exports.csv_bytes(table).decode("utf-8-sig").splitlines()[0].split(";")
        sheet = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({key: table}))).active
        assert label in [c.value for c in sheet[1]]
    assert any(line.strip() == "Ekstra felt" for line in layout.guide_lines())


def test_every_form_that_adds_rows_is_checked_below():
    adding = {form.tab: kind for kind, form in entry_forms(TODAY).items() if not form.only}
    assert adding == {tab: form.kind for tab, form in FORMS.items()}


@pytest.mark.parametrize("extended", list(FORMS), indirect=True)
@pytest.mark.parametrize("lang, label", [("da", "Ekstra felt"), ("en", "Extra field")])
def test_a_new_column_is_in_its_tabs_form_and_reaches_the_sheet(extended, lang, label):
    key, path = extended
    form, prefix = FORMS[key], entry_forms(TODAY)[FORMS[key].kind].prefix
    at = app(lang, "app_pages/entry.py")
    at.text_input(key="passcode").input(PASSCODE)
    at.button(key="sign_in_submit").click().run()
    at.segmented_control(key="entry_kind").set_value(form.kind).run()
    field = at.text_input(key=f"{prefix}_extra")
    assert field.label == label
    field.input("skrevet i formularen")
    for name, value in form.needs.items():
        if name in ("title", "name"):
            at.text_input(key=f"{prefix}_{name}").input(value)
        else:  # a few choices are pills, more a list (fcdash.ui.forms.PILLS_AT_MOST)
            try:
                at.pills(key=f"{prefix}_{name}").set_value(value)
            except KeyError:
                at.selectbox(key=f"{prefix}_{name}").select(value)
    tap(at, f"{prefix}_save").click().run()
    assert at.success, [e.value for e in at.error]
    grid = [list(r) for r in openpyxl.load_workbook(path)[schema.tab(key).title].iter_rows(values_only=True)]
    assert grid[-1][grid[0].index("Ekstra felt")] == "skrevet i formularen"
