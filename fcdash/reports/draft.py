"""The yearly report's written part: a page of text drafted from the year's content, as a funder
reads it (what the centre did, each strategic area's goals and their lights, the loneliness
initiatives' reach, the participants' voice), for the leader to edit before the report goes out.
Pure: no Streamlit, no PDF or Word library.

The text is plain, one representation the page edits and the PDF and the Word file lay out: a
line starting with ``## `` is a heading, a blank line ends a paragraph, and a paragraph's own line
breaks are kept. ``blocks`` reads it back.

A figure with no data in the year is never written as 0: the sentence says there was none, or is
left out. The participants' figures are those ``outcomes.table`` gives (never one it hides)."""

from __future__ import annotations

import pandas as pd

from fcdash import goals, outcomes, schema
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.reports.words import colour_text

HEADING = "## "
BANDS = ("young", "adults", "elderly")


# --- reading the text back -----------------------------------------------------------------------

def blocks(text: str) -> list[tuple[str, str]]:
    """The text as ("heading", words) and ("paragraph", lines) in order; empty lines dropped."""
    out: list[tuple[str, str]] = []
    lines: list[str] = []

    def close():
        if lines:
            out.append(("paragraph", "\n".join(lines)))
            lines.clear()

    for raw in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line.lstrip().startswith("#"):
            close()
            words = line.lstrip().lstrip("#").strip()
            if words:
                out.append(("heading", words))
        elif not line.strip():
            close()
        else:
            lines.append(line.strip())
    close()
    return out


# --- drafting ------------------------------------------------------------------------------------

def text(content, lang: str = "da") -> str:
    """The written part of ``content`` (a ``yearly.Yearly``) in ``lang``, drafted from the data."""
    sections = [_year(content, lang), _goals(content, lang), _reach(content, lang), _voice(content, lang)]
    return "\n\n".join(block for section in sections for block in section if block) + "\n"


def _n(noun: str, value, lang: str) -> str:
    """'1 møde', '2 møder', '1.083 aktiviteter': a count with its noun in the right number."""
    return t(f"draft.n.{noun}", lang, count=fmt_number(value, lang))


def _and(parts: list[str], lang: str) -> str:
    """'a, b og c'."""
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} {t('draft.and', lang)} {parts[-1]}"


