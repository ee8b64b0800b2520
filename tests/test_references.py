"""References that find what volunteers typed: a name with ' og ' or a comma in it is one name,
not two unknown halves, and a goal is found by its ID or by its text, as the guide promises."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from fcdash import goals, i18n, metrics
from fcdash.parsing import parse_grids

EVENT_HEAD = ["ID", "Dato", "Titel", "Type", "Indsats", "Netværk", "Mål", "Deltagere i alt", "Ældre 65+",
              "Medvirkende organisationer"]
GOAL_HEAD = ["ID", "Indsatsområde", "Mål", "Hovedmål", "Tæller", "Målværdi", "Pr.", "Start", "Slut"]
INITIATIVES = [["ID", "Navn", "Fokus", "Målgruppe"],
               ["IND-1", "Ensomhed blandt unge og ældre", "Ensomhed", "Ældre"],
               ["IND-2", "Frivillighedsfestival", "Rekruttering", "Alle"]]
MEMBERS = [["ID", "Navn", "Type"],
           ["MED-1", "Kirkens Korshær, Slagelse", "Kirke"],
           ["MED-2", "Ældre Sagen", "Forening"],
           ["MED-3", "Det Frivillige Sociale Netværk", "Forening"]]
NETWORKS = [["ID", "Navn", "Start"], ["NET-1", "Fællesskabsalliancen", "1-1-2025"]]
MEETINGS = "Afholdelse af 2-4 netværksmøder per netværk, og et temamøde om året"


def snapshot(events=(), goal_rows=(), activities=(), followups=(), members=MEMBERS, initiatives=INITIATIVES):
    return parse_grids({
        "members": [*members],
        "initiatives": [*initiatives],
        "networks": NETWORKS,
        "events": [EVENT_HEAD, *events],
        "activities": [["Dato", "Type", "Mål"], *activities],
        "goals": [GOAL_HEAD, *goal_rows],
        "followups": [["ID", "Dato", "Mål", "Resultat", "Tid"], *followups],
    })


def event(ident, **kw):
    values = {"ID": ident, "Dato": "3-3-2026", "Titel": "Cafémøde", "Type": "Cafémøde", "Deltagere i alt": 40, **kw}
    return [values.get(h) for h in EVENT_HEAD]


def goal(ident, text, **kw):
    values = {"ID": ident, "Indsatsområde": "Netværk", "Mål": text, "Start": "1-1-2026", "Slut": "31-12-2026", **kw}
    return [values.get(h) for h in GOAL_HEAD]


def problems(snap):
    return [(p.cell, p.code, p.value) for p in snap.problems]


# --- names with ' og ' or a comma ------------------------------------------------------------------

def test_an_initiative_named_with_og_is_one_initiative_and_its_elderly_attendances_count():
    snap = snapshot([event("ARR-1", Indsats="Ensomhed blandt unge og ældre", **{"Deltagere i alt": 150, "Ældre 65+": 135}),
                     event("ARR-2", Indsats="ensomhed  blandt unge og ældre, Frivillighedsfestival")])
    assert problems(snap) == []
    assert snap["events"]["initiatives"].tolist() == [("IND-1",), ("IND-1", "IND-2")]
    mine = snap["events"].loc[metrics.of_any(snap["events"]["initiatives"], ["IND-1"])]
    assert mine["elderly"].sum() == 135


def test_a_member_named_with_a_comma_is_one_member_among_others():
    snap = snapshot([event("ARR-1", **{"Medvirkende organisationer":
                                       "Kirkens Korshær, Slagelse, Ældre Sagen og Det Frivillige Sociale Netværk"})])
    assert problems(snap) == []
    assert snap["events"]["organisations"].tolist() == [("MED-1", "MED-2", "MED-3")]


def test_the_problem_names_only_the_part_not_found():
    cell = "Ensomhed blandt unge og ældre, Sommerlejr"
    snap = snapshot([event("ARR-1", Indsats=cell)])
    [problem] = snap.problems
    assert (problem.cell, problem.value) == ("Arrangementer!E2", cell)  # what was typed, whole
    message = i18n.problem_message(problem)
    assert "Sommerlejr" in message and "Ensomhed blandt unge" not in message and "Indsatser" in message
    assert snap["events"]["initiatives"].tolist() == [("IND-1", "Sommerlejr")]  # kept as typed, not dropped
    alone = snapshot([event("ARR-1", Indsats="Sommerlejr"), event("ARR-2", Indsats="Sommerlejr, Høstfest")])
    assert problems(alone) == [("Arrangementer!E2", "unknown_ref", "Sommerlejr"),  # nothing found: named whole
                               ("Arrangementer!E3", "unknown_ref", "Sommerlejr, Høstfest")]
    assert i18n.problem_message(alone.problems[0]) == "'Sommerlejr' findes ikke i fanen 'Indsatser'."


def test_ids_and_plain_names_still_split_on_commas_and_og():
    snap = snapshot([event("ARR-1", **{"Medvirkende organisationer": "MED-2, med-3 og Kirkens Korshær, Slagelse"}),
                     event("ARR-2", Netværk="Fællesskabsalliancen")])
    assert problems(snap) == []
    assert snap["events"]["organisations"].tolist() == [("MED-2", "MED-3", "MED-1"), None]
    assert snap["events"]["networks"].tolist() == [None, ("NET-1",)]


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzæøå", min_size=2, max_size=8).filter(lambda w: w != "og")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(WORD, st.sampled_from([" og ", ", ", ","])), min_size=1, max_size=4),
                min_size=1, max_size=5, unique_by=lambda parts: tuple(w for w, _ in parts)),
       st.lists(st.sampled_from([", ", " og ", " ; ", "\n"]), min_size=5, max_size=5),
       st.data())
def test_generated_names_joined_in_a_cell_come_back_as_exactly_those_names(shapes, joins, data):
    """Names made of words no other name has, some with ' og ' and commas inside, joined in one
    cell by commas or ' og ': the cell reads as exactly those names, in their order."""
    used: set[str] = set()
    names = []
    for n, parts in enumerate(shapes):
        words = [f"{word}{n}x{i}" for i, (word, _) in enumerate(parts)]  # no word in two names
        assert not used & set(words)
        used |= set(words)
        name = words[0] + "".join(sep + w for w, (_, sep) in zip(words[1:], parts))
        names.append(name.capitalize())
    members = [["ID", "Navn", "Type"], *([f"MED-{i}", name, "Forening"] for i, name in enumerate(names))]
    order = data.draw(st.permutations(range(len(names))))
    cell = names[order[0]] + "".join(join + names[i] for join, i in zip(joins, order[1:]))
    snap = snapshot([event("ARR-1", **{"Medvirkende organisationer": cell.upper()})], members=members)
    assert problems(snap) == []
    assert snap["events"]["organisations"].tolist() == [tuple(f"MED-{i}" for i in order)]


# --- goals by ID or by their text ---------------------------------------------------------------

def test_an_event_names_its_goal_by_the_goals_text_even_with_commas_and_og():
    snap = snapshot([event("ARR-1", Type="Netværksmøde", Mål="afholdelse af 2-4 netværksmøder per netværk, "
                                                         "og et temamøde om året"),
                     event("ARR-2", Type="Netværksmøde", Mål="1.2")],
                    [goal("1.2", MEETINGS, Tæller="Arrangementer", Målværdi="2")])
    assert problems(snap) == []
    assert snap["events"]["goals"].tolist() == [("1.2",), ("1.2",)]


def test_an_activity_and_a_follow_up_name_their_goal_by_its_text():
    text = "Afklarende frivillig-samtaler med alle interesserede borgere"
    snap = snapshot(goal_rows=[goal("2.1", text)],
                    activities=[["3-3-2026", "samtale", text.upper()]],
                    followups=[["OPF-1", "1-4-2026", f"  {text}  ", "Grøn", "Gul"]])
    assert problems(snap) == []
    assert snap["activities"]["goal"].tolist() == ["2.1"] and snap["followups"]["goal"].tolist() == ["2.1"]


def test_a_sub_goal_names_its_main_goal_by_its_text_and_shows_under_it():
    main = "Styrkelse af medlemsforeningerne"
    snap = snapshot([event("ARR-1", Type="Temamøde")],
                    [goal("3", main), goal("3.1", "Et temamøde om året", Hovedmål="styrkelse af  medlemsforeningerne",
                                           Tæller="Arrangementer", Målværdi="1"),
                     goal("3.2", "Nye medlemmer", Hovedmål="3")])
    assert problems(snap) == []
    assert snap["goals"]["main"].tolist()[1:] == ["3", "3"]
    table = goals.progress(snap, dt.date(2026, 6, 1)).set_index("id")
    assert table.at["3", "subs"] == ["3.1", "3.2"]
    # A main goal not found, or a goal naming itself by its own text, stays the data problem it was.
    wrong = snapshot(goal_rows=[goal("3", main), goal("3.1", "Et temamøde om året", Hovedmål="Styrkelse af foreningerne"),
                                goal("3.2", "Sig selv", Hovedmål="sig selv")])
    assert problems(wrong) == [("Mål!D3", "unknown_main", "Styrkelse af foreningerne"), ("Mål!D4", "unknown_main", "sig selv")]
    assert wrong["goals"]["main"].tolist()[1:] == ["Styrkelse af foreningerne", "sig selv"]  # as typed
