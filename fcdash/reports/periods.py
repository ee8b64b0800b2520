"""A report's days and what they mean to the board: since its last meeting, a quarter, a year, or
any dates; and the days each is compared with. No Streamlit, no PDF here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fcdash.i18n import MONTHS, fmt_date, t
from fcdash.snapshot import Snapshot


@dataclass(frozen=True)
class Period:
    """A report's days and what they mean to the board: since a meeting, a quarter, a year, or
    any dates."""

    start: dt.date
    end: dt.date
    kind: str = "custom"  # since, quarter, year, custom, or before (the days another period is compared with)
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
        if self.kind == "before":
            return span_text(self.start, self.end, lang)
        return t("report.caption.custom", lang, start=fmt_date(self.start, lang), end=fmt_date(self.end, lang))

    @property
    def whole_end(self) -> dt.date:
        """The last day of the quarter or year the period is (its end while it runs: today); any
        other period's own end."""
        if self.kind == "year":
            return dt.date(self.start.year, 12, 31)
        if self.kind == "quarter":
            return (pd.Period(self.start, "Q").end_time).date()
        return self.end

    @property
    def running(self) -> bool:
        """Whether a quarter or year is cut at today: it has not ended yet."""
        return self.end < self.whole_end


def _same_day(day: dt.date, year: int) -> dt.date:
    """``day`` in ``year`` (29 February as the 28th in a year without one)."""
    return day.replace(year=year) if not (day.month == 2 and day.day == 29) else dt.date(year, 2, 28)


def so_far(period: Period) -> bool:
    """A report since the board's last meeting where the board has not met yet: the year so far."""
    return period.kind == "since" and period.meeting is None


def comparison(period: Period) -> Period:
    """The days a period is compared with: before a year, the year before, and before a year still
    running, the same days of the year before (1.1.–7.12.2025 for 2026 up to 7 December); before a
    quarter, the quarter before (its first as many days while the quarter runs); before any other
    period (since the board's meeting, or chosen dates), as many days just before it; since a
    meeting that has not been held, the report is the year so far, compared as a year. Its caption
    says which days, in words."""
    if so_far(period):  # no meeting yet: the year so far, against the same days of the year before
        year = period.start.year - 1
        return Period(dt.date(year, 1, 1), _same_day(period.end, year), "before")
    if period.kind == "year":
        year = period.start.year - 1
        return Period(dt.date(year, 1, 1), _same_day(period.end, year) if period.running else dt.date(year, 12, 31),
                      "year" if not period.running else "before")
    if period.kind == "quarter":
        before = pd.Period(period.start, "Q") - 1
        first, last = before.start_time.date(), before.end_time.date()
        if not period.running:
            return Period(first, last, "quarter")
        return Period(first, min(first + (period.end - period.start), last), "before")
    length = (period.end - period.start).days + 1
    return Period(period.start - dt.timedelta(days=length), period.start - dt.timedelta(days=1), "before")


def span_text(start: dt.date, end: dt.date, lang: str = "da") -> str:
    """Days in short words: '1.1.–7.12.2025' (Danish), '1 Jan–7 Dec 2025' (English); the year
    written once where both days are in it."""
    if lang == "en":
        first = f"{start.day} {MONTHS['en'][start.month - 1]}"
        last = f"{end.day} {MONTHS['en'][end.month - 1]} {end.year}"
        return f"{first}{'' if start.year == end.year else f' {start.year}'}–{last}"
    first = f"{start.day}.{start.month}.{'' if start.year == end.year else start.year}"
    return f"{first}–{end.day}.{end.month}.{end.year}"



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

