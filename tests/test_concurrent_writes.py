"""Volunteers edit the sheet while the product writes: a row update lands on the row with its id
or nowhere, undo is checked, the outcome reported is the true one, and no value ever lands under
the wrong header. Over both backends; the generated cases over the emulator, between any two of
the product's requests."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fcdash.parsing import read_snapshot
from tests.conftest import google_sheet

LEFT = {"left": dt.date(2026, 11, 1), "note": "Udmeldt på mødet"}
INSERTS = {
    "a blank row": [None, None, None],
    "a row without an id": [None, "Forening uden ID", "Forening"],
    "a row with a new id": ["MED-NY", "Ny forening", "Forening"],
}


def members(store):
    return read_snapshot(store)["members"]


def left_rows(volunteer) -> list[int]:
    """Sheet rows with anything in the Udmeldt column."""
    grid = volunteer.grid("Medlemmer")
    j = grid[0].index("Udmeldt")
    return [i + 1 for i, row in enumerate(grid[1:], start=1) if j < len(row) and row[j] not in (None, "")]


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
@pytest.mark.parametrize("inserted", list(INSERTS))
def test_a_row_inserted_above_the_target_between_read_and_write(backend, inserted):
    store, volunteer = backend
    before = members(store)
    target = before["id"].iloc[10]
    rows_left = left_rows(volunteer)
    volunteer.after_next_read(store, lambda: volunteer.insert_row("Medlemmer", 12, INSERTS[inserted]))
    store.update_row("members", target, LEFT)
    after = members(store).set_index("id")
    assert after.at[target, "left"] == dt.datetime(2026, 11, 1)
    assert after.at[target, "note"] == "Udmeldt på mødet"
    # Exactly one more row has a leave date: the target's, nowhere else (the rows below the
    # inserted one moved down by one).
    target_row = int(after.at[target, "_row"])
    assert left_rows(volunteer) == sorted([r + (r >= 12) for r in rows_left] + [target_row])
    grid = volunteer.grid("Medlemmer")
    assert [v if v != "" else None for v in (grid[11] + [None] * 3)[:3]] == INSERTS[inserted]  # the inserted row as typed


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_a_row_inserted_after_the_write_is_reported_as_the_success_it_is(backend):
    store, volunteer = backend
    target = members(store)["id"].iloc[10]
    rows_left = left_rows(volunteer)
    volunteer.after_next_write(store, lambda: volunteer.insert_row("Medlemmer", 5, [None, None, None]))
    store.update_row("members", target, LEFT)  # no error: the change is there
    after = members(store).set_index("id")
    assert after.at[target, "left"] == dt.datetime(2026, 11, 1)
    # Nothing undone or written twice: the other leave dates only moved down with the inserted row.
    assert left_rows(volunteer) == sorted([r + (r >= 5) for r in rows_left] + [int(after.at[target, "_row"])])


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_repeated_inserts_never_mark_another_member_as_left(backend):
    store, volunteer = backend
    before = members(store)
    for n, target in enumerate(before["id"].iloc[20:23]):
        volunteer.after_next_read(store, lambda n=n: volunteer.insert_row("Medlemmer", 15, [None, f"Uden ID {n}", "Forening"]))
        store.update_row("members", target, LEFT)
    after = members(store).set_index("id")
    was_left = set(before.loc[before["left"].notna(), "id"])
    assert set(after.index[after["left"].notna()]) - was_left == set(before["id"].iloc[20:23])


# --- generated: a column moved or inserted between any two requests -----------------------------

ROWS = {"members": [{"id": f"MED-{i}", "name": f"Forening {i}", "type": "Forening", "area": "Dalmose",
                     "phone": f"+45 1234 56{i:02d}"} for i in range(6)]}
ADDED = {"id": "MED-NY", "name": "Ny forening", "type": "Forening", "area": "Slagelse", "phone": "+45 8888 0000"}
# An append goes under the header as the last read found it (warm) or as read just before (cold);
# whether its values sit under their headers is checked by the next read, which is made anyway.
REQUESTS = {"append": ["values.get", "values.append", "values.batchGet"],
            "append after a read": ["values.batchGet", "values.append", "values.batchGet"],
            "update": ["values.get", "values.batchUpdate"]}


def move_column(emulator, sid: str, title: str, source: int, dest: int) -> None:
    """Drag a whole column (header and cells) to another place, as in the browser."""
    with emulator.lock:
        sheet = emulator.book(sid).sheet(title)
        width = max(len(r) for r in sheet.cells)
        for row in sheet.cells:
            row.extend([None] * (width - len(row)))
            row.insert(dest, row.pop(source))


def insert_column(emulator, sid: str, title: str, at: int, header: str) -> None:
    with emulator.lock:
        sheet = emulator.book(sid).sheet(title)
        sheet.cols += 1
        for row in sheet.cells:
            row.extend([None] * (at - len(row)))
            row.insert(at, None)
        emulator.type_values(sid, f"'{title}'!{chr(65 + at)}1", [["'" + header]])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(op=st.sampled_from(["append", "append after a read", "update"]), when=st.integers(0, 2), edit=st.sampled_from(["move", "insert"]),
       source=st.integers(0, 10), dest=st.integers(0, 10))
def test_a_column_moved_or_inserted_between_any_two_requests_misplaces_nothing(emulator, op, when, edit, source, dest):
    store = google_sheet(emulator, ROWS)
    kinds = REQUESTS[op]
    kind = kinds[when % len(kinds)]

    def volunteer():
        if edit == "move":
            move_column(emulator, store.key, "Medlemmer", source, dest)
        else:
            insert_column(emulator, store.key, "Medlemmer", dest, "Vores egen")
    if op == "append after a read" and when == 2:  # on the read after the append, not the one before it
        store.read_grids()
        emulator.after_next(kind, volunteer)
    else:
        emulator.after_next(kind, volunteer)
        if op == "append after a read":
            store.read_grids()  # the header remembered (when 0: the volunteer moves a column right after)
    if op.startswith("append"):
        store.append_rows("members", [ADDED])
        store.read_grids()  # the next read: a row misplaced meanwhile is put right
        expected, row_id = ADDED, ADDED["id"]
    else:
        expected, row_id = {"area": "Korsør", "phone": "+45 9999 0000"}, "MED-3"
        store.update_row("members", row_id, expected)
    emulator._hooks.clear()  # a hook its request never came for
    grid = emulator.grid(store.key, "Medlemmer")
    header = grid[0]
    by_id = {row[header.index("ID")]: dict(zip(header, row)) for row in grid[1:]}
    headers = {"name": "Navn", "type": "Type", "area": "Lokalområde", "phone": "Telefon", "id": "ID"}
    got = by_id[row_id]
    for key, value in expected.items():
        assert got[headers[key]] == value, (kind, edit, source, dest, grid)
    # Nothing of ours under a header it does not belong to, and every other row as it was.
    ours = {headers[k] for k in expected} | ({"ID"} if op == "update" else set())
    original = {r["id"]: r for r in ROWS["members"]}
    for rid, row in by_id.items():
        for name, value in row.items():
            if rid == row_id and name in ours:
                continue
            key = next((k for k, h in headers.items() if h == name), None)
            was = (original.get(rid) or {}).get(key) if key else None
            if rid == row_id and op.startswith("append"):
                assert value == "", (name, value, grid)  # the new row holds nothing else
            else:  # every other cell exactly as it was
                assert value == ("" if was is None else was), (name, value, grid)
