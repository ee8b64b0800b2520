"""The three kinds of users, in a real browser, on both backends."""

from __future__ import annotations

import re

import openpyxl

from fcdash import i18n, metrics, schema
from fcdash.grid import locate_columns
from fcdash.store.workbook import WorkbookStore
from fcdash.parsing import read_snapshot
from tests.browser.conftest import ARTIFACTS, PASSCODE, TALK_SAVED, settle, sync_api, wait_until_sent
from tests.conftest import TODAY
from tests.danish_text import not_danish

PAGES = ["Oversigt", "Mål og trafiklys", "Ensomhed og rækkevidde", "Medlemmer", "Arrangementer", "Rapport", "Årsrapport",
         "Registrér", "Regnearkets faner", "Datakvalitet"]
# The plotly charts a page draws on the demo. The reach page: five of attendance, and for each of the
# demo's two loneliness initiatives with answers the loneliness score's distribution and trend.
CHARTS = {"Oversigt": 3, "Ensomhed og rækkevidde": 5 + 2 * 2, "Medlemmer": 5, "Arrangementer": 4,
          "Rapport": 2, "Årsrapport": 2}  # the reports' previews: members and events per month, as their PDFs


def store_of(app):
    return app.sheet if app.backend == "gsheets" else WorkbookStore(app.workbook)


def nav(tab, name: str) -> None:
    """Open a page from the sidebar and wait until it is that page (a click that lands while the
    last page is still being drawn can be lost: it is made again)."""
    link = tab.locator('[data-testid="stSidebarNavLink"]', has_text=name).first
    target = link.get_attribute("href")
    for _ in range(3):
        link.click()
        settle(tab)
        if tab.url.split("?")[0].rstrip("/") == target.split("?")[0].rstrip("/"):
            return
    raise AssertionError(f"the page {name} ({target}) did not open; still at {tab.url}")


def readable_text(tab) -> str:
    """The page's text as a reader sees it: without the names of icons, which are drawn from a
    font by their (English) name."""
    text = tab.inner_text("body")
    icons = sorted(set(tab.evaluate("""() => [...document.body.querySelectorAll('span, i, div')]
        .filter(e => getComputedStyle(e).fontFamily.includes('Material') && e.children.length === 0)
        .map(e => e.innerText.trim()).filter(Boolean)""")), key=len, reverse=True)
    for icon in icons:
        text = text.replace(icon, " ")
    return text


def metric(tab, label: str) -> str:
    box = tab.locator('[data-testid="stMetric"]', has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_the_board_sees_every_page_in_danish_with_charts_and_without_errors_or_personal_data(app, page, demo_rows):
    page.goto(app.url)
    settle(page)
    assert page.locator("h1").first.inner_text() == "Oversigt"
    # The production configuration: no deploy button or developer toolbar for viewers.
    assert page.locator('[data-testid="stAppDeployButton"]').count() == 0
    # Nor Streamlit's ⋮ menu, whose items are English ("Print", "Record screen"): not drawn at all.
    assert page.locator('[data-testid="stMainMenu"]').count() == 0
    links = page.locator('[data-testid="stSidebarNavLink"]')
    assert [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())] == PAGES
    personal = {m[k] for m in demo_rows["members"] for k in ("email", "phone", "contact")}
    for name in PAGES:
        nav(page, name)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        assert page.locator('[role="alert"]').count() == 0, name
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert not [p for p in personal if p in text], name
        # Danish everywhere: no English word and no None or nan anywhere on the page, sidebar included.
        assert not_danish(readable_text(page)) == [], name
        charts = page.locator(".js-plotly-plot")
        for i in range(charts.count()):
            assert charts.nth(i).evaluate(  # drawn: plotly's own view of the traces holds points
                "el => el._fullData.some(t => Math.max((t.x || []).length, (t.y || []).length) > 0)"), (name, i)
            assert charts.nth(i).locator(".main-svg").count() > 0, (name, i)
        assert charts.count() == CHARTS.get(name, 0), name
        if name == "Oversigt":
            assert "Nøgletal for 2026" in text and "Mål der kræver opmærksomhed" in text
        if name == "Ensomhed og rækkevidde":  # this quarter's young and old against the targets
            assert text.count("dette kvartal") == 2 and text.count("forventede til i dag") == 2
        if name == "Medlemmer":
            assert "mål: 70" in text
    nav(page, "Oversigt")


