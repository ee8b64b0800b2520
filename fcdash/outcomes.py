"""What the participants' answers say, per initiative and period: the figures the reach page and
the reports show the board. Pure functions over the snapshot's frames (evaluations, events,
initiatives); no Streamlit here.

An answer belongs to its event, and through it to the event's initiatives and to the event's
date: an answer given a few days after the event counts in the event's period, so answers and
attendances are counted over the same events.

- **Answers**: the answers to the initiative's events in the period.
- **Attendances**: the participants of all the initiative's events in the period (whether or
  not an evaluation was handed out there: the honest denominator, as the sheet does not say
  where the QR code lay on the table). **Response rate** = answers / attendances.
- **Satisfaction**: the mean of "how it was" (1-5); **met share**: the share of those who
  answered the question who met someone they would like to see again.
- **Loneliness**: the T-ILS score (3-9, ``fcdash.evaluation``) of the answers with all three
  items: its mean, the share with signs of severe loneliness (7 or more), its distribution over
  the scores, and its trend per quarter; overall and by age band (the schema's bands, and
  "not given").

**Small groups** (``MIN_ANSWERS``): a figure built on fewer than five answers to its own
question (a satisfaction mean on four satisfaction answers, a band's loneliness share on four
scores, a quarter's point on four) is not given: it is missing, with ``FEW`` as its reason
(the message the pages state, "færre end 5 svar"). In the table, as few other figures of that
question as keep it from being worked out by subtraction are hidden too (``protect``): the
figure for all answers, or a second band, where the whole less the bands shown would give it
away; those are missing with ``BESIDE`` as their reason, since they rest on five answers or more
themselves (the distribution and the trend keep the stricter rule: every band, where one is small). A figure whose question no one answered at
all (the loneliness scale an initiative does not ask) is missing without a reason. The counts
of answers and attendances and the response rate are always given: they say how many answered,
never what anyone answered, so they reveal nothing about a person's answer. Comments are never
read here.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pandas as pd

from fcdash import evaluation, metrics, schema
from fcdash.i18n import fmt_number, fmt_percent, t

MIN_ANSWERS = evaluation.MIN_ANSWERS  # fewer answers than this to a question: its figure is not shown
FEW = "outcomes.few"  # the reason a figure is missing (the message that says so): too few answers of its own
BESIDE = "outcomes.beside"  # ... or hidden with a small figure beside it, which it would give away
ALL, NO_BAND = "all", "none"  # every answer; the answers that gave no age band
BANDS = (*schema.AGE_KEYS, NO_BAND)
BAND_OF_HEADER = {header: key for key, header, _ in schema.AGE_BANDS}
FIGURES = ("satisfaction", "met_share", "score_mean", "severe_share")
COLUMNS = ["initiative", "name", "band", "answers", "attendances", "response_rate", *FIGURES, "reason"]


def answers(evaluations: pd.DataFrame, events: pd.DataFrame, ids, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The answers to the events of the initiatives ``ids`` held from ``start`` to ``end``, one
    row per answer and initiative: its ``initiative``, its event's ``date``, its age ``band``
    (a key of ``BANDS``), its loneliness ``score`` and its ``quarter``. Comments are left out."""
    held = metrics.between(events, start, end)[["id", "date", "initiatives"]].rename(
        columns={"id": "event", "date": "held"})
    held = held.assign(initiative=held["initiatives"].map(lambda c: c if isinstance(c, tuple) else ())).explode(
        "initiative")
    held = held.loc[held["initiative"].isin(list(ids))].drop(columns="initiatives")
    rows = evaluations.loc[evaluations["event"].notna(), ["event", "satisfaction", "met", *schema.TILS_KEYS, "age_band"]]
    rows = rows.merge(held, on="event", how="inner")
    return rows.assign(
        band=rows["age_band"].map(lambda b: BAND_OF_HEADER.get(b, NO_BAND)),
        score=evaluation.tils_score(rows) if len(rows) else pd.Series(dtype="Int64"),
        quarter=rows["held"].dt.to_period("Q"),
        satisfaction=rows["satisfaction"].astype("Float64"), met=rows["met"].astype("boolean"),
    ).reset_index(drop=True)


