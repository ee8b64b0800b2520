"""Touch and screen readers: every control a thumb can hit (44x44 CSS px at least, WCAG 2.5.5),
the page's language on ``<html>``, and the catalogue's words for the names Streamlit gives its own
controls in English ("Choose date", "Increment", "Very dissatisfied", ...). Injected once a run
from app.py, on every page and on the participants' evaluation."""

from __future__ import annotations

import json

import streamlit as st

from fcdash import i18n
from fcdash.ui.session import lang

TAP = 44  # CSS px: the smallest target a thumb hits without a second try

# Streamlit's stable data-testid attributes, not its generated class names. A small icon keeps its
# place in the layout and gets a larger hit area: padding outside it, taken back by a negative
# margin. Streamlit's heading anchors ("Link to heading", 16 px) are hidden: nobody links to a
# form's heading.
TOUCH_CSS = """<style>
[data-testid^="stBaseButton-"], [data-testid="stButtonGroup"] button, [data-testid="stSidebarNavLink"],
[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
[data-testid="stFeedbackButton"], [data-testid="stNumberInputStepDown"], [data-testid="stNumberInputStepUp"],
[data-testid="stNumberInputClearButton"],
[data-testid="stDateInputCalendarButton"], [data-testid="stSelectbox"] button, [data-testid="stMultiSelect"] button {
  min-height: %(tap)dpx; min-width: %(tap)dpx;
}
[data-testid="stFeedbackButton"] { display: inline-flex; align-items: center; justify-content: center; }
[data-testid="stFeedbackButton"] span { font-size: 2rem; }
[data-testid="stRadioOption"], [data-testid="stCheckbox"] label {
  min-height: %(tap)dpx; min-width: %(tap)dpx; align-items: center; margin-bottom: 0;
}
[data-testid="stTextInputRootElement"], [data-testid="stNumberInputContainer"], [data-testid="stDateInputField"],
[data-testid="stSelectbox"] [role="combobox"], [data-testid="stMultiSelectTagsContainer"] {
  min-height: %(tap)dpx;
}
[data-testid="stTextInputRootElement"] input, [data-testid="stNumberInputField"] { min-height: %(tap)dpx; }
[data-testid="stTextInputRootElement"] button { min-height: %(tap)dpx; min-width: %(tap)dpx; }
[data-testid="stDateInputFieldsScroller"] [role="spinbutton"] {
  display: inline-flex; align-items: center; justify-content: center; min-width: %(tap)dpx; min-height: %(tap)dpx;
}
/* As wide unfocused as focused: a box that shrinks when a tap elsewhere takes the focus moves the
   button under the thumb between its press and its release, and the tap is lost. */
[data-testid="stMultiSelectTagsContainer"] input { min-height: %(tap)dpx; min-width: 3rem; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] { min-height: %(tap)dpx; }
[data-testid="stMultiSelectTagsContainer"] [data-tag] button { min-height: %(tap)dpx; min-width: %(tap)dpx; }
[data-testid="stTooltipHoverTarget"] button { min-width: %(tap)dpx; min-height: %(tap)dpx; margin: -14px; }
[data-testid="stHeaderActionElements"] { display: none; }
/* The calendar a date opens: days and the month's arrows; an expander's one-line heading. */
[data-testid="stDateInputCalendar"] [role="gridcell"] > [role="button"], [data-testid="stDateInputCalendar"] button {
  min-width: %(tap)dpx; min-height: %(tap)dpx; display: inline-flex; align-items: center; justify-content: center;
}
[data-testid="stDateInputCalendar"] { max-width: 100vw; }
[data-testid="stExpander"] summary { min-height: %(tap)dpx; }
[data-testid="stElementContainer"]:has(script#fcdash-a11y) { display: none; }
</style>""" % {"tap": TAP}

# Streamlit's English names of its own controls (aria-label, title, alt, placeholder, and the few
# texts it writes itself), and the catalogue's key of each under touch.name.
NAMES = {
    "Choose date": "choose_date", "Choose date range": "choose_dates", "Clear date": "clear_date",
    "Clear dates": "clear_dates", "Quick select a date range": "quick_dates", "Previous month": "previous_month",
    "Next month": "next_month", "Increment": "increment", "Decrement": "decrement", "Clear value": "clear_value",
    "Clear all": "clear_all", "Open": "open", "Selected values": "selected", "No results": "no_results",
    "Very dissatisfied": "face_1", "Dissatisfied": "face_2", "Neutral": "face_3", "Satisfied": "face_4",
    "Very satisfied": "face_5", "Feedback rating": "rating", "Main menu": "main_menu",
    "Expand sidebar": "expand_sidebar", "Collapse sidebar": "collapse_sidebar", "Sidebar": "sidebar",
    "App pages": "pages", "View less": "view_less", "Skip to main content": "skip", "Link to heading": "heading_link",
    "Show password": "show_password", "Hide password": "hide_password", "Fullscreen": "fullscreen",
    "Close fullscreen": "close_fullscreen", "Close": "close", "Copy to clipboard": "copy",
    "Notifications": "notifications",
    "Press Enter to submit form": "enter_submits", "Press Enter to apply": "enter_applies",
    "Choose an option": "choose_option", "view more": "view_more", "view less": "view_less",
}
# Names Streamlit builds from one of these and a label or value: "Help for Note", "Remove Ældre
# Sagen", "Add: Vejle", "day, Dato" (a date's parts), "Choose date, november 2026" (the calendar).
PREFIXES = {"Choose date, ": "choose_date_in", "Help for ": "help_for", "Remove ": "remove", "Add: ": "add",
            "day, ": "day", "month, ": "month", "year, ": "year"}
