"""Touch and screen readers, on a phone (390x844, touch) as the leader and a participant use it:
every control on the sign-in, the entry page (each kind of entry) and the evaluation is at least
44x44 CSS px; the page says it is Danish and a screen reader reads no English name; the ⋮ menu of
Streamlit (English) is not there; and an event with three age bands and two organisations takes
at most twelve taps and fills."""

from __future__ import annotations

import datetime as dt
import re

from fcdash import auth, evaluation
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from tests.browser.conftest import settle, sync_api, wait_until_sent

TAP = 44
KINDS = ["Aktivitet", "Arrangement", "Nyt medlem", "Medlem udmeldt", "Opfølgning på mål"]
LONELINESS_EVENT, LONELINESS_DAY = "ARR-0272", dt.date(2026, 11, 17)  # a demo Spiseklub: asks the T-ILS too

# Every element a finger or a screen reader can reach, that is drawn (not a visually hidden input
# whose label is the target, not an element inside a 1 px clip), with its size and a name to find it by.
TARGETS = """() => {
  const SELECT = 'button, a[href], input:not([type=hidden]), select, textarea, [role=button], [role=radio],'
    + '[role=checkbox], [role=switch], [role=tab], [role=option], [role=combobox], [role=spinbutton], [role=slider],'
    + '[tabindex]:not([tabindex="-1"])';
  const hidden = el => {
    for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0'
          || a.getAttribute('aria-hidden') === 'true') return true;
      const r = a.getBoundingClientRect();
      if ((s.overflow !== 'visible' || s.clipPath !== 'none') && (r.width <= 1 || r.height <= 1)) return true;
    }
    return false;
  };
  const seen = new Set(), found = [];
  for (const el of document.querySelectorAll(SELECT)) {
    const target = (el.matches('input[type=checkbox], input[type=radio]') && el.closest('label')) || el;
    if (seen.has(target) || hidden(el)) continue;
    seen.add(target);
    const r = target.getBoundingClientRect();
    if (r.right <= 0 || r.left >= innerWidth || (r.width === 0 && r.height === 0)) continue;  // the closed sidebar
    const testid = target.closest('[data-testid]')?.getAttribute('data-testid');
    const name = target.getAttribute('aria-label') || target.getAttribute('title') || target.innerText
      || target.tagName;
    found.push({what: `${testid}: ${name.trim().replace(/\\s+/g, ' ').slice(0, 40)}`,
                width: Math.round(r.width * 10) / 10, height: Math.round(r.height * 10) / 10});
  }
  return found;
}"""

# What a screen reader reads besides the text: every name given in an attribute.
NAMES = """() => [...document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [aria-roledescription]')]
  .flatMap(el => ['aria-label', 'title', 'alt', 'placeholder', 'aria-roledescription']
  .map(a => el.getAttribute(a)).filter(Boolean))"""

# Streamlit's English names and words (and of its ⋮ menu) that must not reach a Danish reader. Not
# "Print": the QR code's help says "Print arket" in Danish; the menu's absence is checked instead.
ENGLISH = ["Choose date", "Choose an option", "Increment", "Decrement", "Very dissatisfied", "Dissatisfied",
           "Satisfied", "Neutral", "Feedback rating", "Main menu", "Expand sidebar", "Collapse sidebar", "Sidebar",
           "App pages", "Open", "Clear value", "Clear all", "Remove", "Selected values", "Help for", "Show password",
           "Hide password", "Skip to main content", "Link to heading", "Press Enter", "Record screen", "Fullscreen",
           "Previous", "Next", "day", "month", "year", "Copy", "Close", "No results"]
ENGLISH_WORDS = re.compile(r"\b(" + "|".join(map(re.escape, ENGLISH)) + r")\b")


def too_small(tab) -> list[str]:
    return [f"{t['what']} ({t['width']}x{t['height']})" for t in tab.evaluate(TARGETS)
            if t["width"] < TAP or t["height"] < TAP]


