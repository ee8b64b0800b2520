"""The yearly report for the funders (FRIG) and the municipality: choose the year, preview what the
PDF shows, download the PDF and the Excel workbook."""

import streamlit as st

from fcdash.reports import words, yearly
from fcdash.ui import data, session, widgets

snap = data.snapshot()
today = session.today()
lang, t, fmt_date = session.lang(), session.t, session.fmt_date
centre = session.config()

st.title(t("yearly.page_title"))
years = list(range(today.year, today.year - 5, -1))
year = st.selectbox(t("report.year"), years, index=years.index(yearly.last_year(today)), key="yearly_year")
annual = yearly.build(snap, year, today=today, centre=centre.centre_name)
st.caption(t("yearly.about", meetings=", ".join(fmt_date(m) for m in annual.meetings) or "–"))
left, right = st.columns(2)
left.download_button(t("yearly.download_pdf"), lambda: yearly.pdf(annual, lang, centre.logo), type="primary",
                     width="stretch", file_name=yearly.file_name(year, "pdf"), mime="application/pdf",
                     key="yearly_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
right.download_button(t("yearly.download_excel"), lambda: yearly.excel(annual, lang), width="stretch",
                      file_name=yearly.file_name(year, "xlsx"), key="yearly_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/table_view:", on_click="ignore")
st.subheader(t("report.preview"))
st.markdown(f"**{centre.centre_name}** · {t('yearly.title', year=year)}")
if annual.base.problems:
    st.warning(t("report.problems", count=annual.base.problems))
if not annual.complete:
    st.info(t("yearly.running", date=fmt_date(annual.base.end)))
st.markdown(f"**{t('yearly.figures', year=year, previous=year - 1)}**")
st.table(yearly.figures_table(annual, lang).set_index(t("report.col.figure")))
st.caption(words.compared_text(annual.base.period, lang))
st.markdown(f"**{t('report.membership')}**")
st.table(yearly.membership_table(annual, lang).set_index(t("report.col.figure")))
st.markdown(f"**{t('report.reach')}**")
widgets.reach_table(annual.base.reach, words.reach_labels(lang))
widgets.voice_preview(annual.base.voice)
widgets.read_at_caption(snap)
