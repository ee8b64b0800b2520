"""Data quality: every cell of the spreadsheet the dashboard could not read, by tab."""

import streamlit as st

from fcdash import schema, ui

snap = ui.snapshot()
st.title(ui.t("problems.title"))
st.write(ui.t("problems.intro"))

problems = snap.problems_frame(ui.lang())
if problems.empty:
    st.success(ui.t("problems.none"), icon=":material/check_circle:")
for tab in schema.TABS:
    rows = problems.loc[problems["tab"] == tab.key, ["cell", "column", "value", "message"]]
    if rows.empty:
        continue
    st.subheader(ui.t("problems.tab_count", tab=ui.t(f"tab.{tab.key}"), count=len(rows)))
    # A plain table: readable by screen readers, in print, and by the browser's own search.
    st.table(rows.rename(columns={c: ui.t(f"problems.col.{c}") for c in rows.columns}).set_index(ui.t("problems.col.cell")))
ui.read_at_caption(snap)
