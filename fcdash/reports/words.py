"""The reports' words for a goal and its windows, the reach and the lights: shared by the PDFs,
the workbooks, the previews and the reach page. No PDF library here."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from fcdash import goals, schema
from fcdash.counting import ACTIVE_MEMBERS, MAX
from fcdash.i18n import fmt_number, t
from fcdash.reports.periods import comparison, so_far


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


def _limit(row) -> bool:
    target = row.get("target_spec")
    return getattr(target, "kind", None) == MAX


def windows_text(row, lang: str = "da", as_of: dt.date | None = None) -> str:
    """A goal's windows in the report's period, each named and counted against its own whole
    target ('2. kvartal 2025: 1 af 1'; a running one with what is due by today said apart: '2026:
    93 af 120, 110 ventet til i dag'; a limit: '2026 – højst 30: 18'), in the words of the goals
    page (``goals.window_text``); a goal per group names the group its windows are (its worst).
    ``as_of`` is kept for callers; the windows were judged on it."""
    if not row["countable"]:
        return "–"
    group = row.get("shown_group")
    on = row.get("judged_on")  # the period's end, where that is before the day the report is made
    texts = [goals.window_text(w, goals.window_name(w, row["per"], lang), row.get("count"), lang, _limit(row),
                               on=on if isinstance(on, dt.date) else None) for w in row["in_period"]]
    text = "; ".join(texts) or "–"
    return f"{group}: {text}" if isinstance(group, str) and texts else text


def period_text(row, lang: str = "da") -> str:
    """What a goal counted in the report's own period (``board.period_count``). Where the period
    is the goal's windows, their sum against their targets ('I perioden: 3 af 4'), the same
    figure the windows show; where a window reaches beyond the period (a goal over several years,
    a year seen since a board meeting), the period's own count alone ('I perioden: 15'): its
    window's target is the window's (``progress_text`` says both); for a goal that counts a state,
    its value at the period's end against its target; a share against its target."""
    counted = row.get("period_count")
    if not row["countable"] or not isinstance(counted, tuple):
        return "–"
    value, due, limit = counted
    key = "report.at_end" if row.get("count") == ACTIVE_MEMBERS else "report.in_period"
    text = t(key, lang, value=goals.value_text(value, row.get("count"), lang))
    group = row.get("shown_group")
    if isinstance(group, str) and row.get("period_inside"):  # the group's windows, summed
        text = f"{group}: {text}"
    if goals.is_share(row.get("count")):  # a share of the period's answers, against the whole target
        return text + (" " + t("goals.share_target", lang, target=goals.target_text(row["target_spec"], lang))
                       if due is not None else "")
    if due is not None and limit:
        limit_key = {"report.in_period": "words.in_period_limit", "report.at_end": "words.at_end_limit"}[key]
        text = t(limit_key, lang, target=fmt_number(due, lang),
                 value=goals.value_text(value, row.get("count"), lang))
        return f"{group}: {text}" if isinstance(group, str) and row.get("period_inside") else text
    if due is not None:
        text += " " + t("report.of", lang, value=fmt_number(due, lang))
    return text


def progress_text(row, lang: str = "da") -> str:
    """A goal's count for the report's period in one form: the windows where they are the
    period ('2025: 186 af 150'); else the period's own count and the whole window it is part of
    ('I perioden: 15 · 01.01.2025–31.12.2026: 50 af 70, 57 ventet til i dag')."""
    if not row["countable"]:
        return "–"
    counted = row.get("period_count")
    windows = windows_text(row, lang)
    if row.get("period_inside") or goals.is_share(row.get("count")) or not isinstance(counted, tuple):
        return windows
    return f"{period_text(row, lang)} · {windows}"


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
    """A light's colour written out: 'Grøn', 'Gul', 'Rød', '≠ Mål ændret'; none: '–'."""
    return goals.colour_label(colour, lang) if isinstance(colour, str) else "–"


def light_word(colour, lang: str = "da") -> str:
    """A light in a narrow cell (the yearly report's lights per meeting): its colour written out,
    never cut ('Grøn', not 'Grø'); a changed goal as '≠'; no light as an empty cell."""
    if colour == schema.CHANGED:
        return "≠"
    return goals.colour_label(colour, lang) if isinstance(colour, str) and colour in goals.COLOUR_KEYS else ""


def changes(a, b, lang: str, from_none: bool = False) -> str:
    """'Gul → Grøn', or the one colour where nothing changed or there was none before (the
    board's first light for a goal); ``from_none``: a light where there was none is a change too
    ('– → Grøn', a proposed light that shifted)."""
    before, after = colour_text(a, lang), colour_text(b, lang)
    return after if before == after or not isinstance(a, str) and not from_none else f"{before} → {after}"



# --- key figures --------------------------------------------------------------------------------------

def has_figures(figures: pd.DataFrame) -> bool:
    """Whether any key figure has data in either period: a sheet with no logs at all gets a
    sentence saying so, not a table of 'ingen data'."""
    return bool(figures[["value", "previous"]].notna().to_numpy().any())


def figure_value(value, lang: str = "da") -> str:
    """A key figure as the reports write it: the number, or 'ingen data' where the days lie
    before the figure's first row."""
    return t("words.no_data", lang) if value is None or value != value else fmt_number(value, lang)


def change_text(change, lang: str = "da") -> str:
    """A change with its sign ('+12', '-3', '0'), or '–' where there is nothing to compare with."""
    if change is None or change != change:
        return "–"
    return f"{'+' if change > 0 else ''}{fmt_number(change, lang)}"


def figures_text(figures: pd.DataFrame, lang: str = "da", heads: tuple[str, str] | None = None) -> pd.DataFrame:
    """The key figures (``board.key_figures``) as the PDFs and previews show them: labelled in
    ``lang``, numbers in one format, 'ingen data' before a figure's first row and no change from
    it; ``heads`` names the two periods (default 'Perioden' and 'Perioden før')."""
    heads = heads or (t("report.col.period", lang), t("report.col.previous", lang))
    return pd.DataFrame({
        t("report.col.figure", lang): [t(f"report.figure.{f}", lang) for f in figures["figure"]],
        heads[0]: [figure_value(v, lang) for v in figures["value"]],
        heads[1]: [figure_value(v, lang) for v in figures["previous"]],
        t("report.col.change", lang): [change_text(c, lang) for c in figures["change"]]})


def figure_heads(period, lang: str = "da") -> tuple[str, str]:
    """The board report's key figures' two columns: 'Perioden' and the days it is compared with,
    named ('3. kvartal 2026', '17.9.–27.10.2026')."""
    return t("report.col.period", lang), comparison(period).caption(lang)


def compared_text(period, lang: str = "da") -> str:
    """The sentence under the key figures: which days the period is compared with, and why
    ('Sammenlignet med de samme dage året før, 1.1.–7.12.2025.', 'Sammenlignet med året før, 2024.')."""
    before = comparison(period)
    kind = "year" if so_far(period) else period.kind
    whole = before.kind in ("year", "quarter")
    key = {"year": "year_whole" if whole else "year_running", "quarter": "quarter_whole" if whole else "quarter_running"
           }.get(kind, "days")
    days = str(before.start.year) if before.kind == "year" else before.caption(lang)
    return t(f"words.compared.{key}", lang, caption=days) + " " + t("words.compared.no_data", lang)


def problems_text(report, lang: str = "da") -> list[str]:
    """What the report says about the sheet's data problems, honestly: the cells left out of its
    figures, and the rows counted all the same that the Datakvalitet page asks about."""
    said = [t("report.problems", lang, count=report.problems)] if report.problems else []
    return said + ([t("report.notes", lang, count=report.notes)] if report.notes else [])
