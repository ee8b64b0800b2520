"""What the board sees of the participants' answers (fcdash.outcomes): the figures on hand-made
answers, and the five-answer rule on the reach page, in the board report and in the yearly
report; no comment is ever shown."""

from __future__ import annotations

import datetime as dt
import json
import io
import re

import openpyxl
import pandas as pd
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from fcdash import charts, i18n, outcomes, schema
from fcdash.reports import board, periods, yearly
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from fcdash.ui import widgets
from tests.conftest import ROOT, TODAY, WorkbookVolunteer, as_editor, menu_page

YOUNG, ADULTS, ELDERLY = schema.AGE_LABELS
SECRET = "SECRET-COMMENT-Jens-Hansen"


def _events() -> pd.DataFrame:
    return pd.DataFrame({
        "id": ["ARR-1", "ARR-2", "ARR-3", "ARR-4"],
        "date": pd.to_datetime(["2026-02-10", "2026-05-12", "2026-05-20", "2026-05-21"]),
        "initiatives": [("IND-1",), ("IND-1", "IND-2"), ("IND-2",), ()],
        "participants": pd.array([10, 20, 7, 50], dtype="Int64"),
    })


def _answers(rows: list[tuple]) -> pd.DataFrame:
    """(event, satisfaction, met, (lack, left_out, isolated), age band) each."""
    frame = pd.DataFrame([{"id": f"EVA-{i}", "event": e, "date": pd.NaT, "satisfaction": s, "met": m,
                           **dict(zip(schema.TILS_KEYS, items)), "age_band": band, "comment": SECRET}
                          for i, (e, s, m, items, band) in enumerate(rows)])
    return frame.astype({"satisfaction": "Int64", "met": "boolean", **{k: "Int64" for k in schema.TILS_KEYS}})


INITIATIVES = pd.DataFrame({"id": ["IND-1", "IND-2"], "name": ["Unge", "Ældre"], "focus": ["Ensomhed"] * 2})
FIRST_HALF = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))

# IND-1: one answer in the first quarter (score 3) and five in the second (scores 9, 7, 6, 5, 4);
# five young, one with no band; ARR-2 also belongs to IND-2.
HAND_MADE = [
    ("ARR-1", 5, True, (1, 1, 1), YOUNG),
    ("ARR-2", 4, True, (3, 3, 3), YOUNG),
    ("ARR-2", 5, False, (3, 2, 2), YOUNG),
    ("ARR-2", 3, True, (2, 2, 2), YOUNG),
    ("ARR-2", 4, False, (1, 2, 2), YOUNG),
    ("ARR-2", 2, None, (1, 2, 1), None),
    ("ARR-4", 1, False, (3, 3, 3), YOUNG),  # an event of no initiative
]


def test_the_figures_of_hand_made_answers():
    table = outcomes.table(_answers(HAND_MADE), _events(), INITIATIVES, ["IND-1", "IND-2"], *FIRST_HALF)
    whole = table.loc[(table["initiative"] == "IND-1") & (table["band"] == outcomes.ALL)].iloc[0]
    assert whole["answers"] == 6 and whole["attendances"] == 30 and whole["response_rate"] == pytest.approx(6 / 30)
    assert whole["met_share"] == pytest.approx(3 / 5)  # of the five who answered the question (all young)
    # Five young and one without a band: the one's figures are hidden, and the whole less the
    # young would give them away; the fewest to hide beside it is one figure: the whole's (the
    # young's five stay, as the board reads its bands), but for "met", which the one did not answer.
    assert all(pd.isna(whole[k]) for k in ("satisfaction", "score_mean", "severe_share"))
    assert whole["reason"] == outcomes.BESIDE
    young = table.loc[(table["initiative"] == "IND-1") & (table["band"] == "young")].iloc[0]
    assert young["answers"] == 5 and pd.isna(young["reason"])
    assert young["satisfaction"] == pytest.approx((5 + 4 + 5 + 3 + 4) / 5)
    assert young["score_mean"] == pytest.approx((3 + 9 + 7 + 6 + 5) / 5)
    assert young["met_share"] == pytest.approx(3 / 5)
    unbanded = table.loc[(table["initiative"] == "IND-1") & (table["band"] == outcomes.NO_BAND)].iloc[0]
    assert unbanded["answers"] == 1 and unbanded["reason"] == outcomes.FEW
    assert all(pd.isna(unbanded[k]) for k in outcomes.FIGURES)
    said = outcomes.as_numbers(table.loc[table["initiative"] == "IND-1"], "da").set_index("Aldersgruppe")["Tal ikke vist"]
    assert said["Alle svar"].startswith("skjult, så et andet tal") and said["Ingen alder angivet"] == "færre end 5 svar"
    # IND-2 shares ARR-2: five answers on 27 attendances (ARR-2 and ARR-3)
    other = table.loc[table["initiative"] == "IND-2"]
    assert list(other["band"]) == [outcomes.ALL, "young", outcomes.NO_BAND]
    assert other.iloc[0]["attendances"] == 27 and other.iloc[0]["response_rate"] == pytest.approx(5 / 27)
    assert other.iloc[1]["answers"] == 4 and pd.isna(other.iloc[1]["satisfaction"])  # four young: hidden
    assert "comment" not in outcomes.answers(_answers(HAND_MADE), _events(), ["IND-1"], *FIRST_HALF)


