"""Every goal as of a day: the board's colours as they stood, the judged windows and groups,
the count now and the proposed lights, and main goals with their sub-goals. The one table the
goals page, the overview, the reports and the command line read."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from fcdash import evaluation, schema
from fcdash.counting import MAX, CountKind, Target
from fcdash.goals.counts import daily, percent, share_daily, small
from fcdash.goals.judging import SEVERITY, Verdict, judge, worst
from fcdash.goals.matching import elsewhere, filter_span, groups_of, in_group, kind_of, matching, matching_key, other_bands
from fcdash.goals.windows import period_of, rhythm_of, windows
from fcdash.goals.words import target_text
from fcdash.metrics import latest_followups
from fcdash.snapshot import ROW

# Problems in a goal's row that leave nothing sound to count.
BLOCKING = {"bad_target", "filter_not_applicable", "group_not_applicable", "target_not_share", "target_not_count",
            "bad_deadline", "end_before_start"}
# What to count, how often and per which group: typed but not read, the goal is not judged (never
# silently counted over the whole period, or as a goal the board follows by hand).
UNREAD = {schema.tab("goals").column(key).header for key in ("count", "per", "per_group")}


def blocking(problems) -> list:
    """The problems in the Mål tab that leave a goal nothing sound to judge (the goal card names
    them, with their cells)."""
    return [p for p in problems if p.tab == "goals" and (
        p.code in BLOCKING or p.code == "unknown_category" and p.column in UNREAD)]


def blocked_rows(problems) -> set[int]:
    """The Mål tab's rows whose problems leave nothing sound to judge."""
    return {p.row for p in blocking(problems)}
SCORED, FOLLOWED, BY_HAND, CHANGED, INVALID = "scored", "followed", "by_hand", "changed", "invalid"


PROGRESS_COLUMNS = ["id", "area", "goal", "owner", "count", "per", "per_group", "main", "target_text", "target_spec",
                    "status", "countable", "window_start", "window_end", "value", "answers", "target", "expected", "behind_since",
                    "windows", "windows_met", "groups", "subs", "elsewhere", "assigned", "shown_group", "proposed_result", "proposed_time",
                    "board_result", "board_time", "board_date", "board_comment", "board_author", "begun"]


def _status(goal, row: int, blocked: set[int], board) -> str:
    if board is not None and schema.CHANGED in (board["result"], board["time"]):
        return CHANGED
    if row in blocked:
        return INVALID
    if kind_of(goal) is None:
        return BY_HAND
    return SCORED if isinstance(goal.target, Target) else FOLLOWED


def evaluate(goal, snapshot, today: dt.date) -> dict:
    """One countable goal as of ``today``: its windows (per group where it has groups), its
    count in the running window, and the proposed lights."""
    target = goal.target if isinstance(goal.target, Target) else None
    rows = matching(goal, snapshot)
    others = other_bands(goal, snapshot) if kind_of(goal).share else []
    groups = []
    for value, name, since, until in groups_of(goal, snapshot):
        verdict = judge(goal, target, in_group(goal, rows, value), today, since,
                        [in_group(goal, part, value) for part in others], until)
        groups.append({"group": value, "name": name, "verdict": verdict})
    if groups:
        verdicts = [g["verdict"] for g in groups if g["verdict"].windows]
        judged = [g for g in groups if g["verdict"].windows]
        worst_group = max(judged, key=lambda g: (SEVERITY.get(g["verdict"].result, 0), SEVERITY.get(g["verdict"].time, 0)),
                          default=None)
        shown = worst_group["verdict"] if worst_group else Verdict()
        shown_group = worst_group["name"] if worst_group else None
        result, time = worst(v.result for v in verdicts), worst(v.time for v in verdicts)
    else:
        shown_group = None
        since, until = filter_span(goal, snapshot)
        shown = judge(goal, target, rows, today, since, others, until)
        result, time = shown.result, shown.time
    current = shown.now
    return {"window_start": current.start if current else pd.NaT, "window_end": current.end if current else pd.NaT,
            "value": current.value if current else (None if kind_of(goal).share else 0),
            "answers": current.answers if current else None, "expected": shown.expected,
            "target": (target.high if target.kind == MAX else target.low) if target else None,
            "behind_since": shown.behind_since, "windows": shown.windows, "windows_met": shown.met,
            "groups": groups, "proposed_result": result, "proposed_time": time,
            "elsewhere": elsewhere(goal, snapshot, period_of(goal, today).start,
                                   min(period_of(goal, today).end, pd.Timestamp(today))),
            "assigned": {} if groups else shown.assigned, "shown_group": shown_group}


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
    blocked = blocked_rows(snapshot.problems)
    frame = snapshot["goals"]
    for row_number, goal in zip(frame[ROW], frame.itertuples(index=False)):
        board = latest.loc[goal.id] if isinstance(goal.id, str) and goal.id in latest.index else None
        status = _status(goal, int(row_number), blocked, board)
        row = {"id": goal.id, "area": goal.area, "goal": goal.goal, "owner": goal.owner, "count": goal.count,
               "per": rhythm_of(goal).name if status != INVALID else goal.per if isinstance(goal.per, str) else None,
               "per_group": goal.per_group, "main": goal.main,
               "target_text": target_text(goal.target), "target_spec": goal.target, "status": status,
               "countable": status in (SCORED, FOLLOWED), "windows": [], "groups": [], "subs": [],
               "windows_met": 0, "elsewhere": 0, "assigned": {}, "shown_group": None,
               "begun": period_of(goal, today).start <= pd.Timestamp(today)}
        if row["countable"]:
            row.update(evaluate(goal, snapshot, today))
            if status == FOLLOWED:
                row.update(proposed_result=None, proposed_time=None)
        if board is not None:
            row.update(board_result=board["result"], board_time=board["time"], board_date=board["date"],
                       board_comment=board["comment"], board_author=board["author"])
        out.append(row)
    # Lights are text or None: a plan where no goal has a light of its own must still take its
    # sub-goals' lights on a main goal (a column of blanks alone would be read as numbers).
    table = pd.DataFrame(out, columns=PROGRESS_COLUMNS).astype({"proposed_result": object, "proposed_time": object})
    return _with_sub_goals(table)


