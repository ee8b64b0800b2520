"""The whole yearly report as an editable Word document (python-docx), for the leader who wants
to add a paragraph or a photo before it goes to the funder: the title, the written part (as she
edited it), the key figures, membership, each goal's lights at the year's end, its windows, the
lights at each board meeting, the loneliness reach, the participants' voice and the board's
comments. Real Word tables with header rows that repeat on each page; the lights written out and
their cells shaded with their colour; no field codes, no formulas. Loaded only when a Word file
is made (``yearly.docx``)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from fcdash import outcomes, schema
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.reports import draft, layout
from fcdash.reports.words import changes, colour_text, has_figures, problems_text, reach_labels
from fcdash.reports.yearly import Yearly, figures_table, membership_table, subtitle

# The lights' colours as the PDF draws them (pdfkit.FILL), as Word's hex; text on them white but on yellow.
SHADE = {schema.GREEN: "2E7D32", schema.YELLOW: "F9A825", schema.RED: "C62828", schema.CHANGED: "757575"}
HEAD_SHADE, AREA_SHADE = "DDEBF7", "F0F0F0"
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def render(content: Yearly, lang: str = "da", text: str | None = None, logo: Path | None = None) -> bytes:
    """The yearly report as a .docx; ``text``: the written part as the leader edited it (else the
    draft); ``logo``: the centre's PNG or JPEG, at the top on the right."""
    base = content.base
    doc = Document()
    _page(doc, lang)
    doc.core_properties.title = f"{base.centre} · {t('yearly.title', lang, year=content.year)}"
    doc.core_properties.author = base.centre
    doc.core_properties.language = "da-DK" if lang == "da" else "en-GB"
    if logo:
        doc.add_picture(str(logo), width=Cm(3.5))
        doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_heading(_text(base.centre), level=0)
    doc.add_heading(t("yearly.title", lang, year=content.year), level=1)
    doc.add_paragraph(subtitle(content, lang))
    if not content.complete:
        doc.add_paragraph().add_run(t("yearly.running", lang, date=fmt_date(base.end, lang))).bold = True
    for said in problems_text(base, lang):
        doc.add_paragraph(said)

    for kind, words in draft.blocks(draft.text(content, lang) if text is None else text):
        if kind == "heading":
            doc.add_heading(_text(words), level=2)
            continue
        paragraph = doc.add_paragraph()
        for index, line in enumerate(words.split("\n")):
            if index:
                paragraph.add_run().add_break()
            paragraph.add_run(_text(line))

    _goals(doc, content, lang)  # the goals first, as in the PDF and the preview
    _windows(doc, content, lang)
    _meetings(doc, content, lang)
    doc.add_heading(t("yearly.figures", lang, year=content.year, previous=content.year - 1), level=1)
    if has_figures(content.figures):
        figures = figures_table(content, lang)
        _table(doc, list(figures.columns), figures.values.tolist(), (8, 3, 3, 3))  # written as in the PDF
    else:
        doc.add_paragraph(t("words.no_figures", lang))
    doc.add_heading(t("report.membership", lang), level=1)
    members = membership_table(content, lang)
    _table(doc, list(members.columns), [[row[0], _number(row[1], lang)] for row in members.itertuples(index=False)],
           (10, 4))
    if layout.shows_reach(base):  # the sections the PDF has, and no other
        doc.add_heading(t("report.reach", lang), level=1)
        reach = base.reach.rename(columns=reach_labels(lang))
        _table(doc, list(reach.columns), [[row[0], *(_number(v, lang) for v in row[1:])]
                                          for row in reach.itertuples(index=False)], (4.4, *(2.1,) * 6))
    if layout.shows_voice(base):
        _voice(doc, base.voice, lang)

    doc.add_heading(t("yearly.comments", lang, year=content.year), level=1)
    _comments(doc, base.history, lang)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the parts ---------------------------------------------------------------------------------------

def _goals(doc, content: Yearly, lang: str) -> None:
    """Each goal under its strategic area, with the lights it stands with at the year's end."""
    doc.add_heading(t("word.goals", lang), level=1)
    doc.add_paragraph(t("word.goals_help", lang, date=fmt_date(content.base.as_of, lang)))
    rows = [r for r in content.base.goals.to_dict("records") if isinstance(r["id"], str)]
    table = _table(doc, [t("report.col.id", lang), t("report.col.goal", lang), t("report.col.result", lang),
                         t("report.col.time", lang), t("word.col.source", lang)], [], (1.4, 9.4, 1.7, 1.7, 2.8))
    for area, members in draft.by_area(rows, lang).items():
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        merged.paragraphs[0].add_run(_text(area)).bold = True
        _shade(merged, AREA_SHADE)
        for row in members:
            source, result, time = draft.lights(row)
            said = {"board": t("word.source.board", lang, date=fmt_date(row["board_date"], lang)),
                    "proposed": t("word.source.proposed", lang), "changed": colour_text(schema.CHANGED, lang),
                    "none": t("draft.light.none", lang)}[source]
            cells = table.add_row().cells
            for cell, value in zip(cells, (row["id"], row["goal"], None, None, said)):
                cell.text = _text(value)
            _light(cells[2], schema.CHANGED if source == "changed" else result, lang)
            _light(cells[3], time, lang)


