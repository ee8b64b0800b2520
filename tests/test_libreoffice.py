"""A workbook saved by LibreOffice, as volunteers do, reads exactly like the one fcdash wrote,
and a row typed there with a bad date shows as a data problem with its cell."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import openpyxl
import pytest

from fcdash.store.workbook import WorkbookStore
from fcdash.parsing import read_snapshot

SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed: apt-get install libreoffice-calc-nogui (.ci/run does)")


def save_in_libreoffice(path, out_dir):
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{out_dir}/profile", "--convert-to", "xlsx",
                    "--outdir", str(out_dir), str(path)], check=True, capture_output=True, timeout=180)
    return out_dir / path.name


@pytest.mark.fault("the workbook changed by hand while the server runs")
def test_a_workbook_saved_by_libreoffice_reads_the_same_and_shows_the_new_problem(tmp_path, demo_workbook):
    wb = openpyxl.load_workbook(demo_workbook)
    header = [c.value for c in wb["Arrangementer"][1]]
    typed = {"ID": "ARR-LO", "Dato": "31.02.2026", "Titel": "Café", "Type": "Cafémøde", "Deltagere i alt": 12}
    wb["Arrangementer"].append([typed.get(h) for h in header])
    row = wb["Arrangementer"].max_row
    wb.save(demo_workbook)
    ours = read_snapshot(WorkbookStore(demo_workbook))
    saved = save_in_libreoffice(demo_workbook, tmp_path / "lo")
    theirs = read_snapshot(WorkbookStore(saved))
    assert [(p.cell, p.code) for p in theirs.problems] == [(f"Arrangementer!B{row}", "bad_date")]
    for key, frame in ours.frames.items():
        assert frame.equals(theirs.frames[key]), key
    # And the product keeps writing to the file LibreOffice saved.
    WorkbookStore(saved).append_rows("activities", [{"id": "AKT-LO", "date": dt.date(2026, 11, 20), "type": "Henvisning"}])
    assert read_snapshot(WorkbookStore(saved))["activities"]["id"].iloc[-1] == "AKT-LO"
