"""Goals and traffic lights: the board's colours, the proposed colours, progress and the
documentation of each goal, grouped by strategic area."""

import pandas as pd
import streamlit as st

from fcdash import goals, metrics, schema, tables
from fcdash.ui import data, session, widgets

SHOWN_ROWS = 100  # a goal's newest events or activities; the rest are a click away

snap = data.snapshot()
today = session.today()
lang, t, fmt, fmt_date = session.lang(), session.t, session.fmt_number, session.fmt_date

st.title(t("goals.title"))
st.write(t("goals.intro"))
st.caption(t("goals.rule"))

table = goals.progress(snap, today)
if table.empty:
    st.info(t("goals.none"))
    st.stop()

areas = list(dict.fromkeys(table["area"].fillna("–")))
chosen = st.multiselect(t("goals.filter_area"), areas, key="goals_areas", placeholder=t("common.all"))
goal_rows = {g.id: g for g in snap["goals"].itertuples(index=False) if isinstance(g.id, str)}


def documentation(goal, row) -> None:
    for key in ("activities", "documentation"):
        if isinstance(getattr(goal, key), str):
            st.markdown(f"**{schema.tab('goals').column(key).label(lang)}:** {widgets.escape(getattr(goal, key))}")
    if row["countable"]:
        window = goals.period_of(goal, today)
        if row["per"] != schema.PER_PERIOD:
            st.markdown(f"**{t('goals.by_window')}**")
            per = goals.by_window(goal, snap, today)
            st.markdown(widgets.markdown_table([t(f"col.{c}") for c in per.columns], [
                [fmt_date(start), fmt_date(end), fmt(value), fmt(target)]
                for start, end, value, target in per.itertuples(index=False)]))
        if row["count"] != schema.COUNT_MEMBERS:
            counted = metrics.between(goals.matching(goal, snap), window.start, window.end)
            tab = "activities" if row["count"] == schema.COUNT_ACTIVITIES else "events"
            st.markdown(f"**{t(f'goals.{tab}', count=len(counted))}**")
            if counted.empty:
                st.caption(t("goals.nothing"))
            else:
                if len(counted) > SHOWN_ROWS:
                    st.caption(t("goals.newest", shown=SHOWN_ROWS))
                newest = counted.sort_values("date", ascending=False).head(SHOWN_ROWS)
                st.dataframe(tables.readable(newest, tab, snap, lang), hide_index=True,
                             column_config={c: st.column_config.DateColumn(format="DD.MM.YYYY")
                                            for c in tables.date_labels(tab, lang)})
    past = goals.history(goal.id, snap["followups"])
    st.markdown(f"**{t('goals.history', count=len(past))}**")
    if not past.empty:
        history = tables.readable(past, "followups", snap, lang).drop(columns=schema.tab("followups").column("goal").label(lang))
        st.markdown(widgets.markdown_frame(history))


for area in areas:
    if chosen and area not in chosen:
        continue
    st.subheader(area)
    for row in table.loc[table["area"].fillna("–") == area].to_dict("records"):
        goal = goal_rows.get(row["id"])
        with st.container(border=True, key=f"goal_{row['id']}"):
            st.markdown(f"**{widgets.escape(row['id'])}** {widgets.escape(row['goal'])}")
            board, proposed, how_far = st.columns([1, 1, 2])
            with board:
                date = row["board_date"]
                st.caption(t("goals.board_at", date=fmt_date(date)) if pd.notna(date) else t("goals.board"))
                if pd.isna(date):
                    st.caption(t("goals.no_board"))
                else:
                    widgets.light(t("goals.result"), row["board_result"])
                    widgets.light(t("goals.time"), row["board_time"])
            with proposed:
                st.caption(t("goals.proposed"))
                if row["countable"]:
                    widgets.light(t("goals.result"), row["proposed_result"])
                    widgets.light(t("goals.time"), row["proposed_time"])
                else:
                    st.caption(t("goals.by_hand"))
            with how_far:
                if row["countable"]:
                    value, target = int(row["value"]), int(row["target"])
                    st.progress(min(value / target, 1.0) if target else 1.0,
                                text=t("goals.progress", value=fmt(value), target=row["target_text"],
                                       per=t(f"goals.per.{schema.PER_KEYS[row['per']]}"), expected=fmt(row["expected"])))
                    st.caption(t("goals.window", start=fmt_date(row["window_start"]), end=fmt_date(row["window_end"]))
                               + (" · " + t("goals.behind", date=fmt_date(row["behind_since"]))
                                  if pd.notna(row["behind_since"]) else ""))
                if isinstance(row["board_comment"], str):
                    st.caption(f"“{row['board_comment']}”")
                if isinstance(row["owner"], str):
                    st.caption(t("goals.owner", owner=row["owner"]))
            if goal is not None:
                with st.expander(t("goals.details")):
                    documentation(goal, row)
widgets.read_at_caption(snap)
