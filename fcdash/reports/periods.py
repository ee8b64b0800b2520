"""A report's days and what they mean to the board: since its last meeting, a quarter, a year, or
any dates; and the days each is compared with. No Streamlit, no PDF here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fcdash.i18n import fmt_date, t
from fcdash.snapshot import Snapshot


@dataclass(frozen=True)
class Period:
    """A report's days and what they mean to the board: since a meeting, a quarter, a year, or
    any dates."""

    start: dt.date
    end: dt.date
    kind: str = "custom"  # since, quarter, year or custom
    meeting: dt.date | None = None  # since: the board meeting the period follows

    def caption(self, lang: str = "da") -> str:
        """'Siden bestyrelsesmødet 27.10.2026', '4. kvartal 2026', 'Året 2026' or the dates."""
        if self.kind == "since":
            if self.meeting is None:
                return t("report.caption.no_meeting", lang, year=self.start.year)
            return t("report.caption.since", lang, date=fmt_date(self.meeting, lang))
        if self.kind == "quarter":
            return t("report.caption.quarter", lang, quarter=(self.start.month - 1) // 3 + 1, year=self.start.year)
        if self.kind == "year":
            return t("report.caption.year", lang, year=self.start.year)
        return t("report.caption.custom", lang, start=fmt_date(self.start, lang), end=fmt_date(self.end, lang))



def last_board_meeting(snap: Snapshot, today: dt.date) -> dt.date | None:
    """The board's last meeting before today: the latest follow-up date before ``today``. The
    board's meetings are known only by the dates of its follow-ups; when it met today, today's
    follow-ups belong to the period since the meeting before, and a date after today (a typo)
    is no meeting yet."""
    dates = snap["followups"]["date"].dropna()
    dates = dates.loc[dates < pd.Timestamp(today)]
    return dates.max().date() if len(dates) else None


def since_last_meeting(snap: Snapshot, today: dt.date) -> Period:
    """From the day after the last board meeting up to today; without one, this year so far."""
    last = last_board_meeting(snap, today)
    start = last + dt.timedelta(days=1) if last else dt.date(today.year, 1, 1)
    return Period(start, today, "since", last)


def default_period(snap: Snapshot, today: dt.date) -> tuple[dt.date, dt.date]:
    """The report's default days: since the last board meeting, up to today."""
    period = since_last_meeting(snap, today)
    return period.start, period.end


def quarter_period(quarter: pd.Period, today: dt.date) -> Period:
    """A calendar quarter, up to today while it runs."""
    return Period(quarter.start_time.date(), min(quarter.end_time.date(), today), "quarter")


def year_period(year: int, today: dt.date) -> Period:
    """A calendar year, up to today while it runs."""
    return Period(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today), "year")

