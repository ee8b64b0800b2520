"""The yearly report for the funders (FRIG) and the municipality: choose the year, edit its written
part (an editor), preview what the PDF shows, download the PDF, the Excel workbook and the Word file."""

import streamlit as st

from fcdash.reports import draft, layout, words, yearly
from fcdash.ui import data, mailing, previews, session, signin, widgets

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
# ``written`` is the written part's text area below: the file is made on the click, after this run.
left.download_button(t("yearly.download_pdf"), lambda: yearly.pdf(annual, lang, centre.logo, written), type="primary",
                     width="stretch", file_name=yearly.file_name(year, "pdf"), mime="application/pdf",
                     key="yearly_pdf", icon=":material/picture_as_pdf:", on_click="ignore")
right.download_button(t("yearly.download_excel"), lambda: yearly.excel(annual, lang), width="stretch",
                      file_name=yearly.file_name(year, "xlsx"), key="yearly_xlsx",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      icon=":material/table_view:", on_click="ignore")

# The written part: drafted from the data for the year (and language), edited by a signed-in editor
# and kept in the session while she visits other pages; first in the PDF and the Word file.
drafted = draft.text(annual, lang)
written_key = f"yearly_text_{year}_{lang}"
kept_key = f"_kept_{written_key}"
st.subheader(t("word.text_title"))
if signin.is_editor():
    st.caption(t("word.text_help"))
    if written_key not in st.session_state:
        st.session_state[written_key] = st.session_state.get(kept_key, drafted)
    written = st.text_area(t("word.text_label", year=year), key=written_key, height=480)
    st.session_state[kept_key] = written
    again, word_place = st.columns(2)
    again.button(t("word.redraft"), key="yearly_redraft", icon=":material/restart_alt:", width="stretch",
                 on_click=lambda: st.session_state.update({written_key: drafted, kept_key: drafted}))
else:
    written, word_place = drafted, st
    st.caption(t("word.viewer_note"))
    st.text_area(t("word.text_label", year=year), drafted, height=480, disabled=True, key=f"yearly_view_{year}_{lang}")
word_place.download_button(t("word.download"), lambda: yearly.docx(annual, lang, written, centre.logo), width="stretch",
                           file_name=yearly.file_name(year, "docx"), key="yearly_docx",
                           mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                           icon=":material/description:", on_click="ignore")
mailing.offer(annual, text=written)
# The preview: what the PDF shows, in its order and its words (fcdash.reports.layout), goals first.
st.subheader(t("report.preview"))
base = annual.base
st.markdown(f"**{widgets.escape(centre.centre_name)}** · {t('yearly.title', year=year)}")
for said in words.problems_text(base, lang):
    st.warning(said)
if not annual.complete:
    st.info(t("yearly.running", date=fmt_date(base.end)))
st.markdown(f"**{t('yearly.lights')}**")
if base.goals.empty:
    st.caption(t("goals.none"))
else:
    st.caption(t("layout.lights_preview", date=fmt_date(base.as_of)))
    widgets.lights_preview(layout.lights_rows(annual, lang), layout.lights_headers(annual, lang),
                           lambda colour: words.light_word(colour, lang), t("report.col.goal"))
st.markdown(f"**{t('yearly.windows')}**")
windows = layout.windows_rows(annual, lang)
if len(windows) == 1:
    st.caption(t("yearly.no_windows"))
else:
    widgets.text_table(windows)
st.markdown(f"**{t('yearly.figures', year=year, previous=year - 1)}**")
if words.has_figures(annual.figures):
    st.table(yearly.figures_table(annual, lang).set_index(t("report.col.figure")))  # as the PDF writes them
    st.caption(words.compared_text(annual.base.period, lang))
else:
    st.caption(t("words.no_figures"))
if layout.year_members_line(annual, lang):
    st.write(layout.year_members_line(annual, lang))
previews.reach_members_voice(base, lang, members_line=False)
st.markdown(f"**{t('yearly.comments', year=year)}**")
previews.followups(base.history, lang)
widgets.read_at_caption(snap)
