"""Data quality: every cell of the spreadsheet the dashboard could not read, by tab."""

import streamlit as st

from fcdash import i18n, schema
from fcdash.ui import data, session, widgets

snap = data.snapshot()
lang, t = session.lang(), session.t
st.title(t("problems.title"))
st.write(t("problems.intro"))
widgets.locale_warning(snap)

if not snap.problems:
    st.success(t("problems.none"), icon=":material/check_circle:")
store = data.store()
for tab in schema.TABS:
    rows = [p for p in snap.problems if p.tab == tab.key]
    if not rows:
        continue
    st.subheader(t("problems.tab_count", tab=tab.label(lang), count=len(rows)))
    # A plain table with links to the cells: readable by screen readers, in print, and by the
    # browser's own search.
    table = [[widgets.link(p.cell, store.cell_url(tab.key, p.cell)), widgets.escape(p.column), widgets.escape(p.value),
              widgets.escape(i18n.problem_message(p, lang))] for p in rows]
    st.markdown(widgets.markdown_table([t(f"problems.col.{c}") for c in ("cell", "column", "value", "message")], table))
widgets.read_at_caption(snap)
