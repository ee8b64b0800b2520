"""Quick entry forms for the leader: activities, events, members and goal follow-ups.

The forms are drawn from the schema (``fcdash.ui.forms``). Every entry is checked before
anything is written, kept in the outbox on the server's disk, and sent to the spreadsheet at
once or as soon as it answers again.

Each form and one-tap button submits with a key made when it was drawn (the new row's id), in its
widget key and its callback's arguments: Streamlit calls the callback of a tap with the arguments
of the drawing the browser showed (also from a run that a second tap interrupted), so a double
tap brings the same key twice and the outbox writes one row. The key is renewed once its entry
is saved. The last added row can be undone for a few minutes (not a leave, which changes a row).
"""

import datetime as dt

import streamlit as st

from fcdash import entries, evaluation, i18n, metrics, schema
from fcdash.reports import evaluation_sheet
from fcdash.ui import data, forms, sender, session, signin, survey, widgets

QR_DAYS = 30  # the events a QR code can be made for on the entry page: those of the last 30 days (and the coming week)
TOAST_ICONS = {"success": ":material/check_circle:", "info": ":material/schedule:", "warning": ":material/cloud_off:",
               "error": ":material/error:"}

signin.require_editor()
snap = data.snapshot()
today = session.today()
lang, t = session.lang(), session.t

st.title(t("entry.title"))
message = st.session_state.pop("entry_message", None)
if message:
    st.session_state["entry_shown"] = message
    getattr(st, message[0])(message[1])
# The form may be long on a phone: the outcome (or what to correct, beside each field below) also
# shows where the thumb is.
to_fix = st.session_state.pop("entry_toast", None)
toast = message or to_fix
if toast:
    st.toast(toast[1], icon=TOAST_ICONS[toast[0]])
last = sender.last_entry()
if last:
    st.button(t("entry.undo", what=last["what"]), key=f"undo_{last['key']}", on_click=sender.undo, args=(last["key"],),
              icon=":material/undo:", width="stretch", help=t("entry.undo_help", minutes=sender.UNDO_MINUTES))

members = forms.choices(snap, "members")
active = set(metrics.active_members(snap["members"], today)["id"])

FORMS = forms.entry_forms(today)
ACTIVITY, EVENT, MEMBER, LEAVE, FOLLOWUP = (FORMS[k] for k in ("activity", "event", "member", "leave", "followup"))

kind = st.segmented_control(t("entry.kind"), list(FORMS), default="activity", required=True, key="entry_kind",
                            format_func=lambda k: i18n.t(f"entry.kind.{k}", lang), width="stretch")


def submit(form: forms.Form, key: str, names: list[str], check, what, *, op: str = "append", row_id=None,
           confirm=None) -> None:
    """The form's callback: check, then save and clear, or keep the values and show the problems.
    ``key`` is the submission's key from the drawing the leader tapped (the new row's id)."""
    if forms.repeated(form.key("id"), key):
        return again()
    values = form.values(names)
    problems = check(values, snap, today)
    if confirm and not problems and confirm(values) and not st.session_state.get(form.key("confirm")):
        problems = {"title": ("entry.duplicate", {})}
    st.session_state[form.key("errors")] = problems
    if problems:
        labels = {c.key: c.label(lang) for c in schema.tab(form.tab).columns} | {"member": t("entry.member")}
        st.session_state["entry_toast"] = ("error", t("entry.fix", fields=", ".join(labels.get(k, k) for k in problems)))
        return
    target = row_id(values) if row_id else key
    if op == "append":
        row = entries.row(form.tab, values, target)
    else:  # only the fields the form changes; the rest of the row is the volunteers'
        row = {k: entries.clean_text(v).strip() if isinstance(v, str) else v for k, v in values.items()
               if k != "member" and v not in (None, "")}
    sender.save(op, form.tab, row, target, what(values), key=key)
    forms.rotate(form.key("id"), key, form.tab)
    form.clear(names)


def again() -> None:
    """A second tap of the entry just saved: its message stays, nothing is saved again."""
    st.session_state["entry_message"] = st.session_state.get("entry_shown")


def quick(activity_type: str, state_key: str, key: str) -> None:
    if forms.repeated(state_key, key):
        return again()
    row = entries.row("activities", {"date": today, "type": activity_type, "count": 1}, key)
    sender.save("append", "activities", row, key, t("entry.what.activities", count=1, type=activity_type))
    forms.rotate(state_key, key, "activities")


def save_button(form: forms.Form, *args, **kwargs) -> None:
    key = form.submission()
    st.form_submit_button(t("entry.save"), type="primary", width="stretch", on_click=submit, args=(form, key, *args),
                          kwargs=kwargs, key=form.key(f"save_{key}"))


if kind == "activity":
    st.caption(t("entry.quick"))
    for i, activity_type in enumerate(schema.ONE_TAP_ACTIVITIES):
        key = forms.submission(f"quick_{i}_id", "activities")
        st.button(t("entry.quick_button", type=activity_type), key=f"quick_{i}_{key}", on_click=quick,
                  args=(activity_type, f"quick_{i}_id", key), width="stretch", icon=":material/add_circle:")
    with st.form("ac_form", border=True, enter_to_submit=False):
        names = forms.draw(ACTIVITY, snap)
        save_button(ACTIVITY, names, entries.check_activity,
                    lambda v: t("entry.what.activities", count=v["count"], type=v["type"]))

if kind == "event":
    with st.form("ev_form", border=True, enter_to_submit=False):
        names = forms.draw(EVENT, snap)
        save_button(EVENT, names, entries.check_event, lambda v: t("entry.what.events", title=v["title"]),
                    confirm=lambda v: entries.likely_duplicate(v, snap))

if kind == "member":
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
    with st.form("fu_form", border=True, enter_to_submit=False):
        names = forms.draw(FOLLOWUP, snap)
        save_button(FOLLOWUP, names, entries.check_followup, lambda v: t("entry.what.followups", goal=v["goal"]))

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

# --- what waits to be sent ----------------------------------------------------------------------

waiting = sender.outbox().entries()
if waiting:
    st.subheader(t("entry.outbox", count=len(waiting)))
    st.caption(t("entry.outbox_help"))
    for entry in waiting:
        with st.container(border=True):
            what = f"{schema.tab(entry.tab).label(lang)} · {entry.row_id}" if entry.op else t("entry.unreadable")
            st.markdown(f"**{session.fmt_time(dt.datetime.fromisoformat(entry.created))}** · "
                        f"{widgets.escape(what)}")
            if entry.error:
                (st.error if entry.failed else st.caption)(entry.error)
            if entry.failed:
                left, right = st.columns(2)
                if entry.op:
                    left.button(t("entry.retry"), key=f"retry_{entry.name}", on_click=sender.retry, args=(entry.name,),
                                icon=":material/replay:", width="stretch")
                right.button(t("entry.discard"), key=f"discard_{entry.name}", on_click=sender.outbox().discard,
                             args=(entry.name,), icon=":material/delete:", width="stretch")
    st.button(t("entry.send_now"), on_click=sender.send_waiting, icon=":material/send:", key="send_now", width="stretch")