def _windows(doc, content: Yearly, lang: str) -> None:
    """Each countable goal's target and its windows in the year, counted against what was due."""
    doc.add_heading(t("yearly.windows", lang), level=1)
    head, *rows = layout.windows_rows(content, lang)  # the PDF's table and words
    if not rows:
        doc.add_paragraph(t("yearly.no_windows", lang))
        return
    _table(doc, head, rows, (6, 2.5, 5.5, 3))


def _meetings(doc, content: Yearly, lang: str) -> None:
    """The board's lights (result / time) after each meeting of the year; in italics where they
    stood from an earlier meeting."""
    if not content.meetings:
        return
    doc.add_heading(t("yearly.lights", lang), level=1)
    doc.add_paragraph(t("word.meetings_help", lang))
    table = _table(doc, [t("report.col.id", lang), *(fmt_date(m, lang) for m in content.meetings)], [],
                   (1.6, *(15.4 / len(content.meetings),) * len(content.meetings)))
    for goal, rows in content.lights.groupby("goal", sort=False):
        cells = table.add_row().cells
        cells[0].text = _text(goal)
        for cell, light in zip(cells[1:], rows.to_dict("records")):
            words = [colour_text(light[k], lang) for k in ("result", "time") if isinstance(light[k], str)]
            run = cell.paragraphs[0].add_run(" / ".join(words) if words else "–")
            run.italic = not light["set"] and bool(words)


def _voice(doc, voice: pd.DataFrame | None, lang: str) -> None:
    doc.add_heading(t("outcomes.report", lang), level=1)
    doc.add_paragraph(t("outcomes.intro", lang))
    shown = outcomes.as_text(voice, lang)
    _table(doc, list(shown.columns), shown.values.tolist(), (3.2, 2.2, *(1.65,) * 7))
    if outcomes.any_hidden(voice):
        doc.add_paragraph(t("outcomes.hidden", lang, min=outcomes.MIN_ANSWERS))


def _comments(doc, history: pd.DataFrame, lang: str) -> None:
    if history.empty:
        doc.add_paragraph(t("report.no_followups", lang))
        return
    labels = schema.labels("followups", lang)
    table = _table(doc, [labels[k] for k in ("date", "goal", "result", "time", "comment")], [],
                   (2.2, 1.4, 2.4, 2.4, 8.6))
    for row in history.to_dict("records"):
        cells = table.add_row().cells
        for cell, value in zip(cells, (fmt_date(row["date"], lang), row["goal"],
                                       changes(row["before_result"], row["result"], lang),
                                       changes(row["before_time"], row["time"], lang), row["comment"])):
            cell.text = _text(value)
        for cell, colour in ((cells[2], row["result"]), (cells[3], row["time"])):
            if colour in SHADE:
                _shade(cell, SHADE[colour], colour)


# --- Word's pieces -----------------------------------------------------------------------------------

def _table(doc, head: list[str], rows: list[list], widths: tuple[float, ...]):
    """A table with a bold, shaded header row that Word repeats on each page, its columns
    ``widths`` centimetres wide; cells as text."""
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    properties = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, words in zip(header.cells, head):
        cell.paragraphs[0].add_run(_text(words)).bold = True
        _shade(cell, HEAD_SHADE)
    for row in rows:
        for cell, value in zip(table.add_row().cells, row):
            cell.text = _text(value)
    for column, width in zip(table.columns, widths):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    return table


def _light(cell, colour, lang: str) -> None:
    """A light as its colour's name on its colour (nothing where there is none)."""
    cell.text = ""
    cell.paragraphs[0].add_run(colour_text(colour, lang) if isinstance(colour, str) else "–")
    if colour in SHADE:
        _shade(cell, SHADE[colour], colour)


def _shade(cell, fill: str, colour=None) -> None:
    """Fill a cell; on a light's colour its text bold, white but on yellow."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
    if colour is not None:
        for run in (r for p in cell.paragraphs for r in p.runs):
            run.bold = True
            run.font.color.rgb = RGBColor(0, 0, 0) if colour == schema.YELLOW else RGBColor(255, 255, 255)


def _page(doc, lang: str) -> None:
    """A4 with 2 cm margins (17 cm for the tables), the proofing language, a readable body size."""
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    properties = normal.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "da-DK" if lang == "da" else "en-GB")
    properties.append(language)


def _text(value) -> str:
    """A value as Word can hold it: a dash for none, without the control characters XML forbids
    (a vertical tab pasted into a cell would otherwise stop the file being made)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    return FORBIDDEN.sub("", str(value))


def _number(value, lang: str) -> str:
    return _text(value) if value is None or isinstance(value, str) or pd.isna(value) else fmt_number(value, lang)
