"""The board member on a phone (390x844, touch): a swipe over any chart scrolls the page and
leaves the chart as it was, and no page or table scrolls sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import settle
from tests.browser.test_journeys import CHARTS

# Each page's path and its name in the menu (CHARTS counts the charts by that name).
PAGES = {"": "Oversigt", "goals": "Mål og trafiklys", "reach": "Ensomhed og rækkevidde", "members": "Medlemmer",
         "events": "Arrangementer", "report": "Rapport", "yearly": "Årsrapport",
         "entry": "Registrér", "data": "Regnearkets faner",
         "problems": "Datakvalitet"}
WIDTH = 390

# Where Streamlit scrolls the page: its main area (the document itself stays put).
SCROLL = """() => { const main = document.querySelector('[data-testid="stMain"]');
                    return [window.scrollY, main.scrollTop, main.scrollHeight - main.clientHeight]; }"""
RANGES = """el => Object.keys(el._fullLayout).filter(k => /^[xy]axis[0-9]*$/.test(k))
                  .map(k => [k, ...el._fullLayout[k].range])"""


def swipe(tab, cdp, box, distance: float) -> None:
    """A finger on the chart's centre moved ``distance`` px up (down when negative), as a touch
    screen sends it."""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for step in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x + step,
                                                                                  "y": y - distance * step / 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


@pytest.mark.parametrize("path", list(PAGES))
def test_a_thumb_scrolls_every_page_past_its_charts_and_nothing_scrolls_sideways(app, phone, path):
    phone.goto(f"{app.url}/{path}")
    settle(phone)
    charts = phone.locator(".js-plotly-plot")
    expected = CHARTS.get(PAGES[path], 0)
    phone.wait_for_function(f"document.querySelectorAll('.js-plotly-plot').length >= {expected}", timeout=30_000)
    assert charts.count() == expected
    cdp = phone.context.new_cdp_session(phone)
    for i in range(expected):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        ranges = chart.evaluate(RANGES)
        _, top, bottom = phone.evaluate(SCROLL)
        distance = 300 if bottom - top >= 300 else -300  # up the page, unless the page ends below
        swipe(phone, cdp, box, distance)
        phone.wait_for_function(f"() => document.querySelector('[data-testid=\"stMain\"]').scrollTop !== {top}")
        assert chart.evaluate(RANGES) == ranges, (path, i)  # not zoomed, not panned
        assert not chart.evaluate("el => !!el.querySelector('.zoombox, .select-outline')"), (path, i)
    # Nothing wider than the screen: the document, the main area and every table's own scroller.
    widths = phone.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const grids = [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')];
        const tables = [...main.querySelectorAll('table')];
        return {document: document.documentElement.scrollWidth, main: main.scrollWidth - main.clientWidth,
                block: document.querySelector('[data-testid="stMainBlockContainer"]').scrollWidth,
                grids: grids.map(g => g.scrollWidth - g.clientWidth),
                tables: tables.map(t => Math.round(t.getBoundingClientRect().right))};
    }""")
    assert widths["document"] <= WIDTH and widths["main"] <= 0 and widths["block"] <= WIDTH, widths
    assert all(extra <= 1 for extra in widths["grids"]), widths  # a table's columns fit without scrolling
    assert all(right <= WIDTH for right in widths["tables"]), widths