def test_the_distribution_and_the_trend_by_age_band():
    rows = outcomes.answers(_answers(HAND_MADE), _events(), ["IND-1"], *FIRST_HALF)
    # One score without a band: no band is shown (all less the young would give it away).
    assert set(outcomes.distribution(rows)["band"]) == {outcomes.ALL}
    spread = outcomes.distribution(rows.loc[rows["band"] == "young"])
    assert set(spread["band"]) == {outcomes.ALL, "young"}
    young = spread.loc[spread["band"] == "young"].set_index("score")
    assert young["count"].to_dict() == {3: 1, 4: 0, 5: 1, 6: 1, 7: 1, 8: 0, 9: 1}
    assert young.loc[9, "share"] == pytest.approx(1 / 5) and young["share"].sum() == pytest.approx(1)
    course = outcomes.trend(rows, *FIRST_HALF)
    whole = course.loc[course["band"] == outcomes.ALL].set_index("quarter")
    q1, q2 = pd.Period("2026Q1"), pd.Period("2026Q2")
    assert whole.loc[q1, "answers"] == 1 and pd.isna(whole.loc[q1, "score_mean"]) and whole.loc[q1, "reason"] == outcomes.FEW
    # Q2's five scores are not given either: the period's mean in the table (6 scores) less Q2's
    # would give Q1's single score away.
    assert whole.loc[q2, "answers"] == 5 and pd.isna(whole.loc[q2, "score_mean"]) and whole.loc[q2, "reason"] == outcomes.BESIDE
    young_q2 = course.loc[(course["band"] == "young") & (course["quarter"] == q2)].iloc[0]
    assert young_q2["answers"] == 4 and pd.isna(young_q2["score_mean"]) and young_q2["reason"] == outcomes.FEW


def test_a_trend_is_given_where_every_quarter_has_five_scores_or_none():
    q1, q2 = pd.Period("2026Q1"), pd.Period("2026Q2")
    young = [("ARR-1", 4, True, (1, 1, 1), YOUNG)] * 5 + [("ARR-2", 4, True, (3, 3, 3), YOUNG)] * 5
    course = outcomes.trend(outcomes.answers(_answers(young), _events(), ["IND-1"], *FIRST_HALF), *FIRST_HALF)
    for band in (outcomes.ALL, "young"):
        line = course.loc[course["band"] == band].set_index("quarter")
        assert line.loc[q1, "score_mean"] == 3 and line.loc[q2, "score_mean"] == 9 and line["reason"].isna().all()
    # One more answer without a band in Q2: the whole line stays (6 and 5), the bands go (1 in a band).
    course = outcomes.trend(outcomes.answers(_answers(young + [("ARR-2", 4, True, (2, 2, 2), None)]), _events(),
                                             ["IND-1"], *FIRST_HALF), *FIRST_HALF)
    line = course.loc[course["band"] == outcomes.ALL].set_index("quarter")
    assert line.loc[q2, "score_mean"] == pytest.approx(51 / 6) and line["reason"].isna().all()
    assert course.loc[course["band"] != outcomes.ALL, "score_mean"].isna().all()
    # The chart names only the line it draws.
    assert [line.name for line in charts.loneliness_trend(course).data if line.showlegend] == ["Alle svar"]


