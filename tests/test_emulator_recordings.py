"""The emulator answers what Google answered: every recorded Sheets API exchange in
tests/recordings (gspread's cassettes, MIT, see tests/recordings/README.md) is replayed against it
and the answers compared."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests

from tests.sheets_emulator import Emulator, Sheet

RECORDINGS = Path(__file__).resolve().parent / "recordings"
CASSETTES = sorted(RECORDINGS.glob("*.json"))
VOLATILE = {"sheetId", "spreadsheetUrl"}


def shape(value):
    """The structure of a JSON value: keys, nesting and scalar types, not the values."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def strip_volatile(value):
    if isinstance(value, dict):
        return {k: strip_volatile(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [strip_volatile(v) for v in value]
    return value


def sheets_exchanges(cassette: Path):
    for it in json.loads(cassette.read_text())["interactions"]:
        if "sheets.googleapis.com" in it["request"]["uri"]:
            yield it["request"], it["response"]


def test_recordings_are_there():
    # Every cassette the README lists is in the repository, with the licence it came under.
    listed = set(re.findall(r"^\| (\S+\.json) \|", (RECORDINGS / "README.md").read_text(), re.MULTILINE))
    assert len(listed) == 10 and {p.name for p in CASSETTES} == listed
    assert "MIT" in (RECORDINGS / "README.md").read_text()
    assert "Permission is hereby granted" in (RECORDINGS / "LICENSE-gspread.txt").read_text()


@pytest.mark.parametrize("cassette", CASSETTES, ids=lambda p: p.stem)
def test_emulator_answers_like_google(cassette):
    emulator = Emulator().serve()
    try:
        sheet_ids: dict[int, int] = {}
        compared = 0
        for request, response in sheets_exchanges(cassette):
            parts = urlsplit(request["uri"])
            recorded = json.loads(response["body"]["string"])
            sid = parts.path.split("/")[3].split(":")[0]
            if sid not in emulator.spreadsheets:
                # The cassette starts from a spreadsheet Google made: the first answer describes it.
                emulator.create_spreadsheet(sid, recorded["properties"]["title"], ())
                for props in (s["properties"] for s in recorded["sheets"]):
                    book = emulator.book(sid)
                    book.sheets.append(Sheet(props["sheetId"], props["title"], props["index"],
                                             props["gridProperties"]["rowCount"], props["gridProperties"]["columnCount"]))
            body = request["body"]
            for old, new in sheet_ids.items():
                body = body.replace(str(old), str(new)) if body else body
            answer = requests.request(request["method"], emulator.url + parts.path + ("?" + parts.query if parts.query else ""),
                                      data=body.encode() if body else None,
                                      headers={"Content-Type": "application/json"} if body else {})
            got = answer.json()
            assert answer.status_code == response["status"]["code"], (request["uri"], got)
            for reply_got, reply_rec in zip(got.get("replies", []), recorded.get("replies", [])):
                if "addSheet" in reply_rec:
                    sheet_ids[reply_rec["addSheet"]["properties"]["sheetId"]] = reply_got["addSheet"]["properties"]["sheetId"]
            assert shape(got) == shape(recorded), request["uri"]
            if "properties" not in recorded:  # values answers: the same values, ranges and counts
                assert strip_volatile(got) == strip_volatile(recorded), request["uri"]
            compared += 1
        assert compared >= 3
    finally:
        emulator.stop()