def _given(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NA


def _year(content, lang: str) -> list[str]:
    """What the centre did: events and attendances, activities, the board's meetings, members."""
    year, figures = content.year, dict(zip(content.figures["figure"], content.figures["value"]))
    previous = dict(zip(content.figures["figure"], content.figures["previous"]))
    sentences = []
    if figures["events"]:
        key = "draft.events" if figures["participants"] else "draft.events_only"
        sentences.append(t(key, lang, year=year, events=_n("events", figures["events"], lang),
                           participants=_n("attendances", figures["participants"], lang)))
        bands = [t(f"draft.band.{band}", lang, attendances=_n("attendances", figures[band], lang))
                 for band in ("young", "elderly") if figures.get(band)]
        if bands:
            sentences.append(t("draft.of_which", lang, bands=_and(bands, lang)))
        if previous["events"]:
            key = "draft.before" if previous["participants"] else "draft.before_only"
            sentences.append(t(key, lang, year=year - 1, events=_n("events", previous["events"], lang),
                               participants=_n("attendances", previous["participants"], lang)))
    else:
        sentences.append(t("draft.no_events", lang, year=year))
    if figures["activities"]:
        key = "draft.activities" if figures["talks"] else "draft.activities_only"
        sentences.append(t(key, lang, activities=_n("activities", figures["activities"], lang),
                           talks=_n("talks", figures["talks"], lang)))
    else:
        sentences.append(t("draft.no_activities", lang, year=year))
    if content.meetings:
        sentences.append(t("draft.meetings", lang, meetings=_n("meetings", len(content.meetings), lang),
                           dates=_and([fmt_date(m, lang) for m in content.meetings], lang)))
    else:
        sentences.append(t("draft.no_meetings", lang, year=year))
    return [HEADING + t("draft.h.year", lang, year=year), " ".join(sentences), _members(content, lang)]


def _members(content, lang: str) -> str:
    m = dict(zip(content.membership["figure"], content.membership["value"]))
    start, joined, left, end, target = (m.get(k) for k in ("start", "joined", "left", "end", "target"))
    if not (start or joined or left or end):
        return t("draft.no_members", lang)
    sentences = [t("draft.members", lang, start=_n("members", start, lang), end=_n("members", end, lang)) if start
                 else t("draft.members_end", lang, end=_n("members", end, lang))]
    if joined and left:
        sentences.append(t("draft.members_moves", lang, joined=_n("new_members", joined, lang),
                           left=_n("members", left, lang)))
    elif joined:
        sentences.append(t("draft.members_joined", lang, joined=_n("new_members", joined, lang)))
    elif left:
        sentences.append(t("draft.members_left", lang, left=_n("members", left, lang)))
    else:
        sentences.append(t("draft.members_still", lang))
    if _given(target) and target:
        key = "draft.members_target_met" if end >= target else "draft.members_target"
        sentences.append(t(key, lang, target=_n("members", target, lang),
                           missing=fmt_number(max(target - end, 0), lang)))
    return " ".join(sentences)


# --- the goals -----------------------------------------------------------------------------------

def lights(row) -> tuple[str, str | None, str | None]:
    """Which lights a goal stands with at the year's end: ("board", result, time) where the board
    set them, else ("proposed", ...) from the logs, else ("changed"|"none", None, None)."""
    if row["status"] == goals.CHANGED:
        return "changed", None, None
    board = [row.get("board_result"), row.get("board_time")]
    if any(isinstance(c, str) for c in board):
        return "board", *(c if isinstance(c, str) else None for c in board)
    proposed = [row.get("proposed_result"), row.get("proposed_time")]
    if any(isinstance(c, str) for c in proposed):
        return "proposed", *(c if isinstance(c, str) else None for c in proposed)
    return "none", None, None


def light_words(row, lang: str = "da") -> str:
    """'bestyrelsens lys: resultat gul, tid grøn' ('resultat og tid grøn' where they agree), or
    the proposed ones, said as such."""
    source, result, time = lights(row)
    if source in ("changed", "none"):
        return t(f"draft.light.{source}", lang)
    if result and result == time:
        return t(f"draft.light.{source}", lang, lights=t("draft.both", lang, colour=colour_text(result, lang).lower()))
    parts = [t("draft.result", lang, colour=colour_text(result, lang).lower()) if result else
             t("draft.result_open", lang),
             t("draft.time", lang, colour=colour_text(time, lang).lower()) if time else ""]
    return t(f"draft.light.{source}", lang, lights=", ".join(p for p in parts if p))


def _comment(row, history: pd.DataFrame) -> tuple[str | None, object]:
    """The board's latest comment on a goal: the one with its lights, else the year's last."""
    if isinstance(row.get("board_comment"), str) and row["board_comment"].strip():
        return row["board_comment"].strip(), row.get("board_date")
    said = history.loc[[goal == row["id"] and isinstance(c, str) and bool(c.strip())
                        for goal, c in zip(history["goal"], history["comment"])]]
    if said.empty:
        return None, None
    last = said.sort_values("date").iloc[-1]
    return last["comment"].strip(), last["date"]


def by_area(rows: list[dict], lang: str = "da") -> dict[str, list[dict]]:
    """The goals (rows of the judged table) under their strategic area, in the order the areas
    first come; a goal without one under 'Mål uden indsatsområde'."""
    areas: dict[str, list[dict]] = {}
    for row in rows:
        area = row["area"] if isinstance(row["area"], str) and row["area"].strip() else t("draft.no_area", lang)
        areas.setdefault(area.strip(), []).append(row)
    return areas


def _goals(content, lang: str) -> list[str]:
    rows = [r for r in content.base.goals.to_dict("records") if isinstance(r["id"], str)]
    if not rows:
        return [HEADING + t("draft.h.goals", lang), t("draft.no_goals", lang)]
    results = [lights(r)[1] for r in rows]
    counts = [_n("goals", results.count(c), lang) for c in (schema.GREEN, schema.YELLOW, schema.RED)]
    shown = [t(f"draft.summary.{k}", lang, goals=n) for k, n, c in zip(("green", "yellow", "red"), counts,
                                                                        (schema.GREEN, schema.YELLOW, schema.RED))
             if results.count(c)]
    areas = by_area(rows, lang)
    intro = t("draft.goals_intro", lang, goals=_n("goals", len(rows), lang), areas=_n("areas", len(areas), lang))
    if shown:
        intro += " " + t("draft.summary", lang, lights=_and(shown, lang))
    out = [HEADING + t("draft.h.goals", lang), intro + " " + t("draft.goals_how", lang)]
    for area, members in areas.items():
        said = []
        for row in members:
            goal = str(row["goal"]).strip().rstrip(".") if isinstance(row["goal"], str) else ""
            sentence = t("draft.goal", lang, id=row["id"], goal=goal, light=light_words(row, lang))
            comment, when = _comment(row, content.base.history)
            if comment:
                sentence += " " + t("draft.comment", lang, date=fmt_date(when, lang), comment=comment.rstrip("."))
            said.append(sentence)
        out.append(t("draft.area", lang, area=area, goals=_n("goals", len(members), lang)) + " " + " ".join(said))
    return out


# --- reach and voice -----------------------------------------------------------------------------

def _reach(content, lang: str) -> list[str]:
    reach = content.base.reach
    if reach is None or reach.empty:
        return []  # no loneliness initiative: nothing to say
    said = [t("draft.reach_intro", lang, initiatives=_n("initiatives", len(reach), lang))]
    for row in reach.to_dict("records"):
        if not row["attendances"]:
            said.append(t("draft.reach_nothing", lang, name=row["initiative"], year=content.year))
            continue
        sentence = t("draft.reach_one", lang, name=row["initiative"],
                     attendances=_n("attendances", row["attendances"], lang))
        bands = [t(f"draft.band.{b}", lang, attendances=_n("attendances", row[b], lang)) for b in BANDS if row.get(b)]
        if bands:
            sentence += " " + t("draft.of_which", lang, bands=_and(bands, lang))
        if _given(row.get("target")) and row["target"]:
            sentence += " " + t("draft.reach_target", lang, target=_n("attendances", row["target"], lang))
        if row.get("organisations"):
            sentence += " " + t("draft.reach_organisations", lang,
                                organisations=_n("organisations", row["organisations"], lang))
        said.append(sentence)
    return [HEADING + t("draft.h.reach", lang), " ".join(said)]


def _found(row: dict, lang: str) -> str:
    """What one row of the voice table shows, in words; '' where its figures are hidden."""
    found = []
    if _given(row["satisfaction"]):
        found.append(t("draft.voice_satisfaction", lang, mean=fmt_number(row["satisfaction"], lang, 1)))
    if _given(row["met_share"]):
        found.append(t("draft.voice_met", lang, share=outcomes.percent(row["met_share"], lang)))
    if _given(row["severe_share"]) and _given(row["score_mean"]):
        found.append(t("draft.voice_severe", lang, share=outcomes.percent(row["severe_share"], lang),
                       mean=fmt_number(row["score_mean"], lang, 1)))
    return _and(found, lang) if found else ""


def _voice(content, lang: str) -> list[str]:
    voice = content.base.voice
    if voice is None or voice.empty:
        return []
    rows = [r for r in voice.to_dict("records") if r["band"] == outcomes.ALL and r["answers"]]
    if not rows:
        return []  # no evaluations in the year
    said = [t("draft.voice_intro", lang, min=outcomes.MIN_ANSWERS)]
    for row in rows:
        if _given(row["attendances"]) and row["attendances"]:
            sentence = t("draft.voice_answers", lang, name=row["name"], answers=_n("answers", row["answers"], lang),
                         attendances=_n("attendances", row["attendances"], lang),
                         rate=outcomes.percent(row["response_rate"], lang))
        else:
            sentence = t("draft.voice_answers_only", lang, name=row["name"],
                         answers=_n("answers", row["answers"], lang))
        found = _found(row, lang)
        if found:
            sentence += " " + t("draft.voice_found", lang, figures=found)
        else:  # the whole hidden to protect a small band: what the bands of many answers show
            for band in voice.loc[(voice["initiative"] == row["initiative"]) & (voice["band"] != outcomes.ALL)
                                  ].to_dict("records"):
                if _found(band, lang):
                    sentence += " " + t("draft.voice_band", lang, band=outcomes.band_label(band["band"], lang),
                                        answers=_n("answers", band["answers"], lang), figures=_found(band, lang))
        reason = outcomes.reason_text(row["reason"], lang)
        if reason:
            sentence += " " + t("draft.voice_hidden", lang, reason=reason)
        said.append(sentence)
    return [HEADING + t("draft.h.voice", lang), " ".join(said)]
