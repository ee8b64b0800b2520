"""The yearly report ("Årsrapport") for the funders (FRIG) and the municipality: a calendar year's
strategy and how it went. Each goal's lights at every board meeting of the year and the proposed
ones at the year's end, what was counted in each window, the year's key figures against the year
before, the reach of each loneliness initiative by age band, membership from the year's start to
its end, and the board's comments; as a PDF built from the board report's parts and as an Excel
workbook with one sheet per part; the PDF is drawn in ``yearly_pdf``. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from fcdash import counting, goals, metrics, outcomes, schema
from fcdash.exports import excel_bytes
from fcdash.i18n import fmt_date, t
from fcdash.reports import board
from fcdash.reports.periods import comparison, year_period
from fcdash.reports.words import colour_text, figures_text, proposed_text, reach_labels
from fcdash.snapshot import Snapshot


@dataclass
class Yearly:
    year: int
    base: board.Report  # the board report's content for the year (goals judged at its end, reach, charts)
    meetings: list[dt.date]  # the board's meetings in the year: the dates of its follow-ups
    lights: pd.DataFrame  # goal × meeting: the board's lights as they stood after the meeting, set there or before
    windows: pd.DataFrame  # goal × window of the year: what was counted, against what, and its colour
    figures: pd.DataFrame  # figure, value (the year), previous (the year before, or its same days), change
    membership: pd.DataFrame  # figure (start, joined, left, end, target), value

    @property
    def complete(self) -> bool:
        """Whether the year is over on the day the report is made."""
        return self.base.end == dt.date(self.year, 12, 31)


def last_year(today: dt.date) -> int:
    return today.year - 1


def subtitle(content: "Yearly", lang: str = "da") -> str:
    """The line under the yearly report's title, in the PDF and the Word file alike."""
    base = content.base
    key = "yearly.subtitle" if content.meetings else "yearly.subtitle_no_meeting"  # never 'op på 0 møder'
    return t(key, lang, start=fmt_date(base.start, lang), end=fmt_date(base.end, lang),
             made=fmt_date(base.made, lang), count=len(content.meetings))


def file_name(year: int, ext: str) -> str:
    return f"aarsrapport_{year}.{ext}"


