"""Quick entry forms for the leader: activities, events, members and goal follow-ups.

Every entry is checked before anything is written, kept in the outbox on the server's disk,
and sent to the spreadsheet at once or as soon as it answers again.
"""

import datetime as dt

import streamlit as st

from fcdash import entries, metrics, schema, ui
from fcdash.store import new_id

ui.require_editor()
snap = ui.snapshot()
today = ui.today()
t = ui.t

st.title(t("entry.title"))
message = st.session_state.pop("entry_message", None)
if message:
    getattr(st, message[0])(message[1])

members = snap["members"].dropna(subset=["id"]).sort_values("name")
member_names = dict(zip(members["id"], members["name"].fillna(members["id"])))
active = set(metrics.active_members(snap["members"], today)["id"])
initiatives = dict(zip(snap["initiatives"]["id"].dropna(), snap["initiatives"]["name"].fillna("")))
goal_texts = {g: f"{g} {text}"[:90] for g, text in zip(snap["goals"]["id"], snap["goals"]["goal"].fillna(""))
              if isinstance(g, str)}
areas = sorted({a for a in (*snap["events"]["area"].dropna(), *snap["members"]["area"].dropna()) if a})

KINDS = ["activity", "event", "member", "leave", "followup"]
kind = st.segmented_control(t("entry.kind"), KINDS, default="activity", required=True, key="entry_kind",
                            format_func=lambda k: t(f"entry.kind.{k}"), width="stretch")


def errors(form: str) -> dict:
    return st.session_state.get(f"{form}_errors", {})


def field_error(form: str, name: str) -> None:
    problem = errors(form).get(name)
    if problem:
        st.error(t(problem[0], **problem[1]), icon=":material/error:")


def values_of(form: str, names: list[str]) -> dict:
    return {name: st.session_state.get(f"{form}_{name}") for name in names}


def clear(form: str, names: list[str]) -> None:
    """Ready for the next entry: the widgets go back to their defaults."""
    for name in names:
        st.session_state.pop(f"{form}_{name}", None)
    st.session_state.pop(f"{form}_errors", None)


def submit(form: str, names: list[str], check, tab: str, what, *, op: str = "append", row_id=None,
           confirm=None) -> None:
    """The form's callback: check, then save and clear, or keep the values and show the problems."""
    values = values_of(form, names)
    problems = check(values, snap, today)
    if confirm and not problems and confirm(values) and not st.session_state.get(f"{form}_confirm"):
        problems = {"title": ("entry.duplicate", {})}
    st.session_state[f"{form}_errors"] = problems
    if problems:
        return
    target = row_id(values) if row_id else new_id(tab)
    if op == "append":
        row = entries.row(tab, values, target)
    else:  # only the fields the form changes; the rest of the row is the volunteers'
        row = {k: v for k, v in values.items() if k != "member" and v is not None}
    ui.save(op, tab, row, target, what(values))
    clear(form, [*names, "confirm"])


# --- activity ---------------------------------------------------------------------------------

ACTIVITY = ["date", "type", "count", "organisation", "goal", "initiative", "note"]
QUICK = ["Afklarende frivillig-samtale", "Konsulentstøtte/sparring", "Hjælp til frivilligjobopslag"]


def quick(activity_type: str) -> None:
    row = entries.row("activities", {"date": today, "type": activity_type, "count": 1}, new_id("activities"))
    ui.save("append", "activities", row, row["id"], t("entry.what.activities", count=1, type=activity_type))


if kind == "activity":
    st.caption(t("entry.quick"))
    for i, activity_type in enumerate(QUICK):
        st.button(t("entry.quick_button", type=activity_type), key=f"quick_{i}", on_click=quick,
                  args=(activity_type,), width="stretch", icon=":material/add_circle:")
    with st.form("ac_form", border=True):
        st.date_input(t("field.date"), value=today, key="ac_date", format="DD.MM.YYYY")
        field_error("ac", "date")
        st.selectbox(t("field.type"), schema.ACTIVITY_TYPES, key="ac_type")
        field_error("ac", "type")
        st.number_input(t("field.count"), min_value=1, value=1, step=1, key="ac_count")
        field_error("ac", "count")
        st.selectbox(t("field.organisation"), list(member_names), index=None, key="ac_organisation",
                     format_func=member_names.get, placeholder=t("entry.none"))
        field_error("ac", "organisation")
        st.selectbox(t("field.goal"), list(goal_texts), index=None, key="ac_goal", format_func=goal_texts.get,
                     placeholder=t("entry.none"))
        field_error("ac", "goal")
        st.selectbox(t("field.initiative"), list(initiatives), index=None, key="ac_initiative",
                     format_func=initiatives.get, placeholder=t("entry.none"))
        st.text_area(t("field.note"), key="ac_note", height=80)
        st.form_submit_button(t("entry.save"), type="primary", width="stretch", on_click=submit, args=(
            "ac", ACTIVITY, entries.check_activity, "activities",
            lambda v: t("entry.what.activities", count=v["count"], type=v["type"])))

# --- event ------------------------------------------------------------------------------------

EVENT = ["date", "title", "type", "initiative", "goals", "area", "online", "participants",
         *(key for key, _ in schema.AGE_BANDS), "organisations", "note"]

