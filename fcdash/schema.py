"""The data model: tabs, columns and category values, written once.

Everything else reads this module: parsing, validation, forms, sheet set-up and demo data.
Keys (``tab.key``, ``column.key``) are stable English identifiers used in code; headers are the
Danish words a volunteer sees and types in the spreadsheet.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """How a column's cells are read."""

    ID = "id"
    TEXT = "text"
    DATE = "date"
    INT = "int"
    BOOL = "bool"
    CATEGORY = "category"
    CATEGORIES = "categories"  # several category values in one cell, comma separated
    REF = "ref"  # the id (or name) of a row in another tab
    REFS = "refs"  # several references in one cell, comma separated
    TARGET = "target"  # a number or a range such as 2-4, read as (low, high)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = Kind.TEXT
    required: bool = False
    personal: bool = False  # shown only to signed-in editors
    categories: tuple[str, ...] = ()
    ref: str | None = None  # tab key a REF/REFS column points into
    aliases: tuple[str, ...] = ()  # other headers volunteers write for the same column
    width: int = 14  # column width in the workbook and the Google Sheet


@dataclass(frozen=True)
class Tab:
    key: str
    title: str  # the tab's name in the spreadsheet
    id_prefix: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    # Rows that other tabs point at must carry an id; log rows may be typed without one.
    id_required: bool = False

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


# --- category values -------------------------------------------------------------------------

MEMBER_TYPES = ("Forening", "Kirke", "Institution", "Virksomhed", "Gruppe", "Privat")

TARGET_GROUPS = (
    "Ældre", "Unge", "Børn", "Familier", "Handicap", "Patienter", "Pårørende",
    "Psykisk sårbare", "Udsatte", "Nydanskere", "Frivillige", "Alle",
)

EVENT_TYPES = (
    "Kursus", "Temamøde", "Netværksmøde", "Cafémøde", "Introduktionsmøde", "Brobygningsmøde",
    "Åbent arrangement", "Frivillighedsmesse", "Frivillighedspris", "Selvhjælpsgruppemøde",
    "Dialogmøde", "Andet",
)

ACTIVITY_TYPES = (
    "Afklarende frivillig-samtale", "Konsulentstøtte/sparring", "Hjælp til frivilligjobopslag",
    "Annoncering/synliggørelse", "Fundraising-hjælp", "Henvisning", "Deltagelse i netværk",
    "Deltagelse i synliggørende arrangement", "Udviklet materiale", "Nyt fællesskab etableret",
    "Andet",
)

FOCUS_AREAS = ("Ensomhed", "Rekruttering", "Selvhjælp", "Netværk", "Fællesskab", "Andet")

# Age bands of an event's participants: (column key, header).
AGE_BANDS = (("young", "Unge 15-25"), ("adults", "Voksne 26-64"), ("elderly", "Ældre 65+"))

GREEN, YELLOW, RED, CHANGED = "Grøn", "Gul", "Rød", "≠ Mål ændret"
COLOURS = (GREEN, YELLOW, RED, CHANGED)

# What a countable goal counts (the Mål tab's "Tæller" column).
COUNT_EVENTS = "Arrangementer"
COUNT_PARTICIPANTS = "Deltagere"
COUNT_ACTIVITIES = "Aktiviteter"
COUNT_MEMBERS = "Aktive medlemmer"
COUNT_ORGANISATIONS = "Deltagende organisationer"
COUNT_KINDS = (COUNT_EVENTS, COUNT_PARTICIPANTS, COUNT_ACTIVITIES, COUNT_MEMBERS, COUNT_ORGANISATIONS)

PER_YEAR, PER_QUARTER, PER_PERIOD = "År", "Kvartal", "Periode"
PER_KINDS = (PER_YEAR, PER_QUARTER, PER_PERIOD)

YES, NO = "Ja", "Nej"


# --- the six tabs ----------------------------------------------------------------------------

ID = Column("id", "ID", Kind.ID, aliases=("id-nr", "nr", "nr."), width=12)


