"""Pure metric functions: typed frames in, frames or numbers out. No Streamlit here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import schema
from fcdash.counting import ACTIVE_MEMBERS, MIN, Target
from fcdash.i18n import fmt_month

AGE_KEYS = list(schema.AGE_KEYS)
NO_FOLLOWUP = "none"  # colour key for goals the board has not followed up yet


def _ts(day: dt.date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def year_start(today: dt.date) -> dt.date:
    return dt.date(today.year, 1, 1)


def months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the month ``months - 1`` months before ``today``'s month."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by their id; a duplicated id (a data problem already) keeps its first row."""
    return frame.dropna(subset=["id"]).drop_duplicates("id").set_index("id")


def names(frame: pd.DataFrame) -> dict[str, str]:
    """Id -> name (the id itself where the name is blank): how references read on pages."""
    rows = by_id(frame)
    return {ident: name if isinstance(name, str) and name else ident for ident, name in rows["name"].items()}


def of_any(cells: pd.Series, ids) -> pd.Series:
    """Rows whose cell (a tuple of ids, or one id) names any of ``ids``."""
    wanted = set(ids)
    return cells.map(lambda cell: bool(wanted.intersection(cell)) if isinstance(cell, tuple) else cell in wanted
                     ).astype(bool)


def between(frame: pd.DataFrame, start: dt.date, end: dt.date, column: str = "date") -> pd.DataFrame:
    """Rows whose ``column`` falls from ``start`` to ``end``, both days included."""
    dates = frame[column]
    return frame.loc[(dates >= _ts(start)) & (dates <= _ts(end))]


def active_members(members: pd.DataFrame, at: dt.date) -> pd.DataFrame:
    """Members joined on or before ``at`` and not left by then. A member who leaves on a day is
    no longer active that day; a member with no join date counts as joined long ago. A row
    without a name (a total or a note typed under the table) is a data problem, not a member."""
    at = _ts(at)
    joined = members["joined"].isna() | (members["joined"] <= at)
    not_left = members["left"].isna() | (members["left"] > at)
    return members.loc[joined & not_left & members["name"].notna()]


def period_figures(snapshot, start: dt.date, end: dt.date) -> dict[str, int]:
    """The key figures of a period: the overview's (this year) and the report's (any period)."""
    events = between(snapshot["events"], start, end)
    bands = attendances_by_age(events).set_index("band")["attendances"]
    activities = between(snapshot["activities"], start, end)
    talks = activities.loc[activities["type"] == schema.GUIDANCE_TALK, "count"].sum()
    return {"events": len(events), "participants": int(events["participants"].sum()),
            "young": int(bands["young"]), "elderly": int(bands["elderly"]),
            "activities": int(activities["count"].sum()), "talks": int(talks),
            "joined": len(between(snapshot["members"], start, end, "joined")),
            "left": len(between(snapshot["members"], start, end, "left")),
            "active_members": len(active_members(snapshot["members"], end))}


def key_figures(snapshot, today: dt.date) -> dict[str, int]:
    """The overview's figures for ``today``'s year so far."""
    start = year_start(today)
    now = period_figures(snapshot, start, today)
    before = len(active_members(snapshot["members"], start - dt.timedelta(days=1)))
    return {"active_members": now["active_members"], "members_delta": now["active_members"] - before,
            "events": now["events"], "participants": now["participants"], "activities": now["activities"]}


