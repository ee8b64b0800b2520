"""The board report as an A4 PDF, and the sections the yearly report shares with it: the
board's follow-ups, the key figures, the charts and the participants' voice."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from fpdf.fonts import FontFace

from fcdash import outcomes, schema
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.reports.board import Report
from fcdash.reports import layout
from fcdash.reports.pdfkit import (HEAD, Document, cell_text, column_widths, fit, heading, image, keep_together,
                                   light, longest_word, running_head, section)
from fcdash.reports.words import (changes, colour_text, compared_text, figure_heads, figures_text, has_figures,
                                  problems_text,
                                  reach_labels)


def render(report: Report, lang: str = "da", logo: Path | None = None, events: bool = False) -> bytes:
    """The report as an A4 PDF for the board's papers: the goals' lights at the period's end,
    what changed in it, the key figures against the period before and three charts; the
    period's events as an appendix when ``events`` is set. The centre's logo where it has one."""
    doc = Document(running_head(report.centre, t("report.title", lang), report.start, report.end, lang), lang)
    doc.add_page()
    if logo:
        doc.image(str(logo), x=doc.w - doc.r_margin - 35, y=12, w=35)
    doc.set_font(doc.font_name, "B", 18)
    doc.multi_cell(0, 9, cell_text(doc, report.centre), new_x="LMARGIN", new_y="NEXT")
    doc.set_font(doc.font_name, "B", 12)
    doc.multi_cell(0, 7, cell_text(doc, f"{t('report.title', lang)}: {report.period.caption(lang)}"),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    doc.set_font(doc.font_name, "", 10)
    doc.multi_cell(0, 5, cell_text(doc, t("report.subtitle", lang, start=fmt_date(report.start, lang),
                                      end=fmt_date(report.end, lang), made=fmt_date(report.made, lang))),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    for said in problems_text(report, lang):
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(0, 4, cell_text(doc, said), new_x="LMARGIN", new_y="NEXT", align="L")

    heading(doc, t("report.goals_at", lang, date=fmt_date(report.as_of, lang)))
    goals_table(doc, report, lang)

    section(doc, t("report.changes", lang, caption=report.period.caption(lang)), 20)
    doc.set_font(doc.font_name, "", 8)
    history_table(doc, report.history, lang)
    if report.shifted is not None and not report.shifted.empty:
        doc.ln(2)
        doc.set_font(doc.font_name, "B", 9)
        doc.cell(0, 5, cell_text(doc, t("report.shifted", lang)), new_x="LMARGIN", new_y="NEXT")
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(0, 4, cell_text(doc, "; ".join(
            f"{r['id']}: {changes(r['proposed_result_before'], r['proposed_result'], lang, from_none=True)} / "
            f"{changes(r['proposed_time_before'], r['proposed_time'], lang, from_none=True)}"
            for r in report.shifted.to_dict("records"))), new_x="LMARGIN", new_y="NEXT", align="L")

    def key_figures(doc: Document) -> None:
        heading(doc, t("report.figures", lang))
        doc.set_font(doc.font_name, "", 8.5)
        figures_table(doc, report.figures, lang, figure_heads(report.period, lang))
        if has_figures(report.figures):  # the days compared with, where there is something to compare
            doc.set_font(doc.font_name, "", 7.5)
            doc.multi_cell(0, 3.5, cell_text(doc, compared_text(report.period, lang)), new_x="LMARGIN", new_y="NEXT",
                           align="L")

    keep_together(doc, key_figures)  # the table and the sentence naming the days compared with

    charts_section(doc, report, lang)
    voice_section(doc, report, lang)

    if events:
        section(doc, t("report.events", lang, count=len(report.events)), 15)
        _events_appendix(doc, report, lang)
    return bytes(doc.output())


def goals_table(doc: Document, report: Report, lang: str) -> None:
    """Each goal under its area: the board's lights, the proposed ones and the period's count."""
    if report.goals.empty:
        doc.set_font(doc.font_name, "", 8.5)
        doc.cell(0, 5, cell_text(doc, t("goals.none", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    doc.set_font(doc.font_name, "", 7)
    doc.multi_cell(0, 3.5, cell_text(doc, t("report.goals_help", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.ln(1)
    doc.set_font(doc.font_name, "B", 7.5)
    headings = [cell_text(doc, h) for h in layout.goal_headers(lang)]
    widths = [max(least, longest_word(doc, h) + 2.5) for least, h in zip((78, 15, 15, 24, 48), headings)]
    widths[0] = doc.w - doc.l_margin - doc.r_margin - sum(widths[1:])
    doc.set_font(doc.font_name, "", 7.5)
    with doc.table(col_widths=widths, text_align="LEFT", line_height=3.6, headings_style=HEAD,
                   padding=0.8) as table:
        table.row(headings)
        goals = layout.goal_rows(report, lang)
        for area, rows in goals.groupby(goals["area"].astype(object).fillna("–"), sort=False):  # a goal typed without one too
            table.row().cell(cell_text(doc, area), colspan=5, style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)))
            for row in rows.to_dict("records"):
                cells = table.row()
                cells.cell(cell_text(doc, row["goal"]) + (f"\n{cell_text(doc, row['comment'])}" if row["comment"] else ""))
                cells.cell(cell_text(doc, colour_text(row["result"], lang)), style=light(row["result"]))
                cells.cell(cell_text(doc, colour_text(row["time"], lang)), style=light(row["time"]))
                cells.cell(cell_text(doc, row["proposed"]))
                cells.cell(cell_text(doc, row["progress"]))


def history_table(doc: Document, history: pd.DataFrame, lang: str) -> None:
    """The board's follow-ups: date, goal, each light (before → after) and the comment."""
    doc.set_font(doc.font_name, "", 8)
    if history.empty:
        doc.cell(0, 5, cell_text(doc, t("report.no_followups", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    labels = schema.labels("followups", lang)
    rows = [[fmt_date(r["date"], lang), cell_text(doc, r["goal"]), cell_text(doc, changes(r["before_result"], r["result"], lang)),
             cell_text(doc, changes(r["before_time"], r["time"], lang)), cell_text(doc, r["comment"])]
            for r in history.to_dict("records")]
    head = [cell_text(doc, labels[k]) for k in ("date", "goal", "result", "time", "comment")]
    widths = column_widths(doc, [head] + [r[:4] + [""] for r in rows], flexible=4, bold=(2, 3))
    with doc.table(col_widths=widths, text_align="LEFT", line_height=3.8, headings_style=HEAD, padding=0.8) as table:
        table.row(head)
        for values, row in zip(rows, history.to_dict("records")):
            cells = table.row()
            for index, value in enumerate(values):
                colour = {2: row["result"], 3: row["time"]}.get(index)
                cells.cell(value, style=light(colour) if colour is not None else None)


def figures_table(doc: Document, figures: pd.DataFrame, lang: str, heads: tuple[str, str] | None = None) -> None:
    """Key figures against the period before, with the change; ``heads`` names the two periods
    (the words and numbers: ``words.figures_text``, as the previews show them); a sheet with no
    logs at all gets a sentence instead."""
    if not has_figures(figures):
        doc.multi_cell(0, 4.2, cell_text(doc, t("words.no_figures", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
        return
    shown = figures_text(figures, lang, heads)
    rows = [[cell_text(doc, h) for h in shown.columns]] + [[cell_text(doc, v) for v in r] for r in shown.itertuples(index=False)]
    widths = column_widths(doc, rows, flexible=0)
    with doc.table(col_widths=widths, text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=4.2,
                   headings_style=HEAD, padding=0.8) as table:
        for row in rows:
            table.row(row)


def charts_section(doc: Document, report: Report, lang: str, members_line: bool = True) -> None:
    """Reach by age band against the target with its table (for a centre with loneliness
    initiatives), then membership against its target and events per month side by side (each
    where there is something to draw); a chart starts a new page only where it does not fit."""
    from fcdash.reports import charts  # matplotlib (a second to load) only when a PDF is made

    usable = doc.w - doc.l_margin - doc.r_margin
    if layout.shows_reach(report):
        reach_height = 18 + 10 * len(report.reach) if layout.shows_reach_chart(report) else 0
        section(doc, t("report.reach", lang), 10 + max(reach_height, 15))
        doc.set_font(doc.font_name, "", 7.5)
        doc.multi_cell(0, 3.5, cell_text(doc, t("reach.note", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
        if reach_height:
            image(doc, charts.reach(report.reach, lang, usable, reach_height), doc.l_margin, doc.get_y() + 1, usable)
            doc.set_y(doc.get_y() + reach_height + 2)
        else:
            doc.ln(1)
        reach_table(doc, report.reach, lang)

    drawn = []
    if layout.shows_members(report):
        drawn.append((t("report.membership", lang), lambda w, h: charts.members(
            report.members, report.member_target, report.start, lang, w, h)))
    if layout.shows_months(report):
        drawn.append((t("report.per_month", lang), lambda w, h: charts.per_month(report.months, report.start, lang, w, h)))
    half, height = (usable - 6) / 2, 62
    if drawn:
        room = doc.page_break_trigger - doc.get_y() - 12 - (9 if layout.shows_members(report) else 0)  # the line under it
        if room < 50:  # too little for a chart that can be read: a new page, where it has its full height
            doc.add_page()
        else:
            height = min(height, room)
        doc.ln(3)
        top = doc.get_y()
        doc.set_font(doc.font_name, "B", 11)
        for place, (title, draw) in enumerate(drawn):
            x = doc.l_margin + place * (half + 6)
            doc.set_xy(x, top)
            doc.cell(half, 6, cell_text(doc, title))
            image(doc, draw(half, height), x, top + 7, half)
        doc.set_y(top + 8 + height)
    if members_line and layout.shows_members(report):  # (the yearly report says its members with its figures)
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(half, 4, cell_text(doc, layout.members_line(report, lang)), new_x="LMARGIN", new_y="NEXT",
                       align="L")


def reach_table(doc: Document, reach: pd.DataFrame, lang: str) -> None:
    """Each loneliness initiative's attendances by age band, its target and the organisations."""
    labels = reach_labels(lang)
    doc.set_font(doc.font_name, "", 8)
    rows = [[cell_text(doc, label) for label in labels.values()]]
    for row in reach.to_dict("records"):
        rows.append([cell_text(doc, row["initiative"]), *(fmt_number(row[k], lang) for k in ("young", "adults", "elderly",
                     "attendances")), fmt_number(row["target"], lang) if row["target"] is not None else "–",
                     fmt_number(row["organisations"], lang)])
    widths = column_widths(doc, rows, flexible=0)
    with doc.table(col_widths=widths, text_align=("LEFT",) + ("RIGHT",) * 6, line_height=4, headings_style=HEAD,
                   padding=0.8) as table:
        for row in rows:
            table.row(row)


def voice_section(doc: Document, report: Report, lang: str) -> None:
    """The participants' voice for each loneliness initiative: its answers, response rate and
    outcome figures, for all its answers and by age band; a figure on fewer than five answers is
    a dash, and a sentence says why. Comments are never in it. Left out where no participant
    answered in the period."""
    if not layout.shows_voice(report):
        return
    keep_together(doc, lambda doc: _voice(doc, report.voice, lang))  # the note under the table with it


def _voice(doc: Document, voice: pd.DataFrame, lang: str) -> None:
    heading(doc, t("outcomes.report", lang))
    doc.set_font(doc.font_name, "", 7.5)
    doc.multi_cell(0, 3.5, cell_text(doc, t("outcomes.intro", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.ln(1)
    text = outcomes.as_text(voice, lang)
    heads = [cell_text(doc, h) for h in text.columns[1:]]
    doc.set_font(doc.font_name, "", 7.5)
    widths = column_widths(doc, [heads] + [[cell_text(doc, v) for v in row.iloc[1:]] for _, row in text.iterrows()],
                           flexible=0)
    with doc.table(col_widths=widths, text_align=("LEFT",) + ("RIGHT",) * 7,
                   line_height=3.6, headings_style=HEAD, padding=0.8) as table:
        table.row(heads)
        for (_, row), band in zip(text.iterrows(), voice["band"]):
            if band == outcomes.ALL:
                table.row().cell(cell_text(doc, row.iloc[0]), colspan=8,
                                 style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)))
            table.row([cell_text(doc, v) for v in row.iloc[1:]])
    if outcomes.any_hidden(voice):
        doc.ln(1)
        doc.set_font(doc.font_name, "", 7.5)
        doc.multi_cell(0, 3.5, cell_text(doc, t("outcomes.hidden", lang, min=outcomes.MIN_ANSWERS)), new_x="LMARGIN",
                       new_y="NEXT", align="L")


def _events_appendix(doc: Document, report: Report, lang: str) -> None:
    """One line each: every column as wide as its longest text (the date's always whole), the
    title and the initiatives cut with an ellipsis where the page runs out."""
    if report.events.empty:
        doc.cell(0, 6, cell_text(doc, t("report.no_events", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    labels = schema.labels("events", lang)
    keys = ("date", "title", "type", "initiatives", "participants")
    doc.set_font(doc.font_name, "", 7.5)
    rows = [[cell_text(doc, labels[k]) for k in keys]]
    for row in report.events.to_dict("records"):
        rows.append([fmt_date(row["date"], lang), cell_text(doc, row["title"]), cell_text(doc, row["type"]),
                     cell_text(doc, row["initiatives"]), fmt_number(row["participants"], lang)])
    usable = doc.w - doc.l_margin - doc.r_margin
    widths = column_widths(doc, rows, flexible=1)
    natural = list(widths)
    natural[1] = max(doc.get_string_width(r[1]) for r in rows) + 2 * doc.c_margin + 0.5
    # The title and the initiatives share what the fixed columns leave; the title gives way last.
    room = usable - widths[0] - widths[2] - widths[4]
    if natural[1] + widths[3] <= room:
        widths[1] = room - widths[3]
    else:
        widths[1] = max(room - widths[3], min(natural[1], room * 0.6))
        widths[3] = room - widths[1]
    align = ("L", "L", "L", "L", "R")

    def line(row, head: bool) -> None:
        doc.set_font(doc.font_name, "B" if head else "", 7.5)
        doc.set_fill_color(221, 235, 247)
        for column, (value, width) in enumerate(zip(row, widths)):
            text = value if column in (0, 4) else fit(doc, value, width)
            doc.cell(width, 4.2, text, align=align[column], fill=head, border="B")
        doc.ln(4.2)

    line(rows[0], True)
    for row in rows[1:]:
        if doc.get_y() + 4.2 > doc.page_break_trigger:  # a new page repeats the header
            doc.add_page()
            line(rows[0], True)
        line(row, False)