def test_the_leader_on_a_phone_records_an_event_and_a_guidance_talk(app, phone):
    store = store_of(app)
    before = metrics.key_figures(read_snapshot(store), TODAY)
    phone.goto(app.url + "/entry")
    settle(phone)
    phone.locator('input[type="password"]').fill(PASSCODE if app.backend == "gsheets" else "demo")
    phone.get_by_role("button", name="Log ind").click()
    settle(phone)
    sync_api.expect(phone.locator("h1").first).to_have_text("Registrér", timeout=30_000)
    # An event with participants by age band and two organisations.
    phone.get_by_text("Arrangement", exact=True).click()
    settle(phone)
    phone.get_by_label("Titel").fill("Fællesspisning for unge og ældre")
    phone.get_by_role("radio", name="Cafémøde", exact=True).click()  # a pill among the types
    phone.get_by_label("Deltagere i alt").fill("24")
    phone.get_by_label("Unge 15-25").fill("10")
    phone.get_by_label("Voksne 26-64").fill("4")
    phone.get_by_label("Ældre 65+").fill("10")
    names = sorted(read_snapshot(store)["members"]["name"])
    chosen = [next(n for n in names if n.startswith(prefix)) for prefix in ("Ældre Sagen", "Ungehuset")]
    organisations = phone.get_by_label("Medvirkende organisationer")
    for name in chosen:
        organisations.click()
        phone.keyboard.type(name)  # search, then pick it
        phone.get_by_role("option", name=name, exact=True).click()
        phone.keyboard.press("Escape")
    picked = phone.locator('[data-testid="stMultiSelect"]', has_text="Medvirkende organisationer").inner_text()
    assert all(name in picked for name in chosen)
    phone.get_by_role("button", name="Gem").click()
    settle(phone)
    # Saved, or kept on the server and on its way when the store is slow to answer (a busy machine):
    # either is the outcome, said at once.
    outcome = re.compile("(Gemt: arrangementet|Arrangementet) 'Fællesspisning for unge og ældre'( er gemt på serveren)?")
    sync_api.expect(phone.get_by_test_id("stMain")).to_contain_text(outcome, timeout=30_000)
    # The outcome shows where the thumb is: right under the Gem button at the bottom of a long form.
    said = phone.get_by_test_id("stAlert").filter(has_text=outcome)
    box = said.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, box
    # The form is empty in the browser too, so a second tap on Gem cannot save the event twice.
    assert phone.get_by_label("Titel").input_value() == "" and phone.get_by_label("Deltagere i alt").input_value() == ""
    # A guidance talk: choose Aktivitet, tap the button. Two interactions.
    phone.get_by_text("Aktivitet", exact=True).click()
    settle(phone)
    phone.get_by_role("button", name="+1 Afklarende frivillig-samtale").click()
    settle(phone)
    sync_api.expect(phone.get_by_test_id("stMain")).to_contain_text(re.compile(TALK_SAVED), timeout=30_000)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no horizontal scrolling
    # In the store itself:
    wait_until_sent(app)
    snap = read_snapshot(store)
    event = snap["events"].iloc[-1]
    assert (event["title"], event["participants"], event["young"], event["adults"], event["elderly"]) == (
        "Fællesspisning for unge og ældre", 24, 10, 4, 10)
    names = dict(zip(snap["members"]["id"], snap["members"]["name"]))
    assert sorted(names[o] for o in event["organisations"]) == sorted(chosen)
    assert snap["activities"].iloc[-1]["type"] == "Afklarende frivillig-samtale"
    # And on the overview, at once:
    phone.goto(app.url)
    settle(phone)
    assert metric(phone, "Arrangementer i år") == i18n.fmt_number(before["events"] + 1)
    assert metric(phone, "Deltagelser i år") == i18n.fmt_number(before["participants"] + 24)
    assert metric(phone, "Registrerede aktiviteter i år") == i18n.fmt_number(before["activities"] + 1)