def per_month(events: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Events and attendances for every month from ``start`` to ``end`` (empty months as 0)."""
    months = pd.period_range(_ts(start), _ts(end), freq="M")
    rows = between(events, start, end)
    grouped = rows.groupby(rows["date"].dt.to_period("M")).agg(
        events=("date", "size"), participants=("participants", "sum"))
    out = grouped.reindex(months, fill_value=0)
    out.index.name = "month"
    out = out.reset_index()
    out["month"] = out["month"].dt.to_timestamp()
    return out.astype({"events": "int64", "participants": "int64"})


def attendances_by_age(events: pd.DataFrame) -> pd.DataFrame:
    """Attendances per age band, with the part of each total no band accounts for as 'unknown'."""
    bands = events[AGE_KEYS].fillna(0).astype("int64")
    total = events["participants"].fillna(0).astype("int64")
    unknown = (total - bands.sum(axis=1)).clip(lower=0)
    values = [*(int(bands[k].sum()) for k in AGE_KEYS), int(unknown.sum())]
    return pd.DataFrame({"band": [*AGE_KEYS, "unknown"], "attendances": values})


def activities_by_type(activities: pd.DataFrame) -> pd.DataFrame:
    """Activity-log entries (their counts added up) per type, most first."""
    out = activities.groupby(activities["type"].astype(object).fillna(""), sort=False)["count"].sum()
    out = out.astype("int64").rename("count").reset_index()
    return out.sort_values(["count", "type"], ascending=[False, True], ignore_index=True)


def latest_followups(followups: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    """The newest follow-up of each goal (the later row wins on the same date), as they stood on
    ``as_of`` where given."""
    rows = followups.loc[followups["goal"].notna() & followups["date"].notna()]
    if as_of is not None:
        rows = rows.loc[rows["date"] <= _ts(as_of)]
    rows = rows.sort_values(["date", "_row"], kind="stable")
    return rows.drop_duplicates("goal", keep="last").set_index("goal")


def goals_by_colour(goals: pd.DataFrame, followups: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    """How many goals have each result colour at the board's latest follow-up."""
    latest = latest_followups(followups, as_of)["result"]
    colours = goals["id"].map(latest).astype(object).fillna(NO_FOLLOWUP)
    colours = colours.where(colours.isin(schema.COLOURS), NO_FOLLOWUP)
    order = [*schema.COLOURS, NO_FOLLOWUP]
    counts = colours.value_counts().reindex(order, fill_value=0)
    return pd.DataFrame({"colour": order, "goals": counts.to_numpy(dtype="int64")})


# --- over time ----------------------------------------------------------------------------------

FREQS = {"M": "M", "Q": "Q"}


def periods(start: dt.date, end: dt.date, freq: str) -> pd.PeriodIndex:
    return pd.period_range(_ts(start), _ts(end), freq=FREQS[freq])


def period_label(period: pd.Period, lang: str = "da") -> str:
    """'mar. 2026' for a month, 'K1 2026' (Q1 2026) for a quarter."""
    if period.freqstr.startswith("Q"):
        return f"{'Q' if lang == 'en' else 'K'}{period.quarter} {period.year}"
    return fmt_month(period.start_time, lang)


# --- reach of the loneliness initiatives ----------------------------------------------------------

def loneliness_initiatives(initiatives: pd.DataFrame) -> list[str]:
    """The ids of the initiatives whose focus is loneliness."""
    return list(initiatives.loc[initiatives["focus"] == schema.FOCUS_LONELINESS, "id"].dropna())


def attendances_by_band_over_time(events: pd.DataFrame, start: dt.date, end: dt.date, freq: str) -> pd.DataFrame:
    """Attendances per age band (and the unexplained rest) in each month or quarter, long form."""
    spans = periods(start, end, freq)
    rows = between(events, start, end)
    bands = rows[AGE_KEYS].fillna(0).astype("int64")
    bands["unknown"] = (rows["participants"].fillna(0).astype("int64") - bands.sum(axis=1)).clip(lower=0)
    bands["period"] = rows["date"].dt.to_period(FREQS[freq])
    wide = bands.groupby("period").sum().reindex(spans, fill_value=0)
    wide.index.name = "period"
    long = wide.reset_index().melt(id_vars="period", var_name="band", value_name="attendances")
    return long.astype({"attendances": "int64"})


def cumulative_reach(events: pd.DataFrame, initiatives: pd.DataFrame, ids: list[str], start: dt.date,
                     end: dt.date, freq: str) -> pd.DataFrame:
    """Attendances added up over time for each initiative, beside its reach target."""
    spans = periods(start, end, freq)
    rows = between(events.loc[of_any(events["initiatives"], ids)], start, end).explode("initiatives")
    per = rows.groupby([rows["initiatives"], rows["date"].dt.to_period(FREQS[freq])])["participants"].sum()
    targets = by_id(initiatives)["reach_target"]
    names = by_id(initiatives)["name"]
    out = []
    for ident in ids:
        series = per.get(ident, pd.Series(dtype="int64")) if ident in per.index.get_level_values(0) else pd.Series(dtype="int64")
        series = series.reindex(spans, fill_value=0).astype("int64").cumsum()
        target = targets.get(ident)
        out.append(pd.DataFrame({"period": spans, "initiative": ident, "name": names.get(ident, ident),
                                 "cumulative": series.to_numpy(),
                                 "target": int(target) if pd.notna(target) else pd.NA}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(
        columns=["period", "initiative", "name", "cumulative", "target"])


def organisations_over_time(events: pd.DataFrame, start: dt.date, end: dt.date, freq: str) -> pd.DataFrame:
    """Distinct member organisations taking part in each period, and all so far."""
    spans = periods(start, end, freq)
    rows = between(events, start, end)
    pairs = pd.DataFrame({"period": rows["date"].dt.to_period(FREQS[freq]), "org": rows["organisations"]})
    pairs = pairs.explode("org").dropna()
    first = pairs.groupby("org")["period"].min().value_counts().reindex(spans, fill_value=0)
    active = pairs.groupby("period")["org"].nunique().reindex(spans, fill_value=0)
    return pd.DataFrame({"period": spans, "organisations": active.to_numpy(dtype="int64"),
                         "cumulative": first.cumsum().to_numpy(dtype="int64")})


def attendances_by_area(events: pd.DataFrame) -> pd.DataFrame:
    """Attendances and events per local area, most first."""
    out = events.groupby(events["area"].fillna("–")).agg(events=("date", "size"), attendances=("participants", "sum"))
    out = out.astype("int64").reset_index()
    return out.sort_values(["attendances", "area"], ascending=[False, True], ignore_index=True)


def network(events: pd.DataFrame, members: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The organisations that worked together: nodes (events taken part in) and edges (two
    organisations at the same event; weight = how many events they shared)."""
    pairs = pd.DataFrame({"event": events.index, "org": events["organisations"]}).explode("org").dropna()
    pairs = pairs.drop_duplicates()
    nodes = pairs.groupby("org").size().rename("events").reset_index()
    nodes["name"] = nodes["org"].map(names(members)).astype(object).fillna(nodes["org"])
    both = pairs.merge(pairs, on="event")
    both = both.loc[both["org_x"] < both["org_y"]]
    edges = both.groupby(["org_x", "org_y"]).size().rename("weight").reset_index()
    edges.columns = ["source", "target", "weight"]
    return (nodes.sort_values(["events", "org"], ascending=[False, True], ignore_index=True),
            edges.sort_values(["weight", "source", "target"], ascending=[False, True, True], ignore_index=True))


def target_share(initiative, start, end) -> int | None:
    """The part of an initiative's reach target that falls from ``start`` to ``end``: the target
    spread evenly over the initiative's days. None without a target or dates."""
    if pd.isna(initiative["reach_target"]) or pd.isna(initiative["start"]) or pd.isna(initiative["end"]):
        return None
    days = (initiative["end"] - initiative["start"]).days + 1
    overlap = (min(_ts(end), initiative["end"]) - max(_ts(start), initiative["start"])).days + 1
    return round(int(initiative["reach_target"]) * max(overlap, 0) / days) if days > 0 else None


def reach_by_initiative(events: pd.DataFrame, initiatives: pd.DataFrame, ids: list[str], start: dt.date,
                        end: dt.date, target_end: dt.date | None = None) -> pd.DataFrame:
    """Each initiative's attendances by age band from ``start`` to ``end``, the organisations
    taking part, and the part of its reach target that falls from ``start`` to ``target_end``
    (default ``end``; the target spread evenly over the initiative's days)."""
    rows = between(events, start, end)
    known = by_id(initiatives)
    out = []
    for ident in ids:
        init = known.loc[ident]
        mine = rows.loc[of_any(rows["initiatives"], [ident])]
        bands = attendances_by_age(mine).set_index("band")["attendances"]
        out.append({"initiative": ident, "name": init["name"], **{k: int(bands[k]) for k in AGE_KEYS},
                    "attendances": int(mine["participants"].sum()),
                    "target": target_share(init, start, target_end or end),
                    "organisations": int(mine["organisations"].explode().dropna().nunique())})
    return pd.DataFrame(out, columns=["initiative", "name", *AGE_KEYS, "attendances", "target", "organisations"])


def due_by(target: int, start: dt.date, end: dt.date, today: dt.date) -> int:
    """The part of a period's ``target`` due by ``today``: the target spread evenly over the
    period's days, today included; none of it before the period, all of it from its last day."""
    days = (_ts(end) - _ts(start)).days + 1
    if days <= 0:
        return int(target)
    elapsed = min(max((_ts(today) - _ts(start)).days + 1, 0), days)
    return round(int(target) * elapsed / days)


def target_bands(initiative) -> list[str]:
    """The age bands an initiative's target is for (its target groups that are an age band);
    none when it is for everyone."""
    groups = initiative["target_group"]
    groups = groups if isinstance(groups, tuple) else (groups,) if isinstance(groups, str) else ()
    return [schema.BAND_OF_GROUP[g] for g in groups if g in schema.BAND_OF_GROUP]


def quarter_reach_due(events: pd.DataFrame, initiatives: pd.DataFrame, ids: list[str], today: dt.date) -> pd.DataFrame:
    """This quarter so far for each initiative with a reach target, one row per age band its
    target is for ("all" when it is for everyone): the band's attendances, the quarter's part of
    the target, and how much of that is due by ``today``. An initiative for two bands shares its
    target between them by the number of bands."""
    quarter = pd.Timestamp(today).to_period("Q")
    q_start, q_end = quarter.start_time.date(), quarter.end_time.date()
    rows = between(events, q_start, today)
    known = by_id(initiatives)
    out = []
    for ident in ids:
        init = known.loc[ident]
        target = target_share(init, q_start, q_end)
        if target is None:
            continue
        # The quarter as far as the initiative runs in it: the target is due over those days.
        start = max(_ts(q_start), init["start"]).date()
        end = min(_ts(q_end), init["end"]).date()
        mine = rows.loc[of_any(rows["initiatives"], [ident])]
        bands = target_bands(init)
        counts = attendances_by_age(mine).set_index("band")["attendances"]
        for band in bands or ["all"]:
            share = round(target / len(bands)) if bands else target
            out.append({"initiative": ident, "name": init["name"], "band": band,
                        "attendances": int(counts[band]) if bands else int(mine["participants"].sum()),
                        "expected": due_by(share, start, end, today), "target": share})
    return pd.DataFrame(out, columns=["initiative", "name", "band", "attendances", "expected", "target"])


def quarter_reach(events: pd.DataFrame, initiatives: pd.DataFrame, ids: list[str], today: dt.date) -> pd.DataFrame:
    """This quarter's reach so far for each initiative, beside the whole quarter's share of its
    reach target."""
    quarter = pd.Timestamp(today).to_period("Q")
    return reach_by_initiative(events, initiatives, ids, quarter.start_time.date(), today, quarter.end_time.date())


# --- membership -----------------------------------------------------------------------------------

def members_over_time(members: pd.DataFrame, start: dt.date, end: dt.date, freq: str = "M") -> pd.DataFrame:
    """Active member organisations at the end of each month or quarter (today for the last)."""
    spans = periods(start, end, freq)
    days = [min(p.end_time.normalize(), _ts(end)) for p in spans]
    joined = members["joined"].fillna(pd.Timestamp.min).to_numpy()
    left = members["left"].fillna(pd.Timestamp.max).to_numpy()
    counts = [int(((joined <= d.to_datetime64()) & (left > d.to_datetime64())).sum()) for d in days]
    return pd.DataFrame({"date": days, "active": counts})


def joins_and_leaves(members: pd.DataFrame, start: dt.date, end: dt.date, freq: str = "Q") -> pd.DataFrame:
    """Members joining and leaving in each quarter (a join and a leave on the same day both count)."""
    spans = periods(start, end, freq)
    joined = between(members, start, end, "joined")["joined"].dt.to_period(FREQS[freq]).value_counts()
    left = between(members, start, end, "left")["left"].dt.to_period(FREQS[freq]).value_counts()
    return pd.DataFrame({"period": spans, "joined": joined.reindex(spans, fill_value=0).to_numpy(dtype="int64"),
                         "left": left.reindex(spans, fill_value=0).to_numpy(dtype="int64")})


def members_by(members: pd.DataFrame, at: dt.date, by: str) -> pd.DataFrame:
    """Active members on a day by type, target group (a member counts in each of its groups) or area."""
    active = active_members(members, at)
    values = active[by].explode() if by == "target_groups" else active[by]
    counts = values.fillna("–").value_counts()
    out = counts.rename("members").rename_axis(by).reset_index()
    return out.sort_values(["members", by], ascending=[False, True], ignore_index=True)


def membership_target(goals: pd.DataFrame) -> tuple[int, pd.Timestamp] | None:
    """The target of the first goal that counts active members, and the day it is due."""
    rows = goals.loc[(goals["count"] == ACTIVE_MEMBERS)
                     & goals["target"].map(lambda v: isinstance(v, Target) and v.kind == MIN)]
    if rows.empty:
        return None
    first = rows.iloc[0]
    return first["target"].low, first["end"]


# --- events -----------------------------------------------------------------------------------------

def participants_by_type(events: pd.DataFrame, start: dt.date, end: dt.date, freq: str = "M") -> pd.DataFrame:
    """Participants per event type in each month, long form."""
    rows = between(events, start, end)
    grouped = rows.groupby([rows["date"].dt.to_period(FREQS[freq]).rename("period"),
                            rows["type"].fillna("–").rename("type")])["participants"].sum()
    out = grouped.astype("int64").rename("participants").reset_index()
    return out.sort_values(["period", "type"], ignore_index=True)


TIMELINE_EVENTS = 500  # more events than this are drawn on the timeline per week or month and type


def events_timeline(events: pd.DataFrame, most: int | None = None) -> tuple[pd.DataFrame, str | None]:
    """What the events timeline draws, and per what (None, "W" or "M"): each event itself (date,
    title, type, participants) when there are at most ``most`` of them; else per type and week
    (if they span a year at most) or month, on the period's first day, with the events and their
    participants counted. So the browser gets a few hundred points at most, not every event."""
    events = events.sort_values("date", kind="stable")
    if len(events) <= (TIMELINE_EVENTS if most is None else most):
        return events[["date", "title", "type", "participants"]], None
    dates = events["date"].dropna()
    per = "W" if len(dates) and dates.max() - dates.min() <= pd.Timedelta(days=366) else "M"
    rows = events.loc[events["date"].notna()]
    grouped = rows.groupby([rows["date"].dt.to_period(per).dt.start_time.rename("date"),
                            rows["type"].fillna("–").rename("type")]).agg(
        events=("date", "size"), participants=("participants", "sum"))
    return grouped.astype("int64").reset_index(), per


def online_split(events: pd.DataFrame) -> pd.DataFrame:
    """Events and participants online and in person (not stated counts as in person)."""
    online = events["online"].fillna(False).astype(bool)
    out = events.groupby(online.map({True: "online", False: "in_person"})).agg(
        events=("date", "size"), participants=("participants", "sum"))
    out = out.reindex(["in_person", "online"], fill_value=0).astype("int64")
    out.index.name = "mode"
    return out.reset_index()
