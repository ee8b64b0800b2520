"""Goals judged the way the board judges them: what counts toward each goal, every window of its
period that has begun, per group where the goal applies to each network (initiative, local area,
member type), and the proposed traffic lights, all as of any day. Pure functions over the
snapshot's frames; no Streamlit here.

The rule for the proposed colours (also on the goals page and in the README):

- A goal's target applies to each window of its rhythm (month, every other month, quarter, half
  year, year, or the whole period). Every window that has begun by the day judged is judged: a
  window that is over by its final count, the running one by what is due by that day (the target
  spread evenly over the window in whole units), so a window that has just begun is never red.
- A window's result is green when it meets the target (at least / exactly / between / at most);
  yellow when it is "largely met": at least half of the way from the starting value (the
  baseline, e.g. "fra 46 til 70"; otherwise 0, or for active members the count when the window
  began) to what is due; red otherwise. "At most" is green within the limit and red above it.
- Result: green when every window judged is green; yellow when the windows score at least half
  (green 1, yellow ½, red 0); red otherwise. The page says how many windows met the target.
- Time: the goal is behind from the first day its count fell under the expected curve (or a
  window closed unmet) until a window's whole target is met. Green when not behind; yellow while behind for
  less than 3 months; red from 3 months.
- Per group: each group is judged on its own (a network from the day it started); the goal's
  lights follow the worst group.
- A share goal (the share of the evaluation answers who met someone, are satisfied, show no
  signs of severe loneliness; its target in percent, "mindst 70 %") is judged on the share among
  the answers of each window that answered its question, in whole percent as shown: a share
  is not spread over the window, so the running window is judged by its answers so far. Green at
  or above the target; yellow at least half of the way from the starting value (the baseline,
  "fra 50 til 70 %"; otherwise 0 %) to the target, as for a count; red otherwise; "at most" is
  green within the limit, red above. A window with fewer than five answers shows no share and is
  not judged (the privacy of small groups, and too few to judge); with no window judged there
  are no proposed lights. Time: behind from the first day the share (of five answers or more) was
  off the target until it is on it again.
- A goal the board marked ≠ (goal changed) is shown as changed and not judged. A main goal with
  sub-goals and nothing to count of its own follows its sub-goals' worst lights. The board's own
  colours always win.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from fcdash import counting, evaluation, i18n, schema
from fcdash.counting import MAX, EXACT, CountKind, Target
from fcdash.metrics import NO_FOLLOWUP, latest_followups, of_any
from fcdash.snapshot import ROW

LARGELY_MET = 0.5  # share of the way to the target that makes the result yellow
DELAY_MONTHS = 3  # behind this long makes time red
SEVERITY = {schema.RED: 3, schema.YELLOW: 2, schema.GREEN: 0, schema.CHANGED: 0}
SCORE = {schema.GREEN: 1.0, schema.YELLOW: 0.5, schema.RED: 0.0}
# Problems in a goal's row that leave nothing sound to count.
BLOCKING = {"bad_target", "filter_not_applicable", "group_not_applicable", "target_not_share", "target_not_count"}
SCORED, FOLLOWED, BY_HAND, CHANGED, INVALID = "scored", "followed", "by_hand", "changed", "invalid"


@dataclass(frozen=True)
class Window:
    start: pd.Timestamp
    end: pd.Timestamp


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


def window_name(window: Window | Judged, rhythm: str, lang: str = "da") -> str:
    """'2. kvartal 2025', 'mar. 2025', 'jan.–feb. 2025', '1. halvår 2025', '2025', or the dates."""
    start, end = window.start, window.end
    months = counting.RHYTHMS.get(rhythm, counting.RHYTHMS[counting.PER_PERIOD]).months
    if months == 12:
        return str(start.year)
    if months == 6:
        return i18n.t("window.half", lang, half=(start.month - 1) // 6 + 1, year=start.year)
    if months == 3:
        return i18n.t("window.quarter", lang, quarter=(start.month - 1) // 3 + 1, year=start.year)
    if months in (1, 2):
        first = i18n.MONTHS[lang if lang in i18n.MONTHS else "da"][start.month - 1]
        last = i18n.MONTHS[lang if lang in i18n.MONTHS else "da"][end.month - 1]
        return f"{first} {start.year}" if months == 1 else f"{first}–{last} {start.year}"
    return f"{i18n.fmt_date(start, lang)}–{i18n.fmt_date(end, lang)}"


# --- what counts -----------------------------------------------------------------------------------

def kind_of(goal) -> CountKind | None:
    return counting.COUNTS.get(goal.count) if isinstance(goal.count, str) else None


def matching(goal, snapshot) -> pd.DataFrame | None:
    """The rows that count toward the goal, in the tab its count kind counts in: those that match
    every filter of the goal and, for events and activities, name this goal or no goal in their
    Mål column (a row logged for another goal never counts here by accident). Found once per
    snapshot (kept with it); the frame returned is shared, so it is read, never changed."""
    kind = kind_of(goal)
    if kind is None:
        return None
    key = _matching_key(goal, kind)
    if key is None or not hasattr(snapshot, "remember"):
        return _matching(goal, kind, snapshot)
    return snapshot.remember(key, lambda: _matching(goal, kind, snapshot))


def _matching_key(goal, kind: CountKind) -> tuple | None:
    """What decides a goal's rows: its id and the filters it sets (None: not to be kept)."""
    if not isinstance(goal.id, str):
        return None
    filters = sorted(counting.filters_of(goal) - ({"age_band"} if kind.source != "evaluations" else set()))
    key = ("goals.matching", kind.source, goal.id, tuple((name, getattr(goal, name)) for name in filters))
    try:
        hash(key)
    except TypeError:
        return None
    return key


