"""Goals and traffic lights: the board's colours, the proposed colours, progress and the
documentation of each goal, grouped by strategic area."""

import pandas as pd
import streamlit as st

from fcdash import charts, goals, metrics, ui

SHOWN_ROWS = 100  # a goal's newest events or activities; the rest are a click away

snap = ui.snapshot()
today = ui.today()
t = ui.t

st.title(t("goals.title"))
st.write(t("goals.intro"))
st.caption(t("goals.rule"))

table = goals.progress(snap, today)
if table.empty:
    st.info(t("goals.none"))
    st.stop()

areas = list(dict.fromkeys(table["area"].fillna("–")))
chosen = st.multiselect(t("goals.filter_area"), areas, key="goals_areas", placeholder=t("common.all"))
members = metrics.by_id(snap["members"])["name"].dropna().to_dict()
goal_rows = {g.id: g for g in snap["goals"].itertuples(index=False) if isinstance(g.id, str)}


def documentation(goal, row) -> None:
    if isinstance(goal.activities, str):
        st.markdown(f"**{t('goals.planned')}:** {goal.activities}")
    if isinstance(goal.documentation, str):
        st.markdown(f"**{t('goals.documentation')}:** {goal.documentation}")
    if row["countable"]:
        window = goals.period_of(goal, today)
        if row["per"] != "Periode":
            st.markdown(f"**{t('goals.by_window')}**")
            per = goals.by_window(goal, snap, today)
            st.markdown(ui.markdown_table([t(f"col.{c}") for c in per.columns], [
                [ui.fmt_date(start), ui.fmt_date(end), ui.fmt_number(value), ui.fmt_number(target)]
                for start, end, value, target in per.itertuples(index=False)]))
        if row["count"] != "Aktive medlemmer":
            counted = metrics.between(goals.matching(goal, snap), window.start, window.end)
            if row["count"] == "Aktiviteter":
                st.markdown(f"**{t('goals.activities', count=len(counted))}**")
                shown = counted.assign(organisation=counted["organisation"].map(members))
                shown = shown[["date", "type", "count", "organisation"]].sort_values("date", ascending=False)
            else:
                st.markdown(f"**{t('goals.events', count=len(counted))}**")
                shown = counted[["date", "title", "type", "participants"]].sort_values("date", ascending=False)
            if shown.empty:
                st.caption(t("goals.nothing"))
            else:
                if len(shown) > SHOWN_ROWS:
                    shown = shown.head(SHOWN_ROWS)
                    st.caption(t("goals.newest", shown=SHOWN_ROWS))
                st.dataframe(shown.rename(columns={c: t(f"col.{c}") for c in shown.columns}), hide_index=True,
                             column_config={t("col.date"): st.column_config.DateColumn(format="DD.MM.YYYY")})
    past = goals.history(goal.id, snap["followups"])
    st.markdown(f"**{t('goals.history', count=len(past))}**")
    if not past.empty:
        shown = past[["date", "result", "time", "comment", "author"]]
        st.markdown(ui.markdown_table([t(f"col.{c}") for c in shown.columns], [
            [ui.fmt_date(date), *(ui.escape(charts.colour_label(c, ui.lang()) if isinstance(c, str) else "–")
                                  for c in (result, time)), ui.escape(comment), ui.escape(author)]
            for date, result, time, comment, author in shown.itertuples(index=False)]))


for area in areas:
    if chosen and area not in chosen:
        continue
    st.subheader(area)
    for row in table.loc[table["area"].fillna("–") == area].to_dict("records"):
        goal = goal_rows.get(row["id"])
        with st.container(border=True, key=f"goal_{row['id']}"):
            st.markdown(f"**{row['id'] or ''}** {row['goal']}")
            board, proposed, how_far = st.columns([1, 1, 2])
            with board:
                date = row["board_date"]
                st.caption(t("goals.board_at", date=ui.fmt_date(date)) if pd.notna(date) else t("goals.board"))
                if pd.isna(date):
                    st.caption(t("goals.no_board"))
                else:
                    ui.light(t("goals.result"), row["board_result"])
                    ui.light(t("goals.time"), row["board_time"])
            with proposed:
                st.caption(t("goals.proposed"))
                if row["countable"]:
                    ui.light(t("goals.result"), row["proposed_result"])
                    ui.light(t("goals.time"), row["proposed_time"])
                else:
                    st.caption(t("goals.by_hand"))
            with how_far:
                if row["countable"]:
                    per = {"År": "year", "Kvartal": "quarter"}.get(row["per"], "period")
                    value, target = int(row["value"]), int(row["target"])
                    st.progress(min(value / target, 1.0) if target else 1.0,
                                text=t("goals.progress", value=ui.fmt_number(value), target=row["target_text"],
                                       per=t(f"goals.per.{per}"), expected=ui.fmt_number(row["expected"])))
                    st.caption(t("goals.window", start=ui.fmt_date(row["window_start"]), end=ui.fmt_date(row["window_end"]))
                               + (" · " + t("goals.behind", date=ui.fmt_date(row["behind_since"]))
                                  if pd.notna(row["behind_since"]) else ""))
                if isinstance(row["board_comment"], str):
                    st.caption(f"“{row['board_comment']}”")
                if isinstance(row["owner"], str):
                    st.caption(t("goals.owner", owner=row["owner"]))
            if goal is not None:
                with st.expander(t("goals.details")):
                    documentation(goal, row)
ui.read_at_caption(snap)
