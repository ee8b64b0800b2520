"""The board report: the PDF's text, the Excel workbook read back, empty and messy periods."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader

from fcdash import i18n, schema
from fcdash.reports import board, periods, words
from fcdash.snapshot import Snapshot
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
    last = periods.last_board_meeting(snap, TODAY)
    assert last == max(f for f in snap["followups"]["date"]).date() == dt.date(2026, 10, 27)
    assert periods.default_period(snap, TODAY) == (last + dt.timedelta(days=1), TODAY)
    assert periods.since_last_meeting(snap, TODAY).caption() == "Siden bestyrelsesmødet 27.10.2026"


def with_followups(snap, *rows):
    """The snapshot with follow-ups added: (date, goal, result, time, comment)."""
    import pandas as pd

    extra = pd.DataFrame([{"id": f"OPF-T{i}", "date": pd.Timestamp(day), "goal": goal, "result": result, "time": time,
                           "comment": comment, "author": "Bestyrelsen", "_row": 1000 + i}
                          for i, (day, goal, result, time, comment) in enumerate(rows)])
    followups = pd.concat([snap["followups"], extra], ignore_index=True)
    return Snapshot(frames={**snap.frames, "followups": followups}, problems=[], read_at=snap.read_at)


def test_a_board_that_met_today_reports_since_the_meeting_before_and_a_date_to_come_is_no_meeting(snap):
    met_today = with_followups(snap, (TODAY, "1.3", schema.GREEN, schema.YELLOW, "Mødet i dag: godt i gang."),
                               (TODAY + dt.timedelta(days=30), "1.5", schema.RED, schema.RED, "Tastefejl i året."))
    period = periods.since_last_meeting(met_today, TODAY)
    assert (period.meeting, period.start, period.end) == (dt.date(2026, 10, 27), dt.date(2026, 10, 28), TODAY)
    content = board.build(met_today, period.start, period.end, today=TODAY, centre="X", period=period)
    assert list(content.history["comment"]) == ["Mødet i dag: godt i gang."]
    assert content.history.iloc[0]["result"] == schema.GREEN
    text = text_of(board.pdf(content))
    assert "Siden bestyrelsesmødet 27.10.2026" in text and "Mødet i dag: godt i gang." in text


def test_the_pdf_holds_every_goal_its_colours_and_the_key_figures(snap):
    start, end = periods.default_period(snap, TODAY)
    data = board.build(snap, start, end, today=TODAY, centre="Frivilligcenter Demo")
    pdf = board.pdf(data)
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
        assert f"{label} {words.figure_value(row['value'])} {words.figure_value(row['previous'])}" in text, label
    for row in data.reach.to_dict("records"):
        assert row["initiative"] in text
    assert i18n.t("report.events", count=len(data.events)) not in text  # the appendix is asked for
    text = text_of(board.pdf(data, events=True))
    assert i18n.t("report.events", count=len(data.events)) in text
    assert len(data.events) > 0 and data.events.iloc[0]["title"] in text
    comment = "Kommunen har ændret planerne for huset; målet er ændret."
    assert comment in text


def test_the_excel_workbook_has_the_same_figures_with_real_dates_and_numbers(snap):
    start, end = periods.default_period(snap, TODAY)
    data = board.build(snap, start, end, today=TODAY, centre="Frivilligcenter Demo")
    wb = openpyxl.load_workbook(io.BytesIO(board.excel(data)))
    assert wb.sheetnames == ["Mål", "Opfølgninger", "Nøgletal", "Rækkevidde", "Deltagernes stemme", "Medlemmer",
                             "Arrangementer"]
    figures = {r[0]: (r[1], r[2]) for r in wb["Nøgletal"].iter_rows(min_row=2, values_only=True)}
    for row in data.figures.to_dict("records"):
        assert figures[i18n.t(f"report.figure.{row['figure']}")] == (row["value"], row["previous"])
    events = wb["Arrangementer"]
    assert [c.value for c in events[1]][:2] == ["Dato", "Titel"] and events[1][0].font.bold
    assert events.auto_filter.ref and events.freeze_panes == "A2"
    assert events.max_row == len(data.events) + 1 and events["A2"].is_date
    assert isinstance(events.cell(row=2, column=6).value, int)
    assert [c.value for c in wb["Opfølgninger"][1]][:4] == ["Dato", "Mål", "Resultat før", "Tid før"]
    goals = list(wb["Mål"].iter_rows(min_row=2, values_only=True))
    assert [g[0] for g in goals] == list(data.goals["id"])
    assert {g[3] for g in goals} >= {schema.GREEN, schema.YELLOW, schema.RED, schema.CHANGED}


def test_an_empty_period_is_a_sensible_report(snap):
    data = board.build(snap, dt.date(2030, 1, 1), dt.date(2030, 3, 31), today=TODAY, centre="X")
    text = text_of(board.pdf(data, events=True))
    assert "Ingen arrangementer i perioden." in text and "Arrangementer 0" in text
    assert openpyxl.load_workbook(io.BytesIO(board.excel(data)))["Arrangementer"].max_row == 1


def test_a_period_with_data_problems_says_so(demo_workbook):
    wb = openpyxl.load_workbook(demo_workbook)
    wb["Arrangementer"].append(["ARR-X", "32-11-2026", "Café", "Cafémøde", None, None, None, None, "mange"])
    wb.save(demo_workbook)
    snap = read_snapshot(WorkbookStore(demo_workbook))
    data = board.build(snap, *periods.default_period(snap, TODAY), today=TODAY, centre="X")
    assert "regnearket har 2 celler, som ikke kunne læses" in text_of(board.pdf(data))


def test_rows_counted_in_spite_of_a_note_are_not_said_to_be_left_out(demo_workbook):
    """A member typed without an ID is counted (and asked about on Datakvalitet): the report says
    so, and does not claim a cell was left out of its figures."""
    wb = openpyxl.load_workbook(demo_workbook)
    sheet = wb["Medlemmer"]
    head = [c.value for c in sheet[1]]
    sheet.append([{"Navn": "Foreningen uden ID", "Indmeldt": "01-11-2026"}.get(h) for h in head])
    wb.save(demo_workbook)
    snap = read_snapshot(WorkbookStore(demo_workbook))
    assert [p.code for p in snap.problems] == ["missing_id"]
    data = board.build(snap, *periods.default_period(snap, TODAY), today=TODAY, centre="X")
    text = " ".join(text_of(board.pdf(data)).split())
    assert data.problems == 0 and "kunne læses" not in text
    assert "Regnearket har 1 bemærkning til en række, der er talt med" in text
    assert data.figures.set_index("figure").at["joined", "value"] == len(
        [m for m in snap["members"]["joined"] if m >= pd.Timestamp(data.start)])  # the row without an ID counted


@pytest.mark.skipif(shutil.which("pdftoppm") is None,
                    reason="pdftoppm is not installed: apt-get install poppler-utils (.ci/run does)")
def test_the_first_page_rendered_for_review(snap, tmp_path):
    data = board.build(snap, *periods.default_period(snap, TODAY), today=TODAY, centre="Frivilligcenter Demo")
    (tmp_path / "rapport.pdf").write_bytes(board.pdf(data))
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(tmp_path / "rapport.pdf"),
                    str(out / "rapport-side-1")], check=True, timeout=60)
    assert (out / "rapport-side-1.png").stat().st_size > 10_000


def test_a_cell_full_of_line_breaks_still_fits_a_page(snap):
    comments = snap["followups"].assign(comment="a\n" * 200)
    messy = Snapshot(frames={**snap.frames, "followups": comments}, problems=[], read_at=snap.read_at)
    data = board.build(messy, *periods.default_period(messy, TODAY), today=TODAY, centre="X")
    assert board.pdf(data).startswith(b"%PDF")


def test_a_goal_typed_as_a_long_sentence_in_a_follow_up_leaves_room_for_the_comment(snap):
    """Found by generated inputs: a follow-up's goal cell of a few hundred characters took the
    table's width, the comment's column shrank to nothing and its row grew taller than a page."""
    long = snap["followups"].assign(goal=lambda f: f["goal"] + " " + "et langt mål " * 25, comment="kommentar " * 30)
    messy = Snapshot(frames={**snap.frames, "followups": long}, problems=[], read_at=snap.read_at)
    data = board.build(messy, dt.date(2025, 1, 1), TODAY, today=TODAY, centre="X")
    assert "kommentar" in text_of(board.pdf(data))


# --- the PDF as a board member prints it -----------------------------------------------------------

DATE = re.compile(r"\b\d{2}\.\d{2}\.\d{4}\b")


def poppler(tool: str, *args) -> str:
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True, timeout=120).stdout


def rendered(content, tmp_path, name: str, **options) -> tuple[int, list[dict], str]:
    """The PDF's pages as images (pdftoppm), its embedded images (pdfimages) and its text laid out
    as on the page (pdftotext -layout)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(board.pdf(content, **options))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / name)], check=True, timeout=120)
    pages = len(list(tmp_path.glob(f"{name}-*.png")))
    listing = poppler("pdfimages", "-list", path).splitlines()[2:]
    images = [dict(zip(("page", "num", "type", "width", "height"), line.split()[:5])) for line in listing]
    return pages, images, poppler("pdftotext", "-layout", path, "-")


