"""The board report: what it holds for a period (built from the same judged goals and metric
functions as the pages), and its Excel workbook; its PDF is drawn in ``board_pdf``, loaded only
when one is made. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fcdash import goals, metrics, outcomes, schema
from fcdash.exports import excel_bytes
from fcdash.i18n import t
from fcdash.reports.periods import Period
from fcdash.reports.words import proposed_text, reach_labels, windows_text
from fcdash.snapshot import Snapshot


@dataclass
class Report:
    centre: str
    start: dt.date
    end: dt.date
    made: dt.date
    as_of: dt.date  # the day the goals are judged on: the period's end, or today while it runs
    goals: pd.DataFrame  # goals.progress as of the end of the period, with each goal's windows in it named
    history: pd.DataFrame  # the board's follow-ups in the period, with the goal's lights before each
    figures: pd.DataFrame  # key figure, this period, the previous period
    reach: pd.DataFrame  # loneliness initiatives: attendances by age band, share of the target
    membership: pd.DataFrame  # figure, value
    events: pd.DataFrame  # the period's events
    problems: int
    period: Period | None = None
    shifted: pd.DataFrame | None = None  # goals whose proposed lights changed in the period
    months: pd.DataFrame | None = None  # events per month, the year to the period's end
    members: pd.DataFrame | None = None  # active members at each month's end, the year to the period's end
    member_target: int | None = None
    voice: pd.DataFrame | None = None  # loneliness initiatives: the participants' answers (fcdash.outcomes.table)

    def __post_init__(self):
        if self.period is None:
            self.period = Period(self.start, self.end)



def _history(followups: pd.DataFrame, start: dt.date, as_of: dt.date) -> pd.DataFrame:
    """The follow-ups from ``start`` to ``as_of``, each with the goal's lights before it."""
    rows = followups.loc[followups["goal"].notna() & followups["date"].notna()].sort_values(["date", "_row"], kind="stable")
    rows = rows.assign(before_result=rows.groupby("goal")["result"].shift(1),
                       before_time=rows.groupby("goal")["time"].shift(1))
    inside = rows.loc[(rows["date"] >= pd.Timestamp(start)) & (rows["date"] <= pd.Timestamp(as_of))]
    return inside.sort_values(["date", "goal"])[["date", "goal", "before_result", "before_time", "result", "time",
                                                 "comment"]].reset_index(drop=True)


def build(snap: Snapshot, start: dt.date, end: dt.date, *, today: dt.date, centre: str,
          period: Period | None = None, changes: bool = True) -> Report:
    """Everything the report shows, for the period from ``start`` to ``end``; ``changes``: also
    which proposed lights changed in the period (the goals judged a second time, as the day before)."""
    period = period or Period(start, end)
    length = (end - start).days + 1
    previous = (start - dt.timedelta(days=length), start - dt.timedelta(days=1))
    now, before = metrics.period_figures(snap, start, end), metrics.period_figures(snap, *previous)
    figures = pd.DataFrame({"figure": list(now), "value": list(now.values()),
                            "previous": [before[k] for k in now]})
    ids = metrics.loneliness_initiatives(snap["initiatives"])
    reach = metrics.reach_by_initiative(snap["events"], snap["initiatives"], ids, start, end)
    events = metrics.between(snap["events"], start, end)
    target = metrics.membership_target(snap["goals"])
    membership = pd.DataFrame({"figure": ["active_members", "target", "joined", "left"],
                               "value": [now["active_members"], target[0] if target else None, now["joined"], now["left"]]})
    names = metrics.names(snap["initiatives"])
    table = events.assign(initiatives=events["initiatives"].map(
        lambda ids: ", ".join(names.get(i, i) for i in ids) if isinstance(ids, tuple) else None))[
        ["date", "title", "type", "initiatives", "area", "participants"]].sort_values("date")
    as_of = min(end, today)
    judged = goals.progress(snap, as_of)
    judged["in_period"] = [goals.in_period(w, start, end) for w in judged["windows"]]
    by_goal = {g.id: g for g in snap["goals"].itertuples(index=False) if isinstance(g.id, str)}
    # the target as a spreadsheet holds it: a number where it was typed as one
    judged["target_value"] = judged["target_spec"].map(goals.target_cell)
    judged["period_count"] = [goals.counted_between(by_goal[i], snap, start, as_of, as_of)
                              if countable and i in by_goal else None
                              for i, countable in zip(judged["id"], judged["countable"])]
    shifted = _shifted(snap, judged, start) if changes else None
    year_back = metrics.months_back(end, 12)
    return Report(centre=centre, start=start, end=end, made=today, as_of=as_of, goals=judged,
                  history=_history(snap["followups"], start, as_of), figures=figures,
                  reach=reach.drop(columns="initiative").rename(columns={"name": "initiative"}),
                  membership=membership, events=table.reset_index(drop=True), problems=len(snap.problems),
                  period=period, shifted=shifted, months=metrics.per_month(snap["events"], year_back, end),
                  members=metrics.members_over_time(snap["members"].loc[snap["members"]["name"].notna()], year_back,
                                                    end, "M"),
                  member_target=target[0] if target else None,
                  voice=outcomes.table(snap["evaluations"], snap["events"], snap["initiatives"], ids, start, end))


