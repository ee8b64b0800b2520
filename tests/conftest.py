"""Shared fixtures: a fixed day, the demo data, and stores on tmp_path for every backend."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from fcdash import demo
from fcdash.store.workbook import WorkbookStore, create_workbook

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_rows():
    return demo.demo_rows(TODAY)


@pytest.fixture
def demo_workbook(tmp_path, demo_rows) -> Path:
    return create_workbook(tmp_path / "frivilligcenter.xlsx", demo_rows)


class WorkbookVolunteer:
    """Edits the workbook file directly, as a volunteer in LibreOffice would."""

    def __init__(self, path: Path):
        self.path = path

    def _edit(self, fn):
        wb = openpyxl.load_workbook(self.path)
        fn(wb)
        wb.save(self.path)

    def append(self, title: str, values: list) -> None:
        self._edit(lambda wb: wb[title].append(values))

    def insert_row(self, title: str, at: int, values: list) -> None:
        def change(wb):
            ws = wb[title]
            ws.insert_rows(at)
            for j, v in enumerate(values, start=1):
                ws.cell(row=at, column=j, value=v)
        self._edit(change)

    def delete_row(self, title: str, at: int) -> None:
        self._edit(lambda wb: wb[title].delete_rows(at))

    def rewrite(self, title: str, grid: list[list]) -> None:
        def change(wb):
            ws = wb[title]
            ws.delete_rows(1, ws.max_row)
            for row in grid:
                ws.append(row)
        self._edit(change)

    def cell_is_formula(self, title: str, row: int, column: int) -> bool:
        return openpyxl.load_workbook(self.path)[title].cell(row=row, column=column).data_type == "f"

    def grid(self, title: str) -> list[list]:
        return [list(r) for r in openpyxl.load_workbook(self.path)[title].iter_rows(values_only=True)]


@pytest.fixture(params=["workbook"])
def backend(request, tmp_path, demo_rows):
    """(store, volunteer) for each backend, filled with the demo data."""
    path = create_workbook(tmp_path / "frivilligcenter.xlsx", demo_rows)
    return WorkbookStore(path, lock_timeout=2), WorkbookVolunteer(path)
