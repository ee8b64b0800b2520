"""Entry forms drawn from the schema: one widget per editable column of a tab, chosen by the
column's kind, with the problem found in it shown right below. A column added to the schema
appears in its tab's form with no other edit."""

from __future__ import annotations

import datetime as dt
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from fcdash import metrics, references, schema
from fcdash.schema import Column, Kind
from fcdash.snapshot import Snapshot
from fcdash.store import new_id
from fcdash.ui.session import lang, t
from fcdash.ui.widgets import known_values

NOTE_CHARS = 5000  # a note's length; far below Google's 50,000 characters a cell


@dataclass(frozen=True)
class Form:
    prefix: str  # of the widgets' keys: <prefix>_<column key>
    tab: str
    only: tuple[str, ...] = ()  # just these columns (default: every editable one)
    skip: tuple[str, ...] = ()  # every editable column but these
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[Column]:
        return [c for c in schema.tab(self.tab).columns
                if c.editable and (not self.only or c.key in self.only) and c.key not in self.skip]

    def key(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    def submission(self) -> str:
        """This drawing's idempotency key: a fresh row id, kept until an entry with it is saved."""
        return submission(self.key("id"), self.tab)

    def errors(self) -> dict:
        return st.session_state.get(self.key("errors"), {})

    def values(self, names: list[str]) -> dict:
        return {name: st.session_state.get(self.key(name)) for name in names}

    def clear(self, names: list[str]) -> None:
        """Ready for the next entry: each widget is set back to its default (a browser keeps
        what it shows when a widget's state is only removed, and a second tap would save it
        again)."""
        by_key = {c.key: c for c in schema.tab(self.tab).columns}
        for name in names:
            st.session_state[self.key(name)] = self._empty(by_key.get(name))
        self._fresh()

    def _fresh(self) -> None:
        """No problems, no duplicate question from before."""
        st.session_state.pop(self.key("errors"), None)
        st.session_state.pop(self.key("duplicate"), None)
        if self.key("confirm") in st.session_state:
            st.session_state[self.key("confirm")] = False

    def fill(self, row: dict[str, Any], snap: Snapshot) -> tuple[dict[str, Any], list[str]]:
        """Set each widget to a row's value (``corrections.seen``), to correct it. A choice the
        widget does not offer (a name a volunteer typed that matches no row) cannot be shown:
        it is left out, and its column is named in the second value returned. The first is what
        the form shows now, which an edit is compared with (``show`` draws it again)."""
        shown, hidden = {}, []
        for col in self.columns:
            value, options = row.get(col.key), _options(col, snap)
            if col.kind in (Kind.CATEGORIES, Kind.REFS):
                value = [v for v in value or () if options is None or v in options]
                hidden += [col.key] if len(value) < len(row.get(col.key) or ()) else []
            elif options is not None and value not in options:
                hidden += [col.key] if value is not None else []
                value = None
            elif value is None:
                value = self._empty(col) if col.kind not in (Kind.DATE, Kind.INT) else None
            shown[col.key] = value
        self.show(shown)
        return shown, hidden

    def show(self, shown: dict[str, Any]) -> None:
        """Put values into the widgets (a row being corrected, again after its widgets were gone
        from the session: Streamlit forgets a widget's value while it is not drawn)."""
        for key, value in shown.items():
            st.session_state[self.key(key)] = value
        self._fresh()

    def shows(self) -> bool:
        """Whether the widgets hold values in this session (they do once drawn)."""
        return all(self.key(c.key) in st.session_state for c in self.columns)

    def _empty(self, col: Column | None) -> Any:
        """A widget's value when the form is new (a column-less name, the leave form's member: none)."""
        if col is None:
            return None
        if col.kind in (Kind.CATEGORIES, Kind.REFS):
            return []
        if col.kind is Kind.BOOL:
            return bool(self.defaults.get(col.key))
        if col.kind in (Kind.TEXT, Kind.ID, Kind.TARGET) and not col.suggest:
            return ""
        return self.defaults.get(col.key)


DOUBLE_TAP = 1.0  # seconds after a save in which the same button's next tap is the same tap


def submission(state_key: str, tab: str) -> str:
    """The key that a form or a button drawn now submits with: made when it is first drawn and kept
    in the session, so a second tap, a rerun or a reconnect brings the same one (the outbox takes
    it once). ``rotate`` makes the next one once an entry with it is saved."""
    if state_key not in st.session_state:
        st.session_state[state_key] = new_id(tab)
    return st.session_state[state_key]


def rotate(state_key: str, used: str, tab: str) -> None:
    """The next key, once the entry with ``used`` is saved (a tap from an older drawing leaves the
    current key as it is)."""
    if st.session_state.get(state_key) == used:
        st.session_state[state_key] = new_id(tab)
        st.session_state[f"{state_key}_saved"] = (used, time.monotonic())


def repeated(state_key: str, key: str) -> bool:
    """Whether a tap is the second tap of a thumb on an entry just saved. A page that saves fast is
    drawn again, with the next key, before the second tap lands: a tap on the new drawing within
    ``DOUBLE_TAP`` seconds of the save is that same tap, not a new entry."""
    saved = st.session_state.get(f"{state_key}_saved")
    return bool(saved) and key == st.session_state.get(state_key) and time.monotonic() - saved[1] < DOUBLE_TAP


def choices(snap: Snapshot, tab_key: str) -> dict[str, str]:
    """The rows a reference may point at, id -> what the leader reads."""
    frame = snap[tab_key]
    if "name" in frame:
        return dict(sorted(metrics.names(frame).items(), key=lambda item: item[1].casefold()))
    return {g: f"{g} {text}"[:90] for g, text in zip(frame["id"], frame["goal"].fillna("")) if isinstance(g, str)}


def _options(col: Column, snap: Snapshot) -> list | dict | None:
    """What a choice widget offers (None for a free field)."""
    if col.kind in (Kind.CATEGORY, Kind.CATEGORIES) and not col.suggest:
        return schema.categories(col, references.own_lists(snap.frames.get("lists")))
    if col.kind in (Kind.REF, Kind.REFS):
        return choices(snap, col.ref)
    return None


def field_error(form: Form, name: str) -> None:
    problem = form.errors().get(name)
    if problem:
        st.error(t(problem[0], **problem[1]), icon=":material/error:")


def draw(form: Form, snap: Snapshot) -> list[str]:
    """The form's fields (inside an st.form), grouped columns side by side; returns their names."""
    columns = form.columns
    for _, members in itertools.groupby(columns, key=lambda c: c.group or c.key):
        members = list(members)
        if len(members) == 1:
            _field(form, members[0], snap)
            continue
        for place, col in zip(st.columns(len(members)), members):
            with place:
                _field(form, col, snap)
    return [c.key for c in columns]


def _field(form: Form, col: Column, snap: Snapshot) -> None:
    label, key, default = col.label(lang()), form.key(col.key), form.defaults.get(col.key)
    # The default is the widget's first value only: after a save, clear() has set it in the session.
    first = (lambda **value: {}) if key in st.session_state else (lambda **value: value)
    if col.kind is Kind.DATE:
        st.date_input(label, key=key, format="DD.MM.YYYY", **first(value=default))
    elif col.kind is Kind.INT:
        st.number_input(label, min_value=0, step=1, key=key, **first(value=default))
    elif col.kind is Kind.BOOL:
        st.checkbox(label, key=key, **first(value=bool(default)))
    elif col.kind in (Kind.CATEGORY, Kind.CATEGORIES, Kind.REF, Kind.REFS):
        _choice(label, key, col, snap, default, first)
    elif col.suggest:
        st.selectbox(label, known_values(snap, col.key), index=None, key=key, accept_new_options=True,
                     placeholder=t("entry.none"))
    elif col.multiline:
        st.text_area(label, key=key, height=80, help=t("entry.no_names"), max_chars=NOTE_CHARS)
    else:
        st.text_input(label, key=key, max_chars=500)
    field_error(form, col.key)


# A choice among this many options or fewer is a row of pills: one tap, no list to open, no
# keyboard. A longer list that fits a phone's screen opens without a search box (no keyboard over
# the list); a list longer than that keeps its search, since typing three letters finds one of
# sixty organisations faster than a thumb scrolls to it.
PILLS_AT_MOST = 12
UNSEARCHED_AT_MOST = 15


def _choice(label: str, key: str, col: Column, snap: Snapshot, default, first) -> None:
    """A category or a reference: pills for a few options, else a list (one value or several)."""
    single = col.kind in (Kind.CATEGORY, Kind.REF)
    if col.kind in (Kind.REF, Kind.REFS):
        names = choices(snap, col.ref)
        options, show, none = list(names), names.get, t("entry.none")
    else:
        options = list(schema.categories(col, references.own_lists(snap.frames.get("lists"))))
        show, none = None, "…"
    if 0 < len(options) <= PILLS_AT_MOST:
        st.pills(label, options, selection_mode="single" if single else "multi", format_func=show, key=key,
                 width="stretch", **first(default=default if single and default in options else None))
        return
    search = {} if len(options) > UNSEARCHED_AT_MOST else {"filter_mode": None}
    if single:
        st.selectbox(label, options, index=options.index(default) if default in options else None, key=key,
                     format_func=show or str, placeholder=none, **search)
    else:
        st.multiselect(label, options, key=key, format_func=show or str, placeholder=none, select_all=False, **search)


def entry_forms(today: dt.date) -> dict[str, Form]:
    """The entry page's forms, by the kind the leader chooses."""
    return {
        "activity": Form("ac", "activities", defaults={"date": today, "type": schema.GUIDANCE_TALK, "count": 1}),
        "event": Form("ev", "events", defaults={"date": today}),
        "member": Form("me", "members", skip=("left",), defaults={"joined": today}),
        "leave": Form("le", "members", only=("left",), defaults={"left": today}),  # and which member
        "followup": Form("fu", "followups", defaults={"date": today}),
    }
