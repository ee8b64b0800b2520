"""Data quality: every cell of the spreadsheet the dashboard could not read, by tab."""

import streamlit as st

from fcdash import schema, ui

snap = ui.snapshot()
st.title(ui.t("problems.title"))
st.write(ui.t("problems.intro"))

problems = snap.problems_frame(ui.lang())
if problems.empty:
    st.success(ui.t("problems.none"), icon=":material/check_circle:")
store = ui.store()
for tab in schema.TABS:
    rows = problems.loc[problems["tab"] == tab.key, ["cell", "column", "value", "message"]]
    if rows.empty:
        continue
    st.subheader(ui.t("problems.tab_count", tab=ui.t(f"tab.{tab.key}"), count=len(rows)))
    # A plain table with links to the cells: readable by screen readers, in print, and by the
    # browser's own search.
    table = [[ui.link(cell, store.cell_url(tab.key, cell)), ui.escape(column), ui.escape(value), ui.escape(message)]
             for cell, column, value, message in rows.itertuples(index=False)]
    st.markdown(ui.markdown_table([ui.t(f"problems.col.{c}") for c in rows.columns], table))
ui.read_at_caption(snap)
