"""The PDF toolkit the reports share (fpdf2): an A4 document with the report's header and page
numbers, the font, text made safe for a cell, headings, the lights' colours, column widths and
images. The board report, the yearly report and the evaluation sheet draw with it."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from fcdash import schema
from fcdash.i18n import fmt_date, t

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts"))
FILL = {schema.GREEN: (46, 125, 50), schema.YELLOW: (249, 168, 37), schema.RED: (198, 40, 40),
        schema.CHANGED: (117, 117, 117)}


class Document(FPDF):
    """An A4 page with ``running`` (the centre, the report and its days) at the top of each page
    and the page's number at its foot."""

    def __init__(self, running: str, lang: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.running, self.lang = running, lang
        self.font_name = load_font(self)
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def header(self):
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, cell_text(self, self.running), align="R")
        self.ln(8)
        self.set_text_color(0)

    def footer(self):
        self.set_y(-12)
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, t("report.page", self.lang, page=self.page_no()), align="C")


def load_font(pdf: FPDF) -> str:
    """DejaVu Sans where the system has it (every character Danish needs, and ≠); otherwise the
    built-in Helvetica, with the few characters it lacks replaced."""
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.exists() and bold.exists():
            pdf.add_font("DejaVu", "", str(regular))
            pdf.add_font("DejaVu", "B", str(bold))
            return "DejaVu"
    return "Helvetica"


CELL_LIMIT = 300  # characters of one cell in the PDF; the sheet has the whole text


def cell_text(pdf: FPDF, value) -> str:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    # line breaks typed into a cell would make a row taller than a page; a no-break space the words
    # put between a number and its word ('af 12') stays, so a number never wraps onto a line alone
    text = " ".join(text.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0")
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT] + "…"
    # A word longer than a column would not wrap: give it places to break.
    text = " ".join(word if len(word) <= 30 else " ".join(word[i:i + 30] for i in range(0, len(word), 30))
                    for word in text.split(" "))
    if pdf.font_name == "Helvetica":  # latin-1 only
        text = text.replace("≠", "(!=)").replace("–", "-").replace("“", '"').replace("”", '"').replace("…", "...")
        text = text.encode("latin-1", "replace").decode("latin-1")
    return text


HEADING = 11.0  # millimetres a heading takes: the space above it and its line


def heading(pdf: Document, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(pdf.font_name, "B", 13)
    pdf.multi_cell(0, 7, cell_text(pdf, text), new_x="LMARGIN", new_y="NEXT", align="L")  # a long one wraps
    pdf.ln(1)
    pdf.set_font(pdf.font_name, "", 9)


def section(pdf: Document, text: str, need: float) -> None:
    """A section's heading kept with the first ``need`` millimetres of what follows it (its
    opening lines, a table's header and first rows, a chart): a new page only where that would
    not fit, so that a long table runs on to the next page (fpdf2 repeats its header) instead of
    leaving most of this one blank."""
    if pdf.get_y() + HEADING + need > pdf.page_break_trigger:
        pdf.add_page()
    heading(pdf, text)


def keep_together(pdf: Document, draw) -> None:
    """``draw(pdf)`` on a new page where this page would break it, if it fits one page: a short
    table and the sentence under it stay together (a note alone on a page says nothing). Drawn
    once first without page breaks and rewound (fpdf2's offset rendering), to measure it."""
    top = pdf.get_y()
    with pdf.offset_rendering():
        pdf.set_auto_page_break(False, margin=pdf.b_margin)  # the whole height, past the page's foot
        draw(pdf)
        height = pdf.get_y() - top
    if top + height > pdf.page_break_trigger and height <= pdf.page_break_trigger - pdf.t_margin - 8:
        pdf.add_page()
    draw(pdf)


def light(colour) -> FontFace:
    if colour in FILL:
        return FontFace(emphasis="BOLD", color=(0, 0, 0) if colour == schema.YELLOW else (255, 255, 255),
                        fill_color=FILL[colour])
    return FontFace()


def fit(pdf: Document, text: str, width: float) -> str:
    """The text cut to ``width`` millimetres with an ellipsis, at a word where one is near."""
    text = cell_text(pdf, text)
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    ellipsis = "…" if pdf.font_name != "Helvetica" else "..."
    while text and pdf.get_string_width(text + ellipsis) > room:
        text = text[:-1]
    cut = text.rsplit(" ", 1)[0] if " " in text and len(text.rsplit(" ", 1)[0]) > len(text) * 0.6 else text
    return cut.rstrip(" ,;:-") + ellipsis


def longest_word(pdf: FPDF, text: str) -> float:
    """The width of the widest word of ``text`` in the current font: a cell narrower than that
    cuts the word in two."""
    return max((pdf.get_string_width(word) for word in str(text).split()), default=0.0)


def column_widths(pdf: Document, rows: list[list[str]], flexible: int, bold_first: bool = True,
                  bold: tuple[int, ...] = ()) -> list[float]:
    """Column widths that hold every cell of each column on one line, the ``flexible`` column
    taking what is left of the page's width. A column of long text (a goal typed as a sentence)
    gets at most its share of the page and wraps between words, so that the flexible column
    keeps room: a narrow one would make a row taller than a page. No column is narrower than
    its widest word (the header's, in bold, too), so no word is cut in two; ``bold``: columns
    whose every cell is printed in bold (a light)."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    flexible_least = 40.0
    most = (usable - flexible_least) / max(len(rows[0]) - 1, 1)
    pad = 2 * pdf.c_margin + 0.5
    widths, floors = [], []
    for column in range(len(rows[0])):
        widest = word = 0.0
        for index, row in enumerate(rows):
            pdf.set_font(pdf.font_name, "B" if (index == 0 and bold_first) or column in bold else "", pdf.font_size_pt)
            widest = max(widest, pdf.get_string_width(row[column]))
            word = max(word, longest_word(pdf, row[column]))
        floors.append(word + pad)
        widths.append(max(min(widest + pad, most), word + pad))
    pdf.set_font(pdf.font_name, "", pdf.font_size_pt)
    widths[flexible] = max(usable - (sum(widths) - widths[flexible]), flexible_least, floors[flexible])
    return widths


HEAD = FontFace(emphasis="BOLD", fill_color=(221, 235, 247))


def image(doc: FPDF, png: bytes, x: float, y: float, w: float) -> None:
    doc.image(io.BytesIO(png), x=x, y=y, w=w)


def paragraph(doc: FPDF, value, size: float = 8.5, height: float | None = None, bold: bool = False,
              width: float = 0) -> None:
    """A paragraph that wraps between words, from the left margin."""
    doc.set_font(doc.font_name, "B" if bold else "", size)
    doc.multi_cell(width, height or size * 0.5, cell_text(doc, value), new_x="LMARGIN", new_y="NEXT", align="L")


def running_head(centre: str, title: str, start, end, lang: str) -> str:
    """'Frivilligcenter X · Bestyrelsesrapport · 01.01.2026 – 07.12.2026'."""
    return f"{centre} · {title} · {fmt_date(start, lang)} – {fmt_date(end, lang)}"