def english_names(tab) -> list[str]:
    """English names on the page: in the accessibility tree (without its addresses) and in the
    attributes that name an element."""
    tree = "\n".join(line for line in tab.locator("body").aria_snapshot().splitlines() if "/url:" not in line)
    return sorted({m.group(0) for text in [tree, *tab.evaluate(NAMES)] for m in ENGLISH_WORDS.finditer(text)})


def sign_in(app, tab) -> None:
    tab.goto(app.url + "/entry")
    settle(tab)
    tab.locator('input[type="password"]').fill("demo")
    tab.get_by_role("button", name="Log ind").tap()
    settle(tab)
    sync_api.expect(tab.locator("h1").first).to_have_text("Registrér", timeout=30_000)


def choose(tab, kind: str) -> None:
    """A kind of entry, unless it is the one shown already (a tap on it would start no run)."""
    button = tab.get_by_role("radio", name=kind, exact=True)
    if button.get_attribute("aria-checked") != "true":
        button.tap()
        settle(tab)


def evaluation_link(app, event: str = LONELINESS_EVENT, day: dt.date = LONELINESS_DAY) -> str:
    key = evaluation.token_key(auth.server_secret(app.workbook.parent / "evaluering-noegle"))
    return f"{app.url}/?svar={evaluation.make_token(event, day, key)}"


def pick_organisation(tab, prefix: str) -> str:
    """Type the start of a member's name in the organisations' list and tap the first match; its name.
    The list then closes, and the search box keeps the focus (the next name is typed at once)."""
    tab.get_by_label("Medvirkende organisationer").fill(prefix)
    option = tab.locator('[data-testid="stMultiSelectDropdown"] [role="option"]', has_text=prefix).first
    name = option.inner_text().strip()
    option.tap()
    tab.wait_for_selector('[data-testid="stMultiSelectDropdown"]', state="detached")
    assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Medvirkende organisationer"
    return name


def test_every_control_on_the_sign_in_the_entry_forms_and_the_evaluation_is_44_px(workbook_app, phone):
    offenders, sizes = {}, []

    def measure(where: str) -> None:
        targets = phone.evaluate(TARGETS)
        assert targets, where
        sizes.extend(min(t["width"], t["height"]) for t in targets)
        offenders[where] = too_small(phone)

    phone.goto(workbook_app.url + "/entry")
    settle(phone)
    measure("sign-in")
    sign_in(workbook_app, phone)
    for kind in KINDS:
        choose(phone, kind)
        if kind == "Arrangement":  # a number typed and an organisation chosen: the buttons that clear them
            phone.get_by_label("Unge 15-25").fill("10")
            phone.get_by_label("Medvirkende organisationer").tap()
            pick_organisation(phone, "Ungehuset")
        measure(kind)
        if kind == "Arrangement":  # the recent entries' lines, one opened, and the calendar a date opens
            phone.get_by_test_id("stExpander").first.locator("summary").tap()
            measure("Arrangement, a recent entry opened")
            phone.locator('[data-testid="stDateInputCalendarButton"]').first.tap()
            phone.wait_for_selector('[role="grid"]')
            measure("the calendar")
            phone.keyboard.press("Escape")
    phone.goto(evaluation_link(workbook_app))
    settle(phone)
    assert phone.get_by_role("radiogroup").count() >= 3  # the loneliness scale's radio rows are there
    measure("evaluation")
    assert not any(offenders.values()), {where: found for where, found in offenders.items() if found}
    print(f"smallest tap target: {min(sizes)} px")


