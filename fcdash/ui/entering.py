"""Saving the entry page's forms: a form's callback checks what was typed, asks about a likely
duplicate, and hands a new row, a member's leaving or a correction to the outbox (``sender``); the
save button shows beside it what stopped the last save. The page draws; this decides."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from fcdash import corrections, entries, schema
from fcdash.snapshot import Snapshot
from fcdash.ui import forms, recent_entries, sender, session
from fcdash.ui.session import t


@dataclass(frozen=True)
class Page:
    """What a drawing of the entry page saves against: its snapshot, its day, its kind of entry."""

    snap: Snapshot
    today: dt.date
    kind: str


def show_form(page: Page, form: forms.Form, check, what, **options) -> None:
    """A kind's form: what is being corrected above it, its fields, its save button."""
    names = [c.key for c in form.columns]
    editing_bar(page, form, names)
    with st.form(f"{form.prefix}_form", border=True, enter_to_submit=False):
        names = forms.draw(form, page.snap)
        save_button(page, form, names, check, what, **options)


def field_labels(form: forms.Form) -> dict[str, str]:
    return {c.key: c.label(session.lang()) for c in schema.tab(form.tab).columns} | {"member": t("entry.member")}


def submit(page: Page, form: forms.Form, key: str, names: list[str], check, what, *, op: str = "append",
           row_id=None, confirm=None) -> None:
    """The form's callback: check, then save and clear, or keep the values and show the problems.
    ``key`` is the submission's key from the drawing the leader tapped (the new row's id)."""
    if forms.repeated(form.key("id"), key):
        return  # a second tap of the entry just saved: its message stays, nothing is saved again
    st.session_state.pop(recent_entries.DELETING, None)
    values = form.values(names)
    fixing = recent_entries.editing(page.kind)
    if fixing and form.tab == "events":
        values = corrections.follow_bands(fixing["shown"], values)
    against = recent_entries.without_row(page.snap, fixing["tab"], fixing["row_id"]) if fixing else page.snap
    problems = check(values, against, page.today)
    st.session_state[form.key("errors")] = problems
    if problems:
        fields = " ".join(f"{field_labels(form).get(k, k)}: {t(code, **params)}" for k, (code, params) in problems.items())
        st.session_state["entry_toast"] = ("error", t("entry.fix_toast", fields=fields))
        return
    if confirm and confirm(values, against, fixing["row_id"] if fixing else None) and not st.session_state.get(form.key("confirm")):
        st.session_state[form.key("duplicate")] = True
        st.session_state["entry_toast"] = ("info", t("entry.duplicate_toast"))
        return
    st.session_state.pop(form.key("duplicate"), None)
    if fixing:
        return correct(form, key, names, values, fixing, what)
    target = row_id(values) if row_id else key
    if op == "append":
        row = entries.row(form.tab, values, target)
        sender.save(op, form.tab, row, target, what(values), key=key)
    else:  # only the fields the form changes (a leave); the rest of the row is the volunteers'
        row = {k: entries.clean_text(v).strip() if isinstance(v, str) else v for k, v in values.items()
               if k != "member" and v not in (None, "")}
        seen = corrections.seen(page.snap[form.tab], target) or {}
        sender.save(op, form.tab, row, target, what(values), key=key, expected={k: seen.get(k) for k in row})
    forms.rotate(form.key("id"), key, form.tab)
    form.clear(names)


def correct(form: forms.Form, key: str, names: list[str], values: dict, fixing: dict, what) -> None:
    """Save a correction: the fields she changed, written only where the row is as she saw it."""
    changed = corrections.changes(fixing["shown"], {k: values[k] for k in fixing["shown"]})
    if changed:
        row = {k: entries.clean_text(v).strip() or None if isinstance(v, str) else v for k, v in changed.items()}
        sender.save("update", form.tab, row, fixing["row_id"], t("entry.what.correction", what=what(values)), key=key,
                    expected={k: fixing["seen"].get(k) for k in row}, done="entry.corrected")
    else:
        sender.tell("info", t("entry.unchanged"))
    forms.rotate(form.key("id"), key, form.tab)
    recent_entries.stop(form, names)


def quick(today: dt.date, activity_type: str, state_key: str, key: str) -> None:
    if forms.repeated(state_key, key):
        return
    row = entries.row("activities", {"date": today, "type": activity_type, "count": 1}, key)
    sender.save("append", "activities", row, key, t("entry.what.activities", count=1, type=activity_type))
    forms.rotate(state_key, key, "activities")


def save_button(page: Page, form: forms.Form, names: list[str], *args, **kwargs) -> None:
    """The save button, and beside it what stopped the last save: the fields to correct, or the
    question whether a likely duplicate is a new one."""
    key = form.submission()
    fixing = recent_entries.editing(page.kind)
    st.form_submit_button(t("entry.save_correction" if fixing else "entry.save"), type="primary", width="stretch",
                          on_click=submit, args=(page, form, key, names, *args), kwargs=kwargs, key=form.key(f"save_{key}"))
    problems = form.errors()
    if problems:
        st.error(t("entry.fix", fields=", ".join(field_labels(form).get(k, k) for k in problems)), icon=":material/error:")
    if st.session_state.get(form.key("duplicate")):
        st.warning(t("entry.duplicate"), icon=":material/help:")
        st.checkbox(t("entry.duplicate_ok"), key=form.key("confirm"))


def editing_bar(page: Page, form: forms.Form, names: list[str]) -> None:
    editing = recent_entries.editing(page.kind, form)
    if editing:
        with st.container(key="entry_editing"):
            st.info(t("entry.editing", what=editing["what"]), icon=":material/edit:")
            if editing["hidden"]:
                st.warning(t("entry.editing_hidden", fields=", ".join(field_labels(form)[k] for k in editing["hidden"])))
            st.button(t("entry.editing_cancel"), key="edit_cancel", on_click=recent_entries.stop, args=(form, names),
                      icon=":material/close:", width="stretch")


def pending_events(other_than: str | None) -> pd.DataFrame:
    """Events on their way: waiting in the outbox, or saved in this session a moment ago (but
    the one being corrected)."""
    rows = [e.row for e in sender.outbox().entries() if e.op == "append" and e.tab == "events"]
    last = sender.last_entry()
    if last and last["tab"] == "events" and last.get("op") == "append":
        rows.append(last["written"])
    return corrections.pending_events(r for r in rows if r.get("id") != other_than)
