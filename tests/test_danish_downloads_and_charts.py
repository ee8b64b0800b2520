"""What a chart says and what its download holds, in the reader's language: headers and values in
words, Danish numbers, round axis ticks, one colour per category."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import charts, exports, metrics, schema


def csv_lines(frame: pd.DataFrame) -> list[str]:
    return exports.csv_bytes(frame).decode("utf-8-sig").splitlines()


def test_a_charts_download_has_danish_headers_and_values():
    events = pd.DataFrame({"date": pd.to_datetime(["2026-02-03", "2026-05-06"]), "participants": [12, 1660],
                           "young": [5, 3], "adults": [2, 0], "elderly": [5, 1000]})
    by_band = metrics.attendances_by_band_over_time(events, dt.date(2026, 1, 1), dt.date(2026, 6, 30), "Q")
    lines = csv_lines(charts.download_frame(by_band))
    assert lines[0] == "Periode;Aldersgruppe;Deltagelser"
    assert "K1 2026;Unge 15-25;5" in lines and "K2 2026;Ældre 65+;1000" in lines
    assert "K2 2026;Uoplyst alder;657" in lines  # the part no band accounts for
    assert not any("young" in line or "unknown" in line for line in lines)
    english = csv_lines(charts.download_frame(by_band, "en"))
    assert english[0] == "Period;Age band;Attendances" and "Q1 2026;Young 15-25;5" in english
    split = pd.DataFrame({"mode": ["in_person", "online"], "events": [3, 1], "participants": [40, 8]})
    assert csv_lines(charts.download_frame(split)) == [
        "Online eller fysisk fremmøde;Arrangementer;Deltagelser", "Fysisk fremmøde;3;40", "Online;1;8"]


def test_round_axis_ticks():
    assert [charts.nice_step(top) for top in (0, 3, 8, 42, 102, 126, 1660, 30000)] == [1, 1, 2, 10, 50, 50, 500, 10000]
    months = pd.DataFrame({"month": pd.date_range("2026-01-01", periods=3, freq="MS"), "events": [3, 7, 12],
                           "participants": [18, 60, 102]})
    fig = charts.events_per_month(months)
    assert (fig.layout.yaxis.dtick, fig.layout.yaxis2.dtick) == (5, 50) and fig.layout.yaxis.tick0 == 0
    # Stacked bars: the ticks reach the top of the stack, not of one part.
    by_type = pd.DataFrame({"period": pd.PeriodIndex(["2026-01", "2026-01"], freq="M"), "type": ["Kursus", "Cafémøde"],
                            "participants": [900, 760]})
    assert charts.participants_by_type(by_type).layout.yaxis.dtick == 500


def test_danish_numbers_on_charts_and_in_their_hovers():
    fig = charts.attendances_by_age(pd.DataFrame({"band": ["young", "elderly"], "attendances": [1660, 40]}))
    assert fig.layout.separators == ",."  # decimal comma, thousands point: 1.660
    assert list(fig.data[0].text) == ["1.660", "40"]
    assert (fig.data[0].hovertemplate, fig.data[0].name) == ("%{x}<br>%{fullData.name}: %{y:,d}<extra></extra>",
                                                              "Deltagelser")
    assert charts.attendances_by_age(pd.DataFrame({"band": ["young"], "attendances": [1660]}), "en").layout.separators == ".,"


def test_every_event_type_has_a_colour_of_its_own_on_every_chart():
    colours = charts.category_colours([], schema.EVENT_TYPES)
    assert len(set(colours.values())) == len(schema.EVENT_TYPES)
    by_type = pd.DataFrame({"period": pd.PeriodIndex(["2026-01"] * 3, freq="M"),
                            "type": ["Andet", "Kursus", "Typed by hand"], "participants": [1, 2, 3]})
    fig = charts.participants_by_type(by_type)
    shown = {trace.name: trace.marker.color for trace in fig.data}
    assert len(set(shown.values())) == 3
    assert shown["Kursus"] == colours["Kursus"] and shown["Andet"] == colours["Andet"]  # the same as elsewhere
    timeline = pd.DataFrame({"date": pd.to_datetime(["2026-01-05", "2026-02-05"]), "title": ["A", "B"],
                             "type": ["Kursus", "Andet"], "participants": [10, 20]})
    assert list(charts.events_timeline(timeline).data[0].marker.color) == [colours["Kursus"], colours["Andet"]]
