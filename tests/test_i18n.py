"""The message catalogue: every key in both languages, every key the code uses exists."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from streamlit.testing.v1 import AppTest

from fcdash import i18n
from fcdash.ui import forms
from tests.conftest import BY_LINK, PAGES, ROOT, as_editor, open_page


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_danish_and_english_with_the_same_placeholders():
    for key, (da, en) in i18n.MESSAGES.items():
        assert da.strip() and en.strip(), key
        assert placeholders(da) == placeholders(en), key
    for key, (da, en) in i18n.SINGULAR.items():  # a singular in both languages, beside its plural
        assert key in i18n.MESSAGES and da.strip() and en.strip(), key
        assert placeholders(da) == placeholders(en) == placeholders(i18n.MESSAGES[key][0]) >= {"count"}, key


def test_a_count_of_one_reads_in_the_singular():
    assert i18n.t("overview.problems", count=1) == "1 dataproblem i regnearket: se Datakvalitet."
    assert i18n.t("overview.problems", count="1") == "1 dataproblem i regnearket: se Datakvalitet."  # formatted
    assert i18n.t("overview.problems", count=2) == "2 dataproblemer i regnearket: se Datakvalitet."
    assert i18n.t("overview.problems", count=0) == "0 dataproblemer i regnearket: se Datakvalitet."
    assert i18n.t("overview.problems", "en", count=1) == "1 data problem in the spreadsheet: see Data quality."
    assert i18n.t("report.problems", count=1).startswith("Bemærk: regnearket har 1 celle, som ikke kunne læses; den")
    assert i18n.t("report.problems", count=1001).startswith("Bemærk: regnearket har 1001 celler")
    assert i18n.t("entry.waiting_badge", count=1) == "1 registrering venter"


SOURCES = [*ROOT.glob("*.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("fcdash/**/*.py")]


def test_every_key_used_in_the_code_exists():
    used = set()
    for path in SOURCES:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text()))
    assert len(used) > 100, "too few message keys found: the pattern is wrong"
    assert sorted(used - i18n.MESSAGES.keys()) == []


def test_every_key_built_from_parts_has_keys_in_the_catalogue():
    """t(f"entry.kind.{kind}"): the catalogue has keys under that prefix (every page in both
    languages below, and the forms on the entry page, then use them)."""
    built = set()
    for path in SOURCES:
        built |= set(re.findall(r"""\bt\(\s*f["']([a-z_.]+)\{""", path.read_text()))
    assert {"entry.kind.", "problem.", "report.figure."} <= built
    assert sorted(p for p in built if not any(k.startswith(p) for k in i18n.MESSAGES)) == []




@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_in_both_languages_as_a_viewer_and_an_editor(monkeypatch, demo_workbook, page, lang):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", "2026-11-23")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = lang
    open_page(at, page, demo_workbook)
    if page == BY_LINK:
        assert at.get("form"), [e.value for e in at.error]
    assert not at.exception, [e.message for e in at.exception]
    as_editor(at, monkeypatch)  # what a correct passcode sets
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    if page.endswith("entry.py"):
        for kind in forms.entry_forms(dt.date(2026, 11, 23)):
            at.segmented_control(key="entry_kind").set_value(kind).run()
            assert not at.exception, (kind, [e.message for e in at.exception])


def test_danish_is_the_default():
    assert i18n.t("nav.overview") == "Oversigt"
    assert i18n.t("nav.overview", "en") == "Overview"


def test_danish_number_and_date_formats():
    assert i18n.fmt_number(1234567) == "1.234.567"
    assert i18n.fmt_number(1234.5, decimals=1) == "1.234,5"
    assert i18n.fmt_number(1234.5, "en", 1) == "1,234.5"
    assert i18n.fmt_number(float("nan")) == "–"
    assert i18n.fmt_date(dt.date(2026, 3, 5)) == "05.03.2026"
    assert i18n.fmt_date(dt.datetime(2026, 3, 5, 10)) == "05.03.2026"
    assert i18n.fmt_date(dt.date(2026, 3, 5), "en") == "5 Mar 2026"
    assert i18n.fmt_month(dt.date(2026, 5, 1)) == "maj 2026"


def test_every_english_name_streamlit_gives_its_controls_has_words_in_both_languages():
    """fcdash/ui/touch.py puts them in the page for a screen reader: each in the catalogue, and a
    name that begins one ends as the English one does (in a space)."""
    from fcdash.ui import touch

    for english, key in {**touch.NAMES, **touch.PREFIXES}.items():
        da, en = i18n.MESSAGES[f"touch.name.{key}"]
        assert da.strip() and en.strip(), key
        if english in touch.PREFIXES:
            assert da.endswith(" ") and en.endswith(" "), key
