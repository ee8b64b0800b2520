"""The workbook backend's own promises: atomic writes, locks, half-written files, first run."""

from __future__ import annotations

import collections
import datetime as dt
import random
import re
import shutil

import filelock
import openpyxl
import pytest

from fcdash import demo, entries
from fcdash.cache import SnapshotCache
from fcdash.config import Config, load_config
from fcdash.errors import StoreLocked, StoreNotFound, StoreUnavailable, UnwritableValue
from fcdash.outbox import FAILED, PENDING, SENT, Outbox
from fcdash.store import open_store
from fcdash.store.workbook import WorkbookStore, create_workbook
from fcdash.parsing import read_snapshot
from tests.conftest import TODAY

ROW = {"date": dt.date(2026, 11, 20), "type": "Henvisning"}


def test_a_write_leaves_no_temporary_file_and_the_lock_is_released(demo_workbook):
    store = WorkbookStore(demo_workbook, lock_timeout=1)
    store.append_rows("activities", [{"id": "A-1", **ROW}])
    assert sorted(p.name for p in demo_workbook.parent.iterdir() if not p.name.endswith(".lock")) == [demo_workbook.name]
    with filelock.FileLock(str(demo_workbook) + ".lock", timeout=0):
        pass


@pytest.mark.fault("a locked or half-written workbook")
@pytest.mark.parametrize("office_lock", [".~lock.frivilligcenter.xlsx#", "~$frivilligcenter.xlsx"])
def test_nothing_is_written_while_the_file_is_open_in_an_office_program(demo_workbook, office_lock):
    (demo_workbook.parent / office_lock).write_text("Anne,maskine,2026")
    before = demo_workbook.read_bytes()
    with pytest.raises(StoreLocked):
        WorkbookStore(demo_workbook).append_rows("activities", [{"id": "A-1", **ROW}])
    assert demo_workbook.read_bytes() == before
    assert read_snapshot(WorkbookStore(demo_workbook)).problems == []  # reading still works


@pytest.mark.fault("a locked or half-written workbook")
def test_a_writer_holding_the_lock_makes_the_next_write_wait_then_fail_clearly(demo_workbook):
    with filelock.FileLock(str(demo_workbook) + ".lock"):
        with pytest.raises(StoreLocked):
            WorkbookStore(demo_workbook, lock_timeout=0.2).append_rows("activities", [{"id": "A-1", **ROW}])


@pytest.mark.fault("a locked or half-written workbook")
def test_a_half_written_file_is_unavailable_not_a_crash(tmp_path, demo_workbook):
    broken = tmp_path / "halv.xlsx"
    broken.write_bytes(demo_workbook.read_bytes()[:5000])
    with pytest.raises(StoreUnavailable):
        WorkbookStore(broken).read_grids()
    with pytest.raises(StoreUnavailable):
        WorkbookStore(broken).append_rows("activities", [{"id": "A-1", **ROW}])


def damaged(good: bytes, count: int, seed: int = 17) -> list[bytes]:
    """``count`` copies of a file, each with one byte at a random place set to a random value."""
    rng = random.Random(seed)
    copies = []
    for _ in range(count):
        copy = bytearray(good)
        copy[rng.randrange(len(good))] = rng.randrange(256)
        copies.append(bytes(copy))
    return copies