def _shown(values: pd.Series, figure) -> tuple[object, bool]:
    """``figure`` of ``values`` (their non-missing part) if there are enough of them, else
    missing; and whether it is missing for having too few."""
    given = values.dropna()
    if len(given) >= MIN_ANSWERS:
        return float(figure(given)), False
    return None, len(given) > 0


SOURCES = {"satisfaction": "satisfaction", "met_share": "met", "score_mean": "score", "severe_share": "score"}


def _too_few_in_a_part(parts: list[pd.DataFrame]) -> set[str]:
    """The figures (of ``FIGURES``) that some part has answers to, but fewer than ``MIN_ANSWERS``:
    given for none of the parts, so that the whole less the others does not give it away."""
    return {f for f, column in SOURCES.items() if any(0 < p[column].notna().sum() < MIN_ANSWERS for p in parts)}


def _safe(counts: dict[str, int], hidden: set[str], least: int) -> bool:
    """Whether hiding ``hidden`` keeps every small part (1 to ``least`` - 1 answers) from being
    worked out: each small part is hidden, and where the whole is shown the parts hidden with
    answers add up to ``least`` or more (the whole less the parts shown gives only their sum)."""
    parts = {k: n for k, n in counts.items() if k != ALL and n > 0}
    if any(n < least and k not in hidden for k, n in parts.items()):
        return False
    if counts.get(ALL, 0) < least and counts.get(ALL, 0) > 0 and ALL not in hidden:
        return False
    if ALL in hidden:
        return True
    together = sum(n for k, n in parts.items() if k in hidden)
    return together == 0 or together >= least


def protect(counts: dict[str, int], least: int = MIN_ANSWERS) -> set[str]:
    """The fewest figures of one question to hide so that none on fewer than ``least`` answers
    shows or can be worked out by subtracting shown ones. ``counts``: the answers to the question
    for all answers (``ALL``) and for each part (the age bands; a part without answers has no
    figure). A small part is hidden; where that leaves one part hidden beside the whole, the whole
    or a second part goes too, whichever hides fewer figures (the whole where they tie: the bands
    with many answers stay, as the board reads them; then the part with the fewest answers). Pure;
    tried over every choice, as a question has at most a handful of parts."""
    keys = [k for k, n in counts.items() if n > 0]
    best: tuple | None = None
    for size in range(len(keys) + 1):
        for chosen in itertools.combinations(keys, size):
            hidden = set(chosen)
            if not _safe(counts, hidden, least):
                continue
            rank = (len(hidden), ALL not in hidden, sum(counts[k] for k in hidden if k != ALL), sorted(hidden))
            best = rank if best is None or rank < best else best
        if best is not None:
            return set(best[3])
    return set(keys)


def figures(rows: pd.DataFrame) -> dict:
    """The outcome figures of some answers (rows of ``answers``), each missing where it would
    rest on fewer than ``MIN_ANSWERS`` answers to its question; ``reason`` is ``FEW`` when one is."""
    score = rows["score"].astype("Float64")
    found = {
        "satisfaction": _shown(rows["satisfaction"], pd.Series.mean),
        "met_share": _shown(rows["met"].astype("Float64"), pd.Series.mean),
        "score_mean": _shown(score, pd.Series.mean),
        "severe_share": _shown(score, lambda s: (s >= evaluation.SEVERE).mean()),
    }
    few = any(hidden for _, hidden in found.values())
    return {"answers": len(rows), **{k: v for k, (v, _) in found.items()}, "reason": FEW if few else None}


