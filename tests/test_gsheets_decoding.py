"""The Google client decodes the API's answers with orjson: the same grids as the standard
library gives, and what only the standard library reads still read."""

from __future__ import annotations

import math

import pytest
import requests

from fcdash.store.gsheets import _Client
from tests.conftest import google_sheet


def answer(body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code, response._content = 200, body
    response.headers["Content-Type"] = "application/json; charset=UTF-8"
    return response


def test_a_read_gives_the_grids_the_standard_library_decodes(emulator, demo_rows):
    store = google_sheet(emulator, demo_rows)
    grids = store.read_grids()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_Client, "_decoded", staticmethod(lambda response: response.json()))
        standard = store.read_grids()
    assert grids == standard
    assert [type(v) for g in grids.values() for row in g for v in row] == [
        type(v) for g in standard.values() for row in g for v in row]  # 45658 stays an int, 1.5 a float


def test_an_answer_only_the_standard_library_reads_is_still_read():
    assert _Client._decoded(answer(b'{"values": [["Dato", 45658, 1.5, "\\u00e6"]]}')) == {
        "values": [["Dato", 45658, 1.5, "æ"]]}
    values = _Client._decoded(answer(b'{"values": [[NaN, 1]]}'))["values"]  # orjson refuses NaN
    assert math.isnan(values[0][0]) and values[0][1] == 1
