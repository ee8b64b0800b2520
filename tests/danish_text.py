"""Is a page's text Danish? The rule the page scans share (tests/test_pages.py, the browser journeys).

A word is English when the English side of the catalogue or the schema uses it and the Danish
side, the schema's categories and the demo data never do: "the", "Overview", "attendances", but
not "Online" or "Type", which Danish uses too. Streamlit's own English hints are added by name,
and an empty cell must never read None or nan.
"""

from __future__ import annotations

import re
from functools import cache

from fcdash import counting, demo, i18n, schema
from tests.conftest import TODAY

WORD = re.compile(r"[^\W\d_]+")
PATH = re.compile(r"\S*/\S*")  # a file's path or a web address is a name, in no language
MISSING = {"None", "nan", "NaN", "NaT", "null", "undefined"}
# Streamlit's own texts in English, which the dashboard turns off where Streamlit allows it:
# st.form(enter_to_submit=False), st.multiselect(select_all=False).
STREAMLIT_ENGLISH = {"Press", "Enter", "Select", "matches", "submit", "apply"}
# English that may stand on a Danish page, and why.
ALLOWED = {
    # The language picker names English in English, so an English reader finds it.
    "English", "Language",
}


def _words(text: str) -> set[str]:
    return set(WORD.findall(text))


@cache
def danish_words() -> frozenset[str]:
    """Every word the Danish side may show: the catalogue, the schema and the demo data."""
    words: set[str] = set()
    for da, _ in i18n.MESSAGES.values():
        words |= _words(da)
    for da, _ in i18n.SINGULAR.values():
        words |= _words(da)
    for tab in schema.TABS:
        words |= _words(tab.title)
        for col in tab.columns:
            words |= _words(col.header) | _words(" ".join(map(str, col.categories or ())))
    for group in counting.GROUPS.values():
        words |= _words(group.name)
    for rows in demo.demo_rows(TODAY).values():
        for row in rows:
            words |= _words(" ".join(str(v) for v in row.values() if isinstance(v, str)))
    return frozenset(words)


@cache
def english_words() -> frozenset[str]:
    """The words only the English side uses, and Streamlit's English hints."""
    words: set[str] = set()
    for _, en in i18n.MESSAGES.values():
        words |= _words(en)
    for tab in schema.TABS:
        words |= _words(tab.title_en) | {w for col in tab.columns for w in _words(col.label("en"))}
    words = {w for w in words if len(w) > 1}  # a lone letter is no language
    return frozenset((words - danish_words() - ALLOWED) | STREAMLIT_ENGLISH)


def not_danish(text: str) -> list[str]:
    """The words of ``text`` that are English or an empty cell's None or nan, each once."""
    found = _words(PATH.sub(" ", text))
    return sorted((found & english_words()) | (found & MISSING))