def table(evaluations: pd.DataFrame, events: pd.DataFrame, initiatives: pd.DataFrame, ids, start: dt.date,
          end: dt.date) -> pd.DataFrame:
    """Per initiative of ``ids``: a row for all its answers (with its attendances and response
    rate), then one per age band that has answers; columns ``COLUMNS``."""
    names = metrics.names(initiatives)
    mine = answers(evaluations, events, ids, start, end)
    held = metrics.between(events, start, end)
    rows = []
    for ident in ids:
        own = mine.loc[mine["initiative"] == ident]
        attendances = int(held.loc[metrics.of_any(held["initiatives"], [ident]), "participants"].fillna(0).sum())
        rows.append({"initiative": ident, "name": names.get(ident, ident), "band": ALL, **figures(own),
                     "attendances": attendances,
                     "response_rate": len(own) / attendances if attendances else None})
        parts = {band: part for band in BANDS if len(part := own.loc[own["band"] == band])}
        # per question, the fewest figures hidden that keep a small band from being worked out
        hide = {figure: protect({ALL: int(own[column].notna().sum()),
                                 **{b: int(p[column].notna().sum()) for b, p in parts.items()}})
                for figure, column in SOURCES.items()}
        whole = len(rows) - 1
        for figure, hidden in hide.items():
            if ALL in hidden and rows[whole][figure] is not None:
                rows[whole] = {**rows[whole], figure: None, "reason": rows[whole]["reason"] or BESIDE}
        for band, part in parts.items():
            found = figures(part)
            beside = {f for f, hidden in hide.items() if band in hidden and found[f] is not None}
            rows.append({"initiative": ident, "name": names.get(ident, ident), "band": band,
                         **found, **dict.fromkeys(beside, None), "reason": found["reason"] or (BESIDE if beside else None),
                         "attendances": None, "response_rate": None})
    return pd.DataFrame(rows, columns=COLUMNS)


def with_answers(evaluations: pd.DataFrame, events: pd.DataFrame, start: dt.date, end: dt.date) -> list[str]:
    """The initiatives with answers to their events held from ``start`` to ``end``."""
    held = metrics.between(events, start, end)
    asked = held.loc[held["id"].isin(set(evaluations["event"].dropna())), "initiatives"]
    return sorted({i for cell in asked if isinstance(cell, tuple) for i in cell})


def distribution(rows: pd.DataFrame) -> pd.DataFrame:
    """The loneliness scores of some answers (rows of ``answers``) for all of them and by age
    band: the count and share of each score 3-9; a group with fewer than ``MIN_ANSWERS``
    scores is left out (its table row says why)."""
    out = []
    scored = rows.loc[rows["score"].notna()]
    bands = [scored.loc[scored["band"] == band] for band in BANDS]
    for band in (ALL, *BANDS) if not _too_few_in_a_part(bands) else (ALL,):
        part = scored if band == ALL else scored.loc[scored["band"] == band]
        if len(part) < MIN_ANSWERS:
            continue
        counts = part["score"].astype(int).value_counts().reindex(evaluation.SCORES, fill_value=0)
        out += [{"band": band, "score": score, "count": int(n), "share": n / len(part)} for score, n in counts.items()]
    return pd.DataFrame(out, columns=["band", "score", "count", "share"])


def _any_small(counts: pd.Series) -> bool:
    """Whether some group has answers, but fewer than ``MIN_ANSWERS``."""
    return bool(((counts > 0) & (counts < MIN_ANSWERS)).any())


