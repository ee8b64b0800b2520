"""Plans and logs as a centre's sheet holds them, for the tests that run every page and the
command on any plan as of any day: grids written to a real workbook, and the pages run on it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from fcdash import schema
from fcdash.store.workbook import create_workbook
from tests.conftest import ROOT


def write_workbook(folder: Path, grids: dict[str, list[list]]) -> Path:
    """A prepared workbook in ``folder`` whose tabs hold ``grids`` as typed (header row first); a
    tab not in ``grids`` keeps only its headers, a tab given as None is deleted."""
    path = create_workbook(folder / "frivilligcenter.xlsx")
    book = openpyxl.load_workbook(path)
    for key, grid in grids.items():
        sheet = book[schema.tab(key).title]
        if grid is None:
            book.remove(sheet)
            continue
        sheet.delete_rows(1, sheet.max_row)
        for row in grid:
            sheet.append(row)
    book.save(path)
    return path


def run_page(workbook: Path, page: str, today: dt.date, **state):
    """``page`` drawn from the menu on ``workbook`` as of ``today``; ``state``: widget values set
    before the page is drawn again (by key)."""
    from streamlit.testing.v1 import AppTest

    mp = pytest.MonkeyPatch()
    mp.setenv("FCDASH_WORKBOOK", str(workbook))
    mp.setenv("FCDASH_TODAY", today.isoformat())
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.switch_page(page).run()
        for key, value in state.items():
            at.session_state[key] = value
        if state:
            at.run()
    finally:
        mp.undo()
    return at
