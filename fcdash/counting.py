"""What a goal can count, how often, against which kind of target, and per which group: the
registries that the schema (the Mål tab's dropdowns), the parser, the goals, the goals page, the
report and the guide tab all read. A new count kind, rhythm or group is one entry here (and its
tests); an unknown name in the sheet is a data problem, never a silent fall-through.

Below the schema: pandas only, and column keys as plain strings.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np
import pandas as pd

# --- what to count --------------------------------------------------------------------------

EVENT_FILTERS = frozenset({"event_types", "initiative", "network", "area_filter", "online_filter"})
ACTIVITY_FILTERS = frozenset({"activity_types", "initiative", "network"})
MEMBER_FILTERS = frozenset({"area_filter", "member_types", "network"})
# An answer is narrowed through its event (type, initiative, network, area, online) and by its own age band.
EVALUATION_FILTERS = EVENT_FILTERS | {"age_band"}


@dataclass(frozen=True)
class CountKind:
    """One thing a goal can count (the Mål tab's Tæller column)."""

    name: str  # the Danish word volunteers choose in the sheet
    label_en: str
    source: str  # the tab it counts in: events, activities or members
    filters: frozenset[str]  # the goal's filter columns that may narrow it
    groups: tuple[str, ...]  # the groups it can be judged per (names in GROUPS)
    example: str  # a goal from the centres' plans that counts this way
    date: str | None = "date"  # the column that places a row in a window; None: the state at a day
    distinct: str | None = None  # count distinct values of this column instead of rows
    amount: str | None = None  # add up this column instead of counting rows
    share: str | None = None  # a share of the answers in each window (a key of fcdash.evaluation.OUTCOMES), not a count
    tagged: bool = False  # the rows themselves are counted, so a row's Mål column decides between goals
    # Each row is a thing the plan promised (a course, a meeting): one held after the window it was
    # due in makes that window up, late, instead of counting for the next (a volume, such as
    # participants or guidance talks, is each window's own).
    late: bool = False

    def increments(self, rows: pd.DataFrame, column: str | None = None) -> pd.Series:
        """What each day adds to the count (flow kinds): by date, in date order."""
        rows = rows.loc[rows[self.date].notna()]
        if self.distinct:
            items = pd.DataFrame({"date": rows[self.date], "item": rows[self.distinct]}).explode("item")
            items = items.loc[items["item"].notna() & (items["item"].astype(str) != "")]
            # 'Hobro', 'hobro ' and 'Hobro  ' are one; 'Hobro by' is another (flagged as a likely variant)
            items["item"] = items["item"].map(lambda v: folded(v) if isinstance(v, str) else v)
            first = items.groupby("item")["date"].min()
            return first.value_counts().sort_index()
        if self.amount or column:
            amounts = rows[column or self.amount].fillna(0).astype("int64")
            return amounts.groupby(rows[self.date]).sum().sort_index()
        return rows.groupby(self.date).size().sort_index()


def folded(text: str) -> str:
    """A name as a count of distinct names (and a group per area or member type) compares it:
    case and spacing aside ('Hobro' and 'hobro ' are one area)."""
    return " ".join(text.split()).casefold()


EVENTS, PARTICIPANTS, ACTIVITIES = "Arrangementer", "Deltagere", "Aktiviteter"
ACTIVE_MEMBERS, NEW_MEMBERS = "Aktive medlemmer", "Nye medlemmer"
ORGANISATIONS, AREAS, MEMBER_TYPES = "Deltagende organisationer", "Forskellige lokalområder", "Forskellige medlemstyper"
ANSWERS, SHARE_MET, SHARE_SATISFIED, SHARE_NOT_LONELY = (
    "Evalueringssvar", "Andel mødt nogen", "Andel tilfredse", "Andel uden svær ensomhed")
NETWORKS_STARTED, INITIATIVES_STARTED = "Netværk startet", "Indsatser startet"
EVALUATION_GROUPS = ("Indsats", "Netværk", "Lokalområde")
HELD = "held"  # an answer is placed by its event's date, as on the reach page (fcdash.outcomes), not by the day it came

COUNTS: dict[str, CountKind] = {k.name: k for k in (
    CountKind(EVENTS, "Events", "events", EVENT_FILTERS, ("Netværk", "Indsats", "Lokalområde"),
              "Afholdelse af 2-4 netværksmøder per netværk om året (Slagelse 2024-25)", tagged=True, late=True),
    CountKind(PARTICIPANTS, "Participants", "events", EVENT_FILTERS | {"age_band"},
              ("Netværk", "Indsats", "Lokalområde"),
              "Flere unge (15-25) deltager i fællesskaber mod ensomhed (Billund)", amount="participants"),
    CountKind(ACTIVITIES, "Activities", "activities", ACTIVITY_FILTERS, ("Netværk", "Indsats"),
              "Afklarende frivillig-samtaler med alle interesserede borgere (Slagelse 2024-25)", amount="count",
              tagged=True),
    CountKind(ORGANISATIONS, "Organisations taking part", "events", EVENT_FILTERS, ("Netværk", "Indsats", "Lokalområde"),
              "Op til 30 foreninger og fællesskaber i Fællesskabsalliancen (Slagelse)", distinct="organisations"),
    CountKind(AREAS, "Different local areas", "events", EVENT_FILTERS, ("Netværk", "Indsats"),
              "Afholdelse af aktiviteter i skiftende lokalområder (Slagelse 2024-25)", distinct="area"),
    CountKind(ACTIVE_MEMBERS, "Active members", "members", MEMBER_FILTERS, ("Lokalområde", "Medlemstype", "Netværk"),
              "Mindst 70 foreninger senest ved udgangen af projektperioden, fra 46 (Det Frivillige Sociale Netværk)",
              date=None),
    CountKind(NEW_MEMBERS, "New members", "members", MEMBER_FILTERS, ("Lokalområde", "Medlemstype", "Netværk"),
              "En udvidelse af medlemsskaren (Slagelse 2024-25)", date="joined"),
    CountKind(MEMBER_TYPES, "Different member types", "members", MEMBER_FILTERS, ("Lokalområde", "Netværk"),
              "Mangfoldighed i medlemssammensætningen (Slagelse 2024-25)", date=None, distinct="type"),
    CountKind(NETWORKS_STARTED, "Networks started", "networks", frozenset(), (),
              "Igangsættelse af nye netværk efter behov (Slagelse 2024-25)", date="start", late=True),
    CountKind(INITIATIVES_STARTED, "Initiatives started", "initiatives", frozenset(), (),
              "Iværksættelse af projekter med et socialt/sundhedsfremmende formål (Billund)", date="start", late=True),
    CountKind(ANSWERS, "Evaluation answers", "evaluations", EVALUATION_FILTERS, EVALUATION_GROUPS,
              "Evaluering af udbytte sammen med deltagere i læringsnetværkene (Slagelse 2024-25)", date=HELD),
    CountKind(SHARE_MET, "Share who met someone", "evaluations", EVALUATION_FILTERS, EVALUATION_GROUPS,
              "Mindst 70 % har mødt en, de gerne vil se igen (fællesskaber mod ensomhed, Billund)", share="met", date=HELD),
    CountKind(SHARE_SATISFIED, "Share satisfied", "evaluations", EVALUATION_FILTERS, EVALUATION_GROUPS,
              "Evaluering af samarbejde med deltagere: mindst 80 % giver 4 eller 5 (Slagelse 2024-25)",
              share="satisfied", date=HELD),
    CountKind(SHARE_NOT_LONELY, "Share without severe loneliness", "evaluations", EVALUATION_FILTERS,
              EVALUATION_GROUPS, "Færre unge og ældre med tegn på svær ensomhed: mindst 80 % uden (Billund)",
              share="not_lonely", date=HELD),
)}

# --- how often ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rhythm:
    """How often a goal's target applies (the Mål tab's Pr. column): each window of so many
    calendar months, counted from January, or the whole period."""

    name: str
    label_en: str
    months: int | None  # None: one window, the goal's whole period
    example: str


PER_PERIOD = "Periode"
RHYTHMS: dict[str, Rhythm] = {r.name: r for r in (
    Rhythm("Måned", "Month", 1, "Månedlige cafémøder"),
    Rhythm("Anden måned", "Every other month", 2, "Netværksdialogmøder hver anden måned (Det Frivillige Sociale Netværk)"),
    Rhythm("Kvartal", "Quarter", 3, "Kvartalsvise online brobygningsmøder (Slagelse 2024-25)"),
    Rhythm("Halvår", "Half year", 6, "Et temamøde hvert halve år"),
    Rhythm("År", "Year", 12, "Afholdelse af 1 kursus årligt om rekruttering (Slagelse 2024-25)"),
    Rhythm(PER_PERIOD, "The whole period", None, "1-2 introduktionsmøder i perioden (Slagelse 2024-25)"),
)}
# How the plans word a rhythm ('Netværksdialogmøder hver anden måned', 'kvartalsvise online
# brobygningsmøder', '1 kursus årligt', '1-2 introduktionsmøder i perioden'), read as the rhythm.
RHYTHM_ALIASES = {
    "måned": "Måned", "månedlig": "Måned", "månedligt": "Måned", "månedlige": "Måned", "hver måned": "Måned",
    "pr. måned": "Måned", "om måneden": "Måned", "md": "Måned", "md.": "Måned", "mdr": "Måned",
    "hver anden måned": "Anden måned", "hver 2. måned": "Anden måned", "2 måneder": "Anden måned",
    "2. måned": "Anden måned", "to måneder": "Anden måned", "hveranden måned": "Anden måned",
    "kvartalsvis": "Kvartal", "kvartalsvise": "Kvartal", "hvert kvartal": "Kvartal", "pr. kvartal": "Kvartal",
    "i kvartalet": "Kvartal", "kvt": "Kvartal", "kvt.": "Kvartal",
    "halvår": "Halvår", "halvårlig": "Halvår", "halvårligt": "Halvår", "halvårlige": "Halvår",
    "hvert halve år": "Halvår", "hvert halvår": "Halvår", "pr. halvår": "Halvår",
    "aar": "År", "år": "År", "årlig": "År", "årligt": "År", "årlige": "År", "om året": "År", "hvert år": "År",
    "pr. år": "År", "per år": "År", "i året": "År", "årsvis": "År",
    "i alt": PER_PERIOD, "hele perioden": PER_PERIOD, "i perioden": PER_PERIOD, "perioden": PER_PERIOD,
    "pr. periode": PER_PERIOD, "i strategiperioden": PER_PERIOD, "i projektperioden": PER_PERIOD,
    "samlet": PER_PERIOD, "én gang": PER_PERIOD,
}

# --- per which group ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """What a goal may apply to each of (the Mål tab's Pr. gruppe column): each is judged on
    its own, and the goal's lights follow the worst."""

    name: str
    label_en: str
    tab: str | None  # the tab listing the groups (None: the values found in the rows)
    columns: dict[str, str]  # source tab -> the column holding a row's group(s)
    example: str


GROUPS: dict[str, Group] = {g.name: g for g in (
    Group("Netværk", "Network", "networks", {"events": "networks", "activities": "networks", "members": "networks",
                                             "evaluations": "networks"},
          "2-4 netværksmøder per netværk om året (Slagelse 2024-25)"),
    Group("Indsats", "Initiative", "initiatives", {"events": "initiatives", "activities": "initiatives",
                                                  "evaluations": "initiatives"},
          "Deltagelse i hver af ensomhedsindsatserne"),
    Group("Lokalområde", "Local area", None, {"events": "area", "members": "area", "evaluations": "area"},
          "Aktiviteter i hvert lokalområde"),
    Group("Medlemstype", "Member type", None, {"members": "type"}, "Medlemmer af hver type"),
)}

# --- against which target ------------------------------------------------------------------------

MIN, EXACT, RANGE, MAX = "min", "exact", "range", "max"
COUNT, PERCENT = "count", "percent"  # a target's unit: a number of things, or a share of the answers


@dataclass(frozen=True)
class Target:
    """A goal's target as typed: at least, exactly, between, or at most; optionally from a
    starting value (the baseline), so that 'largely met' is measured from where the centre began.
    A number of things, or (unit PERCENT) a share in whole percent, for the share kinds."""

    kind: str
    low: int  # the least that meets it (MAX: 0)
    high: int | None  # the most that still meets it (None: no upper bound)
    baseline: int | None = None
    plain: bool = field(default=False, compare=False)  # typed as a bare number ('120'), not in words
    unit: str = COUNT

    @property
    def number(self) -> int | None:
        """The target as a spreadsheet holds it: the number where it was typed as one, else None
        ('mindst 70', '2-4', 'fra 46 til 70' and '70 %' stay words)."""
        return self.low if self.plain and self.unit == COUNT else None

    def text(self, lang: str = "da") -> str:
        words = {"da": {MIN: "mindst {low}", EXACT: "præcis {low}", RANGE: "{low}-{high}", MAX: "højst {high}"},
                 "en": {MIN: "at least {low}", EXACT: "exactly {low}", RANGE: "{low}-{high}", MAX: "at most {high}"}}
        text = words["en" if lang == "en" else "da"][self.kind].format(low=self.low, high=self.high)
        if self.baseline is not None:
            text = (f"from {self.baseline} to {self.low}" if lang == "en" else f"fra {self.baseline} til {self.low}")
        if self.unit == PERCENT:
            text += "%" if lang == "en" else " %"  # '70 %' in Danish, '70%' in English
        return text


_NUMBER = r"(\d+(?:[.\s]\d{3})*)"
TARGET_FORMS: tuple[tuple[str, re.Pattern, Callable[..., Target]], ...] = (
    ("fra 46 til 70", re.compile(rf"^fra\s+{_NUMBER}\s+(?:til|->|→)\s+(?:mindst\s+)?{_NUMBER}$"),
     lambda b, t: Target(MIN, t, None, b)),
    ("2-4", re.compile(rf"^{_NUMBER}\s*(?:-|–|til)\s*{_NUMBER}$"), lambda a, b: Target(RANGE, a, b)),
    ("op til 30", re.compile(rf"^(?:op\s+til|højst|max\.?|maks\.?|maksimum|maximum|under\s+eller\s+lig)\s*{_NUMBER}$"),
     lambda n: Target(MAX, 0, n)),
    ("præcis 4", re.compile(rf"^(?:præcis|nøjagtig|netop|=)\s*{_NUMBER}$"), lambda n: Target(EXACT, n, n)),
    ("mindst 70", re.compile(rf"^(?:mindst|min\.?|minimum|over\s+eller\s+lig)?\s*{_NUMBER}\+?$"),
     lambda n: Target(MIN, n, None)),
)
# The same forms with a percent sign: the targets of the share kinds (a bare '70 %' is at least 70 %).
SHARE_FORMS = ("mindst 70 %", "højst 20 %", "60-80 %", "fra 50 til 70 %")
_PERCENT_SIGN = re.compile(r"\s*(?:%|pct\.?(?=\s|$|-|–)|procent)\s*")


# Numbers as the plans write them in words ('mindst to', 'én til flere'), and words around a
# target that say nothing more ('min. 2 gange', '1 kursus').
NUMBER_WORDS = {"én": "1", "en": "1", "et": "1", "ét": "1", "to": "2", "tre": "3", "fire": "4", "fem": "5",
                "seks": "6", "syv": "7", "otte": "8", "ni": "9", "ti": "10", "elleve": "11", "tolv": "12",
                "femten": "15", "tyve": "20", "tredive": "30", "fyrre": "40", "halvtreds": "50", "hundrede": "100"}
_NUMBER_WORD = re.compile(r"\b(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")\b")
_ONE_OR_MORE = re.compile(r"^(\d+)\s*(?:til|eller|el\.?|-)\s*flere$")
_FILLER = re.compile(r"\s+(?:gange?|stk\.?|styk)$")


def parse_target(text: str) -> Target | None:
    """A target as volunteers type it ('70', 'mindst 70', 'præcis 4', '2-4', 'op til 30', 'højst 5',
    'fra 46 til 70', 'mindst to', 'én til flere', 'min. 2 gange'), or as a share ('mindst 70 %',
    '70%', 'højst 20 %', '60-80 %', no share above 100 %); None when it is none of these."""
    typed = " ".join(str(text).strip().lower().split())
    text = _FILLER.sub("", _NUMBER_WORD.sub(lambda m: NUMBER_WORDS[m[1]], typed))
    if m := _ONE_OR_MORE.match(text):
        return Target(MIN, int(m[1]), None)
    if text != typed:  # written in words: never a bare number in a spreadsheet's cell
        target = parse_target(text)
        return replace(target, plain=False) if target else None
    if _PERCENT_SIGN.search(text):
        target = _parse_number_target(" ".join(_PERCENT_SIGN.sub(" ", text).split()))
        if target is None or max(target.low, target.high or 0, target.baseline or 0) > 100:
            return None
        return replace(target, unit=PERCENT, plain=False)
    return _parse_number_target(text)


def _parse_number_target(text: str) -> Target | None:
    for _, pattern, make in TARGET_FORMS:
        m = pattern.match(text)
        if m:
            numbers = [int(re.sub(r"[.\s]", "", g)) for g in m.groups()]
            target = make(*numbers)
            if target.high is not None and target.high < target.low:
                return None
            return replace(target, plain=True) if re.fullmatch(_NUMBER, text) else target
    return None


def window_edges(start: pd.Timestamp, end: pd.Timestamp, rhythm: Rhythm) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    """The windows of a goal's period: a year is a calendar year (cut to the period); a shorter
    rhythm (month, every other month, quarter, half year) is kept from the goal's own start, so
    its windows are counted from that day; the whole period is one window."""
    if rhythm.months is None:
        return [(start, end)]
    if rhythm.months == 12:
        edge = pd.Timestamp(start.year, 1, 1)
    else:
        edge = pd.Timestamp(start.year, start.month, start.day)
    out, k = [], 0
    while True:
        first = edge + pd.DateOffset(months=rhythm.months * k)
        if first > end:
            break
        nxt = edge + pd.DateOffset(months=rhythm.months * (k + 1))
        out.append((max(first, start), min(nxt - pd.Timedelta(days=1), end)))
        k += 1
    return out


# --- by when, inside a window ---------------------------------------------------------------------

MONTH_WORDS = {name: i + 1 for i, names in enumerate((
    ("januar", "jan"), ("februar", "feb"), ("marts", "mar"), ("april", "apr"), ("maj",), ("juni", "jun"),
    ("juli", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
    ("december", "dec"))) for name in names}
_ORDINALS = {"1": 1, "første": 1, "2": 2, "andet": 2, "anden": 2, "3": 3, "tredje": 3, "4": 4, "fjerde": 4}


@dataclass(frozen=True)
class Deadline:
    """A day inside each window by which its target is due (the Mål tab's Frist column), instead
    of the window's last day: '31. marts', '31-03', '1. kvartal', 'marts', or a whole date."""

    month: int
    day: int
    year: int | None = None  # a whole date: the window that holds it

    def in_window(self, start: pd.Timestamp, end: pd.Timestamp) -> pd.Timestamp:
        """The deadline's day in the window from ``start`` to ``end`` (its last day if none falls in
        it): a whole date where it falls in the window, else its day and month in the window's
        year (a date cell typed as '31-03' is given a year by the spreadsheet)."""
        years = [*([self.year] if self.year else []), *range(start.year, end.year + 1)]
        for year in years:
            last = calendar.monthrange(year, self.month)[1]
            day = pd.Timestamp(year, self.month, min(self.day, last))
            if start <= day <= end:
                return day
        return end

    def text(self, lang: str = "da") -> str:
        year = self.year or 2000
        day = dt.date(year, self.month, min(self.day, calendar.monthrange(year, self.month)[1]))
        return day.strftime("%d-%m-%Y") if self.year else day.strftime("%d-%m")


def parse_deadline(value: Any) -> Deadline | None:
    """A deadline as typed: a date cell (or Google's serial number of one) or '31-03-2025',
    '31. marts', '31/3', '31-03', 'marts', 'udgangen af marts', '1. kvartal', 'Q1', '1. halvår';
    None when it is none of these."""
    if isinstance(value, (dt.datetime, dt.date, pd.Timestamp)):
        return Deadline(value.month, value.day, value.year)
    return _parse_deadline_text(str(value))


@functools.lru_cache(maxsize=256)  # the same few deadlines, read for every window of every goal
def _parse_deadline_text(value: str) -> Deadline | None:
    text = " ".join(value.strip().lower().replace("senest", "").replace("inden", "").split())
    if re.fullmatch(r"\d{5}(?:\.0+)?", text):  # a date cell as Google sends it: days since 30-12-1899
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(float(text)))
        return Deadline(day.month, day.day, day.year)
    text = re.sub(r"^(?:i|ved|by|d\.|den)\s+", "", text)
    text = re.sub(r"^(?:udgangen|slutningen)\s+af\s+", "", text)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00:00)?", text):
        year, month, day = map(int, m.groups())
        return _deadline(month, day, year)
    if m := re.fullmatch(r"(\d{1,2})\s*[-./]\s*(\d{1,2})(?:\s*[-./]\s*(\d{2}|\d{4}))?", text):
        day, month, year = int(m[1]), int(m[2]), m[3]
        return _deadline(month, day, (2000 + int(year) if len(year) == 2 else int(year)) if year else None)
    m = re.fullmatch(r"(\d{1,2})\.?\s+([a-zæøå]+)\.?(?:\s+(\d{4}))?", text)
    if m and m[2] in MONTH_WORDS:
        return _deadline(MONTH_WORDS[m[2]], int(m[1]), int(m[3]) if m[3] else None)
    if m := re.fullmatch(r"([a-zæøå]+)\.?(?:\s+(\d{4}))?", text):
        month = MONTH_WORDS.get(m[1])
        if month:
            year = int(m[2]) if m[2] else None
            return Deadline(month, 31, year)  # the month's last day, whichever it is that year
    if m := re.fullmatch(r"(?:q\s*([1-4])|(\w+)\.?\s+kvartal)(?:\s+(\d{4}))?", text):
        quarter = int(m[1]) if m[1] else _ORDINALS.get(m[2])
        return Deadline(quarter * 3, 30 if quarter in (2, 3) else 31, int(m[3]) if m[3] else None) if quarter else None
    if m := re.fullmatch(r"(\w+)\.?\s+halvår(?:\s+(\d{4}))?", text):
        half = _ORDINALS.get(m[1])
        return Deadline(6 if half == 1 else 12, 30 if half == 1 else 31, int(m[2]) if m[2] else None) if half in (1, 2) else None
    return None


def _deadline(month: int, day: int, year: int | None) -> Deadline | None:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: 29-02 is a deadline every year
    except ValueError:
        return None
    return Deadline(month, day, year)


def cumulative(increments: pd.Series, days: pd.DatetimeIndex) -> np.ndarray:
    """The running total on each day of ``days`` from the per-day increments (days before the
    first one are not counted)."""
    inside = increments.loc[(increments.index >= days[0]) & (increments.index <= days[-1])]
    return inside.reindex(days, fill_value=0).cumsum().to_numpy(dtype="int64")


def filters_of(goal: Any) -> set[str]:
    """The filter columns a goal sets."""
    present = set()
    for key in ("event_types", "activity_types", "initiative", "network", "area_filter", "online_filter",
                "member_types", "age_band"):
        value = getattr(goal, key, None)
        if isinstance(value, tuple) and not value:
            continue
        if value is not None and not (isinstance(value, float) and np.isnan(value)) and value is not pd.NA:
            present.add(key)
    return present
