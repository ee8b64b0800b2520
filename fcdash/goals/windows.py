"""A goal's period and the windows of its rhythm: which have begun by a day, and which fall in
a report's period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fcdash import counting


GRACE_SHARE, GRACE_DAYS = 0.125, 7  # a rhythm kept: a meeting a week (or an eighth of a window) late still keeps it


@dataclass(frozen=True)
class Window:
    start: pd.Timestamp
    end: pd.Timestamp
    due: pd.Timestamp | None = None  # the day its target is due: a deadline inside it, else its last day
    share: float = 1.0  # the part of the rhythm's window it covers (a group that began or ended inside it)

    @property
    def due_on(self) -> pd.Timestamp:
        return self.due if self.due is not None else self.end


def period_of(goal, today: dt.date) -> Window:
    """The goal's period; a goal without dates runs over today's calendar year."""
    start = goal.start if pd.notna(goal.start) else pd.Timestamp(today.year, 1, 1)
    end = goal.end if pd.notna(goal.end) else pd.Timestamp(today.year, 12, 31)
    return Window(pd.Timestamp(start), pd.Timestamp(max(start, end)))


def rhythm_of(goal) -> counting.Rhythm:
    return counting.RHYTHMS.get(goal.per, counting.RHYTHMS[counting.PER_PERIOD])


def deadline_of(goal) -> counting.Deadline | None:
    """The deadline typed in the goal's Frist column (None: none, or one that cannot be read,
    which the parser reports and which keeps the goal from being judged)."""
    value = getattr(goal, "deadline", None)
    return counting.parse_deadline(value) if isinstance(value, str) and value.strip() else None


def grace_days(goal, window: Window) -> int:
    """How late a window's target may be met and still keep a rhythm (a month, every other month,
    a quarter, a half year): a week, or an eighth of the window where that is longer; a year or
    the whole period has none."""
    months = rhythm_of(goal).months
    if months is None or months >= 12:
        return 0
    length = ((window.end - window.start).days + 1) / window.share
    return max(GRACE_DAYS, int(round(length * GRACE_SHARE)))


def windows(goal, today: dt.date) -> list[Window]:
    """Every window of the goal's period, by its rhythm, each with the day its target is due."""
    period, deadline = period_of(goal, today), deadline_of(goal)
    return [Window(a, b, deadline.in_window(a, b) if deadline else None)
            for a, b in counting.window_edges(period.start, period.end, rhythm_of(goal))]


def begun(goal, today: dt.date, since: pd.Timestamp | None = None, until: pd.Timestamp | None = None) -> list[Window]:
    """The goal's windows that have begun by ``today``, cut to the days from ``since`` to
    ``until`` (a network or initiative that began or ended inside a window: the part of it that
    the group existed, with that share of its target)."""
    now, out = pd.Timestamp(today), []
    if since is not None and since > now:  # a group that begins after the day judged: no window yet
        return out
    for window in windows(goal, today):
        start, end = max(window.start, since) if since is not None else window.start, \
            min(window.end, until) if until is not None else window.end
        if window.start > now or start > now:
            break
        if start > end:
            continue
        share = ((end - start).days + 1) / ((window.end - window.start).days + 1)
        due = min(window.due_on, end) if window.due is not None else None
        out.append(Window(start, end, due if due is None or due >= start else end, share))
    return out


def in_period(windows_, start: dt.date, end: dt.date) -> list:
    """The windows that overlap a period (a report's)."""
    return [w for w in windows_ if w.start <= pd.Timestamp(end) and w.end >= pd.Timestamp(start)]
