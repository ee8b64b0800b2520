"""What a goal can count, how often, against which kind of target, and per which group: the
registries that the schema (the Mål tab's dropdowns), the parser, the goals, the goals page, the
report and the guide tab all read. A new count kind, rhythm or group is one entry here (and its
tests); an unknown name in the sheet is a data problem, never a silent fall-through.

Below the schema: pandas only, and column keys as plain strings.
"""

from __future__ import annotations

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

    def increments(self, rows: pd.DataFrame, column: str | None = None) -> pd.Series:
        """What each day adds to the count (flow kinds): by date, in date order."""
        rows = rows.loc[rows[self.date].notna()]
        if self.distinct:
            items = pd.DataFrame({"date": rows[self.date], "item": rows[self.distinct]}).explode("item")
            items = items.loc[items["item"].notna() & (items["item"].astype(str) != "")]
            # 'Hobro', 'hobro ' and 'Hobro  ' are one; 'Hobro by' is another (flagged as a likely variant)
            items["item"] = items["item"].map(lambda v: " ".join(v.split()).casefold() if isinstance(v, str) else v)
            first = items.groupby("item")["date"].min()
            return first.value_counts().sort_index()
        if self.amount or column:
            amounts = rows[column or self.amount].fillna(0).astype("int64")
            return amounts.groupby(rows[self.date]).sum().sort_index()
        return rows.groupby(self.date).size().sort_index()


EVENTS, PARTICIPANTS, ACTIVITIES = "Arrangementer", "Deltagere", "Aktiviteter"
ACTIVE_MEMBERS, NEW_MEMBERS = "Aktive medlemmer", "Nye medlemmer"
ORGANISATIONS, AREAS, MEMBER_TYPES = "Deltagende organisationer", "Forskellige lokalområder", "Forskellige medlemstyper"
ANSWERS, SHARE_MET, SHARE_SATISFIED, SHARE_NOT_LONELY = (
    "Evalueringssvar", "Andel mødt nogen", "Andel tilfredse", "Andel uden svær ensomhed")
EVALUATION_GROUPS = ("Indsats", "Netværk", "Lokalområde")
HELD = "held"  # an answer is placed by its event's date, as on the reach page (fcdash.outcomes), not by the day it came

COUNTS: dict[str, CountKind] = {k.name: k for k in (
    CountKind(EVENTS, "Events", "events", EVENT_FILTERS, ("Netværk", "Indsats", "Lokalområde"),
              "Afholdelse af 2-4 netværksmøder per netværk om året (Slagelse 2024-25)"),
    CountKind(PARTICIPANTS, "Participants", "events", EVENT_FILTERS | {"age_band"},
              ("Netværk", "Indsats", "Lokalområde"),
              "Flere unge (15-25) deltager i fællesskaber mod ensomhed (Billund)", amount="participants"),
    CountKind(ACTIVITIES, "Activities", "activities", ACTIVITY_FILTERS, ("Netværk", "Indsats"),
              "Afklarende frivillig-samtaler med alle interesserede borgere (Slagelse 2024-25)", amount="count"),
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
RHYTHM_ALIASES = {"måned": "Måned", "månedlig": "Måned", "hver måned": "Måned", "hver anden måned": "Anden måned",
                  "2 måneder": "Anden måned", "kvartalsvis": "Kvartal", "halvårligt": "Halvår", "halvår": "Halvår",
                  "aar": "År", "årligt": "År", "om året": "År", "i alt": PER_PERIOD, "hele perioden": PER_PERIOD}

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


def parse_target(text: str) -> Target | None:
    """A target as volunteers type it ('70', 'mindst 70', 'præcis 4', '2-4', 'op til 30', 'højst 5',
    'fra 46 til 70'), or as a share ('mindst 70 %', '70%', 'højst 20 %', '60-80 %', no share above
    100 %); None when it is none of these."""
    text = " ".join(str(text).strip().lower().split())
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
    """The windows of a goal's period: calendar spans of the rhythm's months counted from
    January (cut to the period), or the whole period."""
    if rhythm.months is None:
        return [(start, end)]
    first = (start.month - 1) // rhythm.months * rhythm.months + 1
    edge = pd.Timestamp(start.year, first, 1)
    out = []
    while edge <= end:
        nxt = edge + pd.DateOffset(months=rhythm.months)
        out.append((max(edge, start), min(nxt - pd.Timedelta(days=1), end)))
        edge = nxt
    return out


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
