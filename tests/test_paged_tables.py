"""What a long table and the events timeline send to the browser: a page of rows at a time,
searched and sorted on the server, downloads with every row found, and the timeline per week or
month and type when there are many events."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from fcdash import metrics, tables
from fcdash.snapshot import Problem
from fcdash.ui import widgets
from tests.conftest import ROOT, TODAY

EVENTS = "app_pages/events.py"


@pytest.fixture
def offered(monkeypatch, demo_workbook):
    """The app on the demo workbook; the frames each page offers for download, by name."""
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    frames: dict[str, pd.DataFrame] = {}
    downloads = widgets.downloads

    def record(frame, name):
        frames[name] = frame
        downloads(frame, name)

    monkeypatch.setattr(widgets, "downloads", record)
    return frames


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def titles(frame: pd.DataFrame) -> list:
    return frame["Titel"].tolist()


def test_a_long_table_is_sent_a_page_at_a_time_and_the_download_has_every_row(offered):
    at = open_page(EVENTS)
    every = offered["arrangementer"]
    count = {m.label: m.value for m in at.metric}["Arrangementer"]
    assert len(every) > 2 * tables.PAGE_ROWS and f"{len(every)}" == count.replace(".", "")
    assert titles(at.dataframe[0].value) == titles(every.iloc[:tables.PAGE_ROWS])
    at.number_input(key="page_arrangementer").set_value(2).run()
    assert titles(at.dataframe[0].value) == titles(every.iloc[tables.PAGE_ROWS:2 * tables.PAGE_ROWS])
    assert len(offered["arrangementer"]) == len(every)  # the download is every row, whichever page is shown
    assert "101–200" in " ".join(c.value for c in at.caption)


def test_the_search_and_the_sort_are_done_on_the_server_and_start_at_the_first_page(offered):
    at = open_page(EVENTS)
    total = len(offered["arrangementer"])
    at.number_input(key="page_arrangementer").set_value(2).run()
    at.text_input(key="search_arrangementer").input("spiseklub").run()
    found = offered["arrangementer"]
    assert 0 < len(found) < total
    assert all(any("spiseklub" in str(cell).lower() for cell in row) for row in found.to_numpy())
    assert found["Titel"].str.lower().str.contains("spiseklub").sum() > len(found) / 2
    assert at.number_input(key="page_arrangementer").value == 1
    assert titles(at.dataframe[0].value) == titles(found.iloc[:tables.PAGE_ROWS])
    at.text_input(key="search_arrangementer").input("").run()
    at.selectbox(key="sort_arrangementer").select(("Deltagere i alt", True)).run()
    ordered = offered["arrangementer"]
    assert len(ordered) == total
    most = at.dataframe[0].value["Deltagere i alt"].tolist()
    assert most == sorted(ordered["Deltagere i alt"], reverse=True)[:tables.PAGE_ROWS]


def test_a_short_table_has_no_page_chooser(offered):
    at = open_page(EVENTS)
    at.text_input(key="search_arrangementer").input("spiseklub").run()
    assert len(offered["arrangementer"]) <= tables.PAGE_ROWS
    assert len(at.dataframe[0].value) == len(offered["arrangementer"])


def _timeline_points(at: AppTest) -> int:
    (chart,) = [c for c in at.get("plotly_chart") if c.proto.id.endswith("chart_tidslinje")]
    figure = json.loads(chart.proto.spec)
    return sum(len(trace["x"]) for trace in figure["data"])


def test_the_timeline_shows_each_event_when_there_are_few_and_counts_them_per_period_when_many(offered, monkeypatch):
    at = open_page(EVENTS)
    events = len(offered["arrangementer"])
    assert _timeline_points(at) == events == len(offered["tidslinje"])
    monkeypatch.setattr(metrics, "TIMELINE_EVENTS", 50)
    at.run()
    assert not at.exception
    per_period = offered["tidslinje"]
    assert _timeline_points(at) == len(per_period) < events / 2
    assert per_period["Arrangementer"].sum() == events  # every event counted once
    assert any("samlet pr. type og måned" in c.value for c in at.caption)


def test_events_per_week_within_a_year_and_per_month_over_more():
    days = pd.date_range("2026-01-05", periods=60, freq="D")
    events = pd.DataFrame({"date": days, "title": "x", "type": ["Kursus", "Andet"] * 30, "participants": 2})
    weekly, per = metrics.events_timeline(events, most=10)
    assert per == "W" and weekly["events"].sum() == 60 and weekly["participants"].sum() == 120
    assert set(weekly["date"].dt.day_of_week) == {0}  # each week on its Monday
    longer = pd.concat([events, events.assign(date=events["date"] + pd.Timedelta(days=400))])
    monthly, per = metrics.events_timeline(longer, most=10)
    assert per == "M" and set(monthly["date"].dt.day) == {1} and monthly["events"].sum() == 120
    same, per = metrics.events_timeline(events, most=60)
    assert per is None and len(same) == 60


def test_problems_are_summarised_by_column_and_kind_largest_first():
    problems = ([Problem("events", r, "Dato", f"Arrangementer!B{r}", "x", "date") for r in range(2, 7)]
                + [Problem("events", 9, "Deltagere i alt", "Arrangementer!I9", "y", "number")])
    summary = tables.problem_summary(problems)
    assert summary[["column", "count", "first"]].values.tolist() == [["Dato", 5, 0], ["Deltagere i alt", 1, 5]]
