"""The board report: the documentation since the last board meeting as a PDF (fpdf2) and an Excel
workbook, built from the same metric functions as the pages. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from fpdf import FPDF
from fpdf.fonts import FontFace

from fcdash import goals, metrics, outcomes, schema
from fcdash.counting import ACTIVE_MEMBERS
from fcdash.exports import excel_bytes
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.snapshot import Snapshot

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/local/share/fonts"))
FILL = {schema.GREEN: (46, 125, 50), schema.YELLOW: (249, 168, 37), schema.RED: (198, 40, 40),
        schema.CHANGED: (117, 117, 117)}


@dataclass(frozen=True)
class Period:
    """A report's days and what they mean to the board: since a meeting, a quarter, a year, or
    any dates."""

    start: dt.date
    end: dt.date
    kind: str = "custom"  # since, quarter, year or custom
    meeting: dt.date | None = None  # since: the board meeting the period follows

    def caption(self, lang: str = "da") -> str:
        """'Siden bestyrelsesmødet 27.10.2026', '4. kvartal 2026', 'Året 2026' or the dates."""
        if self.kind == "since":
            if self.meeting is None:
                return t("report.caption.no_meeting", lang, year=self.start.year)
            return t("report.caption.since", lang, date=fmt_date(self.meeting, lang))
        if self.kind == "quarter":
            return t("report.caption.quarter", lang, quarter=(self.start.month - 1) // 3 + 1, year=self.start.year)
        if self.kind == "year":
            return t("report.caption.year", lang, year=self.start.year)
        return t("report.caption.custom", lang, start=fmt_date(self.start, lang), end=fmt_date(self.end, lang))


@dataclass
class Report:
    centre: str
    start: dt.date
    end: dt.date
    made: dt.date
    as_of: dt.date  # the day the goals are judged on: the period's end, or today while it runs
    goals: pd.DataFrame  # goals.progress as of the end of the period, with each goal's windows in it named
    history: pd.DataFrame  # the board's follow-ups in the period, with the goal's lights before each
    figures: pd.DataFrame  # key figure, this period, the previous period
    reach: pd.DataFrame  # loneliness initiatives: attendances by age band, share of the target
    membership: pd.DataFrame  # figure, value
    events: pd.DataFrame  # the period's events
    problems: int
    period: Period | None = None
    shifted: pd.DataFrame | None = None  # goals whose proposed lights changed in the period
    months: pd.DataFrame | None = None  # events per month, the year to the period's end
    members: pd.DataFrame | None = None  # active members at each month's end, the year to the period's end
    member_target: int | None = None
    voice: pd.DataFrame | None = None  # loneliness initiatives: the participants' answers (fcdash.outcomes.table)

    def __post_init__(self):
        if self.period is None:
            self.period = Period(self.start, self.end)


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
    def one(w) -> str:
        text = f"{goals.window_name(w, row['per'], lang)}: {goals.value_text(w.value, row.get('count'), lang, w.answers)}"
        if w.due is not None and goals.is_share(row.get("count")):
            text += " " + t("goals.share_target", lang, target=goals.share_text(w.due, lang))
        elif w.due is not None:
            text += " " + t("report.of", lang, value=fmt_number(w.due, lang))
        if as_of is not None and w.end > pd.Timestamp(as_of):
            text += " " + t("report.so_far", lang)
        return text

    return "; ".join(one(w) for w in row["in_period"]) or "–"


def period_text(row, lang: str = "da") -> str:
    """What a goal counted in the report's own period, against the part of its target that falls
    in it: 'I perioden: 12 af 19'; for a goal that counts a state, its value at the period's end."""
    counted = row.get("period_count")
    if not row["countable"] or not isinstance(counted, tuple):
        return "–"
    value, due, limit = counted
    key = "report.at_end" if row.get("count") == ACTIVE_MEMBERS else "report.in_period"
    text = t(key, lang, value=goals.value_text(value, row.get("count"), lang))
    if goals.is_share(row.get("count")):  # a share of the period's answers, against the whole target
        return text + (" " + t("goals.share_target", lang, target=goals.target_text(row["target_spec"], lang))
                       if due is not None else "")
    if due is not None and limit:
        text += " " + t("report.at_most", lang, value=fmt_number(due, lang))
    elif due is not None:
        text += " " + t("report.of", lang, value=fmt_number(due, lang))
    return text


