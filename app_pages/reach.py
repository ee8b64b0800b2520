"""Reach of the loneliness initiatives: attendances by age band, against targets, by area, and
the network of organisations behind them."""

import streamlit as st

from fcdash import charts, filters, i18n, metrics, outcomes, tables
from fcdash.reports import words
from fcdash.ui import data, session, viewfilters, widgets

snap = data.snapshot()
today = session.today()
lang, t, fmt = session.lang(), session.t, session.fmt_number

st.title(t("reach.title"))
f = viewfilters.bar(snap, today)
st.info(t("reach.note"), icon=":material/info:")

ids = list(f.initiatives) or metrics.loneliness_initiatives(snap["initiatives"])
if not ids:
    st.warning(t("reach.none"))
    st.stop()
events = filters.events(snap["events"], snap["members"], f)
mine = events.loc[metrics.of_any(events["initiatives"], ids)]
freq = st.segmented_control(t("freq.label"), ["M", "Q"], default="Q", required=True, key="reach_freq",
                            format_func=lambda k: i18n.t(f"freq.{k}", lang))

quarter = metrics.quarter_reach(snap["events"], snap["initiatives"], ids, today)
due = metrics.quarter_reach_due(snap["events"], snap["initiatives"], ids, today)
for row in quarter.to_dict("records"):
    st.markdown(f"**{widgets.escape(t('reach.quarter', name=row['name']))}**")
    young, old, total = st.columns(3)
    young.metric(t("reach.young"), fmt(row["young"]))
    old.metric(t("reach.elderly"), fmt(row["elderly"]))
    total.metric(t("reach.total"), fmt(row["attendances"]))
    sentences = [words.due_text(r, lang) for r in due.loc[due["initiative"] == row["initiative"]].to_dict("records")]
    for sentence in sentences or [t("reach.no_target")]:
        st.markdown(widgets.escape(sentence))

st.subheader(t("reach.by_band"))
by_band = metrics.attendances_by_band_over_time(mine, f.start, f.end, freq)
widgets.chart(charts.reach_by_band(by_band, lang), by_band, "deltagelser_aldersgrupper")

st.subheader(t("reach.cumulative"))
cumulative = metrics.cumulative_reach(mine, snap["initiatives"], ids, f.start, f.end, freq)
widgets.chart(charts.cumulative_reach(cumulative, lang), cumulative, "deltagelser_mod_maal")

orgs = metrics.organisations_over_time(mine, f.start, f.end, freq)
areas = metrics.attendances_by_area(mine)
widgets.chart_row((charts.organisations_over_time(orgs, lang), orgs, "organisationer", t("reach.organisations")),
                  (charts.bars(areas, "area", "attendances", lang, title=t("chart.participants")), areas,
                   "lokalomraader", t("reach.areas")))

st.subheader(t("reach.network"))
st.caption(t("reach.network_help"))
nodes, edges = metrics.network(mine, snap["members"])
widgets.chart(charts.network_map(nodes, edges, lang), nodes, "netvaerk_organisationer")
if len(nodes) > charts.NETWORK_MAX_NODES:
    st.caption(t("reach.network_top", shown=charts.NETWORK_MAX_NODES, total=fmt(len(nodes))))
names = dict(zip(nodes["org"], nodes["name"]))
pairs = edges.head(10).assign(source=lambda e: e["source"].map(names), target=lambda e: e["target"].map(names))
st.markdown(f"**{t('reach.pairs')}**")
if pairs.empty:  # an empty st.table says "empty", in English
    st.caption(t("reach.no_pairs"))
else:
    st.table(tables.as_text(pairs, lang).rename(columns={"source": t("col.source"), "target": t("col.partner"),
                                                         "weight": t("col.weight")}).set_index(t("col.source")))

# The participants' voice: what the answers to the period's evaluations say (never a comment).
st.subheader(t("outcomes.title"))
st.caption(t("outcomes.intro"))
voiced = ids + ([i for i in outcomes.with_answers(snap["evaluations"], events, f.start, f.end) if i not in ids]
                if not f.initiatives else [])
voice = outcomes.table(snap["evaluations"], events, snap["initiatives"], voiced, f.start, f.end)
if not voice["answers"].sum():
    st.info(t("outcomes.none"), icon=":material/forum:")
for ident in voiced:
    rows = voice.loc[voice["initiative"] == ident]
    whole = rows.iloc[0]
    if not whole["answers"] and ident not in ids:
        continue
    st.markdown(f"**{widgets.escape(whole['name'])}**")
    st.markdown(widgets.escape(t("outcomes.summary", answers=fmt(whole["answers"]), attendances=fmt(whole["attendances"]),
                                 rate=outcomes.percent(whole["response_rate"], lang))))
    if not whole["answers"]:
        continue
    satisfied, met, severe = st.columns(3)
    satisfied.metric(t("outcomes.col.satisfaction"), i18n.fmt_number(whole["satisfaction"], lang, 1))
    met.metric(t("outcomes.col.met_share"), outcomes.percent(whole["met_share"], lang))
    severe.metric(t("outcomes.col.severe_share"), outcomes.percent(whole["severe_share"], lang))
    if outcomes.any_hidden(rows):
        st.caption(t("outcomes.hidden", min=outcomes.MIN_ANSWERS))
    widgets.voice_table(rows)
    answered = outcomes.answers(snap["evaluations"], events, [ident], f.start, f.end)
    if answered["score"].notna().any():
        spread = outcomes.distribution(answered)
        if spread.empty:
            st.caption(t("outcomes.no_scores", min=outcomes.MIN_ANSWERS))
        else:
            st.markdown(f"**{t('outcomes.distribution')}**")
            widgets.plot(charts.loneliness_distribution(spread, lang), f"chart_voice_spread_{ident}")
            widgets.downloads(outcomes.distribution_numbers(spread, lang), f"ensomhed_fordeling_{ident}")
            course = outcomes.trend(answered, f.start, f.end)
            st.markdown(f"**{t('outcomes.trend')}**")
            widgets.plot(charts.loneliness_trend(course, lang), f"chart_voice_trend_{ident}")
            if outcomes.any_hidden(course):
                st.caption(t("outcomes.trend_hidden", min=outcomes.MIN_ANSWERS))
            widgets.downloads(outcomes.trend_numbers(course, lang), f"ensomhed_udvikling_{ident}")
widgets.read_at_caption(snap)
