"""The Google Sheets backend through real gspread over HTTP against the emulator:
request counts, formula injection, volunteers editing during an update, quota bursts, outages."""

from __future__ import annotations

import datetime as dt
import threading

import pandas as pd
import pytest

from fcdash.cache import SnapshotCache
from fcdash.errors import RowNotFound, StoreForbidden, StoreNotFound, StoreUnavailable
from fcdash.store.gsheets import GoogleSheetsStore, RetryPolicy
from fcdash.parsing import read_snapshot
from tests.conftest import FAST_RETRY, google_config, google_sheet

ENTRY = {"date": dt.date(2026, 11, 20), "type": "Afklarende frivillig-samtale", "count": 1}


@pytest.fixture
def sheet(emulator, demo_rows):
    store = google_sheet(emulator, demo_rows)
    emulator.reset_counts()
    return store


def fresh(emulator, store, retry=FAST_RETRY) -> GoogleSheetsStore:
    """A new server process's store on the same sheet: nothing known yet."""
    return GoogleSheetsStore.from_config(google_config(emulator, store.key), retry=retry)


def counts(emulator) -> dict:
    return dict(emulator.counts)


def test_cold_read_is_metadata_and_one_batch_get_then_warm_reads_are_one_batch_get(emulator, sheet):
    store = fresh(emulator, sheet)
    read_snapshot(store)
    assert counts(emulator) == {"metadata": 1, "values.batchGet": 1}
    emulator.reset_counts()
    read_snapshot(store)
    assert counts(emulator) == {"values.batchGet": 1}