def proposed_text(row, lang: str = "da") -> str:
    if row["status"] == goals.CHANGED:
        return _colour_text(schema.CHANGED, lang)
    if isinstance(row["proposed_result"], str):
        return f"{_colour_text(row['proposed_result'], lang)} / {_colour_text(row['proposed_time'], lang)}"
    if row["status"] == goals.SCORED and goals.is_share(row.get("count")):
        return t("goals.too_few_short", lang)
    if row["status"] == goals.SCORED and row.get("windows"):  # in progress and on track: no result light yet
        return f"{t('goals.window_in_progress', lang).capitalize()} / {_colour_text(row['proposed_time'], lang)}"
    key = {goals.FOLLOWED: "goals.no_target", goals.INVALID: "goals.invalid"}.get(row["status"], "goals.by_hand")
    return t(key, lang)


def last_board_meeting(snap: Snapshot, today: dt.date) -> dt.date | None:
    """The board's last meeting before today: the latest follow-up date before ``today``. The
    board's meetings are known only by the dates of its follow-ups; when it met today, today's
    follow-ups belong to the period since the meeting before, and a date after today (a typo)
    is no meeting yet."""
    dates = snap["followups"]["date"].dropna()
    dates = dates.loc[dates < pd.Timestamp(today)]
    return dates.max().date() if len(dates) else None


def since_last_meeting(snap: Snapshot, today: dt.date) -> Period:
    """From the day after the last board meeting up to today; without one, this year so far."""
    last = last_board_meeting(snap, today)
    start = last + dt.timedelta(days=1) if last else dt.date(today.year, 1, 1)
    return Period(start, today, "since", last)


def default_period(snap: Snapshot, today: dt.date) -> tuple[dt.date, dt.date]:
    """The report's default days: since the last board meeting, up to today."""
    period = since_last_meeting(snap, today)
    return period.start, period.end


def quarter_period(quarter: pd.Period, today: dt.date) -> Period:
    """A calendar quarter, up to today while it runs."""
    return Period(quarter.start_time.date(), min(quarter.end_time.date(), today), "quarter")


def year_period(year: int, today: dt.date) -> Period:
    """A calendar year, up to today while it runs."""
    return Period(dt.date(year, 1, 1), min(dt.date(year, 12, 31), today), "year")


def _history(followups: pd.DataFrame, start: dt.date, as_of: dt.date) -> pd.DataFrame:
    """The follow-ups from ``start`` to ``as_of``, each with the goal's lights before it."""
    rows = followups.loc[followups["goal"].notna() & followups["date"].notna()].sort_values(["date", "_row"], kind="stable")
    rows = rows.assign(before_result=rows.groupby("goal")["result"].shift(1),
                       before_time=rows.groupby("goal")["time"].shift(1))
    inside = rows.loc[(rows["date"] >= pd.Timestamp(start)) & (rows["date"] <= pd.Timestamp(as_of))]
    return inside.sort_values(["date", "goal"])[["date", "goal", "before_result", "before_time", "result", "time",
                                                 "comment"]].reset_index(drop=True)