EVENT_COLUMNS = ("type", "initiatives", "networks", "area", "online")  # what an answer is narrowed by, from its event


def _frame(snapshot, source: str) -> pd.DataFrame:
    """The rows of the tab a goal counts in; an evaluation answer carries its event's type,
    initiatives, networks, area, online and date (``counting.HELD``; joined by the event's id), so
    the events' filters and groups apply to it and it is counted when its event was held. Joined
    once per snapshot."""
    if source != "evaluations":
        return snapshot[source]

    def build() -> pd.DataFrame:
        answers, events = snapshot["evaluations"], snapshot["events"]
        events = events.loc[events["id"].notna()].drop_duplicates("id").set_index("id")
        theirs = events[[*EVENT_COLUMNS, "date"]].reindex(answers["event"].to_numpy())
        return answers.assign(**{c: theirs[c].to_numpy(dtype=object) for c in EVENT_COLUMNS},
                              **{counting.HELD: theirs["date"].to_numpy()})
    return snapshot.remember(("goals.answers",), build) if hasattr(snapshot, "remember") else build()


def _positions(snapshot, source: str, column: str) -> dict:
    """Each value named in a column of ids (a tuple of ids, or one id) -> the positions of the
    rows that name it: one pass over the column per snapshot, so each goal's filter is a look-up."""
    def build() -> dict:
        values = pd.Series(_frame(snapshot, source)[column].to_numpy(dtype=object)).explode()  # index: the row's position
        values = values.loc[values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)]
        rows = values.index.to_numpy()
        return {value: np.unique(rows[at]) for value, at in values.groupby(values, sort=False).indices.items()}
    return snapshot.remember(("goals.positions", source, column), build) if hasattr(snapshot, "remember") else build()


def _naming(snapshot, source: str, column: str, value) -> np.ndarray:
    """Whether each row of the column names ``value`` (``metrics.of_any`` for one id)."""
    frame = _frame(snapshot, source)
    if not isinstance(value, str):
        return of_any(frame[column], [value]).to_numpy()
    keep = np.zeros(len(frame), dtype=bool)
    keep[_positions(snapshot, source, column).get(value, np.empty(0, dtype=np.intp))] = True
    return keep


def _untagged(snapshot, source: str, column: str) -> np.ndarray:
    """Rows whose goal column names no goal."""
    def build() -> np.ndarray:
        tags = snapshot[source][column]
        return np.fromiter((not cell if isinstance(cell, tuple) else not isinstance(cell, str) for cell in tags),
                           dtype=bool, count=len(tags))
    return snapshot.remember(("goals.untagged", source, column), build) if hasattr(snapshot, "remember") else build()