@pytest.fixture
def since_content(snap):
    period = periods.since_last_meeting(snap, TODAY)
    return board.build(snap, period.start, period.end, today=TODAY, centre="Frivilligcenter Demo", period=period)


@pytest.fixture
def quarter_content(snap):
    import pandas as pd

    period = periods.quarter_period(pd.Period("2026Q3"), TODAY)
    return board.build(snap, period.start, period.end, today=TODAY, centre="Frivilligcenter Demo", period=period)


POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                             reason="pdftoppm is not installed: apt-get install poppler-utils (.ci/run does)")


@POPPLER
@pytest.mark.parametrize("which, caption", [("since_content", "Siden bestyrelsesmødet 27.10.2026"),
                                            ("quarter_content", "3. kvartal 2026")])
def test_the_board_gets_two_to_four_pages_with_three_charts_and_the_period_named(which, caption, request, tmp_path):
    content = request.getfixturevalue(which)
    pages, images, text = rendered(content, tmp_path, which)
    assert 2 <= pages <= 4, pages
    charts = [i for i in images if i["type"] == "image"]
    assert len(charts) == 3 and all(int(i["width"]) >= 600 for i in charts), images
    assert f"Rapport til bestyrelsen: {caption}" in " ".join(text.split())
    for label in ("Nøgletal mod perioden før", "Ændring", "Ensomhed: rækkevidde efter aldersgruppe", "Medlemmer",
                  "Arrangementer pr. måned"):
        assert label in text, label
    assert "Periodens arrangementer" not in text  # the appendix only when asked for


