"""Chart builders: metric frames in, plotly figures out, with Danish labels and number formats."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from fcdash import schema
from fcdash.i18n import fmt_month, t
from fcdash.metrics import NO_FOLLOWUP

COLOUR_HEX = {schema.GREEN: "#2e7d32", schema.YELLOW: "#f9a825", schema.RED: "#c62828",
              schema.CHANGED: "#757575", NO_FOLLOWUP: "#bdbdbd"}
AGE_HEX = {"young": "#1f77b4", "adults": "#9467bd", "elderly": "#ff7f0e", "unknown": "#bdbdbd"}


def _layout(fig: go.Figure, lang: str, **kwargs) -> go.Figure:
    fig.update_layout(
        separators=",." if lang != "en" else ".,",  # decimal mark, then thousands separator
        margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h", y=-0.2),
        font=dict(size=14), **kwargs,
    )
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
    labels = [t(f"age.{band}", lang) for band in frame["band"]]
    fig = go.Figure(go.Bar(x=labels, y=frame["attendances"], marker_color=[AGE_HEX[b] for b in frame["band"]],
                           text=frame["attendances"], textposition="auto"))
    return _layout(fig, lang, yaxis=dict(title=t("chart.participants", lang), tickformat=",d"), showlegend=False)


def activities_by_type(frame: pd.DataFrame, lang: str = "da") -> go.Figure:
    fig = go.Figure(go.Bar(x=frame["count"], y=frame["type"], orientation="h", marker_color="#54a24b",
                           text=frame["count"], textposition="auto"))
    return _layout(fig, lang, yaxis=dict(autorange="reversed"), xaxis=dict(title=t("chart.count", lang)),
                   showlegend=False, height=max(260, 32 * len(frame)))


COLOUR_KEYS = {schema.GREEN: "colour.green", schema.YELLOW: "colour.yellow", schema.RED: "colour.red",
               schema.CHANGED: "colour.changed", NO_FOLLOWUP: "colour.none"}


def colour_label(colour: str, lang: str = "da") -> str:
    """A colour's text label, so a light reads in grey print and for colour-blind readers."""
    return t(COLOUR_KEYS[colour], lang) if colour in COLOUR_KEYS else str(colour)
