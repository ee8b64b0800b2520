"""The participants' evaluations: which questions an event asks, and how the loneliness scale
is scored. Pure functions over the snapshot's frames; the public page asks, the reach page, the
reports and the goals read the answers (the Evalueringer tab).

The loneliness scale is the Three-Item Loneliness Scale (T-ILS) as Den Nationale Sundhedsprofil
asks it (see the README for the source): three items, each answered "Næsten aldrig eller
aldrig" (1), "En gang imellem" (2) or "Ofte" (3); the score is their sum, 3-9, and 7 or more
counts as signs of severe loneliness. A score is given only when all three items are answered.
"""

from __future__ import annotations

import pandas as pd

from fcdash import schema

TILS_ANSWERS = (1, 2, 3)  # næsten aldrig eller aldrig, en gang imellem, ofte
SEVERE = 7  # a score of 7-9: signs of severe loneliness
SCORES = tuple(range(3, 10))


def tils_score(answers: pd.DataFrame) -> pd.Series:
    """Each answer's loneliness score (3-9), or <NA> where an item is missing or off the scale."""
    items = answers[list(schema.TILS_KEYS)].astype("Int64")
    valid = items.isin(TILS_ANSWERS).fillna(False).all(axis=1)
    return items.sum(axis=1, min_count=len(schema.TILS_KEYS)).astype("Int64").where(valid, pd.NA)


def severe(scores: pd.Series) -> pd.Series:
    """Whether each score shows signs of severe loneliness (<NA> where there is no score)."""
    return (scores >= SEVERE).astype("boolean")


def questions(event_id: str, events: pd.DataFrame, initiatives: pd.DataFrame) -> tuple[str, ...]:
    """The questions the event's evaluation asks, in the order of ``schema.QUESTIONS``: those its
    initiatives chose in the sheet, else the built-in ones, with the loneliness scale for an event
    of a loneliness initiative. Never more than ``schema.MAX_QUESTIONS`` besides the comment."""
    row = events.loc[events["id"] == event_id]
    ids = row["initiatives"].iloc[0] if len(row) and isinstance(row["initiatives"].iloc[0], tuple) else ()
    mine = initiatives.loc[initiatives["id"].isin(ids)]
    chosen = {q for qs in mine.get("questions", pd.Series(dtype=object)) if isinstance(qs, tuple) for q in qs}
    if not chosen:
        chosen = set(schema.DEFAULT_QUESTIONS)
        if (mine["focus"] == schema.FOCUS_LONELINESS).any():
            chosen.add(schema.Q_LONELINESS)
    asked = [q for q in schema.QUESTIONS if q in chosen and q != schema.Q_COMMENT][:schema.MAX_QUESTIONS]
    return tuple(asked + ([schema.Q_COMMENT] if schema.Q_COMMENT in chosen else []))


# --- what a goal can take a share of (the share kinds in fcdash.counting) ------------------------

SATISFIED = 4  # 4 or 5 on the 1-5 scale: satisfied
MIN_ANSWERS = 5  # no share is shown or judged from fewer answers: the privacy of small groups, and too few to judge


def _met(answers: pd.DataFrame) -> pd.Series:
    return answers["met"].astype("boolean")


def _satisfied(answers: pd.DataFrame) -> pd.Series:
    return (answers["satisfaction"].astype("Int64") >= SATISFIED).astype("boolean")


def _not_lonely(answers: pd.DataFrame) -> pd.Series:
    return ~severe(tils_score(answers))


# Each outcome says yes or no for every answer, and <NA> where the question was not answered (an
# event that did not ask it): the share is taken of the answers that answered it.
OUTCOMES = {"met": _met, "satisfied": _satisfied, "not_lonely": _not_lonely}
