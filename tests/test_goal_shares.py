"""Goals over the participants' evaluations: counting the answers, and a share of them against a
target in percent ('mindst 70 % har mødt en, de vil se igen'), with the same windows and lights as
other goals, never a share from fewer than five answers; on hand-made answers and on the goals page."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fcdash import counting, evaluation, goals, i18n, parsing, schema
from fcdash.reports import board, words
from fcdash.counting import PERCENT, Target
from fcdash.parsing import parse_grids
from fcdash.store.workbook import create_workbook
from fcdash.ui import widgets
from tests.conftest import goals_page_on

G, Y, R = schema.GREEN, schema.YELLOW, schema.RED
D = dt.date
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Tæller", "Indsats", "Kun aldersgruppe", "Pr. gruppe", "Målværdi", "Pr.",
             "Start", "Slut"]
EVENT_HEAD = ["ID", "Dato", "Titel", "Type", "Indsats", "Deltagere i alt"]
ANSWER_HEAD = ["ID", "Arrangement", "Dato", "Udbytte (1-5)", "Mødt nogen", "Savner nogen (1-3)",
               "Holdt udenfor (1-3)", "Isoleret fra andre (1-3)", "Aldersgruppe"]
EVENTS = [["E1", "10-2-2026", "Café for unge", "Cafémøde", "IND-1", 12],
          ["E2", "12-2-2026", "Café for ældre", "Cafémøde", "IND-2", 9],
          ["E3", "20-4-2026", "Café for unge", "Cafémøde", "IND-1", 12]]


def goal(ident="1", count=counting.SHARE_MET, target="mindst 70 %", per="Kvartal", **kw):
    values = {"ID": ident, "Indsatsområde": "Ensomhed", "Mål": "Deltagerne møder nogen", "Tæller": count,
              "Målværdi": target, "Pr.": per, "Start": "1-1-2026", "Slut": "31-12-2026", **kw}
    return [values.get(h) for h in GOAL_HEAD]


def answer(ident, event="E1", day="10-2-2026", satisfaction=None, met=None, tils=(None, None, None), age=None):
    return [ident, event, day, satisfaction, met, *tils, age]


def snapshot(goal_rows, answers):
    return parse_grids({
        "members": [["ID", "Navn"]], "activities": [["Dato", "Type"]], "networks": [["ID", "Navn"]],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid"]],
        "initiatives": [["ID", "Navn", "Fokus"], ["IND-1", "Unge mod ensomhed", "Ensomhed"],
                        ["IND-2", "Ældre mod ensomhed", "Ensomhed"]],
        "events": [EVENT_HEAD, *EVENTS], "goals": [GOAL_HEAD, *goal_rows], "evaluations": [ANSWER_HEAD, *answers]})


def row_of(snap, today, goal_id="1"):
    return goals.progress(snap, today).set_index("id").loc[goal_id]


def lights(row):
    return tuple(row[k] if isinstance(row[k], str) else None for k in ("proposed_result", "proposed_time"))


# --- the targets ------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, target, da, en", [
    ("mindst 70 %", Target("min", 70, None, unit=PERCENT), "mindst 70 %", "at least 70%"),
    ("70 %", Target("min", 70, None, unit=PERCENT), "mindst 70 %", "at least 70%"),
    ("70%", Target("min", 70, None, unit=PERCENT), "mindst 70 %", "at least 70%"),
    ("Højst 20 %", Target("max", 0, 20, unit=PERCENT), "højst 20 %", "at most 20%"),
    ("60-80 %", Target("range", 60, 80, unit=PERCENT), "60-80 %", "60-80%"),
    ("60 % - 80 %", Target("range", 60, 80, unit=PERCENT), "60-80 %", "60-80%"),
    ("fra 50 til 70 %", Target("min", 70, None, 50, unit=PERCENT), "fra 50 til 70 %", "from 50 to 70%"),
    ("70 procent", Target("min", 70, None, unit=PERCENT), "mindst 70 %", "at least 70%"),
])
def test_a_share_target_as_volunteers_type_it(typed, target, da, en):
    parsed = counting.parse_target(typed)
    assert parsed == target and parsed != Target(target.kind, target.low, target.high, target.baseline)
    assert (parsed.text(), parsed.text("en"), parsed.number) == (da, en, None)


def test_every_number_target_keeps_its_unit_and_a_sheets_percent_cell_reads_as_a_share():
    assert counting.parse_target("70") == Target("min", 70, None) and counting.parse_target("70").unit == counting.COUNT
    assert counting.parse_target("101 %") is None  # no share above all
    # '70 %' typed into Google Sheets or Excel is kept as the number 0.7 in a percent format
    assert parsing.parse_target(0.7) == (Target("min", 70, None, unit=PERCENT), None)
    assert parsing.parse_target(70) == (Target("min", 70, None), None)


def test_a_percent_on_a_count_or_a_number_on_a_share_is_a_problem_in_its_cell():
    snap = snapshot([goal("c", counting.EVENTS, "70 %"), goal("s", counting.SHARE_SATISFIED, "70"),
                     goal("n", counting.ANSWERS, "mindst 20 %"), goal("ok", counting.SHARE_SATISFIED, "70 %"),
                     goal("a", counting.ANSWERS, "20")], [])
    problems = [(p.cell, p.code, p.value) for p in snap.problems]
    assert problems == [("Mål!H2", "target_not_count", "70 %"), ("Mål!H3", "target_not_share", "70"),
                        ("Mål!H4", "target_not_count", "mindst 20 %")]
    said = [i18n.problem_message(p) for p in snap.problems]
    assert said[0] == ("'70 %' er en procent, men tælleren 'Arrangementer' tæller et antal: skriv et antal (fx 70), "
                       "eller vælg en andel som tæller; målet tælles ikke, før det er rettet.")
    assert "skriv målværdien i procent, fx 'mindst 70 %'" in said[1]
    table = goals.progress(snap, D(2026, 3, 1)).set_index("id")
    assert list(table["status"]) == [goals.INVALID] * 3 + [goals.SCORED] * 2


# --- the share on hand-made answers -------------------------------------------------------------------

def e1_answers():
    """Six answers at E1 (initiative IND-1), five at E2 (IND-2). At E1: met 4 of the 5 who
    answered it; satisfied (4-5) 2 of 5; the loneliness score (3, 7, 9, 6, 7, and one item
    missing) is under 7 for 2 of 5; three are young."""
    e1 = [answer("A1", satisfaction=5, met="Ja", tils=(1, 1, 1), age="Unge 15-25"),
          answer("A2", satisfaction=4, met="Ja", tils=(3, 3, 1), age="Unge 15-25"),
          answer("A3", satisfaction=3, met="Ja", tils=(3, 3, 3), age="Unge 15-25"),
          answer("A4", satisfaction=2, met="Ja", tils=(2, 2, 2)),
          answer("A5", satisfaction=1, met="Nej", tils=(2, 2, 3)),
          answer("A6", tils=(1, None, 1))]
    e2 = [answer(f"B{i}", "E2", "12-2-2026", satisfaction=5, met="Nej", tils=(1, 1, 1)) for i in range(5)]
    return e1 + e2


def test_each_share_is_taken_of_the_answers_to_its_question_at_the_initiatives_events():
    ind1 = {"Indsats": "IND-1"}
    snap = snapshot([goal("met", **ind1), goal("all"), goal("sat", counting.SHARE_SATISFIED, **ind1),
                     goal("lonely", counting.SHARE_NOT_LONELY, **ind1), goal("answers", counting.ANSWERS, "10", **ind1),
                     goal("young", counting.ANSWERS, "2", **ind1, **{"Kun aldersgruppe": "Unge 15-25"}),
                     goal("per", **{"Pr. gruppe": "Indsats"})], e1_answers())
    assert snap.problems == []
    table = goals.progress(snap, D(2026, 3, 31)).set_index("id")
    assert (table.at["met", "value"], table.at["met", "answers"]) == (80, 5)  # 4 of the 5 who answered
    assert (table.at["all", "value"], table.at["all", "answers"]) == (40, 10)  # IND-2's five said no
    assert table.at["sat", "value"] == 40 and table.at["lonely", "value"] == 40
    assert table.at["answers", "value"] == 6 and table.at["young", "value"] == 3  # counts, not shares
    assert {g["name"]: g["verdict"].now.value for g in table.at["per", "groups"]} == {
        "Unge mod ensomhed": 80, "Ældre mod ensomhed": 0}
    assert table.at["per", "proposed_result"] == R  # the worst initiative


def test_the_outcomes_read_the_scales_as_published():
    answers = snapshot([], e1_answers())["evaluations"].iloc[:6]
    def said(outcome):
        return [None if v is pd.NA else bool(v) for v in evaluation.OUTCOMES[outcome](answers)]
    assert said("met") == [True, True, True, True, False, None]
    assert said("satisfied") == [True, True, False, False, False, None]
    assert said("not_lonely") == [True, False, False, True, False, None]


# --- the lights ----------------------------------------------------------------------------------------

def answers_met(yes, total, day="10-2-2026", event="E1", first=0):
    return [answer(f"A{first + i}", event, day, met="Ja" if i < yes else "Nej") for i in range(total)]


@pytest.mark.parametrize("target, yes, total, value, colour", [
    ("mindst 70 %", 7, 10, 70, G),  # met at the target
    ("mindst 70 %", 139, 200, 70, G),  # 69.5 %: shown as 70 %, and judged as shown
    ("mindst 70 %", 4, 10, 40, Y),  # largely: at least half of the way to 70 %
    ("mindst 70 %", 3, 10, 30, R),  # not met
    ("fra 50 til 70 %", 6, 10, 60, Y), ("fra 50 til 70 %", 5, 10, 50, R),  # half of the way from 50 %
    ("60-80 %", 9, 10, 90, G), ("højst 20 %", 2, 10, 20, G), ("højst 20 %", 3, 10, 30, R),
    ("mindst 70 %", 4, 4, None, None),  # fewer than five answers: no share, no light
])
def test_a_share_window_is_judged_as_a_board_member_would(target, yes, total, value, colour):
    row = row_of(snapshot([goal(target=target)], answers_met(yes, total)), D(2026, 3, 31))
    window = row["windows"][0]
    assert (window.value, window.answers, window.colour) == (value, total, colour)
    assert row["proposed_result"] == colour if colour else lights(row) == (None, None)


def test_fewer_than_five_answers_show_no_share_and_say_why():
    snap = snapshot([goal()], answers_met(4, 4))
    row = row_of(snap, D(2026, 3, 31))
    assert row["value"] is None and row["answers"] == 4 and row["status"] == goals.SCORED
    assert goals.value_text(row["value"], row["count"], "da", row["answers"]) == "for få svar (4 svar)"
    assert words.proposed_text(row.to_dict()) == "for få svar"
    five = row_of(snapshot([goal()], answers_met(4, 5)), D(2026, 3, 31))
    assert five["value"] == 80 and goals.value_text(five["value"], five["count"], "da") == "80 %"
    assert goals.value_text(five["value"], five["count"], "en") == "80%"


def test_a_missed_quarter_puts_time_behind_until_a_share_is_on_target_again():
    missed = answers_met(3, 10)  # 30 % in the first quarter
    snap = snapshot([goal()], missed)
    may = row_of(snap, D(2026, 5, 1))  # the second quarter has no answers yet: not judged
    assert [w.colour for w in may["windows"]] == [R, None] and may["value"] is None
    assert lights(may) == (R, Y) and may["behind_since"].date() == D(2026, 2, 10)
    assert row_of(snap, D(2026, 5, 10))["proposed_time"] == R  # three months behind
    caught_up = snapshot([goal()], missed + answers_met(8, 10, "20-4-2026", "E3", first=10))
    row = row_of(caught_up, D(2026, 5, 10))
    assert [w.value for w in row["windows"]] == [30, 80] and lights(row) == (Y, G)


def test_the_report_shows_the_share_in_percent_and_the_five_answer_rule():
    snap = snapshot([goal(per="Periode")], answers_met(6, 8))
    content = board.build(snap, D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 4, 2), centre="Centret")
    row = content.goals.set_index("id").loc["1"].to_dict()
    assert words.period_text(row) == "I perioden: 75 % (mål: mindst 70 %)"
    assert words.windows_text(row, as_of=content.as_of).startswith("01.01.2026–31.12.2026: 75 % (mål: 70 %)")
    assert words.period_text(row, "en") == "In the period: 75% (target: at least 70%)"
    few = board.build(snapshot([goal(per="Periode")], answers_met(3, 3)), D(2026, 1, 1), D(2026, 3, 31),
                       today=D(2026, 4, 2), centre="Centret").goals.set_index("id").loc["1"].to_dict()
    assert words.period_text(few) == "I perioden: for få svar (mål: mindst 70 %)"


def test_an_answer_counts_when_its_event_was_held_as_on_the_reach_page():
    late = answers_met(4, 5, day="2-4-2026")  # answered in April, about E1 of 10 February
    row = row_of(snapshot([goal(), goal("n", counting.ANSWERS, "5")], late), D(2026, 5, 1))
    assert [(w.start.month, w.value) for w in row["windows"]] == [(1, 80), (4, None)]
    answers = row_of(snapshot([goal("n", counting.ANSWERS, "5")], late), D(2026, 5, 1), "n")
    assert [(w.start.month, w.value) for w in answers["windows"]] == [(1, 5), (4, 0)]


def test_a_share_of_one_age_band_is_not_shown_beside_a_small_other_band():
    # Six young answers and one adult at E1: the young's share would give the adult's answer away
    # (the reach page shows all seven answers' share).
    young = [answer(f"Y{i}", met="Ja" if i < 4 else "Nej", age="Unge 15-25") for i in range(6)]
    adult = [answer("V1", met="Nej", age="Voksne 26-64")]
    band = {"Indsats": "IND-1", "Kun aldersgruppe": "Unge 15-25"}
    row = row_of(snapshot([goal(**band)], young + adult), D(2026, 3, 31))
    assert row["value"] is None and row["answers"] == 6 and lights(row) == (None, None)
    five_adults = adult + [answer(f"V{i}", met="Ja", age="Voksne 26-64") for i in range(2, 6)]
    assert row_of(snapshot([goal(**band)], young + five_adults), D(2026, 3, 31))["value"] == 67
    report_row = board.build(snapshot([goal(per="Periode", **band)], young + adult), D(2026, 1, 1), D(2026, 3, 31),
                              today=D(2026, 4, 2), centre="Centret").goals.set_index("id").loc["1"].to_dict()
    assert words.period_text(report_row).startswith("I perioden: for få svar")


def test_the_reports_share_for_the_period_is_not_shown_beside_a_small_group_or_window():
    # Per initiative: ten answers at E1 (IND-1, 70 % met), one at E2 (IND-2). The goals page shows
    # IND-1's share and hides IND-2's; the period's share of all eleven would give E2's away.
    ten = [answer(f"A{i}", met="Ja" if i < 7 else "Nej") for i in range(10)]
    one = [answer("B1", "E2", "12-2-2026", met="Nej")]
    groups = snapshot([goal(per="Periode", **{"Pr. gruppe": "Indsats"})], ten + one)
    row = board.build(groups, D(2026, 1, 1), D(2026, 3, 31), today=D(2026, 4, 2),
                       centre="Centret").goals.set_index("id").loc["1"].to_dict()
    assert words.period_text(row).startswith("I perioden: for få svar")
    # Per month: ten in February, two in April; the half-year's share less February's gives April's.
    april = [answer(f"C{i}", "E3", "20-4-2026", met="Ja") for i in range(2)]
    months = snapshot([goal(per="Måned")], ten + april)
    row = board.build(months, D(2026, 1, 1), D(2026, 6, 30), today=D(2026, 7, 2),
                       centre="Centret").goals.set_index("id").loc["1"].to_dict()
    assert words.period_text(row).startswith("I perioden: for få svar")
    whole = board.build(snapshot([goal(per="Måned")], ten), D(2026, 1, 1), D(2026, 6, 30), today=D(2026, 7, 2),
                         centre="Centret").goals.set_index("id").loc["1"].to_dict()
    assert words.period_text(whole).startswith("I perioden: 70 %")


# --- the goals page -------------------------------------------------------------------------------------

def page_rows():
    """Initiative IND-1 with two events this quarter: eight answers, six met someone (75 %); two
    of them from the elderly, too few for a share of their own."""
    day = D(2026, 10, 10)
    answers = [{"id": f"EVA-{i}", "event": "E1" if i < 4 else "E2", "date": day, "met": i < 6, "satisfaction": 4,
                "age_band": "Ældre 65+" if i < 2 else "Unge 15-25"} for i in range(8)]
    share = {"area": "Ensomhed", "count": counting.SHARE_MET, "initiative": "IND-1", "target": "mindst 70 %",
             "per": "Kvartal", "start": D(2026, 1, 1), "end": D(2026, 12, 31)}
    return {
        "initiatives": [{"id": "IND-1", "name": "Unge mod ensomhed", "focus": "Ensomhed"}],
        "events": [{"id": "E1", "date": day, "title": "Café", "type": "Cafémøde", "initiatives": "IND-1",
                    "participants": 10},
                   {"id": "E2", "date": D(2026, 11, 2), "title": "Café", "type": "Cafémøde", "initiatives": "IND-1",
                    "participants": 10}],
        "goals": [{"id": "S1", "goal": "Mindst 70 % har mødt en, de vil se igen", **share},
                  {"id": "S2", "goal": "De ældre møder nogen", **share, "age_band": "Ældre 65+"}],
        "evaluations": answers,
    }


@pytest.fixture(scope="module")
def goals_page(tmp_path_factory):
    return goals_page_on(create_workbook(tmp_path_factory.mktemp("shares") / "frivilligcenter.xlsx", page_rows()))


def walk(block):
    """Every element below a block, in the page's order."""
    for child in block.children.values():
        yield child
        if hasattr(child, "children"):
            yield from walk(child)


