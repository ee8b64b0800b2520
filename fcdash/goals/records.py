"""The judged goals as plain records: one per goal, for the command line (``python -m fcdash
goals``) and for the tests that hold every surface (the goals page, the overview, the reports)
to the same figures. Read from ``table.progress``, never judged again here."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from fcdash import i18n, schema
from fcdash.goals.table import progress
from fcdash.counting import MAX
from fcdash.goals.words import target_text, value_text, window_name, window_text

LIGHTS = (schema.GREEN, schema.YELLOW, schema.RED)


def _colour(value) -> str | None:
    """A light as the records give it: 'Grøn', 'Gul', 'Rød', or None (no light, or ≠: see status)."""
    return value if value in LIGHTS else None


def _number(value) -> int | None:
    if value is None or isinstance(value, float) and math.isnan(value) or value is pd.NA:
        return None
    return int(value)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def records(snapshot, today: dt.date, lang: str = "da") -> list[dict]:
    """Every goal as of ``today``: its id, text, status, the proposed lights (``result``,
    ``time``), the board's latest lights as they stood then (``board_result``, ``board_time``),
    the running window's value and target, and the words a reader sees for them."""
    table = progress(snapshot, today)
    out = []
    for row in table.to_dict("records"):
        now = row["windows"][-1] if row["windows"] else None
        out.append({
            "id": _text(row["id"]), "goal": _text(row["goal"]), "area": _text(row["area"]), "main": _text(row["main"]),
            "status": row["status"], "count": _text(row["count"]), "per": row["per"],
            "result": _colour(row["proposed_result"]), "time": _colour(row["proposed_time"]),
            "board_result": _colour(row["board_result"]), "board_time": _colour(row["board_time"]),
            "board_date": row["board_date"].date().isoformat() if pd.notna(row["board_date"]) else None,
            "value": _number(row["value"]) if row["countable"] else None,
            "target": _number(row["target"]) if row["countable"] else None,
            "due_now": _number(row["expected"]) if row["countable"] else None,
            "target_text": target_text(row["target_spec"], lang),
            "window": window_name(now, row["per"], lang) if now is not None else None,
            "windows_met": int(row["windows_met"]) if row["countable"] else None,
            "windows_judged": sum(1 for w in row["windows"] if w.colour is not None) if row["countable"] else None,
            "value_text": value_text(row["value"], row["count"], lang, row["answers"]) if row["countable"] else None,
            # the running window in the words of the goals page and the reports ('2026: 93 af 120, 110 ventet til i dag')
            "window_text": window_text(now, window_name(now, row["per"], lang), row["count"], lang,
                                       getattr(row["target_spec"], "kind", None) == MAX)
            if row["countable"] and now is not None else None,
            "sub_goals": list(row["subs"]),
            "group": _text(row["shown_group"]),  # a goal per group: the worst group, whose window is shown
            "elsewhere": int(row["elsewhere"]),  # rows its filters match that went to other goals
        })
    return out


def _cell(colour: str | None) -> str:
    return colour if colour else "–"


def text_table(rows: list[dict], lang: str = "da") -> str:
    """The records as a table for a terminal, in ``lang``: a line per goal."""
    t = lambda key, **kw: i18n.t(key, lang, **kw)  # noqa: E731
    head = [t("cli.goals.id"), t("goals.result"), t("goals.time"), t("cli.goals.board"), t("cli.goals.value"),
            t("cli.goals.target"), t("cli.goals.goal")]
    lines = [[r["id"] or "–", _cell(r["result"]), _cell(r["time"]),
              f"{_cell(r['board_result'])}/{_cell(r['board_time'])}" if r["board_date"] else "–",
              f"{r['window']}: {r['value_text']}" if r["value_text"] is not None and r["window"] else
              t(f"cli.goals.status.{r['status']}"),
              r["target_text"] or "–", (r["goal"] or "")[:60]] for r in rows]
    widths = [max(len(str(line[i])) for line in [head, *lines]) for i in range(len(head) - 1)]
    return "\n".join("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)) + "  " + line[-1]
                     for line in [head, *lines])
