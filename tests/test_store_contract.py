"""The store contract, written once and run against every backend."""

from __future__ import annotations

import datetime as dt

import pytest

from fcdash import schema
from fcdash.errors import RowNotFound, SheetNotEmpty
from fcdash.store import BACKENDS, new_id
from fcdash.parsing import read_snapshot
from tests.conftest import BACKEND_MAKERS


def ids(snapshot, tab):
    return list(snapshot[tab]["id"])


def test_snapshot_has_every_tab_with_every_row(backend, demo_rows):
    store, _ = backend
    snap = read_snapshot(store)
    assert snap.problems == []
    for tab in schema.TABS:
        assert ids(snap, tab.key) == [r["id"] for r in demo_rows.get(tab.key, [])]


def test_appended_row_reads_back_typed(backend):
    store, _ = backend
    row_id = new_id("events")
    store.append_rows("events", [{
        "id": row_id, "date": dt.date(2026, 11, 20), "title": "Ungecafé", "type": "Cafémøde",
        "initiatives": ("IND-UNGE",), "networks": ("NET-UNGE",), "goals": ("6.1",), "online": False, "participants": 14,
        "young": 12, "adults": 2, "elderly": 0, "organisations": ("MED-001", "MED-002"),
    }])
    events = read_snapshot(store)["events"]
    row = events.loc[events["id"] == row_id].iloc[0]
    assert row["date"] == dt.datetime(2026, 11, 20)
    assert row["participants"] == 14 and row["young"] == 12
    assert row["organisations"] == ("MED-001", "MED-002")
    assert row["goals"] == ("6.1",) and row["initiatives"] == ("IND-UNGE",) and row["networks"] == ("NET-UNGE",)
    assert not row["online"]
    assert ids(read_snapshot(store), "events")[-1] == row_id


@pytest.mark.fault("tabs renamed or deleted")
def test_a_row_for_a_tab_the_sheet_was_made_without_makes_the_tab_with_its_header(backend):
    store, volunteer = backend
    volunteer.delete_tab(schema.EVALUATIONS.title)  # a sheet set up before answers were collected
    assert read_snapshot(store).problems == []  # an optional tab: missing is no problem
    row = {"id": "EVA-TEST", "event": "ARR-0001", "date": dt.date(2026, 11, 20), "satisfaction": 4, "met": True}
    store.append_rows("evaluations", [row])
    store.append_rows("evaluations", [{**row, "id": "EVA-TEST2"}])
    assert volunteer.grid(schema.EVALUATIONS.title)[0][:len(schema.EVALUATIONS.headers)] == schema.EVALUATIONS.headers
    answers = read_snapshot(store)["evaluations"]
    assert answers["id"].tolist() == ["EVA-TEST", "EVA-TEST2"] and answers["satisfaction"].tolist() == [4, 4]


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_append_keeps_rows_added_by_hand_meanwhile(backend):
    store, volunteer = backend
    read_snapshot(store)
    volunteer.append("Aktiviteter", ["HAND-1", "12-11-2026", "Henvisning", 1])
    store.append_rows("activities", [{"id": "FORM-1", "date": dt.date(2026, 11, 13), "type": "Henvisning"}])
    got = ids(read_snapshot(store), "activities")
    assert got[-2:] == ["HAND-1", "FORM-1"]