def _effective(row, key: str) -> str | None:
    """The board's colour where it has set one, else the proposed one (None: no colour). A word
    typed that is no colour ('Blå') is a data problem in its cell, not a light."""
    for colour in (row[f"board_{key}"], row[f"proposed_{key}"]):
        if colour in schema.COLOURS:
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
        if row["status"] == BY_HAND:
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


# What the board follows itself: no light comes from the logs, so none at all is one not given.
JUDGED_BY_THE_BOARD = (BY_HAND, FOLLOWED, INVALID)


def asks_attention(row) -> bool:
    """Whether a goal needs the board's attention (the goals page's "Kun dem der kræver
    opmærksomhed"): a red or yellow light, for result or time, the board's latest or the one
    proposed from the logs (``severity``, as the overview's list); or no light at all, from the
    board or the logs, on a goal whose period has begun and that only the board can judge: one
    followed by hand or counted without a target, or one whose row cannot be read. A goal marked
    changed (≠) is not judged; a counted goal without a light yet is on track (its first window
    is running), not forgotten."""
    if row.get("status") == CHANGED:
        return False
    if severity(row) > 0:
        return True
    lights = (row.get(k) for k in ("board_result", "board_time", "proposed_result", "proposed_time"))
    unjudged = not any(isinstance(c, str) and c in schema.COLOURS for c in lights)
    return unjudged and bool(row.get("begun", True)) and row.get("status") in JUDGED_BY_THE_BOARD


def attention(table: pd.DataFrame) -> pd.Series:
    """For each goal of ``progress``'s table (by its index), whether it asks the board's attention."""
    if table.empty:
        return pd.Series(False, index=table.index, dtype=bool)
    return table.apply(asks_attention, axis=1).astype(bool)


def needs_attention(table: pd.DataFrame, limit: int = 5) -> pd.DataFrame:
    """The goals with a red or yellow light, worst first; changed goals are not judged. A main
    goal and its sub-goals are one place: the main goal, with its family's worst severity and the
    worst sub-goal named (``worst``: its id, or None where the main goal itself is the worst)."""
    if table.empty:
        return table.assign(severity=pd.Series(dtype=int), worst=pd.Series(dtype=object))
    scores = table.apply(severity, axis=1)
    ids = {str(i).casefold(): i for i in table["id"] if isinstance(i, str)}
    mains = dict(zip(table["id"], table["main"]))

    def root(ident):
        seen = set()
        while isinstance(mains.get(ident), str) and str(mains[ident]).casefold() in ids and ident not in seen:
            seen.add(ident)
            ident = ids[str(mains[ident]).casefold()]
        return ident

    families = table.assign(severity=scores, family=[root(i) if isinstance(i, str) else f"\0{n}"  # no ID: its own place
                                                     for n, i in enumerate(table["id"])])
    rows = []
    for family, members in families.groupby("family", sort=False):
        # the worst member, a sub-goal before its main goal where they tie (a main goal copies its worst)
        ranked = members.assign(head=members["id"] == family)
        worst = ranked.sort_values(["severity", "head", "id"], ascending=[False, True, True]).iloc[0]
        if worst["severity"] <= 0:
            continue
        head = members.loc[members["id"] == family]
        row = (head.iloc[0] if len(head) else worst).copy()
        row["severity"] = worst["severity"]
        row["worst"] = worst["id"] if worst["id"] != row["id"] else None
        rows.append(row)
    ranked = pd.DataFrame(rows, columns=[*table.columns, "severity", "worst"])
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


def counted_between(goal, snapshot, start: dt.date, end: dt.date,
                    today: dt.date) -> tuple[int, int | None, bool] | None:
    """What a goal counted from ``start`` to ``end`` (a report's own period, not the goal's
    window), and the part of its target that falls in those days: the target spread evenly over
    each window's days, as the expected curve does. A goal that counts a state (active members)
    gives the state at ``end`` and its whole target. None when nothing is counted or the goal's
    period misses the days; no target part for a goal judged per group (its target is each
    group's). The third value says whether the target is a limit (at most)."""
    kind = kind_of(goal)
    key = matching_key(goal, kind) if kind is not None and hasattr(snapshot, "remember") else None
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
    groups = [in_group(goal, rows, value) for value, _, _, _ in groups_of(goal, snapshot)] or [rows]
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
        answers, yes = share_daily(kind, rows, days)
        value = int(percent(yes, answers)[-1]) if answers[-1] >= evaluation.MIN_ANSWERS else None
        if value is not None and small(kind, _parts_shown(goal, kind, rows, snapshot, first, last, today), days)[-1]:
            value = None  # the period less the parts the goals page shows would give a small part away
        if target is None or isinstance(goal.per_group, str) and goal.per_group:
            return value, None, False
        return value, target.high if target.kind == MAX else target.low, target.kind == MAX
    value = int(daily(goal, kind, matching(goal, snapshot), days)[-1])
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
