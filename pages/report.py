"""The board report: choose the period, preview, download the PDF and the Excel workbook."""

import datetime as dt

import pandas as pd
import streamlit as st

from fcdash import report, ui

snap = ui.snapshot()
today = ui.today()
lang, t = ui.lang(), ui.t

st.title(t("report.page_title"))
kind = st.segmented_control(t("report.period_kind"), ["since", "quarter", "year", "custom"], default="since",
                            required=True, key="report_kind", format_func=lambda k: t(f"report.kind.{k}"))
if kind == "since":
    start, end = report.default_period(snap, today)
    last = report.last_board_meeting(snap)
    st.caption(t("report.since", date=ui.fmt_date(last)) if last else t("report.no_meeting"))
elif kind == "quarter":
    quarters = list(pd.period_range(end=pd.Timestamp(today), periods=8, freq="Q"))[::-1]
    quarter = st.selectbox(t("report.quarter"), quarters, key="report_quarter",
                           format_func=lambda q: f"{'K' if lang == 'da' else 'Q'}{q.quarter} {q.year}")
    start, end = quarter.start_time.date(), min(quarter.end_time.date(), today)
elif kind == "year":
    year = st.selectbox(t("report.year"), list(range(today.year, today.year - 5, -1)), key="report_year")
    start, end = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
else:
    chosen = st.date_input(t("report.dates"), value=(dt.date(today.year, 1, 1), today), key="report_dates",
                           format="DD.MM.YYYY")
    start, end = (tuple(chosen) + (chosen[0],))[:2] if chosen else (today, today)

centre = ui.config()
data = report.build(snap, start, end, today=today, centre=centre.centre_name)
left, right = st.columns(2)
left.download_button(t("report.download_pdf"), lambda: report.pdf(data, lang, centre.logo), type="primary", width="stretch",
                     file_name=f"bestyrelsesrapport_{start.isoformat()}_{end.isoformat()}.pdf",
                     mime="application/pdf", key="report_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
right.download_button(t("report.download_excel"), lambda: report.excel(data, lang), width="stretch",
                      file_name=f"bestyrelsesrapport_{start.isoformat()}_{end.isoformat()}.xlsx", key="report_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/table_view:", on_click="ignore")

st.subheader(t("report.preview"))
st.markdown(f"**{data.centre}** · {t('report.subtitle', start=ui.fmt_date(start), end=ui.fmt_date(end), made=ui.fmt_date(today))}")
if data.problems:
    st.warning(t("report.problems", count=data.problems))
st.markdown(f"**{t('report.figures')}**")
figures = data.figures.assign(figure=[t(f"report.figure.{f}") for f in data.figures["figure"]],
                              change=data.figures["value"] - data.figures["previous"])
st.table(figures.rename(columns={"figure": t("report.col.figure"), "value": t("report.col.period"),
                                 "previous": t("report.col.previous"), "change": t("report.col.change")})
         .set_index(t("report.col.figure")))
st.markdown(f"**{t('report.reach')}**")
st.table(data.reach.rename(columns={"initiative": t("col.initiative"), "young": t("col.young"), "adults": t("col.adults"),
                                    "elderly": t("col.elderly"), "attendances": t("col.attendances"),
                                    "target": t("report.col.target_share"), "organisations": t("col.organisations")})
         .set_index(t("col.initiative")))
st.markdown(f"**{t('report.events', count=len(data.events))}**")
st.dataframe(data.events.rename(columns={c: t(f"col.{c}") for c in data.events.columns}), hide_index=True,
             width="stretch", column_config={t("col.date"): st.column_config.DateColumn(format="DD.MM.YYYY")})
ui.read_at_caption(snap)
