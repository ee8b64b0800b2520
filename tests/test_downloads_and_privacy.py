"""What leaves the dashboard: no download holds a live formula, and nothing a viewer sees or
downloads holds an e-mail address or a phone number, wherever in the sheet it was typed.

Every page runs in AppTest with the CSV of each table and chart it offers recorded (the Excel is
made from the same frame, on the click); the report is built for the page's period as the page
builds it."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fcdash import entries, exports, privacy, schema
from fcdash.reports import board, yearly
from fcdash.parsing import read_snapshot
from fcdash.schema import Kind
from fcdash.store.workbook import WorkbookStore
from fcdash.ui import widgets
from tests.conftest import PAGES, ROOT, TODAY, as_editor, open_page

FORMULAS = ("=1+1", '=HYPERLINK("http://example.com";"klik")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
            "\t=1+2", "\r=1+3")


def _set(path, plant) -> None:
    """Change the workbook as a volunteer would, typing text as text: ``plant(tab, ws, header)``."""
    wb = openpyxl.load_workbook(path)
    for tab in schema.TABS:
        if tab.title in wb.sheetnames:
            ws = wb[tab.title]
            plant(tab, ws, [c.value for c in ws[1]])
    wb.save(path)


def _text_cell(ws, row: int, column: int, value: str) -> None:
    cell = ws.cell(row=row, column=column, value=value)
    cell.data_type = "s"  # typed as text ('=1+1 in LibreOffice), not as a formula


def _first_rows_text(value_for):
    """In each tab's first three data rows, every text column's cell set to ``value_for(tab, column, i)``."""
    def plant(tab, ws, header):
        for col in tab.columns:
            if col.kind is Kind.TEXT and col.header in header:
                for i, row in enumerate(range(2, min(ws.max_row, 4) + 1)):
                    _text_cell(ws, row, header.index(col.header) + 1, value_for(tab, col, i))
    return plant


class Downloads:
    """Every frame a page offers for download, recorded as the page offers it."""

    def __init__(self, monkeypatch):
        self.frames: list[pd.DataFrame] = []
        self.reports: list[board.Report] = []
        self.csv_bytes, build = exports.csv_bytes, board.build

        offer = widgets.downloads

        def record_offer(frame, name):  # the files are made when asked for: the frame they are made of
            self.frames.append(frame)
            return offer(frame, name)

        def record_report(*args, **kwargs):
            self.reports.append(build(*args, **kwargs))
            return self.reports[-1]

        monkeypatch.setattr(widgets, "downloads", record_offer)
        monkeypatch.setattr(board, "build", record_report)

    def files(self) -> list[tuple[str, bytes]]:
        """Each download as the person gets it: CSV and Excel of each frame, the report's PDF and Excel."""
        out = []
        for i, frame in enumerate(self.frames):
            out += [(f"table{i}.csv", self.csv_bytes(frame)), (f"table{i}.xlsx", exports.excel_bytes({"t": frame}))]
        for i, content in enumerate(self.reports):
            out += [(f"report{i}.xlsx", board.excel(content, "da")), (f"report{i}.pdf", board.pdf(content, "da"))]
        return out


