"""The common way of doing the same, written here to measure fcdash against it.

A Streamlit dashboard on a Google Sheet is usually built like this: open the spreadsheet with
gspread's ``open_by_key`` and read each tab with ``get_all_records`` into a DataFrame, either on
every page run or behind ``st.cache_data(ttl=...)``; an entry is saved by reading the tab,
adding the row and writing the whole tab back (``clear`` + ``update``), which is what
streamlit-gsheets' ``conn.update`` does. This module does exactly that, with real gspread, against
the same emulator and data as the product.
"""

from __future__ import annotations

import gspread
import pandas as pd
import requests

from fcdash import schema
from fcdash.config import Config
from fcdash.store.gsheets import http_client


def client(config: Config) -> gspread.Client:
    gc = gspread.Client(None, session=requests.Session())
    gc.http_client = http_client(config)  # the emulator's address instead of Google's
    return gc


def read_all(gc: gspread.Client, key: str) -> dict[str, pd.DataFrame]:
    """Every tab as a DataFrame: ``open_by_key``, then one ``get_all_records`` per tab."""
    book = gc.open_by_key(key)
    return {tab.key: pd.DataFrame(book.worksheet(tab.title).get_all_records()) for tab in schema.TABS}


class Dashboard:
    """A viewer's page runs: with ``cached`` the tabs are read once and kept (shared by every
    viewer, like ``st.cache_data``) until a refresh; without, every page run reads them."""

    def __init__(self, gc: gspread.Client, key: str, *, cached: bool):
        self.gc, self.key, self.cached = gc, key, cached
        self._frames: dict[str, pd.DataFrame] | None = None

    def page(self) -> dict[str, pd.DataFrame]:
        if self._frames is None or not self.cached:
            self._frames = read_all(self.gc, self.key)
        return self._frames

    def refresh(self) -> None:
        self._frames = None


def save_by_rewrite(gc: gspread.Client, key: str, tab_key: str, row: dict[str, object]) -> None:
    """Add one row the clear-and-rewrite way: read the tab, add the row, write the tab back."""
    sheet = gc.open_by_key(key).worksheet(schema.tab(tab_key).title)
    grid = sheet.get_all_values()
    header = grid[0]
    by_header = {schema.tab(tab_key).column(k).header: v for k, v in row.items()}
    grid.append([by_header.get(h, "") for h in header])
    sheet.clear()
    if len(grid) > sheet.row_count:  # Google refuses a write past the grid; the recipes grow it first
        sheet.add_rows(len(grid) - sheet.row_count)
    sheet.update(grid, "A1")
