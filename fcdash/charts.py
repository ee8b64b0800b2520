"""Chart builders: metric frames in, plotly figures out, with Danish labels and number formats."""

from __future__ import annotations

import math
import numbers

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from fcdash import outcomes, schema
from fcdash.goals import colour_label
from fcdash.i18n import fmt_month, fmt_number, t
from fcdash.metrics import NO_FOLLOWUP, period_label

COLOUR_HEX = {schema.GREEN: "#2e7d32", schema.YELLOW: "#f9a825", schema.RED: "#c62828",
              schema.CHANGED: "#757575", NO_FOLLOWUP: "#bdbdbd"}
AGE_HEX = {"young": "#1f77b4", "adults": "#9467bd", "elderly": "#ff7f0e", "unknown": "#bdbdbd"}


# One colour per category, from the schema's order, so a category keeps its colour on every chart;
# values typed outside the categories get the colours after them, in their sorted order.
PALETTE = plotly.colors.qualitative.Dark24


def category_colours(values, categories) -> dict[str, str]:
    """A distinct colour for each of ``values``, fixed by its place in ``categories``."""
    known = list(categories)
    others = sorted({str(v) for v in values} - set(known))
    return {v: PALETTE[i % len(PALETTE)] for i, v in enumerate([*known, *others])}


def nice_step(top: float, ticks: int = 5) -> int:
    """A round distance between axis ticks (1, 2 or 5 times a power of ten, at least 1) that
    puts about ``ticks`` ticks up to ``top``."""
    if not top or top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def _numbers(values, lang: str) -> list[str]:
    """Numbers as the text on bars, in the reader's format."""
    return [fmt_number(v, lang) for v in values]


def _is_number(value) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool) and value == value


def _value_axis(trace) -> tuple[str, object, object]:
    """A trace's value axis (its layout name), its values and the categories they stand at."""
    if getattr(trace, "orientation", None) == "h":
        return "xaxis" + (trace.xaxis or "x")[1:], trace.x, trace.y
    return "yaxis" + (trace.yaxis or "y")[1:], trace.y, trace.x


def _value_axes(fig: go.Figure) -> dict[str, tuple[float, bool]]:
    """Each axis that shows counts: its largest value (stacked where the bars are stacked) and
    whether a value is below zero (leaves drawn below the joins)."""
    stacked = fig.layout.barmode in ("stack", "relative")
    tops: dict[str, float] = {}
    below: set[str] = set()
    sums: dict[tuple, float] = {}
    for trace in fig.data:
        axis, values, keys = _value_axis(trace)
        found = [v for v in values if _is_number(v)] if values is not None else []
        if not found:
            continue
        if any(v < 0 for v in found):
            below.add(axis)
        if stacked and trace.type == "bar" and keys is not None:
            for key, v in zip(keys, values):
                if _is_number(v):
                    sums[(axis, key, v >= 0)] = sums.get((axis, key, v >= 0), 0) + abs(v)
        tops[axis] = max(tops.get(axis, 0), max(abs(v) for v in found))
    for (axis, _, _), total in sums.items():
        tops[axis] = max(tops[axis], total)
    return {axis: (top, axis in below) for axis, top in tops.items()}


def band_label(band: str, lang: str = "da") -> str:
    """An age band's label: the events tab's column, or 'age not given' for the rest."""
    return schema.tab("events").column(band).label(lang) if band in schema.AGE_KEYS else t("age.unknown", lang)


def _layout(fig: go.Figure, lang: str, **kwargs) -> go.Figure:
    fig.update_layout(
        separators=",." if lang != "en" else ".,",  # decimal mark, then thousands separator
        margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.2),
        font=dict(size=14), **kwargs,
    )
    for axis, (top, below_zero) in _value_axes(fig).items():  # round ticks: 0, 20, 40 rather than 18, 60, 102
        if fig.layout[axis].visible is not False and fig.layout[axis].type not in ("category", "date"):
            step = nice_step(top)
            fig.layout[axis].update(tick0=0, dtick=step)
            if not below_zero and fig.layout[axis].range is None and fig.layout[axis].autorange is None:
                # up to the first tick above the highest value, so a target line's value can be read off
                fig.layout[axis].update(range=[0, (math.floor(top / step) + 1) * step])
    # Numbers on bars read upright, in one size; one that does not fit its bar is left to the tooltip.
    fig.update_traces(textangle=0, selector=dict(type="bar"))
    fig.update_layout(uniformtext=dict(minsize=11, mode="hide"))
    fig.update_xaxes(automargin=True)  # month labels turned on a narrow screen get the room they need
    return _for_touch(_hover(fig, lang))


