"""What goes on the reports' pages and what is left out (issue 30), read back from real PDFs with
poppler and from the charts' matplotlib figures: no empty chart or section, value axes from zero
with the target inside, whole header words, no page left mostly blank in the middle, and
previews that show the PDF's sections in its order, goals first."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from fcdash import i18n, outcomes, schema
from fcdash.parsing import read_snapshot
from fcdash.reports import board, layout, periods, words, yearly
from fcdash.store.workbook import WorkbookStore, create_workbook
from tests.conftest import TODAY
from tests.plans import run_page, write_workbook

POPPLER = pytest.mark.skipif(shutil.which("pdftoppm") is None,
                             reason="pdftoppm is not installed: apt-get install poppler-utils (.ci/run does)")
CENTRE = "Frivilligcenter Demo"
WITHOUT_LONELINESS = {
    "initiatives": [["ID", "Navn", "Fokus"], ["IND-1", "Frivilligjob", "Rekruttering"]],
    "events": [["ID", "Dato", "Titel", "Indsats", "Deltagere i alt"], ["E1", "2-3-2026", "Jobcafé", "IND-1", 8]]}


@pytest.fixture(scope="module")
def demo_snap(tmp_path_factory, demo_rows):
    return read_snapshot(WorkbookStore(create_workbook(tmp_path_factory.mktemp("demo") / "f.xlsx", demo_rows)))


@pytest.fixture(scope="module")
def small_snap(tmp_path_factory):
    return read_snapshot(WorkbookStore(write_workbook(tmp_path_factory.mktemp("small"), WITHOUT_LONELINESS)))


def board_content(snap):
    period = periods.since_last_meeting(snap, TODAY)
    return board.build(snap, period.start, period.end, today=TODAY, centre=CENTRE, period=period)


def year_content(snap):
    return board.build(snap, dt.date(2026, 1, 1), TODAY, today=TODAY, centre=CENTRE,
                       period=periods.year_period(2026, TODAY))


def poppler(tool: str, *args) -> str:
    return subprocess.run([tool, *map(str, args)], check=True, capture_output=True, text=True, timeout=120).stdout


def written(tmp_path, name: str, pdf: bytes):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def charts_in(path) -> int:
    return sum(1 for line in poppler("pdfimages", "-list", path).splitlines()[2:] if line.split()[2] == "image")


# --- what does not apply is left out -------------------------------------------------------------------

@POPPLER
def test_a_centre_without_loneliness_initiatives_has_no_reach_and_no_voice_section_and_no_empty_chart(
        small_snap, tmp_path):
    content = year_content(small_snap)
    assert content.reach.empty and not layout.shows_members(content) and layout.shows_months(content)
    for name, pdf in (("board", board.pdf(content)),
                      ("yearly", yearly.pdf(yearly.build(small_snap, 2026, today=TODAY, centre=CENTRE)))):
        path = written(tmp_path, name, pdf)
        text = " ".join(poppler("pdftotext", "-layout", path, "-").split())
        for gone in (i18n.t("report.reach"), i18n.t("reach.note"), i18n.t("outcomes.report")):
            assert gone not in text, (name, gone)
        assert not re.search(rf"{i18n.t('report.membership')}(?!:)", text), name  # the chart's title, not the line
        assert i18n.t("report.per_month") in text  # the one chart with something in it
        assert charts_in(path) == 1, name
        assert not re.search(r"(?<![\w])-0(?![\d,.])", text), name


@POPPLER
def test_the_demo_board_report_has_its_three_charts_and_its_voice(demo_snap, tmp_path):
    content = board_content(demo_snap)
    assert layout.shows_reach(content) and layout.shows_voice(content)
    path = written(tmp_path, "board", board.pdf(content))
    text = " ".join(poppler("pdftotext", "-layout", path, "-").split())
    for section in (i18n.t("report.reach"), i18n.t("outcomes.report"), i18n.t("report.membership"),
                    i18n.t("report.per_month")):
        assert section in text, section
    assert charts_in(path) == 3


# --- the charts: from zero, the target inside, whole numbers ----------------------------------------------

def _ticks(axis, low: float, high: float) -> list[tuple[float, str]]:
    formatter = axis.get_major_formatter()
    return [(v, formatter(v, i)) for i, v in enumerate(axis.get_major_locator()()) if low - 1e-9 <= v <= high + 1e-9]


def _whole_numbers(axis, low: float, high: float, lang: str) -> None:
    ticks = _ticks(axis, low, high)
    assert len(ticks) >= 2, ticks
    for value, label in ticks:
        assert float(value).is_integer(), ticks
        assert label == i18n.fmt_number(int(value), lang) and label != "-0", ticks


def _months(counts: list[int], column: str) -> pd.DataFrame:
    end = pd.Timestamp(TODAY).to_period("M").to_timestamp()
    days = pd.date_range(end=end, periods=len(counts), freq="MS")
    return pd.DataFrame({"date" if column == "active" else "month": days, column: counts})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(counts=st.lists(st.integers(0, 5000), min_size=1, max_size=13),
       target=st.one_of(st.none(), st.integers(1, 20000)), lang=st.sampled_from(["da", "en"]))
def test_the_members_chart_starts_at_zero_and_holds_its_target(counts, target, lang):
    from fcdash.reports import charts

    fig = charts.members_figure(_months(counts, "active"), target, dt.date(2026, 1, 1), lang, 88, 62)
    ax = fig.axes[0]
    low, high = ax.get_ylim()
    assert low == 0 and high >= max(counts)
    if target is not None:
        assert low < target < high
        assert [line.get_ydata()[0] for line in ax.get_lines() if line.get_linestyle() == "--"] == [target]
    else:
        assert not [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    _whole_numbers(ax.yaxis, low, high, lang)


@settings(max_examples=25, deadline=None)
@given(counts=st.lists(st.integers(0, 400), min_size=1, max_size=13), lang=st.sampled_from(["da", "en"]))
def test_the_events_per_month_chart_starts_at_zero_in_whole_numbers(counts, lang):
    from fcdash.reports import charts

    fig = charts.per_month_figure(_months(counts, "events"), dt.date(2026, 1, 1), lang, 88, 62)
    low, high = fig.axes[0].get_ylim()
    assert low == 0 and high > max(counts)
    _whole_numbers(fig.axes[0].yaxis, low, high, lang)


@settings(max_examples=25, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 3000), st.integers(0, 3000),
                               st.one_of(st.none(), st.integers(0, 30000))), min_size=1, max_size=4),
       lang=st.sampled_from(["da", "en"]))
def test_the_reach_chart_starts_at_zero_and_holds_every_target(rows, lang):
    from fcdash.reports import charts

    table = pd.DataFrame([{"initiative": f"Indsats {i}", "young": y, "adults": a, "elderly": e, "target": target}
                          for i, (y, a, e, target) in enumerate(rows)])
    ax = charts.reach_figure(table, lang, 180, 40).axes[0]
    low, high = ax.get_xlim()
    assert low == 0 and high >= max(y + a + e for y, a, e, _ in rows)
    assert all(target <= high for *_, target in rows if target is not None)
    _whole_numbers(ax.xaxis, low, high, lang)


def test_no_reach_chart_is_drawn_without_an_initiative():
    from fcdash.reports import charts

    with pytest.raises(ValueError):
        charts.reach_figure(pd.DataFrame(columns=["initiative", "young", "adults", "elderly", "target"]), "da", 180, 40)


# --- tables: whole words -------------------------------------------------------------------------------

def _common_headers(content, lang: str) -> list[str]:
    """The headers of the tables both reports share, where this report has them."""
    followups = schema.labels("followups", lang)
    heads = []
    if layout.shows_reach(content):
        heads += list(words.reach_labels(lang).values())
    if layout.shows_voice(content):
        heads += list(outcomes.as_text(content.voice, lang).columns[1:])
    if not content.history.empty:
        heads += [followups[k] for k in ("date", "goal", "result", "time", "comment")]
    return heads


@POPPLER
@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_header_word_and_every_light_is_printed_whole(demo_snap, tmp_path, lang):
    content = board_content(demo_snap)
    annual = yearly.build(demo_snap, TODAY.year - 1, today=TODAY, centre=CENTRE)
    figures = [i18n.t(k, lang) for k in ("report.col.figure", "report.col.change")]
    reports = {
        "board": (board.pdf(content, lang), [*layout.goal_headers(lang), *figures, i18n.t("report.col.period", lang),
                                            i18n.t("report.col.previous", lang), *_common_headers(content, lang)]),
        "yearly": (yearly.pdf(annual, lang), [i18n.t("report.col.goal", lang), i18n.t("yearly.col.year_end", lang),
                                              *layout.lights_headers(annual, lang), *layout.windows_rows(annual, lang)[0],
                                              *figures, *_common_headers(annual.base, lang)])}
    lights = {words.colour_text(c, lang) for c in (schema.GREEN, schema.YELLOW, schema.RED)}
    for name, (pdf, headers) in reports.items():
        tokens = set(poppler("pdftotext", written(tmp_path, name, pdf), "-").split())
        for header in headers:
            for word in header.split():
                assert word in tokens, (name, lang, header, word)
        cut = {token for token in tokens for light in lights if light.startswith(token) and token != light
               and len(token) >= 2}
        assert not cut, (name, lang, cut)
        assert lights <= tokens, (name, lang, lights - tokens)  # the demo has every colour, each written out


# --- no page left mostly blank in the middle ----------------------------------------------------------

def _filled(path, tmp_path) -> list[float]:
    """Each page's share of its body (between the running head and the page number) down to its
    lowest ink: text, tables and charts alike."""
    prefix = tmp_path / path.stem
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(path), str(prefix)], check=True, timeout=120)
    shares = []
    for page in sorted(tmp_path.glob(f"{path.stem}-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        pixels = np.asarray(Image.open(page).convert("L"))
        height = pixels.shape[0]
        top, bottom = int(height * 24 / 297), int(height * 280 / 297)  # below the running head, above the number
        ink = [y for y in range(top, bottom) if pixels[y].min() < 200]
        shares.append((max(ink) - top) / (bottom - top) if ink else 0.0)
    return shares


@POPPLER
@pytest.mark.parametrize("lang", ["da", "en"])
def test_no_page_but_the_last_is_less_than_two_fifths_full_and_no_note_stands_alone(demo_snap, tmp_path, lang):
    reports = {"board": board.pdf(board_content(demo_snap), lang),
               "board_appendix": board.pdf(board_content(demo_snap), lang, events=True),
               "year_board_appendix": board.pdf(year_content(demo_snap), lang, events=True),
               "yearly": yearly.pdf(yearly.build(demo_snap, TODAY.year - 1, today=TODAY, centre=CENTRE), lang)}
    for quarter in ("2025Q1", "2026Q2"):  # the voice's table used to end a page, its note alone on the next
        period = periods.quarter_period(pd.Period(quarter), TODAY)
        reports[quarter] = board.pdf(board.build(demo_snap, period.start, period.end, today=TODAY, centre=CENTRE,
                                                 period=period), lang)
    for name, pdf in reports.items():
        shares = _filled(written(tmp_path, f"{name}_{lang}", pdf), tmp_path)
        assert len(shares) >= 2, name
        assert all(share >= 0.4 for share in shares[:-1]), (name, [round(s, 2) for s in shares])
        if not name.endswith("appendix"):  # a long table's last rows may end it; nothing else so little
            assert shares[-1] >= 0.1, (name, [round(s, 2) for s in shares])


# --- the previews: the PDF's sections in its order, goals first --------------------------------------------

def _order(labels: list[str], sequence: str) -> list[str]:
    found = [(sequence.find(label), label) for label in labels if label in sequence]
    return [label for _, label in sorted(found)]


@POPPLER
@pytest.mark.parametrize("page", ["app_pages/report.py", "app_pages/yearly.py"], ids=["board", "yearly"])
def test_the_preview_shows_the_pdfs_sections_in_its_order_goals_first(demo_snap, demo_workbook, tmp_path, page):
    at = run_page(demo_workbook, page, TODAY)
    assert not at.exception, [e.message for e in at.exception]
    shown = [m.value.replace("\\", "") for m in at.main.markdown]
    if page.endswith("report.py"):
        content = board_content(demo_snap)
        pdf = board.pdf(content)
        sections = [i18n.t("report.goals_at", date=i18n.fmt_date(content.as_of)),
                    i18n.t("report.changes", caption=content.period.caption()), i18n.t("report.figures"),
                    i18n.t("report.reach"), i18n.t("outcomes.report")]
        first = sections[0]
        for row in content.goals.to_dict("records"):  # the goals in the words the PDF reads
            assert any(words.progress_text(row) in m and words.proposed_text(row) in m for m in shown), row["id"]
    else:
        annual = yearly.build(demo_snap, TODAY.year - 1, today=TODAY, centre=CENTRE)
        pdf = yearly.pdf(annual)
        sections = [i18n.t("yearly.lights"), i18n.t("yearly.windows"),
                    i18n.t("yearly.figures", year=annual.year, previous=annual.year - 1), i18n.t("report.reach"),
                    i18n.t("outcomes.report"), i18n.t("yearly.comments", year=annual.year)]
        first = sections[0]
        for row in annual.base.goals.to_dict("records"):
            if row["countable"]:
                assert any(words.windows_text(row, "da", annual.base.as_of) in m for m in shown), row["id"]
    text = " ".join(poppler("pdftotext", "-layout", written(tmp_path, "r", pdf), "-").split())
    headings = [m.strip("*") for m in shown if m.startswith("**") and m.endswith("**")]
    assert headings[0] == first  # after the title line, the goals
    in_pdf = _order(sections, text)
    assert in_pdf == sections  # the PDF has every section, in this order
    assert _order(sections, "\n".join(headings)) == in_pdf
    assert len(at.main.get("plotly_chart")) == 2  # the membership and the events per month, as the PDF draws them
    # the key figures and the reach: each row's numbers written as the PDF writes them, in its order
    figures = next(table.value for table in at.main.table if i18n.t("report.figure.events") in table.value.index)
    for label, row in figures.iterrows():
        assert " ".join([label, *map(str, row)]) in text, label
    reach = next(table.value for table in at.main.table if i18n.t("col.organisations") in table.value.index)
    for name in reach.columns:  # a column per initiative, a row per figure
        assert " ".join(map(str, reach[name])) in text, name



# The one event is in March 2026: in the board report's year back from today, not in last year's report.
@pytest.mark.parametrize("page, months", [("app_pages/report.py", 1), ("app_pages/yearly.py", 0)], ids=["board", "yearly"])
def test_the_preview_of_a_centre_without_loneliness_initiatives_has_no_reach(tmp_path, page, months):
    at = run_page(write_workbook(tmp_path, WITHOUT_LONELINESS), page, TODAY)
    assert not at.exception, [e.message for e in at.exception]
    shown = " ".join([m.value for m in at.main.markdown] + [c.value for c in at.main.caption])
    for gone in (i18n.t("report.reach"), i18n.t("reach.note"), i18n.t("outcomes.report")):
        assert gone not in shown, gone
    assert not [table for table in at.main.table if i18n.t("col.organisations") in table.value.index]
    # no member in the year: at most the events per month, as in the PDF
    assert [m.value for m in at.main.markdown if m.value in (f"**{i18n.t('report.membership')}**",
                                                             f"**{i18n.t('report.per_month')}**")] == [
        f"**{i18n.t('report.per_month')}**"] * months
    assert len(at.main.get("plotly_chart")) == months


@POPPLER
def test_a_board_that_met_every_month_gets_every_light_written_out(demo_snap, tmp_path):
    """Thirteen meetings do not fit one table's width: the lights go on in a second table, each
    word whole, every meeting's day named."""
    from tests.test_report import with_followups

    met = with_followups(demo_snap, *((dt.date(2025, 1, 10) + dt.timedelta(days=28 * i), "1.1", schema.YELLOW,
                                        schema.GREEN, f"Møde {i}") for i in range(13)))
    annual = yearly.build(met, 2025, today=TODAY, centre=CENTRE)
    assert len(annual.meetings) >= 13
    lights = {words.colour_text(c, "en") for c in (schema.GREEN, schema.YELLOW, schema.RED)}
    tokens = poppler("pdftotext", written(tmp_path, "met", yearly.pdf(annual, "en")), "-").split()
    assert not {token for token in tokens for light in lights if light.startswith(token) and token != light
                and len(token) >= 2}
    text = " ".join(tokens)
    for header in layout.lights_headers(annual, "en"):
        assert header in text, header


