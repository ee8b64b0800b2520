"""Spellings of one local area or one organisation that differ only in case, spacing or a word
("Hobro", "hobro", "Hobro by", "Hobro Kommune"): found across the columns of one pool
(``Column.spelling``), so the data-quality page can say they are probably the same before they
count as two. Nothing is rewritten: the cells keep what was typed.

Case and spacing never make two things where a count asks for distinct ones (``counting`` folds
them); a word more or less is flagged only where it says what kind of place or organisation it is
('by', 'Kommune', 'foreningen': ``GENERIC_WORDS``), and never merged, as it may be another place;
two spellings the centre lists itself (Egne lister, Lokalområder) are two by its own word. Each column is reduced to its distinct spellings first (pandas, in C), so
the work in Python grows with the distinct names, not with the rows.

Below the parser: the schema and pandas only.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import pandas as pd

from fcdash import schema
from fcdash.counting import folded
from fcdash.snapshot import ROW

_NOT_WORD = re.compile(r"[\W_]+")
CASE, WORD = "spelling_case", "spelling_word"  # the problems' codes
# The words that say what kind of place or organisation a name is, not which one: 'Hobro by' and
# 'Hobro Kommune' are probably Hobro, but 'Slagelse Øst' is a place of its own, and so is a name
# with a number ('Ældre Sagen (2)').
GENERIC_WORDS = frozenset({
    "by", "byen", "kommune", "kommunen", "sogn", "sognet", "bydel", "bydelen", "område", "området", "lokalområde",
    "lokalområdet", "centrum", "omegn", "forening", "foreningen", "afdeling", "afdelingen", "afd", "lokalafdeling",
    "lokalforening", "klub", "klubben", "gruppe", "gruppen", "danmark", "dk"})


class Place(NamedTuple):
    """Where a spelling stands in one column: its first row and how many cells have it."""

    tab: str
    column: str
    row: int
    count: int


class Variant(NamedTuple):
    """A spelling that is probably ``other``, and where each stands first."""

    value: str
    code: str
    place: Place
    other: str
    other_place: Place


def _words(text: str) -> tuple[str, ...]:
    return tuple(_NOT_WORD.sub(" ", text.casefold()).split())


def pools() -> dict[str, list[tuple[str, str]]]:
    """Each pool's columns, as (tab key, column key), from the schema."""
    out: dict[str, list[tuple[str, str]]] = {}
    for tab in schema.TABS:
        for col in tab.columns:
            if col.spelling:
                out.setdefault(col.spelling, []).append((tab.key, col.key))
    return out


def _spellings(frames: dict[str, pd.DataFrame], columns: list[tuple[str, str]]) -> dict[str, list[Place]]:
    """Each distinct spelling in the pool's columns, with its place in each column, in the
    order first met."""
    found: dict[str, list[Place]] = {}
    for tab_key, key in columns:
        frame = frames.get(tab_key)
        if frame is None or key not in frame or frame.empty:
            continue
        cells = frame[[ROW, key]].dropna()
        cells = cells.loc[cells[key].astype(str).str.strip() != ""]
        counts = cells[key].value_counts().to_dict()
        first = cells.drop_duplicates(key)
        for value, row in zip(first[key].tolist(), first[ROW].tolist()):
            found.setdefault(str(value), []).append(Place(tab_key, key, int(row), int(counts[value])))
    return found


def variants(frames: dict[str, pd.DataFrame], settled: dict[str, tuple[str, ...]] | None = None) -> list[Variant]:
    """Every spelling that is probably another one in its pool: the same name but for case and
    spacing (``CASE``), or but for punctuation or one of the ``GENERIC_WORDS`` (``WORD``). Each is
    named against the spelling of its group used most (the centre's own, from ``settled``: pool ->
    its list of Egne lister, where it has one), at the first cell of each column it stands in."""
    out: list[Variant] = []
    for pool, columns in pools().items():
        found = _spellings(frames, columns)
        if len(found) < 2:
            continue
        own = set((settled or {}).get(pool, ()))
        own_keys = {folded(v) for v in own}
        by_key: dict[str, list[str]] = {}
        for value in found:
            by_key.setdefault(folded(value), []).append(value)
        parent = {key: key for key in by_key}

        def root(key: str) -> str:
            while parent[key] != key:
                parent[key] = key = parent[parent[key]]
            return key

        def join(a: str, b: str) -> None:
            if not (a in own_keys and b in own_keys):  # two the centre lists are two by its own word
                parent[root(a)] = root(b)

        by_words: dict[tuple[str, ...], list[str]] = {}
        for key in by_key:
            by_words.setdefault(_words(key), []).append(key)
        for words, keys in by_words.items():
            for key in keys[1:]:
                join(key, keys[0])  # the same words, other punctuation
            for i, word in enumerate(words):
                if len(words) > 1 and word in GENERIC_WORDS:
                    for shorter in by_words.get(words[:i] + words[i + 1:], ()):
                        join(keys[0], shorter)
        groups: dict[str, list[str]] = {}
        for key, values in by_key.items():
            groups.setdefault(root(key), []).extend(values)
        order = {value: i for i, value in enumerate(found)}
        for values in groups.values():
            if len(values) < 2:
                continue
            main = min(values, key=lambda v: (v not in own, folded(v) not in own_keys,
                                              -sum(p.count for p in found[v]), order[v]))
            for value in sorted(values, key=order.get):
                if value == main:
                    continue
                code = CASE if folded(value) == folded(main) else WORD
                out.extend(Variant(value, code, place, main, found[main][0]) for place in found[value])
    return out
