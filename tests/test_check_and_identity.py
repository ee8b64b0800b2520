"""A second centre sets it up: its own name and logo from configuration, `python -m fcdash check`
against good and broken stores, and its name on the dashboard and the report."""

from __future__ import annotations

import datetime as dt
import io
import os
import struct
import subprocess
import sys
import zlib

import openpyxl
import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from fcdash.reports import board, periods
from fcdash.config import load_config
from fcdash.errors import ConfigError
from fcdash.parsing import read_snapshot
from fcdash.store.gsheets import GoogleSheetsStore
from tests.conftest import FAST_RETRY, ROOT, TODAY, google_config, google_sheet


def png(path, width=40, height=20, rgb=(31, 95, 139)):
    """A small solid PNG, written with the standard library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return path


def check(env):
    return subprocess.run([sys.executable, "-m", "fcdash", "check"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "FCDASH_SPREADSHEET": "", **env})


def test_identity_from_configuration_with_good_and_bad_values(tmp_path):
    logo = png(tmp_path / "logo.png")
    config = load_config({"fcdash": {"centre_name": "Frivilligcenter Syddjurs", "short_name": "FC Syddjurs",
                                     "logo": str(logo), "strategy_start": "2025-01-01"}}, {})
    assert (config.centre_name, config.short_name, config.logo, str(config.strategy_start)) == (
        "Frivilligcenter Syddjurs", "FC Syddjurs", logo, "2025-01-01")
    assert load_config({}, {"FCDASH_CENTRE_NAME": "Frivilligcenter Billund"}).short_name == "Frivilligcenter Billund"
    for secrets, message in [({"logo": str(tmp_path / "mangler.png")}, "logoet findes ikke"),
                             ({"logo": str(tmp_path)}, "PNG- eller JPEG"),
                             ({"strategy_start": "1. januar"}, "strategy_start skal være en dato"),
                             ({"short_name": "x" * 41}, "højst have 40 tegn")]:
        with pytest.raises(ConfigError, match=message):
            load_config({"fcdash": secrets}, {})


def test_check_a_good_workbook(demo_workbook):
    result = check({"FCDASH_WORKBOOK": str(demo_workbook)})
    assert result.returncode == 0, result.stdout
    assert "[ok] Fanen «Arrangementer»" in result.stdout and result.stdout.strip().endswith("Alt er klar.")


def test_check_a_workbook_with_a_missing_tab_a_mistyped_header_and_a_missing_workbook(demo_workbook, tmp_path):
    wb = openpyxl.load_workbook(demo_workbook)
    del wb["Opfølgning"]
    assert wb["Aktiviteter"]["D1"].value == "Antal"
    wb["Aktiviteter"]["D1"] = "Antl"
    wb.save(demo_workbook)
    result = check({"FCDASH_WORKBOOK": str(demo_workbook)})
    assert result.returncode == 1
    assert "[FEJL] Fanen «Opfølgning» mangler" in result.stdout
    assert "Aktiviteter!D1: Overskriften 'Antl' kendes ikke; mente I 'Antal'?" in result.stdout
    missing = check({"FCDASH_WORKBOOK": str(tmp_path / "findes-ikke.xlsx")})
    assert missing.returncode == 1 and "findes ikke" in missing.stdout
    assert not (tmp_path / "findes-ikke.xlsx").exists()  # check never creates anything


def test_check_against_the_emulator_good_unshared_and_wrong_key(emulator, demo_rows):
    sheet = google_sheet(emulator, demo_rows)
    env = {"FCDASH_SPREADSHEET": sheet.key, "FCDASH_SHEETS_API_URL": emulator.url}
    good = check(env)
    assert good.returncode == 0, good.stdout
    assert f"Google-regnearket {sheet.key}" in good.stdout and "registrering er slået fra" in good.stdout
    emulator.forbid(sheet.key)
    try:
        unshared = check(env)
    finally:
        emulator.forbid(sheet.key, False)
    assert unshared.returncode == 1 and "ikke delt med" in unshared.stdout and "redigeringsadgang" in unshared.stdout
    wrong = check({**env, "FCDASH_SPREADSHEET": "forkert-noegle"})
    assert wrong.returncode == 1 and "Regnearket findes ikke" in wrong.stdout


def test_a_second_centre_sees_its_own_name_on_the_dashboard_and_the_report(monkeypatch, emulator, demo_rows, tmp_path):
    sheet = google_sheet(emulator, demo_rows)
    logo = png(tmp_path / "syddjurs.png")
    monkeypatch.setenv("FCDASH_SPREADSHEET", sheet.key)
    monkeypatch.setenv("FCDASH_SHEETS_API_URL", emulator.url)
    monkeypatch.setenv("FCDASH_CENTRE_NAME", "Frivilligcenter Syddjurs")
    monkeypatch.setenv("FCDASH_LOGO", str(logo))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert "**Frivilligcenter Syddjurs**" in [m.value for m in at.sidebar.markdown]
    config = load_config({}, os.environ)
    snap = read_snapshot(sheet)
    data = board.build(snap, *periods.default_period(snap, TODAY), today=TODAY, centre=config.centre_name)
    pdf = PdfReader(io.BytesIO(board.pdf(data, logo=config.logo)))
    assert "Frivilligcenter Syddjurs" in pdf.pages[0].extract_text()
    assert len(pdf.pages[0].images) == 1  # the logo


def test_a_sheet_with_data_in_an_english_locale_is_named_by_check_and_the_pages(monkeypatch, emulator, tmp_path):
    # A centre's existing sheet, owned by an English-language account: init-sheet leaves its
    # locale alone (it holds data), and every place a person looks says what that changes.
    sid = emulator.create_spreadsheet(title="Gammelt ark", sheets=("Medlemmer",), locale="en_US")
    emulator.type_values(sid, "Medlemmer!A1:C2", [["ID", "Navn", "Type"], ["MED-1", "Ældre Sagen", "Forening"]])
    store = GoogleSheetsStore.from_config(google_config(emulator, sid), retry=FAST_RETRY)
    store.prepare()
    assert emulator.book(sid).locale == "en_US"
    env = {"FCDASH_SPREADSHEET": sid, "FCDASH_SHEETS_API_URL": emulator.url}
    found = check(env)
    assert "landestandarden «en_US»" in found.stdout and "12-03-2025 til 3. december" in found.stdout
    for name, value in {**env, "FCDASH_TODAY": TODAY.isoformat(), "FCDASH_OUTBOX": str(tmp_path / "outbox")}.items():
        monkeypatch.setenv(name, value)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert any("landestandarden «en_US»" in w.value for w in at.warning)
    at.switch_page("app_pages/problems.py").run()
    assert any("Fil › Indstillinger › Landestandard" in w.value for w in at.warning)


def test_init_sheet_gives_an_empty_sheet_the_danish_locale_and_time_zone(emulator):
    sid = emulator.create_spreadsheet(title="Nyt ark")  # Google's default for an English account
    GoogleSheetsStore.from_config(google_config(emulator, sid), retry=FAST_RETRY).prepare()
    assert (emulator.book(sid).locale, emulator.book(sid).time_zone) == ("da_DK", "Europe/Copenhagen")
    emulator.type_values(sid, "Aktiviteter!B2:D2", [["12-03-2025", "Henvisning", "1.234"]])
    store = GoogleSheetsStore.from_config(google_config(emulator, sid), retry=FAST_RETRY)
    snap = read_snapshot(store)
    assert not snap.foreign_locale
    assert snap["activities"].loc[0, "date"] == dt.datetime(2025, 3, 12) and snap["activities"].loc[0, "count"] == 1234
