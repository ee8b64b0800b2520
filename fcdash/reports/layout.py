"""What goes on a report's pages, shared by the PDFs and their previews on the report pages:
which sections a report has (a section that does not apply is left out of both) and the goals'
rows in the words the reader sees (``words``). No PDF or chart library here, so a preview stays
fast."""

from __future__ import annotations

import pandas as pd

from fcdash import goals, schema
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.reports.board import Report
from fcdash.reports.words import period_text, progress_text, proposed_text, windows_text


# --- which sections a report has ----------------------------------------------------------------------

def shows_reach(report: Report) -> bool:
    """The reach section: only for a centre with loneliness initiatives."""
    return report.reach is not None and not report.reach.empty


def shows_reach_chart(report: Report) -> bool:
    """The reach chart: only where an initiative had an attendance or a target in the period (its
    table says the zeros otherwise)."""
    targets = report.reach["target"].dropna() if shows_reach(report) else []
    return shows_reach(report) and bool(report.reach["attendances"].sum() or (len(targets) and targets.max() > 0))


def shows_voice(report: Report) -> bool:
    """The participants' voice: only where participants answered in the period."""
    return report.voice is not None and bool(report.voice["answers"].sum())


def shows_members(report: Report) -> bool:
    """The membership chart and its line: only where the year it shows had a member."""
    return report.members is not None and not report.members.empty and report.members["active"].max() > 0


def shows_months(report: Report) -> bool:
    """The events per month: only where the year it shows had an event."""
    return report.months is not None and bool(report.months["events"].sum())


def _target(value, lang: str) -> str:
    """' (mål 70)' after a count of members, or nothing where no goal sets a target."""
    return "" if value is None or value != value else " " + t("layout.target", lang, target=fmt_number(value, lang))


def members_line(report: Report, lang: str = "da") -> str:
    """The sentence under the membership chart."""
    values = dict(zip(report.membership["figure"], report.membership["value"]))
    return t("report.members_line", lang, active=fmt_number(values["active_members"], lang),
             target=_target(values["target"], lang), joined=fmt_number(values["joined"], lang),
             left=fmt_number(values["left"], lang))


def year_members_line(content, lang: str = "da") -> str:
    """The yearly report's sentence on its members, where the year had any: at its start, in,
    out, at its end, and the target where a goal sets one."""
    if not shows_members(content.base):
        return ""
    values = {k: v for k, v in zip(content.membership["figure"], content.membership["value"])}
    return t("yearly.members_line", lang, target=_target(values.pop("target"), lang),
             **{k: fmt_number(v, lang) for k, v in values.items()})


# --- the goals in words ------------------------------------------------------------------------------

def goal_rows(report: Report, lang: str = "da") -> pd.DataFrame:
    """The board report's goals table, a row per goal in the order of the sheet: its area, the
    goal ('1.1 Det skal …'), the board's last comment ('27.10.2026: …'), the board's two lights
    (colours), the proposed lights and the period's count in words."""
    rows = []
    for row in report.goals.to_dict("records"):
        progress = progress_text(row, lang)  # the period's count and its windows, in one form
        said = row["board_comment"] if isinstance(row["board_comment"], str) and row["board_comment"].strip() else None
        rows.append({"area": row["area"], "goal": f"{row['id']} {row['goal']}",
                     "comment": f"{fmt_date(row['board_date'], lang)}: {said}" if said else None,
                     "result": row["board_result"], "time": row["board_time"],
                     "proposed": proposed_text(row, lang), "progress": progress})
    return pd.DataFrame(rows, columns=["area", "goal", "comment", "result", "time", "proposed", "progress"])


def goal_headers(lang: str = "da") -> list[str]:
    return [t(k, lang) for k in ("report.col.goal", "report.col.result", "report.col.time", "report.col.proposed",
                                 "report.col.period_progress")]


def lights_rows(content, lang: str = "da") -> list[dict]:
    """The yearly report's lights table: a row per goal with its two lights after each of the
    year's meetings (``set``: the board set them there, else they stood from before) and the
    proposed ones at the year's end (``CHANGED`` where the goal was changed)."""
    by_goal = {g: rows.to_dict("records") for g, rows in content.lights.groupby("goal", sort=False)}
    rows = []
    for row in content.base.goals.to_dict("records"):
        if not isinstance(row["id"], str):
            continue
        changed = row["status"] == goals.CHANGED
        rows.append({"goal": f"{row['id']} {row['goal']}",
                     "meetings": [(m["result"], m["time"], bool(m["set"])) for m in by_goal.get(row["id"], [])],
                     "proposed": (schema.CHANGED if changed else row["proposed_result"],
                                  schema.CHANGED if changed else row["proposed_time"])})
    return rows


def lights_headers(content, lang: str = "da") -> list[str]:
    """The lights table's column groups: each meeting's day and month ('27.05', '27 May'), then
    the year's end."""
    return [*(fmt_date(m, lang).replace(str(m.year), "").strip(" .") for m in content.meetings),
            t("yearly.col.year_end", lang)]


def windows_rows(content, lang: str = "da") -> list[list[str]]:
    """The yearly report's windows table: header first, then each countable goal's target, its
    windows in the year and the year's count, in words."""
    base = content.base
    rows = [[t(k, lang) for k in ("report.col.goal", "report.col.target", "yearly.col.windows", "yearly.col.year_count")]]
    for row in base.goals.to_dict("records"):
        if not row["countable"] or not isinstance(row["id"], str):
            continue
        rows.append([f"{row['id']} {row['goal']}", row["target_text"] or "–", windows_text(row, lang, base.as_of),
                     period_text(row, lang)])
    return rows
