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
          since: pd.Timestamp | None = None, others: list[pd.DataFrame] = (),
          until: pd.Timestamp | None = None) -> Verdict:
    """Every window of the goal that has begun by ``today`` (cut to the days from ``since`` to
    ``until`` a group existed), judged (the rule in the package's docstring). ``others``: for a
    share goal of one age band, the answers of each other band (``other_bands``)."""
    kind = kind_of(goal)
    if kind.share:
        return _judge_share(goal, kind, target, rows, today, since, others)
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
    if kind.date is not None and not kind.distinct:
        fills = _fill(goal, kind, target, rows, now, spans)
    else:
        fills = [_levels(goal, kind, target, rows, now, span, grace_days(goal, span)) for span in spans]
    verdict = Verdict()
    for span, fill in zip(spans, fills):
        verdict.windows.append(_window(goal, target, span, *fill, now))
    return _lights(verdict, today)


def pro_rata(amount: int, share: float) -> int:
    """A target for the part of a window a group existed, in whole units (half up)."""
    return amount if share >= 1 else int(np.floor(amount * share + 0.5))


def _fill(goal, kind: CountKind, target: Target, rows: pd.DataFrame, now: pd.Timestamp, spans) -> list:
    """What each window of a flow (events, participants, activities, answers, new members) counted:
    a row counts in its own window, except that it first makes up an earlier window whose target
    was not met by its due day (a late achievement; for a rhythm only within its grace), and is
    then not counted again. For each window: its running count on each of its days, the days,
    what later rows made up, the day its target was met, its target and its start value (0: 'fra
    80 til 120' about a flow compares with last period, and the count starts at 0)."""
    column = amount_column(goal, kind) or kind.amount
    inside = rows.loc[rows[kind.date].notna() & (rows[kind.date] >= spans[0].start) & (rows[kind.date] <= now)]
    inside = inside.sort_values(kind.date, kind="stable")
    dates = inside[kind.date].to_numpy(dtype="datetime64[ns]")
    amounts = (inside[column].fillna(0).clip(lower=0).astype("int64").to_numpy() if column
               else np.ones(len(inside), dtype="int64"))
    need = [pro_rata(target.low, span.share) for span in spans]
    graces = [pd.Timedelta(days=grace_days(goal, span)) for span in spans]
    filled, made_up, met_on = [0] * len(spans), [0] * len(spans), [None] * len(spans)
    parts: list[list[tuple[np.datetime64, int]]] = [[] for _ in spans]
    if need and need[0] <= 0:
        met_on[0] = spans[0].start
    for day, amount in zip(dates, amounts):
        day = pd.Timestamp(day)
        own = next((j for j, span in enumerate(spans) if span.start <= day <= span.end), None)
        late = [j for j in range(len(spans)) if j != own and spans[j].end < day and filled[j] < need[j]
                and (graces[j].days == 0 and rhythm_open(goal) or day <= spans[j].due_on + graces[j])]
        for j in late:
            part = min(int(amount), need[j] - filled[j])
            if part <= 0:
                continue
            filled[j] += part
            made_up[j] += part
            amount -= part
            if filled[j] >= need[j] and met_on[j] is None:
                met_on[j] = day
        if own is not None and amount > 0:
            filled[own] += int(amount)
            parts[own].append((day, int(amount)))
            if filled[own] >= need[own] and met_on[own] is None:
                met_on[own] = day
        for j, span in enumerate(spans):  # a window with nothing to do is met as it begins
            if need[j] <= 0 and met_on[j] is None and span.start <= day:
                met_on[j] = span.start
    out = []
    for j, span in enumerate(spans):
        days = pd.date_range(span.start, span.end, freq="D")
        added = pd.Series([a for _, a in parts[j]], index=pd.DatetimeIndex([d for d, _ in parts[j]]), dtype="int64")
        values = added.groupby(level=0).sum().reindex(days, fill_value=0).cumsum().to_numpy(dtype="int64")
        if need[j] <= 0 and met_on[j] is None:
            met_on[j] = span.start
        out.append((values, days, made_up[j], met_on[j], need[j], 0))
    return out


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
    reached = np.flatnonzero(values[:upto + 1] >= need)
    met_on = days[reached[0]] if len(reached) else None
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
    how much), running (on track: in progress, no colour; behind: its colour by what is due by
    today, never red in its first half), or past its due day and not met."""
    upto = min(len(days) - 1, int((min(now, span.end) - span.start).days))
    value = int(values[upto]) + made_up
    due_on, grace = span.due_on, pd.Timedelta(days=grace_days(goal, span))
    closed = span.end < now
    judged = Judged(span.start, span.end, value, need, closed, None, due_date=due_on, made_up=made_up)
    if met_on is not None:
        judged.met_on = met_on
        judged.colour = schema.GREEN
        if closed and target.kind == EXACT and value > need:
            judged.colour = schema.YELLOW
        judged.time = late_colour(met_on, due_on, grace)
        return judged
    if now <= due_on + grace:  # still running (or within a rhythm's grace): what is due by today
        elapsed = ((min(now, due_on) - span.start).days + 1) / ((due_on - span.start).days + 1)
        curve = _curve(base, need, span.start, due_on, days)
        due_now = int(curve[min(upto, len(curve) - 1)])
        judged.due = due_now
        judged.in_progress = True
        if value >= due_now:
            return judged  # on track: in progress, neither met nor failed
        colour = result_colour(value, due_now, min(base, due_now))
        judged.colour = schema.YELLOW if colour == schema.RED and elapsed < LATE_IN_WINDOW else colour
        behind = values[:upto + 1] < curve[:upto + 1]
        judged.time = time_colour(run_start(behind, days, upto), now)
        return judged
    judged.colour = result_colour(value, need, min(base, need))
    judged.time = time_colour(due_on + pd.Timedelta(days=1), now)
    return judged


LATE_IN_WINDOW = 0.5  # a running window behind what is due is yellow, not red, in its first half


def _curve(base: int, need: int, start: pd.Timestamp, due_on: pd.Timestamp, days: pd.DatetimeIndex) -> np.ndarray:
    """What is due on each day of the window: from the start value to the target by the due day,
    evenly, in whole units rounded half up (so '1 a year' is due from mid-year, not only on the
    last day); the whole target from the due day on."""
    if need <= base:
        return np.full(len(days), need, dtype="int64")
    elapsed = (days - start).days.to_numpy() + 1
    length = (due_on - start).days + 1
    share = np.minimum(elapsed / length, 1.0)
    return np.floor(base + (need - base) * share + 0.5).astype("int64")


def late_colour(met_on: pd.Timestamp, due_on: pd.Timestamp, grace: pd.Timedelta) -> str:
    """The time light of a target met on ``met_on`` and due on ``due_on``: on time (or within a
    rhythm's grace) green; late by less than three months yellow; later red."""
    if met_on <= due_on + grace:
        return schema.GREEN
    return schema.YELLOW if met_on < due_on + pd.DateOffset(months=DELAY_MONTHS) else schema.RED


def _lights(verdict: Verdict, today: dt.date) -> Verdict:
    """A goal's lights from its windows: the result from every window that has one (a window in
    progress and on track has none); the time from the latest window that has one (a late or
    missed window stays late until a later one is met), green when none has."""
    if not verdict.windows:
        return verdict
    verdict.result = overall([w.colour for w in verdict.windows])
    timed = [w for w in verdict.windows if w.time is not None]
    verdict.time = timed[-1].time if timed else schema.GREEN
    latest = timed[-1] if timed else None
    if latest is not None and latest.time != schema.GREEN and latest.met_on is None:
        verdict.behind_since = latest.due_date + pd.Timedelta(days=1) if not latest.in_progress else None
    now = verdict.windows[-1]
    verdict.expected = now.due
    return verdict


def _judge_limit(goal, kind: CountKind, target: Target, rows: pd.DataFrame, today: dt.date, spans) -> Verdict:
    """An at-most target ('højst 30', 'op til 30'): each window green while within the limit
    (its part of the limit, for a group that existed a part of it), red from the day it went over."""
    now, verdict, behind_since = pd.Timestamp(today), Verdict(), None
    for span in spans:
        days = pd.date_range(span.start, span.end, freq="D")
        values = daily(goal, kind, rows, days)
        upto = min(len(days) - 1, int((min(now, span.end) - span.start).days))
        limit = pro_rata(target.high, span.share) if kind.date is not None else target.high
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
