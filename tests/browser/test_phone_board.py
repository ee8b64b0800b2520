"""The board on a phone (390x844, touch, the sidebar closed): a shared link opens the goals page
with only the goals needing attention, in six screens at most, and the period and filters are on
the page itself, changed there and written to the address."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.browser.conftest import settle

SCREEN = 844
SCREENS = 6  # the goals needing attention in the demo, read by scrolling, not by opening anything

HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"
# Closed as a phone has it: pushed off the screen's left edge, or not drawn.
SIDEBAR_CLOSED = """() => { const s = document.querySelector('[data-testid="stSidebar"]');
                            if (!s) return true; const r = s.getBoundingClientRect();
                            return r.right <= 1 || r.width < 2 || getComputedStyle(s).visibility === 'hidden'; }"""


def in_view(tab, locator) -> bool:
    """On the first screen, without scrolling or opening the sidebar."""
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= SCREEN and box["x"] >= 0 \
        and box["x"] + box["width"] <= 390


def test_a_link_opens_the_goals_needing_attention_in_six_phone_screens(app, phone):
    phone.goto(f"{app.url}/goals?obs=1")
    settle(phone)
    phone.wait_for_selector('[class*="st-key-goal_"]', timeout=60_000)
    assert phone.evaluate(SIDEBAR_CLOSED)
    switch = phone.get_by_test_id("stCheckbox").filter(has_text="Kun dem der kræver opmærksomhed")
    assert switch.locator("input").is_checked() and in_view(phone, switch)
    assert in_view(phone, phone.get_by_text("Indsatsområde"))
    cards = phone.locator('[class*="st-key-goal_"]:not([class*="st-key-goal_list"]):not([class*="st-key-goal_rows"])')
    assert 0 < cards.count() < 20  # the demo's 35 goals, filtered
    height = phone.evaluate(HEIGHT)
    assert height <= SCREENS * SCREEN, f"{height} px = {height / SCREEN:.2f} screens"
    assert parse_qs(urlsplit(phone.url).query) == {"obs": ["1"]}
    # The details of a goal are one tap away, and the switch off shows every goal again.
    cards.first.get_by_text("Detaljer").tap()  # opens in the browser: no run of the script
    cards.first.get_by_text("Vinduerne").wait_for(state="visible")
    switch.locator("label").first.tap()
    settle(phone)
    phone.wait_for_function(f"() => document.querySelectorAll('[class*=\"st-key-goal_\"]').length > {cards.count()}")
    assert "obs" not in parse_qs(urlsplit(phone.url).query)


def test_the_period_and_filters_are_on_the_page_and_in_the_address(app, phone):
    phone.goto(f"{app.url}/events?fra=2026-01-01&til=2026-03-31&lokal=Korsør")
    settle(phone)
    folded = phone.get_by_text("Periode 01.01.2026–31.03.2026 · Korsør")
    folded.wait_for(timeout=60_000)
    assert in_view(phone, folded)  # what is chosen, on the first screen, the sidebar closed
    assert phone.evaluate(SIDEBAR_CLOSED)
    folded.tap()  # opens in the browser: no run of the script
    member_type = phone.get_by_test_id("stMultiSelect").filter(has_text="Medlemstype")
    member_type.wait_for()
    assert in_view(phone, phone.get_by_test_id("stDateInput"))
    member_type.locator("input").tap()
    phone.keyboard.type("Kirke")  # the list is searched: the one option left is picked with Enter
    phone.get_by_role("option", name="Kirke").wait_for()
    phone.keyboard.press("Enter")
    settle(phone)
    phone.wait_for_function("() => new URLSearchParams(location.search).get('type') === 'Kirke'")
    query = parse_qs(urlsplit(phone.url).query)
    assert query == {"fra": ["2026-01-01"], "til": ["2026-03-31"], "lokal": ["Korsør"], "type": ["Kirke"]}
    assert phone.get_by_text("Periode 01.01.2026–31.03.2026 · Korsør · Kirke").is_visible()
    # The same view on another page, from the menu.
    phone.get_by_test_id("stExpandSidebarButton").tap()
    phone.get_by_test_id("stSidebarNav").get_by_text("Medlemmer").tap()
    settle(phone)
    phone.get_by_text("Periode 01.01.2026–31.03.2026 · Korsør · Kirke").wait_for()
    phone.wait_for_function("() => new URLSearchParams(location.search).get('lokal') === 'Korsør'")
