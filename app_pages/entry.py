"""Quick entry forms for the leader: activities, events, members and goal follow-ups.

The forms are drawn from the schema (``fcdash.ui.forms``). Every entry is checked before
anything is written, kept in the outbox on the server's disk, and sent to the spreadsheet at
once or as soon as it answers again.

Each form and one-tap button submits with a key made when it was drawn (the new row's id), in its
widget key and its callback's arguments: Streamlit calls the callback of a tap with the arguments
of the drawing the browser showed (also from a run that a second tap interrupted), so a double
tap brings the same key twice and the outbox writes one row. The key is renewed once its entry
is saved. The last entry can be undone for a few minutes, right under the form.

The recent entries below the form open in the same form to be corrected, or are deleted after a
question (``fcdash.ui.recent_entries``); what became of each save shows under the form and updates by
itself while it waits (``fcdash.ui.status``).
"""

import datetime as dt

import pandas as pd
import streamlit as st

from fcdash import corrections, entries, evaluation, i18n, metrics, schema
from fcdash.reports import evaluation_sheet
from fcdash.ui import data, forms, recent_entries, sender, session, signin, status, survey

QR_DAYS = 30  # the events a QR code can be made for on the entry page: those of the last 30 days (and the coming week)

signin.require_editor()
snap = data.snapshot()
today = session.today()
lang, t = session.lang(), session.t

st.title(t("entry.title"))

members = forms.choices(snap, "members")
active = set(metrics.active_members(snap["members"], today)["id"])

FORMS = forms.entry_forms(today)
ACTIVITY, EVENT, MEMBER, LEAVE, FOLLOWUP = (FORMS[k] for k in ("activity", "event", "member", "leave", "followup"))

kind = st.segmented_control(t("entry.kind"), list(FORMS), default="activity", required=True, key="entry_kind",
                            format_func=lambda k: i18n.t(f"entry.kind.{k}", lang), width="stretch")
editing = recent_entries.editing(kind)


def field_labels(form: forms.Form) -> dict[str, str]:
    return {c.key: c.label(lang) for c in schema.tab(form.tab).columns} | {"member": t("entry.member")}


def submit(form: forms.Form, key: str, names: list[str], check, what, *, op: str = "append", row_id=None,
           confirm=None) -> None:
    """The form's callback: check, then save and clear, or keep the values and show the problems.
    ``key`` is the submission's key from the drawing the leader tapped (the new row's id)."""
    if forms.repeated(form.key("id"), key):
        return  # a second tap of the entry just saved: its message stays, nothing is saved again
    st.session_state.pop(recent_entries.DELETING, None)
    values = form.values(names)
    fixing = recent_entries.editing(kind)
    against = recent_entries.without_row(snap, fixing["tab"], fixing["row_id"]) if fixing else snap
    problems = check(values, against, today)
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
        seen = corrections.seen(snap[form.tab], target) or {}
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


def quick(activity_type: str, state_key: str, key: str) -> None:
    if forms.repeated(state_key, key):
        return
    row = entries.row("activities", {"date": today, "type": activity_type, "count": 1}, key)
    sender.save("append", "activities", row, key, t("entry.what.activities", count=1, type=activity_type))
    forms.rotate(state_key, key, "activities")


def save_button(form: forms.Form, names: list[str], *args, **kwargs) -> None:
    """The save button, and beside it what stopped the last save: the fields to correct, or the
    question whether a likely duplicate is a new one."""
    key = form.submission()
    fixing = recent_entries.editing(kind)
    st.form_submit_button(t("entry.save_correction" if fixing else "entry.save"), type="primary", width="stretch",
                          on_click=submit, args=(form, key, names, *args), kwargs=kwargs, key=form.key(f"save_{key}"))
    problems = form.errors()
    if problems:
        st.error(t("entry.fix", fields=", ".join(field_labels(form).get(k, k) for k in problems)), icon=":material/error:")
    if st.session_state.get(form.key("duplicate")):
        st.warning(t("entry.duplicate"), icon=":material/help:")
        st.checkbox(t("entry.duplicate_ok"), key=form.key("confirm"))


def editing_bar(form: forms.Form, names: list[str]) -> None:
    editing = recent_entries.editing(kind, form)
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


FORM_OF = {"activity": ACTIVITY, "event": EVENT, "member": MEMBER, "followup": FOLLOWUP}

