"""The board report: choose the period, preview, download the PDF and the Excel workbook. The
yearly report for the funders has its own page (yearly.py)."""

import datetime as dt

import pandas as pd
import streamlit as st

from fcdash import schema
from fcdash.reports import board, layout, periods, words
from fcdash.ui import data, mailing, previews, session, widgets

snap = data.snapshot()
today = session.today()
lang, t, fmt_date = session.lang(), session.t, session.fmt_date

st.title(t("report.page_title"))
since = periods.since_last_meeting(snap, today)
kinds = {"since": t("report.kind.since_date", date=fmt_date(since.meeting)) if since.meeting else t("report.kind.since"),
         **{k: t(f"report.kind.{k}") for k in ("quarter", "year", "custom")}}
kind = st.segmented_control(t("report.period_kind"), list(kinds), default="since", required=True, key="report_kind",
                            format_func=kinds.get)
if kind == "since":
    period = since
    st.caption(t("report.since", date=fmt_date(since.meeting)) if since.meeting else t("report.no_meeting"))
elif kind == "quarter":
    quarters = list(pd.period_range(end=pd.Timestamp(today), periods=8, freq="Q"))[::-1]
    quarter = st.selectbox(t("report.quarter"), quarters, key="report_quarter",
                           format_func=lambda q: periods.quarter_period(q, today).caption(lang))
    period = periods.quarter_period(quarter, today)
elif kind == "year":
    years = list(range(today.year, today.year - 5, -1))
    year = st.selectbox(t("report.year"), years, key="report_year")
    period = periods.year_period(year, today)
else:
    chosen = st.date_input(t("report.dates"), value=(dt.date(today.year, 1, 1), today), key="report_dates",
                           format="DD.MM.YYYY")
    period = periods.Period(*(tuple(chosen) + (chosen[0],))[:2]) if chosen else periods.Period(today, today)
start, end = period.start, period.end
centre = session.config()
appendix = st.checkbox(t("report.appendix"), value=False, key="report_appendix")

content = board.build(snap, start, end, today=today, centre=centre.centre_name, period=period)
left, right = st.columns(2)
left.download_button(t("report.download_pdf"), lambda: board.pdf(content, lang, centre.logo, events=appendix), type="primary", width="stretch",
                     file_name=f"bestyrelsesrapport_{start.isoformat()}_{end.isoformat()}.pdf",
                     mime="application/pdf", key="report_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
right.download_button(t("report.download_excel"), lambda: board.excel(content, lang), width="stretch",
                      file_name=f"bestyrelsesrapport_{start.isoformat()}_{end.isoformat()}.xlsx", key="report_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/table_view:", on_click="ignore")
mailing.offer(content, events=appendix)

# The preview: what the PDF shows, in its order and its words (fcdash.reports.layout), goals first.
st.subheader(t("report.preview"))
st.markdown(f"**{widgets.escape(content.centre)}** · {period.caption(lang)} · "
            f"{t('report.subtitle', start=fmt_date(start), end=fmt_date(end), made=fmt_date(today))}")
for said in words.problems_text(content, lang):
    st.warning(said)
st.markdown(f"**{t('report.goals_at', date=fmt_date(content.as_of))}**")
if content.goals.empty:
    st.caption(t("goals.none"))
else:
    st.caption(t("report.goals_help"))
    widgets.goals_preview(layout.goal_rows(content, lang), layout.goal_headers(lang))

st.markdown(f"**{t('report.changes', caption=period.caption(lang))}**")
previews.followups(content.history, lang)
if content.shifted is not None and not content.shifted.empty:
    st.markdown(f"**{t('report.shifted')}** " + widgets.escape("; ".join(
        f"{r['id']}: {words.changes(r['proposed_result_before'], r['proposed_result'], lang, from_none=True)} / "
        f"{words.changes(r['proposed_time_before'], r['proposed_time'], lang, from_none=True)}" for r in content.shifted.to_dict("records"))))

st.markdown(f"**{t('report.figures')}**")
if words.has_figures(content.figures):
    st.table(words.figures_text(content.figures, lang, words.figure_heads(content.period, lang))
             .set_index(t("report.col.figure")))  # as the PDF writes them
    st.caption(words.compared_text(content.period, lang))
else:
    st.caption(t("words.no_figures"))
previews.reach_members_voice(content, lang)
if appendix:  # the PDF's appendix
    st.markdown(f"**{t('report.events', count=len(content.events))}**")
    widgets.dataframe(content.events.rename(columns=schema.labels("events", lang)), "events", "rapport_arrangementer")
widgets.read_at_caption(snap)