def _matching(goal, kind: CountKind, snapshot) -> pd.DataFrame:
    frame = _frame(snapshot, kind.source)
    keep = np.ones(len(frame), dtype=bool)
    filters = counting.filters_of(goal) - {"age_band"}
    if kind.source == "members":
        keep &= frame["name"].notna().to_numpy()  # a row without a name is a data problem, not a member (metrics.active_members)
    elif kind.source == "evaluations":
        # An answer is about its event, not logged for a goal: only the filters narrow it.
        if isinstance(getattr(goal, "age_band", None), str):
            keep &= (frame["age_band"] == goal.age_band).fillna(False).to_numpy(dtype=bool)
    else:
        column = "goals" if kind.source == "events" else "goal"
        keep &= _naming(snapshot, kind.source, column, goal.id) | _untagged(snapshot, kind.source, column)
    if "event_types" in filters and "type" in frame:
        keep &= frame["type"].isin(goal.event_types).to_numpy()
    if "activity_types" in filters and "type" in frame:
        keep &= frame["type"].isin(goal.activity_types).to_numpy()
    if "member_types" in filters and "type" in frame:
        keep &= frame["type"].isin(goal.member_types).to_numpy()
    if "initiative" in filters and "initiatives" in frame:
        keep &= _naming(snapshot, kind.source, "initiatives", goal.initiative)
    if "network" in filters and "networks" in frame:
        keep &= _naming(snapshot, kind.source, "networks", goal.network)
    if "area_filter" in filters and "area" in frame:
        keep &= (frame["area"].str.casefold() == str(goal.area_filter).casefold()).fillna(False).to_numpy(dtype=bool)
    if "online_filter" in filters and "online" in frame:
        keep &= (frame["online"].fillna(False) == bool(goal.online_filter)).fillna(False).to_numpy(dtype=bool)
    return frame.loc[keep]


def _amount_column(goal, kind: CountKind) -> str | None:
    """Participants of one age band count that band's column."""
    if kind.name == counting.PARTICIPANTS and isinstance(goal.age_band, str):
        return next(key for key, header, _ in schema.AGE_BANDS if header == goal.age_band)
    return None


def _daily(goal, kind: CountKind, rows: pd.DataFrame, days: pd.DatetimeIndex) -> np.ndarray:
    """The count on each day of ``days``: what the window has added up to that day, or (members
    now, member types now) the state on that day."""
    if kind.date is not None:
        inside = rows.loc[(rows[kind.date] >= days[0]) & (rows[kind.date] <= days[-1])]
        return counting.cumulative(kind.increments(inside, _amount_column(goal, kind)), days)
    stamps = days.to_numpy(dtype="datetime64[ns]")
    if kind.distinct:  # the distinct values among the members active on each day
        rows = rows.loc[rows[kind.distinct].notna().to_numpy(dtype=bool)]
        codes, _ = pd.factorize(rows[kind.distinct])
        active = [_active(rows.iloc[codes == code], stamps) > 0 for code in range(codes.max(initial=-1) + 1)]
        return np.sum(active, axis=0, dtype="int64") if active else np.zeros(len(stamps), dtype="int64")
    return _active(rows, stamps)


def _active(members: pd.DataFrame, stamps: np.ndarray) -> np.ndarray:
    """How many of ``members`` are active on each day: joined by then (or with no date) and not
    left by then; a leave typed before the join counts from the join, so nobody is ever counted
    below zero."""
    joined = members["joined"].to_numpy(dtype="datetime64[ns]")
    joined = np.where(np.isnat(joined), np.datetime64("1678-01-01", "ns"), joined)
    left = members["left"].to_numpy(dtype="datetime64[ns]")
    left = np.sort(np.maximum(left, joined)[~np.isnat(left)])
    return (np.searchsorted(np.sort(joined), stamps, side="right")
            - np.searchsorted(left, stamps, side="right")).astype("int64")


