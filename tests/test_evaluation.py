"""The participants' evaluations: the loneliness scale's scoring, the questions an event asks,
and the Evalueringer tab read like every tab."""

import datetime as dt

import pandas as pd
import pytest

from fcdash import evaluation, parsing, schema

# Hand-made answers scored by the published rule (Den Nationale Sundhedsprofil's T-ILS): each item
# 1 (næsten aldrig eller aldrig), 2 (en gang imellem) or 3 (ofte); the sum 3-9; 7 or more is signs
# of severe loneliness.
SCORED = [
    ((1, 1, 1), 3, False),
    ((1, 2, 1), 4, False),
    ((2, 2, 2), 6, False),
    ((3, 2, 2), 7, True),
    ((2, 3, 3), 8, True),
    ((3, 3, 3), 9, True),
]


def _answers(items):
    return pd.DataFrame([dict(zip(schema.TILS_KEYS, row)) for row in items], dtype="Int64")


def test_the_loneliness_score_is_the_sum_of_the_three_items_and_7_or_more_is_severe():
    answers = _answers([items for items, _, _ in SCORED])
    scores = evaluation.tils_score(answers)
    assert scores.tolist() == [score for _, score, _ in SCORED]
    assert evaluation.severe(scores).tolist() == [flag for _, _, flag in SCORED]


@pytest.mark.parametrize("items", [(1, 2, None), (None, None, None), (0, 2, 2), (4, 1, 1)])
def test_an_incomplete_or_off_scale_answer_has_no_score(items):
    scores = evaluation.tils_score(_answers([items, (1, 1, 1)]))
    assert scores.isna().tolist() == [True, False]


def _frames(initiatives: list[dict]):
    events = pd.DataFrame({"id": ["ARR-1", "ARR-2"], "initiatives": [("IND-1",), ()]})
    return events, pd.DataFrame(initiatives, columns=["id", "focus", "questions"])


def test_an_event_of_a_loneliness_initiative_asks_the_loneliness_scale_by_default():
    events, initiatives = _frames([{"id": "IND-1", "focus": schema.FOCUS_LONELINESS, "questions": ()}])
    asked = evaluation.questions("ARR-1", events, initiatives)
    assert asked == (schema.Q_SATISFACTION, schema.Q_MET, schema.Q_LONELINESS, schema.Q_AGE)
    assert evaluation.questions("ARR-2", events, initiatives) == schema.DEFAULT_QUESTIONS


def test_the_questions_chosen_in_the_sheet_are_asked_and_never_more_than_four_besides_the_comment():
    chosen = (schema.Q_COMMENT, schema.Q_AGE, schema.Q_MET, schema.Q_SATISFACTION, schema.Q_LONELINESS)
    events, initiatives = _frames([{"id": "IND-1", "focus": "Netværk", "questions": chosen}])
    asked = evaluation.questions("ARR-1", events, initiatives)
    assert asked[-1] == schema.Q_COMMENT and len(asked) == schema.MAX_QUESTIONS + 1
    events, initiatives = _frames([{"id": "IND-1", "focus": schema.FOCUS_LONELINESS, "questions": (schema.Q_MET,)}])
    assert evaluation.questions("ARR-1", events, initiatives) == (schema.Q_MET,)


def test_answers_typed_in_the_sheet_are_read_with_their_problems():
    headers = schema.EVALUATIONS.headers
    grids = {
        "events": [schema.EVENTS.headers, ["ARR-1", dt.date(2026, 5, 1), "Café", "Cafémøde"]],
        "evaluations": [headers,
                        ["EVA-1", "arr-1", "01-05-2026", "4", "ja", 1, 2, 3, "unge", ""],
                        ["EVA-2", "ARR-9", "01-05-2026", "6", "nej", 4, 1, 1, "Ældre", ""]],
    }
    snap = parsing.parse_grids(grids)
    frame = snap.frames["evaluations"]
    assert frame["event"].iloc[0] == "ARR-1"
    assert frame["satisfaction"].tolist()[0] == 4 and pd.isna(frame["satisfaction"].iloc[1])
    assert frame["met"].tolist() == [True, False]
    assert frame["age_band"].tolist() == ["Unge 15-25", "Ældre 65+"]
    found = {(p.cell, p.code) for p in snap.problems if p.tab == "evaluations"}
    assert found == {("Evalueringer!B3", "unknown_ref"), ("Evalueringer!D3", "out_of_scale"),
                     ("Evalueringer!F3", "out_of_scale")}
    assert not any(p.tab == "evaluations" and p.code == "missing_tab" for p in parsing.parse_grids({}).problems)
