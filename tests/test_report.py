"""The board report: the PDF's text, the Excel workbook read back, empty and messy periods."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pytest
from pypdf import PdfReader

from fcdash import i18n, report, schema
from fcdash.store.workbook import WorkbookStore
from fcdash.parsing import read_snapshot
from tests.conftest import ROOT, TODAY


@pytest.fixture
def snap(demo_workbook):
    return read_snapshot(WorkbookStore(demo_workbook))


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def test_the_default_period_runs_from_the_day_after_the_last_board_meeting(snap):
    last = report.last_board_meeting(snap)
    assert last == max(f for f in snap["followups"]["date"]).date()
    assert report.default_period(snap, TODAY) == (last + dt.timedelta(days=1), TODAY)


def test_the_pdf_holds_every_goal_its_colours_and_the_key_figures(snap):
    start, end = report.default_period(snap, TODAY)
    data = report.build(snap, start, end, today=TODAY, centre="Frivilligcenter Demo")
    pdf = report.pdf(data)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1  # A4
    text = text_of(pdf)
    assert "Frivilligcenter Demo" in text
    assert f"perioden {i18n.fmt_date(start)} – {i18n.fmt_date(end)}" in text
    assert f"Lavet {i18n.fmt_date(TODAY)}" in text
    for goal_id, goal in zip(data.goals["id"], data.goals["goal"]):
        assert f"{goal_id} {goal}" in text, goal_id
    for label in ("Grøn", "Gul", "Rød", "≠ Mål ændret"):
        assert label in text
    for row in data.figures.to_dict("records"):
        label = i18n.t(f"report.figure.{row['figure']}")
        assert f"{label} {i18n.fmt_number(row['value'])} {i18n.fmt_number(row['previous'])}" in text, label
    for row in data.reach.to_dict("records"):
        assert row["initiative"] in text
    assert i18n.t("report.events", count=len(data.events)) in text
    assert len(data.events) > 0 and data.events.iloc[0]["title"] in text
    comment = "Kommunen har ændret planerne for huset; målet er ændret."
    assert comment in text


def test_the_excel_workbook_has_the_same_figures_with_real_dates_and_numbers(snap):
    start, end = report.default_period(snap, TODAY)
    data = report.build(snap, start, end, today=TODAY, centre="Frivilligcenter Demo")
    wb = openpyxl.load_workbook(io.BytesIO(report.excel(data)))
    assert wb.sheetnames == ["Mål", "Opfølgninger", "Nøgletal", "Rækkevidde", "Medlemmer", "Arrangementer"]
    figures = {r[0]: (r[1], r[2]) for r in wb["Nøgletal"].iter_rows(min_row=2, values_only=True)}
    for row in data.figures.to_dict("records"):
        assert figures[i18n.t(f"report.figure.{row['figure']}")] == (row["value"], row["previous"])
    events = wb["Arrangementer"]
    assert [c.value for c in events[1]][:2] == ["Dato", "Titel"] and events[1][0].font.bold
    assert events.auto_filter.ref and events.freeze_panes == "A2"
    assert events.max_row == len(data.events) + 1 and events["A2"].is_date
    assert isinstance(events.cell(row=2, column=6).value, int)
    goals = list(wb["Mål"].iter_rows(min_row=2, values_only=True))
    assert [g[0] for g in goals] == list(data.goals["id"])
    assert {g[3] for g in goals} >= {schema.GREEN, schema.YELLOW, schema.RED, schema.CHANGED}


def test_an_empty_period_is_a_sensible_report(snap):
    data = report.build(snap, dt.date(2030, 1, 1), dt.date(2030, 3, 31), today=TODAY, centre="X")
    text = text_of(report.pdf(data))
    assert "Ingen arrangementer i perioden." in text and "Arrangementer 0" in text
    assert openpyxl.load_workbook(io.BytesIO(report.excel(data)))["Arrangementer"].max_row == 1


def test_a_period_with_data_problems_says_so(demo_workbook):
    wb = openpyxl.load_workbook(demo_workbook)
    wb["Arrangementer"].append(["ARR-X", "32-11-2026", "Café", "Cafémøde", None, None, None, None, "mange"])
    wb.save(demo_workbook)
    snap = read_snapshot(WorkbookStore(demo_workbook))
    data = report.build(snap, *report.default_period(snap, TODAY), today=TODAY, centre="X")
    assert "regnearket har 2 celler, som ikke kunne læses" in text_of(report.pdf(data))


@pytest.mark.skipif(shutil.which("pdftoppm") is None,
                    reason="pdftoppm is not installed: apt-get install poppler-utils (.ci/run does)")
def test_the_first_page_rendered_for_review(snap, tmp_path):
    data = report.build(snap, *report.default_period(snap, TODAY), today=TODAY, centre="Frivilligcenter Demo")
    (tmp_path / "rapport.pdf").write_bytes(report.pdf(data))
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "rapport.pdf"),
                    str(out / "rapport-side-1")], check=True, timeout=60)
    assert (out / "rapport-side-1.png").stat().st_size > 10_000


def test_a_cell_full_of_line_breaks_still_fits_a_page(snap):
    comments = snap["followups"].assign(comment="a\n" * 200)
    messy = report.Snapshot(frames={**snap.frames, "followups": comments}, problems=[], read_at=snap.read_at)
    data = report.build(messy, *report.default_period(messy, TODAY), today=TODAY, centre="X")
    assert report.pdf(data).startswith(b"%PDF")


def test_reach_against_what_is_due_in_words():
    row = {"band": "young", "attendances": 84, "expected": 72, "target": 126}
    assert report.due_text(row) == "Unge 15-25: 84 fremmøder, 12 foran det forventede til i dag (72 af 126 for kvartalet)."
    assert report.due_text({**row, "attendances": 62}) == (
        "Unge 15-25: 62 fremmøder, 10 bagud i forhold til det forventede til i dag (72 af 126 for kvartalet).")
    assert report.due_text({**row, "band": "all", "attendances": 1, "expected": 1, "target": 1200}) == (
        "Alle aldre: 1 fremmøde, præcis det forventede til i dag (1 af 1.200 for kvartalet).")
    assert report.due_text({**row, "band": "elderly"}, "en") == (
        "Elderly 65+: 84 attendances, 12 ahead of what is expected by today (72 of 126 for the quarter).")
