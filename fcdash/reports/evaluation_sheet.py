"""The A5 sheet for an event's table: its title and date, the QR code of its evaluation link, the
link itself and one sentence on anonymity. Pure: the link in, PNG or PDF bytes out."""

from __future__ import annotations

import datetime as dt
import io

import segno
from fpdf import FPDF

from fcdash.i18n import fmt_date, t
from fcdash.reports.pdfkit import load_font

QR_SCALE = 10  # pixels per module in the PNG: sharp when printed at the sheet's size
QR_BORDER = 4  # modules of quiet zone around the code, as the standard asks
QR_MM = 90  # the code's width on the sheet: scanned from across a table


def qr_code(url: str) -> segno.QRCode:
    """The link's QR code (error correction M: readable with a crease or a coffee stain)."""
    return segno.make_qr(url, error="m")


def qr_png(url: str, scale: int = QR_SCALE) -> bytes:
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=QR_BORDER)
    return out.getvalue()


def _latin(pdf: FPDF, text: str) -> str:
    if pdf.font_name == "Helvetica":  # the built-in font is latin-1 only
        return text.replace("–", "-").encode("latin-1", "replace").decode("latin-1")
    return text


def sheet_pdf(title: str, date: dt.date, url: str, *, centre: str, lang: str = "da",
              only_nearby: bool = False) -> bytes:
    """A one-page A5 PDF to print and put on the event's table. ``only_nearby``: the link opens only
    on the machine or network it was made on; a warning at the top says so, for whoever prints it."""
    pdf = FPDF(orientation="P", unit="mm", format=(148, 210))  # A5
    pdf.font_name = load_font(pdf)
    pdf.set_margins(14, 14, 14)
    pdf.set_auto_page_break(False)
    pdf.set_title(title)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    size = QR_MM
    if only_nearby:
        top = pdf.get_y()
        pdf.set_font(pdf.font_name, "B", 9)
        pdf.set_text_color(190, 0, 0)
        pdf.set_draw_color(190, 0, 0)
        pdf.multi_cell(width, 4.5, _latin(pdf, t("evaluate.sheet.nearby", lang)), border=1, align="L", padding=1.5,
                       new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
        pdf.ln(2)
        size -= pdf.get_y() - top  # the code gives way, so that the page still holds everything
    pdf.set_font(pdf.font_name, "", 10)
    pdf.set_text_color(90)
    pdf.cell(width, 6, _latin(pdf, centre), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_font(pdf.font_name, "B", 18)
    pdf.multi_cell(width, 8, _latin(pdf, title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.font_name, "", 13)
    pdf.cell(width, 8, fmt_date(date, lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdf.font_name, "B", 14)
    pdf.multi_cell(width, 7, _latin(pdf, t("evaluate.sheet.scan", lang)), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(qr_png(url)), x=(pdf.w - size) / 2, y=pdf.get_y() + 2, w=size, h=size)
    pdf.set_y(pdf.get_y() + size + 5)
    pdf.set_font(pdf.font_name, "", 11)
    pdf.multi_cell(width, 6, _latin(pdf, t("evaluate.sheet.time", lang)), align="C", new_x="LMARGIN", new_y="NEXT")
    points = 9.0  # the link on one line if it fits at a readable size, so that it can be typed
    pdf.set_font(pdf.font_name, "", points)
    while pdf.get_string_width(url) > width - 2 * pdf.c_margin and points > 6:  # a cell keeps a margin each side
        points -= 0.5
        pdf.set_font(pdf.font_name, "", points)
    pdf.multi_cell(width, 4.5, url, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font(pdf.font_name, "", 10)
    pdf.multi_cell(width, 5, _latin(pdf, t("evaluate.anonymous", lang)), align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
