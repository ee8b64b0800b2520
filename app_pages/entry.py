"""Quick entry forms for the leader: activities, events, members and goal follow-ups.

The forms are drawn from the schema (``fcdash.ui.forms``). Every entry is checked before
anything is written, kept in the outbox on the server's disk, and sent to the spreadsheet at
once or as soon as it answers again.

Each form and one-tap button submits with a key made when it was drawn (the new row's id), in its
widget key and its callback's arguments: Streamlit calls the callback of a tap with the arguments
of the drawing the browser showed (also from a run that a second tap interrupted), so a double
tap brings the same key twice and the outbox writes one row. The key is renewed once its entry
is saved. The last entry can be undone for a few minutes, right under its outcome.

This page draws; ``fcdash.ui.entering`` checks and saves. The recent entries below the form open in
the same form to be corrected, or are deleted after a question (``fcdash.ui.recent_entries``); what
became of each save shows above the form and what waits below it, both updating by themselves
while an entry waits (``fcdash.ui.status``).
"""

import streamlit as st

from fcdash import entries, evaluation, i18n, metrics, schema
from fcdash.reports import evaluation_sheet
from fcdash.ui import data, entering, forms, recent_entries, sender, session, signin, status, survey

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
page = entering.Page(snap, today, kind)

if kind == "activity" and not recent_entries.editing(kind):
    st.caption(t("entry.quick"))
    for i, activity_type in enumerate(schema.ONE_TAP_ACTIVITIES):
        key = forms.submission(f"quick_{i}_id", "activities")
        st.button(t("entry.quick_button", type=activity_type), key=f"quick_{i}_{key}", on_click=entering.quick,
                  args=(today, activity_type, f"quick_{i}_id", key), width="stretch", icon=":material/add_circle:")

# What became of the last tap, with its undo: above the form, which is empty again after a save.
status.outcome()

if kind == "activity":
    entering.show_form(page, ACTIVITY, entries.check_activity,
                       lambda v: t("entry.what.activities", count=v["count"], type=v["type"]))
if kind == "event":
    entering.show_form(page, EVENT, entries.check_event, lambda v: t("entry.what.events", title=v["title"]),
                       confirm=lambda v, against, row_id: entries.likely_duplicate(
                           v, against, entering.pending_events(row_id)))
if kind == "member":
    entering.show_form(page, MEMBER, entries.check_member, lambda v: t("entry.what.members", name=v["name"]))
if kind == "followup":
    entering.show_form(page, FOLLOWUP, entries.check_followup, lambda v: t("entry.what.followups", goal=v["goal"]))
if kind == "leave":
    with st.form("le_form", border=True, enter_to_submit=False):
        st.selectbox(t("entry.member"), [m for m in members if m in active], index=None, key=LEAVE.key("member"),
                     format_func=members.get, placeholder="…")
        forms.field_error(LEAVE, "member")
        names = ["member", *forms.draw(LEAVE, snap)]
        entering.save_button(page, LEAVE, names, entries.check_leave,
                             lambda v: t("entry.what.leave", name=members.get(v["member"], v["member"])),
                             op="update", row_id=lambda v: v["member"])

status.waiting()
recent_entries.scroll_to_form()

if kind in FORMS and kind != "leave":
    recent_entries.show(kind, FORMS[kind], snap, today, recent_entries.describe(kind))

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
