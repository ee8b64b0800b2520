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
    axis.set_major_locator(MaxNLocator(integer=True, nbins=5))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt_number(value, lang)))


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
    period's share of its reach target."""
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
    if not names:
        ax.text(0.5, 0.5, t("report.chart.nothing", lang), transform=ax.transAxes, ha="center", va="center", fontsize=8)
    fig.legend(fontsize=6.5, loc="outside lower center", frameon=False, ncols=4)
    return _png(fig)


def members(line: pd.DataFrame, target: int | None, start: dt.date, lang: str, width_mm: float,
            height_mm: float) -> bytes:
    """Active member organisations at each month's end, the period's part drawn strong, against
    the membership goal's target."""
    fig = _figure(width_mm, height_mm)
    ax = fig.subplots()
    _style(ax, lang)
    x = list(range(len(line)))
    ax.plot(x, line["active"], color=LINE, marker="o", markersize=2.5, linewidth=1.6,
            label=t("report.chart.active", lang))
    inside = [i for i, day in enumerate(line["date"]) if day >= pd.Timestamp(start)]
    if inside:
        ax.axvspan(inside[0] - 0.5, len(line) - 0.5, color="#EEF3F8", zorder=0, label=t("report.chart.period", lang))
    if target is not None:
        ax.axhline(target, color=TARGET, linestyle="--", linewidth=1.2,
                   label=t("report.chart.target", lang, value=fmt_number(target, lang)))
    ax.set_xticks(x, [_month(day, lang) for day in line["date"]])
    _numbers(ax.yaxis, lang)
    low = min([*line["active"], target if target is not None else line["active"].max()])
    ax.set_ylim(bottom=max(0, low - 5))
    ax.legend(fontsize=6, loc="lower right", frameon=False)
    return _png(fig)


def per_month(months: pd.DataFrame, start: dt.date, lang: str, width_mm: float, height_mm: float) -> bytes:
    """Events in each month, the period's months in the strong colour."""
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
    ax.margins(y=0.12)
    return _png(fig)