def card(at, ident) -> str:
    """What the page shows from a goal's card to the next card."""
    texts = [e.value.replace("\\", "") for e in walk(at.main) if e.type in ("markdown", "caption")]  # unescaped
    start = next(i for i, text in enumerate(texts) if text.startswith(f"**{widgets.escape(ident)}** "))
    end = next((i for i, text in enumerate(texts[start + 1:], start + 1) if text.startswith("**S")), len(texts))
    return "\n".join(texts[start:end])


def test_the_goals_page_shows_a_share_in_danish_and_its_windows(goals_page):
    shown = card(goals_page, "S1")
    assert "| 4. kvartal 2026 | 75 % | 70 % | Grøn |" in shown
    assert "| 1. kvartal 2026 | for få svar (0 svar) | 70 % | Uden farve |" in shown
    assert i18n.t("goals.evaluations", count=8) in shown and i18n.t("goals.answers_hidden") in shown
    assert "1 af 1 vindue nået · 3 med for få svar" in shown
    progress = [p for p in goals_page.main.get("progress")]
    assert any("4. kvartal 2026: 75 % af 8 svar (mål: mindst 70 %)" in p.proto.text for p in progress)
    assert i18n.t("goals.share_rule", min=5) in [c.value for c in goals_page.caption]


def test_the_goals_page_shows_no_share_from_fewer_than_five_answers_and_says_why(goals_page):
    shown = card(goals_page, "S2")
    assert i18n.t("goals.share_too_few", window="4. kvartal 2026", answers=2, min=5) in shown
    assert i18n.t("goals.too_few", min=5) in shown
    assert " %" not in shown.split("| Vindue |")[0].replace("mindst 70 %", "")  # no share above its windows
    assert "| 4. kvartal 2026 | for få svar (2 svar) | 70 % | Uden farve |" in shown
