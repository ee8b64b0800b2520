"""The board report's charts as PNG images, drawn on the server by matplotlib's Agg canvas (no
browser, no display, no global pyplot state, so sessions drawing at once do not meet). Sizes
are in millimetres, as the PDF places them; numbers and months as the report's language writes
them. No Streamlit here."""

from __future__ import annotations

import datetime as dt
import io
import textwrap

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PIL import Image

from fcdash import schema
from fcdash.i18n import fmt_month, fmt_number, t

DPI = 200
MM = 1 / 25.4
# Okabe and Ito's colours: told apart by colour-blind readers, and by their lightness in grey print.
BANDS = {"young": "#0072B2", "adults": "#E69F00", "elderly": "#009E73"}
TARGET, IN_PERIOD, BEFORE, LINE = "#D55E00", "#0072B2", "#A6C8E0", "#0072B2"


def _figure(width_mm: float, height_mm: float) -> Figure:
    fig = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    return fig


def _style(ax, lang: str) -> None:
    ax.tick_params(labelsize=6.5, length=2)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="both", color="#E0E0E0", linewidth=0.5)
    ax.set_axisbelow(True)


def _numbers(axis, lang: str) -> None:
    """Whole numbers as the report's language writes them: no '-0' (a tick a hair below zero)."""
    axis.set_major_locator(MaxNLocator(integer=True, nbins=5, min_n_ticks=2))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt_number(round(value) or 0, lang)))


def _top(*values) -> float:
    """An axis' upper limit from zero that holds every value (a target too) with room above it."""
    highest = max([float(v) for v in values if v is not None and not pd.isna(v)], default=0.0)
    return max(highest * 1.08, 1.0)


def _png(fig: Figure) -> bytes:
    """The figure as an RGB PNG: no alpha channel, so the PDF holds one image per chart."""
    raw = io.BytesIO()
    fig.savefig(raw, format="png", facecolor="white")
    out = io.BytesIO()
    Image.open(raw).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def _month(day, lang: str) -> str:
    """A month's tick: its name, with the year under January's."""
    name, year = fmt_month(day, lang).split(" ")
    return f"{name}\n{year}" if day.month == 1 else name


def reach(table: pd.DataFrame, lang: str, width_mm: float, height_mm: float) -> bytes:
    """Each loneliness initiative's attendances in the period by age band, stacked, beside the
    period's share of its reach target (``reach_figure``) as a PNG."""
    return _png(reach_figure(table, lang, width_mm, height_mm))


def reach_figure(table: pd.DataFrame, lang: str, width_mm: float, height_mm: float) -> Figure:
    """The reach chart: a bar per initiative from zero, its target's mark inside the axis. A
    report without loneliness initiatives draws none (``ValueError`` here)."""
    if table.empty:
        raise ValueError("no loneliness initiative: the report leaves the reach chart out")
    fig = _figure(width_mm, height_mm)
    ax = fig.subplots()
    _style(ax, lang)
    ax.grid(axis="y", visible=False)
    labels = schema.labels("events", lang)
    names = list(table["initiative"])[::-1]
    left = pd.Series(0, index=range(len(names)), dtype="int64")
    for key, colour in BANDS.items():
        values = pd.Series(list(table[key])[::-1], dtype="int64")
        ax.barh(range(len(names)), values, left=left, color=colour, height=0.6, label=labels[key])
        left = left + values
    targets = [v for v in list(table["target"])[::-1]]
    marked = [(i, v) for i, v in enumerate(targets) if v is not None and not pd.isna(v)]
    if marked:
        ax.scatter([v for _, v in marked], [i for i, _ in marked], marker="|", s=260, linewidths=2.2,
                   color=TARGET, zorder=3, label=t("report.chart.target_share", lang))
    ax.set_yticks(range(len(names)), [textwrap.shorten(n, 60, placeholder="…") for n in names])
    ax.set_yticklabels(["\n".join(textwrap.wrap(label.get_text(), 28)) for label in ax.get_yticklabels()])
    _numbers(ax.xaxis, lang)
    ax.set_xlim(0, _top(*left, *(v for _, v in marked)))
    fig.legend(fontsize=6.5, loc="outside lower center", frameon=False, ncols=4)
    return fig


def members(line: pd.DataFrame, target: int | None, start: dt.date, lang: str, width_mm: float,
            height_mm: float) -> bytes:
    """``members_figure`` as a PNG."""
    return _png(members_figure(line, target, start, lang, width_mm, height_mm))


def members_figure(line: pd.DataFrame, target: int | None, start: dt.date, lang: str, width_mm: float,
                   height_mm: float) -> Figure:
    """Active member organisations at each month's end, the period's part shaded, from zero up
    to above the membership goal's target (its line only where there is one)."""
    fig = _figure(width_mm, height_mm)
    ax = fig.subplots()
    _style(ax, lang)
    x = list(range(len(line)))
    ax.plot(x, line["active"], color=LINE, marker="o", markersize=2.5, linewidth=1.6,
            label=t("report.chart.active", lang))
    inside = [i for i, day in enumerate(line["date"]) if day >= pd.Timestamp(start)]
    if inside:
        ax.axvspan(inside[0] - 0.5, len(line) - 0.5, color="#EEF3F8", zorder=0, label=t("report.chart.period", lang))
    if target is not None and not pd.isna(target):
        ax.axhline(target, color=TARGET, linestyle="--", linewidth=1.2,
                   label=t("report.chart.target", lang, value=fmt_number(target, lang)))
    ax.set_xticks(x, [_month(day, lang) for day in line["date"]])
    _numbers(ax.yaxis, lang)
    ax.set_ylim(0, _top(*line["active"], target))
    ax.legend(fontsize=6, loc="lower right", frameon=False)
    return fig


def per_month(months: pd.DataFrame, start: dt.date, lang: str, width_mm: float, height_mm: float) -> bytes:
    """``per_month_figure`` as a PNG."""
    return _png(per_month_figure(months, start, lang, width_mm, height_mm))


def per_month_figure(months: pd.DataFrame, start: dt.date, lang: str, width_mm: float, height_mm: float) -> Figure:
    """Events in each month from zero, the period's months in the strong colour."""
    fig = _figure(width_mm, height_mm)
    ax = fig.subplots()
    _style(ax, lang)
    ax.grid(axis="x", visible=False)
    first = pd.Timestamp(start).to_period("M").to_timestamp()
    colours = [IN_PERIOD if month >= first else BEFORE for month in months["month"]]
    bars = ax.bar(range(len(months)), months["events"], color=colours, width=0.7)
    ax.bar_label(bars, labels=[fmt_number(v, lang) for v in months["events"]], fontsize=5.5, padding=1)
    ax.set_xticks(range(len(months)), [_month(m, lang) for m in months["month"]])
    _numbers(ax.yaxis, lang)
    ax.set_ylim(0, _top(*months["events"]) * 1.06)  # room for the bars' labels
    return fig
