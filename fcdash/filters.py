"""The filters the reach, members and events pages share: period, initiative, local area and
member type, and how a link (``st.query_params``) holds them. Pure: a Filters value narrows the
snapshot's frames; a link's parameters are read into one (what cannot be meant is ignored) and
written from one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from fcdash.metrics import of_any


@dataclass(frozen=True)
class Filters:
    start: dt.date
    end: dt.date
    initiatives: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    member_types: tuple[str, ...] = ()


def events(frame: pd.DataFrame, members: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Events in the period, of the chosen initiatives and areas, with an organisation of a
    chosen member type taking part."""
    keep = (frame["date"] >= pd.Timestamp(f.start)) & (frame["date"] <= pd.Timestamp(f.end))
    if f.initiatives:
        keep &= of_any(frame["initiatives"], f.initiatives)
    if f.areas:
        keep &= frame["area"].isin(f.areas)
    if f.member_types:
        of_type = set(members.loc[members["type"].isin(f.member_types), "id"])
        keep &= frame["organisations"].map(lambda ids: isinstance(ids, tuple) and bool(of_type.intersection(ids)))
    return frame.loc[keep.fillna(False).astype(bool)]


def members(frame: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Members of the chosen areas and types (the period is applied by the time series)."""
    keep = pd.Series(True, index=frame.index)
    if f.areas:
        keep &= frame["area"].isin(f.areas)
    if f.member_types:
        keep &= frame["type"].isin(f.member_types)
    return frame.loc[keep]


# --- the filters in a link (?fra=2026-01-01&til=2026-03-31&lokal=Korsør): what a shared view holds ---

# Each filter's name in the address: short Danish words a board member can read and type.
LINK = {"start": "fra", "end": "til", "initiatives": "indsats", "areas": "lokal", "member_types": "type"}
YEARS_BACK, YEARS_AHEAD = 50, 10  # a period from a link outside these years is a typo, not a view
YES, NO = ("1", "ja", "yes", "true"), ("0", "nej", "no", "false")


def to_link(f: Filters, default: Filters) -> dict[str, list[str]]:
    """A view's filters as a link's parameters: only what differs from the default view (a link
    of the default view is the page's plain address); each chosen name a parameter of its own."""
    out: dict[str, list[str]] = {}
    if (f.start, f.end) != (default.start, default.end):
        out[LINK["start"]], out[LINK["end"]] = [f.start.isoformat()], [f.end.isoformat()]
    for field in ("initiatives", "areas", "member_types"):
        if getattr(f, field):
            out[LINK[field]] = list(getattr(f, field))
    return out


def from_link(params: Mapping[str, Sequence[str]], base: Filters, today: dt.date, *, initiatives: Iterable[str],
              areas: Iterable[str], member_types: Iterable[str]) -> Filters:
    """The filters a link sets over ``base`` (the view before it). What is missing keeps
    ``base``'s value, and so does what cannot be meant: a day that is no ISO date or lies
    over YEARS_BACK/YEARS_AHEAD from ``today``, a period that ends before it begins, or only
    names that are none of the known ones (an unknown name beside known ones is dropped)."""
    start = link_date(params.get(LINK["start"]), today) or base.start
    end = link_date(params.get(LINK["end"]), today) or base.end
    if start > end:
        start, end = base.start, base.end
    return Filters(start=start, end=end,
                   initiatives=link_names(params.get(LINK["initiatives"]), initiatives) or base.initiatives,
                   areas=link_names(params.get(LINK["areas"]), areas) or base.areas,
                   member_types=link_names(params.get(LINK["member_types"]), member_types) or base.member_types)


def link_date(values: Sequence[str] | None, today: dt.date) -> dt.date | None:
    """A link's day (the last one given), or None where it is none or out of range."""
    try:
        day = dt.date.fromisoformat(values[-1].strip()) if values else None
    except (ValueError, AttributeError):
        return None
    if day is None or not today.year - YEARS_BACK <= day.year <= today.year + YEARS_AHEAD:
        return None
    return day


def link_names(values: Sequence[str] | None, known: Iterable[str]) -> tuple[str, ...] | None:
    """A link's names that are known (each once, in the link's order), or None where none is."""
    known = set(known)
    found = tuple(dict.fromkeys(v for v in values or () if v in known))
    return found or None


def link_flag(values: Sequence[str] | None) -> bool | None:
    """A link's yes or no (1/ja/yes/true, 0/nej/no/false, any case), or None where it is neither."""
    word = values[-1].strip().casefold() if values and isinstance(values[-1], str) else None
    return True if word in YES else False if word in NO else None
