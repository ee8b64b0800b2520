"""The board report: what it holds for a period (built from the same judged goals and metric
functions as the pages), and its Excel workbook; its PDF is drawn in ``board_pdf``, loaded only
when one is made. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fcdash import counting, goals, metrics, outcomes, schema
from fcdash.exports import excel_bytes
from fcdash.i18n import t
from fcdash.reports.periods import Period, comparison
from fcdash.reports.words import figure_heads, progress_text, proposed_text, reach_labels
from fcdash.snapshot import Snapshot, uncounted


@dataclass
class Report:
    centre: str
    start: dt.date
    end: dt.date
    made: dt.date
    as_of: dt.date  # the day the goals are judged on: the period's end, or today while it runs
    goals: pd.DataFrame  # goals.progress as of the end of the period, with each goal's windows in it named
    history: pd.DataFrame  # the board's follow-ups in the period, with the goal's lights before each
    figures: pd.DataFrame  # key figure, this period, the period before (None: before the first row), the change
    reach: pd.DataFrame  # loneliness initiatives: attendances by age band, share of the target
    membership: pd.DataFrame  # figure, value
    events: pd.DataFrame  # the period's events
    problems: int  # data problems that keep a cell or a row out of the figures
    period: Period | None = None
    shifted: pd.DataFrame | None = None  # goals whose proposed lights changed in the period
    months: pd.DataFrame | None = None  # events per month, the year to the period's end
    members: pd.DataFrame | None = None  # active members at each month's end, the year to the period's end
    member_target: int | None = None
    voice: pd.DataFrame | None = None
    notes: int = 0  # data problems whose rows are counted all the same (no ID, two spellings, ...)  # loneliness initiatives: the participants' answers (fcdash.outcomes.table)

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
    now = metrics.period_figures(snap, start, end)
    figures = key_figures(snap, period, now)
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
    judged["period_count"] = [period_count(by_goal[row["id"]], row, snap, period, as_of)
                              if row["countable"] and row["id"] in by_goal else None
                              for row in judged.to_dict("records")]
    judged["judged_on"] = [as_of if as_of < today else None] * len(judged)
    judged["period_inside"] = [bool(spans) and windows_inside(spans, period) for spans in judged["in_period"]]
    shifted = _shifted(snap, judged, start) if changes else None
    year_back = metrics.months_back(end, 12)
    return Report(centre=centre, start=start, end=end, made=today, as_of=as_of, goals=judged,
                  history=_history(snap["followups"], start, as_of), figures=figures,
                  reach=reach.drop(columns="initiative").rename(columns={"name": "initiative"}),
                  membership=membership, events=table.reset_index(drop=True), problems=uncounted(snap.problems), notes=len(snap.problems) - uncounted(snap.problems),
                  period=period, shifted=shifted, months=metrics.per_month(snap["events"], year_back, end),
                  members=metrics.members_over_time(snap["members"].loc[snap["members"]["name"].notna()], year_back,
                                                    end, "M"),
                  member_target=target[0] if target else None,
                  voice=outcomes.table(snap["evaluations"], snap["events"], snap["initiatives"], ids, start, end))


def windows_inside(spans, period: Period) -> bool:
    """Whether a goal's windows in a period lie within its days (a quarter or year counted whole)."""
    return all(w.start >= pd.Timestamp(period.start) and w.end <= pd.Timestamp(period.whole_end) for w in spans)


def period_count(goal, row: dict, snap: Snapshot, period: Period, as_of: dt.date) -> tuple | None:
    """What a goal counted in a report's period, from one computation with its windows: where
    the windows in the period lie within its days (a year's windows in a year report), their
    values summed against their targets summed (a state: its last window's value and target; a
    limit: the window's own limit where there is one window, none over several), so the period
    and its windows never tell two figures. Where a window reaches beyond the period (a goal over
    several years, a year seen since a board meeting), the period's own count
    (``goals.counted_between``) with no target: the part of a window's target that falls in some
    days is no target (``words.progress_text`` names the whole window beside it). A share: the
    share of the period's answers against its target. (value, target or None, is a limit)"""
    kind = counting.COUNTS.get(row["count"]) if isinstance(row["count"], str) else None
    spans = row["in_period"]
    limit = getattr(row["target_spec"], "kind", None) == counting.MAX
    inside = bool(spans) and windows_inside(spans, period)
    if kind is not None and not kind.share and inside:
        if kind.date is None:
            return spans[-1].value, spans[-1].due if limit else spans[-1].need, limit
        needs = [w.due if limit else w.need for w in spans]
        total = None if any(n is None for n in needs) or limit and len(spans) > 1 else sum(needs)
        return sum(int(w.value) for w in spans), total, limit
    counted = goals.counted_between(goal, snap, period.start, as_of, as_of)
    if counted is None or (kind is not None and (kind.share or kind.date is None)):
        return counted
    return counted[0], None, counted[2]


