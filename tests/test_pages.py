"""AppTest over app.py and every page: no exception and the real content, in Danish."""

from __future__ import annotations

import datetime as dt
import re

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from fcdash import goals, i18n, metrics, schema
from fcdash.reports import words
from fcdash.ui import widgets
from fcdash.store.workbook import WorkbookStore
from fcdash.parsing import read_snapshot
from tests.conftest import (MENU_PAGES as PAGES, ROOT, TODAY, GoogleVolunteer, WorkbookVolunteer, as_editor,
                            google_sheet, tap)

# The navigation in app.py: each page and the message key of its menu entry.
NAV = dict(re.findall(r'st\.Page\("(app_pages/\w+\.py)", title=t\("(nav\.\w+)"\)', (ROOT / "app.py").read_text()))
# A page's title is its menu entry, except the reports, whose titles say whom they are for.
TITLE_KEYS = {**NAV, "app_pages/report.py": "report.page_title", "app_pages/yearly.py": "yearly.page_title"}
# What each page shows below its title, from the demo data; all looked for in the main area only.
CONTENT = {
    "app_pages/overview.py": lambda main: i18n.t("overview.active_members") in [m.label for m in main.metric],
    "app_pages/goals.py": lambda main: any(m.value.startswith("**1\\.1**") for m in main.markdown) and main.subheader,
    "app_pages/reach.py": lambda main: main.info[0].value == i18n.t("reach.note") and main.metric,
    "app_pages/members.py": lambda main: "Navn" in main.dataframe[0].value.columns and len(main.dataframe[0].value) > 0,
    "app_pages/events.py": lambda main: "Titel" in main.dataframe[0].value.columns and len(main.dataframe[0].value) > 0,
    "app_pages/report.py": lambda main: "Arrangementer" in main.table[0].value.index,
    "app_pages/yearly.py": lambda main: "Arrangementer" in main.table[0].value.index,
    "app_pages/entry.py": lambda main: tap(main, "quick_0").label == "+1 Afklarende frivillig-samtale",
    "app_pages/data.py": lambda main: "Navn" in main.dataframe[0].value.columns and len(main.dataframe[0].value) > 0,
    "app_pages/problems.py": lambda main: main.success[0].value == i18n.t("problems.none"),
}


@pytest.fixture
def app_env(monkeypatch, demo_workbook):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    return demo_workbook


