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
from fcdash.goals.matching import amount_column, kind_of
from fcdash.goals.windows import Window, begun, grace_days, rhythm_of

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
    due_date: pd.Timestamp | None = None  # the day its whole target is due (a deadline, else its end)
    met_on: pd.Timestamp | None = None  # the day its target was met (after due_date: met, but late)
    time: str | None = None  # its own time light (None: in progress and on track, or not judged)
    made_up: int = 0  # what rows after it counted toward it (a late achievement), not counted again
    in_progress: bool = False  # running (or in a rhythm's grace) and not yet met
    behind_since: pd.Timestamp | None = None  # not met: the day it fell behind its schedule
    need: int | None = None  # its whole target (a group's part of it where the group existed a part)


@dataclass
class Verdict:
    """A goal's (or a group's) windows, its proposed lights, and where its count stands now."""

    windows: list[Judged] = field(default_factory=list)
    result: str | None = None
    time: str | None = None
    behind_since: pd.Timestamp | None = None
    expected: int | None = None  # due by the day judged in the running (or last) window
    # Each counted row (its index in the tab's frame) -> the start of the window it went to, and
    # whether it made that window up late.
    assigned: dict = field(default_factory=dict)

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


def judge(goal, target: Target | None, rows: pd.DataFrame, today: dt.date, since: pd.Timestamp | None = None,
          others: list[pd.DataFrame] = (), until: pd.Timestamp | None = None) -> Verdict:
    """Every window of the goal that has begun by ``today`` (cut to the days from ``since`` to
    ``until`` a group existed), judged (the rule in the package's docstring). ``others``: for a
    share goal of one age band, the answers of each other band (``other_bands``)."""
    kind = kind_of(goal)
    if kind.share:
        return _judge_share(goal, kind, target, rows, today, since, others, until)
    spans = begun(goal, today, since, until)
    if not spans:
        return Verdict()
    now = pd.Timestamp(today)
    if target is None:
        verdict = Verdict()
        for span in spans:
            days = pd.date_range(span.start, span.end, freq="D")
            upto = min(len(days) - 1, int((min(now, span.end) - span.start).days))
            verdict.windows.append(Judged(span.start, span.end, int(daily(goal, kind, rows, days)[upto]), None,
                                          span.end < now, None))
        return verdict
    if target.kind == MAX:
        return _judge_limit(goal, kind, target, rows, today, spans)
    verdict = Verdict()
    if kind.date is not None and not kind.distinct:
        fills = _fill(goal, kind, target, rows, now, spans, verdict.assigned)
    else:
        fills = [_levels(goal, kind, target, rows, now, span, grace_days(goal, span)) for span in spans]
    for span, fill in zip(spans, fills):
        verdict.windows.append(_window(goal, target, span, *fill, now))
    return _lights(verdict, today)


def pro_rata(amount: int, share: float) -> int:
    """A target for the part of a window a group existed, in whole units (half up)."""
    return amount if share >= 1 else int(np.floor(amount * share + 0.5))