def test_ten_sessions_and_page_switches_within_the_ttl_cost_one_read(emulator, sheet):
    store = fresh(emulator, sheet)
    cache = SnapshotCache(lambda: read_snapshot(store), ttl=300)
    barrier = threading.Barrier(10)

    def session():
        barrier.wait()
        for _ in range(5):  # every page of the dashboard
            cache.get()
    threads = [threading.Thread(target=session) for _ in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert counts(emulator) == {"metadata": 1, "values.batchGet": 1}


def test_an_entry_is_one_append_and_an_update_is_read_write_check(emulator, sheet):
    cold = fresh(emulator, sheet)
    cold.append_rows("activities", [{"id": "AKT-COLD", **ENTRY}])
    # No read yet (a new server): the tabs, the header as it is now, then the append (its check
    # waits for the next read).
    assert counts(emulator) == {"metadata": 1, "values.get": 1, "values.append": 1}
    read_snapshot(sheet)
    emulator.reset_counts()
    sheet.append_rows("activities", [{"id": "AKT-NEW", **ENTRY}])
    # Under the header as the read just made found it: the append alone.
    assert counts(emulator) == {"values.append": 1}
    emulator.reset_counts()
    sheet.update_row("followups", "OPF-0001", {"comment": "Rettet"})
    assert counts(emulator) == {"values.get": 2, "values.batchUpdate": 1}
    assert read_snapshot(sheet)["followups"].set_index("id").at["OPF-0001", "comment"] == "Rettet"


@pytest.mark.fault("formula injection and secrets")
def test_text_is_never_stored_as_a_formula(emulator, sheet):
    nasty = ["=IMPORTXML(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "=1+1", "'quoted", "12", "TRUE", "2025-01-01"]
    sheet.append_rows("activities", [{"id": f"X{i}", **ENTRY, "note": text} for i, text in enumerate(nasty)])
    formulas = emulator.grid(sheet.key, "Aktiviteter", "FORMULA")
    j = formulas[0].index("Note")
    notes = [row[j] for row in formulas[-len(nasty):]]
    assert notes == nasty  # read back as formulas: plain text, exactly as typed
    cells = [emulator.book(sheet.key).sheet("Aktiviteter").get(r, j) for r in range(len(formulas) - len(nasty), len(formulas))]
    assert {c.kind for c in cells} == {"s"}
    activities = read_snapshot(sheet)["activities"].set_index("id")
    assert list(activities.loc[[f"X{i}" for i in range(len(nasty))], "note"]) == nasty


def test_dates_stay_dates_and_numbers_numbers(emulator, sheet):
    sheet.append_rows("events", [{"id": "ARR-T", "date": dt.date(2026, 11, 20), "title": "Café", "type": "Cafémøde",
                                  "participants": 12}])
    book = emulator.book(sheet.key).sheet("Arrangementer")
    last = book.last_row()
    participants = emulator.grid(sheet.key, "Arrangementer")[0].index("Deltagere i alt")
    assert book.get(last, 1).kind == "d" and book.get(last, participants).kind == "n"
    # init-sheet gave the sheet the Danish locale: the date shows the Danish way in the browser.
    assert emulator.grid(sheet.key, "Arrangementer", "FORMATTED_VALUE")[-1][1] == "20.11.2026"


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_an_update_lands_on_its_row_although_a_volunteer_inserts_a_row_meanwhile(emulator, sheet):
    before = emulator.grid(sheet.key, "Opfølgning")
    target = before[3]  # OPF-0003 at sheet row 4
    # Right after the product has read the tab, a volunteer inserts a row above the target.
    emulator.after_next("values.get", lambda: emulator.insert_rows(sheet.key, "Opfølgning", 2,
                                                                   ["OPF-HAND", "1-11-2026", "1.1", "Grøn"]))
    sheet.update_row("followups", target[0], {"comment": "Opdateret af bestyrelsen"})
    after = emulator.grid(sheet.key, "Opfølgning")
    assert after[1][0] == "OPF-HAND"
    assert after[4][0] == target[0] and after[4][5] == "Opdateret af bestyrelsen"
    # Every other row is exactly as it was: nothing overwritten, nothing lost.
    assert [r for r in after if r[0] not in (target[0], "OPF-HAND")] == [r for r in before if r[0] != target[0]]


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_an_update_after_a_sort_and_a_delete(emulator, sheet):
    emulator.sort_rows(sheet.key, "Opfølgning", 5, descending=True)  # by comment
    before = read_snapshot(sheet)["followups"].set_index("id")
    grid_before = emulator.grid(sheet.key, "Opfølgning")
    sheet.update_row("followups", "OPF-0002", {"result": "Rød"})
    followups = read_snapshot(sheet)["followups"].set_index("id")
    assert followups.at["OPF-0002", "result"] == "Rød"
    # Every other row is exactly as it was, by id: result, time, comment and the rest.
    others = [i for i in before.index if i != "OPF-0002"]
    assert list(followups.index) == list(before.index) and len(others) == len(before) - 1 >= 5
    pd.testing.assert_frame_equal(followups.loc[others], before.loc[others])
    pd.testing.assert_series_equal(followups.loc["OPF-0002"].drop("result"), before.loc["OPF-0002"].drop("result"))
    grid = emulator.grid(sheet.key, "Opfølgning")
    changed = [(i, j) for i, (a, b) in enumerate(zip(grid_before, grid)) for j in range(max(len(a), len(b)))
               if (a[j] if j < len(a) else "") != (b[j] if j < len(b) else "")]
    assert len(grid) == len(grid_before) and changed == [(next(i for i, r in enumerate(grid) if r[0] == "OPF-0002"), 3)]
    row = next(i for i, r in enumerate(grid) if r[0] == "OPF-0002") + 1
    emulator.delete_rows(sheet.key, "Opfølgning", row)
    with pytest.raises(RowNotFound):
        sheet.update_row("followups", "OPF-0002", {"result": "Gul"})


@pytest.mark.fault("429 and 5xx bursts")
def test_a_burst_of_429_and_500_answers_is_retried(emulator, sheet, demo_rows):
    emulator.fail_next(2, 429)
    emulator.fail_next(1, 503)  # three failures; the fourth try of FAST_RETRY succeeds
    snap = read_snapshot(sheet)
    for tab in ("events", "activities", "members"):  # all of every tab, nothing lost to the retries
        assert list(snap[tab]["id"]) == [r["id"] for r in demo_rows[tab]], tab
    emulator.fail_next(3, 429)
    sheet.append_rows("activities", [{"id": "AKT-429", **ENTRY}])
    assert counts(emulator)["failed.429"] == 5 and counts(emulator)["failed.503"] == 1
    assert list(read_snapshot(sheet)["activities"]["id"]).count("AKT-429") == 1


@pytest.mark.fault("429 and 5xx bursts")
def test_an_append_answered_500_is_not_retried_blindly(emulator, sheet):
    # Google may have added the row before failing: a second append could add it twice.
    emulator.after_next("values.get", lambda: emulator.fail_next(1, 500))  # the header is read, the append fails
    with pytest.raises(StoreUnavailable):
        sheet.append_rows("activities", [{"id": "AKT-500", **ENTRY}])
    assert counts(emulator) == {"values.get": 1, "failed.500": 1}


@pytest.mark.fault("slow answers and timeouts")
def test_a_slow_answer_past_the_timeout_is_retried(emulator, sheet):
    store = fresh(emulator, sheet, RetryPolicy(attempts=3, initial_wait=0.01, max_wait=0.02, deadline=10, timeout=(1, 0.3)))
    emulator.hang_next(1, 1.0)
    assert not read_snapshot(store)["members"].empty
    emulator.wait_idle()  # the hung answer is still being sent; let it finish before the next test


@pytest.mark.fault("the store down")
def test_an_outage_ends_in_the_clear_error_after_a_bounded_number_of_tries(emulator, sheet):
    emulator.down = True
    try:
        with pytest.raises(StoreUnavailable, match="503"):
            read_snapshot(sheet)
        assert counts(emulator) == {"refused": FAST_RETRY.attempts}
    finally:
        emulator.down = False


def test_a_wrong_key_and_an_unshared_sheet(emulator, sheet):
    with pytest.raises(StoreNotFound):
        read_snapshot(GoogleSheetsStore.from_config(google_config(emulator, "no-such-sheet"), retry=FAST_RETRY))
    emulator.forbid(sheet.key)
    try:
        with pytest.raises(StoreForbidden):
            read_snapshot(fresh(emulator, sheet))
    finally:
        emulator.forbid(sheet.key, False)


@pytest.mark.fault("tabs renamed or deleted")
def test_a_renamed_tab_is_found_again_and_a_missing_tab_is_a_data_problem(emulator, sheet, demo_rows):
    read_snapshot(sheet)
    book = emulator.book(sheet.key)
    book.sheet("Aktiviteter").title = "aktiviteter "
    book.sheets.remove(book.sheet("Indsatser"))
    emulator.reset_counts()
    snap = read_snapshot(sheet)
    assert list(snap["activities"]["id"]) == [r["id"] for r in demo_rows["activities"]]
    assert len(snap["activities"]) == len(emulator.grid(sheet.key, "aktiviteter ")) - 1  # all but the header
    assert [p.code for p in snap.problems if p.tab == "initiatives"] == ["missing_tab"]
    assert counts(emulator) == {"values.batchGet": 2, "metadata": 1}


def test_init_sheet_is_idempotent_and_keeps_existing_data(emulator):
    sid = emulator.create_spreadsheet(title="Delvist udfyldt")
    # A partly filled sheet: a members tab with its own header order, one column missing, a row.
    emulator.book(sid).sheets[0].title = "Medlemmer"
    emulator.type_values(sid, "Medlemmer!A1", [["Navn", "ID", "Egen kolonne"], ["Ældre Sagen", "MED-1", "x"]])
    store = GoogleSheetsStore.from_config(google_config(emulator, sid), retry=FAST_RETRY)
    done = store.prepare()
    assert "fanen 'Arrangementer' oprettet" in done
    members = emulator.grid(sid, "Medlemmer")
    assert members[0][:3] == ["Navn", "ID", "Egen kolonne"] and members[1] == ["Ældre Sagen", "MED-1", "x"]
    assert "Type" in members[0] and "E-mail" in members[0]
    assert emulator.book(sid).sheet("Arrangementer").frozen_rows == 1
    assert emulator.grid(sid, "Vejledning")[0] == ["Sådan bruger I regnearket"]
    validations = emulator.book(sid).sheet("Arrangementer").validations
    assert any(v["rule"]["condition"]["values"][0] == {"userEnteredValue": "Kursus"} for v in validations)
    before = {s.title: emulator.grid(sid, s.title) for s in emulator.book(sid).sheets}
    assert store.prepare() == []
    assert {s.title: emulator.grid(sid, s.title) for s in emulator.book(sid).sheets} == before
    assert read_snapshot(store)["members"].loc[0, "name"] == "Ældre Sagen"


def test_demo_data_only_goes_into_an_empty_sheet(emulator, sheet, demo_rows):
    from fcdash.errors import StoreError

    with pytest.raises(StoreError, match="allerede data"):
        sheet.fill(demo_rows)


def test_a_delete_is_read_delete_check_and_the_last_row_of_a_tight_grid_is_emptied(emulator, sheet):
    read_snapshot(sheet)
    sheet.append_rows("activities", [{"id": "AKT-GONE", **ENTRY}])
    emulator.reset_counts()
    sheet.delete_row("activities", "AKT-GONE")
    assert counts(emulator) == {"values.get": 2, "batchUpdate": 1}
    assert "AKT-GONE" not in sheet.existing_ids("activities")
    # A tab whose grid is the header and one row: Google refuses deleting every non-frozen row,
    # so that row is emptied instead.
    grid = emulator.grid(sheet.key, "Opfølgning")
    tab = emulator.book(sheet.key).sheet("Opfølgning")
    with emulator.lock:
        del tab.cells[2:]
        tab.rows = 2
    only = grid[1][0]
    sheet.delete_row("followups", only)
    assert only not in sheet.existing_ids("followups") and tab.rows == 2


@pytest.mark.fault("volunteers inserting, deleting and sorting rows while the product writes")
def test_a_delete_that_cannot_tell_which_row_went_stops_instead_of_deleting_again(emulator, sheet):
    """Between the read and the delete a volunteer inserts two rows above and deletes another: the
    delete takes the row above the target, and two rows are gone whose owner cannot be told. A
    second delete in the dark could take a third; the store stops and names where to look."""
    from fcdash.errors import StoreError
    from tests.conftest import GoogleVolunteer

    volunteer = GoogleVolunteer(emulator, sheet.key)
    sheet.append_rows("activities", [{"id": "AKT-UNDO", **ENTRY}])
    rows = len(emulator.grid(sheet.key, "Aktiviteter"))

    def edit():
        for name in ("HAND-1", "HAND-2"):
            volunteer.insert_row("Aktiviteter", 3, [name, "12-11-2026", "Henvisning", 1])
        volunteer.delete_row("Aktiviteter", 10)
    volunteer.after_next_read(sheet, edit)
    with pytest.raises(StoreError, match="se fanen efter omkring række"):
        sheet.delete_row("activities", "AKT-UNDO")
    assert len(emulator.grid(sheet.key, "Aktiviteter")) == rows  # their two rows in, theirs and one of ours out
