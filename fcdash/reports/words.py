"""The reports' words for a goal and its windows, the reach and the lights: shared by the PDFs,
the workbooks, the previews and the reach page. No PDF library here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import goals, schema
from fcdash.counting import ACTIVE_MEMBERS
from fcdash.i18n import fmt_number, t


def reach_labels(lang: str = "da") -> dict[str, str]:
    """The reach table's columns as the report and its preview name them."""
    bands = schema.labels("events", lang)
    return {"initiative": schema.tab("initiatives").column("name").label(lang),
            **{k: bands[k] for k in schema.AGE_KEYS}, "attendances": t("col.attendances", lang),
            "target": t("report.col.target_share", lang), "organisations": t("col.organisations", lang)}


def due_text(row, lang: str = "da") -> str:
    """A row of metrics.quarter_reach_due in words: 'Unge 15-25: 84 fremmøder, 12 foran det
    forventede til i dag (72 af 126 for kvartalet).'"""
    band = t("reach.all_ages", lang) if row["band"] == "all" else schema.tab("events").column(row["band"]).label(lang)
    diff = int(row["attendances"]) - int(row["expected"])
    key = "reach.due_ahead" if diff > 0 else "reach.due_behind" if diff < 0 else "reach.due_on_track"
    return t(key, lang, band=band, count=fmt_number(row["attendances"], lang), diff=fmt_number(abs(diff), lang),
             expected=fmt_number(row["expected"], lang), target=fmt_number(row["target"], lang))


def windows_text(row, lang: str = "da", as_of: dt.date | None = None) -> str:
    """A goal's windows in the report's period, named and counted: '2. kvartal 2025: 1 af 1'; a
    window still running on ``as_of`` says so ('2026: 93 af 74 indtil nu')."""
    if not row["countable"]:
        return "–"
    def one(w) -> str:
        text = f"{goals.window_name(w, row['per'], lang)}: {goals.value_text(w.value, row.get('count'), lang, w.answers)}"
        if w.due is not None and goals.is_share(row.get("count")):
            text += " " + t("goals.share_target", lang, target=goals.share_text(w.due, lang))
        elif w.due is not None:
            text += " " + t("report.of", lang, value=fmt_number(w.due, lang))
        if as_of is not None and w.end > pd.Timestamp(as_of):
            text += " " + t("report.so_far", lang)
        return text

    return "; ".join(one(w) for w in row["in_period"]) or "–"


def period_text(row, lang: str = "da") -> str:
    """What a goal counted in the report's own period, against the part of its target that falls
    in it: 'I perioden: 12 af 19'; for a goal that counts a state, its value at the period's end."""
    counted = row.get("period_count")
    if not row["countable"] or not isinstance(counted, tuple):
        return "–"
    value, due, limit = counted
    key = "report.at_end" if row.get("count") == ACTIVE_MEMBERS else "report.in_period"
    text = t(key, lang, value=goals.value_text(value, row.get("count"), lang))
    if goals.is_share(row.get("count")):  # a share of the period's answers, against the whole target
        return text + (" " + t("goals.share_target", lang, target=goals.target_text(row["target_spec"], lang))
                       if due is not None else "")
    if due is not None and limit:
        text += " " + t("report.at_most", lang, value=fmt_number(due, lang))
    elif due is not None:
        text += " " + t("report.of", lang, value=fmt_number(due, lang))
    return text


def proposed_text(row, lang: str = "da") -> str:
    if row["status"] == goals.CHANGED:
        return colour_text(schema.CHANGED, lang)
    if isinstance(row["proposed_result"], str):
        return f"{colour_text(row['proposed_result'], lang)} / {colour_text(row['proposed_time'], lang)}"
    if row["status"] == goals.SCORED and goals.is_share(row.get("count")):
        return t("goals.too_few_short", lang)
    if row["status"] == goals.SCORED and row.get("windows"):  # in progress and on track: no result light yet
        return f"{t('goals.window_in_progress', lang).capitalize()} / {colour_text(row['proposed_time'], lang)}"
    key = {goals.FOLLOWED: "goals.no_target", goals.INVALID: "goals.invalid"}.get(row["status"], "goals.by_hand")
    return t(key, lang)


def colour_text(colour, lang: str) -> str:
    return goals.colour_label(colour, lang) if isinstance(colour, str) else "–"


def changes(a, b, lang: str) -> str:
    """'Gul → Grøn', or the one colour where nothing changed."""
    before, after = colour_text(a, lang), colour_text(b, lang)
    return after if a == b or not isinstance(a, str) else f"{before} → {after}"

