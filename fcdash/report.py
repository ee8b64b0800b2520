"""The board report: the documentation since the last board meeting as a PDF (fpdf2) and an Excel
workbook, built from the same metric functions as the pages. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from fcdash import goals, metrics, schema
from fcdash.exports import excel_bytes
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.snapshot import Snapshot

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts"))
FILL = {schema.GREEN: (46, 125, 50), schema.YELLOW: (249, 168, 37), schema.RED: (198, 40, 40),
        schema.CHANGED: (117, 117, 117)}


@dataclass
class Report:
    centre: str
    start: dt.date
    end: dt.date
    made: dt.date
    as_of: dt.date  # the day the goals are judged on: the period's end, or today while it runs
    goals: pd.DataFrame  # goals.progress as of the end of the period, with each goal's windows in it named
    history: pd.DataFrame  # the board's follow-ups in the period
    figures: pd.DataFrame  # key figure, this period, the previous period
    reach: pd.DataFrame  # loneliness initiatives: attendances by age band, share of the target
    membership: pd.DataFrame  # figure, value
    events: pd.DataFrame  # the period's events
    problems: int


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


def windows_text(row, lang: str = "da", as_of: dt.date | None = None) -> str:
    """A goal's windows in the report's period, named and counted: '2. kvartal 2025: 1 af 1'; a
    window still running on ``as_of`` says so ('2026: 93 af 74 indtil nu')."""
    if not row["countable"]:
        return "–"
    word = " of " if lang == "en" else " af "

    def one(w) -> str:
        text = f"{goals.window_name(w, row['per'], lang)}: {fmt_number(w.value, lang)}"
        if w.due is not None:
            text += f"{word}{fmt_number(w.due, lang)}"
        if as_of is not None and w.end > pd.Timestamp(as_of):
            text += " " + t("report.so_far", lang)
        return text

    return "; ".join(one(w) for w in row["in_period"]) or "–"


def proposed_text(row, lang: str = "da") -> str:
    if row["status"] == goals.CHANGED:
        return _colour_text(schema.CHANGED, lang)
    if isinstance(row["proposed_result"], str):
        return f"{_colour_text(row['proposed_result'], lang)} / {_colour_text(row['proposed_time'], lang)}"
    key = {goals.FOLLOWED: "goals.no_target", goals.INVALID: "goals.invalid"}.get(row["status"], "goals.by_hand")
    return t(key, lang)


def last_board_meeting(snap: Snapshot) -> dt.date | None:
    """The latest follow-up date: the board's last meeting."""
    dates = snap["followups"]["date"].dropna()
    return dates.max().date() if len(dates) else None


def default_period(snap: Snapshot, today: dt.date) -> tuple[dt.date, dt.date]:
    """Since the last board meeting (the day after it) up to today; without one, this year."""
    last = last_board_meeting(snap)
    start = last + dt.timedelta(days=1) if last and last < today else dt.date(today.year, 1, 1)
    return start, today


def build(snap: Snapshot, start: dt.date, end: dt.date, *, today: dt.date, centre: str) -> Report:
    """Everything the report shows, for the period from ``start`` to ``end``."""
    length = (end - start).days + 1
    previous = (start - dt.timedelta(days=length), start - dt.timedelta(days=1))
    now, before = metrics.period_figures(snap, start, end), metrics.period_figures(snap, *previous)
    figures = pd.DataFrame({"figure": list(now), "value": list(now.values()),
                            "previous": [before[k] for k in now]})
    ids = metrics.loneliness_initiatives(snap["initiatives"])
    reach = metrics.reach_by_initiative(snap["events"], snap["initiatives"], ids, start, end)
    events = metrics.between(snap["events"], start, end)
    target = metrics.membership_target(snap["goals"])
    membership = pd.DataFrame({"figure": ["active_members", "target", "joined", "left"],
                               "value": [now["active_members"], target[0] if target else None, now["joined"], now["left"]]})
    names = metrics.names(snap["initiatives"])
    table = events.assign(initiatives=events["initiatives"].map(
        lambda ids: ", ".join(names.get(i, i) for i in ids) if isinstance(ids, tuple) else None))[
        ["date", "title", "type", "initiatives", "area", "participants"]].sort_values("date")
    as_of = min(end, today)
    judged = goals.progress(snap, as_of)
    judged["in_period"] = [goals.in_period(w, start, end) for w in judged["windows"]]
    followups = snap["followups"]
    history = followups.loc[(followups["date"] >= pd.Timestamp(start)) & (followups["date"] <= pd.Timestamp(as_of))]
    return Report(centre=centre, start=start, end=end, made=today, as_of=as_of, goals=judged,
                  history=history.sort_values(["date", "goal"])[["date", "goal", "result", "time", "comment"]],
                  figures=figures,
                  reach=reach.drop(columns="initiative").rename(columns={"name": "initiative"}),
                  membership=membership, events=table.reset_index(drop=True), problems=len(snap.problems))


