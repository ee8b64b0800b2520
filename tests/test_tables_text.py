"""Tables on a page in the reader's number format, missing cells blank (never None or nan)."""

from __future__ import annotations

import pandas as pd

from fcdash import tables


FRAME = pd.DataFrame({"Navn": ["Café", None], "Deltagere i alt": [1660, float("nan")],
                      "Dato": pd.to_datetime(["2026-11-23", None]), "Organisationer": [("A", "B"), ()]})


def test_a_printed_table_has_danish_numbers_and_blank_missing_cells():
    out = tables.as_text(FRAME)
    assert out.iloc[0].tolist()[:2] == ["Café", "1.660"] and out.iloc[0, 3] == "A, B"
    assert out.iloc[1, :3].tolist() == ["", "", ""]
    assert tables.as_text(FRAME, "en").iloc[0, 1] == "1,660"


def test_an_interactive_table_shows_danish_numbers_and_dates_but_keeps_its_values():
    styler = tables.styled(FRAME)
    html = styler.to_html()
    assert "1.660" in html and "23.11.2026" in html
    assert "None" not in html and "nan" not in html and "NaT" not in html
    assert styler.data["Deltagere i alt"].iloc[0] == 1660  # sorts as a number


def test_a_table_too_big_for_a_styler_is_shown_as_danish_text():
    """Streamlit refuses a Styler of more cells than pandas' styler.render.max_elements (262,144):
    the events of a large centre would stop the page."""
    big = pd.concat([FRAME] * 5, ignore_index=True)
    with pd.option_context("styler.render.max_elements", big.size - 1):
        out = tables.styled(big)
    assert isinstance(out, pd.DataFrame)
    assert out.iloc[0].tolist() == ["Café", "1.660", "23.11.2026", "A, B"] and out.iloc[1].tolist() == ["", "", "", ""]
