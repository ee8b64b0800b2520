"""The membership: active member organisations over time against the target, joins and leaves,
and its diversity by type, target group and local area."""

import streamlit as st

from fcdash import charts, filters, metrics
from fcdash.ui import data, session, viewfilters, widgets

snap = data.snapshot()
today = session.today()
lang, t, fmt = session.lang(), session.t, session.fmt_number

st.title(t("members.title"))
f = viewfilters.bar(snap, today)
members = filters.members(snap["members"], f)
at = min(f.end, today)
target = metrics.membership_target(snap["goals"])
now, joined, left = st.columns(3)
now.metric(t("members.now"), fmt(len(metrics.active_members(members, at))),
           delta=t("members.of_target", target=target[0], date=session.fmt_date(target[1])) if target else None,
           delta_color="off")
flow = metrics.joins_and_leaves(members, f.start, f.end)
joined.metric(t("members.joined"), fmt(flow["joined"].sum()))
left.metric(t("members.left"), fmt(flow["left"].sum()))

st.subheader(t("members.over_time"))
series = metrics.members_over_time(members, f.start, at)
widgets.chart(charts.members_over_time(series, target, lang), series, "aktive_medlemmer")

st.subheader(t("members.flow"))
widgets.chart(charts.joins_and_leaves(flow, lang), flow, "ind_og_udmeldelser")

splits = {by: metrics.members_by(members, at, by) for by in ("type", "target_groups", "area")}
FILES = {"type": "medlemmer_type", "target_groups": "medlemmer_maalgrupper", "area": "medlemmer_lokalomraader"}
widgets.chart_row(*((charts.bars(split, by, "members", lang, title=t("chart.members")), split, FILES[by],
                     t(f"members.by_{by}")) for by, split in splits.items()))

st.subheader(t("members.table"))
widgets.tab_table(members.sort_values("name"), "members", snap, "medlemmer")
widgets.read_at_caption(snap)
