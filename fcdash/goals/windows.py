"""A goal's period and the windows of its rhythm: which have begun by a day, and which fall in
a report's period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from fcdash import counting


@dataclass(frozen=True)
class Window:
    start: pd.Timestamp
    end: pd.Timestamp


def period_of(goal, today: dt.date) -> Window:
    """The goal's period; a goal without dates runs over today's calendar year."""
    start = goal.start if pd.notna(goal.start) else pd.Timestamp(today.year, 1, 1)
    end = goal.end if pd.notna(goal.end) else pd.Timestamp(today.year, 12, 31)
    return Window(pd.Timestamp(start), pd.Timestamp(max(start, end)))


def rhythm_of(goal) -> counting.Rhythm:
    return counting.RHYTHMS.get(goal.per, counting.RHYTHMS[counting.PER_PERIOD])


def windows(goal, today: dt.date) -> list[Window]:
    """Every window of the goal's period, by its rhythm."""
    period = period_of(goal, today)
    return [Window(a, b) for a, b in counting.window_edges(period.start, period.end, rhythm_of(goal))]


def begun(goal, today: dt.date, since: pd.Timestamp | None = None) -> list[Window]:
    """The goal's windows that have begun by ``today``, from ``since`` on (a group that began
    inside a window: that window from its first day; a group that begins after ``today``: none)."""
    now, out = pd.Timestamp(today), []
    if since is not None and since > now:
        return out
    for window in windows(goal, today):
        if window.start > now:
            break
        if since is not None and window.end < since:
            continue
        out.append(Window(since, window.end) if since is not None and window.start < since else window)
    return out


def in_period(windows_, start: dt.date, end: dt.date) -> list:
    """The windows that overlap a period (a report's)."""
    return [w for w in windows_ if w.start <= pd.Timestamp(end) and w.end >= pd.Timestamp(start)]
