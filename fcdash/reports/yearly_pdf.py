"""The yearly report as an A4 PDF a leader sends to the funder or the municipality: each goal's
lights at every board meeting and its windows, the year's figures, and the board report's charts,
voice and comments."""

from __future__ import annotations

from pathlib import Path

from fpdf.fonts import FontFace

from fcdash.i18n import fmt_date, t
from fcdash.reports import board_pdf, draft, layout, yearly
from fcdash.reports.words import light_word, problems_text
from fcdash.reports.pdfkit import FILL, HEAD, Document, cell_text, fit, heading, light, longest_word, running_head, section
from fcdash.reports.yearly import Yearly

GOAL_LEAST = 60.0  # millimetres the goal's column keeps however many meetings the board held


def _pale(colour) -> FontFace:
    """A light carried over from an earlier meeting: the colour faded, the text normal."""
    if colour not in FILL:
        return FontFace()
    r, g, b = FILL[colour]
    return FontFace(color=(0, 0, 0), fill_color=tuple(int(c + (255 - c) * 0.62) for c in (r, g, b)))


def _lights_table(doc, content: Yearly, lang: str) -> None:
    """One row per goal: its two lights after each meeting (strong where the board set them
    there, faded where they stood from before) and the proposed ones at the year's end, each
    written out in a column as wide as its longest word. With many meetings the letters get
    smaller; a board that met more often than a page holds gets the meetings in two tables or
    more, one under the other, each with the goals."""
    columns = layout.lights_headers(content, lang)
    usable = doc.w - doc.l_margin - doc.r_margin
    words = [cell_text(doc, w) for w in (*(light_word(c, lang) for c in FILL), t("yearly.col.r", lang),
                                         t("yearly.col.t", lang))]
    for size in (6.5, 6, 5.5, 5):
        doc.set_font(doc.font_name, "B", size)
        lamp = max(longest_word(doc, w) for w in words) + 1.6
        # the header over a meeting's two lights ('Forslag ved årets slutning') breaks between words
        lamp = max(lamp, max(longest_word(doc, cell_text(doc, c)) for c in columns) / 2 + 0.9)
        if usable - lamp * 2 * len(columns) >= GOAL_LEAST:
            break
    per_table = max(1, int((usable - GOAL_LEAST) // (2 * lamp)))
    rows = layout.lights_rows(content, lang)
    groups = [[*row["meetings"], (*row["proposed"], True)] for row in rows]  # the year's end: always strong
    for first in range(0, len(columns), per_table):
        shown = range(first, min(first + per_table, len(columns)))
        goal_width = usable - lamp * 2 * len(shown)
        if first:
            doc.ln(2)
        doc.set_font(doc.font_name, "", size)
        with doc.table(col_widths=(goal_width, *(lamp,) * (2 * len(shown))), text_align="CENTER",
                       line_height=size * 0.52, headings_style=HEAD, padding=0.5, num_heading_rows=2) as table:
            top = table.row()
            top.cell(cell_text(doc, t("report.col.goal", lang)), align="LEFT", rowspan=2)
            for index in shown:
                top.cell(cell_text(doc, columns[index]), colspan=2)
            sub = table.row()
            for _ in shown:
                sub.cell(cell_text(doc, t("yearly.col.r", lang)))
                sub.cell(cell_text(doc, t("yearly.col.t", lang)))
            for row, lights in zip(rows, groups):
                cells = table.row()
                cells.cell(fit(doc, row["goal"], goal_width), align="LEFT")
                for index in shown:
                    result, time, here = lights[index]
                    for colour in (result, time):
                        cells.cell(cell_text(doc, light_word(colour, lang)),
                                   style=light(colour) if here else _pale(colour))


def _windows_table(doc, content: Yearly, lang: str) -> None:
    """Each countable goal's target and its windows in the year, counted against what was due."""
    rows = [[cell_text(doc, cell) for cell in row] for row in layout.windows_rows(content, lang)]
    if len(rows) == 1:
        doc.cell(0, 5, cell_text(doc, t("yearly.no_windows", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    with doc.table(col_widths=(62, 20, 62, 36), text_align="LEFT", line_height=3.5, headings_style=HEAD,
                   padding=0.8) as table:
        for row in rows:
            table.row(row)


def written_part(doc, content: Yearly, lang: str, text: str | None) -> None:
    """The written part (``text`` as the leader edited it, else the draft) on the page after the
    title block: headings bold, paragraphs wrapping between words."""
    parts = draft.blocks(draft.text(content, lang) if text is None else text)
    for kind, words in parts:
        if kind == "heading":
            heading(doc, words)
            continue
        for line in words.split("\n"):  # cell_text per word: a paragraph is longer than a cell's limit
            doc.set_font(doc.font_name, "", 9.5)
            doc.multi_cell(0, 4.8, " ".join(cell_text(doc, w) for w in line.split()), new_x="LMARGIN", new_y="NEXT",
                           align="L")
        doc.ln(1.5)


def render(content: Yearly, lang: str = "da", logo: Path | None = None, written: str | None = None) -> bytes:
    """The yearly report as an A4 PDF a leader sends to the funder or the municipality; ``written``:
    its written part as the leader edited it (else the draft)."""
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
    doc.multi_cell(0, 4.8, text(yearly.subtitle(content, lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    if not content.complete:
        doc.set_font(doc.font_name, "B", 9)
        doc.multi_cell(0, 4.5, text(t("yearly.running", lang, date=fmt_date(base.end, lang))), new_x="LMARGIN",
                       new_y="NEXT", align="L")
    for said in problems_text(base, lang):
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(0, 4, text(said), new_x="LMARGIN", new_y="NEXT", align="L")
    written_part(doc, content, lang, written)

    # The goals first, as the board report and both previews have them; then the year's figures.
    heading(doc, t("yearly.lights", lang))
    doc.set_font(doc.font_name, "", 7)
    doc.multi_cell(0, 3.5, text(t("yearly.lights_help", lang, date=fmt_date(base.as_of, lang))), new_x="LMARGIN",
                   new_y="NEXT", align="L")
    doc.ln(1)
    if base.goals.empty:
        doc.set_font(doc.font_name, "", 8.5)
        doc.cell(0, 5, text(t("goals.none", lang)), new_x="LMARGIN", new_y="NEXT")
    else:
        _lights_table(doc, content, lang)

    section(doc, t("yearly.windows", lang), 20)
    doc.set_font(doc.font_name, "", 7)
    _windows_table(doc, content, lang)

    section(doc, t("yearly.figures", lang, year=content.year, previous=content.year - 1), 30)
    doc.set_font(doc.font_name, "", 8.5)
    board_pdf.figures_table(doc, content.figures, lang, heads=yearly.figure_heads(content, lang))
    if layout.year_members_line(content, lang):
        doc.ln(1)
        doc.set_font(doc.font_name, "", 8.5)
        doc.multi_cell(0, 4.2, text(layout.year_members_line(content, lang)), new_x="LMARGIN", new_y="NEXT", align="L")

    board_pdf.charts_section(doc, base, lang, members_line=False)
    board_pdf.voice_section(doc, base, lang)

    section(doc, t("yearly.comments", lang, year=content.year), 15)
    board_pdf.history_table(doc, base.history, lang)
    return bytes(doc.output())