def _for_touch(fig: go.Figure) -> go.Figure:
    """A chart that a swipe scrolls past: no drag to zoom or pan, no axis a finger can move
    (a closer look is the full-screen view of the page). A tap still shows the tooltip."""
    fig.update_layout(dragmode=False)
    fig.update_xaxes(fixedrange=True)
    fig.update_yaxes(fixedrange=True)
    return fig


def _is_date(values) -> bool:
    return values is not None and len(values) > 0 and pd.api.types.is_datetime64_any_dtype(pd.Series(values))


def _hover(fig: go.Figure, lang: str) -> go.Figure:
    """A tooltip for every bar and line that has none of its own: the category (a date as
    dd.mm.yyyy), then the series' or the axis' label and the number in the figure's format,
    never plotly's default '(x, y)' with its trace name."""
    for trace in fig.data:
        if trace.type not in ("bar", "scatter") or trace.hovertemplate is not None or trace.hoverinfo == "skip":
            continue
        across = getattr(trace, "orientation", None) == "h"  # horizontal bars: the value is x
        category, value = ("y", "x") if across else ("x", "y")
        axis = (fig.layout.xaxis if across else fig.layout.yaxis).title.text
        label = "%{fullData.name}" if trace.name else axis or t("chart.count", lang)  # a name as data, not a template
        where = f"%{{{category}|%d.%m.%Y}}" if _is_date(getattr(trace, category)) else f"%{{{category}}}"
        number = f"%{{{value}:,d}}"
        trace.hovertemplate = f"{where}<br>{label}: {number}<extra></extra>"
    return fig


