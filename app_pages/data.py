"""The spreadsheet's tabs as tables: every column the schema knows, newest rows first, and the
whole tab as a download."""

import streamlit as st

from fcdash import schema
from fcdash.ui import data, session, widgets

snap = data.snapshot()
lang, t = session.lang(), session.t

st.title(t("data.title"))
st.caption(t("data.intro"))
tab = st.selectbox(t("data.tab"), [tab.key for tab in data.tabs_shown()], key="data_tab",
                   format_func=lambda key: schema.tab(key).label(lang))
frame = snap[tab]
if "date" in frame:
    frame = frame.sort_values("date", ascending=False, kind="stable")
widgets.tab_table(frame, tab, snap, schema.tab(tab).title.lower())
widgets.read_at_caption(snap)