# --- PDF --------------------------------------------------------------------------------------

class _PDF(FPDF):
    def __init__(self, report: Report, lang: str):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report, self.lang = report, lang
        self.font_name = _load_font(self)
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def header(self):
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.report.centre} · {t('report.title', self.lang)} · "
                        f"{fmt_date(self.report.start, self.lang)} – {fmt_date(self.report.end, self.lang)}", align="R")
        self.ln(8)
        self.set_text_color(0)

    def footer(self):
        self.set_y(-12)
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, t("report.page", self.lang, page=self.page_no()), align="C")


def _load_font(pdf: FPDF) -> str:
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


def _text(pdf: _PDF, value) -> str:
    text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    text = " ".join(text.split())  # line breaks typed into a cell would make a row taller than a page
    if len(text) > CELL_LIMIT:
        text = text[:CELL_LIMIT] + "…"
    # A word longer than a column would not wrap: give it places to break.
    text = " ".join(word if len(word) <= 30 else " ".join(word[i:i + 30] for i in range(0, len(word), 30))
                    for word in text.split(" "))
    if pdf.font_name == "Helvetica":  # latin-1 only
        text = text.replace("≠", "(!=)").replace("–", "-").replace("“", '"').replace("”", '"').replace("…", "...")
        text = text.encode("latin-1", "replace").decode("latin-1")
    return text


