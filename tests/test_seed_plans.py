"""The five centres' plans (../shared/seeds), typed into fresh sheets as a volunteer would (their
words for rhythms and targets, names instead of IDs, a main goal by its text), with a year or more
of logs, and judged by ``python -m fcdash goals --as-of D`` on days a board would look: the lights
a careful board member would set."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from fcdash import schema
from fcdash.__main__ import main
from fcdash.store.workbook import create_workbook

G, Y, R = "Grøn", "Gul", "Rød"


def typed(folder: Path, tabs: dict[str, list[dict]]) -> Path:
    """A sheet made as init-sheet makes it, then typed into under its own headers, row by row."""
    path = create_workbook(folder / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    for title, rows in tabs.items():
        sheet = book[title]
        head = [c.value for c in sheet[1]]
        for row in rows:
            assert set(row) <= set(head), set(row) - set(head)
            sheet.append([row.get(h) for h in head])
    book.save(path)
    return path


def lights(capsys, workbook: Path, day: str) -> dict[str, tuple]:
    assert main(["goals", "--workbook", str(workbook), "--as-of", day, "--json"]) == 0
    return {r["id"]: (r["result"], r["time"]) for r in json.loads(capsys.readouterr().out)}


def goal(ident, area, text, **how):
    return {"ID": ident, "Indsatsområde": area, "Mål": text, **how}


# --- 000 Billund: loneliness among the young (15-25) and the old -------------------------------------------------

@pytest.fixture(scope="module")
def billund(tmp_path_factory):
    young = [{"Dato": f"15-{m:02d}-2025", "Titel": "Ungenetværk på tværs", "Type": "Netværksmøde",
              "Indsats": "Ungenetværk på tværs", "Deltagere i alt": 14, "Unge 15-25": 12} for m in range(1, 13)]
    old = [{"Dato": f"02-{m:02d}-2025", "Titel": "Café for gamle", "Type": "Cafémøde", "Indsats": "Gamle",
            "Deltagere i alt": 20, "Ældre 65+": 20} for m in range(1, 7)]  # the café stopped in the summer
    return typed(tmp_path_factory.mktemp("billund"), {
        "Indsatser": [{"ID": "IND-1", "Navn": "Ungenetværk på tværs", "Fokus": "Ensomhed", "Målgruppe": "Unge",
                       "Start": "01-09-2019"},
                      {"ID": "IND-2", "Navn": "Gamle", "Fokus": "Ensomhed", "Målgruppe": "Ældre", "Start": "01-01-2023"}],
        "Mål": [goal("1", "Ensomhed", "Særligt fokus på ensomhed blandt unge (15-25 år) og gamle", Start="01-01-2025",
                     Slut="31-12-2025"),
                goal("1.1", "Ensomhed", "Flere unge deltager i ungenetværket", Hovedmål="1", Tæller="Deltagere",
                     **{"Kun aldersgruppe": "Unge", "Indsats": "Ungenetværk på tværs", "Målværdi": "mindst 100",
                        "Pr.": "årligt"}, Start="01-01-2025", Slut="31-12-2025"),
                goal("1.2", "Ensomhed", "Gamle mødes hver måned i caféen", Hovedmål="Særligt fokus på ensomhed blandt "
                     "unge (15-25 år) og gamle", Tæller="Arrangementer", Indsats="Gamle", Målværdi="1",
                     **{"Pr.": "månedlig"}, Start="01-01-2025", Slut="31-12-2025")],
        "Arrangementer": young + old,
    })


# --- 001 Det Frivillige Sociale Netværk: 46 members to at least 70, dialogue meetings every other month ----------

@pytest.fixture(scope="module")
def network(tmp_path_factory):
    members = [{"Navn": f"Forening {i}", "Type": "Forening", "Indmeldt": "27-02-2017"} for i in range(46)]
    members += [{"Navn": f"Ny forening {i}", "Type": "Forening", "Indmeldt": f"15-{1 + i:02d}-2023"} for i in range(8)]
    members += [{"Navn": f"Kirke {i}", "Type": "Kirke", "Indmeldt": f"15-{1 + i:02d}-2024"} for i in range(8)]
    members += [{"Navn": f"Forening for unge {i}", "Type": "Forening", "Indmeldt": f"15-{1 + i:02d}-2025"} for i in range(7)]
    members += [{"Navn": "Idrætsforeningen", "Type": "Forening", "Indmeldt": "10-02-2026"}]  # the 70th, late
    meetings = [f"20-{m:02d}-2023" for m in (1, 3, 5, 7, 9, 11)] + ["20-01-2024", "20-03-2024", "03-07-2024",
                                                                     "20-11-2024"]
    return typed(tmp_path_factory.mktemp("dfsn"), {
        "Medlemmer": members,
        "Mål": [goal("1", "Medlemmer", "Mindst 70 foreninger er med senest ved udgangen af projektperioden",
                     Tæller="Aktive medlemmer", Målværdi="fra 46 til 70", **{"Pr.": "i perioden"},
                     Start="01-01-2023", Slut="31-12-2025"),
                goal("2", "Metoder", "Netværksdialogmøder hver anden måned", Tæller="Arrangementer",
                     Arrangementstyper="Dialogmøde", Målværdi="1", **{"Pr.": "hver anden måned"},
                     Start="01-01-2023", Slut="31-12-2025")],
        "Arrangementer": [{"Dato": d, "Titel": "Netværksdialogmøde", "Type": "Dialogmøde", "Deltagere i alt": 30}
                          for d in meetings],
    })


# --- 002 Lyngby-Taarbæk: four goals with sub-goals, all followed up by the board -----------------------------------

@pytest.fixture(scope="module")
def lyngby(tmp_path_factory):
    mains = ["Styrkelse af medlemsforeningerne gennem frivilligcentrets tilbud og aktiviteter",
             "Fremme dialog og samarbejde med Lyngby-Taarbæk Kommune", "Udvikling af selvhjælpsområdet",
             "Styrkelse af Frivilligcentret"]
    goals = []
    for i, text in enumerate(mains, start=1):
        goals.append(goal(str(i), text, text, Start="01-01-2025", Slut="31-12-2027"))
        for j in (1, 2):
            goals.append(goal(f"{i}.{j}", text, f"Delmål {j} for {text.lower()}", Hovedmål=text if j == 1 else str(i),
                              Start="01-01-2025", Slut="31-12-2027"))
    followups = [{"Dato": "10-03-2025", "Mål": "1.1", "Resultat": "Grøn", "Tid": "Grøn"},
                 {"Dato": "10-03-2025", "Mål": "1.2", "Resultat": "gul", "Tid": "grøn"},
                 {"Dato": "12-06-2025", "Mål": "3.1", "Resultat": "Rød", "Tid": "Gul", "Kommentar": "Ingen støtte endnu"},
                 {"Dato": "12-06-2025", "Mål": "4.2", "Resultat": "≠", "Tid": "≠", "Kommentar": "Målet er ændret"}]
    return typed(tmp_path_factory.mktemp("lyngby"), {"Mål": goals, "Opfølgning": followups})


# --- 003 Syddjurs: a yearly volunteer fair and a yearly award -------------------------------------------------------

@pytest.fixture(scope="module")
def syddjurs(tmp_path_factory):
    return typed(tmp_path_factory.mktemp("syddjurs"), {
        "Mål": [goal("5", "Synliggørelse", "Etablering af en årlig Frivillighedsmesse", Tæller="Arrangementer",
                     Arrangementstyper="Frivillighedsmesse", Målværdi="én", **{"Pr.": "årlig"}, Start="01-01-2024",
                     Slut="31-12-2026"),
                goal("6", "Synliggørelse", "En årlig prisuddeling for sociale ildsjæle", Tæller="Arrangementer",
                     Arrangementstyper="Frivillighedspris", Målværdi="1", **{"Pr.": "hvert år"}, Start="01-01-2024",
                     Slut="31-12-2026")],
        "Arrangementer": [{"Dato": d, "Titel": t, "Type": t, "Deltagere i alt": n} for d, t, n in (
            ("20-09-2024", "Frivillighedsmesse", 400), ("10-02-2026", "Frivillighedsmesse", 350),
            ("28-11-2024", "Frivillighedspris", 80), ("27-11-2025", "Frivillighedspris", 90))],
    })


# --- 004 Slagelse: the activity plan 2024-25 ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def slagelse(tmp_path_factory):
    a1, a4 = "Understøttelse af rekruttering af frivillige i lokale organisationer", "Facilitering af netværk"
    period = {"Start": "01-01-2024", "Slut": "31-12-2025"}
    events = [("01-02-2024", "Netværksmøde", {"Netværk": "Integrationsnetværket", "Lokalområde": "Slagelse"}),
              ("15-10-2024", "Kursus", {"Lokalområde": "Korsør"}),
              ("20-03-2024", "Brobygningsmøde", {"Online": "Ja"}), ("12-06-2024", "Brobygningsmøde", {"Online": "ja"}),
              ("05-08-2024", "Brobygningsmøde", {"Online": "Ja"}), ("10-12-2024", "Brobygningsmøde", {"Online": "Ja"}),
              ("03-04-2025", "Brobygningsmøde", {"Online": "Ja"}), ("20-05-2025", "Brobygningsmøde", {"Online": "Ja"}),
              ("02-05-2025", "Netværksmøde", {"Netværk": "NET-1", "Mål": "4.2", "Lokalområde": "Slagelse"}),
              ("10-02-2025", "Kursus", {"Lokalområde": "Slagelse"}),
              ("06-03-2025", "Introduktionsmøde", {"Lokalområde": "slagelse"})]
    return typed(tmp_path_factory.mktemp("slagelse"), {
        "Netværk": [{"ID": "NET-1", "Navn": "Integrationsnetværket", "Start": "01-02-2024"},
                    {"ID": "NET-2", "Navn": "Netværk for besøgsvenner", "Start": "15-09-2025"}],
        "Mål": [goal("1", a1, a1, **period),
                goal("1.2", a1, "Afholdelse af 1 kursus årligt om rekruttering", Hovedmål=a1, Tæller="Arrangementer",
                     Arrangementstyper="Kursus", Målværdi="1", **{"Pr.": "årligt"}, **period),
                goal("2.1", "Udsatte borgere som frivillige", "Afholdelse af 1-2 introduktionsmøder i perioden",
                     Tæller="Arrangementer", Arrangementstyper="Introduktionsmøde", Målværdi="1-2",
                     **{"Pr.": "i perioden"}, **period),
                goal("2.2", "Udsatte borgere som frivillige", "Kvartalsvise online brobygningsmøder",
                     Tæller="Arrangementer", Arrangementstyper="Brobygningsmøde", Målværdi="1",
                     **{"Kun online": "Ja", "Pr.": "kvartalsvis"}, **period),
                goal("4.1", a4, "Etablere nye netværk efter behov", Tæller="Netværk startet", Målværdi="én til flere",
                     **{"Pr.": "i perioden"}, **period),
                goal("4.2", a4, "Afholdelse af 2-4 netværksmøder per netværk om året", Tæller="Arrangementer",
                     Arrangementstyper="Netværksmøde", Målværdi="2-4", **{"Pr.": "om året", "Pr. gruppe": "Netværk"},
                     **period)],
        "Arrangementer": [{"Dato": d, "Titel": t, "Type": t, "Deltagere i alt": 12, **more} for d, t, more in events],
    })


PLANS = ("billund", "network", "lyngby", "syddjurs", "slagelse")


def test_billund_young_people_on_track_and_the_cafe_for_the_old_that_stopped_in_the_summer(billund, capsys):
    assert lights(capsys, billund, "2024-12-31") == {"1": (None, None), "1.1": (None, None), "1.2": (None, None)}
    june = lights(capsys, billund, "2025-06-20")
    assert june["1.1"] == (None, G)  # 72 young by 20 June against 100 a year: on track, in progress
    assert june["1.2"] == (G, G) and june["1"] == (G, G)  # a café every month; the main goal found by its text
    october = lights(capsys, billund, "2025-10-01")
    assert october["1.1"] == (G, G)  # 108 of 100 by September
    assert october["1.2"] == (Y, Y) and october["1"] == (Y, Y)  # July to September missed: the worst sub-goal
    assert lights(capsys, billund, "2026-01-05")["1.2"] == (Y, R)  # half the months missed, behind since July


def test_the_network_grows_from_46_to_70_reached_two_months_late_and_its_meetings_stop(network, capsys):
    assert lights(capsys, network, "2024-06-30") == {"1": (None, G), "2": (Y, Y)}  # 60 of 58 due; May-June's meeting missing
    assert lights(capsys, network, "2024-12-31")["2"] == (Y, G)  # 3 July kept May-June; two periods skipped, then November
    assert lights(capsys, network, "2025-12-31") == {"1": (Y, Y), "2": (Y, R)}  # 69 of 70; no meeting all year
    assert lights(capsys, network, "2026-03-01")["1"] == (G, Y)  # the 70th joined 10 February: reached, but late


def test_lyngby_taarbaek_follows_its_goals_by_hand_and_main_goals_take_their_worst_sub_goal(lyngby, capsys):
    june = lights(capsys, lyngby, "2025-06-30")
    assert june["1"] == (Y, G)  # 1.1 green, 1.2 yellow by the board
    assert june["3"] == (R, Y) and june["2"] == (None, None)
    assert june["4"] == (None, None)  # its only followed sub-goal was changed (≠)
    assert all(june[i] == (None, None) for i in ("1.1", "1.2", "2.1", "3.2", "4.1"))  # nothing to count: no proposal
    assert lights(capsys, lyngby, "2025-01-01") == {i: (None, None) for i in june}  # before any follow-up


def test_syddjurs_fair_of_2025_held_in_february_2026_is_reached_but_late(syddjurs, capsys):
    assert lights(capsys, syddjurs, "2024-12-31") == {"5": (G, G), "6": (G, G)}
    assert lights(capsys, syddjurs, "2025-10-01") == {"5": (Y, G), "6": (Y, G)}  # neither held yet this year
    assert lights(capsys, syddjurs, "2026-01-05") == {"5": (Y, Y), "6": (G, G)}  # the fair of 2025 missing
    assert lights(capsys, syddjurs, "2026-03-01") == {"5": (G, Y), "6": (G, G)}


def test_slagelse_activity_plan_through_its_two_years(slagelse, capsys):
    assert lights(capsys, slagelse, "2024-06-30") == {
        "1": (None, G), "1.2": (None, G), "2.1": (None, G), "2.2": (G, G), "4.1": (G, G), "4.2": (None, G)}
    december = lights(capsys, slagelse, "2024-12-31")
    assert december["4.2"] == (Y, Y)  # one network meeting against at least 2: yellow, as Slagelse scores it
    assert december["2.1"] == (Y, G)  # no introduction meeting yet, a year of the period left
    assert december["1.2"] == (G, G) and december["1"] == (G, G)
    spring = lights(capsys, slagelse, "2025-06-20")
    assert spring["2.2"] == (G, G)  # the first quarter's meeting on 3 April: three days late keeps the rhythm
    assert spring["2.1"] == (G, G)
    end = lights(capsys, slagelse, "2025-12-31")
    assert end["2.2"] == (Y, R)  # no meeting since May: the third quarter missed, behind since 30 September
    assert end["4.2"] == (R, R)  # the new visiting-friends network never met
    assert end["4.1"] == (G, G)
