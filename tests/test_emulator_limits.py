"""The emulator refuses what Google refuses and reads typed values as the spreadsheet's locale does,
each through real HTTP. The sources of Google's answers are in tests/EMULATOR.md."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from tests.sheets_emulator import EPOCH, ApiError, Emulator

ROOT = Path(__file__).resolve().parent.parent
TOO_MANY_CELLS = "This action would increase the number of cells in the workbook above the limit of 10000000 cells."
TOO_LONG = "Your input contains more than the maximum of 50000 characters in a single cell."


@pytest.fixture(scope="module")
def emulator():
    emu = Emulator().serve()
    yield emu
    emu.stop()


def spreadsheet(emulator: Emulator, grids: dict[str, tuple[int, int]], **kwargs) -> str:
    """A new spreadsheet whose tabs have the given (rows, columns) grids."""
    sid = emulator.create_spreadsheet(sheets=tuple(grids), **kwargs)
    for sheet in emulator.book(sid).sheets:
        sheet.rows, sheet.cols = grids[sheet.title]
    return sid


def call(emulator: Emulator, method: str, sid: str, path: str = "", params=None, body=None) -> tuple[int, dict]:
    answer = requests.request(method, f"{emulator.url}/v4/spreadsheets/{sid}{path}", params=params, json=body, timeout=10)
    return answer.status_code, answer.json()


def update(emulator, sid, a1, values, option="USER_ENTERED"):
    return call(emulator, "PUT", sid, f"/values/{a1}", {"valueInputOption": option}, {"values": values})


def batch(emulator, sid, *requests_):
    return call(emulator, "POST", sid, ":batchUpdate", body={"requests": list(requests_)})


def grids(emulator, sid) -> dict[str, tuple[int, int]]:
    _, meta = call(emulator, "GET", sid)
    return {s["properties"]["title"]: (s["properties"]["gridProperties"]["rowCount"],
                                       s["properties"]["gridProperties"]["columnCount"]) for s in meta["sheets"]}


def refused(answer: tuple[int, dict], message: str) -> None:
    status, body = answer
    assert (status, body) == (400, {"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}})


# --- the grid -----------------------------------------------------------------------------------

@pytest.mark.parametrize("tab, a1, values, message", [
    ("Aktiviteter", "'Aktiviteter'!A2", [["x"] * 8] * 1949,
     "Range (Aktiviteter!A2:H1950) exceeds grid limits. Max rows: 1000, max columns: 8"),
    ("Opfølgning", "'Opfølgning'!I1", [["Ny kolonne"]],
     "Range ('Opfølgning'!I1) exceeds grid limits. Max rows: 1000, max columns: 8"),
    ("D3", "'D3'!A1:B1001", [["x", "y"]],
     "Range ('D3'!A1:B1001) exceeds grid limits. Max rows: 1000, max columns: 8"),
])
def test_an_update_outside_the_grid_is_refused_and_writes_nothing(emulator, tab, a1, values, message):
    sid = spreadsheet(emulator, {tab: (1000, 8)})
    refused(update(emulator, sid, a1, values), message)
    assert emulator.grid(sid, tab) == [] and grids(emulator, sid) == {tab: (1000, 8)}


def test_a_batch_update_with_one_range_outside_the_grid_writes_none(emulator):
    sid = spreadsheet(emulator, {"Medlemmer": (1000, 3)})
    answer = call(emulator, "POST", sid, "/values:batchUpdate", body={"valueInputOption": "RAW", "data": [
        {"range": "Medlemmer!A1", "values": [["Navn"]]},
        {"range": "Medlemmer!D1", "values": [["Telefon"]]}]})
    refused(answer, "Invalid data[1]: Range (Medlemmer!D1) exceeds grid limits. Max rows: 1000, max columns: 3")
    assert emulator.grid(sid, "Medlemmer") == []


def test_a_read_outside_the_grid_is_refused(emulator):
    sid = spreadsheet(emulator, {"Sheet1": (1000, 26)})
    refused(call(emulator, "GET", sid, "/values/Sheet1!A1:AA2"),
            "Range (Sheet1!A1:AA2) exceeds grid limits. Max rows: 1000, max columns: 26")
    assert call(emulator, "GET", sid, "/values/Sheet1!A1:Z2")[0] == 200


@pytest.mark.parametrize("option, rows_before, rows_after", [
    ("INSERT_ROWS", 3, 5),  # a full tab gets the two rows
    ("INSERT_ROWS", 10, 12),  # inserted even where there was room
    ("OVERWRITE", 3, 5),
    ("OVERWRITE", 10, 10),  # written into the empty rows
])
def test_append_grows_the_grid_as_needed(emulator, option, rows_before, rows_after):
    sid = spreadsheet(emulator, {"Log": (rows_before, 2)})
    update(emulator, sid, "Log!A1", [["Dato", "Hvad"], ["2025-03-01", "a"], ["2025-03-02", "b"]])
    status, _ = call(emulator, "POST", sid, "/values/Log!A1:append",
                     {"valueInputOption": "RAW", "insertDataOption": option}, {"values": [["c", "d"], ["e", "f"]]})
    assert status == 200 and grids(emulator, sid) == {"Log": (rows_after, 2)}
    assert emulator.grid(sid, "Log")[3:] == [["c", "d"], ["e", "f"]]


def test_append_wider_than_the_grid_adds_columns(emulator):
    sid = spreadsheet(emulator, {"Log": (10, 2)})
    status, _ = call(emulator, "POST", sid, "/values/Log!A1:append", {"valueInputOption": "RAW"},
                     {"values": [["a", "b", "c"]]})
    assert status == 200 and grids(emulator, sid) == {"Log": (10, 3)}
    assert emulator.grid(sid, "Log") == [["a", "b", "c"]]


@pytest.mark.parametrize("dimension, a1, grid", [("ROWS", "A2:H1950", (1950, 8)), ("COLUMNS", "I1", (1000, 9))])
def test_append_dimension_makes_room_for_an_update(emulator, dimension, a1, grid):
    sid = spreadsheet(emulator, {"Aktiviteter": (1000, 8)})
    sheet_id = emulator.book(sid).sheets[0].sheet_id
    values = [["x"] * 8] * 1949 if dimension == "ROWS" else [["Ny kolonne"]]
    assert update(emulator, sid, f"Aktiviteter!{a1}", values)[0] == 400
    length = 950 if dimension == "ROWS" else 1
    assert batch(emulator, sid, {"appendDimension": {"sheetId": sheet_id, "dimension": dimension, "length": length}}) \
        == (200, {"spreadsheetId": sid, "replies": [{}]})
    assert update(emulator, sid, f"Aktiviteter!{a1}", values)[0] == 200
    assert grids(emulator, sid) == {"Aktiviteter": grid}


def test_insert_dimension_and_update_sheet_properties_grow_the_grid(emulator):
    sid = spreadsheet(emulator, {"Log": (10, 2)})
    sheet_id = emulator.book(sid).sheets[0].sheet_id
    update(emulator, sid, "Log!A1", [["a", "b"], ["c", "d"]])
    assert batch(emulator, sid,
                 {"insertDimension": {"range": {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": 1, "endIndex": 3}}},
                 {"insertDimension": {"range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 1}}},
                 {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": {"rowCount": 20}},
                                            "fields": "gridProperties/rowCount"}})[0] == 200
    assert grids(emulator, sid) == {"Log": (20, 3)}
    assert emulator.grid(sid, "Log") == [["", "a", "b"], [], [], ["", "c", "d"]]


# --- the ten million cells of a spreadsheet ----------------------------------------------------

def test_a_spreadsheet_holds_at_most_ten_million_cells(emulator):
    sid = spreadsheet(emulator, {"Sheet1": (1000, 26)})
    sheet_id = emulator.book(sid).sheets[0].sheet_id
    ok = {"addSheet": {"properties": {"title": "Ny", "gridProperties": {"rowCount": 1000, "columnCount": 26}}}}
    too_big = [
        {"addSheet": {"properties": {"title": "Stor", "gridProperties": {"rowCount": 384_000, "columnCount": 26}}}},
        {"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS", "length": 384_000}},
        {"insertDimension": {"range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": 0, "endIndex": 10_000}}},
        {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": {"rowCount": 390_000}},
                                   "fields": "gridProperties.rowCount"}},
        # Rows are applied before columns: 500,000 x 26 is over the limit on the way to 500,000 x 10.
        {"updateSheetProperties": {"properties": {"sheetId": sheet_id, "gridProperties": {"rowCount": 500_000, "columnCount": 10}},
                                   "fields": "gridProperties"}},
    ]
    for request in too_big:
        (kind, _), = request.items()
        refused(batch(emulator, sid, ok, request), f"Invalid requests[1].{kind}: {TOO_MANY_CELLS}")
        assert grids(emulator, sid) == {"Sheet1": (1000, 26)}  # nothing applied, not even the first request
    assert batch(emulator, sid, {"appendDimension": {"sheetId": sheet_id, "dimension": "ROWS", "length": 383_000}})[0] == 200
    assert grids(emulator, sid) == {"Sheet1": (384_000, 26)}  # 9,984,000 cells


def test_an_append_that_would_pass_ten_million_cells_is_refused(emulator):
    sid = spreadsheet(emulator, {"Log": (384_615, 26)})  # 9,999,990 cells
    append = {"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"}
    refused(call(emulator, "POST", sid, "/values/Log!A1:append", append, {"values": [["a"]]}), TOO_MANY_CELLS)
    assert grids(emulator, sid) == {"Log": (384_615, 26)} and emulator.book(sid).sheet("Log").cells == []


# --- 50,000 characters in a cell ----------------------------------------------------------------

@pytest.mark.parametrize("request_, message", [
    (lambda v: ("PUT", "/values/Sheet1!A1", {"valueInputOption": "RAW"}, {"values": [["kort", v]]}), TOO_LONG),
    (lambda v: ("POST", "/values/Sheet1!A1:append", {"valueInputOption": "USER_ENTERED"}, {"values": [[v]]}), TOO_LONG),
    (lambda v: ("POST", "/values:batchUpdate", None, {"valueInputOption": "RAW", "data": [
        {"range": "Sheet1!A1", "values": [["kort"]]}, {"range": "Sheet1!B1", "values": [[v]]}]}),
     f"Invalid data[1]: {TOO_LONG}"),
], ids=["update", "append", "batchUpdate"])
def test_a_cell_holds_at_most_50000_characters(emulator, request_, message):
    sid = spreadsheet(emulator, {"Sheet1": (1000, 26)})
    method, path, params, body = request_("x" * 50_001)
    refused(call(emulator, method, sid, path, params, body), message)
    assert emulator.grid(sid, "Sheet1") == []
    method, path, params, body = request_("x" * 50_000)
    assert call(emulator, method, sid, path, params, body)[0] == 200


# --- locale and time zone -----------------------------------------------------------------------

def serial(year, month, day) -> int:
    return (dt.date(year, month, day) - EPOCH).days


@pytest.mark.parametrize("locale, typed, stored, shown", [
    ("en_US", "12-03-2025", serial(2025, 12, 3), "12/3/2025"),
    ("en_US", "12/03/2025", serial(2025, 12, 3), "12/3/2025"),
    ("en_US", "2025-03-12", serial(2025, 3, 12), "3/12/2025"),
    ("en_US", "1.234", 1.234, "1.234"),
    ("en_US", "1,234", 1234, "1234"),
    ("en_US", "1,234.5", 1234.5, "1234.5"),
    ("en_US", "TRUE", True, "TRUE"),
    ("en_US", "'12-03-2025", "12-03-2025", "12-03-2025"),
    ("en_US", "=1+2", 3, "3"),
    ("da_DK", "12-03-2025", serial(2025, 3, 12), "12.03.2025"),
    ("da_DK", "12.03.2025", serial(2025, 3, 12), "12.03.2025"),
    ("da_DK", "2025-03-12", serial(2025, 3, 12), "12.03.2025"),
    ("da_DK", "1.234", 1234, "1234"),
    ("da_DK", "1,5", 1.5, "1,5"),
    ("da_DK", "1.234,5", 1234.5, "1234,5"),
    ("da_DK", "1.5", "1.5", "1.5"),  # unknown at Google (it may be 1 May); text here
    ("da_DK", "'1,5", "1,5", "1,5"),
    ("da_DK", "31.02.2026", "31.02.2026", "31.02.2026"),  # no such day
    ("da_DK", "=1+2", 3, "3"),
])
def test_user_entered_values_are_read_in_the_spreadsheets_locale(emulator, locale, typed, stored, shown):
    sid = spreadsheet(emulator, {"Sheet1": (1000, 26)}, locale=locale)
    assert update(emulator, sid, "Sheet1!A1", [[typed]])[0] == 200
    for option, expected in (("UNFORMATTED_VALUE", stored), ("FORMATTED_VALUE", shown)):
        _, answer = call(emulator, "GET", sid, "/values/Sheet1!A1", {"valueRenderOption": option})
        assert answer["values"] == [[expected]], option


def test_metadata_shows_the_locale_and_time_zone(emulator):
    plain = spreadsheet(emulator, {"Sheet1": (1000, 26)})
    danish = spreadsheet(emulator, {"Sheet1": (1000, 26)}, locale="da_DK", time_zone="Europe/Copenhagen")
    for sid, locale, zone in ((plain, "en_US", "Etc/GMT"), (danish, "da_DK", "Europe/Copenhagen")):
        properties = call(emulator, "GET", sid)[1]["properties"]
        assert (properties["locale"], properties["timeZone"]) == (locale, zone)


def test_update_spreadsheet_properties_sets_the_locale_and_time_zone(emulator):
    # The requests gspread sends (its recorded SpreadsheetTest.test_timezone_and_locale), with da_DK.
    sid = spreadsheet(emulator, {"Sheet1": (1000, 26)})
    assert batch(emulator, sid, {"updateSpreadsheetProperties": {"properties": {"timeZone": "Europe/Copenhagen"},
                                                                 "fields": "timeZone"}}) \
        == (200, {"spreadsheetId": sid, "replies": [{}]})
    assert batch(emulator, sid, {"updateSpreadsheetProperties": {"properties": {"locale": "da_DK", "timeZone": "Asia/Tokyo"},
                                                                 "fields": "locale"}})[0] == 200
    properties = call(emulator, "GET", sid)[1]["properties"]
    assert (properties["locale"], properties["timeZone"]) == ("da_DK", "Europe/Copenhagen")  # the mask kept the zone
    update(emulator, sid, "Sheet1!A1", [["1,5"]])
    assert call(emulator, "GET", sid, "/values/Sheet1!A1", {"valueRenderOption": "UNFORMATTED_VALUE"})[1]["values"] == [[1.5]]


def test_a_locale_the_emulator_does_not_model_is_refused(emulator):
    sid = spreadsheet(emulator, {"Sheet1": (1000, 26)})
    status, body = batch(emulator, sid, {"updateSpreadsheetProperties": {"properties": {"locale": "fr_FR"}, "fields": "locale"}})
    assert status == 400 and "fr_FR" in body["error"]["message"]
    assert call(emulator, "GET", sid)[1]["properties"]["locale"] == "en_US"
    with pytest.raises(ApiError):
        emulator.create_spreadsheet(locale="fr_FR")


def test_the_control_surface_makes_a_spreadsheet_in_a_locale(emulator):
    made = requests.post(f"{emulator.url}/_emulator/spreadsheets", json={"locale": "da_DK"}, timeout=10)
    assert call(emulator, "GET", made.json()["spreadsheetId"])[1]["properties"]["locale"] == "da_DK"
    assert requests.post(f"{emulator.url}/_emulator/spreadsheets", json={"locale": "fr_FR"}, timeout=10).status_code == 400


def test_the_command_line_takes_a_locale():
    process = subprocess.Popen([sys.executable, "-m", "tests.sheets_emulator", "--port", "0", "--spreadsheet", "trial",
                                "--locale", "da_DK"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        url = process.stdout.readline().split()[4].rstrip(",")
        properties = requests.get(f"{url}/v4/spreadsheets/trial", timeout=10).json()["properties"]
        assert properties["locale"] == "da_DK"
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- what a volunteer does in the browser ----------------------------------------------------------

def test_a_volunteer_types_only_inside_the_grid_but_inserting_rows_grows_it(emulator):
    sid = spreadsheet(emulator, {"Log": (2, 2)})
    with pytest.raises(ApiError, match=r"Range \(Log!A3\) exceeds grid limits"):
        emulator.type_values(sid, "Log!A3", [["a"]])
    emulator.insert_rows(sid, "Log", 2, ["b", "c"])
    assert grids(emulator, sid) == {"Log": (3, 2)} and emulator.grid(sid, "Log") == [[], ["b", "c"]]
