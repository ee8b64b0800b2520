"""The yearly report as an A4 PDF a leader sends to the funder or the municipality: the year's
figures, each goal's lights at every board meeting, its windows, and the board report's charts,
voice and comments."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from fpdf.fonts import FontFace

from fcdash import goals, schema
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.reports import board_pdf
from fcdash.reports.pdfkit import FILL, HEAD, Document, cell_text, fit, heading, light, running_head
from fcdash.reports.words import colour_text, period_text, windows_text
from fcdash.reports import yearly
from fcdash.reports.yearly import Yearly

def _abbrev(colour, lang: str) -> str:
    """A light as three letters ('Grø', 'Gul', 'Rød'), readable in grey print beside its colour."""
    if colour == schema.CHANGED:
        return "≠"
    return colour_text(colour, lang)[:3] if isinstance(colour, str) else ""


def _pale(colour) -> FontFace:
    """A light carried over from an earlier meeting: the colour faded, the text normal."""
    if colour not in FILL:
        return FontFace()
    r, g, b = FILL[colour]
    return FontFace(color=(0, 0, 0), fill_color=tuple(int(c + (255 - c) * 0.62) for c in (r, g, b)))


def _lights_table(doc, content: Yearly, lang: str) -> None:
    """One row per goal: its two lights after each meeting (strong where the board set them
    there, faded where they stood from before) and the proposed ones at the year's end."""
    base = content.base
    doc.set_font(doc.font_name, "", 6.5)
    by_goal = {g: rows for g, rows in content.lights.groupby("goal", sort=False)}
    columns = [*(fmt_date(m, lang)[:5] for m in content.meetings), t("yearly.col.year_end", lang)]
    usable = doc.w - doc.l_margin - doc.r_margin
    lamp = 6.2
    goal_width = max(usable - lamp * 2 * len(columns), 40)
    if goal_width + lamp * 2 * len(columns) > usable:  # many meetings: narrower lights
        lamp = (usable - goal_width) / (2 * len(columns))
    with doc.table(col_widths=(goal_width, *(lamp,) * (2 * len(columns))), text_align="CENTER", line_height=3.4,
                   headings_style=HEAD, padding=0.5, num_heading_rows=2) as table:
        top = table.row()
        top.cell(cell_text(doc, t("report.col.goal", lang)), align="LEFT", rowspan=2)
        for name in columns:
            top.cell(cell_text(doc, name), colspan=2)
        sub = table.row()
        for _ in columns:
            sub.cell(cell_text(doc, t("yearly.col.r", lang)))
            sub.cell(cell_text(doc, t("yearly.col.t", lang)))
        for row in base.goals.to_dict("records"):
            if not isinstance(row["id"], str):
                continue
            cells = table.row()
            cells.cell(fit(doc, f"{row['id']} {cell_text(doc, row['goal'])}", goal_width), align="LEFT")
            for meeting in (by_goal.get(row["id"], pd.DataFrame()).to_dict("records")):
                for key in ("result", "time"):
                    style = light(meeting[key]) if meeting["set"] else _pale(meeting[key])
                    cells.cell(cell_text(doc, _abbrev(meeting[key], lang)), style=style)
            for key in ("result", "time"):
                colour = row[f"proposed_{key}"] if row["status"] != goals.CHANGED else schema.CHANGED
                cells.cell(cell_text(doc, _abbrev(colour, lang)), style=light(colour))


def _windows_table(doc, content: Yearly, lang: str) -> None:
    """Each countable goal's target and its windows in the year, counted against what was due."""
    base = content.base
    rows = [[cell_text(doc, t(k, lang)) for k in ("report.col.goal", "report.col.target", "yearly.col.windows",
                                                   "yearly.col.year_count")]]
    for row in base.goals.to_dict("records"):
        if not row["countable"] or not isinstance(row["id"], str):
            continue
        rows.append([cell_text(doc, f"{row['id']} {row['goal']}"), cell_text(doc, row["target_text"] or "–"),
                     cell_text(doc, windows_text(row, lang, base.as_of)),
                     cell_text(doc, period_text(row, lang))])
    if len(rows) == 1:
        doc.cell(0, 5, cell_text(doc, t("yearly.no_windows", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    with doc.table(col_widths=(62, 20, 62, 36), text_align="LEFT", line_height=3.5, headings_style=HEAD,
                   padding=0.8) as table:
        for row in rows:
            table.row(row)


def render(content: Yearly, lang: str = "da", logo: Path | None = None) -> bytes:
    """The yearly report as an A4 PDF a leader sends to the funder or the municipality."""
    base = content.base
    doc = Document(running_head(base.centre, t("yearly.title", lang, year=content.year), base.start, base.end, lang), lang)
    text = lambda value: cell_text(doc, value)  # noqa: E731
    doc.add_page()
    if logo:
        doc.image(str(logo), x=doc.w - doc.r_margin - 35, y=12, w=35)
    doc.set_font(doc.font_name, "B", 18)
    doc.multi_cell(0, 9, text(base.centre), new_x="LMARGIN", new_y="NEXT")
    doc.set_font(doc.font_name, "B", 13)
    doc.multi_cell(0, 7, text(t("yearly.title", lang, year=content.year)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.set_font(doc.font_name, "", 9.5)
    doc.multi_cell(0, 4.8, text(t("yearly.subtitle", lang, start=fmt_date(base.start, lang), end=fmt_date(base.end, lang),
                                  made=fmt_date(base.made, lang), count=len(content.meetings))),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    if not content.complete:
        doc.set_font(doc.font_name, "B", 9)
        doc.multi_cell(0, 4.5, text(t("yearly.running", lang, date=fmt_date(base.end, lang))), new_x="LMARGIN",
                       new_y="NEXT", align="L")
    if base.problems:
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(0, 4, text(t("report.problems", lang, count=base.problems)), new_x="LMARGIN", new_y="NEXT",
                       align="L")

    heading(doc, t("yearly.figures", lang, year=content.year, previous=content.year - 1))
    doc.set_font(doc.font_name, "", 8.5)
    board_pdf.figures_table(doc, content.figures, lang, heads=yearly.figure_heads(content, lang))
    values = dict(zip(content.membership["figure"], content.membership["value"]))
    doc.ln(1)
    doc.set_font(doc.font_name, "", 8.5)
    doc.multi_cell(0, 4.2, text(t("yearly.members_line", lang, **{k: fmt_number(v, lang) if v is not None else "–"
                                                                  for k, v in values.items()})),
                   new_x="LMARGIN", new_y="NEXT", align="L")

    heading(doc, t("yearly.lights", lang))
    doc.set_font(doc.font_name, "", 7)
    doc.multi_cell(0, 3.5, text(t("yearly.lights_help", lang, date=fmt_date(base.as_of, lang))), new_x="LMARGIN",
                   new_y="NEXT", align="L")
    doc.ln(1)
    if content.meetings or not base.goals.empty:
        _lights_table(doc, content, lang)

    heading(doc, t("yearly.windows", lang))
    doc.set_font(doc.font_name, "", 7)
    _windows_table(doc, content, lang)

    board_pdf.charts_section(doc, base, lang)
    board_pdf.voice_section(doc, base, lang)

    heading(doc, t("yearly.comments", lang, year=content.year))
    board_pdf.history_table(doc, base.history, lang)
    return bytes(doc.output())
