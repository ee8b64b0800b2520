"""Demo data: a mid-sized Danish volunteer centre, deterministic for a given reference day.

The centre's goals are the Slagelse activity plan 2024-25 (seed 004), set over a two-year
period ending with the reference year, so the dashboard looks alive whatever the date. The same
``today`` and ``seed`` always give the same rows. Names of people are made up; no citizen is
named anywhere, only counted.
"""

from __future__ import annotations

import datetime as dt
import random

from fcdash import counting, schema as s
from fcdash.errors import SheetNotEmpty
from fcdash.store.base import Row, Store

CENTRE_NAME = "Frivilligcenter Demo"

AREAS = ("Slagelse", "Korsør", "Skælskør", "Dalmose", "Vemmelev", "Boeslunde", "Slagelse Øst")

# (name, type, target groups)
ORGANISATIONS = (
    ("Ældre Sagen", "Forening", "Ældre"), ("Dansk Røde Kors", "Forening", "Udsatte, Nydanskere"),
    ("Kirkens Korshær", "Forening", "Udsatte"), ("Headspace", "Institution", "Unge, Psykisk sårbare"),
    ("Ungdommens Røde Kors", "Forening", "Unge, Børn"), ("KFUM Spejderne", "Forening", "Børn, Unge"),
    ("Sankt Mikkels Sogn", "Kirke", "Alle"), ("Antvorskov Sogn", "Kirke", "Ældre, Familier"),
    ("Hjerteforeningen", "Forening", "Patienter"), ("Kræftens Bekæmpelse", "Forening", "Patienter, Pårørende"),
    ("Mødrehjælpen", "Forening", "Familier, Børn"), ("Bydelsmødrene", "Gruppe", "Nydanskere, Familier"),
    ("SIND", "Forening", "Psykisk sårbare"), ("Alzheimerforeningen", "Forening", "Ældre, Pårørende"),
    ("Dansk Handicap Forbund", "Forening", "Handicap"), ("Foreningen Far", "Forening", "Familier"),
    ("Café Fællesskab", "Gruppe", "Ældre, Udsatte"), ("Besøgstjenesten", "Gruppe", "Ældre"),
    ("LOF", "Forening", "Alle"), ("Lokalhistorisk Forening", "Forening", "Ældre"),
    ("Netværkshuset", "Institution", "Psykisk sårbare, Udsatte"), ("Ungehuset", "Institution", "Unge"),
    ("Madklubben for Alle", "Gruppe", "Ældre, Unge"), ("Lektiecafeen", "Gruppe", "Børn, Nydanskere"),
    ("Sorggruppen", "Gruppe", "Pårørende"), ("Frivillig Fredag", "Gruppe", "Frivillige"),
    ("Idrætsforeningen", "Forening", "Børn, Unge"), ("Pensionistforeningen", "Forening", "Ældre"),
    ("Landsforeningen Autisme", "Forening", "Handicap, Familier"), ("Ensomme Gamles Værn", "Forening", "Ældre"),
    ("Kulturhuset", "Institution", "Alle"), ("Kvindernes Netværk", "Gruppe", "Nydanskere"),
    ("Bo Trygt", "Virksomhed", "Ældre"), ("Sparekassefonden", "Virksomhed", "Alle"),
    ("Spiseklubben", "Gruppe", "Ældre"), ("Gå-klubben", "Gruppe", "Ældre, Patienter"),
    ("Mentornetværket", "Gruppe", "Unge, Udsatte"), ("Musikforeningen", "Forening", "Alle"),
)

FIRST_NAMES = ("Anne", "Mette", "Lars", "Jens", "Susanne", "Peter", "Hanne", "Søren", "Karen", "Niels",
               "Birgitte", "Henrik", "Lone", "Mads", "Camilla", "Ole", "Inge", "Rasmus", "Louise", "Bent")
LAST_NAMES = ("Hansen", "Nielsen", "Jensen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
              "Rasmussen", "Jørgensen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Poulsen")

INITIATIVES = (
    ("IND-ALLIANCE", "Fællesskabsalliancen: unge i sårbare livssituationer", "Fællesskab", "Unge, Udsatte", None,
     "Projektlederen"),
    ("IND-UNGE", "Ungenetværk på tværs: ensomhed blandt unge", "Ensomhed", "Unge", 1000, "Noémi og ungementoren"),
    ("IND-AELDRE", "Fællesskab mod ensomhed blandt ældre", "Ensomhed", "Ældre", 1800, "Lederen"),
    ("IND-STNF", "Sammen til nye fællesskaber", "Fællesskab", "Udsatte, Psykisk sårbare", None, "Projektlederen"),
    ("IND-REK", "Rekruttering af frivillige", "Rekruttering", "Frivillige", None, "Lederen"),
    ("IND-SELV", "Selvhjælpsgrupper", "Selvhjælp", "Psykisk sårbare, Pårørende", None, "Projektlederen"),
)