if kind == "activity" and not editing:
    st.caption(t("entry.quick"))
    for i, activity_type in enumerate(schema.ONE_TAP_ACTIVITIES):
        key = forms.submission(f"quick_{i}_id", "activities")
        st.button(t("entry.quick_button", type=activity_type), key=f"quick_{i}_{key}", on_click=quick,
                  args=(activity_type, f"quick_{i}_id", key), width="stretch", icon=":material/add_circle:")

# What became of the last tap, with its undo: above the form, which is empty again after a save.
status.outcome()

if kind == "activity":
    editing_bar(ACTIVITY, [c.key for c in ACTIVITY.columns])
    with st.form("ac_form", border=True, enter_to_submit=False):
        names = forms.draw(ACTIVITY, snap)
        save_button(ACTIVITY, names, entries.check_activity,
                    lambda v: t("entry.what.activities", count=v["count"], type=v["type"]))

if kind == "event":
    editing_bar(EVENT, [c.key for c in EVENT.columns])
    with st.form("ev_form", border=True, enter_to_submit=False):
        names = forms.draw(EVENT, snap)
        save_button(EVENT, names, entries.check_event, lambda v: t("entry.what.events", title=v["title"]),
                    confirm=lambda v, against, row_id: entries.likely_duplicate(v, against, pending_events(row_id)))

if kind == "member":
    editing_bar(MEMBER, [c.key for c in MEMBER.columns])
    with st.form("me_form", border=True, enter_to_submit=False):
        names = forms.draw(MEMBER, snap)
        save_button(MEMBER, names, entries.check_member, lambda v: t("entry.what.members", name=v["name"]))

if kind == "leave":
    with st.form("le_form", border=True, enter_to_submit=False):
        st.selectbox(t("entry.member"), [m for m in members if m in active], index=None, key=LEAVE.key("member"),
                     format_func=members.get, placeholder="…")
        forms.field_error(LEAVE, "member")
        names = ["member", *forms.draw(LEAVE, snap)]
        save_button(LEAVE, names, entries.check_leave,
                    lambda v: t("entry.what.leave", name=members.get(v["member"], v["member"])),
                    op="update", row_id=lambda v: v["member"])

if kind == "followup":
    editing_bar(FOLLOWUP, [c.key for c in FOLLOWUP.columns])
    with st.form("fu_form", border=True, enter_to_submit=False):
        names = forms.draw(FOLLOWUP, snap)
        save_button(FOLLOWUP, names, entries.check_followup, lambda v: t("entry.what.followups", goal=v["goal"]))

status.waiting()
recent_entries.scroll_to_form()

if kind in FORM_OF:
    recent_entries.show(kind, FORM_OF[kind], snap, today, recent_entries.describe(kind))

# --- the evaluation's QR code for a recent event (the sheet to print and put on the table) -------

if kind == "event":
    st.subheader(t("evaluate.qr.title"))
    recent, without_id = evaluation.recent_events(snap["events"], today, QR_DAYS)
    if without_id:
        st.caption(t("evaluate.qr.no_id", count=without_id, days=QR_DAYS))
    if recent.empty:
        st.info(t("evaluate.qr.none", days=QR_DAYS))
    else:
        labels = {r.id: f"{session.fmt_date(r.date)} · {r.title}" for r in recent.itertuples()}
        last = sender.last_entry()
        just_saved = last["row_id"] if last and last["tab"] == "events" else None
        if just_saved in labels and st.session_state.get("_qr_saved") != just_saved:
            st.session_state["qr_event"] = st.session_state["_qr_saved"] = just_saved  # the event just saved, once
        chosen = st.selectbox(t("evaluate.qr.event"), list(labels), format_func=labels.get, key="qr_event")
        event = recent.loc[recent["id"] == chosen].iloc[0]
        cfg = session.config()
        day = event["date"].date()
        url = evaluation.link(survey.base_url(cfg),
                              evaluation.make_token(chosen, day, survey.link_key(cfg), cfg.evaluation_days))
        st.caption(t("evaluate.qr.help", until=session.fmt_date(evaluation.valid_until(day, cfg.evaluation_days))))
        only_nearby = survey.warn_if_only_nearby(cfg)
        st.image(evaluation_sheet.qr_png(url), width=220)
        st.code(url, language=None, wrap_lines=True)
        st.download_button(t("evaluate.qr.download"), evaluation_sheet.sheet_pdf(
            str(event["title"]), day, url, centre=cfg.centre_name, lang=lang, only_nearby=only_nearby),
            file_name=f"evaluering-{chosen}.pdf",
            mime="application/pdf", icon=":material/print:", width="stretch", key="qr_pdf", on_click="ignore")