def test_a_screen_reader_hears_danish_and_streamlits_menu_is_not_there(workbook_app, phone):
    found = {}

    def listen(where: str) -> None:
        assert phone.evaluate("document.documentElement.lang") == "da", where
        # Streamlit's ⋮ menu: its items ("Print", "Record screen") are English.
        assert phone.locator('[data-testid="stMainMenuButton"], [data-testid^="stMainMenuItem"]').count() == 0, where
        found[where] = english_names(phone)
        # An icon's name ("add_circle", "keyboard_arrow_right") is not read out as words.
        tree = "\n".join(line for line in phone.locator("body").aria_snapshot().splitlines()
                         if "code" not in line)  # a setting's name in code, such as public_url, stays
        found[where] += re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", tree)

    phone.goto(workbook_app.url + "/entry")
    settle(phone)
    listen("sign-in")
    sign_in(workbook_app, phone)
    for kind in KINDS:
        choose(phone, kind)
        listen(kind)
    phone.locator('[data-testid="stDateInputCalendarButton"]').first.tap()  # the calendar
    phone.wait_for_selector('[role="grid"]')
    listen("calendar")
    phone.goto(evaluation_link(workbook_app))
    settle(phone)
    listen("evaluation")
    assert not any(found.values()), {where: words for where, words in found.items() if words}
    assert phone.get_by_role("radio", name="Meget utilfreds").count() == 1
    # In English the page says so, and the faces have their English names.
    phone.get_by_role("radio", name="English").tap()
    settle(phone)
    assert phone.evaluate("document.documentElement.lang") == "en"
    phone.get_by_role("radio", name="Very dissatisfied").wait_for()
    phone.get_by_role("radio", name="Dansk").tap()  # and back
    settle(phone)
    assert phone.evaluate("document.documentElement.lang") == "da"
    phone.get_by_role("radio", name="Meget utilfreds").wait_for()


def test_an_event_with_three_age_bands_and_two_organisations_in_twelve_interactions(workbook_app, phone):
    sign_in(workbook_app, phone)
    interactions = []

    def tap(locator, what: str) -> None:
        locator.tap()
        interactions.append(f"tap {what}")

    def fill(locator, text: str, what: str) -> None:
        locator.fill(text)
        interactions.append(f"type {what}")

    title = f"Fællesspisning {dt.datetime.now():%H%M%S%f}"
    tap(phone.get_by_role("radio", name="Arrangement", exact=True), "Arrangement")
    settle(phone)
    fill(phone.get_by_label("Titel"), title, "the title")
    pill = phone.get_by_role("radio", name="Cafémøde", exact=True)
    if pill.count():
        tap(pill, "the type")
        # A pill takes the tap: no text box, so no keyboard comes up over the page.
        assert phone.evaluate("document.activeElement.tagName") != "INPUT"
    else:  # a list: open it, pick
        tap(phone.get_by_label("Type", exact=True), "the list of types")
        tap(phone.get_by_role("option", name="Cafémøde", exact=True), "the type")
    for band, count in (("Unge 15-25", "10"), ("Voksne 26-64", "4"), ("Ældre 65+", "10")):
        fill(phone.get_by_label(band), count, band)
    organisations = phone.get_by_label("Medvirkende organisationer")
    tap(organisations, "the organisations' list")
    for prefix in ("Ældre Sagen B", "Ungehuset B"):  # typed to find it among the members, then tapped
        interactions.extend([f"type {prefix}", f"tap {pick_organisation(phone, prefix)}"])
    # Nothing covers the button: the tap lands on it (Playwright taps only what would get the tap).
    # And nothing moves it when the tap takes the focus from the search box: a button that moves
    # between the finger's press and its release gets no tap.
    save = phone.locator('[data-testid="stBaseButton-primaryFormSubmit"]')
    focused = save.bounding_box()
    phone.evaluate("document.activeElement.blur()")
    assert save.bounding_box() == focused, (focused, save.bounding_box())
    phone.get_by_label("Medvirkende organisationer").focus()
    tap(save, "Gem")
    settle(phone)
    # (The outcome's own part of the page may end a run before the rest: wait for its words.)
    sync_api.expect(phone.get_by_test_id("stMain")).to_contain_text(
        re.compile(f"(Gemt: arrangementet|Arrangementet) '{title}'"), timeout=30_000)
    assert len(interactions) <= 12, interactions
    print(f"{len(interactions)} interactions: {interactions}")
    wait_until_sent(workbook_app)
    events = read_snapshot(WorkbookStore(workbook_app.workbook))["events"]
    event = events.loc[events["title"] == title].iloc[0]
    assert (event["participants"], event["young"], event["adults"], event["elderly"], event["type"]) == (
        24, 10, 4, 10, "Cafémøde")
    assert len(event["organisations"]) == 2
