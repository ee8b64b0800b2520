"""The membership: active member organisations over time against the target, joins and leaves,
and its diversity by type, target group and local area."""

import streamlit as st

from fcdash import charts, filters, metrics, schema, ui

snap = ui.snapshot()
today = ui.today()
lang, t = ui.lang(), ui.t
f = ui.filters(snap, today)
members = filters.members(snap["members"], f)
at = min(f.end, today)

st.title(t("members.title"))
target = metrics.membership_target(snap["goals"])
now, joined, left = st.columns(3)
now.metric(t("members.now"), ui.fmt_number(len(metrics.active_members(members, at))),
           delta=t("members.of_target", target=target[0], date=ui.fmt_date(target[1])) if target else None,
           delta_color="off")
flow = metrics.joins_and_leaves(members, f.start, f.end)
joined.metric(t("members.joined"), ui.fmt_number(flow["joined"].sum()))
left.metric(t("members.left"), ui.fmt_number(flow["left"].sum()))

st.subheader(t("members.over_time"))
series = metrics.members_over_time(members, f.start, at)
ui.chart(charts.members_over_time(series, target, lang), series, "aktive_medlemmer")

st.subheader(t("members.flow"))
ui.chart(charts.joins_and_leaves(flow, lang), flow, "ind_og_udmeldelser")

for (key, by), column in zip([("members.by_type", "type"), ("members.by_group", "target_groups"),
                              ("members.by_area", "area")], st.columns(3)):
    with column:
        st.subheader(t(key))
        split = metrics.members_by(members, at, by)
        ui.chart(charts.bars(split, by, "members", lang, title=t("chart.members")), split, f"medlemmer_{by}")

st.subheader(t("members.table"))
shown = [c.key for c in schema.MEMBERS.columns if c.key not in ("id", "note")]
if not ui.is_editor():
    shown = [c for c in shown if c not in schema.personal_columns("members")]
    st.caption(t("members.personal_hidden"))
table = ui.export_frame(members[shown].sort_values("name"))
st.dataframe(table.rename(columns={c: t(f"col.{c}") for c in shown}), hide_index=True, width="stretch",
             column_config={t("col.joined"): st.column_config.DateColumn(format="DD.MM.YYYY"),
                            t("col.left"): st.column_config.DateColumn(format="DD.MM.YYYY")})
ui.read_at_caption(snap)
