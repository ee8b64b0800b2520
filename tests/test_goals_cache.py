"""The goals judged once per snapshot and kept with it are the goals judged afresh, and the rows
found through the per-snapshot indexes and the counts worked out for all days at once are those of
the plain definitions (each row's cells read one by one, each day's state on its own): on the demo
and on ten times its volume."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import numpy as np
import pandas as pd
import pytest

from benchmarks.data import google_grids, scaled_rows
from fcdash import counting, goals, privacy
from fcdash.reports import board
from fcdash.metrics import of_any
from fcdash.parsing import parse_grids
from tests.conftest import TODAY


@pytest.fixture(scope="module", params=[1, 10], ids=["demo", "10x"])
def snap(request):
    return parse_grids(google_grids(scaled_rows(request.param, TODAY)))


class Plain:
    """The snapshot's frames and problems with nothing kept: every goal judged afresh."""

    def __init__(self, snap):
        self.frames, self.problems = snap.frames, snap.problems

    def __getitem__(self, key):
        return self.frames[key]


def plain_matching(goal, snapshot) -> pd.DataFrame | None:
    """The rows that count toward a goal, by its definition, one cell at a time."""
    kind = goals.kind_of(goal)
    if kind is None:
        return None
    frame = snapshot[kind.source]
    keep = pd.Series(True, index=frame.index)
    filters = counting.filters_of(goal) - {"age_band"}
    if kind.source == "members":
        keep &= frame["name"].notna()
    elif kind.source == "evaluations":  # an answer has its event's columns, and is narrowed by its own age band
        events = {e["id"]: e for e in snapshot["events"].to_dict("records")[::-1] if isinstance(e["id"], str)}
        frame = frame.assign(**{c: [events.get(ev, {}).get(c) for ev in frame["event"]]
                                for c in ("type", "initiatives", "networks", "area", "online")})
        if isinstance(getattr(goal, "age_band", None), str):
            keep &= frame["age_band"] == goal.age_band
    elif kind.name in (counting.EVENTS, counting.ACTIVITIES):  # the events or activities themselves: their Mål decides
        tags = frame["goals" if kind.source == "events" else "goal"]
        untagged = tags.map(lambda cell: not cell if isinstance(cell, tuple) else not isinstance(cell, str))
        keep &= of_any(tags, [goal.id]) | untagged.astype(bool)
    for name, column in (("event_types", "type"), ("activity_types", "type"), ("member_types", "type")):
        if name in filters and column in frame:
            keep &= frame[column].isin(getattr(goal, name))
    if "initiative" in filters and "initiatives" in frame:
        keep &= of_any(frame["initiatives"], [goal.initiative])
    if "network" in filters and "networks" in frame:
        keep &= of_any(frame["networks"], [goal.network])
    if "area_filter" in filters and "area" in frame:
        keep &= frame["area"].str.casefold() == str(goal.area_filter).casefold()
    if "online_filter" in filters and "online" in frame:
        keep &= frame["online"].fillna(False) == bool(goal.online_filter)
    return frame.loc[keep.fillna(False).astype(bool)]


def countable(snap):
    return [g for g in snap["goals"].itertuples(index=False) if goals.kind_of(g) is not None]


def records(table: pd.DataFrame) -> list[dict]:
    """A progress table as plain values (NaN and NaT as None), for ==."""
    return [{k: None if not isinstance(v, (list, tuple, dict)) and pd.isna(v) else v for k, v in row.items()}
            for row in table.to_dict("records")]


def test_each_goals_rows_are_those_of_its_definition(snap):
    assert countable(snap)
    for goal in countable(snap):
        found, plain = goals.matching(goal, snap), plain_matching(goal, snap)
        assert found.index.equals(plain.index), goal.id
        assert goals.matching(goal, snap) is found  # found once, kept with the snapshot


def test_a_count_of_distinct_values_on_each_day_is_each_days_own(snap):
    kinds = [g for g in countable(snap) if goals.kind_of(g).date is None]
    assert {goals.kind_of(g).name for g in kinds} == {counting.ACTIVE_MEMBERS, counting.MEMBER_TYPES}
    members = snap["members"]
    # leaves typed before the join, and members with no dates, are in the counts too
    odd = members.head(4).assign(joined=[pd.NaT, pd.Timestamp(2026, 3, 1), pd.Timestamp(2026, 5, 1), pd.NaT],
                                 left=[pd.Timestamp(2026, 2, 1), pd.Timestamp(2026, 1, 1), pd.NaT, pd.NaT],
                                 type=["Forening", "Forening", "Virksomhed", None])
    for goal in kinds:
        kind = goals.kind_of(goal)
        for rows in (goals.matching(goal, snap), odd, pd.concat([goals.matching(goal, snap), odd])):
            days = pd.date_range("2025-12-01", "2026-12-31", freq="D")
            daily = goals.counts.daily(goal, kind, rows, days)
            assert daily.tolist() == [goals.counts.state(kind, rows, day) for day in days], goal.id


def test_the_goals_kept_with_the_snapshot_are_the_goals_judged_afresh(snap):
    for day in (TODAY, dt.date(2026, 3, 31)):
        kept = goals.progress(snap, day)
        assert records(kept) == records(goals.progress(Plain(snap), day))
        kept["value"] = -1  # a caller's copy: what is kept stays as judged
        assert records(goals.progress(snap, day)) == records(goals.progress(Plain(snap), day))
    for goal in countable(snap):
        assert (goals.counted_between(goal, snap, dt.date(2026, 1, 1), TODAY, TODAY)
                == goals.counted_between(goal, Plain(snap), dt.date(2026, 1, 1), TODAY, TODAY))


def test_the_board_report_is_the_same_from_the_kept_goals(snap):
    kept = board.build(snap, dt.date(2026, 7, 1), TODAY, today=TODAY, centre="C")
    fresh = board.build(Plain(snap), dt.date(2026, 7, 1), TODAY, today=TODAY, centre="C")
    assert records(kept.goals) == records(fresh.goals)
    pd.testing.assert_frame_equal(kept.shifted, fresh.shifted)


def test_a_copy_of_the_snapshot_keeps_nothing_of_the_original():
    snap = parse_grids(google_grids(scaled_rows(1, TODAY)))
    goals.progress(snap, TODAY)
    assert snap.memo
    for copy in (privacy.for_viewer(snap), dataclasses.replace(snap, stale_reason="x"), pickle.loads(pickle.dumps(snap))):
        assert copy.memo == {}
        assert records(goals.progress(copy, TODAY))  # and judges its own
    assert np.all([isinstance(k, tuple) for k in snap.memo])