# Where Streamlit writes these as text rather than as an attribute; nowhere else is text touched,
# so a centre's own words ("Neutral") stay as they are.
TEXT_IN = ('[data-testid="stSkipToContent"], [data-testid="InputInstructions"] span, [role="listbox"], '
           '[data-testid="stMultiSelectDropdown"], [data-testid="stSelectboxVirtualDropdown"], '
           '[role="application"] h2, [data-testid="stToast"] button')  # the calendar's heading; a toast's more/less

_SCRIPT = """<script id="fcdash-a11y">
(() => {
  const config = %(config)s;
  const state = window.__fcdashA11y || (window.__fcdashA11y = {});
  state.config = config;
  // Every known name, in any language, to this page's language.
  const exact = new Map(), prefixes = [];
  for (const [english, da, en] of config.names) {
    const word = config.lang === "en" ? en : da;
    for (const known of [english, da, en]) exact.set(known, word);
  }
  for (const [english, da, en] of config.prefixes) {
    const word = config.lang === "en" ? en : da;
    for (const known of [english, da, en]) prefixes.push([known, word]);
  }
  const translate = value => {
    if (!value) return value;
    const whole = exact.get(value.trim());
    if (whole !== undefined) return whole;
    for (const [known, word] of prefixes) {
      if (value.startsWith(known) && value.length > known.length) return word + value.slice(known.length);
    }
    return value;
  };
  const ATTRIBUTES = ["aria-label", "title", "alt", "placeholder"];
  const fixElement = el => {
    for (const name of ATTRIBUTES) {
      const value = el.getAttribute && el.getAttribute(name);
      if (value) {
        const word = translate(value);
        if (word !== value) el.setAttribute(name, word);
      }
    }
  };
  const fixText = node => {
    const parent = node.parentElement;
    if (!parent || !parent.closest(config.textIn)) return;
    const word = translate(node.nodeValue);
    if (word !== node.nodeValue) node.nodeValue = word;
  };
  const fixTree = root => {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixElement(root);
    root.querySelectorAll("[aria-label], [title], [alt], [placeholder]").forEach(fixElement);
    // An icon is drawn from its English name ("check_circle", "schedule"): a picture, not words.
    const icons = root.matches && root.matches('[data-testid="stIconMaterial"]') ? [root] : [];
    for (const icon of [...icons, ...root.querySelectorAll('[data-testid="stIconMaterial"]')]) {
      if (icon.getAttribute("aria-hidden") !== "true") icon.setAttribute("aria-hidden", "true");
    }
    for (const box of root.closest(config.textIn) ? [root] : root.querySelectorAll(config.textIn)) {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) fixText(node);
    }
  };
  state.fixTree = fixTree;
  const setLang = () => {
    if (document.documentElement.lang !== config.lang) document.documentElement.lang = config.lang;
  };
  setLang();
  fixTree(document.body);
  if (state.observer) return;  // one observer a page; a new run only brings new words
  state.observer = new MutationObserver(records => {
    for (const record of records) {
      if (record.type === "childList") record.addedNodes.forEach(node => window.__fcdashA11y.fixTree(node));
      else if (record.type === "characterData") window.__fcdashA11y.fixTree(record.target);
      else if (record.target === document.documentElement) {
        const lang = window.__fcdashA11y.config.lang;
        if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
      } else window.__fcdashA11y.fixTree(record.target);
    }
  });
  // A pick in a list of several values closes the list and leaves the search box focused: the next
  // name is typed at once (typing opens the list again), and the list no longer covers the button
  // below it, which would cost a tap on nothing to close it.
  const closeAfterPick = event => {
    if (!event.target.closest || !event.target.closest('[data-testid="stMultiSelectDropdown"] [role="option"]')) return;
    setTimeout(() => {
      const input = document.activeElement;
      if (input && input.getAttribute("aria-expanded") === "true" && input.closest('[data-testid="stMultiSelect"]')) {
        input.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape", code: "Escape", keyCode: 27, bubbles: true,
                                                          cancelable: true}));
      }
    }, 50);
  };
  document.addEventListener("pointerup", closeAfterPick, true);
  document.addEventListener("click", closeAfterPick, true);
  state.observer.observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                                    attributes: true, attributeFilter: [...ATTRIBUTES, "lang"]});
})();
</script>"""


def words() -> dict:
    """What the page's script needs: the language, and each English name with its Danish and
    English words from the catalogue."""
    both = lambda key: [i18n.t(f"touch.name.{key}", language) for language in i18n.LANGUAGES]
    return {"lang": lang(), "names": [[english, *both(key)] for english, key in NAMES.items()],
            "prefixes": [[english, *both(key)] for english, key in PREFIXES.items()], "textIn": TEXT_IN}


def inject(*, sidebar: bool = True) -> None:
    """The tap targets' CSS and the names' script, on this page (once a run, from app.py). The
    script's element is hidden; it stands in the sidebar, so a page begins with its title, or in
    the main area of a page without a sidebar (the participants' evaluation)."""
    st.html(TOUCH_CSS)
    script = _SCRIPT % {"config": json.dumps(words(), ensure_ascii=False).replace("</", "<\\/")}
    (st.sidebar if sidebar else st).html(script, unsafe_allow_javascript=True)
