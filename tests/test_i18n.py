"""The message catalogue: every key in both languages, every key the code uses exists."""

from __future__ import annotations

import datetime as dt
import re
import string

from fcdash import i18n
from tests.conftest import ROOT


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_has_danish_and_english_with_the_same_placeholders():
    for key, (da, en) in i18n.MESSAGES.items():
        assert da.strip() and en.strip(), key
        assert placeholders(da) == placeholders(en), key


def test_every_key_used_in_the_code_exists():
    sources = [*ROOT.glob("*.py"), *ROOT.glob("app_pages/*.py"), *ROOT.glob("fcdash/**/*.py")]
    used = set()
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z_.]+)["']""", path.read_text()))
    assert used, "no message keys found: the pattern is wrong"
    assert sorted(used - i18n.MESSAGES.keys()) == []


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