def _fill(goal, kind: CountKind, target: Target, rows: pd.DataFrame, now: pd.Timestamp, spans,
          assigned: dict) -> list:
    """What each window of a flow (events, participants, activities, answers, new members) counted:
    a row counts in its own window, except that an event (``CountKind.late``) first makes up an
    earlier window whose target was not met by its due day (a late achievement; for a rhythm only
    within its grace, else the period was skipped), and is then not counted again. For each
    window: its running count on each of its days, the days, what later rows made up, the day its
    target was met, its target and its start value (0: 'fra 80 til 120' about a flow compares
    with last period, and the count starts at 0). ``assigned`` is given each row's window."""
    column = amount_column(goal, kind) or kind.amount
    inside = rows.loc[rows[kind.date].notna() & (rows[kind.date] >= spans[0].start) & (rows[kind.date] <= now)]
    inside = inside.sort_values(kind.date, kind="stable")
    dates = inside[kind.date].to_numpy(dtype="datetime64[ns]")
    amounts = (inside[column].fillna(0).clip(lower=0).astype("int64").to_numpy() if column
               else np.ones(len(inside), dtype="int64"))
    n = len(spans)
    starts = np.array([span.start for span in spans], dtype="datetime64[ns]")
    ends = np.array([span.end for span in spans], dtype="datetime64[ns]")
    own = np.searchsorted(starts, dates, side="right") - 1
    own = np.where((own >= 0) & (dates <= ends[own.clip(0)]), own, -1)  # -1: after the period, or a group's gap
    need = np.array([pro_rata(target.low, span.share) for span in spans], dtype="int64")
    kept, made_up, late_to = amounts.copy(), np.zeros(n, dtype="int64"), np.full(len(dates), -1)
    met_on: list = [None] * n
    if kind.late and len(dates):
        _make_up(goal, spans, need, dates, own, kept, made_up, late_to, met_on)
    out = []
    for j, span in enumerate(spans):
        days = pd.date_range(span.start, span.end, freq="D")
        mine = own == j
        at = ((dates[mine] - starts[j]) // np.timedelta64(1, "D")).astype("int64")
        values = np.cumsum(np.bincount(at, weights=kept[mine], minlength=len(days))).astype("int64")
        if met_on[j] is None and need[j] <= 0:
            met_on[j] = span.start  # nothing to do: met as it begins
        elif met_on[j] is None and made_up[j] + values[-1] >= need[j]:
            met_on[j] = days[int(np.searchsorted(values + made_up[j], need[j]))]
        out.append((values, days, int(made_up[j]), met_on[j], int(need[j]), 0))
    firsts = [spans[j].start for j in range(n)]
    assigned.update({label: (firsts[late], True) if late >= 0 else (firsts[mine], False)
                     for label, mine, late in zip(inside.index, own.tolist(), late_to.tolist()) if late >= 0 or mine >= 0})
    return out


def _make_up(goal, spans, need, dates, own, kept, made_up, late_to, met_on) -> None:
    """Rows in date order: each first makes up the earlier windows still short after their due
    day (within a rhythm's grace), the rest staying in its own window; fills ``kept`` (what stays
    in the own window), ``made_up``, ``late_to`` (the first window a row made up) and ``met_on``
    for the windows made up."""
    n, open_ = len(spans), rhythm_open(goal)
    dues = np.array([span.due_on for span in spans], dtype="datetime64[ns]")
    limits = [None if open_ else np.datetime64(span.due_on + pd.Timedelta(days=grace_days(goal, span)), "ns")
              for span in spans]
    filled = np.zeros(n, dtype="int64")
    pending: list[int] = []  # windows past their due day and still short, oldest first
    passed = 0
    for i, day in enumerate(dates):
        while passed < n and dues[passed] < day:
            if filled[passed] < need[passed]:
                pending.append(passed)
            passed += 1
        mine = own[i]
        if pending:
            pending = [j for j in pending if filled[j] < need[j] and (limits[j] is None or day <= limits[j])]
            for j in pending:
                if j == mine or kept[i] <= 0:
                    continue
                part = min(int(kept[i]), int(need[j] - filled[j]))
                filled[j] += part
                made_up[j] += part
                kept[i] -= part
                late_to[i] = j if late_to[i] < 0 else late_to[i]
                if filled[j] >= need[j]:
                    met_on[j] = pd.Timestamp(day)
        if mine >= 0:
            filled[mine] += kept[i]


def rhythm_open(goal) -> bool:
    """Whether a window of the goal's rhythm can be made up at any later day (a year, the whole
    period): a shorter rhythm is made up only within its grace, or it is a period skipped."""
    months = rhythm_of(goal).months
    return months is None or months >= 12


def _levels(goal, kind: CountKind, target: Target, rows: pd.DataFrame, now: pd.Timestamp, span: Window,
            grace: int) -> tuple:
    """A window of a state (active members, member types) or of distinct values: its count on each
    of its days; for a state, the first day after its due day (to today) that the target was
    reached, which makes it up late."""
    days = pd.date_range(span.start, span.end, freq="D")
    values = daily(goal, kind, rows, days)
    need = pro_rata(target.low, span.share) if kind.date is not None else target.low
    upto = min(len(days) - 1, int((min(now, span.end) - span.start).days))
    # Met from the first day of the run at or above the target that lasts to the window's end (or
    # today): a membership that reached 70 and fell back to 65 has not met it.
    met_on = run_start(values >= need, days, upto) if values[upto] >= need else None
    if met_on is None and kind.date is None and now > span.end:
        later = pd.date_range(span.end + pd.Timedelta(days=1), now, freq="D")
        if grace and not rhythm_open(goal):
            later = later[:grace]
        after = np.flatnonzero(daily(goal, kind, rows, later) >= need) if len(later) else []
        met_on = later[after[0]] if len(after) else None
    # The start value: a stock's 'fra 46 til 70', else what it was the day before the window; a
    # count of distinct values starts at 0.
    base = (target.baseline if target.baseline is not None else state(kind, rows, span.start - pd.Timedelta(days=1))
            ) if kind.date is None else 0
    return values, days, 0, met_on, need, int(base)


def _window(goal, target: Target, span: Window, values: np.ndarray, days: pd.DatetimeIndex, made_up: int, met_on,
            need: int, base: int, now: pd.Timestamp) -> Judged:
    """One window of an at-least, exact or between target, as of ``now``: met (on time, or late by
    how much), running (on track: in progress, no colour; behind what is due by today: yellow, for
    it has not failed before its due day; a time light only while behind the schedule), or
    past its due day and not met (its colour by its count, its time by how long it has been behind)."""
    upto = min(len(days) - 1, int((min(now, span.end) - span.start).days))
    value = int(values[upto]) + made_up
    due_on, grace = span.due_on, pd.Timedelta(days=grace_days(goal, span))
    closed = span.end < now
    judged = Judged(span.start, span.end, value, need, closed, None, due_date=due_on, made_up=made_up, need=need)
    if met_on is not None:
        judged.met_on = met_on
        judged.colour = schema.YELLOW if target.kind == EXACT and value > need else schema.GREEN  # 'præcis 4', not 6
        judged.time = late_colour(met_on, due_on, grace)
        return judged
    if now <= due_on + grace:  # still running (or within a rhythm's grace): what is due by today
        curve = _curve(base, need, span.start, due_on, days)
        due_now = int(curve[min(upto, len(curve) - 1)])
        judged.due = due_now
        judged.in_progress = True
        if value < due_now:  # behind what is due by today: it pulls the result down, but fails only on its due day
            # (a rhythm's window not before its grace is over: a meeting a week late still keeps it)
            judged.colour = (schema.YELLOW if now < due_on or grace.days > 0
                             else result_colour(value, due_now, min(base, due_now)))
        schedule = _curve(base, need, span.start, due_on, days, half_up=False)
        behind = values[:upto + 1] < schedule[:upto + 1]
        if behind[upto]:  # on schedule, a running window has no time light of its own: an earlier miss still shows
            judged.behind_since = run_start(behind, days, upto)
            judged.time = time_colour(judged.behind_since, now)
        return judged
    judged.colour = result_colour(value, need, min(base, need))
    # Behind since it last fell under what was due (the delay a board counts), at the latest
    # from the day after it was due.
    due_at = min(len(days) - 1, int((due_on - span.start).days))
    schedule = _curve(base, need, span.start, due_on, days, half_up=False)
    behind = values[:due_at + 1] < schedule[:due_at + 1]
    judged.behind_since = run_start(behind, days, due_at) if behind[due_at] else due_on + pd.Timedelta(days=1)
    judged.time = time_colour(judged.behind_since, now)
    return judged


def _curve(base: int, need: int, start: pd.Timestamp, due_on: pd.Timestamp, days: pd.DatetimeIndex,
           half_up: bool = True) -> np.ndarray:
    """What is due on each day of the window: from the start value to the target by the due day,
    evenly, in whole units; the whole target from the due day on. Rounded half up for what is due
    by today (so '1 a year' is due from mid-year, and a group that has done nothing for half a
    window shows), rounded down for the schedule the time light follows (so '1 a year' is late
    only after its due day, as the board counts a delay)."""
    if need <= base:
        return np.full(len(days), need, dtype="int64")
    elapsed = (days - start).days.to_numpy() + 1
    length = (due_on - start).days + 1
    share = np.minimum(elapsed / length, 1.0)
    return np.floor(base + (need - base) * share + (0.5 if half_up else 1e-9)).astype("int64")


def late_colour(met_on: pd.Timestamp, due_on: pd.Timestamp, grace: pd.Timedelta) -> str:
    """The time light of a target met on ``met_on`` and due on ``due_on``: on time (or within a
    rhythm's grace) green; late by less than three months yellow; later red."""
    if met_on <= due_on + grace:
        return schema.GREEN
    return schema.YELLOW if met_on < due_on + pd.DateOffset(months=DELAY_MONTHS) else schema.RED


def _lights(verdict: Verdict, today: dt.date) -> Verdict:
    """A goal's lights from its windows. Result: from every window that has one (a window in
    progress and on track has none). Time: behind from the first window in the run of windows not
    met (or the running one behind its schedule) until a window is met: yellow while that is under
    three months, red from three months; when none is behind, the latest met window's own light
    (met late: yellow or red by how late)."""
    if not verdict.windows:
        return verdict
    verdict.result = overall([w.colour for w in verdict.windows])
    behind_since, last_met = None, None
    for w in verdict.windows:
        if w.met_on is not None:
            behind_since, last_met = None, w
        elif w.time is not None:
            behind_since = behind_since or w.behind_since
    verdict.behind_since = behind_since
    verdict.time = (time_colour(behind_since, today) if behind_since is not None
                    else last_met.time if last_met is not None and last_met.time else schema.GREEN)
    verdict.expected = verdict.windows[-1].due
    return verdict


def _judge_limit(goal, kind: CountKind, target: Target, rows: pd.DataFrame, today: dt.date, spans) -> Verdict:
    """An at-most target ('højst 30', 'op til 30'): each window green while within the limit
    (its part of the limit, for a group that existed a part of it), red from the day it went over."""
    now, verdict, behind_since = pd.Timestamp(today), Verdict(), None
    for span in spans:
        days = pd.date_range(span.start, span.end, freq="D")
        values = daily(goal, kind, rows, days)
        upto = min(len(days) - 1, int((min(now, span.end) - span.start).days))
        # a group's part of a limit, rounded up: 'højst 1' for a network begun in December still allows one
        limit = int(np.ceil(target.high * span.share - 1e-9)) if kind.date is not None else target.high
        over = values > limit
        colour = schema.RED if over[upto] else schema.GREEN
        if over[upto]:
            behind_since = behind_since or run_start(over, days, upto)
        elif span.end < now:
            behind_since = None
        verdict.windows.append(Judged(span.start, span.end, int(values[upto]), limit, span.end < now, colour,
                                      due_date=span.due_on, time=time_colour(behind_since, today) if over[upto] else None))
    verdict.result = overall([w.colour for w in verdict.windows])
    verdict.behind_since = behind_since
    verdict.time = time_colour(behind_since, today)
    verdict.expected = verdict.windows[-1].due
    return verdict


def _judge_share(goal, kind: CountKind, target: Target | None, rows: pd.DataFrame, today: dt.date,
                 since: pd.Timestamp | None, others=(), until: pd.Timestamp | None = None) -> Verdict:
    """A share goal's windows (the rule in the module's docstring): each window's share of its
    answers so far, judged when it rests on at least ``evaluation.MIN_ANSWERS`` answers and no
    other age band (``others``) has fewer in it."""
    now = pd.Timestamp(today)
    verdict = Verdict()
    behind_since = None
    for window in begun(goal, today, since, until):
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