@pytest.mark.fault("formula injection and secrets")
def test_text_that_looks_like_a_formula_stays_text(backend):
    store, volunteer = backend
    for i, text in enumerate(["=1+1", "+45 12 34", "-nej", "@alle", "=HYPERLINK(\"http://x\")"]):
        store.append_rows("activities", [{"id": f"F-{i}", "date": dt.date(2026, 1, 5), "type": "Andet", "note": text}])
        activities = read_snapshot(store)["activities"]
        assert activities.loc[activities["id"] == f"F-{i}", "note"].item() == text
    grid = volunteer.grid("Aktiviteter")
    note_col = grid[0].index("Note") + 1
    assert not any(volunteer.cell_is_formula("Aktiviteter", r, note_col) for r in range(len(grid) - 4, len(grid) + 1))


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_update_changes_only_the_row_with_that_id(backend):
    store, volunteer = backend
    before = read_snapshot(store)["members"]
    target = before["id"].iloc[10]
    # A volunteer inserts a row above it after our read: the row number we saw is now wrong.
    volunteer.insert_row("Medlemmer", 3, ["MED-NEW", "Ny forening", "Forening"])
    store.update_row("members", target, {"left": dt.date(2026, 11, 1), "note": "Udmeldt på mødet"})
    after = read_snapshot(store)["members"].set_index("id")
    assert after.at[target, "left"] == dt.datetime(2026, 11, 1)
    assert after.at[target, "note"] == "Udmeldt på mødet"
    untouched = after.drop(index=[target, "MED-NEW"]).drop(columns="_row")
    assert untouched.equals(before.set_index("id").drop(index=[target]).drop(columns="_row"))


def test_update_of_a_missing_id_writes_nothing(backend):
    store, _ = backend
    before = store.read_grids()
    with pytest.raises(RowNotFound):
        store.update_row("followups", "OPF-DOES-NOT-EXIST", {"comment": "x"})
    assert store.read_grids() == before


@pytest.mark.fault("volunteers adding and moving columns")
def test_append_follows_the_sheets_own_column_order(backend):
    store, volunteer = backend
    # A volunteer drags "Fokus" to the front and adds a column of their own at the end.
    grid = volunteer.grid("Indsatser")
    focus = grid[0].index("Fokus")
    grid = [[r[focus], *r[:focus], *r[focus + 1:], "Egen note" if i == 0 else None] for i, r in enumerate(grid)]
    volunteer.rewrite("Indsatser", grid)
    read_snapshot(store)  # the dashboard reads on every page load; appends follow the header it saw
    store.append_rows("initiatives", [{"id": "IND-NY", "name": "Besøgsvenner", "focus": "Ensomhed"}])
    after = volunteer.grid("Indsatser")
    assert after[-1][:3] == ["Ensomhed", "IND-NY", "Besøgsvenner"]
    initiatives = read_snapshot(store)["initiatives"].set_index("id")
    assert initiatives.at["IND-NY", "focus"] == "Ensomhed"
    assert initiatives.at["IND-UNGE", "focus"] == "Ensomhed"


def test_existing_ids_sees_the_store_as_it_is_now(backend):
    store, volunteer = backend
    volunteer.append("Aktiviteter", ["HAND-7", "12-11-2026", "Henvisning"])
    assert "HAND-7" in store.existing_ids("activities")
    assert "AKT-00001" in store.existing_ids("activities")
    assert "ID" not in store.existing_ids("activities")  # the header is not an id


def test_every_registered_backend_runs_the_contract():
    assert set(BACKEND_MAKERS) == set(BACKENDS)


def test_prepare_on_a_prepared_sheet_changes_nothing_and_fill_refuses_it(backend, demo_rows):
    store, volunteer = backend
    before = {tab.title: volunteer.grid(tab.title) for tab in schema.TABS}
    assert store.prepare() == []
    with pytest.raises(SheetNotEmpty):
        store.fill({"activities": [{"id": "AKT-DEMO", "date": dt.date(2026, 1, 5), "type": schema.GUIDANCE_TALK}]})
    assert {tab.title: volunteer.grid(tab.title) for tab in schema.TABS} == before


def test_prepare_adds_back_a_column_a_volunteer_removed_and_keeps_their_own(backend):
    store, volunteer = backend
    grid = volunteer.grid("Medlemmer")
    phone = grid[0].index("Telefon")
    volunteer.rewrite("Medlemmer", [[v for j, v in enumerate(row) if j != phone] + ["Vores egen"] for row in grid])
    done = store.prepare()
    assert done == ["kolonner tilføjet i 'Medlemmer': Telefon"]
    header = volunteer.grid("Medlemmer")[0]
    assert header[-2:] == ["Vores egen", "Telefon"]
    assert store.prepare() == []


