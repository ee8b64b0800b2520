"""An entry's row reaches the shared snapshot from what the store says it wrote: one request on
Google, no re-read of the spreadsheet, the same frame and problems a read would give; where the
merge is not certain the snapshot is read again. The kept snapshot is written off the page's
path, and only when it changed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading

import pandas as pd

from fcdash import cache as cache_module
from fcdash.snapshot import Problem
from fcdash.cache import SnapshotCache
from fcdash.outbox import SENT, Outbox
from fcdash.parsing import read_snapshot
from fcdash.snapshot import Snapshot
from fcdash.store.workbook import WorkbookStore
from tests.conftest import google_sheet

ACTIVITY = {"date": dt.date(2026, 11, 20), "type": "Afklarende frivillig-samtale", "count": 2}


def same_as_a_read(merged: Snapshot, read: Snapshot, tab: str) -> None:
    pd.testing.assert_frame_equal(merged[tab], read[tab])
    assert merged.problems == read.problems


class Reads:
    """A store's read_snapshot, counted."""

    def __init__(self, store):
        self.store, self.count = store, 0

    def __call__(self) -> Snapshot:
        self.count += 1
        return read_snapshot(self.store)


def test_a_google_entry_is_one_small_append_and_the_next_viewer_sees_it_without_a_read(emulator, demo_rows, tmp_path):
    store = google_sheet(emulator, demo_rows)
    reads = Reads(store)
    cache = SnapshotCache(reads, ttl=300, version=store.version)
    cache.get()
    emulator.reset_counts()
    outbox = Outbox(tmp_path / "outbox")
    # A type the sheet does not know: the merged row carries the problem a read would report.
    row = {"id": "AKT-MERGED", **ACTIVITY, "type": "Noget helt andet", "goal": "M1", "note": "=1+1"}
    outbox.add("append", "activities", row, row["id"])
    written = []
    assert outbox.flush(store, written=written)[SENT] == 1
    cache.apply(written)
    merged = cache.get()
    assert dict(emulator.counts) == {"values.append": 1} and reads.count == 1
    ((kind, _, sent),) = emulator.log
    assert kind == "POST" and sent < 400  # the one row, not the spreadsheet
    assert "AKT-MERGED" in set(merged["activities"]["id"])
    same_as_a_read(merged, read_snapshot(store), "activities")
    mine = merged["activities"].set_index("id").loc["AKT-MERGED"]
    assert mine["note"] == "=1+1" and mine["count"] == 2
    assert any(p.code == "unknown_category" and p.row == mine["_row"] for p in merged.problems)


def test_a_workbook_entry_is_merged_unless_someone_saved_the_file_meanwhile(demo_workbook):
    store = WorkbookStore(demo_workbook)
    reads = Reads(store)
    cache = SnapshotCache(reads, ttl=300, version=store.version)
    before = cache.get()
    event = {"id": "ARR-MERGED", "date": dt.date(2026, 11, 21), "title": "Fællesspisning", "type": before["events"]["type"].iloc[0],
             "initiatives": (before["initiatives"]["name"].iloc[0],), "young": 3, "adults": 4}
    appended = store.append_rows("events", [event])
    assert appended.before == cache._read_version and appended.rows[0][0] == int(before["events"]["_row"].max()) + 1
    assert cache.merge(appended)
    merged = cache.get()
    assert reads.count == 1  # the file's new stamp is the one the merged snapshot stands for
    mine = merged["events"].set_index("id").loc["ARR-MERGED"]
    assert mine["participants"] == 7 and mine["initiatives"] == (before["initiatives"]["id"].iloc[0],)
    same_as_a_read(merged, read_snapshot(store), "events")
    # A volunteer saves the workbook between the snapshot's read and the next entry: no merge.
    WorkbookStore(demo_workbook).append_rows("activities", [{"id": "AKT-BY-HAND", **ACTIVITY}])
    appended = store.append_rows("activities", [{"id": "AKT-AFTER", **ACTIVITY}])
    cache.apply([appended])
    after = cache.get()
    assert reads.count == 2 and {"AKT-BY-HAND", "AKT-AFTER"} <= set(after["activities"]["id"])