def _shifted(snap: Snapshot, judged: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """The goals whose proposed lights at the period's end differ from the day before it."""
    earlier = goals.progress(snap, start - dt.timedelta(days=1)).set_index("id")[["proposed_result", "proposed_time"]]
    shifted = judged.loc[judged["status"] == goals.SCORED, ["id", "proposed_result", "proposed_time"]].merge(
        earlier.add_suffix("_before"), left_on="id", right_index=True, how="left")
    return shifted.loc[(shifted["proposed_result"] != shifted["proposed_result_before"])
                       | (shifted["proposed_time"] != shifted["proposed_time_before"])].reset_index(drop=True)


def pdf(report: Report, lang: str = "da", logo: Path | None = None, events: bool = False) -> bytes:
    """The report as an A4 PDF for the board's papers (see ``board_pdf.render``)."""
    from fcdash.reports import board_pdf  # fpdf2 and matplotlib only when a PDF is made

    return board_pdf.render(report, lang, logo, events)


# --- Excel ----------------------------------------------------------------------------------------

def excel(report: Report, lang: str = "da") -> bytes:
    """The same tables as an Excel workbook: one sheet each, real dates and numbers, bold
    headers, filters, frozen header rows."""
    goal_cols = {"id": "report.col.id", "area": "goals.filter_area", "goal": "report.col.goal", "board_result": "report.col.result",
                 "board_time": "report.col.time", "board_date": "report.col.board_date", "board_comment": "report.col.comment",
                 "proposed_result": "report.col.proposed_result", "proposed_time": "report.col.proposed_time",
                 "target_value": "report.col.target", "windows": "report.col.progress"}
    sheets = {
        t("report.sheet.goals", lang): report.goals.assign(
            windows=[windows_text(row, lang, report.as_of) for row in report.goals.to_dict("records")],
            proposed_result=[proposed_text(row, lang) if row["status"] != goals.SCORED else row["proposed_result"]
                             for row in report.goals.to_dict("records")])[list(goal_cols)].rename(
            columns={k: t(v, lang) for k, v in goal_cols.items()}),
        t("report.sheet.history", lang): report.history.rename(columns={
            **schema.labels("followups", lang), "before_result": t("report.col.before_result", lang),
            "before_time": t("report.col.before_time", lang)}),
        t("report.sheet.figures", lang): report.figures.assign(
            figure=[t(f"report.figure.{f}", lang) for f in report.figures["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("report.col.period", lang),
                "previous": t("report.col.previous", lang)}),
        t("report.sheet.reach", lang): report.reach.rename(columns=reach_labels(lang)),
        t("outcomes.sheet", lang): outcomes.as_numbers(report.voice, lang),
        t("report.sheet.membership", lang): report.membership.assign(
            figure=[t(f"report.member.{f}", lang) for f in report.membership["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("col.value", lang)}),
        t("report.sheet.events", lang): report.events.rename(columns=schema.labels("events", lang)),
    }
    return excel_bytes(sheets)
