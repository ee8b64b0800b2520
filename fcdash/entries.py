"""What the entry forms check before anything is written, and the rows they write.

Pure functions: the form's values in, a dict of problems by field (message key and parameters)
out. The page shows each message next to its field. No Streamlit here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from fcdash import references, schema
from fcdash.snapshot import Snapshot

FUTURE_DAYS = 31  # an entry records what happened; a date further ahead than this is a typo
Problems = dict[str, tuple[str, dict[str, Any]]]
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # every control character but tab and newline


def clean_text(value: str) -> str:
    """Text without control characters (a tab and a newline stay): pasted text brings them, and a
    spreadsheet cannot store most of them."""
    return _CONTROL.sub("", value)


def _ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["id"].dropna())


def _allowed(tab_key: str, key: str, snap: Snapshot) -> tuple[str, ...]:
    """A category column's values as its form offers them: the built-in ones and the centre's own."""
    return schema.categories(schema.tab(tab_key).column(key), references.own_lists(snap.frames.get("lists")))


def _common(values: dict, snap: Snapshot, today: dt.date, problems: Problems) -> None:
    day = values.get("date")
    if day is None:
        problems["date"] = ("entry.required", {})
    elif day > today + dt.timedelta(days=FUTURE_DAYS):
        problems["date"] = ("entry.future", {"days": FUTURE_DAYS})
    for key, tab in (("initiatives", "initiatives"), ("networks", "networks")):
        unknown = [i for i in values.get(key) or () if i not in _ids(snap[tab])]
        if unknown:
            problems[key] = ("entry.unknown", {"value": ", ".join(unknown)})
    goals = values.get("goals") or ((values["goal"],) if values.get("goal") else ())
    unknown = [g for g in goals if g not in _ids(snap["goals"])]
    if unknown:
        problems["goals" if "goals" in values else "goal"] = ("entry.unknown", {"value": ", ".join(unknown)})


def check_event(values: dict, snap: Snapshot, today: dt.date) -> Problems:
    problems: Problems = {}
    _common(values, snap, today, problems)
    if not (values.get("title") or "").strip():
        problems["title"] = ("entry.required", {})
    if values.get("type") not in _allowed("events", "type", snap):
        problems["type"] = ("entry.required", {})
    bands = sum(values.get(key) or 0 for key in schema.AGE_KEYS)
    total = values.get("participants")
    if total is not None and bands > total:
        problems["participants"] = ("entry.bands_exceed", {"bands": bands, "total": total})
    unknown = [o for o in values.get("organisations") or () if o not in _ids(snap["members"])]
    if unknown:
        problems["organisations"] = ("entry.unknown", {"value": ", ".join(unknown)})
    return problems


def likely_duplicate(values: dict, snap: Snapshot, pending: pd.DataFrame | None = None) -> bool:
    """An event with the same date, type and title is already logged, or on its way (``pending``:
    date, type and title of the events waiting in the outbox or just saved)."""
    events = snap["events"][["date", "type", "title"]]
    if pending is not None and len(pending):
        events = pd.concat([events, pending[["date", "type", "title"]]], ignore_index=True)
    if values.get("date") is None:
        return False
    same = ((events["date"] == pd.Timestamp(values["date"])) & (events["type"] == values.get("type"))
            & (events["title"].str.strip().str.casefold() == (values.get("title") or "").strip().casefold()))
    return bool(same.any())


def check_activity(values: dict, snap: Snapshot, today: dt.date) -> Problems:
    problems: Problems = {}
    _common(values, snap, today, problems)
    if values.get("type") not in _allowed("activities", "type", snap):
        problems["type"] = ("entry.required", {})
    if not values.get("count") or values["count"] < 1:
        problems["count"] = ("entry.at_least_one", {})
    if values.get("organisation") and values["organisation"] not in _ids(snap["members"]):
        problems["organisation"] = ("entry.unknown", {"value": values["organisation"]})
    return problems


def check_member(values: dict, snap: Snapshot, today: dt.date) -> Problems:
    problems: Problems = {}
    name = (values.get("name") or "").strip()
    if not name:
        problems["name"] = ("entry.required", {})
    elif name.casefold() in set(snap["members"]["name"].dropna().str.strip().str.casefold()):
        problems["name"] = ("entry.member_exists", {"value": name})
    if values.get("type") not in _allowed("members", "type", snap):
        problems["type"] = ("entry.required", {})
    day = values.get("joined")
    if day is not None and day > today + dt.timedelta(days=FUTURE_DAYS):
        problems["joined"] = ("entry.future", {"days": FUTURE_DAYS})
    return problems


def check_leave(values: dict, snap: Snapshot, today: dt.date) -> Problems:
    problems: Problems = {}
    member = values.get("member")
    if member not in _ids(snap["members"]):
        problems["member"] = ("entry.unknown" if member else "entry.required", {"value": member or ""})
    day = values.get("left")
    if day is None:
        problems["left"] = ("entry.required", {})
    elif day > today + dt.timedelta(days=FUTURE_DAYS):
        problems["left"] = ("entry.future", {"days": FUTURE_DAYS})
    return problems


def check_followup(values: dict, snap: Snapshot, today: dt.date) -> Problems:
    problems: Problems = {}
    _common(values, snap, today, problems)
    if not values.get("goal"):
        problems["goal"] = ("entry.required", {})
    for key in ("result", "time"):
        if values.get(key) not in schema.COLOURS:
            problems[key] = ("entry.required", {})
    return problems


def row(tab_key: str, values: dict, row_id: str) -> dict[str, Any]:
    """The row to write: the schema's columns of ``tab_key`` that the form filled in."""
    keys = {c.key for c in schema.tab(tab_key).columns}
    values = {k: clean_text(v).strip() if isinstance(v, str) else v for k, v in values.items()}
    out = {k: v for k, v in values.items() if k in keys and v not in (None, "", ())}
    if tab_key == "events" and out.get("participants") is None:
        bands = [values.get(k) for k in schema.AGE_KEYS if values.get(k) is not None]
        if bands:
            out["participants"] = sum(bands)
    return {"id": row_id, **out}
