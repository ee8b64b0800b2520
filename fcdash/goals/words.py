"""A goal in the words a reader sees: window names, targets, values, and lights with their
colour's name and mark (so they read in grey print and for colour-blind readers)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from fcdash import counting, i18n, schema
from fcdash.counting import Target
from fcdash.metrics import NO_FOLLOWUP


def window_name(window, rhythm: str, lang: str = "da") -> str:
    """'2. kvartal 2025', 'mar. 2025', 'jan.–feb. 2025', '1. halvår 2025', '2025', or the dates."""
    start, end = window.start, window.end
    months = counting.RHYTHMS.get(rhythm, counting.RHYTHMS[counting.PER_PERIOD]).months
    if months == 12:
        return str(start.year)
    if months == 6:
        return i18n.t("window.half", lang, half=(start.month - 1) // 6 + 1, year=start.year)
    if months == 3:
        return i18n.t("window.quarter", lang, quarter=(start.month - 1) // 3 + 1, year=start.year)
    if months in (1, 2):
        first = i18n.MONTHS[lang if lang in i18n.MONTHS else "da"][start.month - 1]
        last = i18n.MONTHS[lang if lang in i18n.MONTHS else "da"][end.month - 1]
        return f"{first} {start.year}" if months == 1 else f"{first}–{last} {start.year}"
    return f"{i18n.fmt_date(start, lang)}–{i18n.fmt_date(end, lang)}"


def target_text(target, lang: str = "da") -> str | None:
    """A target as typed: 'mindst 70', '2-4', 'højst 30'."""
    return target.text(lang) if isinstance(target, Target) else None


def target_cell(target, lang: str = "da") -> int | str | None:
    """A target as a spreadsheet cell: the number where it was typed as one ('120' -> 120), else
    its words ('mindst 70', '2-4')."""
    if not isinstance(target, Target):
        return None
    return target.number if target.number is not None else target.text(lang)


def is_share(count) -> bool:
    """Whether a goal's count kind (its name) is a share of the evaluation answers."""
    kind = counting.COUNTS.get(count) if isinstance(count, str) else None
    return kind is not None and kind.share is not None


def share_text(value, lang: str = "da") -> str:
    """A share in whole percent as the reader writes it: '72 %' (Danish), '72%' (English)."""
    return f"{i18n.fmt_number(value, lang)}{'%' if lang == 'en' else ' %'}"


def value_text(value, count, lang: str = "da", answers: int | None = None) -> str:
    """A window's value as shown: a count ('1.234'), a share ('72 %'), or for a share with too
    few answers to show, says so ('for få svar (3)')."""
    if not is_share(count):
        return i18n.fmt_number(value, lang)
    if value is None or not isinstance(value, (int, np.integer)) and pd.isna(value):
        text = i18n.t("goals.too_few_short", lang)
        return text if answers is None else f"{text} ({i18n.t('goals.answers', lang, count=i18n.fmt_number(answers, lang))})"
    return share_text(value, lang)


# --- lights as text ---------------------------------------------------------------------------------

COLOUR_KEYS = {schema.GREEN: "colour.green", schema.YELLOW: "colour.yellow", schema.RED: "colour.red",
               schema.CHANGED: "colour.changed", NO_FOLLOWUP: "colour.none"}


def colour_label(colour: str, lang: str = "da") -> str:
    """A colour's text label, so a light reads in grey print and for colour-blind readers."""
    return i18n.t(COLOUR_KEYS[colour], lang) if colour in COLOUR_KEYS else str(colour)


# A mark beside each colour's name: the name carries it in grey print and for colour-blind readers.
LIGHT_MARKS = {schema.GREEN: "🟢", schema.YELLOW: "🟡", schema.RED: "🔴", schema.CHANGED: "⚪"}


def _colour_text(colour, lang: str) -> str:
    if not isinstance(colour, str):
        return "–"
    return f"{LIGHT_MARKS[colour]} {colour_label(colour, lang).lower()}" if colour in LIGHT_MARKS else colour


def lights_text(row, lang: str = "da") -> str:
    """A goal's two lights on one line, the board's and then the proposed ones where it has
    them: 'Bestyrelsen: Resultat 🟢 grøn · Tid 🟡 gul'."""
    parts = []
    from_subs = bool(row.get("subs")) and row.get("status") == "by_hand"  # a main goal follows its sub-goals
    for who, label in (("board", "goals.board"), ("proposed", "goals.from_subs" if from_subs else "goals.proposed")):
        result, time = row.get(f"{who}_result"), row.get(f"{who}_time")
        if isinstance(result, str) or isinstance(time, str):
            parts.append(f"{i18n.t(label, lang)}: {i18n.t('goals.result', lang)} {_colour_text(result, lang)}"
                         f" · {i18n.t('goals.time', lang)} {_colour_text(time, lang)}")
    return " — ".join(parts)


def result_tally(by_colour: pd.DataFrame, lang: str = "da") -> str:
    """``metrics.goals_by_colour`` as one line that says it counts the result light:
    'Resultat: 🟢 grøn 4 · 🔴 rød 1 · ingen opfølgning endnu 3' (colours no goal has are left out)."""
    counts = [f"{LIGHT_MARKS[c] + ' ' if c in LIGHT_MARKS else ''}{colour_label(c, lang).lower()} {i18n.fmt_number(n, lang)}"
              for c, n in by_colour[["colour", "goals"]].itertuples(index=False) if n]
    return i18n.t("overview.tally", lang, counts=" · ".join(counts) or "–")


# --- a window's count against its target, the same words on every surface -------------------------

def window_text(window, name: str, count=None, lang: str = "da", limit: bool = False, met_date: bool = False,
                on=None) -> str:
    """A window's count in words, the same on the goals page, in the reports and their previews:
    'x af y' only where y is the window's own target (a group's part of it where the group existed
    a part), and what is due by today said apart while the window runs ('2026: 93 af 120, 110
    ventet til i dag'); a limit as 'højst 30: 18', never spread over the window's days; a share as
    '72 % (mål: 70 %)'; a count without a target as its value. ``met_date``: say when a window
    was met ('nået 10.02.2026'); ``on``: the day judged where it is not today (a report of a
    quarter past: '9 ventet til 30.09.2026')."""
    value = value_text(window.value, count, lang, getattr(window, "answers", None))
    if is_share(count):
        text = f"{name}: {value}"
        return text + (" " + i18n.t("goals.share_target", lang, target=share_text(window.due, lang))
                       if window.due is not None and window.value is not None else "")
    fmt = lambda v: i18n.fmt_number(v, lang)  # noqa: E731
    if limit:
        return i18n.t("words.limit", lang, window=name, target=fmt(window.due), value=value) \
            if window.due is not None else f"{name}: {value}"
    need = getattr(window, "need", None)
    if need is None:
        return f"{name}: {value}"
    text = i18n.t("words.of", lang, window=name, value=value, target=fmt(need))
    met_on = getattr(window, "met_on", None)
    if met_date and met_on is not None:
        return text + ", " + i18n.t("words.met_on", lang, date=i18n.fmt_date(met_on, lang))
    if getattr(window, "in_progress", False) and met_on is None and window.due is not None and window.due < need:
        if not window.due:
            return text + ", " + i18n.t("words.nothing_due", lang)
        return text + ", " + (i18n.t("words.due_today", lang, count=fmt(window.due)) if on is None else
                              i18n.t("words.due_on", lang, count=fmt(window.due), date=i18n.fmt_date(on, lang)))
    return text