MEMBERS = Tab("members", "Medlemmer", "MED", id_required=True, columns=(
    ID,
    Column("name", "Navn", required=True, aliases=("organisation", "forening", "medlem"), width=32),
    Column("type", "Type", Kind.CATEGORY, categories=MEMBER_TYPES, aliases=("medlemstype",)),
    Column("target_groups", "Målgrupper", Kind.CATEGORIES, categories=TARGET_GROUPS,
           aliases=("målgruppe",), width=24),
    Column("area", "Lokalområde", aliases=("område", "by"), width=16),
    Column("joined", "Indmeldt", Kind.DATE, aliases=("indmeldt dato", "medlem siden", "startdato")),
    Column("left", "Udmeldt", Kind.DATE, aliases=("udmeldt dato", "ophørt")),
    Column("networks", "Netværk", aliases=("netværk de deltager i",), width=24),
    Column("contact", "Kontaktperson", personal=True, aliases=("kontakt",), width=20),
    Column("email", "E-mail", personal=True, aliases=("email", "mail", "e-mail adresse"), width=26),
    Column("phone", "Telefon", personal=True, aliases=("tlf", "tlf.", "telefonnummer", "mobil")),
    Column("note", "Note", aliases=("noter", "bemærkning", "kommentar"), width=30),
))

EVENTS = Tab("events", "Arrangementer", "ARR", (
    ID,
    Column("date", "Dato", Kind.DATE, required=True),
    Column("title", "Titel", required=True, aliases=("navn", "arrangement"), width=32),
    Column("type", "Type", Kind.CATEGORY, required=True, categories=EVENT_TYPES,
           aliases=("arrangementstype",), width=20),
    Column("initiative", "Indsats", Kind.REF, ref="initiatives", width=16),
    Column("goals", "Mål", Kind.REFS, ref="goals", aliases=("mål-id",), width=12),
    Column("area", "Lokalområde", aliases=("område", "by", "sted"), width=16),
    Column("online", "Online", Kind.BOOL, aliases=("online?",), width=9),
    Column("participants", "Deltagere i alt", Kind.INT, aliases=("deltagere", "antal deltagere", "i alt")),
    *(Column(key, header, Kind.INT, aliases=(header.split()[0],), width=12) for key, header in AGE_BANDS),
    Column("organisations", "Medvirkende organisationer", Kind.REFS, ref="members",
           aliases=("organisationer", "medvirkende", "foreninger"), width=32),
    Column("note", "Note", aliases=("noter", "bemærkning", "kommentar"), width=30),
))

ACTIVITIES = Tab("activities", "Aktiviteter", "AKT", (
    ID,
    Column("date", "Dato", Kind.DATE, required=True),
    Column("type", "Type", Kind.CATEGORY, required=True, categories=ACTIVITY_TYPES,
           aliases=("aktivitetstype", "aktivitet"), width=30),
    Column("count", "Antal", Kind.INT, aliases=("stk", "stk."), width=8),
    Column("organisation", "Organisation", Kind.REF, ref="members",
           aliases=("forening", "medlem"), width=28),
    Column("goal", "Mål", Kind.REF, ref="goals", aliases=("mål-id",), width=10),
    Column("initiative", "Indsats", Kind.REF, ref="initiatives", width=14),
    Column("note", "Note", aliases=("noter", "bemærkning", "kommentar"), width=30),
))

INITIATIVES = Tab("initiatives", "Indsatser", "IND", id_required=True, columns=(
    ID,
    Column("name", "Navn", required=True, aliases=("indsats",), width=32),
    Column("focus", "Fokus", Kind.CATEGORY, categories=FOCUS_AREAS),
    Column("target_group", "Målgruppe", Kind.CATEGORIES, categories=TARGET_GROUPS, width=18),
    Column("start", "Start", Kind.DATE, aliases=("startdato",)),
    Column("end", "Slut", Kind.DATE, aliases=("slutdato",)),
    Column("reach_target", "Mål for deltagelser", Kind.INT,
           aliases=("mål for deltagere", "deltagermål", "rækkevidde-mål")),
    Column("coordinator", "Tovholder", aliases=("tovholdere", "ansvarlig"), width=22),
    Column("note", "Note", aliases=("noter", "bemærkning", "kommentar"), width=30),
))

