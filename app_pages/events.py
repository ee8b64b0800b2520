"""What the centre did: events over time, participants by type, online versus in person,
local areas, and a searchable table."""

import streamlit as st

from fcdash import charts, filters, metrics
from fcdash.ui import data, session, viewfilters, widgets

snap = data.snapshot()
today = session.today()
lang, t, fmt = session.lang(), session.t, session.fmt_number

st.title(t("events.title"))
f = viewfilters.bar(snap, today)
events = filters.events(snap["events"], snap["members"], f)
count, people, online = st.columns(3)
count.metric(t("events.count"), fmt(len(events)))
people.metric(t("events.participants"), fmt(events["participants"].sum()))
split = metrics.online_split(events)
online.metric(t("events.online_share"), f"{fmt(100 * split['events'].iloc[1] / max(len(events), 1), 0)} %")

st.subheader(t("events.timeline"))
timeline, per = metrics.events_timeline(events)
if per:
    st.caption(t("events.timeline_per", per=t(f"events.per.{per}")))
widgets.chart(charts.events_timeline(timeline, lang, per), timeline, "tidslinje")

st.subheader(t("events.by_type"))
by_type = metrics.participants_by_type(events, f.start, f.end)
widgets.chart(charts.participants_by_type(by_type, lang), by_type, "deltagelser_type")

areas = metrics.attendances_by_area(events)
widgets.chart_row((charts.online_split(split, lang), split, "online", t("events.online")),
                  (charts.bars(areas, "area", "events", lang, title=t("chart.events")), areas, "arrangementer_omraade",
                   t("events.areas")))

st.subheader(t("events.table"))
widgets.tab_table(events.sort_values("date", ascending=False), "events", snap, "arrangementer")
widgets.read_at_caption(snap)
