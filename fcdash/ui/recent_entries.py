"""The leader's recent entries on the entry page, newest first, each opened in the same form to be
corrected or deleted after a question. A correction writes only the fields she changed, and both
go through the outbox with the row as she saw it, so a row a volunteer changed meanwhile is never
overwritten (``fcdash.corrections``, ``ui/status``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pandas as pd
import streamlit as st

from fcdash import corrections
from fcdash.snapshot import Snapshot
from fcdash.ui import forms, sender, session
from fcdash.ui.session import t

PAGE = 10  # entries shown at first, and more per tap
EDITING = "entry_editing"  # the row being corrected: kind, tab, id, as seen, as the form showed it
DELETING = "entry_deleting"  # the id of the row whose delete awaits her yes


def editing(kind: str, form: forms.Form | None = None) -> dict | None:
    """The row of this kind being corrected in the form, if any; given the form, its widgets
    hold the row's values again if the session forgot them (she switched kind or page meanwhile)."""
    current = st.session_state.get(EDITING)
    if not current or current["kind"] != kind:
        return None
    if form is not None and not form.shows():
        form.show(current["shown"])
    return current


def without_row(snap: Snapshot, tab: str, row_id: str) -> Snapshot:
    """The snapshot without the row being corrected, to check the form against the others (a
    member is no duplicate of itself)."""
    frame = snap[tab]
    return dataclasses.replace(snap, frames={**snap.frames, tab: frame.loc[frame["id"] != row_id]})


def start(kind: str, form: forms.Form, row_id: str, what: str, snap: Snapshot) -> None:
    """Open a row in the form: its values in the widgets, the page scrolled to the form."""
    tab, _ = corrections.KINDS[kind]
    seen = corrections.seen(snap[tab], row_id)
    if seen is None:
        return
    shown, hidden = form.fill(seen, snap)
    st.session_state[EDITING] = {"kind": kind, "tab": tab, "row_id": row_id, "seen": seen, "shown": shown,
                                 "what": what, "hidden": hidden}
    st.session_state.pop(DELETING, None)
    st.session_state["entry_scroll"] = True


def stop(form: forms.Form, names: list[str]) -> None:
    st.session_state.pop(EDITING, None)
    form.clear(names)


def ask_delete(row_id: str) -> None:
    """The question, with the key its yes will carry (a double tap on yes deletes once)."""
    st.session_state[DELETING] = (row_id, uuid.uuid4().hex)


def cancel_delete() -> None:
    st.session_state.pop(DELETING, None)


def _deleting() -> str | None:
    return (st.session_state.get(DELETING) or (None,))[0]


def delete(kind: str, form: forms.Form, row_id: str, what: str, seen: dict, key: str) -> None:
    st.session_state.pop(DELETING, None)
    if (st.session_state.get(EDITING) or {}).get("row_id") == row_id:  # the form shows it: empty it
        stop(form, [c.key for c in form.columns])
    tab, _ = corrections.KINDS[kind]
    sender.save("delete", tab, {}, row_id, what, key=f"delete:{key}", expected=seen, done="entry.deleted")


def show(kind: str, form: forms.Form, snap: Snapshot, today: dt.date, describe) -> None:
    """The recent entries of a kind: a line each, opened to correct or delete it."""
    tab, _ = corrections.KINDS[kind]
    rows = corrections.recent(snap[tab], kind, today)
    st.subheader(t("entry.recent", days=corrections.RECENT_DAYS))
    if rows.empty:
        st.caption(t("entry.recent_none", days=corrections.RECENT_DAYS))
        return
    st.caption(t("entry.recent_help"))
    waiting = {e.row_id for e in sender.outbox().entries()}
    count_key = f"entry_recent_{kind}"
    shown = rows.head(st.session_state.get(count_key, PAGE))
    for _, row in shown.iterrows():
        what = describe(row)
        label = f"{session.fmt_date(row[corrections.KINDS[kind][1]])} · {what}"
        row_id = row["id"] if isinstance(row["id"], str) else None
        with st.expander(label, expanded=row_id is not None and _deleting() == row_id):
            if row_id is None:
                st.caption(t("entry.recent_no_id"))
            elif row_id in waiting:
                st.caption(t("entry.recent_waiting"))
            elif _deleting() == row_id:
                _confirm(kind, form, row_id, what, snap)
            else:
                left, right = st.columns(2)
                left.button(t("entry.edit"), key=f"edit_{row_id}", on_click=start,
                            args=(kind, form, row_id, what, snap), icon=":material/edit:", width="stretch")
                right.button(t("entry.delete"), key=f"delete_{row_id}", on_click=ask_delete, args=(row_id,),
                             icon=":material/delete:", width="stretch")
    if len(rows) > len(shown):
        st.button(t("entry.recent_more", count=len(rows) - len(shown)), key=f"more_{kind}", width="stretch",
                  on_click=lambda: st.session_state.__setitem__(count_key, len(shown) + PAGE))


def _confirm(kind: str, form: forms.Form, row_id: str, what: str, snap: Snapshot) -> None:
    tab, _ = corrections.KINDS[kind]
    seen = corrections.seen(snap[tab], row_id)
    st.warning(t("entry.delete_question", what=what))
    left, right = st.columns(2)
    left.button(t("entry.delete_yes"), key=f"delete_yes_{row_id}", type="primary", on_click=delete,
                args=(kind, form, row_id, what, seen, st.session_state[DELETING][1]),
                icon=":material/delete_forever:", width="stretch")
    right.button(t("entry.delete_no"), key=f"delete_no_{row_id}", on_click=cancel_delete, width="stretch")


_SCROLL = """<script>
setTimeout(() => {
  const bar = document.querySelector(".st-key-entry_editing");
  if (bar) { bar.style.scrollMarginTop = "4.5rem"; bar.scrollIntoView({block: "start"}); }  // clear of the header
}, 50);
document.currentScript && document.currentScript.remove();
</script>"""


def scroll_to_form() -> None:
    """After a row is opened from the list below, bring what she corrects, and the form, into view (once)."""
    if st.session_state.pop("entry_scroll", False):
        st.html(_SCROLL, unsafe_allow_javascript=True)


def describe(kind: str):
    """A function that puts one row of the kind in words, as the list shows it."""
    def count(value) -> str:
        return "" if pd.isna(value) else str(int(value))

    def text(value) -> str:
        return "" if not isinstance(value, str) else value

    if kind == "activity":
        return lambda r: t("entry.what.activities", count=count(r["count"]) or "1", type=text(r["type"]))
    if kind == "event":
        return lambda r: " · ".join(p for p in (text(r["type"]), text(r["title"]), t(
            "entry.recent_participants", count=int(r["participants"])) if not pd.isna(r["participants"]) else "") if p)
    if kind == "member":
        return lambda r: f"{text(r['name'])} ({text(r['type'])})" if text(r["type"]) else text(r["name"])
    return lambda r: t("entry.recent_followup", goal=text(r["goal"]), result=text(r["result"]) or "–",
                       time=text(r["time"]) or "–")