# The networks the centre facilitates: id, name, months after the period's start it began.
NETWORKS = (("NET-AELDRE", "Ældrenetværket", 0), ("NET-UNGE", "Ungenetværket", 0),
            ("NET-INTEG", "Integrationsnetværket", 15))

A1 = "Understøttelse af rekruttering af frivillige i lokale organisationer"
A2 = "Understøttelse af rekruttering af udsatte borgere som frivillige i lokale organisationer"
A3 = "Mangfoldighed i medlemssammensætningen"
A4 = "Facilitering af netværk for medlemsorganisationerne"
A5 = "Udvikling og etablering af 'Fællesskabernes Hus'"
A6 = "Ensomhed blandt unge og ældre"
REG_EVENTS = "Dokumentation af arrangementer med invitation og registrering af deltagere."

# id, area, goal, activities, documentation, what to count and how (the Mål tab's columns by key)
GOALS = (
    ("1.1", A1, "Det skal være let at søge afklaring ift. hvilke relevante muligheder, der er for frivilligt engagement.",
     "Synliggørelse af guidefunktionen og frivilligjob.dk. Afklarende frivillig-samtaler med alle interesserede borgere.",
     "Registrering af individuelle samtaler.",
     {"count": s.COUNT_ACTIVITIES, "activity_types": s.GUIDANCE_TALK, "target": "150", "per": s.PER_YEAR}),
    ("1.2", A1, "Det skal være let at finde vej til et frivilligt engagement.",
     "Inspirations-cafémøder med foreninger om vejen ind i deres foreninger. Deltagelse i synliggørende arrangementer.",
     REG_EVENTS, {"count": s.COUNT_EVENTS, "event_types": "Cafémøde", "initiative": "IND-REK", "target": "2-4",
                  "per": s.PER_YEAR}),
    ("1.3", A1, "Det skal være let for foreninger at søge nye frivillige.",
     "Vejledning og støtte til formulering af frivilligjobopslag. Synliggørelse af opslag.",
     "Registrering af antal opgaveløsninger.",
     {"count": s.COUNT_ACTIVITIES, "activity_types": s.JOB_AD_HELP, "target": "40", "per": s.PER_YEAR}),
    ("1.4", A1, "Det skal være let for foreninger at få viden om rekruttering.",
     "Afholdelse af 1 kursus årligt om rekruttering.", REG_EVENTS,
     {"count": s.COUNT_EVENTS, "event_types": "Kursus", "initiative": "IND-REK", "target": "1", "per": s.PER_YEAR}),
    ("1.5", A1, "Netværksaktiviteter med fokus på rekruttering.",
     "Afholdelse af 1-2 netværksaktiviteter med fokus på rekruttering.", REG_EVENTS,
     {"count": s.COUNT_EVENTS, "event_types": "Netværksmøde", "initiative": "IND-REK", "target": "1-2",
      "per": s.PER_YEAR}),
    ("2.1", A2, "Understøttelse af foreningers modtagelse af mennesker i sårbare og udsatte livssituationer som frivillige.",
     "Anbefalinger til 'best praksis'. Individuel støtte og sparring til foreninger.",
     "Registrering af konsulentstøtte/sparring m. foreninger.",
     {"count": s.COUNT_ACTIVITIES, "activity_types": s.CONSULTANCY, "target": "60", "per": s.PER_YEAR}),
    ("2.2", A2, "At reducere usikkerhed forbundet med det at engagere sig i frivilligt arbejde.",
     "Afholdelse af 1-2 introduktionsmøder i perioden om 'hvad vil det sige at være frivillig'.",
     REG_EVENTS, {"count": s.COUNT_EVENTS, "event_types": "Introduktionsmøde", "target": "1-2", "per": s.PER_PERIOD}),
    ("2.3", A2, "Sikre samarbejde med kommunale og regionale aktører om deltagelsesmuligheder for mennesker i sårbare livssituationer.",
     "Kvartalsvise online brobygningsmøder med kommunale og regionale medarbejdere.",
     "Registrering af antal aktiviteter samt deltagelse.",
     {"count": s.COUNT_EVENTS, "event_types": "Brobygningsmøde", "online_filter": True, "target": "1",
      "per": s.PER_QUARTER}),
    ("2.4", A2, "Understøtte nye typer af frivilligt engagement.",
     "Konsulentstøtte efter behov til udvikling af nye rummelige frivillige fællesskaber.",
     "Registrering af etablerede nye fællesskaber.",
     {"count": s.COUNT_ACTIVITIES, "activity_types": "Nyt fællesskab etableret", "target": "4", "per": s.PER_PERIOD}),
    ("2.5", A2, "Fællesskabsalliancen: lokale partnerskaber for unge i sårbare livssituationer.",
     "Op til 30 foreninger og fællesskaber kan engagere sig som partnere i Alliancen.",
     "Registrering af deltagende foreninger.",
     {"count": s.COUNT_ORGANISATIONS, "initiative": "IND-ALLIANCE", "target": "op til 30", "per": s.PER_PERIOD}),
    ("3.1", A3, "At motivere til en udvidelse af medlemsskaren ved at være meningsfuldt til stede i lokalområder.",
     "Aktiviteter i skiftende lokalområder. Deltagelse i relevante netværk i hele kommunen.",
     "Registrering af deltagelse i netværk. Antal medlemmer.",
     {"count": s.COUNT_MEMBERS, "target": "fra 44 til 70", "per": s.PER_PERIOD}),
    ("3.1.1", A3, "Aktiviteter i skiftende lokalområder.", "Afholdelse af aktiviteter i skiftende lokalområder.",
     "Dokumentation af afholdte aktiviteter.", {"main": "3.1", "count": counting.AREAS, "target": "mindst 5",
                                                 "per": s.PER_YEAR}),
    ("3.1.2", A3, "Nye medlemmer hvert år.", "Synlighed i lokalområderne og i relevante netværk.",
     "Registrering af nye medlemmer.", {"main": "3.1", "count": counting.NEW_MEMBERS, "target": "mindst 6",
                                        "per": s.PER_YEAR}),
    ("3.2", A3, "Det skal være nemt at mødes med ansatte m.fl. fra centret uanset geografisk forankring.",
     "Kontinuerlige opslag i nyhedsbreve og på sociale medier om skiftende mødesteder og -tider.",
     "Dokumentation af metode.", {}),
    ("3.3", A3, "Centret danner rammer for deltagelse og støtte for medlemmer på tværs af medlemstyper.",
     "Afholdelse af 1-2 aktiviteter/kurser årligt der er bredt relevante, fx om fundraising.",
     REG_EVENTS, {"count": s.COUNT_EVENTS, "event_types": "Temamøde, Kursus", "target": "1-2", "per": s.PER_YEAR}),
    ("3.4", A3, "Mangfoldighed i medlemssammensætningen.", "Medlemmer fra alle dele af foreningslivet.",
     "Antal medlemstyper.", {"count": counting.MEMBER_TYPES, "target": "mindst 5", "per": s.PER_PERIOD}),
    ("4.1", A4, "Igangsættelse af nye netværk efter behov.", "Behovsafdækning. Etablere nye netværk efter behov.",
     "Registrering af nye netværk.", {"count": counting.NETWORKS_STARTED, "target": "1", "per": s.PER_PERIOD}),
    ("4.2", A4, "Understøttelse af faglige netværk.", "Afholdelse af 2-4 netværksmøder per netværk om året.",
     "Registrering af deltagende foreninger i hvert netværk. Mødeindkald/dagsorden.", {}),
    ("4.2.1", A4, "2-4 netværksmøder per netværk om året.", "Afholdelse af 2-4 netværksmøder per netværk om året.",
     "Mødeindkald/dagsorden.", {"main": "4.2", "count": s.COUNT_EVENTS, "event_types": "Netværksmøde",
                                "per_group": "Netværk", "target": "2-4", "per": s.PER_YEAR}),
    ("4.2.2", A4, "Registrering af deltagende foreninger i hvert netværk.", "Invitationer til medlemmerne.",
     "Registrering af deltagende foreninger.", {"main": "4.2", "count": s.COUNT_ORGANISATIONS,
                                                "event_types": "Netværksmøde", "per_group": "Netværk",
                                                "per": s.PER_YEAR}),
    ("4.3", A4, "Understøttelse af netværksdannelse omkring fælles aktiviteter.",
     "Koordinering af samarbejde i netværk om fælles aktiviteter i løbet af året.",
     "Dokumentation af antal deltagende foreninger samt antal aktiviteter.",
     {"count": s.COUNT_ORGANISATIONS, "target": "25", "per": s.PER_YEAR}),
    ("4.4", A4, "Let tilgængelige tilbud om lærings-netværk på tværs af foreningstyper.",
     "Årlige tematiserede netværks- og cafémøder. Årlige online brobygningsmøder.",
     "Registrering af antal deltagere samt deres tilhørsforhold.",
     {"count": s.COUNT_PARTICIPANTS, "event_types": "Temamøde", "target": "60", "per": s.PER_YEAR}),
    ("4.5", A4, "Understøttelse af uformel netværksdannelse mellem medlemmer.",
     "Åbne aktiviteter for medlemmer, samarbejdspartnere m.fl. min. 2 gange årligt.",
     "Registrering af antal deltagere samt deres tilhørsforhold.",
     {"count": s.COUNT_EVENTS, "event_types": "Åbent arrangement", "target": "1", "per": "Halvår"}),
    ("4.6", A4, "Netværksdialogmøder hver anden måned.", "Dialogmøder for inspiration, koordinering og planlægning.",
     "Mødeindkald/dagsorden.", {"count": s.COUNT_EVENTS, "event_types": "Dialogmøde", "target": "1",
                                "per": "Anden måned"}),
    ("4.7", A4, "Nye indsatser mod ensomhed og for fællesskaber sættes i gang.",
     "Iværksættelse af projekter med et socialt/sundhedsfremmende formål.", "Registrering af nye indsatser.",
     {"count": counting.INITIATIVES_STARTED, "target": "1", "per": s.PER_PERIOD}),
    ("5.1", A5, "Sikring af et økonomisk og organisatorisk fundament for lejemålet i Kongehavecentret.",
     "Afklaring af præmis for lejeaftale. Afklaring af evt. samarbejds-/brugsaftale.",
     "Dokumentation af aktiviteter og proces.", {}),
    ("5.2", A5, "Etablering af centret i nye rammer.", "Flytning og praktisk indretning.",
     "Dokumentation af aktiviteter og proces.", {}),
    ("5.3", A5, "Sikring af et positivt og udviklende samarbejdsklima med brugere af huset.",
     "Dialogmøde ifm. indflytning med aktuelle brugere af huset.", "Registrering af deltagelse.",
     {"count": s.COUNT_PARTICIPANTS, "event_types": "Dialogmøde", "target": "mindst 15", "per": s.PER_PERIOD}),
    ("5.4", A5, "Rammesætning af Kongehavecentret som 'Fællesskabernes Hus'.",
     "Dialog med relevante politiske udvalg om husets funktion.", "Dokumentation af aktiviteter og proces.", {}),
    ("6.1", A6, "Flere unge (15-25) deltager i fællesskaber mod ensomhed.",
     "Ungenetværk på tværs af foreninger, kommune og frivillige.", "Registrering af deltagere efter alder.",
     {"count": s.COUNT_PARTICIPANTS, "initiative": "IND-UNGE", "age_band": "Unge 15-25", "target": "300",
      "per": s.PER_YEAR}),
    ("6.2", A6, "Flere ældre deltager i fællesskaber mod ensomhed.",
     "Caféer, spiseklubber og besøgsnetværk for ældre.", "Registrering af deltagere efter alder.",
     {"count": s.COUNT_PARTICIPANTS, "initiative": "IND-AELDRE", "age_band": "Ældre 65+", "target": "mindst 30",
      "per": "Måned"}),
    ("6.3", A6, "Mindst 70 % af de ældre deltagere har mødt en, de gerne vil se igen.",
     "Caféer, spiseklubber og besøgsnetværk for ældre.", "Anonym evaluering med QR-kode efter hvert arrangement.",
     {"count": counting.SHARE_MET, "initiative": "IND-AELDRE", "target": "mindst 70 %", "per": "Kvartal"}),
    ("6.4", A6, "Færre unge deltagere med tegn på svær ensomhed.",
     "Ungenetværk på tværs af foreninger, kommune og frivillige.", "Ensomhedsskalaen (T-ILS) i evalueringen.",
     {"count": counting.SHARE_NOT_LONELY, "initiative": "IND-UNGE", "target": "mindst 80 %", "per": "Halvår"}),
    ("6.5", A6, "Evaluering af udbytte sammen med deltagere.", "Evaluering efter hvert ensomhedsarrangement.",
     "Anonym evaluering med QR-kode; svarene i fanen Evalueringer.",
     {"count": counting.ANSWERS, "target": "mindst 300", "per": s.PER_YEAR}),
    ("6.6", A6, "Mindst 80 % af deltagerne får et godt udbytte.", "Evaluering efter hvert ensomhedsarrangement.",
     "Udbytte 4 eller 5 på skalaen 1-5.", {"count": counting.SHARE_SATISFIED, "target": "mindst 80 %", "per": s.PER_YEAR}),
)

