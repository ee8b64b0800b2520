"""The filters the reach, members and events pages share: period, initiative, local area and
member type. Pure: a Filters value narrows the snapshot's frames."""

from __future__ import annotations

import datetime as dt
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