def run(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_there_are_pages():
    assert "app_pages/overview.py" in PAGES and "app_pages/problems.py" in PAGES
    assert sorted(NAV) == PAGES == sorted(CONTENT)  # every page is in the menu and checked below


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception_and_shows_content(app_env, page, monkeypatch):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    as_editor(at, monkeypatch)  # what a correct passcode sets: the entry page shows its forms
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    main = at.main
    assert [e.value for e in main.title] == [i18n.t(TITLE_KEYS[page])]
    assert [e.type for e in main.children.values()][0] == "title" and len(main.children) > 1
    assert CONTENT[page](main), page


def test_overview_shows_the_key_figures_in_danish(app_env):
    at = run()
    assert at.title[0].value == "Oversigt"
    figures = metrics.key_figures(read_snapshot(WorkbookStore(app_env)), TODAY)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Aktive medlemmer"] == i18n.fmt_number(figures["active_members"])
    assert shown["Deltagelser i år"] == i18n.fmt_number(figures["participants"])
    assert shown["Arrangementer i år"] == i18n.fmt_number(figures["events"])
    assert figures["participants"] >= 1000 and "." in shown["Deltagelser i år"]  # Danish thousands mark
    assert at.success[0].value == "Ingen dataproblemer fundet i regnearket."


def test_overview_in_english(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "Active members" in [m.label for m in at.metric]


def test_the_goals_progress_states_targets_in_the_readers_language(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page("app_pages/goals.py").run()
    progress = [p.proto.text for p in at.main.get("progress")]
    assert any(" at least " in text or " at most " in text for text in progress), progress
    assert not [text for text in progress if re.search(r"\b(mindst|højst|præcis|fra \d+ til)\b", text)]


@pytest.mark.fault("the workbook changed by hand while the server runs")
def test_a_badly_typed_row_added_by_hand_shows_with_its_cell(app_env):
    at = run()
    wb = openpyxl.load_workbook(app_env)
    ws = wb["Arrangementer"]
    typed = {"ID": "ARR-HAND", "Dato": "32-13-2026", "Titel": "Café lavet i hånden", "Type": "Cafémøde",
             "Deltagere i alt": 25}
    ws.append([typed.get(c.value) for c in ws[1]])
    row = ws.max_row
    wb.save(app_env)
    at.run()  # the next load: the workbook changed, so it is read again
    assert not at.exception
    assert at.warning and at.warning[0].value.startswith("1 dataproblem i regnearket")
    at.switch_page("app_pages/problems.py").run()
    table = next(m.value for m in at.markdown if m.value.startswith("| Celle"))
    lines = table.splitlines()
    assert len(lines) == 3  # the header, the rule and one problem
    assert widgets.escape(f"Arrangementer!B{row}") in lines[2] and widgets.escape("32-13-2026") in lines[2]
    assert widgets.escape("kan ikke læses som en dato") in lines[2]


def test_the_google_backend_shows_the_same_overview_as_the_workbook(app_env, monkeypatch, emulator, demo_rows):
    on_workbook = {m.label: m.value for m in run().metric}
    store = google_sheet(emulator, demo_rows)
    monkeypatch.setenv("FCDASH_SPREADSHEET", store.key)
    monkeypatch.setenv("FCDASH_SHEETS_API_URL", emulator.url)
    emulator.reset_counts()
    at = run()
    assert {m.label: m.value for m in at.metric} == on_workbook
    assert at.success[0].value == "Ingen dataproblemer fundet i regnearket."
    assert emulator.counts == {"metadata": 1, "values.batchGet": 1}
    at.switch_page("app_pages/problems.py").run()
    assert not at.exception
    assert emulator.counts == {"metadata": 1, "values.batchGet": 1}  # a page switch reads nothing


def test_the_refresh_button_reads_the_sheet_once_on_any_page(app_env, monkeypatch, emulator, demo_rows):
    store = google_sheet(emulator, demo_rows)
    monkeypatch.setenv("FCDASH_SPREADSHEET", store.key)
    monkeypatch.setenv("FCDASH_SHEETS_API_URL", emulator.url)
    at = run("app_pages/goals.py")
    GoogleVolunteer(emulator, store.key).append("Arrangementer", ["ARR-NY", "2026-11-20", "Nyt arrangement"])
    emulator.reset_counts()
    at.button(key="refresh").click().run()
    assert not at.exception
    assert emulator.counts == {"values.batchGet": 1}
    at.switch_page("app_pages/events.py").run()
    assert "Nyt arrangement" in at.dataframe[0].value["Titel"].tolist()
    assert emulator.counts == {"values.batchGet": 1}


def test_an_unreachable_sheet_is_a_danish_message_not_a_crash(app_env, monkeypatch, emulator):
    monkeypatch.setenv("FCDASH_SPREADSHEET", "findes-ikke")
    monkeypatch.setenv("FCDASH_SHEETS_API_URL", emulator.url)
    at = run()
    assert at.error and at.error[0].value.startswith("Regnearket findes ikke")
    monkeypatch.setenv("FCDASH_SHEETS_API_URL", "")
    at = run()
    assert at.error[0].value.startswith("Opsætningen er forkert") and "servicekonto" in at.error[0].value


def test_the_goals_page_shows_every_goal_with_both_lights_progress_and_history(app_env):
    at = run("app_pages/goals.py")
    snap = read_snapshot(WorkbookStore(app_env))
    table = goals.progress(snap, TODAY)
    text = " ".join(m.value for m in at.markdown)
    for goal_id, goal_text in zip(table["id"], table["goal"]):
        assert f"**{widgets.escape(goal_id)}** {widgets.escape(goal_text)}" in text
    # One progress bar per countable goal, in the goal's own box, as full as the goal is reached
    # (AppTest has no public accessor for a bar's text; its value is the percentage).
    scored = table.loc[table["status"] == goals.SCORED]
    assert len(at.get("progress")) == len(scored) > 0
    for goal in scored.to_dict("records"):
        bars = at.get_by_key(f"goal_{goal['id']}").get("progress")
        share = min(goal["value"] / goal["target"], 1.0) if goal["target"] else 1.0
        assert [b.value for b in bars] == [int(share * 100)], goal["id"]
    row = table.set_index("id").loc["1.1"]
    box = at.get_by_key("goal_1.1")
    assert row["value"] >= row["target"] == 150 and [b.value for b in box.get("progress")] == [100]
    # This year's window in the goal's details: counted so far against what is due today.
    windows = next(m.value for m in box.markdown if m.value.startswith("| Vindue | Talt | Mål | Resultat |"))
    assert f"| 2026 | {int(row['value'])} | {int(row['expected'])} | Grøn |" in windows.splitlines()
    badges = [m.value for m in at.markdown if "-badge[" in m.value]
    assert any("Resultat: ≠ Mål ændret" in b for b in badges)
    assert any(":red-badge[:material/cancel: Tid: Rød]" in b for b in badges)  # in the card's line of lights
    captions = " ".join(c.value for c in at.caption)
    assert "Kommunen har ændret planerne for huset; målet er ændret." in captions
    # The board's follow-ups as a list that fits a phone, with the comment and who wrote it.
    history = "\n".join(m.value for m in at.markdown if m.value.startswith("- **"))
    assert "· Resultat: Gul · Tid: Rød  \n  Lejeaftalen er ikke på plads\\.  \n  *Udfyldt af: Bestyrelsen*" in history


def test_the_reach_page_with_filters(app_env):
    at = run("app_pages/reach.py")
    assert "ikke unikke personer" in at.info[0].value
    labels = [m.label for m in at.metric]
    assert labels.count("Unge 15-25") == 2 and labels.count("Ældre 65+") == 2  # one row per loneliness initiative
    at.date_input(key="_w_period").set_value((dt.date(2026, 1, 1), dt.date(2026, 3, 31)))
    at.segmented_control(key="reach_freq").set_value("M").run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 5 + 2 * 2  # and the participants' voice: two charts per initiative
    pairs = at.table[0].value
    assert list(pairs.columns) == ["Sammen med", "Fælles arrangementer"] and len(pairs) == 10
    # The filter is kept on another page and back.
    at.switch_page("app_pages/events.py").run()
    assert at.date_input(key="_w_period").value == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    events = read_snapshot(WorkbookStore(app_env))["events"]
    in_q1 = events.loc[(events["date"] >= "2026-01-01") & (events["date"] <= "2026-03-31")]
    assert {m.label: m.value for m in at.metric}["Arrangementer"] == i18n.fmt_number(len(in_q1))


def test_the_report_preview_shows_two_initiatives_of_one_name_as_two_columns(app_env):
    volunteer = WorkbookVolunteer(app_env)
    rows = volunteer.grid(schema.tab("initiatives").title)
    name, focus = rows[0].index("Navn"), rows[0].index("Fokus")
    lonely = [r for r in rows[1:] if str(r[focus]).casefold() == "ensomhed"]
    assert len(lonely) == 2
    lonely[1][name] = lonely[0][name]  # a volunteer gives the second initiative the first one's name
    volunteer.rewrite(schema.tab("initiatives").title, rows)
    at = run("app_pages/report.py")
    reach = next(table.value for table in at.table if "Organisationer" in table.value.index)
    assert list(reach.columns) == [lonely[0][name], f"{lonely[0][name]} (2)"]


def test_the_reach_page_on_a_day_without_events_says_so_in_words(app_env):
    at = run("app_pages/reach.py")
    at.date_input(key="_w_period").set_value((dt.date(2026, 11, 21), dt.date(2026, 11, 21))).run()  # a Saturday
    assert not at.exception
    assert "Ingen organisationer har været med til de samme arrangementer i perioden." in [c.value for c in at.caption]
    assert all(len(table.value) for table in at.table)  # no empty table (Streamlit writes "empty" in English)


def test_the_members_page_hides_personal_data_from_viewers(app_env, demo_rows, monkeypatch):
    at = run("app_pages/members.py")
    table = at.dataframe[0].value
    assert "E-mail" not in table.columns and "Telefon" not in table.columns and "Kontaktperson" not in table.columns
    assert "Persondata (kontaktpersoner, e-mails, telefonnumre) vises kun for redaktører" in at.caption[0].value
    at.multiselect(key="_w_member_types").select("Kirke").run()
    assert set(at.dataframe[0].value["Type"]) == {"Kirke"}
    as_editor(at, monkeypatch)  # what a correct passcode sets
    at.run()
    table = at.dataframe[0].value
    assert {"E-mail", "Telefon", "Kontaktperson"} <= set(table.columns)
    emails = {m["email"] for m in demo_rows["members"] if m["type"] == "Kirke"}
    assert set(table["E-mail"]) == emails


def test_the_events_page_with_an_area_filter_and_a_search(app_env):
    at = run("app_pages/events.py")
    at.multiselect(key="_w_areas").select("Korsør").run()
    table = at.dataframe[0].value
    assert set(table["Lokalområde"]) == {"Korsør"}
    at.text_input(key="search_arrangementer").input("café").run()
    found = at.dataframe[0].value
    assert len(found) and all(any("café" in str(cell).lower() for cell in row) for row in found.to_numpy())
    assert not at.exception


def test_the_report_page_previews_the_period_since_the_last_board_meeting(app_env):
    at = run("app_pages/report.py")
    assert "dagen efter bestyrelsesmødet 27.10.2026" in at.caption[0].value
    assert "Siden mødet 27.10.2026" in at.segmented_control(key="report_kind").options
    assert any("Siden bestyrelsesmødet 27.10.2026" in m.value for m in at.markdown)
    assert at.checkbox(key="report_appendix").value is False
    figures = at.table[0].value
    assert "Arrangementer" in figures.index
    at.segmented_control(key="report_kind").set_value("year").run()
    assert not at.exception
    at.selectbox(key="report_year").set_value(2026).run()
    assert not at.exception
    assert any("01.01.2026 – 23.11.2026" in m.value for m in at.markdown)


@pytest.mark.fault("the store down")
def test_with_the_sheet_down_the_dashboard_shows_the_last_good_figures_and_says_why(app_env, monkeypatch, emulator,
                                                                                      demo_rows):
    store = google_sheet(emulator, demo_rows)
    monkeypatch.setenv("FCDASH_SPREADSHEET", store.key)
    monkeypatch.setenv("FCDASH_SHEETS_API_URL", emulator.url)
    monkeypatch.setenv("FCDASH_CACHE_TTL", "0")
    good = {m.label: m.value for m in run().metric}
    emulator.down = True
    try:
        at = run()
    finally:
        emulator.down = False
    assert {m.label: m.value for m in at.metric} == good
    assert at.warning[0].value.startswith("Regnearket kan ikke læses lige nu, så du ser tallene fra")
    # The page did not wait for Google's retries (half a minute): they go on in the background.
    assert "har ikke svaret endnu" in at.warning[0].value


@pytest.mark.fault("a locked or half-written workbook")
def test_a_half_written_workbook_while_the_server_runs_shows_the_last_good_figures(app_env):
    good = {m.label: m.value for m in run().metric}
    content = app_env.read_bytes()
    app_env.write_bytes(content[: len(content) // 2])  # an office program in the middle of saving
    at = run()
    assert {m.label: m.value for m in at.metric} == good
    assert "kan ikke læses (halvt gemt, beskadiget" in at.warning[0].value


def test_the_reach_page_says_per_age_band_how_far_the_quarter_is_against_what_is_due_today(app_env):
    snap = read_snapshot(WorkbookStore(app_env))
    due = metrics.quarter_reach_due(snap["events"], snap["initiatives"], ["IND-UNGE", "IND-AELDRE"], TODAY)
    assert list(due["band"]) == ["young", "elderly"]  # each initiative against its own age band
    at = run("app_pages/reach.py")
    text = [m.value for m in at.markdown]
    for row in due.to_dict("records"):
        assert widgets.escape(words.due_text(row)) in text
    assert any(m.value.startswith("Unge 15\\-25: ") and "for kvartalet" in m.value for m in at.markdown)
    assert all(m.delta == "" for m in at.metric)  # the target is no longer a metric's arrow
    WorkbookStore(app_env).update_row("initiatives", "IND-UNGE", {"reach_target": None})
    at = run("app_pages/reach.py")
    sentences = [m.value for m in at.markdown if "for kvartalet" in m.value]
    assert len(sentences) == 1 and sentences[0].startswith("Ældre 65\\+: ")
    assert at.markdown and any(m.value == widgets.escape(i18n.t("reach.no_target")) for m in at.markdown)


def test_a_configured_workbook_that_is_missing_is_a_clear_error_never_other_figures(app_env, monkeypatch):
    # The demo workbook's figures are kept on disk beside the outbox; a centre then points
    # FCDASH_WORKBOOK at its own workbook in the same folder, which is not there.
    assert run().metric
    missing = app_env.parent / "vores-eget.xlsx"
    monkeypatch.setenv("FCDASH_WORKBOOK", str(missing))
    at = run()
    assert not at.metric
    assert at.error and "findes ikke" in at.error[0].value and "vores-eget.xlsx" in at.error[0].value


def test_times_are_on_the_centres_clock_not_the_servers(app_env):
    from zoneinfo import ZoneInfo

    from fcdash import i18n

    # The server runs in UTC (as most do); the centre reads Copenhagen time.
    noon_utc = dt.datetime(2026, 11, 23, 16, 6, tzinfo=dt.timezone.utc)
    assert i18n.local_time(noon_utc, "Europe/Copenhagen").strftime("%H:%M") == "17:06"
    before = dt.datetime.now(ZoneInfo("Europe/Copenhagen"))
    at = run("app_pages/problems.py")
    after = dt.datetime.now(ZoneInfo("Europe/Copenhagen"))
    caption = at.caption[-1].value
    assert any(f"{moment:%H:%M}" in caption for moment in (before, after)), caption


def test_the_overview_shows_each_goal_needing_attention_on_one_line_with_both_lights_in_words(app_env):
    at = run()
    snap = read_snapshot(WorkbookStore(app_env))
    attention = goals.needs_attention(goals.progress(snap, TODAY))
    assert len(attention) > 0
    listed = next(m.value for m in at.main.markdown if m.value.startswith("- **"))
    items = listed.split("\n- ")
    assert len(items) == len(attention)  # one entry a goal, not eight lines of badges
    judged = goals.progress(snap, TODAY).set_index("id", drop=False)
    for item, row in zip(items, attention.to_dict("records")):
        title, lights, *worst = item.removeprefix("- ").split("  \n  ")
        assert title == f"**{widgets.escape(row['id'])}** {widgets.escape(row['goal'])}"
        assert lights == widgets.escape(goals.lights_text(row, "da"))
        # a main goal's one place names its worst sub-goal, with that one's lights
        sub = judged.loc[row["worst"]] if isinstance(row["worst"], str) else None
        assert worst == ([] if sub is None else [widgets.escape(i18n.t(
            "goals.worst_sub", id=sub["id"], lights=goals.lights_text(sub, "da")))])
    assert attention["worst"].map(lambda w: isinstance(w, str)).any()  # the demo's 4.2 names 4.2.1
    # Each light with its name and its colour in words, the board's first.
    board = attention.loc[attention["board_result"].apply(lambda c: isinstance(c, str))].iloc[0]
    colour = {"Grøn": "🟢 grøn", "Gul": "🟡 gul", "Rød": "🔴 rød", "≠ Mål ændret": "⚪ ≠ mål ændret"}
    assert goals.lights_text(board, "da").startswith(
        f"Bestyrelsen: Resultat {colour[board['board_result']]} · Tid {colour[board['board_time']]}")
    assert not [m for m in at.main.markdown if "-badge[" in m.value]
    # The tally says that it counts the result light.
    tally = metrics.goals_by_colour(snap["goals"], snap["followups"]).set_index("colour")["goals"]
    line = next(m.value for m in at.main.markdown if m.value.startswith("Resultat ved bestyrelsens seneste opfølgning"))
    assert widgets.escape(f"🟢 grøn {tally['Grøn']}") in line and widgets.escape(f"🔴 rød {tally['Rød']}") in line


# --- every page in Danish: no English word, no None or nan -------------------------------------------

ICONS = re.compile(r":material/\w+:|:\w+-badge\[|:\w+\[")  # Markdown's icon names and colour marks


def shown_text(at: AppTest) -> str:
    """Every text a reader sees on the page and in the sidebar: headings, paragraphs, alerts,
    metrics, labels, options and placeholders of widgets, help, and the cells of tables as shown."""
    import pyarrow as pa

    parts = []
    for block in (at.main, at.sidebar):
        for kind in ("title", "header", "subheader", "markdown", "caption", "text", "info", "warning", "success",
                     "error", "exception", "toast"):
            parts += [str(e.value) for e in block.get(kind)]
        for m in block.get("metric"):
            parts += [m.label, m.value, m.delta or "", m.proto.help]
        for kind in ("button", "download_button", "page_link", "selectbox", "multiselect", "segmented_control",
                     "date_input", "text_input", "number_input", "text_area", "radio", "checkbox", "toggle"):
            for e in block.get(kind):
                proto = e.proto
                parts += [getattr(proto, name, "") for name in ("label", "help", "placeholder")]
                parts += [str(o) for o in getattr(e, "options", []) or []]
        for kind in ("expander",):
            parts += [e.proto.label for e in block.get(kind)]
        for e in block.get("dataframe"):
            styler = e.proto.arrow_data.styler
            shown = (pa.ipc.open_stream(styler.display_values).read_all().to_pandas() if styler.display_values
                     else e.value)
            parts += [*map(str, e.value.columns), *(str(v) for v in shown.to_numpy().ravel())]
        for e in block.get("table"):
            parts += [*map(str, e.value.columns), *map(str, e.value.index), *(str(v) for v in e.value.to_numpy().ravel())]
    return ICONS.sub(" ", "\n".join(p for p in parts if p))


@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_danish_for_a_viewer_and_an_editor(app_env, page, monkeypatch):
    from tests.danish_text import not_danish

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    seen = {"viewer": shown_text(at)}
    as_editor(at, monkeypatch)
    at.run()
    seen["editor"] = shown_text(at)
    if page.endswith("entry.py"):  # every form
        for kind in ("activity", "event", "member", "leave", "followup"):
            at.segmented_control(key="entry_kind").set_value(kind).run()
            seen[kind] = shown_text(at)
    for who, text in seen.items():
        assert len(text) > 200, (page, who)
        assert not_danish(text) == [], (page, who)