GOALS = Tab("goals", "Mål", "MÅL", id_required=True, columns=(
    ID,
    Column("area", "Indsatsområde", required=True, aliases=("område", "strategisk område"), width=36),
    Column("goal", "Mål", required=True, aliases=("målet", "mål for indsatsen"), width=44),
    Column("activities", "Aktiviteter", aliases=("planlagte aktiviteter",), width=40),
    Column("documentation", "Dokumentation", aliases=("dokumentationsmetode",), width=32),
    Column("count", "Tæller", Kind.CATEGORY, categories=COUNT_KINDS, aliases=("hvad tælles",), width=22),
    Column("event_type", "Arrangementstype", Kind.CATEGORY, categories=EVENT_TYPES, width=18),
    Column("activity_type", "Aktivitetstype", Kind.CATEGORY, categories=ACTIVITY_TYPES, width=26),
    Column("initiative", "Indsats", Kind.REF, ref="initiatives", width=12),
    Column("area_filter", "Kun lokalområde", aliases=("lokalområde",), width=14),
    Column("online_filter", "Kun online", Kind.BOOL, aliases=("online",), width=10),
    Column("target", "Målværdi", Kind.TARGET, aliases=("mål-værdi", "måltal", "target"), width=10),
    Column("per", "Pr.", Kind.CATEGORY, categories=PER_KINDS, aliases=("pr", "per"), width=9),
    Column("start", "Start", Kind.DATE, aliases=("periode start", "fra")),
    Column("end", "Slut", Kind.DATE, aliases=("periode slut", "til")),
    Column("owner", "Ansvarlig", aliases=("ejer",), width=16),
))

FOLLOWUPS = Tab("followups", "Opfølgning", "OPF", (
    ID,
    Column("date", "Dato", Kind.DATE, required=True, aliases=("mødedato", "bestyrelsesmøde")),
    Column("goal", "Mål", Kind.REF, required=True, ref="goals", aliases=("mål-id",), width=10),
    Column("result", "Resultat", Kind.CATEGORY, categories=COLOURS, width=14),
    Column("time", "Tid", Kind.CATEGORY, categories=COLOURS, aliases=("tidsplan",), width=14),
    Column("comment", "Kommentar", aliases=("opfølgning", "begrundelse"), width=60),
    Column("author", "Udfyldt af", aliases=("hvem", "af"), width=16),
))

TABS: tuple[Tab, ...] = (MEMBERS, EVENTS, ACTIVITIES, INITIATIVES, GOALS, FOLLOWUPS)
TABS_BY_KEY = {t.key: t for t in TABS}

# Colour words volunteers type that mean the canonical colours.
CATEGORY_ALIASES: dict[str, str] = {
    "grøn": GREEN, "green": GREEN, "g": GREEN,
    "gul": YELLOW, "yellow": YELLOW, "orange": YELLOW,
    "rød": RED, "red": RED, "r": RED,
    "≠": CHANGED, "mål ændret": CHANGED, "ændret": CHANGED, "changed": CHANGED,
    "samtale": "Afklarende frivillig-samtale",
    "sparring": "Konsulentstøtte/sparring", "konsulentstøtte": "Konsulentstøtte/sparring",
    "aar": PER_YEAR, "årligt": PER_YEAR, "om året": PER_YEAR,
    "kvartalsvis": PER_QUARTER, "i alt": PER_PERIOD, "hele perioden": PER_PERIOD,
}


def tab(key: str) -> Tab:
    return TABS_BY_KEY[key]


_DASHES = re.compile(r"[\u2010-\u2015]")  # typographic dashes
_AROUND_DASH = re.compile(r"\s*-\s*")
_TRAILING_MARKS = re.compile(r"[*:]+$")
_SPACES = re.compile(r"\s+")


@functools.lru_cache(maxsize=1 << 16)  # the same ids and categories come back in every row
def normalise(text: str) -> str:
    """Fold a header or category as typed by hand: case, spaces, dashes and stray marks."""
    text = unicodedata.normalize("NFC", str(text)).strip().lower()
    text = _AROUND_DASH.sub("-", _DASHES.sub("-", text))
    text = _TRAILING_MARKS.sub("", text).strip()
    return _SPACES.sub(" ", text)


def personal_columns(tab_key: str) -> list[str]:
    return [c.key for c in tab(tab_key).columns if c.personal]