def board_meetings(followups: pd.DataFrame, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days the board met from ``start`` to ``end``: the dates of its follow-ups."""
    dates = metrics.between(followups.loc[followups["goal"].notna()], start, end)["date"].dropna()
    return sorted({d.date() for d in dates})


def _lights(snap: Snapshot, ids: list[str], meetings: list[dt.date]) -> pd.DataFrame:
    rows = []
    for meeting in meetings:
        latest = metrics.latest_followups(snap["followups"], meeting)
        for goal in ids:
            if goal not in latest.index:
                rows.append({"goal": goal, "meeting": pd.Timestamp(meeting), "result": None, "time": None,
                             "set": False, "comment": None})
                continue
            row = latest.loc[goal]
            here = row["date"] == pd.Timestamp(meeting)
            rows.append({"goal": goal, "meeting": pd.Timestamp(meeting), "result": row["result"], "time": row["time"],
                         "set": bool(here), "comment": row["comment"] if here else None})
    return pd.DataFrame(rows, columns=["goal", "meeting", "result", "time", "set", "comment"])


def _windows(judged: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for goal in judged.to_dict("records"):
        if not goal["countable"]:
            continue
        for w in goal["in_period"]:
            # its own whole target (a cap: its limit), never what was due by a day of it; that apart
            limit = getattr(goal["target_spec"], "kind", None) == counting.MAX
            target = w.due if limit or goals.is_share(goal["count"]) else getattr(w, "need", None)
            due_now = w.due if getattr(w, "in_progress", False) and target is not None and w.due is not None \
                and w.due < target else None
            rows.append({"goal": goal["id"], "per": goal["per"], "start": w.start, "end": w.end, "value": w.value,
                         "due": target, "due_now": due_now, "closed": w.closed, "colour": w.colour})
    return pd.DataFrame(rows, columns=["goal", "per", "start", "end", "value", "due", "due_now", "closed", "colour"])


def build(snap: Snapshot, year: int, *, today: dt.date, centre: str) -> Yearly:
    """Everything the yearly report shows for the calendar ``year`` (up to today while it runs)."""
    period = year_period(year, today)
    base = board.build(snap, period.start, period.end, today=today, centre=centre, period=period,
                        changes=False)  # the yearly report shows the lights at every meeting instead
    now = metrics.period_figures(snap, period.start, period.end)
    figures = base.figures  # against the year before (its same days while this one runs)
    members = snap["members"]
    target = metrics.membership_target(snap["goals"])
    membership = pd.DataFrame({
        "figure": ["start", "joined", "left", "end", "target"],
        "value": [len(metrics.active_members(members, period.start - dt.timedelta(days=1))), now["joined"],
                  now["left"], now["active_members"], target[0] if target else None]})
    ids = [i for i in base.goals["id"] if isinstance(i, str)]
    meetings = board_meetings(snap["followups"], period.start, period.end)
    return Yearly(year=year, base=base, meetings=meetings, lights=_lights(snap, ids, meetings),
                  windows=_windows(base.goals), figures=figures, membership=membership)


# --- tables as people read them (the page's preview and the workbook) ---------------------------------

def figure_heads(content: Yearly, lang: str = "da") -> tuple[str, str]:
    """The key figures' two columns: the year ('2026 til i dag' while it runs) and what it is
    compared with ('2025', or its same days '1.1.–7.12.2025')."""
    period, before = content.base.period, comparison(content.base.period)
    year = t("yearly.col.year", lang, year=content.year) if not period.running else \
        t("words.year_so_far", lang, year=content.year)
    return year, str(before.start.year) if before.kind == "year" else before.caption(lang)


def figures_table(content: Yearly, lang: str = "da") -> pd.DataFrame:
    """Key figure, the year, the year before, the change, as text formatted as in the PDF (no
    data before the first row: 'ingen data', change '–'), labelled in ``lang``."""
    return figures_text(content.figures, lang, figure_heads(content, lang))


def figures_numbers(content: Yearly, lang: str = "da") -> pd.DataFrame:
    """The key figures for the workbook: numbers, an empty cell where there is no data."""
    year, before = figure_heads(content, lang)
    return content.figures.assign(figure=[t(f"report.figure.{f}", lang) for f in content.figures["figure"]]).rename(
        columns={"figure": t("report.col.figure", lang), "value": year, "previous": before,
                 "change": t("report.col.change", lang)})


def membership_table(content: Yearly, lang: str = "da") -> pd.DataFrame:
    """Members at the year's start, joined, left, at its end, and the target: labelled in ``lang``."""
    return content.membership.assign(
        figure=[t(f"yearly.member.{f}", lang) for f in content.membership["figure"]]).rename(columns={
            "figure": t("report.col.figure", lang), "value": t("col.value", lang)})


def pdf(content: Yearly, lang: str = "da", logo: Path | None = None, text: str | None = None) -> bytes:
    """The yearly report as an A4 PDF (see ``yearly_pdf.render``), opening with the written part:
    ``text`` as the leader edited it, else the draft (``draft.text``)."""
    from fcdash.reports import yearly_pdf  # fpdf2 and matplotlib only when a PDF is made

    return yearly_pdf.render(content, lang, logo, text)


def docx(content: Yearly, lang: str = "da", text: str | None = None, logo: Path | None = None) -> bytes:
    """The whole yearly report as an editable Word document (see ``word.render``)."""
    from fcdash.reports import word  # python-docx only when a Word file is made

    return word.render(content, lang, text, logo)


# --- Excel ----------------------------------------------------------------------------------------

def excel(content: Yearly, lang: str = "da") -> bytes:
    """The same parts as an Excel workbook, one sheet each: real dates and numbers, targets as
    numbers where they were typed as one."""
    base = content.base
    colour = lambda c: colour_text(c, lang) if isinstance(c, str) else None  # noqa: E731
    yes_no = {True: t("yearly.yes", lang), False: t("yearly.no", lang)}
    names = dict(zip(base.goals["id"], base.goals["goal"]))
    goal_rows = base.goals.loc[base.goals["id"].map(lambda i: isinstance(i, str))]
    counted = [r["period_count"] if isinstance(r["period_count"], tuple) else (None, None, False)
               for r in goal_rows.to_dict("records")]
    sheets = {
        t("report.sheet.figures", lang): figures_numbers(content, lang),
        t("yearly.sheet.lights", lang): content.lights.assign(
            name=content.lights["goal"].map(names), result=content.lights["result"].map(colour),
            time=content.lights["time"].map(colour), set=content.lights["set"].map(yes_no))[
            ["meeting", "goal", "name", "result", "time", "set", "comment"]].rename(columns={
                "meeting": t("yearly.col.meeting", lang), "goal": t("report.col.id", lang),
                "name": t("report.col.goal", lang), "result": t("report.col.result", lang),
                "time": t("report.col.time", lang), "set": t("yearly.col.set", lang),
                "comment": t("report.col.comment", lang)}),
        t("report.sheet.goals", lang): pd.DataFrame({
            t("report.col.id", lang): goal_rows["id"], t("goals.filter_area", lang): goal_rows["area"],
            t("report.col.goal", lang): goal_rows["goal"],
            t("report.col.target", lang): goal_rows["target_value"],
            t("yearly.col.board_result", lang): goal_rows["board_result"].map(colour),
            t("yearly.col.board_time", lang): goal_rows["board_time"].map(colour),
            t("report.col.proposed_result", lang): [proposed_text(r, lang) if r["status"] != goals.SCORED
                                                     else colour(r["proposed_result"]) for r in goal_rows.to_dict("records")],
            t("report.col.proposed_time", lang): [colour(r["proposed_time"]) if r["status"] == goals.SCORED else None
                                                   for r in goal_rows.to_dict("records")],
            t("yearly.col.year_count", lang): [c[0] for c in counted],
            t("yearly.col.year_due", lang): [c[1] for c in counted]}),
        t("yearly.sheet.windows", lang): content.windows.assign(
            name=content.windows["goal"].map(names),
            window=[goals.window_name(w, w.per, lang) for w in content.windows.itertuples(index=False)],
            closed=content.windows["closed"].map(yes_no), colour=content.windows["colour"].map(colour))[
            ["goal", "name", "window", "start", "end", "value", "due", "due_now", "closed", "colour"]].rename(columns={
                "goal": t("report.col.id", lang), "name": t("report.col.goal", lang),
                "window": t("yearly.col.window", lang), "start": t("yearly.col.start", lang),
                "end": t("yearly.col.end", lang), "value": t("yearly.col.counted", lang),
                "due": t("yearly.col.due", lang), "due_now": t("words.col.due_now", lang, date=fmt_date(base.as_of, lang)),
                "closed": t("yearly.col.closed", lang),
                "colour": t("report.col.result", lang)}),
        t("report.sheet.reach", lang): base.reach.rename(columns=reach_labels(lang)),
        t("outcomes.sheet", lang): outcomes.as_numbers(base.voice, lang),
        t("report.sheet.membership", lang): membership_table(content, lang),
        t("yearly.sheet.comments", lang): base.history.assign(**{
            k: base.history[k].map(colour) for k in ("before_result", "before_time", "result", "time")}).rename(columns={
            **schema.labels("followups", lang), "before_result": t("report.col.before_result", lang),
            "before_time": t("report.col.before_time", lang)}),
    }
    return excel_bytes(sheets)