def test_the_merge_falls_back_to_a_read_where_it_is_not_certain(demo_workbook):
    store = WorkbookStore(demo_workbook)
    reads = Reads(store)
    cache = SnapshotCache(reads, ttl=300, version=store.version)
    snap = cache.get()
    existing = snap["activities"]["id"].iloc[0]
    # A member while a reference to members does not resolve: the new row may resolve it, which
    # only a read shows. (With every reference resolved, a new member changes no other tab.)
    unresolved = Problem("activities", 2, "Organisation", "Aktiviteter!D2", "Ny forening", "unknown_ref",
                         (("target", "Medlemmer"),))
    cache._snapshot = dataclasses.replace(snap, problems=[*snap.problems, unresolved])
    member = store.append_rows("members", [{"id": "MED-MERGE", "name": "Ny forening", "type": "Forening"}])
    assert not cache.merge(dataclasses.replace(member, before=cache._read_version))
    cache._snapshot = snap
    # An id already in the tab (a retried append): which row counts is the read's to say.
    repeat = store.append_rows("activities", [{"id": existing.lower(), **ACTIVITY}])
    assert not cache.merge(dataclasses.replace(repeat, before=cache._read_version))
    # A header other than the snapshot's (a column added again at the right).
    fine = store.append_rows("activities", [{"id": "AKT-FINE", **ACTIVITY}])
    fine = dataclasses.replace(fine, before=cache._read_version)
    assert not cache.merge(dataclasses.replace(fine, header=[*fine.header, "Antal"]))
    # A row above the last one the snapshot has (rows deleted meanwhile).
    assert not cache.merge(dataclasses.replace(fine, rows=[(5, fine.rows[0][1])]))
    assert cache._snapshot is snap and reads.count == 1  # nothing merged so far
    # A read under way: it may or may not hold the row, so the merge waits for it.
    release, now = threading.Event(), [0.0]
    slow = SnapshotCache(lambda: (release.wait(10), read_snapshot(store))[1], ttl=300, patience=0,
                         clock=lambda: now[0], version=lambda: fine.before)
    slow._snapshot, slow._read_version = snap, fine.before  # as ``cache`` (where ``fine`` merges, below)
    now[0] = 301  # past the ttl: the next page starts a read and shows the last snapshot meanwhile
    assert slow.get() is not None and slow._reading is not None
    assert not slow.merge(fine)
    release.set()
    assert cache.merge(fine) and "AKT-FINE" in set(cache.get()["activities"]["id"]) and reads.count == 1


def test_a_row_appended_under_a_header_since_moved_is_put_right_by_the_next_read(emulator, demo_rows):
    store = google_sheet(emulator, demo_rows)
    read_snapshot(store)  # the header remembered
    sheet = emulator.book(store.key).sheet("Aktiviteter")
    with emulator.lock:  # a volunteer swaps the columns Dato and Type
        for line in sheet.cells:
            line.extend([None] * (3 - len(line)))
            line[1], line[2] = line[2], line[1]
    emulator.reset_counts()
    store.append_rows("activities", [{"id": "AKT-MOVED", **ACTIVITY}])
    assert dict(emulator.counts) == {"values.append": 1}
    grid = emulator.grid(store.key, "Aktiviteter")
    assert grid[-1][:3] == ["AKT-MOVED", 46346, "Afklarende frivillig-samtale"]  # under Type and Dato
    emulator.reset_counts()
    snap = read_snapshot(store)  # the read made anyway puts it right: one write, one read of that row
    assert dict(emulator.counts) == {"values.batchGet": 2, "values.batchUpdate": 1}
    assert emulator.grid(store.key, "Aktiviteter")[-1][:3] == ["AKT-MOVED", "Afklarende frivillig-samtale", 46346]
    mine = snap["activities"].set_index("id").loc["AKT-MOVED"]
    assert mine["date"] == pd.Timestamp(2026, 11, 20) and mine["type"] == "Afklarende frivillig-samtale"
    assert not [p for p in snap.problems if p.tab == "activities" and p.row == mine["_row"]]
    emulator.reset_counts()
    read_snapshot(store)  # checked once: the next read is the read alone
    assert dict(emulator.counts) == {"values.batchGet": 1}


def test_the_kept_snapshot_is_written_off_the_page_path_and_only_when_it_changed(tmp_path, monkeypatch):
    writes, release, finished = [], threading.Event(), threading.Event()
    real = cache_module.write_atomically

    def write(path, data, **kwargs):
        writes.append(path)
        release.wait(10)  # a slow disk
        real(path, data, **kwargs)
        finished.set()
    monkeypatch.setattr(cache_module, "write_atomically", write)
    content = {"n": 1}
    now = [0.0]

    def read() -> Snapshot:
        return Snapshot(frames={"x": pd.DataFrame({"a": [content["n"]], "b": ["tekst"]})}, problems=[],
                        read_at=dt.datetime.now())
    cache = SnapshotCache(read, ttl=60, clock=lambda: now[0], keep=tmp_path / "kept.pkl")
    assert cache.get()["x"]["a"].iloc[0] == 1
    assert not finished.is_set()  # the page has its snapshot while the disk is still busy
    release.set()
    cache.wait_saved()
    assert finished.is_set() and len(writes) == 1
    now[0] += 61  # read again, the same content (another read_at): the file is not written again
    cache.get()
    cache.wait_saved()
    assert len(writes) == 1
    content["n"] = 2
    now[0] += 61
    cache.get()
    cache.wait_saved()
    assert len(writes) == 2
