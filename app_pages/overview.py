"""Overview for the board: key figures, goals by colour, events and attendances."""

import streamlit as st

from fcdash import charts, goals, metrics
from fcdash.ui import data, session, widgets

snap = data.snapshot()
today = session.today()
lang, t, fmt = session.lang(), session.t, session.fmt_number

st.title(t("overview.title"))
st.caption(t("overview.caption", year=today.year, today=session.fmt_date(today)))

widgets.locale_warning(snap)
if snap.problems:
    st.warning(t("overview.problems", count=fmt(len(snap.problems))), icon=":material/warning:")
    st.page_link("app_pages/problems.py", label=t("nav.problems"), icon=":material/rule:")
else:
    st.success(t("overview.no_problems"), icon=":material/check_circle:")

figures = metrics.key_figures(snap, today)
c1, c2, c3, c4 = st.columns(4)
c1.metric(t("overview.active_members"), fmt(figures["active_members"]),
          delta=t("overview.members_delta", delta=f"{figures['members_delta']:+d}"),
          delta_color="off", help=t("overview.active_members_help"))
c2.metric(t("overview.events"), fmt(figures["events"]))
c3.metric(t("overview.participants"), fmt(figures["participants"]), help=t("overview.participants_help"))
c4.metric(t("overview.activities"), fmt(figures["activities"]))

st.subheader(t("overview.goals"))
st.markdown(widgets.escape(goals.result_tally(metrics.goals_by_colour(snap["goals"], snap["followups"]), lang)))

st.subheader(t("goals.attention"))
judged = goals.progress(snap, today)
attention = goals.needs_attention(judged)
if attention.empty:
    st.caption(t("goals.attention_none"))
else:  # one entry a goal, its lights on the line under it: short enough for a phone
    table = judged.set_index("id", drop=False)

    def entry(row) -> str:
        text = f"- **{widgets.escape(row['id'])}** {widgets.escape(row['goal'])}  \n  {widgets.escape(goals.lights_text(row, lang))}"
        if isinstance(row["worst"], str):  # the main goal's place names its worst sub-goal
            worst = table.loc[row["worst"]]
            text += "  \n  " + widgets.escape(t("goals.worst_sub", id=worst["id"], lights=goals.lights_text(worst, lang)))
        return text

    st.markdown("\n".join(entry(row) for row in attention.to_dict("records")))
st.page_link("app_pages/goals.py", label=t("nav.goals"), icon=":material/flag:")

left, right = st.columns(2)
with left:
    st.subheader(t("overview.events_chart"))
    months = metrics.per_month(snap["events"], metrics.months_back(today, 12), today)
    widgets.plot(charts.events_per_month(months, lang), "events_per_month")
with right:
    st.subheader(t("overview.age_chart"))
    this_year = metrics.between(snap["events"], metrics.year_start(today), today)
    widgets.plot(charts.attendances_by_age(metrics.attendances_by_age(this_year), lang), "age_bands")

st.subheader(t("overview.activities_by_type"))
activities = metrics.between(snap["activities"], metrics.year_start(today), today)
widgets.plot(charts.activities_by_type(metrics.activities_by_type(activities), lang), "activities")
widgets.read_at_caption(snap)
