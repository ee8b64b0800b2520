"""The leader's corrections (issue 31): a change or delete made from the row as she saw it reaches
its own row by id whatever volunteers do to the tab meanwhile, and never overwrites a row a
volunteer changed since it was read: it is set aside with both versions."""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fcdash import corrections, entries, schema
from fcdash.errors import RowChanged
from fcdash.outbox import Outbox
from fcdash.parsing import read_snapshot
from tests.conftest import TODAY


def _compare(store):
    """The comparison the dashboard's sender makes: by the rules of a read, against the tabs now."""
    def compare(tab_key, cells, *, expected, written):
        return corrections.same_row(tab_key, cells, expected, read_snapshot(store).frames, written)
    return compare


def _sheet_row(volunteer, title: str, row_id: str) -> int:
    grid = volunteer.grid(title)
    return next(i + 1 for i, row in enumerate(grid) if row and row[0] == row_id)


def _column(title: str, key: str) -> int:
    tab = next(t for t in schema.TABS if t.title == title)
    return [c.key for c in tab.columns].index(key) + 1


def _without(frame: pd.DataFrame, *ids: str) -> pd.DataFrame:
    return frame.set_index("id").drop(index=list(ids)).drop(columns="_row").sort_index()


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_an_event_saved_beforehand_gets_its_participants_while_a_volunteer_sorts_the_tab(backend, tmp_path):
    store, volunteer = backend
    before = read_snapshot(store)
    event = before["events"]["id"].iloc[5]
    seen = corrections.seen(before["events"], event)
    values = {"participants": 23, "young": 20, "adults": 3, "organisations": ("MED-001", "MED-002"),
              "note": "Fuldt hus"}
    change = corrections.changes(seen, values)
    grid = volunteer.grid("Arrangementer")
    # Between the product's read and its write, a volunteer sorts the tab by title, newest last.
    volunteer.after_next_read(store, lambda: volunteer.rewrite(
        "Arrangementer", [grid[0], *sorted(grid[1:], key=lambda r: str(r[2]), reverse=True)]))
    box = Outbox(tmp_path / "outbox")
    box.add("update", "events", change, event, expected={k: seen[k] for k in change})
    assert box.flush(store, compare=_compare(store))["sent"] == 1
    after = read_snapshot(store)["events"]
    row = after.loc[after["id"] == event].iloc[0]
    assert (row["participants"], row["young"], row["adults"], row["organisations"], row["note"]) == (
        23, 20, 3, ("MED-001", "MED-002"), "Fuldt hus")
    assert _without(after, event).equals(_without(before["events"], event))


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_a_change_to_a_row_a_volunteer_changed_since_it_was_read_is_set_aside_with_both_versions(backend, tmp_path):
    store, volunteer = backend
    before = read_snapshot(store)
    event = before["events"]["id"].iloc[7]
    seen = corrections.seen(before["events"], event)
    # The volunteer corrects the participants in the sheet after the leader opened the event.
    volunteer.set_cell("Arrangementer", _sheet_row(volunteer, "Arrangementer", event),
                       _column("Arrangementer", "participants"), 41)
    grids = store.read_grids()
    box = Outbox(tmp_path / "outbox")
    box.add("update", "events", {"participants": 30}, event, expected={"participants": seen["participants"]})
    assert box.flush(store, compare=_compare(store))["failed"] == 1
    assert store.read_grids() == grids  # nothing written
    waiting = box.entries()[0]
    assert waiting.failed and waiting.current["participants"] in (41, 41.0)
    assert waiting.row == {"participants": 30}  # her version is kept too
    # She has seen both and chooses hers: sent as it is.
    box.retry(waiting.name, overwrite=True)
    assert box.flush(store, compare=_compare(store))["sent"] == 1
    row = read_snapshot(store)["events"].set_index("id").loc[event]
    assert row["participants"] == 30


def test_a_change_of_another_cell_by_a_volunteer_is_no_conflict_and_is_kept(backend, tmp_path):
    store, volunteer = backend
    before = read_snapshot(store)
    event = before["events"]["id"].iloc[8]
    seen = corrections.seen(before["events"], event)
    volunteer.set_cell("Arrangementer", _sheet_row(volunteer, "Arrangementer", event), _column("Arrangementer", "note"),
                       "Skrevet af en frivillig")
    box = Outbox(tmp_path / "outbox")
    box.add("update", "events", {"participants": 31}, event, expected={"participants": seen["participants"]})
    assert box.flush(store, compare=_compare(store))["sent"] == 1
    row = read_snapshot(store)["events"].set_index("id").loc[event]
    assert row["participants"] == 31 and row["note"] == "Skrevet af en frivillig"


