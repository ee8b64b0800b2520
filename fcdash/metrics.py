"""Pure metric functions: typed frames in, frames or numbers out. No Streamlit here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import schema

AGE_KEYS = [key for key, _ in schema.AGE_BANDS]
NO_FOLLOWUP = "none"  # colour key for goals the board has not followed up yet


def _ts(day: dt.date | pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp(day).normalize()


def year_start(today: dt.date) -> dt.date:
    return dt.date(today.year, 1, 1)


def months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the month ``months - 1`` months before ``today``'s month."""
    index = today.year * 12 + today.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


def between(frame: pd.DataFrame, start: dt.date, end: dt.date, column: str = "date") -> pd.DataFrame:
    """Rows whose ``column`` falls from ``start`` to ``end``, both days included."""
    dates = frame[column]
    return frame.loc[(dates >= _ts(start)) & (dates <= _ts(end))]


def active_members(members: pd.DataFrame, at: dt.date) -> pd.DataFrame:
    """Members joined on or before ``at`` and not left by then. A member who leaves on a day is
    no longer active that day; a member with no join date counts as joined long ago."""
    at = _ts(at)
    joined = members["joined"].isna() | (members["joined"] <= at)
    not_left = members["left"].isna() | (members["left"] > at)
    return members.loc[joined & not_left]


def key_figures(snapshot, today: dt.date) -> dict[str, int]:
    """The overview's figures for ``today``'s year so far."""
    start = year_start(today)
    events = between(snapshot["events"], start, today)
    activities = between(snapshot["activities"], start, today)
    members_now = len(active_members(snapshot["members"], today))
    members_new_year = len(active_members(snapshot["members"], start - dt.timedelta(days=1)))
    return {
        "active_members": members_now,
        "members_delta": members_now - members_new_year,
        "events": len(events),
        "participants": int(events["participants"].sum()),
        "activities": int(activities["count"].sum()),
    }


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
    out = activities.groupby(activities["type"].fillna(""), sort=False)["count"].sum()
    out = out.astype("int64").rename("count").reset_index()
    return out.sort_values(["count", "type"], ascending=[False, True], ignore_index=True)


def latest_followups(followups: pd.DataFrame) -> pd.DataFrame:
    """The newest follow-up of each goal (the later row wins on the same date)."""
    rows = followups.loc[followups["goal"].notna() & followups["date"].notna()]
    rows = rows.sort_values(["date", "_row"], kind="stable")
    return rows.drop_duplicates("goal", keep="last").set_index("goal")


def goals_by_colour(goals: pd.DataFrame, followups: pd.DataFrame) -> pd.DataFrame:
    """How many goals have each result colour at the board's latest follow-up."""
    latest = latest_followups(followups)["result"]
    colours = goals["id"].map(latest).fillna(NO_FOLLOWUP)
    colours = colours.where(colours.isin(schema.COLOURS), NO_FOLLOWUP)
    order = [*schema.COLOURS, NO_FOLLOWUP]
    counts = colours.value_counts().reindex(order, fill_value=0)
    return pd.DataFrame({"colour": order, "goals": counts.to_numpy(dtype="int64")})