@POPPLER
def test_the_events_appendix_has_one_line_per_event_and_never_breaks_a_date(snap, tmp_path):
    period = periods.year_period(2026, TODAY)
    content = board.build(snap, period.start, period.end, today=TODAY, centre="X", period=period)
    assert len(content.events) > 100
    long = content.events.assign(title=content.events["title"] + " med en meget lang titel, der ikke kan stå på en linje "
                                 "uden at blive skåret af et sted")
    content.events = long
    pages, _, text = rendered(content, tmp_path, "appendix", events=True)
    lines = text.splitlines()
    # No date is cut: every run of digits and dots that begins like a date is a whole date.
    assert not [line for line in lines if re.search(r"\b\d{2}\.\d{2}\.\d{0,3}(?!\d)", line)
                and not DATE.search(line)]
    assert not [line for line in lines if re.match(r"\s*\d{1,4}\s*$", line)]
    # One line each: the date, the start of the title and the participants on the same line.
    dated = [line for line in lines if re.match(r"\s*\d{2}\.\d{2}\.\d{4}\s", line)]
    for row in content.events.to_dict("records"):
        day = i18n.fmt_date(row["date"])
        first = " ".join(row["title"].split()[:2])
        assert any(line.lstrip().startswith(day) and first in line and line.rstrip().endswith(i18n.fmt_number(row["participants"]))
                   for line in dated), (day, row["title"])
    assert "…" in text  # long titles are cut with an ellipsis, not wrapped
    assert len(dated) >= len(content.events)


def test_a_quarters_report_counts_the_quarters_own_progress_not_the_years():
    from tests.test_goals import event, goal, snapshot

    events = [event(f"E{i}", day, "Cafémøde", **{"Deltagere i alt": 10}) for i, day in
              enumerate(["15-2-2026", "15-3-2026", "10-7-2026", "20-8-2026", "1-9-2026"])]
    snap = snapshot([goal(**{"Tæller": "Arrangementer", "Målværdi": "mindst 12", "Pr.": "År"})], events=events)
    period = periods.quarter_period(__import__("pandas").Period("2026Q3"), TODAY)
    content = board.build(snap, period.start, period.end, today=TODAY, centre="X", period=period)
    row = content.goals.set_index("id").loc["1"].to_dict()
    # three events in Q3; the part of 12 that falls in a quarter is no target of its own, so no 'af'
    assert words.period_text(row) == "I perioden: 3"
    # beside it the year it is part of, against its whole target, judged at the quarter's end
    said = " ".join(words.progress_text(row).split())  # a no-break space keeps 'af 12' on one line
    assert said == "I perioden: 3 · 2026: 5 af 12, 9 ventet til 30.09.2026"
    text = " ".join(text_of(board.pdf(content)).split())
    assert "I perioden: 3 · 2026: 5 af 12" in text


def test_reach_against_what_is_due_in_words():
    row = {"band": "young", "attendances": 84, "expected": 72, "target": 126}
    assert words.due_text(row) == "Unge 15-25: 84 fremmøder, 12 foran det forventede til i dag (72 af 126 for kvartalet)."
    assert words.due_text({**row, "attendances": 62}) == (
        "Unge 15-25: 62 fremmøder, 10 bagud i forhold til det forventede til i dag (72 af 126 for kvartalet).")
    assert words.due_text({**row, "band": "all", "attendances": 1, "expected": 1, "target": 1200}) == (
        "Alle aldre: 1 fremmøde, præcis det forventede til i dag (1 af 1.200 for kvartalet).")
    assert words.due_text({**row, "band": "elderly"}, "en") == (
        "Elderly 65+: 84 attendances, 12 ahead of what is expected by today (72 of 126 for the quarter).")
