"""The participant's evaluation of one event, reached only through the event's signed link (the
QR code on the table): no sign-in, nothing else of the dashboard, nothing of the centre's data but
the event's title and date. Phone-first, done in under 30 seconds."""

import streamlit as st

from fcdash import evaluation, i18n, schema
from fcdash.ui import session, survey, widgets

t = session.t
survey.language_from_link()
st.segmented_control(t("common.language"), i18n.LANGUAGES, key="lang", format_func={"da": "Dansk", "en": "English"}.get,
                     label_visibility="collapsed", required=True)
event_id, snap = survey.open_link()
event = snap["events"].loc[snap["events"]["id"] == event_id].iloc[0]

st.title(t("evaluate.title"))
st.markdown(f"**{widgets.escape(str(event['title']))}** · {session.fmt_date(event['date'])}")

done = f"_evaluate_{event_id}"
outcome = st.session_state.get(done)
if outcome == "saved" or (outcome is None and survey.answered(event_id, snap)):
    st.success(t("evaluate.thanks" if outcome == "saved" else "evaluate.already"), icon=":material/favorite:")
    st.stop()
if outcome == "already":  # answered from another tab of this browser meanwhile
    st.info(t("evaluate.already"), icon=":material/favorite:")
    st.stop()
if outcome in ("full", "unknown"):
    st.error(t(f"evaluate.{outcome}"), icon=":material/block:")
    st.stop()

asked = evaluation.questions(event_id, snap["events"], snap["initiatives"])
YES_NO = {True: t("evaluate.yes"), False: t("evaluate.no")}
TILS = dict(zip(evaluation.TILS_ANSWERS, (t(f"evaluate.tils.{a}") for a in ("never", "sometimes", "often"))))
AGE = dict(zip(schema.AGE_LABELS, (t("evaluate.age.young"), t("evaluate.age.adults"), t("evaluate.age.elderly"))))


def send() -> None:
    """The form's callback: one answer from the widgets' values, saved or refused."""
    value = st.session_state.get
    satisfaction = value("ev_satisfaction")
    answers = {"satisfaction": None if satisfaction is None else satisfaction + 1, "met": value("ev_met"),
               **{k: value(f"ev_{k}") for k in schema.TILS_KEYS}, "age_band": value("ev_age"),
               "comment": (value("ev_comment") or "").strip()}
    st.session_state[done] = survey.submit(event_id, asked, answers)


with st.form("evaluate", border=False, enter_to_submit=False):
    if schema.Q_SATISFACTION in asked:
        st.markdown(f"**{t('evaluate.satisfaction')}**")
        st.feedback("faces", key="ev_satisfaction")
    if schema.Q_MET in asked:
        st.segmented_control(t("evaluate.met"), list(YES_NO), format_func=YES_NO.get, key="ev_met", width="stretch")
    if schema.Q_LONELINESS in asked:
        st.markdown(f"**{t('evaluate.tils.intro')}**")
        for key in schema.TILS_KEYS:
            st.radio(t(f"evaluate.tils.{key}"), list(TILS), format_func=TILS.get, index=None, key=f"ev_{key}")
    if schema.Q_AGE in asked:
        st.segmented_control(t("evaluate.age"), list(AGE), format_func=AGE.get, key="ev_age", width="stretch")
    if schema.Q_COMMENT in asked:
        st.text_area(t("evaluate.comment"), key="ev_comment", max_chars=500, height=90)
        st.caption(t("evaluate.no_names"))
    st.form_submit_button(t("evaluate.send"), type="primary", width="stretch", on_click=send, key="ev_send")
if outcome in ("busy", "empty"):  # under the button the thumb just pressed, not above the fold
    (st.warning if outcome == "empty" else st.error)(t(f"evaluate.{outcome}"))
st.caption(t("evaluate.anonymous"))
