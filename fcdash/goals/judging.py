"""The proposed lights of one goal (or one of its groups): each window that has begun, judged,
and the result and time colours they make."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fcdash import evaluation, schema
from fcdash.counting import MAX, EXACT, CountKind, Target
from fcdash.goals.counts import daily, percent, share_daily, small, state
from fcdash.goals.matching import kind_of
from fcdash.goals.windows import begun

LARGELY_MET = 0.5  # share of the way to the target that makes the result yellow
DELAY_MONTHS = 3  # behind this long makes time red
SEVERITY = {schema.RED: 3, schema.YELLOW: 2, schema.GREEN: 0, schema.CHANGED: 0}
SCORE = {schema.GREEN: 1.0, schema.YELLOW: 0.5, schema.RED: 0.0}


@dataclass
class Judged:
    """One window of a goal (or of one of its groups) as of the day judged."""

    start: pd.Timestamp
    end: pd.Timestamp
    value: int
    due: int | None  # what meets it: by its end, or by the day judged for the running window
    closed: bool
    colour: str | None  # None without a target, or with too few answers for a share
    answers: int | None = None  # a share's answers in the window (None: a count)


@dataclass
class Verdict:
    """A goal's (or a group's) windows, its proposed lights, and where its count stands now."""

    windows: list[Judged] = field(default_factory=list)
    result: str | None = None
    time: str | None = None
    behind_since: pd.Timestamp | None = None
    expected: int | None = None  # due by the day judged in the running (or last) window

    @property
    def met(self) -> int:
        return sum(1 for w in self.windows if w.colour == schema.GREEN)

    @property
    def now(self) -> Judged | None:
        return self.windows[-1] if self.windows else None


def result_colour(value: int, need: int, base: int = 0) -> str:
    """Green at or above what is needed; yellow at least half of the way there from the start; red."""
    if value >= need:
        return schema.GREEN
    if value >= base + LARGELY_MET * (need - base):
        return schema.YELLOW
    return schema.RED


def time_colour(behind_since: pd.Timestamp | None, today: dt.date) -> str:
    if behind_since is None:
        return schema.GREEN
    if pd.Timestamp(today) < behind_since + pd.DateOffset(months=DELAY_MONTHS):
        return schema.YELLOW
    return schema.RED


def overall(colours: list[str | None]) -> str | None:
    """The windows' results as one: every one green, green; scoring at least half, yellow; red."""
    scores = [SCORE[c] for c in colours if c in SCORE]
    if not scores:
        return None
    mean = sum(scores) / len(scores)
    return schema.GREEN if mean == 1 else schema.YELLOW if mean >= LARGELY_MET else schema.RED


def worst(colours) -> str | None:
    colours = [c for c in colours if isinstance(c, str)]
    return max(colours, key=lambda c: SEVERITY.get(c, 0)) if colours else None


def run_start(flags: np.ndarray, days: pd.DatetimeIndex, upto: int) -> pd.Timestamp:
    """The first day of the run of True that ends at ``upto``."""
    clear = np.flatnonzero(~flags[:upto + 1])
    return days[clear[-1] + 1] if len(clear) else days[0]


def judge(goal, target: Target | None, rows: pd.DataFrame, snapshot, today: dt.date,
          since: pd.Timestamp | None = None, others: list[pd.DataFrame] = ()) -> Verdict:
    """Every window of the goal that has begun by ``today`` (and not before ``since``), judged.
    ``others``: for a share goal of one age band, the answers of each other band (``other_bands``)."""
    kind = kind_of(goal)
    if kind.share:
        return _judge_share(goal, kind, target, rows, today, since, others)
    now = pd.Timestamp(today)
    verdict = Verdict()
    behind_since = None
    for window in begun(goal, today, since):
        days = pd.date_range(window.start, window.end, freq="D")
        values = daily(goal, kind, rows, days)
        upto = min(len(days) - 1, int((min(now, window.end) - window.start).days))
        value, closed = int(values[upto]), window.end < now
        if target is None:
            verdict.windows.append(Judged(window.start, window.end, value, None, closed, None))
            continue
        if target.kind == MAX:
            over = values > target.high
            colour = schema.RED if over[upto] else schema.GREEN
            due, curve = target.high, None
            if over[upto]:
                behind_since = behind_since or run_start(over, days, upto)
            elif closed:
                behind_since = None
        else:
            base = target.baseline if target.baseline is not None else (
                state(kind, rows, window.start - pd.Timedelta(days=1)) if kind.date is None else 0)
            share = np.arange(1, len(days) + 1) / len(days)
            curve = np.maximum(base + np.floor((target.low - base) * share + 1e-9).astype("int64"), 0)
            if target.low <= base:
                curve = np.full(len(days), target.low)
            due = int(curve[upto]) if not closed else target.low
            colour = result_colour(value, due, min(base, due))
            if closed and target.kind == EXACT and value > target.low:
                colour = schema.YELLOW
            behind = values < curve
            if value >= target.low:  # the window's whole target is met: on schedule again
                behind_since = None
            elif behind[upto] or closed:
                behind_since = behind_since or run_start(behind, days, upto)
            verdict.expected = int(curve[upto])
        verdict.windows.append(Judged(window.start, window.end, value, due, closed, colour))
    if target is not None and verdict.windows:
        verdict.result = overall([w.colour for w in verdict.windows])
        verdict.behind_since = behind_since
        verdict.time = time_colour(behind_since, today)
    return verdict


def _judge_share(goal, kind: CountKind, target: Target | None, rows: pd.DataFrame, today: dt.date,
                 since: pd.Timestamp | None, others=()) -> Verdict:
    """A share goal's windows (the rule in the module's docstring): each window's share of its
    answers so far, judged when it rests on at least ``evaluation.MIN_ANSWERS`` answers and no
    other age band (``others``) has fewer in it."""
    now = pd.Timestamp(today)
    verdict = Verdict()
    behind_since = None
    for window in begun(goal, today, since):
        days = pd.date_range(window.start, window.end, freq="D")
        answers, yes = share_daily(kind, rows, days)
        known = (answers >= evaluation.MIN_ANSWERS) & ~small(kind, others, days)
        shares = percent(yes, answers)
        upto = min(len(days) - 1, int((min(now, window.end) - window.start).days))
        closed = window.end < now
        value = int(shares[upto]) if known[upto] else None
        due = None if target is None else target.high if target.kind == MAX else target.low
        if target is None or value is None:
            verdict.windows.append(Judged(window.start, window.end, value, due, closed, None, int(answers[upto])))
            continue
        if target.kind == MAX:
            off = known & (shares > target.high)
            colour = schema.RED if off[upto] else schema.GREEN
        else:
            off = known & (shares < target.low)
            base = target.baseline if target.baseline is not None else 0
            colour = result_colour(value, target.low, min(base, target.low))
            if closed and target.kind == EXACT and value > target.low:
                colour = schema.YELLOW
        if off[upto]:
            behind_since = behind_since or run_start(off, days, upto)
        else:
            behind_since = None
        verdict.expected = due
        verdict.windows.append(Judged(window.start, window.end, value, due, closed, colour, int(answers[upto])))
    judged = [w.colour for w in verdict.windows if w.colour is not None]
    if target is not None and judged:
        verdict.result = overall(judged)
        verdict.behind_since = behind_since
        verdict.time = time_colour(behind_since, today)
    return verdict
