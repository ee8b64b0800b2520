"""The demo centre at 1x, 10x and 100x its volume, as rows and as the grids Google answers with.

A copy k of the demo is one more centre's worth of members, events and activity rows (ids and
member names get a suffix, references follow their copy); the goals, initiatives and board
follow-ups stay those of one centre. At 100x that is about 5,700 members, 25,000 events and
195,000 activity rows: some 1.4 million cells, well inside Google's 10 million.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fcdash import demo, schema
from fcdash.grid import locate_columns
from fcdash.store.base import row_cells
from fcdash.store.gsheets import _user_entered
from tests.sheets_emulator import render, user_entered

TODAY = dt.date(2026, 11, 23)
SCALED = ("members", "events", "activities")


def _suffix(value: Any, k: int) -> Any:
    return value if k == 0 or not value else f"{value}-{k}"


def _refs(value: Any, k: int) -> Any:
    """A comma-separated list of member ids, pointed at copy k's members."""
    if k == 0 or not value:
        return value
    return ", ".join(f"{v}-{k}" for v in str(value).split(", "))


def scaled_rows(factor: int, today: dt.date = TODAY) -> dict[str, list[dict]]:
    rows = demo.demo_rows(today)
    out = {key: list(value) for key, value in rows.items()}
    for k in range(1, factor):
        out["members"] += [{**r, "id": _suffix(r["id"], k), "name": f"{r['name']} ({k})"} for r in rows["members"]]
        out["events"] += [{**r, "id": _suffix(r["id"], k), "organisations": _refs(r["organisations"], k)}
                          for r in rows["events"]]
        out["activities"] += [{**r, "id": _suffix(r["id"], k), "organisation": _refs(r["organisation"], k)}
                              for r in rows["activities"]]
    return out


def google_grids(rows: dict[str, list[dict]]) -> dict[str, list[list[Any]]]:
    """Each tab as ``values:batchGet`` answers it (UNFORMATTED_VALUE, SERIAL_NUMBER) after the
    product wrote the rows: the emulator's own conversions, without the HTTP round trip."""
    grids = {}
    for tab in schema.TABS:
        header_row, positions, _ = locate_columns(tab, [tab.headers])
        width = len(tab.headers)
        grid: list[list[Any]] = [list(tab.headers)]
        for row in rows.get(tab.key, []):
            line: list[Any] = [""] * width
            for key, value in row_cells(tab, row).items():
                line[positions[key]] = render(user_entered(_user_entered(value)), "UNFORMATTED_VALUE", "SERIAL_NUMBER")
            while line and line[-1] == "":
                line.pop()
            grid.append(line)
        grids[tab.key] = grid
    return grids


def cells(grids: dict[str, list[list[Any]]]) -> int:
    return sum(len(r) for g in grids.values() for r in g)