def test_a_change_already_written_when_its_reply_was_lost_is_not_a_conflict(backend):
    store, _ = backend
    before = read_snapshot(store)
    event = before["events"]["id"].iloc[9]
    seen = corrections.seen(before["events"], event)
    store.update_row("events", event, {"participants": 33})  # arrived; the answer did not
    compare = functools.partial(_compare(store), "events", expected={"participants": seen["participants"]},
                                written={"participants": 33})
    store.update_row("events", event, {"participants": 33}, compare)  # the retry: no RowChanged
    assert read_snapshot(store)["events"].set_index("id").at[event, "participants"] == 33


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_a_delete_of_a_row_a_volunteer_changed_deletes_nothing_and_one_as_seen_deletes_only_it(backend):
    store, volunteer = backend
    before = read_snapshot(store)
    changed, kept = before["activities"]["id"].iloc[-1], before["activities"]["id"].iloc[-2]
    volunteer.set_cell("Aktiviteter", _sheet_row(volunteer, "Aktiviteter", changed), _column("Aktiviteter", "count"), 7)
    unchanged = functools.partial(_compare(store), "activities", written=None,
                                  expected=corrections.seen(before["activities"], changed))
    with pytest.raises(RowChanged) as refused:
        store.delete_row("activities", changed, unchanged)
    assert refused.value.current["count"] in (7, 7.0)
    assert changed in set(read_snapshot(store)["activities"]["id"])
    # The row above it, as seen, goes while a volunteer inserts a row at the top.
    volunteer.after_next_read(store, lambda: volunteer.insert_row("Aktiviteter", 2, ["HAND-TOP", "01-11-2026",
                                                                                     "Henvisning", 1]))
    store.delete_row("activities", kept, functools.partial(
        _compare(store), "activities", written=None, expected=corrections.seen(before["activities"], kept)))
    after = read_snapshot(store)["activities"]
    assert kept not in set(after["id"]) and {changed, "HAND-TOP"} <= set(after["id"])
    assert len(after) == len(before["activities"])


# --- the pure parts ------------------------------------------------------------------------------

def test_the_same_row_typed_by_hand_the_danish_way_is_the_row_the_leader_saw(demo_rows):
    from fcdash.parsing import parse_grids
    snap = parse_grids({tab.key: [tab.headers] for tab in schema.TABS})
    expected = {"date": dt.date(2026, 12, 3), "participants": 12, "title": "Ungecafé", "online": False}
    by_hand = {"id": "ARR-1", "date": "3/12-2026", "participants": "12", "title": " Ungecafé ", "online": "Nej"}
    assert corrections.same_row("events", by_hand, expected, snap.frames)
    assert not corrections.same_row("events", {**by_hand, "participants": "13"}, expected, snap.frames)
    assert not corrections.same_row("events", {**by_hand, "date": "4/12-2026"}, expected, snap.frames)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(values=st.fixed_dictionaries({
    "date": st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)),
    "title": st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1, max_size=30)
    .filter(lambda s: s.strip() and not s.strip().startswith(("=", "+", "-", "@"))),
    "participants": st.none() | st.integers(0, 10_000),
    "online": st.booleans(),
    "type": st.sampled_from(schema.EVENT_TYPES)}))
def test_a_row_as_the_dashboard_writes_it_is_the_row_it_was_made_from(values):
    """What a form writes, read back as the sheet holds it, compares equal to the form's values;
    any one value changed compares unequal."""
    from fcdash.parsing import parse_grids
    from fcdash.store.base import row_cells
    snap = parse_grids({tab.key: [tab.headers] for tab in schema.TABS})
    row = entries.row("events", values, "ARR-X")
    cells = row_cells(schema.tab("events"), row)
    seen = {k: corrections.plain(v) for k, v in row.items()}
    assert corrections.same_row("events", cells, seen, snap.frames)
    assert not corrections.same_row("events", {**cells, "date": values["date"] + dt.timedelta(days=1)}, seen, snap.frames)


def test_recent_entries_are_the_last_thirty_days_newest_first(demo_rows):
    from fcdash.parsing import parse_grids
    from fcdash.store.base import row_cells
    tab = schema.tab("activities")
    rows = [{"id": f"AKT-{i}", "date": TODAY - dt.timedelta(days=i), "type": "Henvisning", "count": 1}
            for i in (0, 3, 30, 31, 45)]
    grid = [tab.headers, *([row_cells(tab, r).get(c.key) for c in tab.columns] for r in rows)]
    frame = parse_grids({**{t.key: [t.headers] for t in schema.TABS}, "activities": grid})["activities"]
    assert list(corrections.recent(frame, "activity", TODAY)["id"]) == ["AKT-0", "AKT-3", "AKT-30"]


def test_changes_are_only_the_fields_that_differ():
    seen = {"participants": 10, "note": None, "organisations": ("MED-1",), "date": dt.date(2026, 11, 2)}
    values = {"participants": 10, "note": "", "organisations": ["MED-1", "MED-2"], "date": dt.date(2026, 11, 2)}
    assert corrections.changes(seen, values) == {"organisations": ["MED-1", "MED-2"]}
    assert corrections.changes(seen, {**values, "note": "ny", "participants": None}) == {
        "organisations": ["MED-1", "MED-2"], "note": "ny", "participants": None}


def test_the_duplicate_question_covers_events_on_their_way(demo_rows):
    from fcdash.parsing import parse_grids
    snap = parse_grids({tab.key: [tab.headers] for tab in schema.TABS})
    event = {"date": dt.date(2026, 11, 20), "type": "Cafémøde", "title": "Ungecafé"}
    assert not entries.likely_duplicate(event, snap)
    pending = corrections.pending_events([{**event, "title": " ungecafé"}])
    assert entries.likely_duplicate(event, snap, pending)
    assert not entries.likely_duplicate({**event, "date": dt.date(2026, 11, 21)}, snap, pending)


def test_a_total_she_never_typed_follows_the_age_bands_she_changes():
    shown = {"participants": 12, "young": 3, "adults": 5, "elderly": 4}  # the total filled from the bands
    assert corrections.follow_bands(shown, {**shown, "adults": 6})["participants"] == 13
    # A total she changed herself, or one that was not the bands' sum, stays hers.
    assert corrections.follow_bands(shown, {**shown, "adults": 6, "participants": 20})["participants"] == 20
    typed = {"participants": 30, "young": 3, "adults": 5, "elderly": 4}
    assert corrections.follow_bands(typed, {**typed, "adults": 6})["participants"] == 30
    assert corrections.follow_bands({"participants": None}, {"participants": None, "young": 2}) == {
        "participants": None, "young": 2}