def build(snap: Snapshot, start: dt.date, end: dt.date, *, today: dt.date, centre: str,
          period: Period | None = None, changes: bool = True) -> Report:
    """Everything the report shows, for the period from ``start`` to ``end``; ``changes``: also
    which proposed lights changed in the period (the goals judged a second time, as the day before)."""
    period = period or Period(start, end)
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
    by_goal = {g.id: g for g in snap["goals"].itertuples(index=False) if isinstance(g.id, str)}
    # the target as a spreadsheet holds it: a number where it was typed as one
    judged["target_value"] = judged["target_spec"].map(goals.target_cell)
    judged["period_count"] = [goals.counted_between(by_goal[i], snap, start, as_of, as_of)
                              if countable and i in by_goal else None
                              for i, countable in zip(judged["id"], judged["countable"])]
    shifted = _shifted(snap, judged, start) if changes else None
    year_back = metrics.months_back(end, 12)
    return Report(centre=centre, start=start, end=end, made=today, as_of=as_of, goals=judged,
                  history=_history(snap["followups"], start, as_of), figures=figures,
                  reach=reach.drop(columns="initiative").rename(columns={"name": "initiative"}),
                  membership=membership, events=table.reset_index(drop=True), problems=len(snap.problems),
                  period=period, shifted=shifted, months=metrics.per_month(snap["events"], year_back, end),
                  members=metrics.members_over_time(snap["members"].loc[snap["members"]["name"].notna()], year_back,
                                                    end, "M"),
                  member_target=target[0] if target else None,
                  voice=outcomes.table(snap["evaluations"], snap["events"], snap["initiatives"], ids, start, end))