def _state(kind: CountKind, members: pd.DataFrame, day: pd.Timestamp) -> int:
    active = (members["joined"].isna() | (members["joined"] <= day)) & (members["left"].isna() | (members["left"] > day))
    if kind.distinct:
        return int(members.loc[active, kind.distinct].dropna().nunique())
    return int(active.sum())


# --- the colours ---------------------------------------------------------------------------------

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


def _run_start(flags: np.ndarray, days: pd.DatetimeIndex, upto: int) -> pd.Timestamp:
    """The first day of the run of True that ends at ``upto``."""
    clear = np.flatnonzero(~flags[:upto + 1])
    return days[clear[-1] + 1] if len(clear) else days[0]


def begun(goal, today: dt.date, since: pd.Timestamp | None = None) -> list[Window]:
    """The goal's windows that have begun by ``today``, from ``since`` on (a group that began
    inside a window: that window from its first day)."""
    now, out = pd.Timestamp(today), []
    for window in windows(goal, today):
        if window.start > now:
            break
        if since is not None and window.end < since:
            continue
        out.append(Window(since, window.end) if since is not None and window.start < since else window)
    return out


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
        values = _daily(goal, kind, rows, days)
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
                behind_since = behind_since or _run_start(over, days, upto)
            elif closed:
                behind_since = None
        else:
            base = target.baseline if target.baseline is not None else (
                _state(kind, rows, window.start - pd.Timedelta(days=1)) if kind.date is None else 0)
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
                behind_since = behind_since or _run_start(behind, days, upto)
            verdict.expected = int(curve[upto])
        verdict.windows.append(Judged(window.start, window.end, value, due, closed, colour))
    if target is not None and verdict.windows:
        verdict.result = overall([w.colour for w in verdict.windows])
        verdict.behind_since = behind_since
        verdict.time = time_colour(behind_since, today)
    return verdict