if kind == "event":
    with st.form("ev_form", border=True):
        st.date_input(t("field.date"), value=today, key="ev_date", format="DD.MM.YYYY")
        field_error("ev", "date")
        st.text_input(t("field.title"), key="ev_title", max_chars=120)
        field_error("ev", "title")
        if errors("ev").get("title", ("",))[0] == "entry.duplicate":
            st.checkbox(t("entry.duplicate_ok"), key="ev_confirm")
        st.selectbox(t("field.type"), schema.EVENT_TYPES, index=None, key="ev_type", placeholder="…")
        field_error("ev", "type")
        st.selectbox(t("field.initiative"), list(initiatives), index=None, key="ev_initiative",
                     format_func=initiatives.get, placeholder=t("entry.none"))
        st.multiselect(t("field.goals"), list(goal_texts), key="ev_goals", format_func=goal_texts.get,
                       placeholder=t("entry.none"))
        st.selectbox(t("field.area"), areas, index=None, key="ev_area", accept_new_options=True,
                     placeholder=t("entry.none"))
        st.checkbox(t("field.online"), key="ev_online")
        st.number_input(t("field.participants"), min_value=0, value=None, step=1, key="ev_participants")
        field_error("ev", "participants")
        for column, (key, _) in zip(st.columns(3), schema.AGE_BANDS):
            column.number_input(t(f"age.{key}"), min_value=0, value=None, step=1, key=f"ev_{key}")
        st.multiselect(t("field.organisations"), list(member_names), key="ev_organisations",
                       format_func=member_names.get, placeholder=t("entry.none"))
        field_error("ev", "organisations")
        st.text_area(t("field.note"), key="ev_note", height=80)
        st.form_submit_button(t("entry.save"), type="primary", width="stretch", on_click=submit, args=(
            "ev", EVENT, entries.check_event, "events", lambda v: t("entry.what.events", title=v["title"])),
            kwargs={"confirm": lambda v: entries.likely_duplicate(v, snap)})

# --- members ----------------------------------------------------------------------------------

MEMBER = ["name", "type", "target_groups", "area", "joined", "networks", "contact", "email", "phone", "note"]

if kind == "member":
    with st.form("me_form", border=True):
        st.text_input(t("field.name"), key="me_name", max_chars=120)
        field_error("me", "name")
        st.selectbox(t("field.type"), schema.MEMBER_TYPES, index=None, key="me_type", placeholder="…")
        field_error("me", "type")
        st.multiselect(t("field.target_groups"), schema.TARGET_GROUPS, key="me_target_groups", placeholder="…")
        st.selectbox(t("field.area"), areas, index=None, key="me_area", accept_new_options=True, placeholder="…")
        st.date_input(t("field.joined"), value=today, key="me_joined", format="DD.MM.YYYY")
        field_error("me", "joined")
        st.text_input(t("field.networks"), key="me_networks")
        st.text_input(t("field.contact"), key="me_contact")
        st.text_input(t("field.email"), key="me_email")
        st.text_input(t("field.phone"), key="me_phone")
        st.text_area(t("field.note"), key="me_note", height=80)
        st.form_submit_button(t("entry.save"), type="primary", width="stretch", on_click=submit, args=(
            "me", MEMBER, entries.check_member, "members", lambda v: t("entry.what.members", name=v["name"])))

LEAVE = ["member", "left"]

if kind == "leave":
    with st.form("le_form", border=True):
        st.selectbox(t("field.member"), [m for m in member_names if m in active], index=None, key="le_member",
                     format_func=member_names.get, placeholder="…")
        field_error("le", "member")
        st.date_input(t("field.left"), value=today, key="le_left", format="DD.MM.YYYY")
        field_error("le", "left")
        st.form_submit_button(t("entry.save"), type="primary", width="stretch", on_click=submit, args=(
            "le", LEAVE, entries.check_leave, "members",
            lambda v: t("entry.what.leave", name=member_names.get(v["member"], v["member"]))),
            kwargs={"op": "update", "row_id": lambda v: v["member"]})

# --- goal follow-up ---------------------------------------------------------------------------

FOLLOWUP = ["date", "goal", "result", "time", "comment", "author"]

if kind == "followup":
    with st.form("fu_form", border=True):
        st.date_input(t("field.date"), value=today, key="fu_date", format="DD.MM.YYYY")
        field_error("fu", "date")
        st.selectbox(t("field.goal"), list(goal_texts), index=None, key="fu_goal", format_func=goal_texts.get,
                     placeholder="…")
        field_error("fu", "goal")
        for column, key in zip(st.columns(2), ("result", "time")):
            with column:
                st.radio(t(f"field.{key}"), schema.COLOURS, index=None, key=f"fu_{key}")
                field_error("fu", key)
        st.text_area(t("field.comment"), key="fu_comment", height=100)
        st.text_input(t("field.author"), key="fu_author")
        st.form_submit_button(t("entry.save"), type="primary", width="stretch", on_click=submit, args=(
            "fu", FOLLOWUP, entries.check_followup, "followups", lambda v: t("entry.what.followups", goal=v["goal"])))

# --- what waits to be sent ----------------------------------------------------------------------

waiting = ui.outbox().entries()
if waiting:
    st.subheader(t("entry.outbox", count=len(waiting)))
    st.caption(t("entry.outbox_help"))
    for entry in waiting:
        with st.container(border=True):
            st.markdown(f"**{ui.fmt_date(dt.date.fromisoformat(entry.created[:10]))} {entry.created[11:16]}** · "
                        f"{t(f'tab.{entry.tab}')} · {entry.row_id}")
            if entry.error:
                (st.error if entry.failed else st.caption)(entry.error)
            if entry.failed:
                st.button(t("entry.discard"), key=f"discard_{entry.name}", on_click=ui.outbox().discard,
                          args=(entry.name,))
    st.button(t("entry.send_now"), on_click=ui.send_waiting, icon=":material/send:", key="send_now", width="stretch")
