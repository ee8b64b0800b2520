"""What the centre did: events over time, participants by type, online versus in person,
local areas, and a searchable table."""

import streamlit as st

from fcdash import charts, filters, metrics, ui

snap = ui.snapshot()
today = ui.today()
lang, t = ui.lang(), ui.t
f = ui.filters(snap, today)
events = filters.events(snap["events"], snap["members"], f)

st.title(t("events.title"))
count, people, online = st.columns(3)
count.metric(t("events.count"), ui.fmt_number(len(events)))
people.metric(t("events.participants"), ui.fmt_number(events["participants"].sum()))
split = metrics.online_split(events)
online.metric(t("events.online_share"), f"{ui.fmt_number(100 * split['events'].iloc[1] / max(len(events), 1), 0)} %")

st.subheader(t("events.timeline"))
timeline = events[["date", "title", "type", "participants"]].sort_values("date")
ui.chart(charts.events_timeline(timeline, lang), timeline, "tidslinje")

st.subheader(t("events.by_type"))
by_type = metrics.participants_by_type(events, f.start, f.end)
ui.chart(charts.participants_by_type(by_type, lang), by_type, "deltagelser_type")

left, right = st.columns(2)
with left:
    st.subheader(t("events.online"))
    ui.chart(charts.online_split(split, lang), split, "online")
with right:
    st.subheader(t("events.areas"))
    areas = metrics.attendances_by_area(events)
    ui.chart(charts.bars(areas, "area", "events", lang, title=t("chart.events")), areas, "arrangementer_omraade")

st.subheader(t("events.table"))
search = st.text_input(t("events.search"), key="events_search")
names = dict(zip(snap["members"]["id"], snap["members"]["name"]))
initiatives = dict(zip(snap["initiatives"]["id"], snap["initiatives"]["name"]))
table = events.assign(initiative=events["initiative"].map(initiatives),
                      organisations=events["organisations"].map(
                          lambda ids: tuple(names.get(i, i) for i in ids) if isinstance(ids, tuple) else None))
if search:
    hit = (table["title"].str.contains(search, case=False, regex=False, na=False)
           | table["note"].str.contains(search, case=False, regex=False, na=False))
    table = table.loc[hit]
columns = ["date", "title", "type", "initiative", "area", "online", "participants", "young", "adults", "elderly",
           "organisations", "note"]
st.dataframe(ui.export_frame(table[columns].sort_values("date", ascending=False)).rename(
    columns={c: t(f"col.{c}") for c in columns}), hide_index=True, width="stretch",
    column_config={t("col.date"): st.column_config.DateColumn(format="DD.MM.YYYY")})
ui.read_at_caption(snap)
