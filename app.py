"""fcdash: the entry point. Page config and navigation; everything else is in pages/ and fcdash/."""

import streamlit as st

from fcdash import ui

st.set_page_config(page_title=ui.identity().short_name, page_icon=":material/volunteer_activism:", layout="wide")
ui.sidebar()
st.navigation([
    st.Page("pages/overview.py", title=ui.t("nav.overview"), icon=":material/dashboard:", default=True),
    st.Page("pages/goals.py", title=ui.t("nav.goals"), icon=":material/flag:"),
    st.Page("pages/reach.py", title=ui.t("nav.reach"), icon=":material/diversity_3:"),
    st.Page("pages/members.py", title=ui.t("nav.members"), icon=":material/groups:"),
    st.Page("pages/events.py", title=ui.t("nav.events"), icon=":material/event:"),
    st.Page("pages/report.py", title=ui.t("nav.report"), icon=":material/description:"),
    st.Page("pages/entry.py", title=ui.t("nav.entry"), icon=":material/edit_note:"),
    st.Page("pages/problems.py", title=ui.t("nav.problems"), icon=":material/rule:"),
]).run()