def test_bands_of_five_or_more_each_are_given_and_one_small_band_hides_only_the_whole_beside_it():
    elderly = schema.AGE_LABELS[2]
    both = [("ARR-1", 4, True, (2, 2, 2), YOUNG)] * 5 + [("ARR-1", 2, False, (3, 3, 3), elderly)] * 5
    table = outcomes.table(_answers(both), _events(), INITIATIVES, ["IND-1"], *FIRST_HALF).set_index("band")
    assert table.loc["young", "satisfaction"] == 4 and table.loc["elderly", "severe_share"] == 1
    assert table["reason"].isna().all()
    one_more = both + [("ARR-1", 5, True, (1, 1, 1), None)]
    table = outcomes.table(_answers(one_more), _events(), INITIATIVES, ["IND-1"], *FIRST_HALF).set_index("band")
    # the one without a band is hidden, and the whole (all less the two bands would give it away);
    # the bands' figures stay: hiding one of them instead would hide as many, and the bands are read
    assert table.loc[outcomes.ALL, "answers"] == 11 and table.loc[outcomes.ALL, "reason"] == outcomes.BESIDE
    assert all(pd.isna(table.loc[band, k]) for band in (outcomes.ALL, outcomes.NO_BAND) for k in outcomes.FIGURES)
    assert table.loc["young", "satisfaction"] == 4 and table.loc["elderly", "severe_share"] == 1


@pytest.mark.parametrize("count", [4, 5])
def test_four_answers_give_no_figure_and_five_give_them(count):
    rows = [("ARR-2", 4, True, (2, 2, 3), YOUNG)] * count
    table = outcomes.table(_answers(rows), _events(), INITIATIVES, ["IND-1"], *FIRST_HALF)
    for row in table.to_dict("records"):
        assert row["answers"] == count and (row["band"] != outcomes.ALL or row["response_rate"] == count / 30)
        if count < 5:  # the rule itself, not the constant that might drift
            assert all(pd.isna(row[k]) for k in outcomes.FIGURES) and row["reason"] == outcomes.FEW
        else:
            assert (row["satisfaction"], row["met_share"], row["score_mean"], row["severe_share"]) == (4, 1, 7, 1)
            assert pd.isna(row["reason"])


# --- the pages and the reports, on the demo workbook with hand-made answers -------------------------

EVENT = "ARR-0269"  # the demo's last event of IND-UNGE (11.11.2026, 11 participants)
SATISFACTION = (5, 5, 4, 3, 4)  # the first five: a mean of 4,2


def answered(path, count: int) -> None:
    """The demo workbook's evaluations replaced by ``count`` answers to EVENT, each with a comment."""
    day = dt.date(2026, 11, 11)
    rows = [[f"EVA-{i}", EVENT, day, SATISFACTION[i % 5], "Ja" if i % 2 else "Nej", 2, 2, 2 + i % 2, YOUNG, SECRET]
            for i in range(count)]
    WorkbookVolunteer(path).rewrite("Evalueringer", [schema.EVALUATIONS.headers, *rows])


@pytest.fixture
def app_env(monkeypatch, demo_workbook):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    return demo_workbook


def _reach(monkeypatch, editor: bool = False) -> AppTest:
    return menu_page(monkeypatch, "app_pages/reach.py", editor, timeout=60)


def _everything(node) -> str:
    """Every element the page drew, as its message: text, tables' data and charts' figures."""
    text = str(getattr(node, "proto", ""))
    return text + "".join(_everything(child) for child in getattr(node, "children", {}).values())


def test_the_reach_page_hides_a_trend_line_with_a_small_quarter_and_says_why(app_env, monkeypatch):
    answered(app_env, 5)  # the fourth quarter: five answers
    rows = WorkbookVolunteer(app_env).grid("Evalueringer")
    rows += [[f"EVA-Q3-{i}", "ARR-0222", dt.date(2026, 7, 8), 4, "Ja", 3, 3, 3, YOUNG, None] for i in range(2)]
    WorkbookVolunteer(app_env).rewrite("Evalueringer", rows)
    at = _reach(monkeypatch)
    at.date_input(key="_w_period").set_value((dt.date(2026, 7, 1), dt.date(2026, 11, 23))).run()
    assert i18n.t("outcomes.trend_hidden", min=5) in [c.value for c in at.caption]
    (trend,) = [c for c in at.get("plotly_chart") if c.key == "chart_voice_trend_IND-UNGE"]
    # No point drawn: the period's mean (7 scores) less the fourth quarter's would give the third's two away.
    points = [y for line in json.loads(trend.proto.spec)["data"] for y in line.get("y", [])]
    assert points and all(y is None for y in points)