def _run_every_page(monkeypatch, workbook, *, editor: bool) -> tuple[str, Downloads]:
    """All text of every page (the elements as sent to the browser) and every download."""
    monkeypatch.setenv("FCDASH_WORKBOOK", str(workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    downloads = Downloads(monkeypatch)
    shown = []
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if editor:
            as_editor(at, monkeypatch)
        open_page(at, page, workbook)
        assert not at.exception, [e.message for e in at.exception]
        for tree in (at.main, at.sidebar):
            shown += [str(getattr(node, "proto", "")) for node in _walk(tree)]
            shown += [node.value.to_csv() for node in _walk(tree) if isinstance(getattr(node, "value", None),
                                                                                pd.DataFrame)]
    return "\n".join(shown), downloads


def _yearly_files(snap) -> list[tuple[str, bytes]]:
    """The yearly report of the year the planted rows are in, as the report page makes it."""
    content = yearly.build(snap, TODAY.year, today=TODAY, centre="Frivilligcenter Demo")
    return [("yearly.xlsx", yearly.excel(content, "da")), ("yearly.pdf", yearly.pdf(content, "da")),
            ("yearly.docx", yearly.docx(content, "da"))]


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _text_of(name: str, data: bytes) -> str:
    if name.endswith(".csv"):
        return data.decode("utf-8-sig")
    if name.endswith(".xlsx"):
        wb = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None)
    if name.endswith(".docx"):
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in document.paragraphs]
                         + [c.text for table in document.tables for row in table.rows for c in row.cells])
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "poppler-utils is needed to read the report (apt-get install poppler-utils; .ci/run does)"
    return subprocess.run([pdftotext, "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


# --- formulas ---------------------------------------------------------------------------------------

def _assert_no_live_formula(name: str, data: bytes) -> int:
    """No cell of the file is a formula; returns how many planted formula texts it holds as text."""
    found = 0
    if name.endswith(".csv"):
        for row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
            for field in row:
                assert not exports.looks_like_formula(field), (name, field)
                found += field.lstrip("'") in FORMULAS
    elif name.endswith(".xlsx"):
        for ws in openpyxl.load_workbook(io.BytesIO(data)):
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                    if exports.looks_like_formula(cell.value):
                        assert cell.quotePrefix, (name, cell.coordinate, cell.value)
                    found += cell.value in FORMULAS
    return found


def test_formula_text_typed_by_hand_and_in_forms_leaves_every_download_as_text(monkeypatch, demo_workbook):
    """Walked as an editor, who is shown and may download the most; the viewer's walk below gets
    a subset of the same frames."""
    _set(demo_workbook, _first_rows_text(lambda tab, col, i: FORMULAS[(i + len(col.key)) % len(FORMULAS)]))
    _set(demo_workbook, _every_column_of_a_new_row)
    store = WorkbookStore(demo_workbook)
    values = {"date": TODAY, "type": schema.EVENT_TYPES[0], "title": "=HYPERLINK(\"http://x\";\"y\")",
              "participants": 3, "note": "@SUM(1)"}
    store.append_rows("events", [entries.row("events", values, "ARR-FORMEL")])  # typed into the entry form
    shown, downloads = _run_every_page(monkeypatch, demo_workbook, editor=True)
    files = downloads.files() + _yearly_files(read_snapshot(store))
    assert len(downloads.frames) >= 10 and downloads.reports
    planted = sum(_assert_no_live_formula(name, data) for name, data in files)
    assert planted >= 20, planted  # the planted texts did come out, as text
    # The personal-data walk below would see what it looks for: an editor is shown it.
    assert len(set(PERSONAL.findall(shown))) >= 2
    assert any(PERSONAL.findall(_text_of(name, data)) for name, data in files)


def test_the_planted_formulas_open_as_text_in_libreoffice(tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is needed (apt-get install libreoffice-calc-nogui; .ci/run does)"
    frame = pd.DataFrame({"Titel": list(FORMULAS), "Deltagere": range(len(FORMULAS)),
                          "Dato": pd.Timestamp("2026-11-23")})
    (tmp_path / "ud.xlsx").write_bytes(exports.excel_bytes({"Arrangementer": frame}))
    (tmp_path / "ud.csv").write_bytes(exports.csv_bytes(frame))
    for source, target in (("ud.xlsx", "csv"), ("ud.csv", "xlsx")):
        out = tmp_path / target
        subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                        "--infilter=CSV:59,34,76,1", "--convert-to", target, "--outdir", str(out),
                        str(tmp_path / source)], check=True, capture_output=True, timeout=180)
        converted = next(out.iterdir())
        if target == "csv":  # what LibreOffice shows: the text itself, nothing calculated
            rows = list(csv.reader(io.StringIO(converted.read_text(encoding="utf-8"), newline=""), delimiter=";"))
            titles = [row[0] for row in rows[1:]]
            assert titles[:6] == list(FORMULAS[:6]) and titles[6] in ("\r=1+3", "\n=1+3"), titles
        else:  # the CSV read by LibreOffice holds no formula
            wb = openpyxl.load_workbook(converted)
            assert all(c.data_type != "f" for ws in wb for row in ws.iter_rows() for c in row)
            assert wb.active["A2"].value.lstrip("'") == "=1+1"


def test_excel_downloads_have_dates_as_dates_and_numbers_as_numbers():
    frame = pd.DataFrame({"Dato": [pd.Timestamp("2026-11-23"), pd.Timestamp("2026-11-24 09:30")],
                          "Blandet": [pd.Timestamp("2026-01-02").date(), "tekst"], "Antal": [3, 4]})
    ws = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes({"t": frame}))).active
    assert ws["A2"].is_date and ws["A2"].number_format == "DD-MM-YYYY"
    assert ws["A3"].number_format == "DD-MM-YYYY HH:MM"
    assert ws["B2"].is_date and ws["B2"].number_format == "DD-MM-YYYY"
    assert ws["C2"].value == 3 and ws["C2"].data_type == "n"
    assert ws.freeze_panes == "A2"


# --- personal data ----------------------------------------------------------------------------------

def _email(tab, col, i) -> str:
    return f"{tab.key}.{col.key}.{i}@eksempel.dk"