def events_per_month(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    """Bars of events and a line of attendances per month, on two axes."""
    labels = [fmt_month(m, lang) for m in frame["month"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=frame["events"], name=t("chart.events", lang), marker_color="#4c78a8")
    fig.add_scatter(x=labels, y=frame["participants"], name=t("chart.participants", lang), yaxis="y2",
                    mode="lines+markers", line=dict(color="#f58518"))
    return _layout(fig, lang, yaxis=dict(title=t("chart.events", lang), tickformat=",d"),
                   yaxis2=dict(title=t("chart.participants", lang), overlaying="y", side="right", tickformat=",d"),
                   xaxis=dict(type="category"))


def attendances_by_age(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    """A bar per age band; 'age not given' only when some attendances have no band."""
    frame = frame[(frame["band"] != "unknown") | (frame["attendances"] > 0)]
    labels = [band_label(band, lang) for band in frame["band"]]
    fig = go.Figure(go.Bar(x=labels, y=frame["attendances"], marker_color=[AGE_HEX[b] for b in frame["band"]],
                           text=_numbers(frame["attendances"], lang), textposition="auto",
                           name=t("chart.participants", lang)))
    return _layout(fig, lang, yaxis=dict(title=t("chart.participants", lang), tickformat=",d"), showlegend=False)


def activities_by_type(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    colours = category_colours(frame["type"], schema.ACTIVITY_TYPES)
    fig = go.Figure(go.Bar(x=frame["count"], y=frame["type"], orientation="h",
                           marker_color=[colours[str(v)] for v in frame["type"]],
                           text=_numbers(frame["count"], lang), textposition="auto", name=t("chart.count", lang)))
    return _layout(fig, lang, yaxis=dict(autorange="reversed"), xaxis=dict(title=t("chart.count", lang)),
                   showlegend=False, height=max(260, 32 * len(frame)))


# --- reach, members, events -------------------------------------------------------------------

def _periods(frame: pd.DataFrame, lang: str) -> list[str]:
    return [period_label(p, lang) for p in frame["period"]]


def reach_by_band(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    """Stacked bars of attendances by age band per month or quarter."""
    fig = go.Figure()
    for band in ("young", "adults", "elderly", "unknown"):
        part = frame.loc[frame["band"] == band]
        fig.add_bar(x=_periods(part, lang), y=part["attendances"], name=band_label(band, lang),
                    marker_color=AGE_HEX[band])
    return _layout(fig, lang, barmode="stack", xaxis=dict(type="category"),
                   yaxis=dict(title=t("chart.participants", lang), tickformat=",d"))


def cumulative_reach(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    """Attendances added up per initiative, with its target as a dashed line."""
    fig = go.Figure()
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    for i, (_, part) in enumerate(frame.groupby("initiative", sort=False)):
        colour = palette[i % len(palette)]
        labels = _periods(part, lang)
        fig.add_scatter(x=labels, y=part["cumulative"], name=part["name"].iloc[0], mode="lines+markers",
                        line=dict(color=colour))
        if part["target"].notna().any():
            fig.add_scatter(x=labels, y=[part["target"].iloc[0]] * len(part), mode="lines", showlegend=True,
                            name=t("chart.target_of", lang, name=part["name"].iloc[0]),
                            line=dict(color=colour, dash="dash"))
    return _layout(fig, lang, xaxis=dict(type="category"), yaxis=dict(title=t("chart.cumulative", lang), tickformat=",d"))


def organisations_over_time(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    labels = _periods(frame, lang)
    fig = go.Figure()
    fig.add_bar(x=labels, y=frame["organisations"], name=t("chart.orgs_in_period", lang), marker_color="#9ecae1")
    fig.add_scatter(x=labels, y=frame["cumulative"], name=t("chart.orgs_so_far", lang), mode="lines+markers",
                    line=dict(color="#08519c"))
    return _layout(fig, lang, xaxis=dict(type="category"), yaxis=dict(title=t("chart.organisations", lang), tickformat=",d"))


def bars(frame: pd.DataFrame, x: str, y: str, lang: str = "da", *, title: str = "", colour: str = "#4c78a8") -> go.Figure:
    """Horizontal bars, largest first: areas, types, target groups."""
    fig = go.Figure(go.Bar(x=frame[y], y=frame[x].astype(str), orientation="h", marker_color=colour,
                           text=_numbers(frame[y], lang), textposition="auto", name=title or None))
    return _layout(fig, lang, yaxis=dict(autorange="reversed"), xaxis=dict(title=title, tickformat=",d"),
                   showlegend=False, height=max(260, 30 * len(frame) + 80))


NETWORK_MAX_NODES = 60  # more dots than this are no longer a map anyone can read
NETWORK_LABELS = 8  # names written beside the most active dots; the rest show theirs on hover
LABEL_CHARS = 18


def _short(name: str) -> str:
    name = str(name)
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def network_map(nodes: pd.DataFrame, edges: pd.DataFrame, lang: str = "da") -> go.Figure:
    """Organisations as dots (size: events taken part in), linked when they met at an event
    (width: how many events they shared); the most active ones when there are very many
    (``nodes`` comes most active first)."""
    import networkx as nx

    nodes = nodes.head(NETWORK_MAX_NODES)
    edges = edges.loc[edges["source"].isin(nodes["org"]) & edges["target"].isin(nodes["org"])]
    graph = nx.Graph()
    graph.add_nodes_from(nodes["org"])
    graph.add_weighted_edges_from(edges[["source", "target", "weight"]].itertuples(index=False))
    pos = nx.spring_layout(graph, seed=7, weight="weight") if len(graph) else {}
    fig = go.Figure()
    top = edges["weight"].max() if len(edges) else 1
    for weight, group in edges.groupby("weight"):
        xs, ys = [], []
        for a, b in zip(group["source"], group["target"]):
            xs += [pos[a][0], pos[b][0], None]
            ys += [pos[a][1], pos[b][1], None]
        fig.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                        line=dict(width=0.5 + 4 * weight / top, color="rgba(80,80,80,0.35)"))
    size = nodes["events"]
    # Names only beside the most active dots, cut short and above and below by turns, so they do
    # not cover each other on a phone; every dot's full name is in its hover.
    labels = [_short(name) if i < NETWORK_LABELS else "" for i, name in enumerate(nodes["name"])]
    fig.add_scatter(x=[pos[o][0] for o in nodes["org"]], y=[pos[o][1] for o in nodes["org"]], mode="markers+text",
                    text=labels, hovertext=list(nodes["name"]), textfont=dict(size=11), showlegend=False,
                    textposition=["top center" if i % 2 == 0 else "bottom center" for i in range(len(nodes))],
                    marker=dict(size=8 + 22 * size / max(size.max(), 1), color="#2a9d8f", line=dict(width=1, color="white")),
                    customdata=size,
                    hovertemplate="%{hovertext}<br>" + t("chart.events", lang) + ": %{customdata:,d}<extra></extra>")
    return _layout(fig, lang, xaxis=dict(visible=False), yaxis=dict(visible=False), height=560)


def members_over_time(frame: pd.DataFrame, target: tuple[int, pd.Timestamp] | None, lang: str = "da") -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(x=frame["date"], y=frame["active"], name=t("chart.active_members", lang), mode="lines+markers",
                    line=dict(color="#1f5f8b"))
    if target:
        value, due = target
        fig.add_scatter(x=[frame["date"].iloc[0], due], y=[value, value], mode="lines", line=dict(dash="dash", color="#c62828"),
                        name=t("chart.member_target", lang, target=value))
    return _layout(fig, lang, yaxis=dict(title=t("chart.members", lang), tickformat=",d", rangemode="tozero"),
                   xaxis=dict(tickformat="%m.%Y"))


def joins_and_leaves(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    labels = _periods(frame, lang)
    fig = go.Figure()
    fig.add_bar(x=labels, y=frame["joined"], name=t("chart.joined", lang), marker_color="#2e7d32")
    fig.add_bar(x=labels, y=-frame["left"], name=t("chart.left", lang), marker_color="#c62828",
                customdata=frame["left"], hovertemplate="%{x}<br>" + t("chart.left", lang) + ": %{customdata:,d}<extra></extra>")
    return _layout(fig, lang, barmode="relative", xaxis=dict(type="category"), yaxis=dict(tickformat=",d"))


def events_timeline(events: pd.DataFrame, lang: str = "da", per: str | None = None) -> go.Figure:
    """Every event as a dot on its date, one row per type, sized by its participants; or, for the
    many events ``metrics.events_timeline`` counts per week or month (``per``), a dot per type and
    period, sized by its events."""
    types = events["type"].fillna("–")
    colours = category_colours(types, schema.EVENT_TYPES)
    height = max(320, 34 * events["type"].nunique() + 120)
    if per is None:
        size = events["participants"].fillna(0).astype(float)
        fig = go.Figure(go.Scatter(
            x=events["date"], y=types, mode="markers", text=events["title"],
            marker=dict(size=6 + 24 * (size / max(size.max(), 1)) ** 0.5, color=[colours[str(v)] for v in types],
                        opacity=0.7),
            customdata=size, hovertemplate="%{text}<br>%{x|%d.%m.%Y}<br>" + t("chart.participants", lang)
            + ": %{customdata:,d}<extra></extra>"))
        return _layout(fig, lang, xaxis=dict(tickformat="%d.%m.%Y"), height=height)
    count = events["events"].astype(float)
    when = t("chart.week_of", lang, date="%{x|%d.%m.%Y}") if per == "W" else "%{x|%m.%Y}"
    fig = go.Figure(go.Scatter(
        x=events["date"], y=types, mode="markers",
        marker=dict(size=6 + 24 * (count / max(count.max(), 1)) ** 0.5, color=[colours[str(v)] for v in types],
                    opacity=0.7),
        customdata=events[["events", "participants"]].to_numpy(),
        hovertemplate=f"%{{y}}<br>{when}<br>{t('chart.events', lang)}: %{{customdata[0]:,d}}<br>"
                      f"{t('chart.participants', lang)}: %{{customdata[1]:,d}}<extra></extra>"))
    return _layout(fig, lang, xaxis=dict(tickformat="%d.%m.%Y" if per == "W" else "%m.%Y"), height=height)


def participants_by_type(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    fig = go.Figure()
    colours = category_colours(frame["type"], schema.EVENT_TYPES)
    for typ, part in frame.groupby("type"):
        fig.add_bar(x=_periods(part, lang), y=part["participants"], name=typ, marker_color=colours[str(typ)])
    return _layout(fig, lang, barmode="stack", xaxis=dict(type="category", categoryorder="array",
                                                          categoryarray=list(dict.fromkeys(_periods(frame, lang)))),
                   yaxis=dict(title=t("chart.participants", lang), tickformat=",d"))


def online_split(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    labels = [t(f"chart.{m}", lang) for m in frame["mode"]]
    fig = go.Figure()
    fig.add_bar(x=labels, y=frame["events"], name=t("chart.events", lang), marker_color="#4c78a8",
                text=_numbers(frame["events"], lang))
    fig.add_bar(x=labels, y=frame["participants"], name=t("chart.participants", lang), marker_color="#f58518",
                text=_numbers(frame["participants"], lang))
    return _layout(fig, lang, barmode="group", yaxis=dict(tickformat=",d"))


# --- a chart's data as a download ------------------------------------------------------------------

def download_frame(frame: pd.DataFrame, lang: str = "da") -> pd.DataFrame:
    """A chart's data as people read it in a spreadsheet: the columns under the reader's labels,
    periods, age bands, colours and online/in person in words, lists as text."""
    words = {"band": lambda v: band_label(v, lang), "colour": lambda v: colour_label(v, lang),
             "mode": lambda v: t(f"chart.{v}", lang)}
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.PeriodDtype):
            out[col] = [period_label(p, lang) for p in out[col]]
        elif col in words:
            out[col] = out[col].map(words[col])
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: ", ".join(map(str, v)) if isinstance(v, tuple) else v)
    return out.rename(columns={col: t(f"export.{col}", lang) for col in out.columns})


# --- the participants' voice (fcdash.outcomes) ---------------------------------------------------

# Scores 3-6 in blues, the signs of severe loneliness (7-9) in oranges to reds: told apart in grey too.
SCORE_HEX = {3: "#c6dbef", 4: "#9ecae1", 5: "#6baed6", 6: "#3182bd", 7: "#fdae6b", 8: "#e6550d", 9: "#a63603"}
OUTCOME_BAND_HEX = {"all": "#424242", **AGE_HEX, "none": AGE_HEX["unknown"]}


def loneliness_distribution(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    """A bar per age band (``outcomes.distribution``) cut into the shares of each loneliness
    score, 3 to 9, in per cent."""
    fig = go.Figure()
    bands = list(dict.fromkeys(frame["band"]))
    names = [outcomes.band_label(b, lang) for b in bands]
    for score, colour in SCORE_HEX.items():
        part = frame.loc[frame["score"] == score].set_index("band").reindex(bands)
        shares = (100 * part["share"]).round(0).tolist()
        fig.add_bar(y=names, x=shares, orientation="h", name=str(score), marker_color=colour,
                    hovertemplate=f"%{{y}}<br>{t('outcomes.score', lang)} {score}: %{{x:.0f}} %<extra></extra>")
    fig = _layout(fig, lang, barmode="stack", height=140 + 44 * len(bands),
                  xaxis=dict(title=t("outcomes.share_axis", lang), range=[0, 100], ticksuffix=" %"),
                  yaxis=dict(autorange="reversed", type="category"))
    fig.update_layout(legend=dict(y=-0.35, title=dict(text=t("outcomes.score", lang))))
    return fig


def loneliness_trend(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    """A line per age band of the mean loneliness score (3-9) per quarter (``outcomes.trend``); a
    quarter without a figure is a gap in its line, and a line without any (hidden whole, or no
    scores) is not in the legend: a name beside no line would read as a line not drawn."""
    fig = go.Figure()
    for band, part in frame.groupby("band", sort=False):
        values = [None if v is None or v != v else round(float(v), 1) for v in part["score_mean"]]
        fig.add_scatter(x=_periods(part.rename(columns={"quarter": "period"}), lang), y=values, mode="lines+markers",
                        showlegend=any(v is not None for v in values),
                        name=outcomes.band_label(band, lang), line=dict(color=OUTCOME_BAND_HEX.get(band, "#757575")),
                        connectgaps=False, hovertemplate="%{x}<br>%{fullData.name}: %{y:.1f}<extra></extra>")
    fig = _layout(fig, lang, xaxis=dict(type="category"), yaxis=dict(title=t("outcomes.mean_axis", lang), range=[3, 9]))
    fig.update_yaxes(tick0=3, dtick=1, tickformat=".0f")
    return fig
