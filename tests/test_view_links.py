"""A view in its link: the period, initiative, local area and member type of the reach, members
and events pages are in the address (?fra=…&til=…&lokal=…), so a board member can share what
they see. A link's parameters set the filters, a change writes them, and what a link cannot mean
is ignored, never a crash."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from fcdash import filters as flt, i18n, schema
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from tests.conftest import ROOT, TODAY

DEFAULT = flt.Filters(start=dt.date(2025, 1, 1), end=TODAY)  # the demo's strategy period, to today
INITIATIVES, AREAS = ("IND-UNGE", "IND-AELDRE", "IND-JOB"), ("Korsør", "Slagelse", "Skælskør, Vest")
KNOWN = {"initiatives": INITIATIVES, "areas": AREAS, "member_types": schema.MEMBER_TYPES}


def read(params, base=DEFAULT):
    return flt.from_link(params, base, TODAY, **KNOWN)


# --- the link's words, without Streamlit --------------------------------------------------------------------

days = st.dates(dt.date(TODAY.year - flt.YEARS_BACK, 1, 1), dt.date(TODAY.year + flt.YEARS_AHEAD, 12, 31))
views = st.builds(lambda a, b, i, r, m: flt.Filters(min(a, b), max(a, b), tuple(i), tuple(r), tuple(m)), days, days,
                  st.lists(st.sampled_from(INITIATIVES), unique=True), st.lists(st.sampled_from(AREAS), unique=True),
                  st.lists(st.sampled_from(schema.MEMBER_TYPES), unique=True, max_size=3))


@settings(max_examples=200, deadline=None)
@given(views)
def test_a_view_read_back_from_its_link_is_the_same_view(view):
    link = flt.to_link(view, DEFAULT)
    assert read(link) == view
    assert set(link) <= set(flt.LINK.values()) and all(isinstance(v, list) and v for v in link.values())


def test_the_default_view_is_the_plain_address_and_names_are_one_parameter_each():
    assert flt.to_link(DEFAULT, DEFAULT) == {}
    view = flt.Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31), areas=("Korsør", "Skælskør, Vest"))
    assert flt.to_link(view, DEFAULT) == {"fra": ["2026-01-01"], "til": ["2026-03-31"],
                                          "lokal": ["Korsør", "Skælskør, Vest"]}  # a comma in a name stays whole


junk = st.lists(st.one_of(st.text(max_size=20), st.sampled_from(["2026-02-30", "26-1-1", "0001-01-01", "9999-12-31",
                                                                  "2026-01-01T00:00", " 2026-03-01 ", "Korsør", "korsør"])),
                max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*flt.LINK.values(), "lang", "svar", "obs"]), junk))
def test_whatever_a_link_holds_gives_a_view_that_can_be_drawn(params):
    view = read(params)
    assert view.start <= view.end
    assert TODAY.year - flt.YEARS_BACK <= view.start.year and view.end.year <= TODAY.year + flt.YEARS_AHEAD
    pd.Timestamp(view.start), pd.Timestamp(view.end)  # the pages' frames can compare with it
    assert set(view.initiatives) <= set(INITIATIVES) and set(view.areas) <= set(AREAS)
    assert set(view.member_types) <= set(schema.MEMBER_TYPES)


def test_what_a_link_cannot_mean_keeps_the_view_before_it():
    before = flt.Filters(dt.date(2026, 1, 1), dt.date(2026, 6, 30), areas=("Slagelse",))
    assert read({"fra": ["2026-13-01"], "til": ["i går"], "lokal": ["Atlantis"], "type": ["Rumvæsen"]}, before) == before
    assert read({"fra": ["2026-05-01"], "til": ["2026-04-01"]}, before) == before  # a period ending before it begins
    assert read({"fra": ["1066-10-14"]}, before) == before  # far out of range: a typo, not a view
    assert read({"lokal": ["Atlantis", "Korsør", "Korsør"]}, before).areas == ("Korsør",)  # the known name, once
    assert read({"til": ["2026-03-31"]}, before) == flt.Filters(dt.date(2026, 1, 1), dt.date(2026, 3, 31), areas=("Slagelse",))
    assert flt.link_flag(["1"]) is True and flt.link_flag(["Nej"]) is False and flt.link_flag(["måske"]) is None


# --- the pages, opened from a link ------------------------------------------------------------------------------

def page(monkeypatch, workbook, path: str, **link) -> AppTest:
    monkeypatch.setenv("FCDASH_WORKBOOK", str(workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(link)
    at.switch_page(path).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def shown(at) -> dict:
    return {"period": at.date_input(key="_w_period").value, "initiatives": at.multiselect(key="_w_initiatives").value,
            "areas": at.multiselect(key="_w_areas").value, "types": at.multiselect(key="_w_member_types").value}


def test_a_link_sets_the_filters_and_a_change_writes_them(monkeypatch, demo_workbook):
    at = page(monkeypatch, demo_workbook, "app_pages/events.py", fra="2026-01-01", til="2026-03-31", lokal="Korsør")
    assert shown(at) == {"period": (dt.date(2026, 1, 1), dt.date(2026, 3, 31)), "initiatives": [], "areas": ["Korsør"],
                         "types": []}
    events = read_snapshot(WorkbookStore(demo_workbook))["events"]
    mine = events.loc[events["date"].between("2026-01-01", "2026-03-31") & (events["area"] == "Korsør")]
    assert {m.label: m.value for m in at.metric}["Arrangementer"] == i18n.fmt_number(len(mine)) and len(mine)
    # The folded filters say what is chosen, on the page itself (a phone keeps the sidebar closed).
    (folded,) = [e for e in at.main.get("expander") if "Periode" in e.label]
    assert folded.label == "Periode 01.01.2026–31.03.2026 · Korsør"
    assert not at.sidebar.get("date_input") and not at.sidebar.get("multiselect")
    # A change goes into the address; the default period leaves it.
    at.multiselect(key="_w_member_types").select("Kirke").run()
    assert at.query_params["type"] == "Kirke" and at.query_params["lokal"] == "Korsør"
    at.date_input(key="_w_period").set_value((DEFAULT.start, TODAY)).run()
    assert "fra" not in at.query_params and "til" not in at.query_params
    # Kept on another page (and in its address), and the goals page's own choices are its own.
    at.switch_page("app_pages/members.py").run()
    assert shown(at)["areas"] == ["Korsør"] and shown(at)["types"] == ["Kirke"]
    assert at.query_params["lokal"] == "Korsør"
    at.switch_page("app_pages/goals.py").run()
    assert "lokal" not in at.query_params and "type" not in at.query_params


def test_a_link_with_nonsense_opens_the_default_view(monkeypatch, demo_workbook):
    at = page(monkeypatch, demo_workbook, "app_pages/reach.py", fra="2026-02-30", til="i morgen", lokal="Atlantis",
              indsats=["IND-FINDES-IKKE"], type="Rumvæsen", lang="en")
    assert shown(at) == {"period": (DEFAULT.start, TODAY), "initiatives": [], "areas": [], "types": []}
    assert dict(at.query_params) == {"lang": "en"}  # the nonsense is gone from the address, the rest stays
    reversed_ = page(monkeypatch, demo_workbook, "app_pages/members.py", fra="2026-06-01", til="2026-01-01")
    assert shown(reversed_)["period"] == (DEFAULT.start, TODAY)
