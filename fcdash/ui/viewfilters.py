"""The view's filters on the page itself and in its link: the period, initiative, local area and
member type the reach, members and events pages share, and the goals page's own choices.

They stand at the top of the page (the shared ones folded under one line that says what is
chosen), so a phone with the sidebar closed shows and changes them. Each filter has one home in
the session (``f_<name>``: each run sets its widget's key ``_w_<name>`` from it, and the widget's
change callback writes it back), so it is kept from page to page; and each is written to
the address (``st.query_params``) so that a view can be shared. A link's parameters set the
filters when the address holds others than this session wrote: a link just opened, or the
browser's back button. Which names a link uses and what it may set is ``fcdash.filters``."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from fcdash import filters as flt, metrics, schema
from fcdash.snapshot import Snapshot
from fcdash.ui.session import fmt_date, identity, t
from fcdash.ui.widgets import escape, known_values

SHARED = tuple(flt.LINK.values())
GOALS_LINK = {"areas": "omraade", "attention": "obs"}  # the goals page's own: strategic areas, needs attention
EVERY_NAME = (*SHARED, *GOALS_LINK.values())
SEEN = "_link_seen"  # the filters' parameters as this session last wrote them to the address


def _remembered(name: str, default) -> str:
    """A filter's widget key, set on every run from the session's value (``f_<name>``, else
    ``default``): the same filter on another page is another widget, and Streamlit gives a new
    widget its own default (a multiselect's none), not what its key held for the last page's."""
    st.session_state[f"_w_{name}"] = st.session_state.setdefault(f"f_{name}", default)
    return f"_w_{name}"


def _changed(name: str) -> None:
    """A widget's new value is the filter's (a callback: it runs before the script)."""
    st.session_state[f"f_{name}"] = st.session_state[f"_w_{name}"]


def _keep(name: str, value) -> None:
    """A filter's value for this page's widget and every later page."""
    st.session_state[f"f_{name}"] = st.session_state[f"_w_{name}"] = value


def _opened(names: tuple[str, ...]) -> dict[str, list[str]]:
    """The address's parameters of ``names`` where they are not what this session wrote there
    (a link just opened); else none."""
    link = {name: st.query_params.get_all(name) for name in names if name in st.query_params}
    seen = {name: value for name, value in st.session_state.get(SEEN, {}).items() if name in names}
    return link if link and link != seen else {}


def _write(params: dict[str, list[str]], names: tuple[str, ...]) -> None:
    """This page's filters into the address, under ``names``; another page's filter names go,
    and every other parameter (``lang``, ``svar``) stays as it is."""
    for name in EVERY_NAME:
        wanted = [str(v) for v in params.get(name) or ()] if name in names else []
        if wanted and st.query_params.get_all(name) != wanted:
            st.query_params[name] = wanted
        elif not wanted and name in st.query_params:
            del st.query_params[name]
    st.session_state[SEEN] = {name: [str(v) for v in value] for name, value in params.items() if value}


def _period(value, default: tuple[dt.date, dt.date]) -> tuple[dt.date, dt.date]:
    """A period widget's value as two days (one while the second is being picked)."""
    if isinstance(value, (tuple, list)) and value:
        return (tuple(value) + (value[0],))[:2]
    return default


def _summary(f: flt.Filters, initiatives: dict[str, str]) -> str:
    """The folded filters' one line: the period and whatever else is chosen."""
    chosen = [", ".join(initiatives.get(i, i) for i in f.initiatives), ", ".join(f.areas), ", ".join(f.member_types)]
    return " · ".join([t("filters.bar", start=fmt_date(f.start), end=fmt_date(f.end)),
                       *(escape(words) for words in chosen if words)])


def bar(snap: Snapshot, today: dt.date) -> flt.Filters:
    """Period, initiative, local area and member type at the top of the page: folded under a line
    that says what is chosen; kept across pages and in the address."""
    starts = snap["goals"]["start"].dropna()
    default_start = identity().strategy_start or (starts.min().date() if len(starts) else dt.date(today.year, 1, 1))
    default = flt.Filters(start=default_start, end=today)
    areas = known_values(snap, "area")
    initiatives = metrics.names(snap["initiatives"])
    keys = {name: _remembered(name, value) for name, value in (
        ("period", (default.start, default.end)), ("initiatives", []), ("areas", []), ("member_types", []))}
    for name, known in (("initiatives", initiatives), ("areas", areas), ("member_types", schema.MEMBER_TYPES)):
        _keep(name, [v for v in st.session_state[keys[name]] if v in known])  # none gone from the sheet since
    opened = _opened(SHARED)
    if opened:
        before = _filters(default)
        now = flt.from_link(opened, before, today, initiatives=initiatives, areas=areas,
                            member_types=schema.MEMBER_TYPES)
        _keep("period", (now.start, now.end))
        for name in ("initiatives", "areas", "member_types"):
            _keep(name, list(getattr(now, name)))
    with st.expander(_summary(_filters(default), initiatives), key="view_filters", icon=":material/filter_list:"):
        period, chosen, chosen_areas, types = st.columns(4)
        period.date_input(t("filters.period"), key=keys["period"], format="DD.MM.YYYY", on_change=_changed,
                          args=("period",))
        chosen.multiselect(t("filters.initiatives"), list(initiatives), key=keys["initiatives"],
                           format_func=initiatives.get, placeholder=t("common.all"), select_all=False,
                           on_change=_changed, args=("initiatives",))
        chosen_areas.multiselect(t("filters.areas"), areas, key=keys["areas"], placeholder=t("common.all"),
                                 select_all=False, on_change=_changed, args=("areas",))
        types.multiselect(t("filters.member_types"), schema.MEMBER_TYPES, key=keys["member_types"],
                          placeholder=t("common.all"), select_all=False, on_change=_changed, args=("member_types",))
    f = _filters(default)
    _write(flt.to_link(f, default), SHARED)
    return f


def _filters(default: flt.Filters) -> flt.Filters:
    """The filters as the widgets hold them now."""
    start, end = _period(st.session_state.get("_w_period"), (default.start, default.end))
    return flt.Filters(start=start, end=end, initiatives=tuple(st.session_state.get("_w_initiatives", ())),
                       areas=tuple(st.session_state.get("_w_areas", ())),
                       member_types=tuple(st.session_state.get("_w_member_types", ())))


def goal_filters(areas: list[str]) -> tuple[list[str], bool]:
    """The goals page's choices, side by side at its top and in its link: only the goals that
    need attention (``obs=1``), and which strategic areas (``omraade=…``, one each)."""
    names = tuple(GOALS_LINK.values())
    keys = {"attention": _remembered("goals_attention", False), "areas": _remembered("goals_areas", [])}
    _keep("goals_areas", [a for a in st.session_state[keys["areas"]] if a in areas])  # none gone since
    opened = _opened(names)
    if opened:
        chosen = flt.link_names(opened.get(GOALS_LINK["areas"]), areas)
        only = flt.link_flag(opened.get(GOALS_LINK["attention"]))
        if chosen is not None:
            _keep("goals_areas", list(chosen))
        if only is not None:
            _keep("goals_attention", only)
    only_place, areas_place = st.columns([1, 2], vertical_alignment="center")
    only = only_place.toggle(t("goals.only_attention"), key=keys["attention"], help=t("goals.only_attention_help"),
                             on_change=_changed, args=("goals_attention",))
    chosen = areas_place.multiselect(t("goals.filter_area"), areas, key=keys["areas"], placeholder=t("common.all"),
                                     select_all=False, on_change=_changed, args=("goals_areas",))
    _write({GOALS_LINK["areas"]: chosen, GOALS_LINK["attention"]: ["1"] if only else []}, names)
    return chosen, only
