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
    # browser's own search. Two columns, so that it fits a phone: the cell with its column's name,
    # and the problem (with the value typed, where the message does not quote it).
    table = [[f"{widgets.link(p.cell, store.cell_url(tab.key, p.cell))} {widgets.escape(f'({p.column})')}",
              widgets.escape(message if str(p.value) in message else f"«{p.value}»: {message}")]
             for p in rows for message in [i18n.problem_message(p, lang)]]
    st.markdown(widgets.markdown_table([t(f"problems.col.{c}") for c in ("cell", "message")], table))
widgets.read_at_caption(snap)