def _share_daily(kind: CountKind, rows: pd.DataFrame, days: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
    """From the first of ``days`` to each day: how many answers answered the kind's question, and
    how many of them said yes."""
    inside = rows.loc[(rows[kind.date] >= days[0]) & (rows[kind.date] <= days[-1])]
    said = evaluation.OUTCOMES[kind.share](inside)
    answered = said.notna().to_numpy(dtype=bool)
    yes = answered & said.fillna(False).to_numpy(dtype=bool)
    dates = inside[kind.date].to_numpy(dtype="datetime64[ns]")
    stamps = days.to_numpy(dtype="datetime64[ns]")
    return (np.searchsorted(np.sort(dates[answered]), stamps, side="right").astype("int64"),
            np.searchsorted(np.sort(dates[yes]), stamps, side="right").astype("int64"))


def _small(kind: CountKind, parts, days: pd.DatetimeIndex) -> np.ndarray:
    """On each of ``days``: whether some part has 1 to ``evaluation.MIN_ANSWERS`` - 1 answers to
    the kind's question since the first day. Where one has, a share over all of them is not shown
    either, or the whole less the parts shown would give the small one away."""
    small = np.zeros(len(days), dtype=bool)
    for part in parts:
        answers, _ = _share_daily(kind, part, days)
        small |= (answers > 0) & (answers < evaluation.MIN_ANSWERS)
    return small


def other_bands(goal, snapshot) -> list[pd.DataFrame]:
    """For a share goal narrowed to one age band (``Kun aldersgruppe``): the answers of each other
    band (and of those who gave none) that match the goal's other filters. Its share is not shown
    where one of them is small: the page's figure for all answers less this band's would give it
    away."""
    if not isinstance(getattr(goal, "age_band", None), str):
        return []
    wide = matching(goal._replace(age_band=None), snapshot)
    band = wide["age_band"].astype(object).where(wide["age_band"].notna(), "")
    return [part for value, part in wide.groupby(band.to_numpy(), sort=False) if value != goal.age_band]


def percent(yes: np.ndarray, answers: np.ndarray) -> np.ndarray:
    """The share in whole percent (half up, as it is shown), 0 where there is no answer."""
    return np.floor(100 * yes / np.maximum(answers, 1) + 0.5).astype("int64")


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
        answers, yes = _share_daily(kind, rows, days)
        known = (answers >= evaluation.MIN_ANSWERS) & ~_small(kind, others, days)
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
            behind_since = behind_since or _run_start(off, days, upto)
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


# --- groups ---------------------------------------------------------------------------------------

def groups_of(goal, snapshot) -> list[tuple[str, str, pd.Timestamp | None]]:
    """The groups a goal applies to each of: (value, name, since)."""
    group = counting.GROUPS.get(goal.per_group) if isinstance(goal.per_group, str) else None
    if group is None:
        return []
    if group.tab:
        frame = snapshot[group.tab].dropna(subset=["id"])
        starts = frame["start"] if "start" in frame else pd.Series(pd.NaT, index=frame.index)
        return [(ident, name if isinstance(name, str) else ident, start if pd.notna(start) else None)
                for ident, name, start in zip(frame["id"], frame["name"], starts)]
    column = group.columns[kind_of(goal).source]
    values = sorted({v for v in _frame(snapshot, kind_of(goal).source)[column].dropna() if v})
    return [(v, v, None) for v in values]


def _in_group(goal, rows: pd.DataFrame, value) -> pd.DataFrame:
    column = counting.GROUPS[goal.per_group].columns[kind_of(goal).source]
    return rows.loc[of_any(rows[column], [value])]


# --- every goal -----------------------------------------------------------------------------------

PROGRESS_COLUMNS = ["id", "area", "goal", "owner", "count", "per", "per_group", "main", "target_text", "target_spec",
                    "status", "countable", "window_start", "window_end", "value", "answers", "target", "expected", "behind_since",
                    "windows", "windows_met", "groups", "subs", "proposed_result", "proposed_time",
                    "board_result", "board_time", "board_date", "board_comment", "board_author"]


def _status(goal, row: int, blocked: set[int], board) -> str:
    if board is not None and schema.CHANGED in (board["result"], board["time"]):
        return CHANGED
    if kind_of(goal) is None:
        return BY_HAND
    if row in blocked:
        return INVALID
    return SCORED if isinstance(goal.target, Target) else FOLLOWED


def evaluate(goal, snapshot, today: dt.date) -> dict:
    """One countable goal as of ``today``: its windows (per group where it has groups), its
    count in the running window, and the proposed lights."""
    target = goal.target if isinstance(goal.target, Target) else None
    rows = matching(goal, snapshot)
    others = other_bands(goal, snapshot) if kind_of(goal).share else []
    groups = []
    for value, name, since in groups_of(goal, snapshot):
        verdict = judge(goal, target, _in_group(goal, rows, value), snapshot, today, since,
                        [_in_group(goal, part, value) for part in others])
        groups.append({"group": value, "name": name, "verdict": verdict})
    if groups:
        verdicts = [g["verdict"] for g in groups if g["verdict"].windows]
        shown = max(verdicts, key=lambda v: (SEVERITY.get(v.result, 0), SEVERITY.get(v.time, 0)), default=Verdict())
        result, time = worst(v.result for v in verdicts), worst(v.time for v in verdicts)
    else:
        shown = judge(goal, target, rows, snapshot, today, others=others)
        result, time = shown.result, shown.time
    current = shown.now
    return {"window_start": current.start if current else pd.NaT, "window_end": current.end if current else pd.NaT,
            "value": current.value if current else (None if kind_of(goal).share else 0),
            "answers": current.answers if current else None, "expected": shown.expected,
            "target": (target.high if target.kind == MAX else target.low) if target else None,
            "behind_since": shown.behind_since, "windows": shown.windows, "windows_met": shown.met,
            "groups": groups, "proposed_result": result, "proposed_time": time}


def progress(snapshot, today: dt.date) -> pd.DataFrame:
    """One row per goal as of ``today``: the board's colours as they stood then, the goal's
    windows and groups, its count now and the proposed colours. Judged once per snapshot and
    day (kept with the snapshot); each caller gets its own copy of the table to add to."""
    if not hasattr(snapshot, "remember"):
        return _progress(snapshot, today)
    return snapshot.remember(("goals.progress", pd.Timestamp(today)), lambda: _progress(snapshot, today)).copy()


def _progress(snapshot, today: dt.date) -> pd.DataFrame:
    latest = latest_followups(snapshot["followups"], today)
    out = []
    blocked = {p.row for p in snapshot.problems if p.tab == "goals" and p.code in BLOCKING}
    frame = snapshot["goals"]
    for row_number, goal in zip(frame[ROW], frame.itertuples(index=False)):
        board = latest.loc[goal.id] if isinstance(goal.id, str) and goal.id in latest.index else None
        status = _status(goal, int(row_number), blocked, board)
        row = {"id": goal.id, "area": goal.area, "goal": goal.goal, "owner": goal.owner, "count": goal.count,
               "per": rhythm_of(goal).name, "per_group": goal.per_group, "main": goal.main,
               "target_text": target_text(goal.target), "target_spec": goal.target, "status": status,
               "countable": status in (SCORED, FOLLOWED), "windows": [], "groups": [], "subs": [],
               "windows_met": 0}
        if row["countable"]:
            row.update(evaluate(goal, snapshot, today))
            if status == FOLLOWED:
                row.update(proposed_result=None, proposed_time=None)
        if board is not None:
            row.update(board_result=board["result"], board_time=board["time"], board_date=board["date"],
                       board_comment=board["comment"], board_author=board["author"])
        out.append(row)
    table = pd.DataFrame(out, columns=PROGRESS_COLUMNS)
    return _with_sub_goals(table)


def _effective(row, key: str) -> str | None:
    """The board's colour where it has set one, else the proposed one (None: no colour)."""
    for colour in (row[f"board_{key}"], row[f"proposed_{key}"]):
        if isinstance(colour, str):
            return colour
    return None


def _with_sub_goals(table: pd.DataFrame) -> pd.DataFrame:
    """Main goals list their sub-goals; one with nothing to count of its own follows their worst
    lights (the board's colour on a sub-goal where it has one)."""
    if table.empty:
        return table
    for index, row in table.iterrows():
        subs = table.loc[table["main"].astype(str).str.casefold() == str(row["id"]).casefold()]
        if subs.empty or not isinstance(row["id"], str):
            continue
        table.at[index, "subs"] = list(subs["id"])
        if not row["countable"] and row["status"] != CHANGED:
            for key in ("result", "time"):
                table.at[index, f"proposed_{key}"] = worst(_effective(sub, key) for _, sub in subs.iterrows()
                                                           if sub["status"] != CHANGED)
    return table


def sub_summary(table: pd.DataFrame, goal_id: str) -> dict[str, int]:
    """How many of a main goal's sub-goals have each result colour (the board's, or proposed)."""
    subs = table.loc[table["main"].astype(str).str.casefold() == str(goal_id).casefold()]
    colours = [_effective(sub, "result") for _, sub in subs.iterrows()]
    return {c: colours.count(c) for c in (*schema.COLOURS, None) if colours.count(c)}


def severity(row) -> int:
    """How much a goal needs the board's attention: its worst colour, the board's or proposed."""
    if row.get("status") == CHANGED:
        return 0
    colours = [row.get(k) for k in ("board_result", "board_time", "proposed_result", "proposed_time")]
    return max((SEVERITY.get(c, 0) for c in colours if isinstance(c, str)), default=0)


def needs_attention(table: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """The goals with a red or yellow light, worst first; changed goals are not judged."""
    scores = table.apply(severity, axis=1) if len(table) else pd.Series(dtype=int)
    ranked = table.assign(severity=scores).loc[scores > 0]
    return ranked.sort_values(["severity", "id"], ascending=[False, True]).head(limit)


def history(goal_id: str, followups: pd.DataFrame, start: dt.date | None = None,
            end: dt.date | None = None) -> pd.DataFrame:
    """The board's follow-ups of a goal, newest first (from ``start`` to ``end`` where given)."""
    rows = followups.loc[followups["goal"] == goal_id]
    if start is not None:
        rows = rows.loc[rows["date"] >= pd.Timestamp(start)]
    if end is not None:
        rows = rows.loc[rows["date"] <= pd.Timestamp(end)]
    return rows.sort_values(["date", "_row"], ascending=False)


def in_period(windows_: list[Judged], start: dt.date, end: dt.date) -> list[Judged]:
    """The windows that overlap a period (a report's)."""
    return [w for w in windows_ if w.start <= pd.Timestamp(end) and w.end >= pd.Timestamp(start)]


def target_text(target, lang: str = "da") -> str | None:
    """A target as typed: 'mindst 70', '2-4', 'højst 30'."""
    return target.text(lang) if isinstance(target, Target) else None


def target_cell(target, lang: str = "da") -> int | str | None:
    """A target as a spreadsheet cell: the number where it was typed as one ('120' -> 120), else
    its words ('mindst 70', '2-4')."""
    if not isinstance(target, Target):
        return None
    return target.number if target.number is not None else target.text(lang)


def is_share(count) -> bool:
    """Whether a goal's count kind (its name) is a share of the evaluation answers."""
    kind = counting.COUNTS.get(count) if isinstance(count, str) else None
    return kind is not None and kind.share is not None


def share_text(value, lang: str = "da") -> str:
    """A share in whole percent as the reader writes it: '72 %' (Danish), '72%' (English)."""
    return f"{i18n.fmt_number(value, lang)}{'%' if lang == 'en' else ' %'}"


def value_text(value, count, lang: str = "da", answers: int | None = None) -> str:
    """A window's value as shown: a count ('1.234'), a share ('72 %'), or for a share with too
    few answers to show, says so ('for få svar (3)')."""
    if not is_share(count):
        return i18n.fmt_number(value, lang)
    if value is None or not isinstance(value, (int, np.integer)) and pd.isna(value):
        text = i18n.t("goals.too_few_short", lang)
        return text if answers is None else f"{text} ({i18n.t('goals.answers', lang, count=i18n.fmt_number(answers, lang))})"
    return share_text(value, lang)


# --- lights as text ---------------------------------------------------------------------------------

COLOUR_KEYS = {schema.GREEN: "colour.green", schema.YELLOW: "colour.yellow", schema.RED: "colour.red",
               schema.CHANGED: "colour.changed", NO_FOLLOWUP: "colour.none"}


def colour_label(colour: str, lang: str = "da") -> str:
    """A colour's text label, so a light reads in grey print and for colour-blind readers."""
    return i18n.t(COLOUR_KEYS[colour], lang) if colour in COLOUR_KEYS else str(colour)


# A mark beside each colour's name: the name carries it in grey print and for colour-blind readers.
LIGHT_MARKS = {schema.GREEN: "🟢", schema.YELLOW: "🟡", schema.RED: "🔴", schema.CHANGED: "⚪"}


def _colour_text(colour, lang: str) -> str:
    if not isinstance(colour, str):
        return "–"
    return f"{LIGHT_MARKS[colour]} {colour_label(colour, lang).lower()}" if colour in LIGHT_MARKS else colour


def lights_text(row, lang: str = "da") -> str:
    """A goal's two lights on one line, the board's and then the proposed ones where it has
    them: 'Bestyrelsen: Resultat 🟢 grøn · Tid 🟡 gul'."""
    parts = []
    for who, label in (("board", "goals.board"), ("proposed", "goals.proposed")):
        result, time = row.get(f"{who}_result"), row.get(f"{who}_time")
        if isinstance(result, str) or isinstance(time, str):
            parts.append(f"{i18n.t(label, lang)}: {i18n.t('goals.result', lang)} {_colour_text(result, lang)}"
                         f" · {i18n.t('goals.time', lang)} {_colour_text(time, lang)}")
    return " — ".join(parts)


def result_tally(by_colour: pd.DataFrame, lang: str = "da") -> str:
    """``metrics.goals_by_colour`` as one line that says it counts the result light:
    'Resultat: 🟢 grøn 4 · 🔴 rød 1 · ingen opfølgning endnu 3' (colours no goal has are left out)."""
    counts = [f"{LIGHT_MARKS[c] + ' ' if c in LIGHT_MARKS else ''}{colour_label(c, lang).lower()} {i18n.fmt_number(n, lang)}"
              for c, n in by_colour[["colour", "goals"]].itertuples(index=False) if n]
    return i18n.t("overview.tally", lang, counts=" · ".join(counts) or "–")


def counted_between(goal, snapshot, start: dt.date, end: dt.date,
                    today: dt.date) -> tuple[int, int | None, bool] | None:
    """What a goal counted from ``start`` to ``end`` (a report's own period, not the goal's
    window), and the part of its target that falls in those days: the target spread evenly over
    each window's days, as the expected curve does. A goal that counts a state (active members)
    gives the state at ``end`` and its whole target. None when nothing is counted or the goal's
    period misses the days; no target part for a goal judged per group (its target is each
    group's). The third value says whether the target is a limit (at most)."""
    kind = kind_of(goal)
    key = _matching_key(goal, kind) if kind is not None and hasattr(snapshot, "remember") else None
    if key is None:
        return _counted_between(goal, kind, snapshot, start, end, today)
    blank = lambda v: None if not isinstance(v, (str, tuple, Target)) and pd.isna(v) else v  # NaN never equals itself
    key = ("goals.counted_between", key, *map(blank, (goal.target, goal.per, goal.per_group, goal.start, goal.end,
                                                     goal.age_band)), pd.Timestamp(start), pd.Timestamp(end), pd.Timestamp(today))
    try:
        hash(key)
    except TypeError:
        return _counted_between(goal, kind, snapshot, start, end, today)
    return snapshot.remember(key, lambda: _counted_between(goal, kind, snapshot, start, end, today))


def _parts_shown(goal, kind: CountKind, rows: pd.DataFrame, snapshot, first: pd.Timestamp, last: pd.Timestamp,
                 today: dt.date) -> list[pd.DataFrame]:
    """The parts of a share goal's answers from ``first`` to ``last`` that the goals page shows a
    share of: each other age band's, and each group's in each window (unless that is one group in
    one window: the period itself)."""
    parts = other_bands(goal, snapshot)
    groups = [_in_group(goal, rows, value) for value, _, _ in groups_of(goal, snapshot)] or [rows]
    spans = [w for w in windows(goal, today) if w.start <= last and w.end >= first]
    if len(groups) > 1 or len(spans) > 1:
        parts += [group.loc[group[kind.date].between(w.start, w.end)] for group in groups for w in spans]
    return parts


def _counted_between(goal, kind, snapshot, start, end, today):
    period = period_of(goal, today)
    first, last = max(pd.Timestamp(start), period.start), min(pd.Timestamp(end), period.end)
    if kind is None or first > last:
        return None
    days = pd.date_range(first, last, freq="D")
    target = goal.target if isinstance(goal.target, Target) else None
    if kind.share:  # the share of the period's answers (None: fewer than five), against the whole target
        rows = matching(goal, snapshot)
        answers, yes = _share_daily(kind, rows, days)
        value = int(percent(yes, answers)[-1]) if answers[-1] >= evaluation.MIN_ANSWERS else None
        if value is not None and _small(kind, _parts_shown(goal, kind, rows, snapshot, first, last, today), days)[-1]:
            value = None  # the period less the parts the goals page shows would give a small part away
        if target is None or isinstance(goal.per_group, str) and goal.per_group:
            return value, None, False
        return value, target.high if target.kind == MAX else target.low, target.kind == MAX
    value = int(_daily(goal, kind, matching(goal, snapshot), days)[-1])
    if target is None or isinstance(goal.per_group, str) and goal.per_group:
        return value, None, False
    amount = target.high if target.kind == MAX else target.low
    if kind.date is None:
        return value, amount, target.kind == MAX
    share = 0.0
    for window in windows(goal, today):
        overlap = (min(window.end, last) - max(window.start, first)).days + 1
        if overlap > 0:
            share += amount * overlap / ((window.end - window.start).days + 1)
    return value, int(np.ceil(share - 1e-9)), target.kind == MAX
