"""Which rows count toward a goal: the tab its count kind counts in, narrowed by the goal's
filters and its Mål column, per group where it has groups. Found once per snapshot and kept with it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fcdash import counting, schema
from fcdash.counting import CountKind
from fcdash.metrics import of_any


def kind_of(goal) -> CountKind | None:
    return counting.COUNTS.get(goal.count) if isinstance(goal.count, str) else None


def matching(goal, snapshot) -> pd.DataFrame | None:
    """The rows that count toward the goal, in the tab its count kind counts in: those that match
    every filter of the goal and, where the goal counts events or activities, name this goal or
    no goal in their Mål column (an event logged for another goal never counts here by accident;
    a goal that counts across all events, such as their participants, areas or organisations,
    counts it all the same). Found once per
    snapshot (kept with it); the frame returned is shared, so it is read, never changed."""
    kind = kind_of(goal)
    return None if kind is None else _split(goal, kind, snapshot)[0]


def _split(goal, kind: CountKind, snapshot) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The goal's rows, and the rows its filters match that went to other goals: found together
    once per snapshot."""
    key = matching_key(goal, kind)
    if key is None or not hasattr(snapshot, "remember"):
        return _matching(goal, kind, snapshot)
    return snapshot.remember(key, lambda: _matching(goal, kind, snapshot))


def matching_key(goal, kind: CountKind) -> tuple | None:
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


def frame_of(snapshot, source: str) -> pd.DataFrame:
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
        values = pd.Series(frame_of(snapshot, source)[column].to_numpy(dtype=object)).explode()  # index: the row's position
        values = values.loc[values.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)]
        rows = values.index.to_numpy()
        return {value: np.unique(rows[at]) for value, at in values.groupby(values, sort=False).indices.items()}
    return snapshot.remember(("goals.positions", source, column), build) if hasattr(snapshot, "remember") else build()


def _naming(snapshot, source: str, column: str, value) -> np.ndarray:
    """Whether each row of the column names ``value`` (``metrics.of_any`` for one id)."""
    frame = frame_of(snapshot, source)
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


def _matching(goal, kind: CountKind, snapshot) -> tuple[pd.DataFrame, pd.DataFrame]:
    frame, keep = frame_of(snapshot, kind.source), _filtered(goal, kind, snapshot)
    if not kind.tagged:
        return frame.loc[keep], frame.iloc[:0]
    here = _tagged_here(goal, kind, snapshot)
    return frame.loc[keep & here], frame.loc[keep & ~here]


def _tagged_here(goal, kind: CountKind, snapshot) -> np.ndarray:
    """Rows whose Mål column names this goal or no goal."""
    column = "goals" if kind.source == "events" else "goal"
    return _naming(snapshot, kind.source, column, goal.id) | _untagged(snapshot, kind.source, column)


def elsewhere(goal, snapshot, first: pd.Timestamp, last: pd.Timestamp) -> int:
    """How many rows from ``first`` to ``last`` match the goal's filters but went to other goals
    (their Mål column names other goals only): the goal card says so. Only events and activities
    counted as such are divided between goals by their Mål column; participants, organisations,
    areas, members and answers count across all goals."""
    kind = kind_of(goal)
    if kind is None or not kind.tagged:
        return 0
    dates = _split(goal, kind, snapshot)[1][kind.date]
    return int(((dates >= first) & (dates <= last)).sum())


def _filtered(goal, kind: CountKind, snapshot) -> np.ndarray:
    """Whether each row of the tab matches every filter the goal sets."""
    frame = frame_of(snapshot, kind.source)
    keep = np.ones(len(frame), dtype=bool)
    filters = counting.filters_of(goal) - {"age_band"}
    if kind.source == "members":
        keep &= frame["name"].notna().to_numpy()  # a row without a name is a data problem, not a member (metrics.active_members)
    elif kind.source == "evaluations":
        # An answer is about its event, not logged for a goal: only the filters narrow it.
        if isinstance(getattr(goal, "age_band", None), str):
            keep &= (frame["age_band"] == goal.age_band).fillna(False).to_numpy(dtype=bool)
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
    return keep


def amount_column(goal, kind: CountKind) -> str | None:
    """Participants of one age band count that band's column."""
    if kind.name == counting.PARTICIPANTS and isinstance(goal.age_band, str):
        return next(key for key, header, _ in schema.AGE_BANDS if header == goal.age_band)
    return None


def groups_of(goal, snapshot) -> list[tuple[str, str, pd.Timestamp | None, pd.Timestamp | None]]:
    """The groups a goal applies to each of: (value, name, since, until): a network or initiative
    from its Start to its Slut."""
    group = counting.GROUPS.get(goal.per_group) if isinstance(goal.per_group, str) else None
    if group is None:
        return []
    if group.tab:
        frame = snapshot[group.tab].dropna(subset=["id"])
        none = pd.Series(pd.NaT, index=frame.index)
        starts, ends = frame.get("start", none), frame.get("end", none)
        return [(ident, name if isinstance(name, str) else ident, start if pd.notna(start) else None,
                 end if pd.notna(end) and (pd.isna(start) or end >= start) else None)
                for ident, name, start, end in zip(frame["id"], frame["name"], starts, ends)]
    column = group.columns[kind_of(goal).source]
    spellings: dict[str, str] = {}  # 'Hobro' and 'hobro' are one area: the first spelling names it
    for value in sorted(v for v in frame_of(snapshot, kind_of(goal).source)[column].dropna() if isinstance(v, str) and v):
        spellings.setdefault(counting.folded(value), value)
    return [(key, name, None, None) for key, name in sorted(spellings.items(), key=lambda kv: kv[1])]


def filter_span(goal, snapshot) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """The days a goal narrowed to one network or initiative (Kun netværk, Indsats) can count: from
    its Start to its Slut, so a network planned ahead is not judged before it begins, and one that
    began or ended inside a window owes its part of it."""
    since = until = None
    for key, tab in (("network", "networks"), ("initiative", "initiatives")):
        value = getattr(goal, key, None)
        frame = snapshot[tab]
        if not isinstance(value, str) or "start" not in frame:
            continue
        found = frame.loc[frame["id"] == value]
        if found.empty:
            continue
        start, end = found["start"].iloc[0], found["end"].iloc[0] if "end" in found else pd.NaT
        if pd.notna(start):
            since = start if since is None else max(since, start)
        if pd.notna(end) and (pd.isna(start) or end >= start):
            until = end if until is None else min(until, end)
    return since, until


def in_group(goal, rows: pd.DataFrame, value) -> pd.DataFrame:
    group = counting.GROUPS[goal.per_group]
    column = group.columns[kind_of(goal).source]
    if group.tab is None:  # a value typed in the rows (an area, a member type): compared as folded
        return rows.loc[rows[column].map(lambda v: isinstance(v, str) and counting.folded(v) == value).to_numpy(dtype=bool)]
    return rows.loc[of_any(rows[column], [value])]


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
