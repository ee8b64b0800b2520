"""Goals: what counts toward each one, progress against target and the expected curve, and the
proposed traffic lights. Pure functions over the snapshot's frames; no Streamlit here.

The rule for the proposed colours (also in the README):

- Result: green when the value so far reaches the target (the low end of a range such as 2-4);
  yellow when it reaches at least half of it ("largely met": Slagelse scores one of at least two
  network meetings yellow); red otherwise.
- Time: the expected curve rises evenly over the goal's window (a year, a quarter, or the whole
  period) to the target, in whole units: a target of 1 a year expects nothing until the year's last
  day, 4 a year expects one more each quarter. Green when the value is at or above the curve
  today; otherwise the goal has been behind since the first day the curve passed its value:
  yellow while that is less than 3 months ago, red from 3 months.
- Active members: the curve runs from the count at the window's start to the target at its end.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from fcdash import schema
from fcdash.metrics import active_members, between, latest_followups

LARGELY_MET = 0.5  # share of the target that makes the result yellow
DELAY_MONTHS = 3  # behind the curve this long makes time red
SEVERITY = {schema.RED: 3, schema.YELLOW: 2, schema.GREEN: 0, schema.CHANGED: 0}


@dataclass(frozen=True)
class Window:
    start: pd.Timestamp
    end: pd.Timestamp


def period_of(goal, today: dt.date) -> Window:
    """The goal's period; a goal without dates runs over today's calendar year."""
    start = goal.start if pd.notna(goal.start) else pd.Timestamp(today.year, 1, 1)
    end = goal.end if pd.notna(goal.end) else pd.Timestamp(today.year, 12, 31)
    return Window(pd.Timestamp(start), pd.Timestamp(max(start, end)))


def windows(goal, today: dt.date) -> list[Window]:
    """The windows a target applies to: each calendar year or quarter of the period, or the period."""
    period = period_of(goal, today)
    per = goal.per if goal.per in schema.PER_KINDS else schema.PER_PERIOD
    if per == schema.PER_PERIOD:
        return [period]
    freq = "Y" if per == schema.PER_YEAR else "Q"
    spans = pd.period_range(period.start, period.end, freq=freq)
    return [Window(max(p.start_time, period.start), min(p.end_time.normalize(), period.end)) for p in spans]


def current_window(goal, today: dt.date) -> Window:
    """The window holding today; before the period its first, after it its last."""
    now = pd.Timestamp(today)
    spans = windows(goal, today)
    for window in spans:
        if window.start <= now <= window.end:
            return window
    return spans[0] if now < spans[0].start else spans[-1]


def _filtered(goal) -> bool:
    return any(pd.notna(v) for v in (goal.event_type, goal.activity_type, goal.initiative, goal.area_filter,
                                     goal.online_filter))


def matching_events(goal, events: pd.DataFrame) -> pd.DataFrame:
    """Events that count toward the goal: those matching all its filters (type, initiative,
    local area, online), or, for a goal without filters, those tagged with its id."""
    if not _filtered(goal):
        return events.loc[events["goals"].map(lambda ids: isinstance(ids, tuple) and goal.id in ids)]
    mask = pd.Series(True, index=events.index)
    if pd.notna(goal.event_type):
        mask &= events["type"] == goal.event_type
    if pd.notna(goal.initiative):
        mask &= events["initiative"] == goal.initiative
    if pd.notna(goal.area_filter):
        mask &= events["area"].str.casefold() == str(goal.area_filter).casefold()
    if pd.notna(goal.online_filter):
        mask &= events["online"].fillna(False) == bool(goal.online_filter)
    return events.loc[mask.fillna(False)]


def matching_activities(goal, activities: pd.DataFrame) -> pd.DataFrame:
    """Activity-log entries that count: of the goal's activity type (and initiative), or, for a
    goal without filters, those tagged with its id."""
    if pd.isna(goal.activity_type) and pd.isna(goal.initiative):
        return activities.loc[activities["goal"] == goal.id]
    mask = pd.Series(True, index=activities.index)
    if pd.notna(goal.activity_type):
        mask &= activities["type"] == goal.activity_type
    if pd.notna(goal.initiative):
        mask &= activities["initiative"] == goal.initiative
    return activities.loc[mask.fillna(False)]


def matching(goal, snapshot) -> pd.DataFrame | None:
    """The log rows that count toward the goal: events or activities (None for members)."""
    if goal.count == schema.COUNT_MEMBERS:
        return None
    if goal.count == schema.COUNT_ACTIVITIES:
        return matching_activities(goal, snapshot["activities"])
    return matching_events(goal, snapshot["events"])


def value_between(goal, snapshot, start: pd.Timestamp, end: pd.Timestamp, rows: pd.DataFrame | None = None) -> int:
    """What the goal counts from ``start`` to ``end`` (members: active at ``end``); ``rows`` are
    its matching rows, when the caller has them already."""
    kind = goal.count
    if kind == schema.COUNT_MEMBERS:
        return len(active_members(snapshot["members"], end))
    rows = between(matching(goal, snapshot) if rows is None else rows, start, end)
    if kind == schema.COUNT_ACTIVITIES:
        return int(rows["count"].sum())
    if kind == schema.COUNT_EVENTS:
        return len(rows)
    if kind == schema.COUNT_PARTICIPANTS:
        return int(rows["participants"].sum())
    return int(rows["organisations"].explode().dropna().nunique())  # COUNT_ORGANISATIONS


def expected_curve(goal, snapshot, window: Window, target: int) -> pd.Series:
    """The value expected on each day of the window, in whole units."""
    days = pd.date_range(window.start, window.end, freq="D")
    share = np.arange(1, len(days) + 1) / len(days)
    base = 0
    if goal.count == schema.COUNT_MEMBERS:
        base = len(active_members(snapshot["members"], window.start - pd.Timedelta(days=1)))
        if target <= base:
            return pd.Series(target, index=days)
    return pd.Series(base + np.floor((target - base) * share + 1e-9).astype(int), index=days)


def result_colour(value: int, target: int) -> str:
    if value >= target:
        return schema.GREEN
    if value >= LARGELY_MET * target:
        return schema.YELLOW
    return schema.RED


def time_colour(behind_since: pd.Timestamp | None, today: dt.date) -> str:
    if behind_since is None:
        return schema.GREEN
    if pd.Timestamp(today) < behind_since + pd.DateOffset(months=DELAY_MONTHS):
        return schema.YELLOW
    return schema.RED


def evaluate(goal, snapshot, today: dt.date) -> dict:
    """Progress of one countable goal in its current window, with the proposed colours."""
    window = current_window(goal, today)
    target = goal.target[0]
    now = min(pd.Timestamp(today), window.end)
    value = value_between(goal, snapshot, window.start, now) if now >= window.start else 0
    curve = expected_curve(goal, snapshot, window, target)
    expected = int(curve.loc[:now].iloc[-1]) if now >= window.start else 0
    behind_since = None
    if value < expected:
        behind_since = curve.index[np.argmax(curve.to_numpy() > value)]
    return {"window_start": window.start, "window_end": window.end, "value": value, "target": target,
            "expected": expected, "behind_since": behind_since,
            "proposed_result": result_colour(value, target), "proposed_time": time_colour(behind_since, today)}


PROGRESS_COLUMNS = ["id", "area", "goal", "owner", "count", "per", "target_text", "countable", "window_start",
                    "window_end", "value", "target", "expected", "behind_since", "proposed_result",
                    "proposed_time", "board_result", "board_time", "board_date", "board_comment", "board_author"]


def progress(snapshot, today: dt.date) -> pd.DataFrame:
    """One row per goal: its progress and proposed colours (countable goals), and the board's
    latest follow-up."""
    latest = latest_followups(snapshot["followups"])
    rows = []
    for goal in snapshot["goals"].itertuples(index=False):
        countable = goal.count in schema.COUNT_KINDS and isinstance(goal.target, tuple)
        row = {"id": goal.id, "area": goal.area, "goal": goal.goal, "owner": goal.owner, "count": goal.count,
               "per": goal.per if goal.per in schema.PER_KINDS else schema.PER_PERIOD,
               "target_text": target_text(goal.target), "countable": countable}
        if countable:
            row.update(evaluate(goal, snapshot, today))
        if isinstance(goal.id, str) and goal.id in latest.index:
            board = latest.loc[goal.id]
            row.update(board_result=board["result"], board_time=board["time"], board_date=board["date"],
                       board_comment=board["comment"], board_author=board["author"])
        rows.append(row)
    return pd.DataFrame(rows, columns=PROGRESS_COLUMNS)


def target_text(target) -> str | None:
    """A target as typed: 70, or 2-4 for a range."""
    if not isinstance(target, tuple):
        return None
    low, high = target
    return str(low) if low == high else f"{low}-{high}"


def severity(row) -> int:
    """How much a goal needs the board's attention: its worst colour, the board's or proposed."""
    colours = [row.get(k) for k in ("board_result", "board_time", "proposed_result", "proposed_time")]
    return max((SEVERITY.get(c, 0) for c in colours if isinstance(c, str)), default=0)


def needs_attention(table: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """The goals with a red or yellow light, worst first."""
    scores = table.apply(severity, axis=1) if len(table) else pd.Series(dtype=int)
    ranked = table.assign(severity=scores).loc[scores > 0]
    return ranked.sort_values(["severity", "id"], ascending=[False, True]).head(limit)


def history(goal_id: str, followups: pd.DataFrame) -> pd.DataFrame:
    """Every follow-up of a goal, newest first."""
    rows = followups.loc[followups["goal"] == goal_id]
    return rows.sort_values(["date", "_row"], ascending=False)


def by_window(goal, snapshot, today: dt.date) -> pd.DataFrame:
    """The value in each window of the period so far, for goals counted per year or quarter."""
    now = pd.Timestamp(today)
    out = []
    target = goal.target[0]
    rows = matching(goal, snapshot)
    for window in windows(goal, today):
        if window.start > now:
            break
        out.append({"start": window.start, "end": window.end,
                    "value": value_between(goal, snapshot, window.start, min(now, window.end), rows), "target": target})
    return pd.DataFrame(out, columns=["start", "end", "value", "target"])