# activity type: mean entries per month
ACTIVITY_RATES = {
    "Afklarende frivillig-samtale": 16, "Konsulentstøtte/sparring": 6, "Hjælp til frivilligjobopslag": 4,
    "Annoncering/synliggørelse": 16, "Fundraising-hjælp": 4, "Henvisning": 14, "Deltagelse i netværk": 8,
    "Deltagelse i synliggørende arrangement": 3, "Udviklet materiale": 1, "Nyt fællesskab etableret": 0.25,
    "Andet": 18,
}


def period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo strategy period: the year before ``today``'s year and ``today``'s year."""
    return dt.date(today.year - 1, 1, 1), dt.date(today.year, 12, 31)


def demo_rows(today: dt.date, seed: int = 2024) -> dict[str, list[Row]]:
    """Every tab's rows for a centre whose period runs to the end of ``today``'s year."""
    rng = random.Random(seed)
    start, end = period(today)
    members = _members(rng, start, today)
    initiatives = [
        {"id": i, "name": n, "focus": f, "target_group": g, "start": start, "end": end,
         "reach_target": r, "coordinator": c} for i, n, f, g, r, c in INITIATIVES
    ]
    goals = [
        {"id": ident, "area": area, "goal": goal, "activities": activities, "documentation": documentation, **how,
         "start": start, "end": end, "owner": "Lederen" if ident < "5" else "Bestyrelsen"}
        for ident, area, goal, activities, documentation, how in GOALS
    ]
    networks = [{"id": ident, "name": name, "start": _months_after(start, months), "coordinator": "Lederen"}
                for ident, name, months in NETWORKS]
    events = _events(rng, members, start, today)
    activities = _activities(rng, members, start, today)
    followups = _followups(rng, start, today)
    evaluations = _evaluations(random.Random(seed + 21), events, start, today)
    return {"members": members, "events": events, "activities": activities, "initiatives": initiatives,
            "networks": networks, "goals": goals, "followups": followups, "evaluations": evaluations}


def _months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def _members(rng: random.Random, start: dt.date, today: dt.date) -> list[Row]:
    rows = []
    names = [(f"{name} {area}" if area not in name else name, typ, groups, area)
             for name, typ, groups in ORGANISATIONS for area in (rng.choice(AREAS),)]
    # A few organisations with branches in two towns, to reach about sixty members.
    for name, typ, groups in ORGANISATIONS[:22]:
        area = rng.choice(AREAS)
        if f"{name} {area}" not in {n for n, *_ in names}:
            names.append((f"{name} {area}", typ, groups, area))
    span = (today - start).days
    for i, (name, typ, groups, area) in enumerate(names, start=1):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        joined = (start - dt.timedelta(days=rng.randint(60, 3000)) if i <= 44
                  else start + dt.timedelta(days=rng.randint(0, span)))
        left = None
        if i in (5, 17, 31) or (i > 55 and rng.random() < 0.3):
            left = max(joined, start) + dt.timedelta(days=rng.randint(30, max(31, (today - max(joined, start)).days)))
            left = min(left, today)
        rows.append({
            "id": f"MED-{i:03d}", "name": name, "type": typ, "target_groups": groups, "area": area,
            "joined": joined, "left": left, "networks": rng.choice(("", "NET-AELDRE", "NET-UNGE", "NET-INTEG",
                                                                    "NET-AELDRE, NET-UNGE")),
            "contact": f"{first} {last}", "email": f"{first.lower()}.{last.lower()}@example.dk",
            "phone": f"+45 12 34 {rng.randint(10, 99)} {rng.randint(10, 99)}",
        })
    return rows


def _org_pool(members: list[Row], groups: str) -> list[str]:
    return [m["id"] for m in members if any(g in m["target_groups"] for g in groups.split(", "))]


def _events(rng: random.Random, members: list[Row], start: dt.date, today: dt.date) -> list[Row]:
    rows: list[Row] = []
    young, old, every = _org_pool(members, "Unge"), _org_pool(members, "Ældre"), [m["id"] for m in members]
    alliance = every[:26]  # the alliance has room for 30 partners

    def add(day, title, typ, initiative=None, goals=(), size=(8, 20), mix=(0.2, 0.5, 0.3), orgs=(), n_orgs=(0, 2),
            online=False, area=None, network=None):
        total = rng.randint(*size)
        young_n = round(total * mix[0] * rng.uniform(0.7, 1.3))
        old_n = round(total * mix[2] * rng.uniform(0.7, 1.3))
        young_n, old_n = min(young_n, total), min(old_n, total - min(young_n, total))
        adults = total - young_n - old_n
        pool = list(orgs or every)
        picked = rng.sample(pool, k=min(len(pool), rng.randint(*n_orgs)))
        rows.append({
            "id": f"ARR-{len(rows) + 1:04d}", "date": day, "title": title, "type": typ, "initiatives": initiative,
            "networks": network,
            "goals": ", ".join(goals) or None, "area": "Online" if online else (area or rng.choice(AREAS)),
            "online": online, "participants": total, "young": young_n, "adults": adults, "elderly": old_n,
            "organisations": ", ".join(picked) or None,
        })

    for day in _days(start, today):
        q = (day.month - 1) // 3
        if day.weekday() == 2 and day.isocalendar()[1] % 2 == 0:
            add(day, rng.choice(("Ungecafé", "Gaming-aften", "Walk & talk for unge", "Fællesspisning for unge")),
                rng.choice(("Cafémøde", "Åbent arrangement")) if day.month != 7 else "Åbent arrangement",
                "IND-UNGE", ("6.1", "3.1.1"), (6, 22), (0.85, 0.15, 0.0), young, (1, 3))
        if day.weekday() == 1 and day.month != 7 and (day.day <= 7 or 15 <= day.day <= 21 or rng.random() < 0.7):
            add(day, rng.choice(("Seniorcafé", "Spiseklub", "Gåtur og kaffe", "Syng sammen", "Besøgsvennernes café")),
                "Cafémøde", "IND-AELDRE", ("6.2",), (8, 32), (0.0, 0.15, 0.85), old, (1, 3))
        if day.weekday() == 3 and day.month not in (7, 12):
            add(day, rng.choice(("Selvhjælpsgruppe: angst", "Selvhjælpsgruppe: sorg", "Selvhjælpsgruppe: pårørende")),
                "Selvhjælpsgruppemøde", "IND-SELV", (), (4, 9), (0.1, 0.7, 0.2), (), (0, 0), area="Slagelse")
        # The networks meet on their own rhythms: the elderly four times a year, the young twice
        # (once so far this year), the integration network (started in April) not yet.
        if day.day == 10 and day.month in (2, 5, 9, 11):
            add(day, "Ældrenetværket", "Netværksmøde", None, ("4.2.1", "4.2.2", "4.3"), (8, 18), (0.1, 0.7, 0.2), (),
                (3, 7), network="NET-AELDRE")
        if day.day == 12 and (day.month in (3, 10) if day.year < today.year else day.month == 3):
            add(day, "Ungenetværket", "Netværksmøde", None, ("4.2.1", "4.2.2", "4.3"), (8, 18), (0.5, 0.5, 0.0), young,
                (2, 5), network="NET-UNGE")
        if day.day == 20 and day.month == 3:
            add(day, "Netværksmøde om rekruttering", "Netværksmøde", "IND-REK", ("1.5", "4.3"), (10, 20),
                (0.1, 0.8, 0.1), (), (4, 8))
        if day.day == 22 and day.month not in (7, 12):
            add(day, "Alliancemøde i Fællesskabsalliancen", "Netværksmøde", "IND-ALLIANCE", ("2.5",), (8, 16),
                (0.6, 0.4, 0.0), alliance, (2, 5))
        if day.day == 14 and day.month % 2 == 1 and not (day.year == today.year and day.month == 9):
            add(day, "Netværksdialogmøde", "Dialogmøde", None, ("4.6",), (10, 25), (0.1, 0.7, 0.2), (), (3, 8))
        if day.day == 15 and day.month in (1, 4, 7, 10) and not (day.year == today.year and q == 1):
            add(day, "Online brobygningsmøde", "Brobygningsmøde", None, ("2.3",), (6, 14), (0.0, 1.0, 0.0),
                (), (0, 2), online=True)
        if day.day == 12 and day.month == 10 and day.year == start.year:
            add(day, "Kursus: Rekruttering af nye frivillige", "Kursus", "IND-REK", ("1.4",), (12, 24), (0.1, 0.8, 0.1), (), (3, 6))
        if day.day == 25 and day.month in (4, 9):
            add(day, "Inspirationscafé: vejen ind i foreningerne", "Cafémøde", "IND-REK", ("1.2",), (10, 25),
                (0.3, 0.5, 0.2), (), (2, 4))
        if day.day == 5 and day.month in (3, 10):
            add(day, rng.choice(("Temamøde om fundraising", "Temamøde om GDPR i foreninger")), "Temamøde",
                None, ("3.3", "4.4"), (15, 35), (0.1, 0.7, 0.2), (), (3, 8))
        if day.day == 28 and day.month in (5, 8):
            add(day, "Åbent hus i Frivilligcentret", "Åbent arrangement", None, ("4.5", "4.3"), (30, 70), (0.2, 0.5, 0.3), (), (4, 9))
        if day == dt.date(start.year, 9, 18):
            add(day, "Introduktionsmøde: hvad vil det sige at være frivillig?", "Introduktionsmøde", "IND-REK",
                ("2.2",), (10, 18), (0.3, 0.6, 0.1), (), (0, 2))
        if day.day == 8 and day.month == 9:
            add(day, "Frivillighedsmessen", "Frivillighedsmesse", "IND-REK", ("4.3",), (120, 250), (0.25, 0.5, 0.25), (), (12, 20))
        if day.day == 30 and day.month == 11:
            add(day, "Uddeling af Frivillighedsprisen", "Frivillighedspris", None, (), (60, 110), (0.2, 0.5, 0.3), (), (5, 10))
        if day == dt.date(start.year, 6, 3):
            add(day, "Dialogmøde med husets brugere", "Dialogmøde", None, ("5.3",), (15, 25), (0.1, 0.7, 0.2), (), (4, 8))
    return rows


def _activities(rng: random.Random, members: list[Row], start: dt.date, today: dt.date) -> list[Row]:
    rows: list[Row] = []
    orgs = [m["id"] for m in members]
    goal_of = {"Afklarende frivillig-samtale": "1.1", "Hjælp til frivilligjobopslag": "1.3",
               "Konsulentstøtte/sparring": "2.1", "Nyt fællesskab etableret": "2.4"}
    workdays = [d for d in _days(start, today) if d.weekday() < 5]
    for day in workdays:
        summer = 0.4 if day.month == 7 else 1.0
        for typ, per_month in ACTIVITY_RATES.items():
            rate = per_month * summer / 21.5
            while rate > 0:
                if rng.random() < min(rate, 1.0):
                    serves_org = typ in ("Konsulentstøtte/sparring", "Hjælp til frivilligjobopslag",
                                         "Fundraising-hjælp", "Nyt fællesskab etableret")
                    rows.append({
                        "id": f"AKT-{len(rows) + 1:05d}", "date": day, "type": typ,
                        "count": rng.choice((1, 1, 1, 2)) if typ == "Annoncering/synliggørelse" else 1,
                        "organisation": rng.choice(orgs) if serves_org else None, "goal": goal_of.get(typ),
                        "initiatives": "IND-REK" if typ == s.GUIDANCE_TALK else None,
                    })
                rate -= 1.0
    return rows


# The board's colours at its meetings: goal -> [(result, time, comment)], oldest first.
FOLLOWUP_STORY = {
    "1.1": [(s.YELLOW, s.GREEN, "Samtalerne er i gang; lidt under det forventede antal."),
            (s.GREEN, s.GREEN, "Målet for året er nået i god tid.")],
    "1.2": [(s.GREEN, s.GREEN, "To inspirationscaféer afholdt med i alt 35 deltagere.")],
    "1.4": [(s.GREEN, s.GREEN, "Kursus om rekruttering afholdt i oktober."),
            (s.RED, s.YELLOW, "Årets kursus er endnu ikke afholdt; planlægges til december.")],
    "2.3": [(s.GREEN, s.GREEN, "Kvartalets online brobygningsmøde afholdt."),
            (s.YELLOW, s.YELLOW, "Et kvartals møde blev aflyst; næste møde er indkaldt.")],
    "3.1": [(s.YELLOW, s.YELLOW, "Medlemstallet vokser, men langsommere end planlagt.")],
    "4.2": [(s.YELLOW, s.GREEN, "Der er kun afholdt et møde i netværket. Da målet var min. 2 møder, scores målet gult på resultat.")],
    "5.1": [(s.YELLOW, s.RED, "Lejeaftalen er ikke på plads."),
            (s.CHANGED, s.CHANGED, "Kommunen har ændret planerne for huset; målet er ændret.")],
    "5.2": [(s.GREEN, s.GREEN, "Flytningen er gennemført.")],
    "6.1": [(s.GREEN, s.GREEN, "Ungecaféerne er godt besøgt.")],
    "6.2": [(s.YELLOW, s.YELLOW, "Sommerpausen gav færre deltagere end ventet.")],
}

BOARD_MONTHS = (1, 3, 4, 5, 6, 8, 10, 11)  # about eight meetings a year


# The participants' evaluations of the loneliness initiatives' events: who answers, their age
# bands, and the loneliness items' odds of 1, 2, 3 at the period's start and at today, so the
# scores drift slightly better over the period.
EVALUATED = {"IND-UNGE": (("Unge 15-25",) * 16 + ("Voksne 26-64",) + (None,) * 3, (0.33, 0.42, 0.25), (0.45, 0.38, 0.17)),
             "IND-AELDRE": (("Ældre 65+",) * 15 + ("Voksne 26-64",) * 2 + (None,) * 3, (0.38, 0.4, 0.22),
                            (0.48, 0.37, 0.15))}


def _evaluations(rng: random.Random, events: list[Row], start: dt.date, today: dt.date) -> list[Row]:
    """Anonymous answers to about a third to three fifths of the participants of each event of the
    loneliness initiatives; no comments. Its own random numbers, so the other tabs stay as they are."""
    rows: list[Row] = []
    span = max((today - start).days, 1)
    for event in events:
        if event["initiatives"] not in EVALUATED:
            continue
        bands, first, last = EVALUATED[event["initiatives"]]
        along = (event["date"] - start).days / span
        odds = [a + (b - a) * along for a, b in zip(first, last)]
        for _ in range(round(event["participants"] * rng.uniform(0.3, 0.6))):
            lonely = rng.random() < 0.9  # some leave the loneliness questions out
            items = rng.choices((1, 2, 3), weights=odds, k=3) if lonely else [None] * 3
            rows.append({
                "id": f"EVA-{len(rows) + 1:05d}", "event": event["id"],
                "date": min(event["date"] + dt.timedelta(days=rng.choice((0, 0, 0, 1, 2))), today),
                "satisfaction": rng.choices((5, 4, 3, 2, 1), weights=(45, 40, 11, 3, 1))[0],
                "met": rng.random() < 0.68, **dict(zip(s.TILS_KEYS, items)), "age_band": rng.choice(bands),
            })
    return rows


def board_meetings(start: dt.date, today: dt.date) -> list[dt.date]:
    """The last Tuesday of each board month, up to ``today``."""
    meetings = []
    for year in range(start.year, today.year + 1):
        for month in BOARD_MONTHS:
            day = dt.date(year, month, 28)
            while day.weekday() != 1:
                day -= dt.timedelta(days=1)
            if start <= day <= today:
                meetings.append(day)
    return meetings


def _followups(rng: random.Random, start: dt.date, today: dt.date) -> list[Row]:
    meetings = board_meetings(start, today)
    rows: list[Row] = []
    for goal, story in FOLLOWUP_STORY.items():
        # Spread each goal's follow-ups over the meetings, the last one at the latest meeting.
        picks = meetings[-len(story):] if len(meetings) >= len(story) else meetings
        if len(story) > 1 and len(meetings) > 4:
            picks = sorted(rng.sample(meetings[:-1], len(story) - 1)) + [meetings[-1]]
        for day, (result, time, comment) in zip(picks, story):
            rows.append({"id": f"OPF-{len(rows) + 1:04d}", "date": day, "goal": goal, "result": result,
                         "time": time, "comment": comment, "author": "Bestyrelsen"})
    rows.sort(key=lambda r: (r["date"], r["goal"]))
    return rows


def set_up(store: Store, today: dt.date) -> bool:
    """The demo spreadsheet on first use: prepared, and filled when it was made just now.
    Returns whether it was filled; an existing one is left as it is."""
    if not store.prepare():
        return False
    store.mark_demo()  # while it is still empty: marked after filling, every row would be loaded and saved again
    try:
        store.fill(demo_rows(today))
    except SheetNotEmpty:
        return False  # another session filled it a moment ago
    return True