@POPPLER
def test_a_goal_typed_without_a_strategic_area_is_in_the_pdf_and_the_preview(tmp_path):
    from tests.test_goals import GOAL_HEAD, goal

    grids = {"goals": [GOAL_HEAD, goal(ID="1", Indsatsområde="Netværk", Mål="Et mål med område"),
                       goal(ID="2", Indsatsområde=None, Mål="Et mål uden område")]}
    workbook = write_workbook(tmp_path, grids)
    content = year_content(read_snapshot(WorkbookStore(workbook)))
    text = " ".join(poppler("pdftotext", "-layout", written(tmp_path, "r", board.pdf(content)), "-").split())
    at = run_page(workbook, "app_pages/report.py", TODAY)
    shown = " ".join(m.value.replace("\\", "") for m in at.main.markdown)
    for name in ("1 Et mål med område", "2 Et mål uden område"):
        assert name in text and name in shown, name


@POPPLER
def test_a_loneliness_initiative_without_attendances_or_target_gets_its_table_but_no_empty_chart(tmp_path):
    grids = {"initiatives": [["ID", "Navn", "Fokus"], ["IND-1", "Ensomme ældre", "Ensomhed"]]}
    content = year_content(read_snapshot(WorkbookStore(write_workbook(tmp_path, grids))))
    assert layout.shows_reach(content) and not content.reach["attendances"].sum()
    path = written(tmp_path, "r", board.pdf(content))
    text = " ".join(poppler("pdftotext", "-layout", path, "-").split())
    assert i18n.t("report.reach") in text and "Ensomme ældre 0 0 0 0 – 0" in text
    assert charts_in(path) == 0
