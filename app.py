"""fcdash: the entry point. Page config, the sidebar every page shares, and the navigation;
the pages are in app_pages/ (not pages/: that name would switch a fresh Streamlit server to its
legacy multipage mode until the first st.navigation call), everything else in fcdash/."""

import streamlit as st

from fcdash import evaluation
from fcdash.ui import session, survey, touch, widgets

t = session.t
if evaluation.QUERY in st.query_params:  # a participant's link: that one page, nothing else of the dashboard
    survey.language_from_link()
    st.set_page_config(page_title=t("evaluate.title"), page_icon=":material/volunteer_activism:", layout="centered",
                       initial_sidebar_state="collapsed")
    touch.inject(sidebar=False)
    st.navigation([st.Page("app_pages/evaluate.py", title=t("evaluate.title"), default=True)], position="hidden").run()
    st.stop()
st.set_page_config(page_title=session.identity().short_name, page_icon=":material/volunteer_activism:", layout="wide")
touch.inject()  # tap targets, the page's language and Danish names for Streamlit's own controls
widgets.sidebar()
st.navigation([
    st.Page("app_pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:", default=True),
    st.Page("app_pages/goals.py", title=t("nav.goals"), icon=":material/flag:"),
    st.Page("app_pages/reach.py", title=t("nav.reach"), icon=":material/diversity_3:"),
    st.Page("app_pages/members.py", title=t("nav.members"), icon=":material/groups:"),
    st.Page("app_pages/events.py", title=t("nav.events"), icon=":material/event:"),
    st.Page("app_pages/report.py", title=t("nav.report"), icon=":material/description:"),
    st.Page("app_pages/yearly.py", title=t("nav.yearly"), icon=":material/menu_book:"),
    st.Page("app_pages/entry.py", title=t("nav.entry"), icon=":material/edit_note:"),
    st.Page("app_pages/data.py", title=t("nav.data"), icon=":material/table_view:"),
    st.Page("app_pages/problems.py", title=t("nav.problems"), icon=":material/rule:"),
]).run()
