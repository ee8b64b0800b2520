"""Every chart the pages draw, built from the demo data: a swipe cannot zoom or pan it, and its
tooltips are Danish (a label and a number in the Danish format), never plotly's default."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from fcdash import charts, demo, metrics, outcomes
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore, create_workbook
from fcdash.ui import widgets
from tests.conftest import TODAY


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    path = create_workbook(tmp_path_factory.mktemp("charts") / "demo.xlsx", demo.demo_rows(TODAY))
    snap = read_snapshot(WorkbookStore(path))
    start = dt.date(2026, 1, 1)
    events, members = snap["events"], snap["members"]
    nodes, edges = metrics.network(events, members)
    ids = metrics.loneliness_initiatives(snap["initiatives"])
    answered = outcomes.answers(snap["evaluations"], events, ids[:1], start, TODAY)
    return {
        "events_per_month": charts.events_per_month(metrics.per_month(events, metrics.months_back(TODAY, 12), TODAY)),
        "attendances_by_age": charts.attendances_by_age(metrics.attendances_by_age(events)),
        "activities_by_type": charts.activities_by_type(metrics.activities_by_type(snap["activities"])),
        "reach_by_band": charts.reach_by_band(metrics.attendances_by_band_over_time(events, start, TODAY, "Q")),
        "cumulative_reach": charts.cumulative_reach(
            metrics.cumulative_reach(events, snap["initiatives"], ids, start, TODAY, "Q")),
        "organisations_over_time": charts.organisations_over_time(
            metrics.organisations_over_time(events, start, TODAY, "Q")),
        "bars": charts.bars(metrics.attendances_by_area(events), "area", "attendances", title="Deltagelser"),
        "network_map": charts.network_map(nodes, edges),
        "members_over_time": charts.members_over_time(metrics.members_over_time(members, start, TODAY),
                                                      metrics.membership_target(snap["goals"])),
        "joins_and_leaves": charts.joins_and_leaves(metrics.joins_and_leaves(members, start, TODAY)),
        "events_timeline": charts.events_timeline(events[["date", "title", "type", "participants"]]),
        "participants_by_type": charts.participants_by_type(metrics.participants_by_type(events, start, TODAY)),
        "online_split": charts.online_split(metrics.online_split(events)),
        "loneliness_distribution": charts.loneliness_distribution(outcomes.distribution(answered)),
        "loneliness_trend": charts.loneliness_trend(outcomes.trend(answered, start, TODAY)),
    }


def test_every_chart_builder_is_covered(figures):
    built = {name for name in dir(charts) if not name.startswith("_") and callable(getattr(charts, name))
             and getattr(charts, name).__annotations__.get("return") == "go.Figure"}
    assert built == set(figures)


def test_no_chart_can_be_dragged_zoomed_or_panned(figures):
    for name, fig in figures.items():
        assert fig.layout.dragmode is False, name
        axes = [fig.layout[k] for k in fig.layout if k.startswith(("xaxis", "yaxis"))]
        assert len(axes) >= 2 and all(axis.fixedrange is True for axis in axes), name
    assert widgets.PLOT_CONFIG["scrollZoom"] is False  # nor zoomed with a wheel or a trackpad


def test_every_tooltip_is_written_by_the_dashboard_with_a_danish_number(figures):
    for name, fig in figures.items():
        for trace in fig.data:
            if trace.hoverinfo == "skip":
                continue
            assert trace.hovertemplate, (name, trace.name)  # none of plotly's own "(x, y) trace 0"
    age = figures["attendances_by_age"].data[0]
    assert (age.hovertemplate, age.name) == ("%{x}<br>%{fullData.name}: %{y:,d}<extra></extra>", "Deltagelser")
    assert figures["attendances_by_age"].layout.separators == ",."  # 1.913, not 1,913
    bars = figures["bars"].data[0]
    assert (bars.hovertemplate, bars.name) == ("%{y}<br>%{fullData.name}: %{x:,d}<extra></extra>", "Deltagelser")
    assert figures["members_over_time"].data[0].hovertemplate.startswith("%{x|%d.%m.%Y}<br>%{fullData.name}: ")


def test_numbers_on_bars_read_upright_in_one_size(figures):
    """Plotly turns a number that does not fit a narrow bar sideways, and shrinks others: on a
    phone the members' and the activities' bars read as a jumble."""
    labelled = [t for fig in figures.values() for t in fig.data if t.type == "bar" and t.text is not None]
    assert len(labelled) >= 3
    assert all(t.textangle == 0 for t in labelled)
    assert all(fig.layout.uniformtext.mode == "hide" for fig in figures.values())
    assert all(fig.layout.xaxis.automargin for fig in figures.values())  # turned month labels are not cut


def test_a_value_axis_ends_at_a_tick_above_its_highest_value(figures):
    """A target line (membership's 'Mål: 70') sits under the axis's last number, not above it,
    so its value can be read off on the axis."""
    members = figures["members_over_time"]
    target = max(max(t.y) for t in members.data)
    top, step = members.layout.yaxis.range[1], members.layout.yaxis.dtick
    assert top > target and top % step == 0, (target, top, step)
    for name, fig in figures.items():  # every chart whose first value axis got a range
        axis = fig.layout.yaxis
        values = [v for t in fig.data if t.y is not None and (t.yaxis or "y") == "y" and t.orientation != "h"
                  for v in t.y if isinstance(v, (int, float))]
        if axis.range is not None and values:
            assert axis.range[1] > max(values), (name, axis.range, max(values))


def test_the_age_chart_has_a_bar_for_age_not_given_only_when_some_attendances_lack_a_band():
    frame = pd.DataFrame({"band": ["young", "adults", "elderly", "unknown"], "attendances": [5, 0, 3, 0]})
    assert list(charts.attendances_by_age(frame).data[0].x) == ["Unge 15-25", "Voksne 26-64", "Ældre 65+"]
    with_unknown = charts.attendances_by_age(frame.assign(attendances=[5, 0, 3, 2])).data[0]
    assert list(with_unknown.x)[-1] == "Uoplyst alder" and list(with_unknown.y) == [5, 0, 3, 2]
