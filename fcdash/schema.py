"""The data model: tabs, columns and category values, written once.

Everything else reads this module: parsing, validation, forms, page tables, downloads, sheet
set-up, the guide tab and demo data. A column added here appears in all of them.
Keys (``tab.key``, ``column.key``) are stable English identifiers used in code; headers are the
Danish words a volunteer sees and types in the spreadsheet.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum

from fcdash import counting


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
    header: str  # the Danish header in the sheet, and the column's Danish label on pages
    kind: Kind = Kind.TEXT
    label_en: str = ""  # the English label on pages, in forms and in downloads
    required: bool = False
    personal: bool = False  # shown only to signed-in editors
    categories: tuple[str, ...] = ()
    ref: str | None = None  # tab key a REF/REFS column points into
    aliases: tuple[str, ...] = ()  # other headers volunteers write for the same column
    width: int = 14  # column width in the workbook and the Google Sheet
    editable: bool = True  # a form of the tab may set it (the id is the dashboard's own)
    multiline: bool = False  # free text of several lines in a form
    suggest: bool = False  # free text, offered the values the sheet already has
    group: str = ""  # neighbouring columns of one group stand side by side in a form
    brief: bool = False  # one of the few a table shows on a phone (390 px wide); the rest on demand
    bounds: tuple[int, int] | None = None  # INT: an answer on a scale, from the first to the last
    # Free text naming a thing other cells name too: the columns of one such pool ("area": local
    # areas, "organisation": member organisations) are compared for spellings of the same name.
    spelling: str = ""

    def label(self, lang: str = "da") -> str:
        return self.label_en if lang == "en" and self.label_en else self.header


@dataclass(frozen=True)
class Tab:
    key: str
    title: str  # the tab's name in the spreadsheet, and its Danish label on pages
    title_en: str
    id_prefix: str
    columns: tuple[Column, ...] = field(default_factory=tuple)
    # Rows that other tabs point at must carry an id; log rows may be typed without one.
    id_required: bool = False
    optional: bool = False  # a sheet made before the tab existed lacks it without a problem
    # Its rows one by one are for signed-in editors only (what one person answered); viewers see
    # only the figures made from them, never the rows, their problems or a download of them.
    editors_only: bool = False
    purpose: str = ""  # what a row is, for the guide tab
    # The column a reference may name a row by instead of its id (a goal by its text); None: by id
    # only (events' titles repeat).
    named_by: str | None = None

    def column(self, key: str) -> Column:
        found = [col for col in self.columns if col.key == key]
        if not found:
            raise KeyError(key)
        return found[0]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def label(self, lang: str = "da") -> str:
        return self.title_en if lang == "en" else self.title


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

GUIDANCE_TALK, CONSULTANCY, JOB_AD_HELP = (
    "Afklarende frivillig-samtale", "Konsulentstøtte/sparring", "Hjælp til frivilligjobopslag")
ONE_TAP_ACTIVITIES = (GUIDANCE_TALK, CONSULTANCY, JOB_AD_HELP)  # logged with one tap on the entry page
ACTIVITY_TYPES = (
    GUIDANCE_TALK, CONSULTANCY, JOB_AD_HELP,
    "Annoncering/synliggørelse", "Fundraising-hjælp", "Henvisning", "Deltagelse i netværk",
    "Deltagelse i synliggørende arrangement", "Udviklet materiale", "Nyt fællesskab etableret",
    "Andet",
)

FOCUS_LONELINESS = "Ensomhed"  # the focus of the initiatives the reach page follows
FOCUS_AREAS = (FOCUS_LONELINESS, "Rekruttering", "Selvhjælp", "Netværk", "Fællesskab", "Andet")

# Age bands of an event's participants: (column key, header, English label).
AGE_BANDS = (("young", "Unge 15-25", "Young 15-25"), ("adults", "Voksne 26-64", "Adults 26-64"),
             ("elderly", "Ældre 65+", "Elderly 65+"))
AGE_KEYS = tuple(key for key, _, _ in AGE_BANDS)
# The target groups that are an age band: an initiative for them counts that band's attendances.
BAND_OF_GROUP = {"Unge": "young", "Ældre": "elderly"}

GREEN, YELLOW, RED, CHANGED = "Grøn", "Gul", "Rød", "≠ Mål ændret"
COLOURS = (GREEN, YELLOW, RED, CHANGED)

# What a countable goal counts, how often, and per which group: the registries in fcdash.counting.
COUNT_EVENTS, COUNT_PARTICIPANTS, COUNT_ACTIVITIES = counting.EVENTS, counting.PARTICIPANTS, counting.ACTIVITIES
COUNT_MEMBERS, COUNT_ORGANISATIONS = counting.ACTIVE_MEMBERS, counting.ORGANISATIONS
COUNT_KINDS = tuple(counting.COUNTS)
PER_YEAR, PER_QUARTER, PER_PERIOD = "År", "Kvartal", counting.PER_PERIOD
PER_KINDS = tuple(counting.RHYTHMS)
GROUP_KINDS = tuple(counting.GROUPS)
AGE_LABELS = tuple(header for _, header, _ in AGE_BANDS)

YES, NO = "Ja", "Nej"

# --- the participants' evaluations (fcdash.evaluation asks and scores them) ---------------------
# The questions a centre can choose for an initiative's events (the Indsatser tab's
# Evalueringsspørgsmål); with none chosen, an event asks DEFAULT_QUESTIONS, and the loneliness
# scale too when it belongs to a loneliness initiative. At most MAX_QUESTIONS besides the comment.
Q_SATISFACTION, Q_MET, Q_LONELINESS, Q_AGE, Q_COMMENT = (
    "Udbytte", "Mødt nogen", "Ensomhed (T-ILS)", "Aldersgruppe", "Kommentar")
QUESTIONS = (Q_SATISFACTION, Q_MET, Q_LONELINESS, Q_AGE, Q_COMMENT)
DEFAULT_QUESTIONS = (Q_SATISFACTION, Q_MET, Q_AGE)
MAX_QUESTIONS = 4
# The Three-Item Loneliness Scale (T-ILS) as Den Nationale Sundhedsprofil asks it: each item
# answered 1 (næsten aldrig eller aldrig), 2 (en gang imellem) or 3 (ofte); the sum is 3-9.
TILS_ITEMS = (("lack", "Savner nogen (1-3)", "Lacks company (1-3)"),
              ("left_out", "Holdt udenfor (1-3)", "Feels left out (1-3)"),
              ("isolated", "Isoleret fra andre (1-3)", "Isolated from others (1-3)"))
TILS_KEYS = tuple(key for key, _, _ in TILS_ITEMS)


# --- the six tabs ----------------------------------------------------------------------------

ID = Column("id", "ID", Kind.ID, label_en="ID", aliases=("id-nr", "nr", "nr."), width=12, editable=False)
NOTE = Column("note", "Note", label_en="Note", aliases=("noter", "bemærkning", "kommentar"), width=30, multiline=True)
INITIATIVES_OF = Column("initiatives", "Indsats", Kind.REFS, label_en="Initiatives", ref="initiatives",
                        aliases=("indsatser",), width=16)
NETWORKS_OF = Column("networks", "Netværk", Kind.REFS, label_en="Networks", ref="networks",
                     aliases=("netværk de deltager i",), width=20)


NETWORKS = Tab("networks", "Netværk", "Networks", "NET", id_required=True, optional=True, named_by="name",
    purpose="én række pr. netværk, som centret faciliterer, og hvornår det begyndte", columns=(
    ID,
    Column("name", "Navn", label_en="Name", required=True, aliases=("netværk",), width=30, brief=True),
    Column("start", "Start", Kind.DATE, label_en="Since", aliases=("oprettet", "startdato", "siden"), brief=True),
    Column("end", "Slut", Kind.DATE, label_en="Until", aliases=("nedlagt", "slutdato")),
    Column("coordinator", "Tovholder", label_en="Coordinator", aliases=("tovholdere", "ansvarlig"), width=22),
    NOTE,
))


MEMBERS = Tab("members", "Medlemmer", "Members", "MED", id_required=True, named_by="name",
    purpose="én række pr. medlemsorganisation eller medlem", columns=(
    ID,
    Column("name", "Navn", label_en="Name", required=True, aliases=("organisation", "forening", "medlem"), width=32,
           brief=True, spelling="organisation"),
    Column("type", "Type", Kind.CATEGORY, label_en="Type", categories=MEMBER_TYPES, aliases=("medlemstype",), brief=True),
    Column("target_groups", "Målgrupper", Kind.CATEGORIES, label_en="Target groups", categories=TARGET_GROUPS,
           aliases=("målgruppe",), width=24),
    Column("area", "Lokalområde", label_en="Local area", aliases=("område", "by"), width=16, suggest=True, brief=True,
           spelling="area"),
    Column("joined", "Indmeldt", Kind.DATE, label_en="Joined", aliases=("indmeldt dato", "medlem siden", "startdato")),
    Column("left", "Udmeldt", Kind.DATE, label_en="Left", aliases=("udmeldt dato", "ophørt")),
    NETWORKS_OF,
    Column("contact", "Kontaktperson", label_en="Contact person", personal=True, aliases=("kontakt",), width=20),
    Column("email", "E-mail", label_en="E-mail", personal=True, aliases=("email", "mail", "e-mail adresse"), width=26),
    Column("phone", "Telefon", label_en="Phone", personal=True, aliases=("tlf", "tlf.", "telefonnummer", "mobil")),
    NOTE,
))

EVENTS = Tab("events", "Arrangementer", "Events", "ARR",
    purpose="én række pr. arrangement (kursus, netværksmøde, café, …) med deltagere", columns=(
    ID,
    Column("date", "Dato", Kind.DATE, label_en="Date", required=True, brief=True),
    Column("title", "Titel", label_en="Title", required=True, aliases=("navn", "arrangement"), width=32, brief=True),
    Column("type", "Type", Kind.CATEGORY, label_en="Type", required=True, categories=EVENT_TYPES,
           aliases=("arrangementstype",), width=20),
    INITIATIVES_OF,
    NETWORKS_OF,
    Column("goals", "Mål", Kind.REFS, label_en="Goals", ref="goals", aliases=("mål-id",), width=12),
    Column("area", "Lokalområde", label_en="Local area", aliases=("område", "by", "sted"), width=16, suggest=True,
           spelling="area"),
    Column("online", "Online", Kind.BOOL, label_en="Online", aliases=("online?",), width=9),
    Column("participants", "Deltagere i alt", Kind.INT, label_en="Participants in total",
           aliases=("deltagere", "antal deltagere", "i alt"), brief=True),
    *(Column(key, header, Kind.INT, label_en=english, aliases=(header.split()[0],), width=12, group="age")
      for key, header, english in AGE_BANDS),
    Column("organisations", "Medvirkende organisationer", Kind.REFS, label_en="Organisations taking part",
           ref="members", aliases=("organisationer", "medvirkende", "foreninger"), width=32),
    NOTE,
))

ACTIVITIES = Tab("activities", "Aktiviteter", "Activity log", "AKT",
    purpose="én række pr. ydelse: samtale, sparring, hjælp til jobopslag, …", columns=(
    ID,
    Column("date", "Dato", Kind.DATE, label_en="Date", required=True, brief=True),
    Column("type", "Type", Kind.CATEGORY, label_en="Type", required=True, categories=ACTIVITY_TYPES,
           aliases=("aktivitetstype", "aktivitet"), width=30, brief=True),
    Column("count", "Antal", Kind.INT, label_en="Count", aliases=("stk", "stk."), width=8, brief=True),
    Column("organisation", "Organisation", Kind.REF, label_en="Organisation", ref="members",
           aliases=("forening", "medlem"), width=28),
    Column("goal", "Mål", Kind.REF, label_en="Goal", ref="goals", aliases=("mål-id",), width=10),
    INITIATIVES_OF,
    NETWORKS_OF,
    NOTE,
))

INITIATIVES = Tab("initiatives", "Indsatser", "Initiatives", "IND", id_required=True, named_by="name",
    purpose="én række pr. indsats, fx ensomhed blandt unge eller ældre", columns=(
    ID,
    Column("name", "Navn", label_en="Name", required=True, aliases=("indsats",), width=32, brief=True),
    Column("focus", "Fokus", Kind.CATEGORY, label_en="Focus", categories=FOCUS_AREAS, brief=True),
    Column("target_group", "Målgruppe", Kind.CATEGORIES, label_en="Target group", categories=TARGET_GROUPS, width=18),
    Column("start", "Start", Kind.DATE, label_en="Start", aliases=("startdato",)),
    Column("end", "Slut", Kind.DATE, label_en="End", aliases=("slutdato",)),
    Column("reach_target", "Mål for deltagelser", Kind.INT, label_en="Target of attendances",
           aliases=("mål for deltagere", "deltagermål", "rækkevidde-mål")),
    Column("coordinator", "Tovholder", label_en="Coordinator", aliases=("tovholdere", "ansvarlig"), width=22),
    Column("questions", "Evalueringsspørgsmål", Kind.CATEGORIES, label_en="Evaluation questions", categories=QUESTIONS,
           aliases=("evaluering", "spørgsmål"), width=30),
    NOTE,
))

GOALS = Tab("goals", "Mål", "Goals", "MÅL", id_required=True, named_by="goal",
    purpose="én række pr. mål fra strategien eller aktivitetsplanen; et delmål nævner sit hovedmål", columns=(
    ID,
    Column("area", "Indsatsområde", label_en="Strategic area", required=True,
           aliases=("område", "strategisk område"), width=36),
    Column("goal", "Mål", label_en="Goal", required=True, aliases=("målet", "mål for indsatsen"), width=44, brief=True),
    Column("activities", "Aktiviteter", label_en="Planned activities", aliases=("planlagte aktiviteter",), width=40),
    Column("documentation", "Dokumentation", label_en="Documentation", aliases=("dokumentationsmetode",), width=32),
    Column("main", "Hovedmål", Kind.REF, label_en="Main goal", ref="goals",
           aliases=("delmål af", "under mål", "hovedmål-id"), width=10),
    Column("count", "Tæller", Kind.CATEGORY, label_en="Counts", categories=COUNT_KINDS, aliases=("hvad tælles",),
           width=22),
    Column("event_types", "Arrangementstyper", Kind.CATEGORIES, label_en="Event types", categories=EVENT_TYPES,
           aliases=("arrangementstype", "kun arrangementstype"), width=18),
    Column("activity_types", "Aktivitetstyper", Kind.CATEGORIES, label_en="Activity types", categories=ACTIVITY_TYPES,
           aliases=("aktivitetstype", "kun aktivitetstype"), width=26),
    Column("initiative", "Indsats", Kind.REF, label_en="Initiative", ref="initiatives", aliases=("kun indsats",),
           width=12),
    Column("network", "Kun netværk", Kind.REF, label_en="Only network", ref="networks", aliases=("netværk",), width=14),
    Column("area_filter", "Kun lokalområde", label_en="Only local area", aliases=("lokalområde",), width=14),
    Column("online_filter", "Kun online", Kind.BOOL, label_en="Only online", aliases=("online",), width=10),
    Column("member_types", "Kun medlemstyper", Kind.CATEGORIES, label_en="Only member types", categories=MEMBER_TYPES,
           aliases=("medlemstype", "medlemstyper"), width=16),
    Column("age_band", "Kun aldersgruppe", Kind.CATEGORY, label_en="Only age band", categories=AGE_LABELS,
           aliases=("aldersgruppe",), width=14),
    Column("per_group", "Pr. gruppe", Kind.CATEGORY, label_en="Per group", categories=GROUP_KINDS,
           aliases=("per gruppe", "for hver", "pr gruppe"), width=12),
    Column("target", "Målværdi", Kind.TARGET, label_en="Target", aliases=("mål-værdi", "måltal", "target"), width=12, brief=True),
    Column("per", "Pr.", Kind.CATEGORY, label_en="Per", categories=PER_KINDS, aliases=("pr", "per", "hvor ofte"),
           width=11),
    Column("deadline", "Frist", label_en="Deadline", aliases=("senest", "deadline", "tidsfrist", "frist i perioden"),
           width=12),
    Column("start", "Start", Kind.DATE, label_en="Start", aliases=("periode start", "fra")),
    Column("end", "Slut", Kind.DATE, label_en="End", aliases=("periode slut", "til")),
    Column("owner", "Ansvarlig", label_en="Owner", aliases=("ejer",), width=16),
))

FOLLOWUPS = Tab("followups", "Opfølgning", "Follow-ups", "OPF",
    purpose="bestyrelsens trafiklys for et mål ved et møde", columns=(
    ID,
    Column("date", "Dato", Kind.DATE, label_en="Date", required=True, aliases=("mødedato", "bestyrelsesmøde"), brief=True),
    Column("goal", "Mål", Kind.REF, label_en="Goal", required=True, ref="goals", aliases=("mål-id",), width=10, brief=True),
    Column("result", "Resultat", Kind.CATEGORY, label_en="Result", categories=COLOURS, width=14, group="lights", brief=True),
    Column("time", "Tid", Kind.CATEGORY, label_en="Time", categories=COLOURS, aliases=("tidsplan",), width=14,
           group="lights", brief=True),
    Column("comment", "Kommentar", label_en="Comment", aliases=("opfølgning", "begrundelse"), width=60,
           multiline=True),
    Column("author", "Udfyldt af", label_en="By", aliases=("hvem", "af"), width=16),
))

EVALUATIONS = Tab("evaluations", "Evalueringer", "Evaluations", "EVA", optional=True, editors_only=True,
    purpose="ét anonymt svar fra en deltager på et arrangements evaluering (via QR-koden); aldrig navne", columns=(
    ID,
    Column("event", "Arrangement", Kind.REF, label_en="Event", required=True, ref="events",
           aliases=("arrangement-id", "arr"), width=12, brief=True),
    Column("date", "Dato", Kind.DATE, label_en="Date", required=True, aliases=("svardato",), brief=True),
    Column("satisfaction", "Udbytte (1-5)", Kind.INT, label_en="How it was (1-5)", bounds=(1, 5),
           aliases=("udbytte", "tilfredshed"), width=12, brief=True),
    Column("met", "Mødt nogen", Kind.BOOL, label_en="Met someone", aliases=("mødt en", "mødt nogen nye"), width=12,
           brief=True),
    *(Column(key, header, Kind.INT, label_en=english, bounds=(1, 3), aliases=(header.split(" (")[0], key), width=12,
             group="loneliness") for key, header, english in TILS_ITEMS),
    Column("age_band", "Aldersgruppe", Kind.CATEGORY, label_en="Age band", categories=AGE_LABELS,
           aliases=("alder",), width=14),
    Column("comment", "Kommentar", label_en="Comment", personal=True, aliases=("bemærkning",), width=40,
           multiline=True),
))

# The centre's own values beside the built-in lists (the tab "Egne lister"; the workbook's hidden
# tab "Lister" holds the dropdowns): a member, event or activity type of its own ('Idrætsforening')
# is a kind like the others, in the dropdowns, the forms and the goals' filters; its local areas
# are offered where an area is typed. One column a list, one value a cell.
LISTS = Tab("lists", "Egne lister", "Own lists", "LST", optional=True,
    purpose="centrets egne valg ud over de faste: én kolonne pr. liste, én værdi pr. celle (ID kan stå tomt)",
    columns=(
    ID,
    Column("member_types", "Medlemstyper", label_en="Member types", aliases=("medlemstype", "type (medlemmer)"),
           width=24, brief=True),
    Column("event_types", "Arrangementstyper", label_en="Event types",
           aliases=("arrangementstype", "type (arrangementer)"), width=24, brief=True),
    Column("activity_types", "Aktivitetstyper", label_en="Activity types",
           aliases=("aktivitetstype", "type (aktiviteter)"), width=30, brief=True),
    Column("area", "Lokalområder", label_en="Local areas", aliases=("lokalområde",), width=20),
    NOTE,
))
# Each column of the Egne lister tab, and the built-in list it extends.
OWN_LISTS: dict[str, tuple[str, ...]] = {
    "member_types": MEMBER_TYPES, "event_types": EVENT_TYPES, "activity_types": ACTIVITY_TYPES}

TABS: tuple[Tab, ...] = (MEMBERS, EVENTS, ACTIVITIES, INITIATIVES, NETWORKS, GOALS, FOLLOWUPS, EVALUATIONS, LISTS)
TABS_BY_KEY = {t.key: t for t in TABS}

# Colour words volunteers type that mean the canonical colours.
CATEGORY_ALIASES: dict[str, str] = {
    "grøn": GREEN, "green": GREEN, "g": GREEN,
    "gul": YELLOW, "yellow": YELLOW, "orange": YELLOW,
    "rød": RED, "red": RED, "r": RED,
    "≠": CHANGED, "mål ændret": CHANGED, "ændret": CHANGED, "changed": CHANGED,
    "samtale": "Afklarende frivillig-samtale",
    "sparring": "Konsulentstøtte/sparring", "konsulentstøtte": "Konsulentstøtte/sparring",
    **counting.RHYTHM_ALIASES,
    **{header.split()[0].lower(): header for header in AGE_LABELS},  # "Unge" for "Unge 15-25"
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


def own_values(values) -> tuple[str, ...]:
    """A column of Egne lister: its values trimmed, blanks left out, each once (the first spelling kept)."""
    seen: dict[str, str] = {}
    for value in values:
        if isinstance(value, str) and value.strip():
            seen.setdefault(normalise(value), value.strip())
    return tuple(seen.values())


def categories(col: Column, own: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """A category column's values: the built-in ones, then the centre's own from the Egne lister tab
    (``own``: column key of Egne lister -> its values) for the list the column takes its values from."""
    key = next((k for k, values in OWN_LISTS.items() if col.categories == values), None)
    if key is None or not own or not own.get(key):
        return col.categories
    known = {normalise(c) for c in col.categories}
    return col.categories + tuple(v for v in own[key] if normalise(v) not in known)


def personal_columns(tab_key: str) -> list[str]:
    return [c.key for c in tab(tab_key).columns if c.personal]


def labels(tab_key: str, lang: str = "da") -> dict[str, str]:
    """Column key -> the column's label in ``lang``."""
    return {c.key: c.label(lang) for c in tab(tab_key).columns}