def test_a_volunteer_types_a_bad_date_and_finds_it_with_its_cell(app, page, emulator):
    page.goto(app.url + "/problems")  # the dashboard is open (on a fresh server it makes the demo workbook)
    settle(page)
    if app.backend == "gsheets":
        sheet = emulator.book(app.sheet.key).sheet("Arrangementer")
        row = sheet.last_row() + 2
        emulator.type_values(app.sheet.key, f"Arrangementer!A{row}", [["ARR-HAND", "31.02.2026", "Café i hånden", "Cafémøde"]])
    else:
        wb = openpyxl.load_workbook(app.workbook)
        wb["Arrangementer"].append(["ARR-HAND", "31.02.2026", "Café i hånden", "Cafémøde"])
        row = wb["Arrangementer"].max_row
        wb.save(app.workbook)
    try:
        page.goto(app.url + "/problems")
        settle(page)
        page.get_by_role("button", name="Hent data igen").click()  # Google is cached; the workbook rereads anyway
        settle(page)
        text = page.locator('[data-testid="stMain"]').inner_text()
        assert "Arrangementer (1)" in text
        table = page.locator("table").first
        assert f"Arrangementer!B{row}" in table.inner_text() and "31.02.2026" in table.inner_text()
        assert "kan ikke læses som en dato" in table.inner_text()
        ARTIFACTS.mkdir(exist_ok=True)  # the problem as the volunteer finds it, before the clean-up
        page.screenshot(path=str(ARTIFACTS / f"volunteer-finds-the-problem-{app.backend}.png"), full_page=True)
        if app.backend == "gsheets":  # the cell reference opens the sheet at that cell
            href = table.get_by_role("link", name=f"Arrangementer!B{row}").get_attribute("href")
            assert href.endswith(f"/d/{app.sheet.key}/edit#gid={app.sheet.sheet_ids['events']}&range=B{row}")
    finally:
        if app.backend == "gsheets":
            emulator.delete_rows(app.sheet.key, "Arrangementer", row)
        else:
            wb = openpyxl.load_workbook(app.workbook)
            wb["Arrangementer"].delete_rows(row)
            wb.save(app.workbook)
        page.get_by_role("button", name="Hent data igen").click()
        settle(page)


def sign_in_to_entry(app, tab) -> None:
    tab.goto(app.url + "/entry")
    settle(tab)
    tab.locator('input[type="password"]').fill(PASSCODE if app.backend == "gsheets" else "demo")
    tab.get_by_role("button", name="Log ind").click()
    settle(tab)
    sync_api.expect(tab.locator("h1").first).to_have_text("Registrér", timeout=30_000)


def activity_ids(app) -> list[str]:
    """The activity rows' ids in the store as it is now (not the dashboard's cache), once the
    outbox has sent what waits."""
    wait_until_sent(app)
    grid = store_of(app).read_tab("activities")
    header_row, positions, _ = locate_columns(schema.tab("activities"), grid)
    return sorted(str(r[positions["id"]]) for r in grid[header_row:]  # every row, a repeated id too
                  if positions["id"] < len(r) and r[positions["id"]] not in (None, ""))


def test_a_double_tap_on_a_one_tap_button_writes_one_row_and_undo_removes_it(app, phone):
    sign_in_to_entry(app, phone)
    before = activity_ids(app)
    button = phone.get_by_role("button", name="+1 Afklarende frivillig-samtale")
    button.tap()
    phone.wait_for_timeout(150)  # a thumb that taps twice (on the button, or on the redrawn one in its place)
    button.first.tap()
    settle(phone)
    after = activity_ids(app)
    assert len(after) == len(before) + 1 and len(set(after)) == len(after), sorted(set(after) - set(before))
    # Undo: the row leaves the store.
    phone.get_by_role("button", name="Fortryd: 1 × Afklarende frivillig-samtale").tap()
    settle(phone)
    # The double tap's second run may be the one settle saw end: wait for the undo's own words (it
    # fails if they never come), not just for a run.
    phone.locator('[data-testid="stMain"]').get_by_text("Fortrudt: 1 × Afklarende frivillig-samtale").wait_for(timeout=30_000)
    assert activity_ids(app) == before
    assert phone.get_by_role("button", name="Fortryd: 1 × Afklarende frivillig-samtale").count() == 0


def test_the_leader_records_a_guidance_talk_in_one_tap_and_sees_it_without_scrolling(app, phone):
    sign_in_to_entry(app, phone)
    before = activity_ids(app)
    taps = 0
    assert phone.evaluate("window.scrollY") == 0
    phone.get_by_role("button", name="+1 Afklarende frivillig-samtale").tap()  # Aktivitet is chosen already
    taps += 1
    settle(phone)
    assert taps <= 3 and phone.evaluate("window.scrollY") == 0
    # Saved, or (on a slow machine) on its way: either says what was recorded, in view.
    box = phone.get_by_test_id("stAlert").filter(has_text="1 × Afklarende frivillig-samtale").bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844 and box["x"] + box["width"] <= 390, box
    assert len(activity_ids(app)) == len(before) + 1
    # Undone again, so the other journeys count the demo's rows.
    phone.get_by_role("button", name="Fortryd: 1 × Afklarende frivillig-samtale").tap()
    settle(phone)
    assert activity_ids(app) == before