def trend(rows: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The loneliness score per quarter from ``start`` to ``end``, for all answers and for each
    age band with scores: the count of scores, their mean, the share with signs of severe
    loneliness. A line (all answers, or the bands) is given whole or not at all: where one of its
    quarters has 1 to ``MIN_ANSWERS`` - 1 scores, every quarter of it is missing (``reason``
    ``FEW`` for a small quarter, ``BESIDE`` for the others), since the period's figure (in the table) less the quarters shown would give the
    small one away; where one band has too few in a quarter, so do all bands (the quarter's figure
    for all answers less the others'). A quarter without scores is missing without a reason."""
    quarters = pd.period_range(pd.Timestamp(start), pd.Timestamp(end), freq="Q")
    scored = rows.loc[rows["score"].notna()]
    hidden = {ALL: _any_small(scored.groupby("quarter").size()),
              "bands": _any_small(scored.groupby(["band", "quarter"]).size())}
    out = []
    for band in (ALL, *BANDS):
        part = scored if band == ALL else scored.loc[scored["band"] == band]
        if band != ALL and part.empty:
            continue
        for quarter in quarters:
            here = part.loc[part["quarter"] == quarter]
            found = figures(here)
            if len(here) and hidden[ALL if band == ALL else "bands"]:
                found = {**found, "score_mean": None, "severe_share": None,
                         "reason": FEW if len(here) < MIN_ANSWERS else BESIDE}
            out.append({"band": band, "quarter": quarter, "answers": len(here), "score_mean": found["score_mean"],
                        "severe_share": found["severe_share"], "reason": found["reason"]})
    return pd.DataFrame(out, columns=["band", "quarter", "answers", "score_mean", "severe_share", "reason"])


# --- as people read them ----------------------------------------------------------------------------

def band_label(band: str, lang: str = "da") -> str:
    """'Alle svar', an age band's label, or 'Ingen alder angivet'."""
    if band in schema.AGE_KEYS:
        return schema.tab("events").column(band).label(lang)
    return t(f"outcomes.band.{band}", lang)


def percent(value, lang: str = "da") -> str:
    return fmt_percent(value, lang)


def labels(lang: str = "da") -> dict[str, str]:
    """The outcome table's columns as the pages and reports name them."""
    return {"name": schema.tab("initiatives").column("name").label(lang), "band": t("export.band", lang),
            **{k: t(f"outcomes.col.{k}", lang) for k in ("answers", "attendances", "response_rate", *FIGURES)}}


def as_text(frame: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """The outcome table (``table``) as text under its labels: shares in per cent, the means
    with one decimal, a figure not given as a dash."""
    if frame.empty:
        return pd.DataFrame(columns=list(labels(lang).values()))
    out = pd.DataFrame({
        "name": frame["name"], "band": frame["band"].map(lambda b: band_label(b, lang)),
        "answers": frame["answers"].map(lambda v: fmt_number(v, lang)),
        "attendances": frame["attendances"].map(lambda v: "" if v is None or v != v else fmt_number(v, lang)),
        "response_rate": [percent(v, lang) if b == ALL else "" for v, b in zip(frame["response_rate"], frame["band"])],
        "satisfaction": frame["satisfaction"].map(lambda v: fmt_number(v, lang, 1)),
        "met_share": frame["met_share"].map(lambda v: percent(v, lang)),
        "score_mean": frame["score_mean"].map(lambda v: fmt_number(v, lang, 1)),
        "severe_share": frame["severe_share"].map(lambda v: percent(v, lang)),
    })
    return out.rename(columns=labels(lang))


def any_hidden(frame: pd.DataFrame) -> bool:
    """Whether a figure of ``table`` or ``trend`` is not given for a reason (too few answers, or
    beside a figure with too few): the pages then say why."""
    return bool(frame["reason"].notna().any())


def reason_text(reason, lang: str = "da") -> str | None:
    """Why a figure is not given, in words (None where it is given, or no one answered)."""
    return t(reason, lang, min=MIN_ANSWERS) if reason in (FEW, BESIDE) else None


def as_numbers(frame: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """The outcome table for a workbook: real numbers (shares as fractions, shown in per cent by
    the reader's spreadsheet when formatted), a figure not given as an empty cell."""
    out = frame.round({"response_rate": 3, "satisfaction": 2, "met_share": 3, "score_mean": 2, "severe_share": 3})
    out = out.assign(band=frame["band"].map(lambda b: band_label(b, lang)),
                       reason=frame["reason"].map(lambda r: reason_text(r, lang)))
    return out.drop(columns="initiative").rename(columns={**labels(lang), "reason": t("outcomes.col.reason", lang)})


def distribution_numbers(frame: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """``distribution`` for a download: the band in words, the share in per cent."""
    return pd.DataFrame({t("export.band", lang): frame["band"].map(lambda b: band_label(b, lang)),
                         t("outcomes.score", lang): frame["score"], t("outcomes.col.answers", lang): frame["count"],
                         t("outcomes.share_axis", lang): (100 * frame["share"]).round(1)})


def trend_numbers(frame: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """``trend`` for a download: the band and the quarter in words, the share in per cent, a
    figure not given as an empty cell with its reason."""
    return pd.DataFrame({
        t("export.band", lang): frame["band"].map(lambda b: band_label(b, lang)),
        t("outcomes.col.quarter", lang): frame["quarter"].map(lambda q: metrics.period_label(q, lang)),
        t("outcomes.col.answers", lang): frame["answers"],
        t("outcomes.col.score_mean", lang): frame["score_mean"].map(lambda v: None if v is None or v != v else round(v, 2)),
        t("outcomes.col.severe_share", lang): frame["severe_share"].map(
            lambda v: None if v is None or v != v else round(100 * v, 1)),
        t("outcomes.col.reason", lang): frame["reason"].map(lambda r: reason_text(r, lang))})
