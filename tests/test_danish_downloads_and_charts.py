"""What a chart says and what its download holds, in the reader's language: headers and values in
words, Danish numbers, round axis ticks, one colour per category."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import charts, exports, metrics


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
