"""Shared widgets: the sidebar, traffic lights, charts and tables with their
downloads, and Markdown tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from fcdash import charts, exports, goals, i18n, outcomes, schema, tables
from fcdash.config import TIME_ZONE
from fcdash.errors import ConfigError, StoreError
from fcdash.snapshot import Snapshot
from fcdash.ui import sender, signin
from fcdash.ui.data import clear_cache
from fcdash.ui.session import fmt_date, identity, lang, t

LIGHTS = {schema.GREEN: ("green", ":material/check_circle:"), schema.YELLOW: ("yellow", ":material/error:"),
          schema.RED: ("red", ":material/cancel:"), schema.CHANGED: ("gray", ":material/change_circle:")}


def light(label: str, colour: str | None) -> None:
    """A traffic light as a badge with its colour's name and its own icon, so it reads in grey
    print and for colour-blind readers too."""
    if not isinstance(colour, str) or colour not in LIGHTS:
        st.badge(f"{label}: –", color="gray")
        return
    badge_colour, icon = LIGHTS[colour]
    st.badge(f"{label}: {goals.colour_label(colour, lang())}", color=badge_colour, icon=icon)


# A table of words never wider than the screen: its columns share the width and long words wrap
# inside their cells (a report's windows or comments on a 390 px phone), instead of the page
# sliding sideways.
FITTING_TABLES = """<style>
[data-testid="stMarkdownContainer"] table { width: 100%; table-layout: auto; }
[data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th { overflow-wrap: anywhere; }
@media (max-width: 640px) {
  [data-testid="stMarkdownContainer"] td, [data-testid="stMarkdownContainer"] th { font-size: 0.8rem; padding: 0.2rem; }
}
</style>"""


def sidebar() -> None:
    """The centre's name and logo, the language choice and the refresh button, on every page."""
    st.html(FITTING_TABLES)
    centre = identity()
    if centre.logo:
        st.logo(str(centre.logo))
    with st.sidebar:
        st.markdown(f"**{escape(centre.centre_name)}**")
        st.selectbox(t("common.language"), i18n.LANGUAGES, key="lang",
                     format_func={"da": "Dansk", "en": "English"}.get)
        # A callback runs before the script, so no rerun can lose the press.
        st.button(t("common.refresh"), icon=":material/refresh:", key="refresh", on_click=clear_cache)
        try:
            editor = signin.is_editor()
        except ConfigError:
            return  # the page itself says what is wrong with the configuration
        signin.keep_device()
        if editor:
            try:
                waiting = [e for e in sender.outbox().entries() if not e.failed]
            except (StoreError, ConfigError, OSError):
                waiting = []  # the page itself says what is wrong
            if waiting:
                st.badge(t("entry.waiting_badge", count=len(waiting)), icon=":material/schedule:", color="orange")
            st.caption(t("auth.signed_in_as", who=signin.who()))
            st.button(t("auth.sign_out"), on_click=signin.sign_out, key="sign_out_sidebar")


# --- the values volunteers typed ---------------------------------------------------------------

def known_values(snap: Snapshot, key: str) -> list[str]:
    """The values volunteers have typed in a column of that key, in any tab: the choices a
    suggesting field offers."""
    return sorted({v for frame in snap.frames.values() if key in frame for v in frame[key].dropna() if v})


# --- charts and tables with their downloads --------------------------------------------------------

def downloads(frame: pd.DataFrame, name: str) -> None:
    """A table as CSV (Danish Excel style) and as an Excel workbook, side by side; each file is
    made when it is asked for, so the page itself carries neither."""
    left, right = st.columns(2)
    left.download_button(t("common.download_csv"), lambda: exports.csv_bytes(frame), file_name=f"{name}.csv",
                         mime="text/csv", key=f"csv_{name}", type="tertiary", icon=":material/download:",
                         on_click="ignore")
    right.download_button(t("common.download_excel"), lambda: exports.excel_bytes({name: frame}),
                          file_name=f"{name}.xlsx", key=f"xlsx_{name}",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type="tertiary",
                          icon=":material/download:", on_click="ignore")


# A chart a thumb scrolls past: no wheel zoom, and a mode bar always shown (a phone has no hover)
# that holds only Streamlit's full-screen button, the closer look; with every axis fixed
# (fcdash.charts) plotly adds no zoom or pan buttons, and its image button (English, and the data
# is a download below) is taken away.
PLOT_CONFIG = {"displayModeBar": True, "modeBarButtonsToRemove": ["toImage"], "displaylogo": False,
               "scrollZoom": False, "doubleClick": False, "showTips": False, "showAxisDragHandles": False}


def plot(fig, key: str) -> None:
    """A plotly figure from fcdash.charts, drawn for touch as well as for a mouse."""
    st.plotly_chart(fig, key=key, config=PLOT_CONFIG)


def chart(fig, frame: pd.DataFrame, name: str, title: str | None = None) -> None:
    """A chart (under its title) with its data downloadable."""
    if title:
        st.subheader(title)
    plot(fig, f"chart_{name}")
    downloads(charts.download_frame(frame, lang()), name)


def chart_row(*charts: tuple) -> None:
    """Charts side by side, each given as chart()'s arguments."""
    for place, args in zip(st.columns(len(charts)), charts):
        with place:
            chart(*args)


def tab_table(frame: pd.DataFrame, tab_key: str, snap: Snapshot, name: str) -> None:
    """Rows of a tab as a table with the schema's columns (personal ones for editors only), a
    search, a sort and a page at a time (``dataframe``), and downloads of every row found."""
    editor = signin.is_editor()
    table = tables.readable(frame, tab_key, snap, lang(), personal=editor)
    if not editor and schema.personal_columns(tab_key):
        st.caption(t("common.personal_hidden"))
    found = dataframe(table, tab_key, name, search=True)
    downloads(found, name)


def dataframe(table: pd.DataFrame, tab_key: str, name: str, *, search: bool = False,
              first: tuple[str, ...] = ()) -> pd.DataFrame:
    """A tab's readable rows (``tables.readable``) as a table that fits a phone: the schema's
    brief columns, and every column after a tap on the toggle above it. A table longer than a page
    (``tables.PAGE_ROWS``) is searched, sorted and cut into pages here on the server, so that the
    browser gets one page of it; ``search`` offers the search on a shorter table too. Returns the
    rows found, sorted (all pages), for the download. ``first``: columns of the page's own shown
    before the brief ones (a goal's 'Talt i')."""
    long = len(table) > tables.PAGE_ROWS
    found = table
    if search or long:
        found = tables.search(table, st.text_input(t("table.search"), key=f"search_{name}",
                                                   on_change=_first_page, args=(name,), icon=":material/search:"))
    if long:
        sorts = [(label, down) for label in table.columns for down in (False, True)]
        by = st.selectbox(t("table.sort"), sorts, index=None, key=f"sort_{name}", placeholder=t("table.sort_given"),
                          format_func=lambda s: f"{s[0]} {'↓' if s[1] else '↑'}", on_change=_first_page, args=(name,))
        found = tables.sort(found, *(by or (None, False)))
    every = st.toggle(t("common.all_columns"), key=f"all_columns_{name}")
    shown = paged(found, f"page_{name}", "table.rows") if long else found
    brief = [c for c in (*first, *tables.brief_labels(tab_key, lang())) if c in shown.columns]
    widths = {} if every else tables.brief_widths(tab_key, lang())
    dates = tables.date_labels(tab_key, lang())
    config = {c: st.column_config.DateColumn(format="DD.MM.YYYY", width=widths.get(c)) for c in dates}
    config.update({c: st.column_config.Column(width=w) for c, w in widths.items() if c not in dates})
    st.dataframe(tables.styled(shown, lang()), hide_index=True, width="stretch", placeholder="",
                 column_order=None if every else brief, column_config=config)
    return found


def paged(rows, key: str, caption: str, size: int = tables.PAGE_ROWS):
    """One page of ``rows`` (a frame or a list), chosen with a page number under ``key``, and a
    caption (message ``caption``) of which rows of how many are shown."""
    pages = tables.page_count(len(rows), size)
    # Set here, not as the widget's value: a search, a sort and fewer rows change it too.
    st.session_state[key] = min(st.session_state.get(key, 1), pages)
    number = st.number_input(t("table.page", pages=i18n.fmt_number(pages, lang())), min_value=1, max_value=pages,
                             step=1, key=key)
    first = (number - 1) * size
    shown = rows.iloc[first:first + size] if isinstance(rows, pd.DataFrame) else rows[first:first + size]
    st.caption(t(caption, first=i18n.fmt_number(min(first + 1, len(rows)), lang()),
                 last=i18n.fmt_number(first + len(shown), lang()), total=i18n.fmt_number(len(rows), lang())))
    return shown


def _first_page(name: str) -> None:
    """A new search or sort starts at the first page of what it finds."""
    st.session_state[f"page_{name}"] = 1


# --- report previews: what the PDF shows, in its order and its words (fcdash.reports.layout) -------------

def light_badge(colour, word: str | None = None) -> str:
    """A light as an inline Markdown badge with its colour's name (or ``word``) and the goals
    page's icon; a dash where there is none."""
    if not isinstance(colour, str) or colour not in LIGHTS:
        return "–"
    badge_colour, icon = LIGHTS[colour]
    return f":{badge_colour}-badge[{icon} {escape(word or goals.colour_label(colour, lang()))}]"


def goals_preview(rows: pd.DataFrame, headers: list[str]) -> None:
    """The board report's goals table (``layout.goal_rows``) as a phone reads it: under each
    strategic area, a goal a block: the goal and the board's comment, then the board's lights as
    badges, the proposal and the progress in the PDF's words, each named by its column."""
    _, result, time, proposed, progress = headers
    for area, part in rows.groupby(rows["area"].astype(object).fillna("–"), sort=False):
        st.markdown(f"**{escape(area)}**")
        blocks = []
        for r in part.to_dict("records"):
            said = f"  \n*{escape(r['comment'])}*" if isinstance(r["comment"], str) else ""
            blocks.append(f"- **{escape(r['goal'])}**{said}  \n{escape(result)}: {light_badge(r['result'])} · "
                          f"{escape(time)}: {light_badge(r['time'])} · {escape(proposed)}: {escape(r['proposed'])}"
                          f"  \n{escape(progress)}: {escape(r['progress'])}")
        st.markdown("\n".join(blocks))


def lights_preview(rows: list[dict], columns: list[str], words, goal_header: str) -> None:
    """The yearly report's lights table (``layout.lights_rows``): a goal a row, a column per
    meeting and one for the year's end, each 'result / time'; a light the board set at the
    meeting as a badge, one that stood from before in grey. ``words``: a colour's word."""
    def pair(lights, here: bool = True) -> str:
        return " / ".join(light_badge(c, words(c)) if here else f":gray[{escape(words(c)) or '–'}]" for c in lights)

    lines = [[escape(r["goal"]), *(pair((res, tim), here) for res, tim, here in r["meetings"]), pair(r["proposed"])]
             for r in rows]
    st.markdown(markdown_table([goal_header, *columns], lines))


def report_charts(members: pd.DataFrame | None, target: int | None, months: pd.DataFrame | None) -> None:
    """A report's membership (against its target, where there is one) and events-per-month
    charts side by side as the PDF places them; None for one the PDF leaves out. The dashboard's
    own interactive twins, so that the preview loads no matplotlib."""
    drawn = []
    if members is not None:
        line = (target, members["date"].iloc[-1]) if target is not None else None
        drawn.append((t("report.membership"), charts.members_over_time(members, line, lang()), "members"))
    if months is not None:
        drawn.append((t("report.per_month"), charts.events_per_month(months, lang()), "months"))
    for place, (title, fig, key) in zip(st.columns(2) if drawn else [], drawn):
        with place:
            st.markdown(f"**{title}**")
            plot(fig, f"report_chart_{key}")


def text_table(rows: list[list[str]]) -> None:
    """A report's table of words (header row first) as a Markdown table."""
    st.markdown(markdown_table(rows[0], [[escape(cell) for cell in row] for row in rows[1:]]))


def reach_table(reach: pd.DataFrame, labels: dict[str, str]) -> None:
    """A report's reach of the loneliness initiatives (``report.build``'s ``reach``, its headers
    ``report.reach_labels``) as a table that fits a phone: a column per initiative, a row per
    figure (seven figures side by side were 512 px wide). The labels come from the page, so the
    pages that draw no report do not load the PDF library. The page leaves it out for a centre
    with no loneliness initiative (``layout.shows_reach``), as the PDF does."""
    text = tables.as_text(reach, lang())
    text["target"] = text["target"].replace("", "–")  # no target: a dash, as in the PDF
    _figures_down(text.rename(columns=labels).set_index(labels["initiative"]))


def voice_preview(voice: pd.DataFrame | None) -> None:
    """A report's participants' voice (``outcomes.table``) as its preview shows it: the table,
    a figure on fewer than five answers as a dash and a sentence why; no comment ever. Like the
    PDF, nothing where no participant answered."""
    if voice is None or not voice["answers"].sum():
        return
    st.markdown(f"**{t('outcomes.report')}**")
    for _, rows in voice.groupby("initiative", sort=False):
        st.markdown(escape(rows["name"].iloc[0]))
        voice_table(rows)
    if outcomes.any_hidden(voice):
        st.caption(t("outcomes.hidden", min=outcomes.MIN_ANSWERS))


def voice_table(rows: pd.DataFrame) -> None:
    """One initiative's rows of ``outcomes.table`` as a table that fits a phone: a column for all
    answers and one per age band, a row per figure (eight figures side by side are 600 px wide)."""
    labels = outcomes.labels(lang())
    _figures_down(outcomes.as_text(rows, lang()).drop(columns=labels["name"]).set_index(labels["band"]))


def _figures_down(text: pd.DataFrame) -> None:
    """A table of a row per thing (named in the index) drawn as a column per thing and a row per
    figure, which fits a phone where the figures side by side do not. Two things of one name (or
    masked alike for a viewer) stay two columns: 'Navn', 'Navn (2)'."""
    names = text.index.to_series().astype(str)
    st.table(text.set_axis(names + names.groupby(names).cumcount().map(lambda n: f" ({n + 1})" if n else "")).T)


# --- text ------------------------------------------------------------------------------------------

def escape(text) -> str:
    """Text shown as itself in Markdown: no formatting, no links, no table breaks."""
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)  # None, NaN: blank
    for ch in "\\`*_{}[]()#+-.!|<>$~":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def link(text: str, url: str | None) -> str:
    return f"[{escape(text)}]({url})" if url else escape(text)


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must be escaped already (``escape``, ``link``)."""
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def followup_list(followups: pd.DataFrame) -> str:
    """A goal's follow-ups as a Markdown list, one entry each: the date and both lights on the
    first line, the comment and who wrote it under them."""
    columns = schema.tab("followups")
    entries = []
    for row in followups.to_dict("records"):
        lights = " · ".join(f"{columns.column(k).label(lang())}: "
                            f"{goals.colour_label(row[k], lang()) if isinstance(row[k], str) else '–'}"
                            for k in ("result", "time"))
        entry = f"- **{fmt_date(row['date'])}** · {escape(lights)}"
        if isinstance(row.get("comment"), str) and row["comment"].strip():
            entry += f"  \n  {escape(row['comment'])}"
        if isinstance(row.get("author"), str) and row["author"].strip():
            entry += f"  \n  *{escape(columns.column('author').label(lang()))}: {escape(row['author'])}*"
        entries.append(entry)
    return "\n".join(entries)


def read_at_caption(snap: Snapshot) -> None:
    st.caption(t("common.read_at", time=i18n.local_time(snap.read_at, TIME_ZONE).strftime("%H:%M"), source=snap.source))


def locale_warning(snap: Snapshot) -> None:
    """Say it when Google reads what volunteers type the way another country writes it."""
    if snap.foreign_locale:
        st.warning(t("locale.warning", locale=snap.locale), icon=":material/translate:")
