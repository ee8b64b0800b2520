"""The yearly report (Årsrapport) for the demo year: the PDF rendered with poppler, the Excel read
back with openpyxl, and the report page offering it for last year. The demo covers last year (2025,
whole) and this year (2026, to TODAY), so last year is a full year of data."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fcdash import counting, exports, goals, i18n, schema, tables
from fcdash.reports import yearly
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from tests.conftest import ROOT, TODAY
from tests.test_downloads_and_privacy import FORMULAS, _assert_no_live_formula
from tests.test_report import with_followups

YEAR = TODAY.year - 1  # 2025: "last year", the year the leader reports on
POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                             reason="pdftoppm is not installed: apt-get install poppler-utils (.ci/run does)")


@pytest.fixture
def snap(demo_workbook):
    return read_snapshot(WorkbookStore(demo_workbook))


@pytest.fixture
def content(snap):
    return yearly.build(snap, YEAR, today=TODAY, centre="Frivilligcenter Demo")


def poppler(tool: str, *args) -> str:
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True, timeout=120).stdout


def test_the_year_has_the_demo_boards_meetings_and_figures_against_the_year_before(snap, content):
    dates = sorted({d.date() for d in snap["followups"]["date"] if d.year == YEAR})
    assert content.meetings == dates and len(dates) >= 2
    assert content.complete and content.base.start == dt.date(YEAR, 1, 1) and content.base.end == dt.date(YEAR, 12, 31)
    figures = content.figures.set_index("figure")
    events = snap["events"]["date"]
    assert figures.at["events", "value"] == (events.dt.year == YEAR).sum() > 0
    # the year before the first event is no data (None), never 0
    before = (events.dt.year == YEAR - 1).sum() if (events.dt.year <= YEAR - 1).any() else None
    assert figures.at["events", "previous"] == before
    members = content.membership.set_index("figure")["value"]
    assert members["end"] == figures.at["active_members", "value"] and members["target"] == 70
    # Every goal has a row at every meeting; a light set at a meeting is the follow-up of that day.
    ids = [i for i in content.base.goals["id"] if isinstance(i, str)]
    assert len(content.lights) == len(ids) * len(dates)
    set_here = content.lights.loc[content.lights["set"]]
    follow = snap["followups"].loc[snap["followups"]["date"].dt.year == YEAR]
    assert sorted(zip(set_here["meeting"], set_here["goal"])) == sorted(zip(follow["date"], follow["goal"]))


@POPPLER
def test_the_pdf_names_every_goal_and_meeting_on_a_few_pages_and_never_splits_a_date(content, tmp_path):
    path = tmp_path / "aarsrapport.pdf"
    path.write_bytes(yearly.pdf(content))
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", path)).group(1))
    assert 2 <= pages <= 6, pages
    charts = [line for line in poppler("pdfimages", "-list", path).splitlines()[2:] if line.split()[2] == "image"]
    assert len(charts) == 3
    text = poppler("pdftotext", "-layout", path, "-")
    flat = " ".join(text.split())
    assert f"Årsrapport {YEAR}" in flat and f"Nøgletal {YEAR} mod {YEAR - 1}" in flat
    for label in ("Målenes trafiklys ved årets bestyrelsesmøder", "Det talte i hvert vindue",
                  "Ensomhed: rækkevidde efter aldersgruppe", "Bestyrelsens opfølgninger og kommentarer"):
        assert label in flat, label
    lines = text.splitlines()
    for goal in content.base.goals.to_dict("records"):
        assert any(re.match(rf"\s*{re.escape(goal['id'])} ", line) for line in lines), goal["id"]
    for meeting in content.meetings:
        assert meeting.strftime("%d.%m") in text and i18n.fmt_date(meeting) in text, meeting
    assert not [line for line in lines if re.search(r"\b\d{2}\.\d{2}\.\d{0,3}(?!\d)", line)
                and not re.search(r"\b\d{2}\.\d{2}\.\d{4}\b", line)]
    for row in content.base.history.to_dict("records"):  # the board's comments, each on its date's line
        assert any(i18n.fmt_date(row["date"]) in line and row["comment"].split()[0] in line for line in lines)


def _sheets(data: bytes) -> dict[str, list[dict]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb:
        rows = list(ws.iter_rows())
        head = [c.value for c in rows[0]]
        out[ws.title] = [dict(zip(head, row)) for row in rows[1:]]
    return out


def test_the_excel_has_a_sheet_per_part_with_dates_numbers_and_targets_as_numbers(snap, content):
    data = yearly.excel(content)
    sheets = _sheets(data)
    assert list(sheets) == ["Nøgletal", "Trafiklys pr. møde", "Mål", "Vinduer", "Rækkevidde", "Deltagernes stemme",
                            "Medlemmer", "Kommentarer"]
    events = next(r for r in sheets["Nøgletal"] if r["Nøgletal"].value == "Arrangementer")
    assert [events[k].value for k in (str(YEAR), str(YEAR - 1), "Ændring")] == [
        content.figures.iloc[0]["value"], content.figures.iloc[0]["previous"], content.figures.iloc[0]["change"]]
    meetings = {r["Bestyrelsesmøde"].value.date() for r in sheets["Trafiklys pr. møde"]}
    assert meetings == set(content.meetings)
    assert all(r["Bestyrelsesmøde"].number_format == exports.DATE for r in sheets["Trafiklys pr. møde"])
    assert all(isinstance(r["Fra"].value, dt.datetime) and r["Til"].number_format == exports.DATE
               and isinstance(r["Talt"].value, int) for r in sheets["Vinduer"])
    # Targets: typed as a number they are numbers, in words or as a range they stay text.
    typed = {g.id: g.target for g in snap["goals"].itertuples() if isinstance(g.target, counting.Target)}
    cells = {r["ID"].value: r["Målværdi"] for r in sheets["Mål"]}
    plain = [i for i, target in typed.items() if target.plain]
    worded = [i for i, target in typed.items() if not target.plain]
    assert plain and worded
    assert all(cells[i].data_type == "n" and cells[i].value == typed[i].low for i in plain)
    assert all(cells[i].data_type == "s" and cells[i].value == typed[i].text() for i in worded)
    assert {r["Nøgletal"].value: r["Værdi"].value for r in sheets["Medlemmer"]}["Aktive medlemmer ved årets slutning"] == \
        content.membership.set_index("figure").at["end", "value"]
    assert _assert_no_live_formula("aarsrapport.xlsx", data) == 0


def test_a_formula_typed_as_the_boards_comment_comes_out_of_the_yearly_report_as_text(snap):
    ids = [i for i in snap["goals"]["id"] if isinstance(i, str)][:len(FORMULAS)]
    planted = with_followups(snap, *[(dt.date(YEAR, 6, 24), goal, schema.GREEN, schema.GREEN, f)
                                     for goal, f in zip(ids, FORMULAS)])
    content = yearly.build(planted, YEAR, today=TODAY, centre="=1+1")
    assert dt.date(YEAR, 6, 24) in content.meetings
    data = yearly.excel(content)
    sheets = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in ("Trafiklys pr. møde", "Kommentarer"):  # each planted comment, as the text typed
        comments = [row[-1] for row in sheets[sheet].iter_rows(min_row=2, values_only=True)]
        assert [f for f in FORMULAS if f.replace("\r", "\n") in comments or f in comments] == list(FORMULAS), sheet
    assert _assert_no_live_formula("aarsrapport.xlsx", data) >= len(FORMULAS)


def test_a_target_typed_as_a_number_is_a_number_in_the_data_download(snap):
    table = tables.readable(snap["goals"], "goals", snap)
    column = schema.tab("goals").column("target").label("da")
    by_id = dict(zip(snap["goals"]["id"], table[column]))
    typed = {g.id: g.target for g in snap["goals"].itertuples() if isinstance(g.target, counting.Target)}
    assert {i: by_id[i] for i, t in typed.items() if t.plain} == {i: t.low for i, t in typed.items() if t.plain}
    ws = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"Mål": table})))["Mål"]
    index = [c.value for c in ws[1]].index(column)
    kinds = {row[index].data_type for row in ws.iter_rows(min_row=2) if row[index].value is not None}
    assert kinds == {"n", "s"}


def test_excel_columns_are_as_wide_as_what_they_show():
    frame = pd.DataFrame({"Dato": [pd.Timestamp(2026, 11, 24), pd.Timestamp(2026, 1, 2)],
                          "Kommentar": ["Kort", "Ældre borgere i Slagelse, Korsør og Skælskør mødtes til fællesspisning "
                                                "og sang; næste gang i Kongehavecentret"],
                          "Nøgletal for medlemsorganisationer": [1, 2]})
    ws = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"t": frame})))["t"]
    widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
    assert 9 <= widths["Dato"] <= 13  # dd-mm-yyyy and the filter button, not 2026-11-24 00:00:00
    assert widths["Kommentar"] == exports.WIDEST and ws["B3"].alignment.wrap_text  # a long text wraps
    assert widths["Nøgletal for medlemsorganisationer"] >= len("Nøgletal for medlemsorganisationer") + 3


def test_the_yearly_report_has_its_own_page_offering_last_year(monkeypatch, demo_workbook):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/yearly.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Årsrapport til FRIG og kommunen"
    assert at.selectbox(key="yearly_year").value == YEAR
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert set(buttons) == {"Hent årsrapporten som PDF", "Hent årsrapporten som Excel", "Hent årsrapporten som Word"}
    assert "Årsrapport 2025" in " ".join(m.value for m in at.markdown)
    assert not at.checkbox  # the board report's events appendix is not offered with the yearly report
    at.switch_page("app_pages/report.py").run()
    at.segmented_control(key="report_kind").set_value("year").run()
    labels = {b.proto.label for b in at.get("download_button")}
    assert labels == {"Hent rapporten som PDF", "Hent tallene som Excel"}
    assert at.title[0].value == "Rapport til bestyrelsesmødet"