@pytest.mark.fault("a damaged workbook")
def test_a_damaged_workbook_reads_or_is_unavailable_with_a_reason_never_another_error(demo_workbook, tmp_path):
    good = demo_workbook.read_bytes()
    path = tmp_path / "beskadiget.xlsx"
    outcomes = collections.Counter()
    for data in [good[:len(good) // 2], b"", *damaged(good, 200)]:
        path.write_bytes(data)
        try:
            read_snapshot(WorkbookStore(path))
        except StoreUnavailable as ex:
            assert str(ex).startswith(f"Regnearket {path} kan ikke læses (halvt gemt, beskadiget")
            outcomes[type(ex.__cause__).__name__] += 1
        else:
            outcomes["read"] += 1
    assert len(outcomes) >= 4 and outcomes["read"] < 50, outcomes  # the damage reached zip, zlib and XML


@pytest.mark.fault("a damaged workbook")
@pytest.mark.parametrize("damage", ["half", "empty", "a byte"])
def test_a_damaged_workbook_shows_the_last_good_figures_marked_stale(demo_workbook, damage):
    store = WorkbookStore(demo_workbook)
    cache = SnapshotCache(lambda: read_snapshot(store), ttl=0, version=store.version)
    good = cache.get()
    data = demo_workbook.read_bytes()
    demo_workbook.write_bytes({"half": data[:len(data) // 2], "empty": b"",
                               "a byte": data[:len(data) // 2] + b"\xff" + data[len(data) // 2 + 1:]}[damage])
    stale = cache.get()
    assert stale.stale_reason == (f"Regnearket {demo_workbook} kan ikke læses (halvt gemt, beskadiget eller ikke "
                                  "et Excel-regneark)")
    assert stale.read_at == good.read_at and stale.frames["events"].equals(good.frames["events"])


def test_first_run_creates_the_demo_workbook_and_later_runs_leave_it_alone(tmp_path):
    path = tmp_path / "data" / "frivilligcenter.xlsx"
    config = Config(backend="workbook", workbook=path, demo=True)
    assert demo.set_up(open_store(config), TODAY)
    store = open_store(config)
    snap = read_snapshot(store)
    assert len(snap["events"]) == len(demo.demo_rows(TODAY)["events"])
    store.append_rows("activities", [{"id": "MINE", **ROW}])
    before = path.read_bytes()
    assert not demo.set_up(open_store(config), TODAY + dt.timedelta(days=30))
    assert path.read_bytes() == before


def test_only_the_default_workbook_is_a_demo(tmp_path):
    assert load_config(environ={}).demo
    assert not load_config(environ={"FCDASH_WORKBOOK": str(tmp_path / "vores.xlsx")}).demo


def test_create_workbook_never_overwrites(demo_workbook):
    with pytest.raises(FileExistsError):
        create_workbook(demo_workbook, {})


def test_the_default_workbook_path():
    assert str(load_config(environ={}).workbook) == "data/frivilligcenter.xlsx"


def test_dropdowns_and_the_guide_are_in_a_new_workbook(demo_workbook):
    import openpyxl

    wb = openpyxl.load_workbook(demo_workbook)
    assert wb.sheetnames[0] == "Vejledning"
    assert any("12-03-2025" in (r[0] or "") for r in wb["Vejledning"].iter_rows(values_only=True))
    validations = wb["Arrangementer"].data_validations.dataValidation
    assert any("D2:D5000" in str(v.sqref) for v in validations)  # the Type column
    assert wb["Arrangementer"].freeze_panes == "A2"


@pytest.mark.fault("control characters typed into a form")
def test_a_control_character_is_refused_in_danish_the_file_untouched_and_the_entry_set_aside(demo_workbook, tmp_path):
    store = WorkbookStore(demo_workbook)
    member = read_snapshot(store)["members"].loc[0, "id"]
    before = demo_workbook.read_bytes()
    for text in ("før\x00efter", "klokke\x07", "lodret\x0btab", "escape\x1b[0m"):
        with pytest.raises(UnwritableValue, match="Aktiviteter!.* har et kontroltegn"):
            store.append_rows("activities", [{"id": "A-1", **ROW, "note": text}])
        with pytest.raises(UnwritableValue, match="Medlemmer!"):
            store.update_row("members", member, {"note": text})
    assert demo_workbook.read_bytes() == before
    outbox = Outbox(tmp_path / "outbox")
    outbox.add("append", "activities", {"id": "A-2", **ROW, "note": "x\x00"}, "A-2")
    assert outbox.flush(store) == {SENT: 0, PENDING: 0, FAILED: 1}
    assert "kontroltegn" in outbox.entries()[0].error
    assert demo_workbook.read_bytes() == before


def test_a_forms_text_is_written_without_control_characters(demo_workbook):
    values = {"date": dt.date(2026, 11, 20), "type": "Henvisning", "note": " før\x00\x07 efter\tlinje 1\r\nlinje 2\x0b\x7f "}
    row = entries.row("activities", values, "A-1")
    assert row["note"] == "før efter\tlinje 1\nlinje 2"
    assert entries.clean_text("a\x00b\x1fc\u0085d\ne\tf") == "abcd\ne\tf"
    store = WorkbookStore(demo_workbook)
    store.append_rows("activities", [row])
    assert read_snapshot(store)["activities"].set_index("id").loc["A-1", "note"] == "før efter\tlinje 1\nlinje 2"


def test_a_missing_configured_workbook_is_an_error_naming_it_and_entries_wait_for_it(tmp_path, demo_rows):
    path = tmp_path / "vores.xlsx"
    store = open_store(load_config(environ={"FCDASH_WORKBOOK": str(path)}))  # not the demo: never made
    with pytest.raises(StoreNotFound, match=f"^Regnearket {re.escape(str(path))} findes ikke$"):
        read_snapshot(store)
    outbox = Outbox(tmp_path / "outbox")
    row = {"id": "A-1", **ROW}
    outbox.add("append", "activities", row, row["id"])
    for _ in range(2):  # the second try asks which ids the workbook holds: it waits all the same
        assert outbox.flush(store) == {SENT: 0, PENDING: 1, FAILED: 0}
    assert "findes ikke" in outbox.entries()[0].error and not path.exists()
    create_workbook(path, demo_rows)  # the drive is back
    assert outbox.flush(store) == {SENT: 1, PENDING: 0, FAILED: 0}
    assert list(read_snapshot(store)["activities"]["id"]).count("A-1") == 1


def test_undo_in_a_tab_with_formulas_empties_the_row_and_leaves_every_formula_on_its_row(tmp_path, demo_rows):
    """openpyxl moves the cells below a deleted row but not the references in formulas: a centre's
    own =D5*2 beside each row would then point at the row above. The row is emptied instead."""
    path = create_workbook(tmp_path / "wb.xlsx", demo_rows)
    wb = openpyxl.load_workbook(path)
    ws = wb["Aktiviteter"]
    last = ws.max_row
    for r in range(2, last + 1):  # a volunteer's own column: twice the count, row by row
        ws.cell(row=r, column=ws.max_column + 1 if r == 2 else ws.max_column, value=f"=D{r}*2")
    column = ws.max_column
    gone = ws.cell(row=3, column=1).value
    wb.save(path)
    WorkbookStore(path).delete_row("activities", gone)
    ws = openpyxl.load_workbook(path)["Aktiviteter"]
    assert ws.max_row == last and all(c.value is None for c in ws[3])  # the whole row, the volunteer's cell too
    assert [ws.cell(row=r, column=column).value for r in range(2, last + 1)] == [
        None if r == 3 else f"=D{r}*2" for r in range(2, last + 1)]
    assert gone not in set(read_snapshot(WorkbookStore(path))["activities"]["id"])


def typed_by_volunteers(path):
    """The demo workbook with every kind of cell a volunteer may type or paste by hand: dates as
    text and as date cells with and without a time, numbers as text, formulas (with their
    results once an office program saved the file), a time, a duration, a percent, yes/no as
    bools, error results, an empty row in the middle, merged cells, text with spaces and line
    breaks; a header below a title in another tab, a hidden tab and a tab of their own."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Aktiviteter"]
    typed = [
        ["HAND-1", "05-03-2026", "Henvisning", "12", None, None, None, None, " mellemrum før og efter "],
        ["HAND-2", "5. marts 2026", "Henvisning", "1.234", None, None, None, None, "linje 1\nlinje 2"],
        [None] * 9,  # an empty row in the middle
        ["HAND-3", dt.datetime(2026, 3, 5, 14, 30), "Henvisning", 2.5, None, None, None, None, "=A2&\" kopi\""],
        ["HAND-4", "=DATE(2026,3,6)", "Henvisning", "=2+3", None, None, None, None, True],
        ["HAND-5", dt.time(14, 30), "Henvisning", 0.25, None, None, None, None, False],
        ["HAND-6", dt.timedelta(hours=30), "Henvisning", "=1/0", None, None, None, None, "=NA()"],
        [4711, 46000, "Henvisning", 1e20, None, None, None, None, -3],
        ["HAND-7", dt.date(2026, 1, 2), "Henvisning", 12.0, None, None, None, None, "  "],
    ]
    first = ws.max_row + 1
    for values in typed:
        ws.append(values)
    ws.cell(row=first + 5, column=4).number_format = "0%"
    ws.cell(row=first + 5, column=2).number_format = "hh:mm"
    ws.cell(row=first + 6, column=2).number_format = "[h]:mm:ss"
    ws.merge_cells(start_row=first, start_column=10, end_row=first + 1, end_column=11)
    ws.cell(row=first, column=10, value="flettet")
    events = wb["Arrangementer"]
    events.insert_rows(1, 2)
    events["A1"] = "Arrangementer 2026"
    events.merge_cells("A1:D1")
    wb["Netværk"].sheet_state = "hidden"
    wb.create_sheet("Vores egen")["C4"] = "noter"
    wb.save(path)
    return first


def openpyxl_grids(path):
    """What the workbook backend read with openpyxl's read-only, data-only mode before calamine."""
    from fcdash import schema

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = {schema.normalise(name): wb[name] for name in wb.sheetnames}
    grids = {tab.key: None if schema.normalise(tab.title) not in sheets else
             [list(r) for r in sheets[schema.normalise(tab.title)].iter_rows(values_only=True)] for tab in schema.TABS}
    wb.close()
    return grids


def trimmed(grid):
    """A grid without its trailing empty rows and cells, and every blank cell None: how far
    openpyxl's grid reaches beyond the last value depends on formatting left in the file."""
    if grid is None:
        return None
    rows = [[None if isinstance(v, str) and not v.strip() else v for v in row] for row in grid]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    while rows and not rows[-1]:
        rows.pop()
    return [[(type(v), v) for v in row] for row in rows]  # 12 and 12.0, a date and a datetime differ


def assert_reads_as_openpyxl_did(path):
    ours, theirs = WorkbookStore(path).read_grids(), openpyxl_grids(path)
    assert {k: trimmed(g) for k, g in ours.items()} == {k: trimmed(g) for k, g in theirs.items()}
    from fcdash.parsing import parse_grids

    a, b = parse_grids(ours, source=str(path)), parse_grids(theirs, source=str(path))
    assert a.problems == b.problems
    for key, frame in a.frames.items():
        assert frame.equals(b.frames[key]), key
    return a


def test_every_kind_of_cell_reads_as_openpyxl_read_it(demo_workbook):
    first = typed_by_volunteers(demo_workbook)
    snapshot = assert_reads_as_openpyxl_did(demo_workbook)
    grid = WorkbookStore(demo_workbook).read_tab("activities")
    assert grid[first - 1][:4] == ["HAND-1", "05-03-2026", "Henvisning", "12"]
    assert grid[first + 2][1] == dt.datetime(2026, 3, 5, 14, 30) and grid[first + 4][1] == dt.time(14, 30)
    assert grid[first + 5][1] == dt.timedelta(hours=30) and grid[first + 6][:2] == [4711, 46000]
    assert grid[first + 7][1] == dt.datetime(2026, 1, 2) and type(grid[first + 7][3]) is int
    problems = {(p.cell, p.code) for p in snapshot.problems}
    assert {(f"Aktiviteter!B{first + 5}", "bad_date"), (f"Aktiviteter!B{first + 6}", "bad_date")} <= problems


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed: apt-get install "
                    "libreoffice-calc-nogui (.ci/run does)")
def test_every_kind_of_cell_saved_by_libreoffice_reads_as_openpyxl_read_it_error_results_too(demo_workbook, tmp_path):
    from tests.test_libreoffice import save_in_libreoffice

    first = typed_by_volunteers(demo_workbook)
    saved = save_in_libreoffice(demo_workbook, tmp_path / "lo")
    snapshot = assert_reads_as_openpyxl_did(saved)
    grid = WorkbookStore(saved).read_tab("activities")
    assert grid[first + 3][1:4] == [46087, "Henvisning", 5]  # the formulas' results, as numbers
    assert grid[first + 5][3] == "#DIV/0!" and grid[first + 5][8] == "#N/A"
    problems = {(p.cell, p.code) for p in snapshot.problems}
    assert (f"Aktiviteter!D{first + 6}", "formula_error") in problems


def test_an_append_lands_below_the_last_value_not_below_rows_formatted_ahead(demo_workbook):
    wb = openpyxl.load_workbook(demo_workbook)
    ws = wb["Aktiviteter"]
    last = ws.max_row
    for r in range(last + 1, last + 301):  # a volunteer formatted the Dato column ahead
        ws.cell(row=r, column=2).number_format = "DD-MM-YYYY"
    wb.save(demo_workbook)
    WorkbookStore(demo_workbook).append_rows("activities", [{"id": "A-NEXT", **ROW}])
    ws = openpyxl.load_workbook(demo_workbook)["Aktiviteter"]
    assert ws.cell(row=last + 1, column=1).value == "A-NEXT"
