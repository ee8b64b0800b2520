"""The message catalogue (Danish first, English second) and Danish number and date formats.

No Streamlit here: callers pass the language. ``fcdash.ui.session.t`` binds it to the session. The texts are in messages.toml.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import ROUND_HALF_UP, Decimal
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.numbers import parse_pattern

LANGUAGES = ("da", "en")
DEFAULT_LANGUAGE = "da"
CATALOGUE = Path(__file__).with_name("messages.toml")

_ENTRIES = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
MESSAGES: dict[str, tuple[str, str]] = {  # key: (Danish, English), from fcdash/messages.toml
    key: (text["da"], text["en"]) for key, text in _ENTRIES.items()}
# The singular of a message that counts: used when its {count} is one ("1 dataproblem", not
# "1 dataproblemer"). In the catalogue as da_one and en_one beside da and en.
SINGULAR: dict[str, tuple[str, str]] = {
    key: (text["da_one"], text["en_one"]) for key, text in _ENTRIES.items() if "da_one" in text or "en_one" in text}

MONTHS = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params) -> str:
    """The message for ``key`` in ``lang``, with ``params`` filled in; its singular where it has
    one and ``count`` is one (a number, or a number already formatted)."""
    da, en = SINGULAR[key] if key in SINGULAR and _is_one(params.get("count")) else MESSAGES[key]
    text = en if lang == "en" else da
    return text.format(**params) if params else text


def _is_one(count) -> bool:
    return str(count).strip() == "1" if isinstance(count, str) else count == 1 and not isinstance(count, bool)


def problem_message(problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """A data problem (fcdash.snapshot.Problem) as a sentence for people."""
    return t(f"problem.{problem.code}", lang, value=problem.value, **dict(problem.params))


LOCALES = {"da": "da_DK", "en": "en_GB"}  # Babel's locale for each language: one number format everywhere


def _missing(value) -> bool:
    try:
        return value is None or bool(value != value) or str(value) in ("<NA>", "NaT")
    except (TypeError, ValueError):  # pd.NA compares to nothing
        return True


@functools.cache
def _format(lang: str, decimals: int):
    """Babel's locale and number pattern for a language and a number of decimals, parsed once
    (a page formats every cell of a table with them)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return Locale.parse(LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE])), parse_pattern(pattern)


def fmt_number(value, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """1234.5 -> '1.234,5' in Danish, '1,234.5' in English (Babel's formats for da_DK and en_GB,
    rounded half up); missing values as a dash."""
    if _missing(value):
        return "–"
    exact = Decimal(str(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if exact == 0:
        exact = abs(exact)  # never '-0'
    locale, pattern = _format(lang, max(decimals, 0))
    return pattern.apply(exact, locale, decimal_quantization=False)


def fmt_percent(share, lang: str = DEFAULT_LANGUAGE, decimals: int = 0) -> str:
    """A share (0.725) in per cent as the reader writes it: '73 %' in Danish, '73%' in English;
    missing values as a dash."""
    if _missing(share):
        return "–"
    return fmt_number(100 * float(share), lang, decimals) + ("%" if lang == "en" else " %")


def fmt_date(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """A date as 23.11.2026 (Danish) or 23 Nov 2026 (English); missing values as a dash."""
    if value is None or value != value:  # None or NaT
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if lang == "en":
        return f"{value.day} {MONTHS['en'][value.month - 1]} {value.year}"
    return f"{value.day:02d}.{value.month:02d}.{value.year}"


def local_time(value: dt.datetime, time_zone: str) -> dt.datetime:
    """A moment on the centre's clock (a naive one is taken as the server's own time)."""
    return value.astimezone(ZoneInfo(time_zone))


def fmt_month(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """A month as 'mar. 2025' (Danish) or 'Mar 2025' (English)."""
    return f"{MONTHS[lang if lang in MONTHS else 'da'][value.month - 1]} {value.year}"
