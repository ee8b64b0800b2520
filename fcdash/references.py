"""What a volunteer typed in a category or reference cell, found among the known values.

A cell of several (``Kind.REFS``, ``Kind.CATEGORIES``) is matched against the known names first:
the whole cell, then the names that themselves hold ' og ' or a comma ("Ensomhed blandt unge og
ældre", "Kirkens Korshær, Slagelse"), longest first; only what is left is split on commas and
' og '. A part that is not found is kept as typed, and the problem names only such parts.

Below the parser and beside the schema: it reads the schema's tabs and ``normalise``, nothing else
of fcdash.
"""

from __future__ import annotations

import re
from typing import Any, Callable

import pandas as pd

from fcdash import schema
from fcdash.grid import raw_text
from fcdash.schema import Column, Tab

# What separates the items of a cell: a comma, a semicolon, a line break, or ' og '. Kept in the
# split (the group), so a name's own separators can be matched again.
SEPARATOR = re.compile(r"(\s*[,;\n]\s*|\s+og\s+)", re.IGNORECASE)
AND = "og"  # the kind of separator ' og ' is; every other separator is a comma

Parsed = tuple[Any, Any]  # (value, problem code, or (code, its parameters), or None)


def _kind(separator: str) -> str:
    return AND if separator.strip().lower() == AND else ","


def _pieces(text: str) -> tuple[list[str], list[str], list[str]]:
    """A cell's items, the separators between them as typed, and their kinds."""
    parts = SEPARATOR.split(text)
    return parts[0::2], parts[1::2], [_kind(s) for s in parts[1::2]]


class Known:
    """The known values of a column, folded (``schema.normalise``) -> the value to keep; with the
    names that hold a separator, by their pieces, for matching inside a cell of several."""

    def __init__(self, lookup: dict[str, str]):
        self.lookup = lookup
        self.compound: dict[tuple[str, ...], str] = {}
        for folded, value in lookup.items():
            items, _, kinds = _pieces(folded)
            if len(items) > 1 and all(items):
                key = tuple(x for pair in zip(items, kinds) for x in pair) + (items[-1],)
                self.compound.setdefault(key, value)
        self.longest = max((len(k) // 2 + 1 for k in self.compound), default=1)  # pieces in the longest name

    def one(self, text: str) -> str | None:
        return self.lookup.get(schema.normalise(text))

    def items(self, text: str) -> list[tuple[str, str | None]]:
        """A cell of several: each item as typed, with the known value it names (None: unknown)."""
        whole = self.one(text)
        if whole is not None:
            return [(text.strip(), whole)]
        items, separators, kinds = _pieces(text)
        folded = [schema.normalise(item) for item in items]
        out, i = [], 0
        while i < len(items):
            if not folded[i]:
                i += 1
                continue
            for j in range(min(len(items), i + self.longest) - 1, i, -1):  # the longest name first
                key = tuple(x for k in range(i, j) for x in (folded[k], kinds[k])) + (folded[j],)
                if key in self.compound:
                    typed = "".join(items[k] + separators[k] for k in range(i, j)) + items[j]
                    out.append((typed.strip(), self.compound[key]))
                    i = j + 1
                    break
            else:
                out.append((items[i].strip(), self.lookup.get(folded[i])))
                i += 1
        return out


def looked_up(lookup: dict[str, str], code: str, *, many: bool) -> Callable[[Any], Parsed]:
    """A parser that finds a typed value in ``lookup`` (folded value -> the value to keep): a
    category or a reference. ``many`` reads a cell of several into a tuple; a part not found is
    kept as typed, and where the cell held others too, the problem (``code`` + 's') names it alone."""
    known = Known(lookup)

    def one(value: Any) -> Parsed:
        text = raw_text(value)
        found = known.one(text)
        return (found, None) if found else (text, code)

    def several(value: Any) -> Parsed:
        text = raw_text(value)
        items = known.items(text)
        missing = [typed for typed, found in items if found is None]
        values = tuple(typed if found is None else found for typed, found in items)
        if not missing:
            return values, None
        if len(missing) == len(items) or code != "unknown_ref":  # nothing found: the cell is named whole
            return values, code
        return values, (code + "s", {"missing": ", ".join(f"'{m}'" for m in missing)})

    return several if many else one


def category_lookup(column: Column, own: tuple[str, ...] = ()) -> dict[str, str]:
    """Folded category (or a word volunteers use for one) -> the category; ``own`` are the
    centre's own values for the column's list (the Egne lister tab), after the built-in ones."""
    lookup = {schema.normalise(c): c for c in column.categories}
    for alias, canonical in schema.CATEGORY_ALIASES.items():
        if canonical in column.categories:
            lookup.setdefault(schema.normalise(alias), canonical)
    for value in own:
        lookup.setdefault(schema.normalise(value), value)
    return lookup


def reference_lookup(frame: pd.DataFrame, tab: Tab) -> dict[str, str]:
    """Folded id, and name (the tab's ``named_by`` column: a goal's text), -> id, so a volunteer
    may write either; an id wins over another row's name."""
    lookup: dict[str, str] = {}
    has_id = frame["id"].notna()
    for ident in frame.loc[has_id, "id"]:
        lookup.setdefault(schema.normalise(ident), ident)
    if tab.named_by and tab.named_by in frame:
        for ident, name in frame.loc[has_id, ["id", tab.named_by]].itertuples(index=False):
            if isinstance(name, str) and name.strip():
                lookup.setdefault(schema.normalise(name), ident)
    return lookup


def own_lists(lists: pd.DataFrame | None) -> dict[str, tuple[str, ...]]:
    """The centre's own values of each list (column key of Egne lister -> values), from that tab
    as read; empty without the tab."""
    if lists is None:
        return {}
    return {col.key: schema.own_values(lists[col.key]) for col in schema.LISTS.columns
            if col.key not in ("id", "note") and col.key in lists}
