"""The numbers and the words a funder reads in the reports (issue 30): one number format, the days
a period is compared with, no data before the first row, 'x af y' only against a window's own
target, a cap never spread, the year's windows and its own count telling one figure, colours
written out, Danish plurals, and small groups hidden with as few figures as protect them."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fcdash import i18n, metrics, outcomes, schema
from fcdash.goals.records import records
from fcdash.parsing import parse_grids
from fcdash.reports import board, periods, words, yearly
from tests.test_goals import GOAL_HEAD, EVENT_HEAD, event, goal

TODAY = dt.date(2026, 11, 23)
DAYS = st.dates(dt.date(2021, 1, 1), dt.date(2030, 12, 31))
QUICK = settings(max_examples=60, deadline=None, database=None)


def flat(text: str) -> str:
    """Text with its no-break spaces read as spaces (they keep 'af 12' on one line in a PDF)."""
    return " ".join(text.split())


def grids(goal_rows, events=(), initiatives=(("IND-1", "Unge"),), members=(), event_head=EVENT_HEAD):
    return parse_grids({
        "members": [["ID", "Navn", "Type", "Lokalområde", "Indmeldt", "Udmeldt", "Netværk"], *members],
        "events": [event_head, *events],
        "activities": [["Dato", "Type", "Antal", "Mål", "Indsats"]],
        "initiatives": [["ID", "Navn", "Fokus", "Målgruppe"], *[list(i) for i in initiatives]],
        "networks": [["ID", "Navn", "Start"]],
        "goals": [GOAL_HEAD, *goal_rows],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"]],
    })


# --- one number format -------------------------------------------------------------------------------

@QUICK
@given(st.one_of(st.integers(-10**9, 10**9), st.floats(-1e7, 1e7, allow_nan=False)), st.integers(0, 2),
       st.sampled_from(["da", "en"]))
def test_a_number_reads_back_as_itself_rounded_half_up_in_either_language(value, decimals, lang):
    text = i18n.fmt_number(value, lang, decimals)
    group, point = (".", ",") if lang == "da" else (",", ".")
    assert re.fullmatch(r"-?\d{1,3}(\%s\d{3})*(\%s\d{%d})?" % (group, point, decimals) if decimals else
                        r"-?\d{1,3}(\%s\d{3})*" % group, text), text
    expected = Decimal(str(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert Decimal(text.replace(group, "").replace(point, ".")) == expected
    assert text != "-0" and not text.startswith("-0" + point) or expected < 0


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, pd.NaT])
def test_a_missing_number_is_a_dash(missing):
    assert i18n.fmt_number(missing) == "–" and i18n.fmt_percent(missing) == "–"


def test_a_share_in_per_cent_as_each_language_writes_it():
    assert i18n.fmt_percent(0.725) == "73 %" and i18n.fmt_percent(0.725, "en") == "73%"
    assert outcomes.percent(0.5) == i18n.fmt_percent(0.5)


# --- the days a period is compared with --------------------------------------------------------------

@QUICK
@given(DAYS, DAYS)
def test_a_year_is_compared_with_the_year_before_or_its_same_days_while_it_runs(day, today):
    today = max(day, today)
    period = periods.year_period(day.year, today)
    before = periods.comparison(period)
    assert before.start == dt.date(day.year - 1, 1, 1) and before.end < period.start
    if period.end == dt.date(day.year, 12, 31):
        assert before.end == dt.date(day.year - 1, 12, 31) and before.caption() == f"Året {day.year - 1}"
    else:  # the same days of last year, said in words: '1.1.–7.12.2025'
        assert (before.end.month, before.end.day) == (period.end.month, min(period.end.day, 28 if period.end.month == 2
                                                                             and period.end.day == 29 else 31))
        assert before.caption() == f"1.1.–{before.end.day}.{before.end.month}.{day.year - 1}"


@QUICK
@given(DAYS, DAYS)
def test_a_quarter_is_compared_with_the_quarter_before(day, today):
    today = max(day, today)
    quarter = pd.Period(day, "Q")
    period = periods.quarter_period(quarter, today)
    before = periods.comparison(period)
    previous = quarter - 1
    assert before.start == previous.start_time.date() and before.end <= previous.end_time.date()
    if period.end == quarter.end_time.date():
        assert before.end == previous.end_time.date()
        assert before.caption() == f"{previous.quarter}. kvartal {previous.year}"
    else:
        assert (before.end - before.start) == min(period.end - period.start, previous.end_time.date() - before.start)


@QUICK
@given(DAYS, st.integers(0, 400))
def test_since_a_meeting_or_chosen_dates_are_compared_with_as_many_days_just_before(start, length):
    for period in (periods.Period(start, start + dt.timedelta(days=length), "since", start),
                   periods.Period(start, start + dt.timedelta(days=length))):
        before = periods.comparison(period)
        assert before.end == start - dt.timedelta(days=1) and (before.end - before.start) == (period.end - period.start)


def test_every_report_names_the_days_it_compares_with(tmp_path, demo_workbook):
    from fcdash.parsing import read_snapshot
    from fcdash.store.workbook import WorkbookStore

    snap = read_snapshot(WorkbookStore(demo_workbook))
    year = periods.year_period(2026, dt.date(2026, 12, 7))
    content = board.build(snap, year.start, year.end, today=dt.date(2026, 12, 7), centre="X", period=year)
    assert words.figure_heads(year)[1] == "1.1.–7.12.2025"
    assert "1.1.–7.12.2025" in words.compared_text(year)
    before = periods.comparison(year)
    expected = metrics.period_figures(snap, before.start, before.end)
    shown = content.figures.set_index("figure")
    assert shown.at["events", "previous"] == expected["events"]  # the same days, not the whole year
    sheet = openpyxl.load_workbook(io.BytesIO(board.excel(content)))["Nøgletal"]
    assert [c.value for c in sheet[1]][:3] == ["Nøgletal", "Perioden", "1.1.–7.12.2025"]


# --- no data before the first row ----------------------------------------------------------------------

def first_events_2025():
    return grids([goal()], events=[event("E1", "10-3-2025", **{"Deltagere i alt": 12}),
                                   event("E2", "4-2-2026", **{"Deltagere i alt": 7})],
                 members=[["M1", "Forening", "Forening", None, "1-6-2024", None, None]])


def test_a_year_before_the_first_row_is_no_data_and_no_change(tmp_path):
    snap = first_events_2025()
    content = yearly.build(snap, 2025, today=TODAY, centre="X")
    figures = content.figures.set_index("figure")
    assert figures.at["events", "value"] == 1
    assert figures.at["events", "previous"] is None and figures.at["events", "change"] is None
    # the members' first join was in 2024: their figures have data the year before
    assert figures.at["active_members", "previous"] == 1 and figures.at["active_members", "change"] == 0
    shown = yearly.figures_table(content).set_index("Nøgletal")
    assert shown.at["Arrangementer", "2024"] == "ingen data" and shown.at["Arrangementer", "Ændring"] == "–"
    assert "0" not in shown.loc["Arrangementer"].tolist()[1:]
    sheet = openpyxl.load_workbook(io.BytesIO(yearly.excel(content)))["Nøgletal"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "Arrangementer")
    assert row[1:] == (1, None, None)  # an empty cell, never 0
    text = flat(subprocess.run(["pdftotext", "-layout", "-", "-"], input=yearly.pdf(content), capture_output=True,
                               check=True).stdout.decode())
    assert "Arrangementer 1 ingen data –" in text
    # the next year has its data to compare with
    later = yearly.build(snap, 2026, today=TODAY, centre="X").figures.set_index("figure")
    assert later.at["events", "previous"] is not None
    # a tab with no row at all (no activities typed yet): no data for the year itself either
    assert figures.at["activities", "value"] is None and figures.at["talks", "value"] is None
    assert "Registrerede aktiviteter ingen data ingen data –" in text
    # and a year that ended before the first event has none of its own
    assert yearly.build(snap, 2024, today=TODAY, centre="X").figures.set_index("figure").at["events", "value"] is None


def test_the_members_sentence_names_a_target_only_where_a_goal_sets_one_and_is_left_out_without_members():
    from fcdash.reports import layout

    content = yearly.build(first_events_2025(), 2025, today=TODAY, centre="X")
    assert pd.isna(content.membership.set_index("figure").at["target", "value"])  # no goal sets one
    said = layout.year_members_line(content)
    assert said.startswith("Medlemmer: 1 aktive ved årets start") and "mål" not in said and "–" not in said
    assert "mål" not in layout.members_line(content.base)
    empty = grids([goal()], events=[event("E1", "10-3-2025", **{"Deltagere i alt": 12})])
    assert layout.year_members_line(yearly.build(empty, 2025, today=TODAY, centre="X")) == ""


def test_a_sheet_with_no_logs_gets_a_sentence_not_a_table_of_no_data(tmp_path):
    snap = grids([goal()])  # a plan followed by hand: no events, activities or members at all
    content = yearly.build(snap, 2025, today=TODAY, centre="X")
    assert not words.has_figures(content.figures)
    text = flat(subprocess.run(["pdftotext", "-layout", "-", "-"], input=yearly.pdf(content), capture_output=True,
                               check=True).stdout.decode())
    assert flat(i18n.t("words.no_figures")) in text and "ingen data" not in text
    since = periods.since_last_meeting(snap, TODAY)
    board_text = flat(subprocess.run(["pdftotext", "-layout", "-", "-"], capture_output=True, check=True, input=board.pdf(
        board.build(snap, since.start, since.end, today=TODAY, centre="X", period=since))).stdout.decode())
    assert flat(i18n.t("words.no_figures")) in board_text and "Sammenlignet med" not in board_text
    assert words.has_figures(yearly.build(first_events_2025(), 2025, today=TODAY, centre="X").figures)


def test_a_first_light_is_the_light_and_a_proposed_light_from_none_is_a_change():
    assert words.changes(None, schema.GREEN, "da") == "Grøn"  # the board's first light for a goal
    assert words.changes(None, schema.GREEN, "da", from_none=True) == "– → Grøn"
    assert words.changes(schema.YELLOW, schema.GREEN, "da") == "Gul → Grøn"
    assert words.changes(schema.GREEN, schema.GREEN, "da", from_none=True) == "Grøn"


def test_a_report_since_a_meeting_not_yet_held_is_the_year_so_far_against_its_same_days():
    day = dt.date(2026, 2, 15)
    period = periods.since_last_meeting(first_events_2025(), day)
    assert period.meeting is None and period.start == dt.date(2026, 1, 1)
    before = periods.comparison(period)
    assert (before.start, before.end) == (dt.date(2025, 1, 1), dt.date(2025, 2, 15))
    assert words.compared_text(period).startswith("Sammenlignet med de samme dage året før, 1.1.–15.2.2025.")
    finished = periods.year_period(2025, day)
    assert words.compared_text(finished).startswith("Sammenlignet med året før, 2024.")
    quarter = periods.quarter_period(pd.Period("2025Q3", "Q"), day)
    assert words.compared_text(quarter).startswith("Sammenlignet med kvartalet før, 2. kvartal 2025.")


def test_the_board_reports_preview_writes_the_figures_as_its_pdf(tmp_path):
    snap = first_events_2025()
    period = periods.quarter_period(pd.Period("2025Q1"), TODAY)
    content = board.build(snap, period.start, period.end, today=TODAY, centre="X", period=period)
    shown = words.figures_text(content.figures, "da", words.figure_heads(period))
    assert list(shown.columns) == ["Nøgletal", "Perioden", "4. kvartal 2024", "Ændring"]
    events = shown.set_index("Nøgletal").loc["Arrangementer"]
    assert list(events) == ["1", "ingen data", "–"]
    text = flat(subprocess.run(["pdftotext", "-layout", "-", "-"], input=board.pdf(content), capture_output=True,
                               check=True).stdout.decode())
    assert "Arrangementer 1 ingen data –" in text and "4. kvartal 2024" in text


# --- 'x af y' only against the window's own target; a cap never spread --------------------------------------

OF = re.compile(r"(\d[\d.]*) af (\d[\d.]*)")


@QUICK
@given(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), st.integers(1, 12),
       st.lists(st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)), max_size=25))
def test_of_names_only_the_windows_own_target_and_what_is_due_is_said_apart(day, target, held):
    snap = grids([goal(Tæller="Arrangementer", Målværdi=f"mindst {target}", **{"Pr.": "År"})],
                 events=[event(f"E{i}", f"{d.day}-{d.month}-{d.year}") for i, d in enumerate(held)])
    for period in (periods.since_last_meeting(snap, day), periods.quarter_period(pd.Period(day, "Q"), day),
                   periods.year_period(2026, day)):
        content = board.build(snap, period.start, period.end, today=day, centre="X", period=period, changes=False)
        row = content.goals.set_index("id").loc["1"].to_dict()
        said = flat(words.progress_text(row)) + " " + flat(words.period_text(row))
        assert [int(y) for _, y in OF.findall(said)] == [target] * len(OF.findall(said)), said
        assert " af 0" not in said
        (record,) = records(snap, day)
        assert record["window_text"] in words.windows_text(row)  # the goals page's and the command's words
        due = re.search(r"(\d+) ventet til i dag", said)
        window = row["windows"][-1]
        if due:
            assert int(due.group(1)) == window.due < target and window.value < target


def test_a_cap_reads_as_its_limit_and_the_count_never_spread_over_time():
    snap = grids([goal(Tæller="Arrangementer", Målværdi="højst 30", **{"Pr.": "År"})],
                 events=[event(f"E{i}", f"{1 + i % 28}-{1 + i // 28}-2026") for i in range(18)])
    since = periods.Period(dt.date(2026, 10, 28), TODAY, "since", dt.date(2026, 10, 27))
    year = periods.year_period(2026, TODAY)
    for period in (since, year):
        content = board.build(snap, period.start, period.end, today=TODAY, centre="X", period=period, changes=False)
        row = content.goals.set_index("id").loc["1"].to_dict()
        said = flat(words.progress_text(row))
        assert "2026 – højst 30: 18" in said, said
        assert re.findall(r"højst (\d+)", said) == ["30"], said  # never a part of 30 for the days
    (record,) = records(snap, TODAY)
    assert flat(record["window_text"]) == "2026 – højst 30: 18"


def test_a_goal_over_two_years_shows_the_years_part_and_the_whole_period():
    snap = grids([goal(Tæller="Arrangementer", Målværdi="mindst 4", Start="1-1-2025", Slut="31-12-2026")],
                 events=[event("E1", "5-5-2025"), event("E2", "6-6-2025"), event("E3", "7-3-2026")])
    content = yearly.build(snap, 2026, today=TODAY, centre="X")
    row = content.base.goals.set_index("id").loc["1"].to_dict()
    assert row["period_count"][:2] == (1, None)  # the year's own count: a part of 4 is no target
    said = flat(words.progress_text(row))
    assert said.startswith("I perioden: 1 · 01.01.2025–31.12.2026: 3 af 4"), said


def test_a_years_windows_and_its_own_count_tell_one_figure_when_an_event_makes_up_the_year_before():
    """'2 arrangementer om året' with one in 2024 and three early in 2025: the first of 2025 makes
    2024 up (late), so 2025's window counts two; the year's own count is that same two."""
    snap = grids([goal(Tæller="Arrangementer", Målværdi="mindst 2", **{"Pr.": "År"}, Start="1-1-2024",
                       Slut="31-12-2026")],
                 events=[event("E0", "5-5-2024"), event("E1", "10-1-2025"), event("E2", "10-2-2025"),
                         event("E3", "10-3-2025")])
    content = yearly.build(snap, 2025, today=TODAY, centre="X")
    row = content.base.goals.set_index("id").loc["1"].to_dict()
    (window,) = row["in_period"]
    assert row["period_count"][0] == window.value == 2
    assert flat(words.windows_text(row)) == "2025: 2 af 2" and flat(words.period_text(row)) == "I perioden: 2 af 2"
    year_row = yearly.excel(content)
    sheet = openpyxl.load_workbook(io.BytesIO(year_row))["Mål"]
    head = [c.value for c in sheet[1]]
    (values,) = [r for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[head.index("Talt i året")] == window.value


# --- colours and plurals ------------------------------------------------------------------------------------

def test_colours_are_written_out():
    for colour, word in ((schema.GREEN, "Grøn"), (schema.YELLOW, "Gul"), (schema.RED, "Rød")):
        assert words.colour_text(colour, "da") == words.light_word(colour) == word
    assert words.light_word(schema.GREEN, "en") == "Green" and words.light_word(schema.CHANGED) == "≠"
    assert words.light_word(None) == ""


def test_a_report_counts_one_meeting_and_one_window_in_the_singular():
    one = i18n.t("yearly.subtitle", start="1", end="2", made="3", count=1)
    assert "1 møde." in one and "1 møder" not in one
    assert "2 møder." in i18n.t("yearly.subtitle", start="1", end="2", made="3", count=2)
    none = yearly.subtitle(yearly.build(first_events_2025(), 2025, today=TODAY, centre="X"))
    assert "ikke registreret opfølgninger" in none and "0 møder" not in none  # no meeting is not '0 møder'
    assert i18n.t("goals.windows_met", met=1, count=1) == "1 af 1 vindue nået"
    assert i18n.t("goals.windows_met", met=1, count=3) == "1 af 3 vinduer nået"


# --- small groups: the fewest figures hidden ------------------------------------------------------------

def leaks(counts: dict[str, int], hidden: set[str], least: int) -> bool:
    """Whether a figure on fewer than ``least`` answers can be read or worked out: shown itself, or
    the whole shown and the parts hidden beside it adding up to fewer (the whole less the parts
    shown gives their figure)."""
    shown_small = [k for k, n in counts.items() if 0 < n < least and k not in hidden]
    if shown_small:
        return True
    if outcomes.ALL in hidden or counts[outcomes.ALL] == 0:
        return False
    together = sum(n for k, n in counts.items() if k != outcomes.ALL and k in hidden)
    return 0 < together < least


BAND_COUNTS = st.lists(st.integers(0, 12), min_size=1, max_size=4).map(
    lambda ns: {outcomes.ALL: sum(ns), **{band: n for band, n in zip(outcomes.BANDS, ns)}})


@settings(max_examples=300, deadline=None, database=None)
@given(BAND_COUNTS)
def test_no_hidden_figure_can_be_worked_out_and_none_is_hidden_that_need_not_be(counts):
    least = outcomes.MIN_ANSWERS
    hidden = outcomes.protect(counts, least)
    assert not leaks(counts, hidden, least)
    assert all(counts[k] > 0 for k in hidden)  # a part without answers has no figure to hide
    # no smaller choice would do
    keys = [k for k, n in counts.items() if n > 0]
    smallest = min(len(c) for size in range(len(keys) + 1) for c in itertools.combinations(keys, size)
                   if not leaks(counts, set(c), least))
    assert len(hidden) == smallest


def test_the_youth_bands_136_answers_are_shown_beside_four_adults():
    counts = {outcomes.ALL: 140, "young": 136, "adults": 4}
    assert outcomes.protect(counts) == {"adults", outcomes.ALL}
    rows = [("ARR-1", 4, True, (1, 1, 1), "Unge 15-25")] * 136 + [("ARR-1", 5, True, (1, 1, 1), "Voksne 26-64")] * 4
    answers = pd.DataFrame([{"id": f"S{i}", "event": e, "date": pd.NaT, "satisfaction": s, "met": m,
                             **dict(zip(schema.TILS_KEYS, items)), "age_band": band, "comment": None}
                            for i, (e, s, m, items, band) in enumerate(rows)]).astype(
        {"satisfaction": "Int64", "met": "boolean", **{k: "Int64" for k in schema.TILS_KEYS}})
    events = pd.DataFrame({"id": ["ARR-1"], "date": pd.to_datetime(["2026-02-10"]), "initiatives": [("IND-1",)],
                           "participants": pd.array([160], dtype="Int64")})
    table = outcomes.table(answers, events, pd.DataFrame({"id": ["IND-1"], "name": ["Unge"]}), ["IND-1"],
                           dt.date(2026, 1, 1), dt.date(2026, 3, 31)).set_index("band")
    assert table.at["young", "satisfaction"] == 4 and pd.isna(table.at["young", "reason"])
    assert pd.isna(table.at["adults", "satisfaction"]) and table.at["adults", "reason"] == outcomes.FEW
    assert pd.isna(table.at[outcomes.ALL, "satisfaction"]) and table.at[outcomes.ALL, "reason"] == outcomes.BESIDE
    assert table.at[outcomes.ALL, "answers"] == 140  # how many answered is always said


# --- the reach table and the judged goals read the same rows ----------------------------------------------

def test_an_initiative_named_with_a_comma_counts_alike_in_the_reach_table_and_its_goal():
    name = "Ældre, ensomhed og fællesskab"
    head = [c.header for c in schema.tab("events").columns]
    held = [[{"ID": f"E{i}", "Dato": f"{3 + i}-3-2026", "Titel": "Café", "Type": "Cafémøde", "Indsats": name,
              "Deltagere i alt": 50, "Ældre 65+": 45}.get(h) for h in head] for i in range(3)]
    snap = grids([goal(Tæller="Deltagere", Indsats=name, **{"Kun aldersgruppe": "Ældre 65+"}, Målværdi="mindst 100",
                       **{"Pr.": "År"})], events=held, initiatives=[("IND-A", name, "Ensomhed", "Ældre")],
                 event_head=head)
    assert not [p for p in snap.problems if p.tab in ("events", "goals")]
    period = periods.year_period(2026, TODAY)
    content = board.build(snap, period.start, period.end, today=TODAY, centre="X", period=period, changes=False)
    reach = content.reach.set_index("initiative").loc[name]
    row = content.goals.set_index("id").loc["1"]
    assert reach["elderly"] == row["windows"][-1].value == row["period_count"][0] == 135


def test_the_yearly_workbooks_windows_give_each_windows_own_target_and_what_was_due_apart():
    snap = grids([goal(Tæller="Arrangementer", Målværdi="mindst 12", **{"Pr.": "År"})],
                 events=[event("E1", "10-2-2026"), event("E2", "10-3-2026")])
    day = dt.date(2026, 7, 1)
    content = yearly.build(snap, 2026, today=day, centre="X")
    (window,) = content.windows.to_dict("records")
    running = content.base.goals.set_index("id").at["1", "windows"][-1]
    assert window["due"] == 12 and window["due_now"] == running.due < 12 and window["value"] == 2
    sheet = openpyxl.load_workbook(io.BytesIO(yearly.excel(content)))["Vinduer"]
    head = [c.value for c in sheet[1]]
    (row,) = list(sheet.iter_rows(min_row=2, values_only=True))
    assert row[head.index("Målværdi for vinduet")] == 12 and row[head.index("Ventet til 01.07.2026")] == running.due


@QUICK
@given(st.integers(1, 12), st.sampled_from(["År", "Kvartal", "Halvår"]),
       st.lists(st.dates(dt.date(2024, 1, 1), dt.date(2026, 11, 23)), max_size=16), st.sampled_from([2024, 2025, 2026]))
def test_a_year_reports_windows_and_its_own_count_are_one_figure_for_any_events(target, rhythm, held, year):
    """Late events making up earlier windows, windows of any rhythm that tile the year: the
    year's count is the sum of its windows' counts, against the sum of their own targets."""
    snap = grids([goal(Tæller="Arrangementer", Målværdi=f"mindst {target}", **{"Pr.": rhythm}, Start="1-1-2024",
                       Slut="31-12-2026")],
                 events=[event(f"E{i}", f"{d.day}-{d.month}-{d.year}") for i, d in enumerate(held)])
    content = yearly.build(snap, year, today=TODAY, centre="X")
    row = content.base.goals.set_index("id").loc["1"].to_dict()
    value, due, _ = row["period_count"]
    assert value == sum(w.value for w in row["in_period"]) and due == sum(w.need for w in row["in_period"])
    assert list(content.windows["value"]) == [w.value for w in row["in_period"]]