# The tab each key figure counts, and the column whose earliest day is its first row.
FIRST_ROW = {"events": ("events", "date"), "participants": ("events", "date"), "young": ("events", "date"),
             "elderly": ("events", "date"), "activities": ("activities", "date"), "talks": ("activities", "date"),
             "joined": ("members", "joined"), "left": ("members", "joined"), "active_members": ("members", "joined")}


def first_day(snap: Snapshot, figure: str) -> dt.date | None:
    """The day a key figure's data begins: the earliest dated row of the tab it counts (members:
    the earliest join; a member without a join date counts as joined long ago, so the data has no
    beginning: ``date.min``). None: the tab holds no row to count at all."""
    tab, column = FIRST_ROW[figure]
    frame = snap[tab]
    if tab == "members":
        frame = frame.loc[frame["name"].notna()]
        if frame[column].isna().any():
            return dt.date.min
    days = frame[column].dropna()
    return days.min().date() if len(days) else None


def key_figures(snap: Snapshot, period: Period, now: dict | None = None) -> pd.DataFrame:
    """The key figures of ``period`` against the days it is compared with (``periods.comparison``):
    figure, value, previous and change. Before a figure's first row there is no data: a value of
    days that end before it is None ('ingen data', also for the period itself where the tab holds
    nothing yet), and so is the change, never a change from 0."""
    now = now if now is not None else metrics.period_figures(snap, period.start, period.end)
    before_days = comparison(period)
    before = metrics.period_figures(snap, before_days.start, before_days.end)
    firsts = {k: first_day(snap, k) for k in now}
    def known(figure: str, days: Period, value):  # None ('ingen data') where the days end before the first row
        return value if firsts[figure] is not None and firsts[figure] <= days.end else None

    values = [known(k, period, now[k]) for k in now]
    previous = [known(k, before_days, before[k]) for k in now]
    return pd.DataFrame({"figure": list(now), "value": pd.Series(values, dtype=object),
                         "previous": pd.Series(previous, dtype=object),
                         "change": pd.Series([None if v is None or p is None else v - p for v, p in zip(values, previous)],
                                             dtype=object)})


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
            windows=[progress_text(row, lang) for row in report.goals.to_dict("records")],
            proposed_result=[proposed_text(row, lang) if row["status"] != goals.SCORED else row["proposed_result"]
                             for row in report.goals.to_dict("records")])[list(goal_cols)].rename(
            columns={k: t(v, lang) for k, v in goal_cols.items()}),
        t("report.sheet.history", lang): report.history.rename(columns={
            **schema.labels("followups", lang), "before_result": t("report.col.before_result", lang),
            "before_time": t("report.col.before_time", lang)}),
        t("report.sheet.figures", lang): report.figures.assign(
            figure=[t(f"report.figure.{f}", lang) for f in report.figures["figure"]]).rename(columns=dict(zip(
                ("figure", "value", "previous", "change"),
                (t("report.col.figure", lang), *figure_heads(report.period, lang), t("report.col.change", lang))))),
        t("report.sheet.reach", lang): report.reach.rename(columns=reach_labels(lang)),
        t("outcomes.sheet", lang): outcomes.as_numbers(report.voice, lang),
        t("report.sheet.membership", lang): report.membership.assign(
            figure=[t(f"report.member.{f}", lang) for f in report.membership["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("col.value", lang)}),
        t("report.sheet.events", lang): report.events.rename(columns=schema.labels("events", lang)),
    }
    return excel_bytes(sheets)
