"""The goals that need the board's attention (the goals page's "Kun dem der kræver opmærksomhed"):
a red or yellow light, the board's or proposed; or no light at all on a begun goal only the board
can judge. From the demo's plan, from small generated plans through the whole judging, and on the
page, opened from a link."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from fcdash import goals, schema
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from tests.conftest import ROOT, TODAY
from tests.test_goals import event, goal, snapshot

G, Y, R, CHANGED = schema.GREEN, schema.YELLOW, schema.RED, schema.CHANGED


def attention_ids(table) -> list[str]:
    return list(table.loc[goals.attention(table), "id"])


# --- the demo's plan ------------------------------------------------------------------------------------

def test_the_demo_goals_that_need_attention(demo_workbook):
    table = goals.progress(read_snapshot(WorkbookStore(demo_workbook)), TODAY).set_index("id", drop=False)
    chosen = set(attention_ids(table))
    # The board's own yellow and red, and the logs' proposals behind it.
    assert {"1.4", "2.3", "3.1", "6.2"} <= chosen  # the board set red or yellow at its last meeting
    assert {"1.3", "4.4", "6.3"} <= chosen  # nobody has judged them, the logs propose red time
    assert "6.1" in chosen  # the board said green, the logs now say yellow
    # Goals only the board can judge, that it has not: followed by hand, counted without a target.
    assert {"3.2", "5.4", "4.2.2"} <= chosen
    assert set(table.loc[["3.2", "5.4"], "status"]) == {goals.BY_HAND} and table.at["4.2.2", "status"] == goals.FOLLOWED
    # Not: green on both axes, changed (≠), or by hand and judged green by the board.
    assert not {"1.1", "1.2", "5.1", "5.2"} & chosen
    assert table.at["5.1", "status"] == goals.CHANGED and table.at["5.2", "board_result"] == G
    # Whatever the overview lists as needing attention is here too (or the sub-goal it names).
    for row in goals.needs_attention(table.reset_index(drop=True), limit=100).to_dict("records"):
        assert row["id"] in chosen or row["worst"] in chosen, row["id"]
    # Fewer than half the plan: the filter is worth having.
    assert 0 < len(chosen) < len(table) / 2 + 1


def test_an_empty_plan_has_nothing_to_attend_to():
    table = goals.progress(snapshot([]), TODAY)
    assert table.empty and goals.attention(table).empty


# --- small generated plans, judged all the way ---------------------------------------------------------------

LIGHTS = st.sampled_from([None, G, Y, R, CHANGED])
GOALS = st.lists(st.fixed_dictionaries({
    "counted": st.booleans(),  # two network meetings a year, or followed by hand
    "meetings": st.integers(0, 3),  # held in 2026 before today
    "begins": st.sampled_from(["1-1-2026", "1-1-2027"]),  # begun, or next year's
    "board": st.one_of(st.none(), st.tuples(LIGHTS, LIGHTS)),  # the board's latest lights
}), min_size=1, max_size=5)


def plan(spec):
    rows, events, followups = [], [], []
    for n, g in enumerate(spec, start=1):
        counted = {"Tæller": "Arrangementer", "Arrangementstype": "Netværksmøde", "Målværdi": "2", "Pr.": "År"}
        rows.append(goal(ID=str(n), Mål=f"Mål {n}", Start=g["begins"], Slut="31-12-2027", **(counted if g["counted"] else {})))
        events += [event(f"E{n}-{m}", f"{1 + m}-{3 + n}-2026", Mål=str(n)) for m in range(g["meetings"])]
        if g["board"] is not None:
            followups.append([f"F{n}", "1-10-2026", str(n), *g["board"], "Sagt på mødet"])
    return snapshot(rows, events=events, followups=followups)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(GOALS)
def test_a_goal_needs_attention_for_a_red_or_yellow_light_or_none_where_only_the_board_judges(spec):
    table = goals.progress(plan(spec), TODAY).set_index("id", drop=False)
    chosen = set(attention_ids(table))
    for n, g in enumerate(spec, start=1):
        row, ident = table.loc[str(n)], str(n)
        lights = [row[k] for k in ("board_result", "board_time", "proposed_result", "proposed_time")]
        board = [c for c in g["board"] or () if c is not None]
        if CHANGED in board:  # the goal changed: not judged, never on the list
            assert ident not in chosen, (g, lights)
        elif {Y, R} & set(board):  # the board's own yellow or red stands until it says otherwise
            assert ident in chosen, (g, lights)
        elif {Y, R} & set(lights):  # the logs propose yellow or red
            assert ident in chosen, (g, lights)
        elif not g["counted"] and not board:  # only the board can judge it, and it has not
            assert (ident in chosen) == (g["begins"] == "1-1-2026"), (g, lights)  # once its period has begun
        else:  # green where judged; a counted goal without a light yet is on track, not forgotten
            assert ident not in chosen, (g, lights)


# --- the page, from a link ------------------------------------------------------------------------------------

def goals_page(monkeypatch, workbook, **link) -> AppTest:
    monkeypatch.setenv("FCDASH_WORKBOOK", str(workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(link)
    at.switch_page("app_pages/goals.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def cards(at) -> list[str]:
    """The goals whose cards the page shows, in its order."""
    found = []

    def walk(node):
        key = getattr(node, "key", None)
        if isinstance(key, str) and key.startswith("goal_") and not key.startswith(("goal_rows_", "goal_list")):
            found.append(key.removeprefix("goal_"))
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at.main)
    return found


def test_a_link_opens_the_goals_page_with_only_those_needing_attention(monkeypatch, demo_workbook):
    table = goals.progress(read_snapshot(WorkbookStore(demo_workbook)), TODAY)
    at = goals_page(monkeypatch, demo_workbook, obs="1")
    assert at.toggle(key="_w_goals_attention").value is True
    assert cards(at) == attention_ids(table)
    assert at.toggle(key="_w_goals_attention").label == "Kun dem der kræver opmærksomhed"
    assert "rødt eller gult lys" in at.toggle(key="_w_goals_attention").help  # the rule, where it is chosen
    # Turned off: every goal, and the link no longer says so.
    at.toggle(key="_w_goals_attention").set_value(False).run()
    assert cards(at) == list(table["id"]) and "obs" not in at.query_params
    # Turned on with one strategic area: both in the link, to share.
    area = table.loc[table["id"] == "6.1", "area"].iloc[0]
    at.toggle(key="_w_goals_attention").set_value(True).run()
    at.multiselect(key="_w_goals_areas").select(area).run()
    assert at.query_params["obs"] == "1" and at.query_params["omraade"] == area
    mine = table.loc[goals.attention(table) & (table["area"] == area), "id"]
    assert cards(at) == list(mine) and "6.1" in cards(at)


def test_the_goals_page_ignores_what_a_link_cannot_mean(monkeypatch, demo_workbook):
    at = goals_page(monkeypatch, demo_workbook, obs="måske", omraade=["Atlantis", ""], lang="en", fra="i går")
    assert at.toggle(key="_w_goals_attention").value is False and at.multiselect(key="_w_goals_areas").value == []
    assert len(cards(at)) == len(goals.progress(read_snapshot(WorkbookStore(demo_workbook)), TODAY))
    assert "obs" not in at.query_params and "omraade" not in at.query_params  # the garbage is gone from the address
    assert at.query_params.get("lang") == "en"  # what is not a filter is left as it was