@pytest.mark.fault("volunteers adding and moving columns")
def test_a_mistyped_header_stops_the_write_instead_of_a_second_column_hiding_its_data(backend):
    from fcdash.errors import HeaderTypo

    store, volunteer = backend
    grid = volunteer.grid("Aktiviteter")
    count = grid[0].index("Antal")
    volunteer.rewrite("Aktiviteter", [["Antl" if j == count and i == 0 else v for j, v in enumerate(row)]
                                      for i, row in enumerate(grid)])
    before = volunteer.grid("Aktiviteter")
    row = {"id": new_id("activities"), "date": dt.date(2026, 11, 20), "type": "Henvisning", "count": 3}
    with pytest.raises(HeaderTypo, match="'Antal' mangler i fanen 'Aktiviteter', men overskriften 'Antl' ligner den"):
        store.append_rows("activities", [row])
    assert volunteer.grid("Aktiviteter") == before  # nothing written, no 'Antal' added at the right
    volunteer.rewrite("Aktiviteter", grid)  # the volunteer corrects it
    store.append_rows("activities", [row])
    assert read_snapshot(store)["activities"].set_index("id").at[row["id"], "count"] == 3


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_delete_row_removes_the_one_row_with_that_id_after_a_row_was_inserted_above(backend):
    store, volunteer = backend
    row = {"id": new_id("activities"), "date": dt.date(2026, 11, 20), "type": "Henvisning", "count": 2}
    store.append_rows("activities", [row])
    before = read_snapshot(store)["activities"]
    # A volunteer inserts a row near the top after the product's last read: row numbers moved.
    volunteer.insert_row("Aktiviteter", 3, ["HAND-ABOVE", "12-11-2026", "Henvisning", 1])
    store.delete_row("activities", row["id"])
    after = read_snapshot(store)["activities"]
    assert row["id"] not in set(after["id"])
    assert list(after["id"]) == [i for i in before["id"] if i != row["id"]][:1] + ["HAND-ABOVE"] + [
        i for i in before["id"] if i != row["id"]][1:]
    kept = after.set_index("id").drop(index="HAND-ABOVE").drop(columns="_row")
    assert kept.equals(before.set_index("id").drop(index=row["id"]).drop(columns="_row"))


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_delete_row_puts_back_a_row_deleted_in_its_place_when_rows_moved_during_the_delete(backend):
    store, volunteer = backend
    row = {"id": new_id("activities"), "date": dt.date(2026, 11, 20), "type": "Henvisning", "count": 2}
    store.append_rows("activities", [row])
    before = volunteer.grid("Aktiviteter")
    # Between the product's read and its delete, a volunteer inserts a row above the target.
    volunteer.after_next_read(store, lambda: volunteer.insert_row("Aktiviteter", 3, ["HAND-MID", "12-11-2026",
                                                                                       "Henvisning", 1]))
    store.delete_row("activities", row["id"])
    after = read_snapshot(store)["activities"]
    assert row["id"] not in set(after["id"])
    assert set(after["id"]) == {r[0] for r in before[1:] if r[0] != row["id"]} | {"HAND-MID"}


def test_delete_row_of_a_missing_id_changes_nothing(backend):
    store, _ = backend
    before = store.read_grids()
    store.delete_row("activities", "AKT-DOES-NOT-EXIST")
    store.delete_row("events", "ARR-DOES-NOT-EXIST")
    assert store.read_grids() == before


def test_delete_row_of_an_id_a_volunteer_copied_removes_one_of_the_two(backend):
    store, volunteer = backend
    row = {"id": new_id("activities"), "date": dt.date(2026, 11, 20), "type": "Henvisning", "count": 2}
    store.append_rows("activities", [row])
    volunteer.append("Aktiviteter", [row["id"], "20-11-2026", "Henvisning", 2])  # a copied row
    store.delete_row("activities", row["id"])
    grid = volunteer.grid("Aktiviteter")
    assert [r[0] for r in grid].count(row["id"]) == 1