def _phone(tab, col, i) -> str:
    return f"tlf. 2{schema.TABS.index(tab)} {len(col.key):02d} 4{i % 10} 5{i % 10}"


PERSONAL = re.compile(r"@eksempel\.dk|tlf\. 2\d \d\d 4\d 5\d")


def _every_column_of_a_new_row(tab, ws, header) -> None:
    """E-mails and phone numbers in every column of a new row, including the wrong ones."""
    row = ws.max_row + 1
    for j, name in enumerate(header, start=1):
        col = next((c for c in tab.columns if c.header == name), None)
        if col is not None and col.kind is not Kind.ID:
            _text_cell(ws, row, j, (_email if j % 2 else _phone)(tab, col, j))
        elif col is not None:
            _text_cell(ws, row, j, f"{tab.id_prefix}-PLANT")


def _plant_personal(path) -> None:
    """E-mails and phone numbers in every column of a new row of every tab, and in the text
    columns of rows the pages show."""
    _set(path, _every_column_of_a_new_row)
    _set(path, _first_rows_text(lambda tab, col, i: f"{_email(tab, col, i)} / {_phone(tab, col, i)}"))


def test_a_viewer_sees_and_downloads_no_email_or_phone_wherever_it_was_typed(monkeypatch, demo_workbook):
    _plant_personal(demo_workbook)
    shown, downloads = _run_every_page(monkeypatch, demo_workbook, editor=False)
    assert privacy.HIDDEN in shown  # the planted values were there, and were masked
    assert not PERSONAL.findall(shown), [shown[max(0, m.start() - 300):m.end() + 50] for m in PERSONAL.finditer(shown)][:2]
    for name, data in downloads.files() + _yearly_files(privacy.for_viewer(read_snapshot(WorkbookStore(demo_workbook)))):
        assert not PERSONAL.findall(_text_of(name, data)), name


def test_the_data_quality_page_hides_a_personal_columns_raw_value_from_a_viewer(demo_workbook):
    _plant_personal(demo_workbook)
    snap = read_snapshot(WorkbookStore(demo_workbook))
    viewer = privacy.for_viewer(snap)
    personal_problems = [p for p in viewer.problems if p.tab == "members" and p.column in
                         {c.header for c in schema.tab("members").columns if c.personal}]
    assert all(p.value in ("", privacy.HIDDEN) for p in personal_problems)
    assert all(not PERSONAL.search(p.value) for p in viewer.problems)
    assert any(PERSONAL.search(p.value) for p in snap.problems)  # unmasked for an editor
    assert viewer["members"][schema.personal_columns("members")].isna().all().all()


@pytest.mark.parametrize("text, masked", [
    ("ring 12345678", "ring •••"), ("tlf 12 34 56 78", "tlf •••"), ("+45 1234 5678", "•••"),
    ("Tlf: 0045 12345678", "Tlf: •••"), ("skriv til a.b@c.dk", "skriv til •••"),
    ("27.10.2026", "27.10.2026"), ("1.660 deltagere", "1.660 deltagere"), ("ARR-12345678", "ARR-12345678"),
    ("2026-11-24", "2026-11-24"), ("123456789", "123456789"), ("kr. 12345678,50", "kr. 12345678,50"),
    ("Tlf.12345678", "Tlf.•••"), ("tlf: 12345678/87654321", "tlf: •••/•••"), ("tlf 1234 56 78", "tlf •••"),
    ("+4512345678", "•••"), ("4512345678", "•••"), ("tlf-12345678", "tlf-•••"), ("anna@gmail", "•••"),
    ("sæson 2025-2026", "sæson 2025-2026"), ("kl. 10.00-12.00", "kl. 10.00-12.00"), ("12.345.678 kr", "12.345.678 kr"),
    ("mødet 27.10.2026 kl. 19", "mødet 27.10.2026 kl. 19"),
])
def test_mask_hides_emails_and_phone_numbers_and_nothing_else(text, masked):
    assert privacy.mask(text) == masked


def test_the_viewers_copy_keeps_every_columns_type_and_blanks(demo_workbook):
    """A page filters and searches the viewer's copy as it does the editor's: a column of blanks
    stays a column of blanks of the same type (pandas' .str on a note column that held only
    blanks once failed for viewers)."""
    snap = read_snapshot(WorkbookStore(demo_workbook))
    viewer = privacy.for_viewer(snap)
    for key, frame in snap.frames.items():
        assert (viewer[key].dtypes == frame.dtypes).all(), key
        assert (viewer[key].isna() == frame.isna()).drop(columns=schema.personal_columns(key)).all().all(), key
    assert viewer["events"]["note"].str.contains("x", na=False).dtype == bool
