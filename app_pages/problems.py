"""Data quality: every cell of the spreadsheet the dashboard could not read, by tab; a tab with
many problems first as a summary by column and kind, then a page of its cells at a time."""

import streamlit as st

from fcdash import i18n, schema, tables
from fcdash.ui import data, session, widgets

SHOWN_PROBLEMS = 50  # a tab's problems listed at a time; more are summarised and paged

snap = data.snapshot()
lang, t, fmt = session.lang(), session.t, session.fmt_number
st.title(t("problems.title"))
st.write(t("problems.intro"))
widgets.locale_warning(snap)

if not snap.problems:
    st.success(t("problems.none"), icon=":material/check_circle:")
store = data.store()


def described(p) -> str:
    message = i18n.problem_message(p, lang)
    return widgets.escape(message if str(p.value) in message else f"«{p.value}»: {message}")


def cell(p) -> str:
    return f"{widgets.link(p.cell, store.cell_url(p.tab, p.cell))} {widgets.escape(f'({p.column})')}"


shown = data.tabs_shown()
for tab in schema.TABS:
    rows = [p for p in snap.problems if p.tab == tab.key]
    if not rows:
        continue
    total = len(rows)
    st.subheader(t("problems.tab_count", tab=tab.label(lang), count=fmt(total)))
    if tab not in shown:  # one person's answers: their cells for editors only
        st.caption(t("problems.editors_only"))
        continue
    if total > SHOWN_PROBLEMS:  # a summary a person can read, then the cells a page at a time
        summary = tables.problem_summary(rows)
        st.markdown(widgets.markdown_table(
            [t(f"problems.col.{c}") for c in ("column", "count", "example")],
            [[widgets.escape(g["column"] or "–"), fmt(g["count"]), f"{cell(rows[g['first']])}: {described(rows[g['first']])}"]
             for g in summary.to_dict("records")]))
        rows = widgets.paged(rows, f"problems_page_{tab.key}", "problems.rows", SHOWN_PROBLEMS)
    # A plain table with links to the cells: readable by screen readers, in print, and by the
    # browser's own search. Two columns, so that it fits a phone: the cell with its column's name,
    # and the problem (with the value typed, where the message does not quote it).
    st.markdown(widgets.markdown_table([t(f"problems.col.{c}") for c in ("cell", "message")],
                                       [[cell(p), described(p)] for p in rows]))
widgets.read_at_caption(snap)