def _shifted(snap: Snapshot, judged: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """The goals whose proposed lights at the period's end differ from the day before it."""
    earlier = goals.progress(snap, start - dt.timedelta(days=1)).set_index("id")[["proposed_result", "proposed_time"]]
    shifted = judged.loc[judged["status"] == goals.SCORED, ["id", "proposed_result", "proposed_time"]].merge(
        earlier.add_suffix("_before"), left_on="id", right_index=True, how="left")
    return shifted.loc[(shifted["proposed_result"] != shifted["proposed_result_before"])
                       | (shifted["proposed_time"] != shifted["proposed_time_before"])].reset_index(drop=True)


# --- PDF --------------------------------------------------------------------------------------

class _PDF(FPDF):
    def __init__(self, report: Report, lang: str, title: str | None = None):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report, self.lang = report, lang
        self.title_text = title or t("report.title", lang)
        self.font_name = _load_font(self)
        self.set_auto_page_break(True, margin=15)
        self.set_margins(15, 15, 15)

    def header(self):
        self.set_font(self.font_name, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, f"{self.report.centre} · {self.title_text} · "
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
    return goals.colour_label(colour, lang) if isinstance(colour, str) else "–"


def _changes(a, b, lang: str) -> str:
    """'Gul → Grøn', or the one colour where nothing changed."""
    before, after = _colour_text(a, lang), _colour_text(b, lang)
    return after if a == b or not isinstance(a, str) else f"{before} → {after}"


def _fit(pdf: _PDF, text: str, width: float) -> str:
    """The text cut to ``width`` millimetres with an ellipsis, at a word where one is near."""
    text = _text(pdf, text)
    room = width - 2 * pdf.c_margin
    if pdf.get_string_width(text) <= room:
        return text
    ellipsis = "…" if pdf.font_name != "Helvetica" else "..."
    while text and pdf.get_string_width(text + ellipsis) > room:
        text = text[:-1]
    cut = text.rsplit(" ", 1)[0] if " " in text and len(text.rsplit(" ", 1)[0]) > len(text) * 0.6 else text
    return cut.rstrip(" ,;:-") + ellipsis


def _widths(pdf: _PDF, rows: list[list[str]], flexible: int, bold_first: bool = True) -> list[float]:
    """Column widths that hold every cell of each column on one line, the ``flexible`` column
    taking what is left of the page's width. A column of long text (a goal typed as a sentence)
    gets at most its share of the page and wraps, so that the flexible column keeps room: a
    narrow one would make a row taller than a page."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    flexible_least = 40.0
    most = (usable - flexible_least) / max(len(rows[0]) - 1, 1)
    widths = []
    for column in range(len(rows[0])):
        widest = 0.0
        for index, row in enumerate(rows):
            pdf.set_font(pdf.font_name, "B" if index == 0 and bold_first else "", pdf.font_size_pt)
            widest = max(widest, pdf.get_string_width(row[column]))
        widths.append(min(widest + 2 * pdf.c_margin + 0.5, most))
    pdf.set_font(pdf.font_name, "", pdf.font_size_pt)
    widths[flexible] = max(usable - (sum(widths) - widths[flexible]), flexible_least)
    return widths


HEAD = FontFace(emphasis="BOLD", fill_color=(221, 235, 247))


def pdf(report: Report, lang: str = "da", logo: Path | None = None, events: bool = False) -> bytes:
    """The report as an A4 PDF for the board's papers: the goals' lights at the period's end,
    what changed in it, the key figures against the period before and three charts; the
    period's events as an appendix when ``events`` is set. The centre's logo where it has one."""
    doc = _PDF(report, lang)
    doc.add_page()
    if logo:
        doc.image(str(logo), x=doc.w - doc.r_margin - 35, y=12, w=35)
    doc.set_font(doc.font_name, "B", 18)
    doc.multi_cell(0, 9, _text(doc, report.centre), new_x="LMARGIN", new_y="NEXT")
    doc.set_font(doc.font_name, "B", 12)
    doc.multi_cell(0, 7, _text(doc, f"{t('report.title', lang)}: {report.period.caption(lang)}"),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    doc.set_font(doc.font_name, "", 10)
    doc.multi_cell(0, 5, _text(doc, t("report.subtitle", lang, start=fmt_date(report.start, lang),
                                      end=fmt_date(report.end, lang), made=fmt_date(report.made, lang))),
                   new_x="LMARGIN", new_y="NEXT", align="L")
    if report.problems:
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(0, 4, _text(doc, t("report.problems", lang, count=report.problems)), new_x="LMARGIN",
                       new_y="NEXT", align="L")

    _heading(doc, t("report.goals_at", lang, date=fmt_date(report.as_of, lang)))
    doc.set_font(doc.font_name, "", 7)
    doc.multi_cell(0, 3.5, _text(doc, t("report.goals_help", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.ln(1)
    doc.set_font(doc.font_name, "", 7.5)
    headings = [t(k, lang) for k in ("report.col.goal", "report.col.result", "report.col.time", "report.col.proposed",
                                     "report.col.period_progress")]
    with doc.table(col_widths=(78, 15, 15, 24, 48), text_align="LEFT", line_height=3.6, headings_style=HEAD,
                   padding=0.8) as table:
        table.row([_text(doc, h) for h in headings])
        for area, rows in report.goals.groupby("area", sort=False):
            table.row().cell(_text(doc, area), colspan=5, style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)))
            for row in rows.to_dict("records"):
                cells = table.row()
                said = _text(doc, row["board_comment"])
                cells.cell(_text(doc, f"{row['id']} {row['goal']}")
                           + (f"\n{fmt_date(row['board_date'], lang)}: {said}" if said else ""))
                cells.cell(_text(doc, _colour_text(row["board_result"], lang)), style=_light(row["board_result"]))
                cells.cell(_text(doc, _colour_text(row["board_time"], lang)), style=_light(row["board_time"]))
                cells.cell(_text(doc, proposed_text(row, lang)))
                progress = period_text(row, lang)
                if report.period.kind in ("since", "custom") and row["countable"] and row["in_period"]:
                    # where the goal's running window stands, beside the period's own count
                    progress += f" ({windows_text({**row, 'in_period': row['in_period'][-1:]}, lang, report.as_of)})"
                cells.cell(_text(doc, progress))

    _heading(doc, t("report.changes", lang, caption=report.period.caption(lang)))
    doc.set_font(doc.font_name, "", 8)
    _history_table(doc, report.history, lang)
    if report.shifted is not None and not report.shifted.empty:
        doc.ln(2)
        doc.set_font(doc.font_name, "B", 9)
        doc.cell(0, 5, _text(doc, t("report.shifted", lang)), new_x="LMARGIN", new_y="NEXT")
        doc.set_font(doc.font_name, "", 8)
        doc.multi_cell(0, 4, _text(doc, "; ".join(
            f"{r['id']}: {_changes(r['proposed_result_before'], r['proposed_result'], lang)} / "
            f"{_changes(r['proposed_time_before'], r['proposed_time'], lang)}"
            for r in report.shifted.to_dict("records"))), new_x="LMARGIN", new_y="NEXT", align="L")

    _heading(doc, t("report.figures", lang))
    doc.set_font(doc.font_name, "", 8.5)
    _figures_table(doc, report.figures, lang)
    doc.set_font(doc.font_name, "", 7.5)
    doc.multi_cell(0, 3.5, _text(doc, t("report.previous_note", lang, start=fmt_date(
        report.start - (report.end - report.start) - dt.timedelta(days=1), lang),
        end=fmt_date(report.start - dt.timedelta(days=1), lang))), new_x="LMARGIN", new_y="NEXT", align="L")

    _charts_section(doc, report, lang)
    voice_section(doc, report, lang)

    if events:
        doc.add_page()
        _heading(doc, t("report.events", lang, count=len(report.events)))
        _events_appendix(doc, report, lang)
    return bytes(doc.output())


def _history_table(doc: _PDF, history: pd.DataFrame, lang: str) -> None:
    """The board's follow-ups: date, goal, each light (before → after) and the comment."""
    doc.set_font(doc.font_name, "", 8)
    if history.empty:
        doc.cell(0, 5, _text(doc, t("report.no_followups", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    labels = schema.labels("followups", lang)
    rows = [[fmt_date(r["date"], lang), _text(doc, r["goal"]), _text(doc, _changes(r["before_result"], r["result"], lang)),
             _text(doc, _changes(r["before_time"], r["time"], lang)), _text(doc, r["comment"])]
            for r in history.to_dict("records")]
    head = [_text(doc, labels[k]) for k in ("date", "goal", "result", "time", "comment")]
    widths = _widths(doc, [head] + [r[:4] + [""] for r in rows], flexible=4)
    with doc.table(col_widths=widths, text_align="LEFT", line_height=3.8, headings_style=HEAD, padding=0.8) as table:
        table.row(head)
        for values, row in zip(rows, history.to_dict("records")):
            cells = table.row()
            for index, value in enumerate(values):
                colour = {2: row["result"], 3: row["time"]}.get(index)
                cells.cell(value, style=_light(colour) if colour is not None else None)


def _figures_table(doc: _PDF, figures: pd.DataFrame, lang: str, heads: tuple[str, str] | None = None) -> None:
    """Key figures against the period before, with the change; ``heads`` names the two periods."""
    heads = heads or (t("report.col.period", lang), t("report.col.previous", lang))
    rows = [[_text(doc, h) for h in (t("report.col.figure", lang), *heads, t("report.col.change", lang))]]
    for row in figures.to_dict("records"):
        change = row["value"] - row["previous"]
        rows.append([_text(doc, t(f"report.figure.{row['figure']}", lang)), fmt_number(row["value"], lang),
                     fmt_number(row["previous"], lang), f"{'+' if change > 0 else ''}{fmt_number(change, lang)}"])
    widths = _widths(doc, rows, flexible=0)
    with doc.table(col_widths=widths, text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"), line_height=4.2,
                   headings_style=HEAD, padding=0.8) as table:
        for row in rows:
            table.row(row)


def _image(doc: _PDF, png: bytes, x: float, y: float, w: float) -> None:
    import io

    doc.image(io.BytesIO(png), x=x, y=y, w=w)


def _charts_section(doc: _PDF, report: Report, lang: str) -> None:
    """Reach by age band against the target with its table, then membership against its target
    and events per month side by side, each on a page of its own where it does not fit."""
    from fcdash import report_charts  # matplotlib (a second to load) only when a PDF is made

    usable = doc.w - doc.l_margin - doc.r_margin
    reach_height = 18 + 10 * max(len(report.reach), 1)
    if doc.get_y() + 10 + reach_height + 30 > doc.h - doc.b_margin:
        doc.add_page()
    _heading(doc, t("report.reach", lang))
    doc.set_font(doc.font_name, "", 7.5)
    doc.multi_cell(0, 3.5, _text(doc, t("reach.note", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    _image(doc, report_charts.reach(report.reach, lang, usable, reach_height), doc.l_margin, doc.get_y() + 1, usable)
    doc.set_y(doc.get_y() + reach_height + 2)
    labels = reach_labels(lang)
    doc.set_font(doc.font_name, "", 8)
    rows = [[_text(doc, label) for label in labels.values()]]
    for row in report.reach.to_dict("records"):
        rows.append([_text(doc, row["initiative"]), *(fmt_number(row[k], lang) for k in ("young", "adults", "elderly",
                     "attendances")), fmt_number(row["target"], lang) if row["target"] is not None else "–",
                     fmt_number(row["organisations"], lang)])
    if len(rows) > 1:
        widths = _widths(doc, rows, flexible=0)
        with doc.table(col_widths=widths, text_align=("LEFT",) + ("RIGHT",) * 6, line_height=4, headings_style=HEAD,
                       padding=0.8) as table:
            table.row(rows[0])
            for row in rows[1:]:
                table.row(row)

    half, height = (usable - 6) / 2, 62
    if doc.get_y() + 12 + height > doc.h - doc.b_margin:
        doc.add_page()
    doc.ln(3)
    top = doc.get_y()
    doc.set_font(doc.font_name, "B", 11)
    doc.cell(half, 6, _text(doc, t("report.membership", lang)))
    doc.set_x(doc.l_margin + half + 6)
    doc.cell(half, 6, _text(doc, t("report.per_month", lang)), new_x="LMARGIN", new_y="NEXT")
    members = report_charts.members(report.members, report.member_target, report.start, lang, half, height)
    _image(doc, members, doc.l_margin, top + 7, half)
    _image(doc, report_charts.per_month(report.months, report.start, lang, half, height),
           doc.l_margin + half + 6, top + 7, half)
    doc.set_y(top + 8 + height)
    doc.set_font(doc.font_name, "", 8)
    values = dict(zip(report.membership["figure"], report.membership["value"]))
    doc.multi_cell(half, 4, _text(doc, t("report.members_line", lang, active=fmt_number(values["active_members"], lang),
                                         target=fmt_number(values["target"], lang), joined=fmt_number(values["joined"], lang),
                                         left=fmt_number(values["left"], lang))), new_x="LMARGIN", new_y="NEXT",
                   align="L")


def voice_section(doc: _PDF, report: Report, lang: str) -> None:
    """The participants' voice for each loneliness initiative: its answers, response rate and
    outcome figures, for all its answers and by age band; a figure on fewer than five answers is
    a dash, and a sentence says why. Comments are never in it."""
    voice = report.voice if report.voice is not None else pd.DataFrame(columns=outcomes.COLUMNS)
    if doc.get_y() + 40 + 5 * (len(voice) + voice["band"].eq(outcomes.ALL).sum()) > doc.page_break_trigger:
        doc.add_page()  # the heading, its table and the sentence under it together
    _heading(doc, t("outcomes.report", lang))
    doc.set_font(doc.font_name, "", 7.5)
    doc.multi_cell(0, 3.5, _text(doc, t("outcomes.intro", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    doc.ln(1)
    if not voice["answers"].sum():
        doc.set_font(doc.font_name, "", 8.5)
        doc.multi_cell(0, 4.2, _text(doc, t("outcomes.report_none", lang)), new_x="LMARGIN", new_y="NEXT", align="L")
        return
    text = outcomes.as_text(voice, lang)
    heads = [_text(doc, h) for h in text.columns[1:]]
    doc.set_font(doc.font_name, "", 7.5)
    with doc.table(col_widths=(30, 12, 20, 22, 18, 24, 28, 26), text_align=("LEFT",) + ("RIGHT",) * 7,
                   line_height=3.6, headings_style=HEAD, padding=0.8) as table:
        table.row(heads)
        for (_, row), band in zip(text.iterrows(), voice["band"]):
            if band == outcomes.ALL:
                table.row().cell(_text(doc, row.iloc[0]), colspan=8,
                                 style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)))
            table.row([_text(doc, v) for v in row.iloc[1:]])
    if outcomes.any_hidden(voice):
        doc.ln(1)
        doc.set_font(doc.font_name, "", 7.5)
        doc.multi_cell(0, 3.5, _text(doc, t("outcomes.hidden", lang, min=outcomes.MIN_ANSWERS)), new_x="LMARGIN",
                       new_y="NEXT", align="L")


def _events_appendix(doc: _PDF, report: Report, lang: str) -> None:
    """One line each: every column as wide as its longest text (the date's always whole), the
    title and the initiatives cut with an ellipsis where the page runs out."""
    if report.events.empty:
        doc.cell(0, 6, _text(doc, t("report.no_events", lang)), new_x="LMARGIN", new_y="NEXT")
        return
    labels = schema.labels("events", lang)
    keys = ("date", "title", "type", "initiatives", "participants")
    doc.set_font(doc.font_name, "", 7.5)
    rows = [[_text(doc, labels[k]) for k in keys]]
    for row in report.events.to_dict("records"):
        rows.append([fmt_date(row["date"], lang), _text(doc, row["title"]), _text(doc, row["type"]),
                     _text(doc, row["initiatives"]), fmt_number(row["participants"], lang)])
    usable = doc.w - doc.l_margin - doc.r_margin
    widths = _widths(doc, rows, flexible=1)
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
            text = value if column in (0, 4) else _fit(doc, value, width)
            doc.cell(width, 4.2, text, align=align[column], fill=head, border="B")
        doc.ln(4.2)

    line(rows[0], True)
    for row in rows[1:]:
        if doc.get_y() + 4.2 > doc.page_break_trigger:  # a new page repeats the header
            doc.add_page()
            line(rows[0], True)
        line(row, False)


# --- Excel ----------------------------------------------------------------------------------------

def excel(report: Report, lang: str = "da") -> bytes:
    """The same tables as an Excel workbook: one sheet each, real dates and numbers, bold
    headers, filters, frozen header rows."""
    goal_cols = {"id": "report.col.id", "area": "goals.filter_area", "goal": "report.col.goal", "board_result": "report.col.result",
                 "board_time": "report.col.time", "board_date": "report.col.board_date", "board_comment": "report.col.comment",
                 "proposed_result": "report.col.proposed_result", "proposed_time": "report.col.proposed_time",
                 "target_value": "report.col.target", "windows": "report.col.progress"}
    sheets = {
        t("report.sheet.goals", lang): report.goals.assign(
            windows=[windows_text(row, lang, report.as_of) for row in report.goals.to_dict("records")],
            proposed_result=[proposed_text(row, lang) if row["status"] != goals.SCORED else row["proposed_result"]
                             for row in report.goals.to_dict("records")])[list(goal_cols)].rename(
            columns={k: t(v, lang) for k, v in goal_cols.items()}),
        t("report.sheet.history", lang): report.history.rename(columns={
            **schema.labels("followups", lang), "before_result": t("report.col.before_result", lang),
            "before_time": t("report.col.before_time", lang)}),
        t("report.sheet.figures", lang): report.figures.assign(
            figure=[t(f"report.figure.{f}", lang) for f in report.figures["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("report.col.period", lang),
                "previous": t("report.col.previous", lang)}),
        t("report.sheet.reach", lang): report.reach.rename(columns=reach_labels(lang)),
        t("outcomes.sheet", lang): outcomes.as_numbers(report.voice, lang),
        t("report.sheet.membership", lang): report.membership.assign(
            figure=[t(f"report.member.{f}", lang) for f in report.membership["figure"]]).rename(columns={
                "figure": t("report.col.figure", lang), "value": t("col.value", lang)}),
        t("report.sheet.events", lang): report.events.rename(columns=schema.labels("events", lang)),
    }
    return excel_bytes(sheets)
