"""What a goal's rows add up to on each day of a window: a running total, the state of the
membership, or a share's answers and yeses."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fcdash import counting, evaluation
from fcdash.counting import CountKind
from fcdash.goals.matching import amount_column


def daily(goal, kind: CountKind, rows: pd.DataFrame, days: pd.DatetimeIndex) -> np.ndarray:
    """The count on each day of ``days``: what the window has added up to that day, or (members
    now, member types now) the state on that day."""
    if kind.date is not None:
        inside = rows.loc[(rows[kind.date] >= days[0]) & (rows[kind.date] <= days[-1])]
        return counting.cumulative(kind.increments(inside, amount_column(goal, kind)), days)
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


def state(kind: CountKind, members: pd.DataFrame, day: pd.Timestamp) -> int:
    active = (members["joined"].isna() | (members["joined"] <= day)) & (members["left"].isna() | (members["left"] > day))
    if kind.distinct:
        return int(members.loc[active, kind.distinct].dropna().nunique())
    return int(active.sum())


def share_daily(kind: CountKind, rows: pd.DataFrame, days: pd.DatetimeIndex) -> tuple[np.ndarray, np.ndarray]:
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


def small(kind: CountKind, parts, days: pd.DatetimeIndex) -> np.ndarray:
    """On each of ``days``: whether some part has 1 to ``evaluation.MIN_ANSWERS`` - 1 answers to
    the kind's question since the first day. Where one has, a share over all of them is not shown
    either, or the whole less the parts shown would give the small one away."""
    small = np.zeros(len(days), dtype=bool)
    for part in parts:
        answers, _ = share_daily(kind, part, days)
        small |= (answers > 0) & (answers < evaluation.MIN_ANSWERS)
    return small


def percent(yes: np.ndarray, answers: np.ndarray) -> np.ndarray:
    """The share in whole percent (half up, as it is shown), 0 where there is no answer."""
    return np.floor(100 * yes / np.maximum(answers, 1) + 0.5).astype("int64")
