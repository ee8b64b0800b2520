"""The benchmark's own parts (benchmarks/): its scaled data and its baseline recipe are what they
claim to be. The benchmark itself runs with `python -m benchmarks.run`, not in the test suite."""

from __future__ import annotations

import json

from benchmarks import recipe
from benchmarks.data import google_grids, scaled_rows
from fcdash import schema
from fcdash.parsing import parse_grids
from tests.conftest import TODAY, google_config, google_sheet


def test_scaled_data_is_clean_and_grows_by_copies_of_the_centre(demo_rows):
    one, three = scaled_rows(1, TODAY), scaled_rows(3, TODAY)
    for key in ("members", "events", "activities"):
        assert len(three[key]) == 3 * len(one[key])
    for key in ("goals", "initiatives", "followups"):
        assert three[key] == one[key] == demo_rows[key]
    snap = parse_grids(google_grids(three))
    assert snap.problems == []  # every copy's references resolve to its own copy's members
    events = snap["events"]
    assert events["organisations"].explode().dropna().str.endswith("-2").any()
    assert events["participants"].sum() == 3 * parse_grids(google_grids(one))["events"]["participants"].sum()


def test_the_benchmark_grids_are_what_the_emulator_answers(emulator, demo_rows):
    store = google_sheet(emulator, demo_rows)
    answered = store.read_grids()
    built = google_grids(demo_rows)
    for tab in schema.TABS:
        assert [r for r in answered[tab.key] if r] == built[tab.key], tab.key


def test_the_recipe_reads_every_tab_with_its_own_requests_and_rewrites_a_tab_to_save_a_row(emulator, demo_rows):
    store = google_sheet(emulator, demo_rows)
    client = recipe.client(google_config(emulator, store.key))
    emulator.reset_counts()
    frames = recipe.read_all(client, store.key)
    assert len(frames["activities"]) == len(demo_rows["activities"])
    assert sum(emulator.counts.values()) == 1 + 2 * len(schema.TABS)  # open_by_key, then metadata + values a tab

    tab_before = json.dumps(emulator.grid(store.key, schema.tab("activities").title), ensure_ascii=False)
    emulator.reset_counts()
    recipe.save_by_rewrite(client, store.key, "activities", {"id": "AKT-NY", "type": "Kursus", "count": 1})
    assert emulator.counts["values.clear"] == 1
    sent = sum(size for *_, size in emulator.log)
    assert sent > len(tab_before.encode())  # the whole tab went over the wire, to add one row
    grid = emulator.grid(store.key, schema.tab("activities").title)
    assert len(grid) == 1 + len(demo_rows["activities"]) + 1 and grid[-1][0] == "AKT-NY"