@pytest.mark.parametrize("count", [4, 5])
def test_the_reach_page_shows_the_figures_from_five_answers(app_env, monkeypatch, count):
    answered(app_env, count)
    at = _reach(monkeypatch)
    at.date_input(key="_w_period").set_value((dt.date(2026, 11, 11), dt.date(2026, 11, 11))).run()  # EVENT's day
    metrics = {m.label: m.value for m in at.metric}
    satisfaction = metrics[i18n.t("outcomes.col.satisfaction")]
    summary = i18n.t("outcomes.summary", answers=count, attendances=11, rate=outcomes.percent(count / 11))
    assert widgets.escape(summary) in [m.value for m in at.markdown]  # counts and the rate: always shown
    hidden = i18n.t("outcomes.hidden", min=5)
    if count < 5:
        assert satisfaction == "–" and metrics[i18n.t("outcomes.col.met_share")] == "–"
        assert hidden in [c.value for c in at.caption]
        assert not any(k.startswith("chart_voice_") for k in (c.key for c in at.get("plotly_chart")))
    else:
        assert satisfaction == "4,2" and metrics[i18n.t("outcomes.col.severe_share")] == "40 %"
        assert hidden not in [c.value for c in at.caption]
        assert {c.key for c in at.get("plotly_chart")} >= {"chart_voice_spread_IND-UNGE", "chart_voice_trend_IND-UNGE"}


def test_no_answers_yet_is_said_in_a_sentence(app_env, monkeypatch):
    answered(app_env, 0)
    at = _reach(monkeypatch)
    assert i18n.t("outcomes.none") in [i.value for i in at.info]


@pytest.mark.parametrize("editor", [False, True])
def test_no_comment_is_ever_shown_on_the_reach_page(app_env, monkeypatch, editor):
    answered(app_env, 6)
    at = _reach(monkeypatch, editor)
    drawn = _everything(at.main)
    assert "4,2" in drawn or "Svarprocent" in drawn  # the section is there
    assert SECRET not in drawn


@pytest.mark.parametrize("editor", [False, True])
def test_single_answers_are_for_editors_only_on_the_data_and_data_quality_pages(app_env, monkeypatch, editor):
    answered(app_env, 6)
    rows = WorkbookVolunteer(app_env).grid("Evalueringer")
    rows[1][3] = "11"  # off the scale: a data problem whose cell shows one person's answer
    WorkbookVolunteer(app_env).rewrite("Evalueringer", rows)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if editor:
        as_editor(at, monkeypatch)
    at.run()
    at.switch_page("app_pages/data.py").run()
    assert (schema.EVALUATIONS.title in at.selectbox(key="data_tab").options) == editor
    at.switch_page("app_pages/problems.py").run()
    assert not at.exception
    cells = " ".join(m.value for m in at.markdown)
    assert ("skalaen" in cells) == editor  # the answer typed off the scale, with its cell
    assert (i18n.t("problems.editors_only") in [c.value for c in at.caption]) == (not editor)


def _quarter(snap):
    period = periods.quarter_period(pd.Period("2026Q4"), TODAY)
    return board.build(snap, period.start, period.end, today=TODAY, centre="Frivilligcenter Demo", period=period)


def _pdf_text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))


def _voice_sheet(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data))[i18n.t("outcomes.sheet")].iter_rows(values_only=True))


@pytest.mark.parametrize("count", [4, 5])
@pytest.mark.parametrize("which", ["board", "yearly"])
def test_the_reports_show_the_figures_from_five_answers_and_never_a_comment(app_env, count, which):
    answered(app_env, count)
    snap = read_snapshot(WorkbookStore(app_env))
    if which == "board":
        content = _quarter(snap)
        pdf, data, voice = board.pdf(content), board.excel(content), content.voice
    else:
        content = yearly.build(snap, 2026, today=TODAY, centre="Frivilligcenter Demo")
        pdf, data, voice = yearly.pdf(content), yearly.excel(content), content.base.voice
    text = _pdf_text(pdf)
    assert i18n.t("outcomes.report") in text and SECRET not in text
    row = outcomes.as_text(voice).iloc[0]  # IND-UNGE, all answers
    assert voice.iloc[0]["initiative"] == "IND-UNGE" and voice.iloc[0]["answers"] == count
    cells = " ".join(v for v in row.iloc[1:] if v)
    assert cells in text
    sheet = _voice_sheet(data)
    assert not any(SECRET in str(v) for r in sheet for v in r)
    first = dict(zip(sheet[0], sheet[1]))
    if count < 5:
        assert row[outcomes.labels()["satisfaction"]] == "–"
        assert i18n.t("outcomes.hidden", min=5) in text
        assert first[i18n.t("outcomes.col.satisfaction")] is None
        assert first[i18n.t("outcomes.col.reason")] == i18n.t("outcomes.few", min=5)
    else:
        assert row[outcomes.labels()["satisfaction"]] == "4,2" and "4,2 " in cells
        assert i18n.t("outcomes.hidden", min=5) not in text
        assert first[i18n.t("outcomes.col.satisfaction")] == 4.2 and first[i18n.t("outcomes.col.reason")] is None
