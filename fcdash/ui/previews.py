"""The report pages' previews: the parts the board report and the yearly report share, drawn in
their PDFs' order and words (fcdash.reports.layout and words), so a preview shows what its PDF
shows."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fcdash import schema
from fcdash.reports import layout, words
from fcdash.reports.board import Report
from fcdash.ui import widgets
from fcdash.ui.session import fmt_date, t


def followups(history: pd.DataFrame, lang: str) -> None:
    """The board's follow-ups: date, goal, each light (before → after) and the comment."""
    if history.empty:
        st.caption(t("report.no_followups"))
        return
    labels = schema.labels("followups", lang)
    widgets.text_table([[labels[k] for k in ("date", "goal", "result", "time", "comment")]] + [
        [fmt_date(r["date"]), r["goal"], words.changes(r["before_result"], r["result"], lang),
         words.changes(r["before_time"], r["time"], lang), r["comment"] if isinstance(r["comment"], str) else ""]
        for r in history.to_dict("records")])


def reach_members_voice(content: Report, lang: str, members_line: bool = True) -> None:
    """The reach of the loneliness initiatives, the members and events charts (with the members'
    sentence under them, unless the page says it with its figures) and the participants' voice,
    each only where the PDF has it."""
    if layout.shows_reach(content):
        st.markdown(f"**{t('report.reach')}**")
        st.caption(t("reach.note"))
        widgets.reach_table(content.reach, words.reach_labels(lang))
    widgets.report_charts(content.members if layout.shows_members(content) else None, content.member_target,
                          content.months if layout.shows_months(content) else None)
    if members_line and layout.shows_members(content):
        st.write(layout.members_line(content, lang))
    widgets.voice_preview(content.voice)