def _heading(pdf: _PDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(pdf.font_name, "B", 13)
    pdf.cell(0, 8, _text(pdf, text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdf.font_name, "", 9)


def _light(colour) -> FontFace:
    if colour in FILL:
        return FontFace(emphasis="BOLD", color=(0, 0, 0) if colour == schema.YELLOW else (255, 255, 255),
                        fill_color=FILL[colour])
    return FontFace()


def _colour_text(colour, lang: str) -> str:
    from fcdash.charts import colour_label

    return colour_label(colour, lang) if isinstance(colour, str) else "–"


def pdf(report: Report, lang: str = "da", logo: Path | None = None) -> bytes:
    """The report as an A4 PDF, with the centre's logo where it has one."""
    doc = _PDF(report, lang)
    doc.add_page()
    if logo:
        doc.image(str(logo), x=doc.w - doc.r_margin - 35, y=12, w=35)
    doc.set_font(doc.font_name, "B", 20)
    doc.multi_cell(0, 10, _text(doc, report.centre), new_x="LMARGIN", new_y="NEXT")
    doc.set_font(doc.font_name, "", 12)
    doc.multi_cell(0, 7, _text(doc, t("report.subtitle", lang, start=fmt_date(report.start, lang),
                                      end=fmt_date(report.end, lang), made=fmt_date(report.made, lang))),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    if report.problems:
        doc.set_font(doc.font_name, "", 9)
        doc.multi_cell(0, 5, _text(doc, t("report.problems", lang, count=report.problems)), new_x="LMARGIN",
                       new_y="NEXT", align="L")

    _heading(doc, t("report.goals", lang))
    doc.set_font(doc.font_name, "", 8)
    doc.multi_cell(0, 4, _text(doc, t("report.goals_help", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.ln(1)
    headings = [t(k, lang) for k in ("report.col.goal", "report.col.result", "report.col.time", "report.col.proposed",
                                     "report.col.progress", "report.col.comment")]
    with doc.table(col_widths=(52, 18, 18, 24, 20, 48), text_align="LEFT", line_height=4.2,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247))) as table:
        table.row([_text(doc, h) for h in headings])
        for area, rows in report.goals.groupby("area", sort=False):
            table.row().cell(_text(doc, area), colspan=6, style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)))
            for row in rows.to_dict("records"):
                cells = table.row()
                cells.cell(_text(doc, f"{row['id']} {row['goal']}"))
                cells.cell(_text(doc, _colour_text(row["board_result"], lang)), style=_light(row["board_result"]))
                cells.cell(_text(doc, _colour_text(row["board_time"], lang)), style=_light(row["board_time"]))
                cells.cell(_text(doc, proposed_text(row, lang)))
                cells.cell(_text(doc, windows_text(row, lang, report.as_of)))
                cells.cell(_text(doc, row["board_comment"]))

    if not report.history.empty:
        _heading(doc, t("report.history", lang))
        with doc.table(col_widths=(20, 14, 18, 18, 110), text_align="LEFT", line_height=4.2,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247))) as table:
            labels = schema.labels("followups", lang)
            table.row([_text(doc, labels[k]) for k in ("date", "goal", "result", "time", "comment")])
            for row in report.history.to_dict("records"):
                table.row([fmt_date(row["date"], lang), _text(doc, row["goal"]),
                           _text(doc, _colour_text(row["result"], lang)), _text(doc, _colour_text(row["time"], lang)),
                           _text(doc, row["comment"])])

    _heading(doc, t("report.figures", lang))
    with doc.table(col_widths=(90, 30, 30, 30), text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247))) as table:
        table.row([_text(doc, t(k, lang)) for k in ("report.col.figure", "report.col.period", "report.col.previous",
                                                     "report.col.change")])
        for row in report.figures.to_dict("records"):
            change = row["value"] - row["previous"]
            table.row([_text(doc, t(f"report.figure.{row['figure']}", lang)), fmt_number(row["value"], lang),
                       fmt_number(row["previous"], lang), f"{'+' if change > 0 else ''}{fmt_number(change, lang)}"])

    _heading(doc, t("report.reach", lang))
    doc.set_font(doc.font_name, "", 8)
    doc.multi_cell(0, 4, _text(doc, t("reach.note", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.ln(1)
    with doc.table(col_widths=(56, 18, 18, 18, 22, 24, 24), text_align=("LEFT",) + ("RIGHT",) * 6, line_height=5,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247))) as table:
        table.row([_text(doc, label) for label in reach_labels(lang).values()])
        for row in report.reach.to_dict("records"):
            table.row([_text(doc, row["initiative"]), *(fmt_number(row[k], lang) for k in
                       ("young", "adults", "elderly", "attendances")),
                       fmt_number(row["target"], lang) if row["target"] is not None else "–",
                       fmt_number(row["organisations"], lang)])

    _heading(doc, t("report.membership", lang))
    for row in report.membership.to_dict("records"):
        value = fmt_number(row["value"], lang) if row["value"] is not None and not pd.isna(row["value"]) else "–"
        label = t(f"report.member.{row['figure']}", lang)
        doc.cell(0, 5, _text(doc, f"{label}: {value}"), new_x="LMARGIN", new_y="NEXT")

    _heading(doc, t("report.events", lang, count=len(report.events)))
    if report.events.empty:
        doc.cell(0, 6, _text(doc, t("report.no_events", lang)), new_x="LMARGIN", new_y="NEXT")
    else:
        with doc.table(col_widths=(20, 62, 32, 46, 20), text_align=("LEFT",) * 4 + ("RIGHT",), line_height=4.2,
                       headings_style=FontFace(emphasis="BOLD", fill_color=(221, 235, 247))) as table:
            labels = schema.labels("events", lang)
            table.row([_text(doc, labels[k]) for k in ("date", "title", "type", "initiatives", "participants")])
            for row in report.events.to_dict("records"):
                table.row([fmt_date(row["date"], lang), _text(doc, row["title"]), _text(doc, row["type"]),
                           _text(doc, row["initiatives"]), fmt_number(row["participants"], lang)])
    return bytes(doc.output())


# --- Excel ----------------------------------------------------------------------------------------

def excel(report: Report, lang: str = "da") -> bytes:
    """The same tables as an Excel workbook: one sheet each, real dates and numbers, bold
    headers, filters, frozen header rows."""
    goal_cols = {"id": "report.col.id", "area": "goals.filter_area", "goal": "report.col.goal", "board_result": "report.col.result",
                 "board_time": "report.col.time", "board_date": "report.col.board_date", "board_comment": "report.col.comment",
                 "proposed_result": "report.col.proposed_result", "proposed_time": "report.col.proposed_time",
                 "target_text": "report.col.target", "windows": "report.col.progress"}
    sheets = {
        t("report.sheet.goals", lang): report.goals.assign(
            windows=[windows_text(row, lang, report.as_of) for row in report.goals.to_dict("records")],
            proposed_result=[proposed_text(row, lang) if row["status"] != goals.SCORED else row["proposed_result"]
                             for row in report.goals.to_dict("records")])[list(goal_cols)].rename(
            columns={k: t(v, lang) for k, v in goal_cols.items()}),
        t("report.sheet.history", lang): report.history.rename(columns=schema.labels("followups", lang)),
        t("report.sheet.figures", lang): report.figures.assign(
            figure=[t(f"report.figure.{f}", lang) for f in report.figures["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("report.col.period", lang),
                "previous": t("report.col.previous", lang)}),
        t("report.sheet.reach", lang): report.reach.rename(columns=reach_labels(lang)),
        t("report.sheet.membership", lang): report.membership.assign(
            figure=[t(f"report.member.{f}", lang) for f in report.membership["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("col.value", lang)}),
        t("report.sheet.events", lang): report.events.rename(columns=schema.labels("events", lang)),
    }
    return excel_bytes(sheets)
