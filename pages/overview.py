"""Overview for the board: key figures, goals by colour, events and attendances."""

import streamlit as st

from fcdash import charts, goals, metrics, ui

snap = ui.snapshot()
today = ui.today()
lang = ui.lang()

st.title(ui.t("overview.title"))
st.caption(ui.t("overview.caption", year=today.year, today=ui.fmt_date(today)))

if snap.problems:
    st.warning(ui.t("overview.problems", count=ui.fmt_number(len(snap.problems))), icon=":material/warning:")
    st.page_link("pages/problems.py", label=ui.t("nav.problems"), icon=":material/rule:")
else:
    st.success(ui.t("overview.no_problems"), icon=":material/check_circle:")

figures = metrics.key_figures(snap, today)
c1, c2, c3, c4 = st.columns(4)
c1.metric(ui.t("overview.active_members"), ui.fmt_number(figures["active_members"]),
          delta=ui.t("overview.members_delta", delta=f"{figures['members_delta']:+d}"),
          delta_color="off", help=ui.t("overview.active_members_help"))
c2.metric(ui.t("overview.events"), ui.fmt_number(figures["events"]))
c3.metric(ui.t("overview.participants"), ui.fmt_number(figures["participants"]),
          help=ui.t("overview.participants_help"))
c4.metric(ui.t("overview.activities"), ui.fmt_number(figures["activities"]))

st.subheader(ui.t("overview.goals"))
colours = metrics.goals_by_colour(snap["goals"], snap["followups"])
for col, (colour, count) in zip(st.columns(len(colours)), colours.itertuples(index=False)):
    col.metric(charts.colour_label(colour, lang), ui.fmt_number(count))

st.subheader(ui.t("goals.attention"))
attention = goals.needs_attention(goals.progress(snap, today))
if attention.empty:
    st.caption(ui.t("goals.attention_none"))
for row in attention.to_dict("records"):
    with st.container(border=True, key=f"attention_{row['id']}"):
        st.markdown(f"**{row['id']}** {row['goal']}")
        lights = st.columns(4)
        for col, (label, key) in zip(lights, [("goals.result", "board_result"), ("goals.time", "board_time"),
                                              ("goals.result", "proposed_result"), ("goals.time", "proposed_time")]):
            with col:
                st.caption(ui.t("goals.board") if key.startswith("board") else ui.t("goals.proposed"))
                ui.light(ui.t(label), row[key])
st.page_link("pages/goals.py", label=ui.t("nav.goals"), icon=":material/flag:")

left, right = st.columns(2)
with left:
    st.subheader(ui.t("overview.events_chart"))
    months = metrics.per_month(snap["events"], metrics.months_back(today, 12), today)
    st.plotly_chart(charts.events_per_month(months, lang), key="events_per_month")
with right:
    st.subheader(ui.t("overview.age_chart"))
    this_year = metrics.between(snap["events"], metrics.year_start(today), today)
    st.plotly_chart(charts.attendances_by_age(metrics.attendances_by_age(this_year), lang), key="age_bands")

st.subheader(ui.t("overview.activities_by_type"))
activities = metrics.between(snap["activities"], metrics.year_start(today), today)
st.plotly_chart(charts.activities_by_type(metrics.activities_by_type(activities), lang), key="activities")
ui.read_at_caption(snap)
