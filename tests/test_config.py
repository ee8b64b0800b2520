"""Configuration from secrets and the environment, and the command line that prepares a sheet."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from fcdash.config import GOOGLE_SHEETS_API, load_config, spreadsheet_key
from fcdash.errors import ConfigError
from tests.conftest import ROOT

ACCOUNT = {"type": "service_account", "client_email": "fcdash@projekt.iam.gserviceaccount.com",
           "private_key": "-----BEGIN PRIVATE KEY-----\nHEMMELIG\n-----END PRIVATE KEY-----\n"}
URL = "https://docs.google.com/spreadsheets/d/1AbC-dEf_123/edit#gid=0"


def test_no_configuration_is_the_demo_workbook():
    config = load_config({}, {})
    assert config.backend == "workbook" and config.cache_ttl == 300


def test_secrets_section_with_url_and_service_account():
    config = load_config({"connections": {"gsheets": {"spreadsheet": URL, **ACCOUNT}}}, {})
    assert config.backend == "gsheets" and config.spreadsheet == "1AbC-dEf_123"
    assert config.api_url == GOOGLE_SHEETS_API and not config.emulated
    assert json.loads(config.service_account)["client_email"] == ACCOUNT["client_email"]
    assert "HEMMELIG" not in repr(config) and "HEMMELIG" not in str(config)


def test_environment_with_a_credentials_file(tmp_path):
    key_file = tmp_path / "key.json"
    key_file.write_text(json.dumps(ACCOUNT))
    config = load_config({}, {"FCDASH_SPREADSHEET": "1AbC", "GOOGLE_APPLICATION_CREDENTIALS": str(key_file),
                              "FCDASH_CACHE_TTL": "60"})
    assert config.spreadsheet == "1AbC" and config.cache_ttl == 60 and config.service_account


def test_the_emulator_needs_no_credentials():
    config = load_config({}, {"FCDASH_SPREADSHEET": "demo", "FCDASH_SHEETS_API_URL": "http://127.0.0.1:8765/"})
    assert config.emulated and config.api_url == "http://127.0.0.1:8765" and config.service_account is None


@pytest.mark.parametrize("secrets, environ, message", [
    ({}, {"FCDASH_SPREADSHEET": "x"}, "ingen servicekonto"),
    ({}, {"FCDASH_SPREADSHEET": "x", "GOOGLE_APPLICATION_CREDENTIALS": "/findes/ikke.json"}, "kan ikke læses"),
    ({"connections": {"gsheets": {"spreadsheet": "x", "type": "service_account"}}}, {}, "private_key"),
    ({}, {"FCDASH_CACHE_TTL": "fem"}, "helt antal sekunder"),
    ({}, {"FCDASH_CACHE_TTL": "-1"}, "negativ"),
])
def test_wrong_configuration_is_a_clear_danish_error(secrets, environ, message):
    with pytest.raises(ConfigError, match=message):
        load_config(secrets, environ)


def test_spreadsheet_key_from_url_or_key():
    assert spreadsheet_key(URL) == "1AbC-dEf_123"
    assert spreadsheet_key(" 1AbC ") == "1AbC"


def run_cli(*args, env):
    return subprocess.run([sys.executable, "-m", "fcdash", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=120)


def test_init_sheet_and_seed_demo_from_the_command_line(emulator):
    sid = emulator.create_spreadsheet(title="Kommandolinjen")
    env = {"FCDASH_SPREADSHEET": sid, "FCDASH_SHEETS_API_URL": emulator.url}
    first = run_cli("init-sheet", env=env)
    assert first.returncode == 0, first.stderr
    assert "fanen 'Mål' oprettet" in first.stdout
    again = run_cli("init-sheet", env=env)
    assert again.returncode == 0 and "intet ændret" in again.stdout
    seeded = run_cli("seed-demo", env=env)
    assert seeded.returncode == 0, seeded.stderr
    assert len(emulator.grid(sid, "Arrangementer")) > 200
    refused = run_cli("seed-demo", env=env)
    assert refused.returncode == 1 and "allerede data" in refused.stderr


def test_init_sheet_and_seed_demo_work_on_a_workbook_too(tmp_path):
    path = tmp_path / "vores.xlsx"
    env = {"FCDASH_SPREADSHEET": "", "FCDASH_WORKBOOK": str(path)}
    first = run_cli("init-sheet", env=env)
    assert first.returncode == 0, first.stderr
    assert f"regnearket {path} oprettet" in first.stdout
    assert run_cli("init-sheet", env=env).stdout.strip() == "Regnearket var allerede klar; intet ændret."
    assert run_cli("seed-demo", env=env).returncode == 0
    refused = run_cli("seed-demo", env=env)
    assert refused.returncode == 1 and "allerede data" in refused.stderr


def test_hash_passcode_from_the_command_line_makes_a_hash_that_checks():
    from fcdash import auth

    result = subprocess.run([sys.executable, "-m", "fcdash", "hash-passcode"], cwd=ROOT, capture_output=True,
                            text=True, input="en-god-kode-123\nen-god-kode-123\n", timeout=60)
    assert result.returncode == 0, result.stderr
    stored = result.stdout.strip().split(" = ")[1].strip('"')
    assert auth.check_passcode("en-god-kode-123", stored) and not auth.check_passcode("en-god-kode-124", stored)
    assert "en-god-kode-123" not in result.stdout
    short = subprocess.run([sys.executable, "-m", "fcdash", "hash-passcode"], cwd=ROOT, capture_output=True,
                           text=True, input="kort\nkort\n", timeout=60)
    assert short.returncode == 1 and "mindst 10 tegn" in short.stderr


def test_sign_in_configuration():
    config = load_config({"auth": {"client_id": "x"}, "fcdash": {"editors": ["Leder@Center.dk "]}}, {})
    assert config.oidc and config.editors == ("leder@center.dk",)
    with pytest.raises(ConfigError, match="editors"):
        load_config({"auth": {"client_id": "x"}}, {})
    with pytest.raises(ConfigError, match="hash-passcode"):
        load_config({}, {"FCDASH_EDITOR_PASSCODE_HASH": "klartekst"})
    assert "pbkdf2" not in repr(load_config({}, {"FCDASH_EDITOR_PASSCODE_HASH": "pbkdf2_sha256$1$YQ==$YQ=="}))


def test_the_evaluation_settings_are_read_and_checked():
    from fcdash.config import load_config

    cfg = load_config({"fcdash": {"public_url": "https://fc.example.dk/", "evaluation_days": 7}},
                      {"FCDASH_EVALUATION_CAP": "1.5", "FCDASH_EVALUATION_RATE_EVENT": "10"})
    assert (cfg.public_url, cfg.evaluation_days, cfg.evaluation_cap, cfg.evaluation_rate_event) == (
        "https://fc.example.dk", 7, 1.5, 10)
    assert load_config({}, {}).evaluation_days == 14 and load_config({}, {}).evaluation_secret is None
    for bad in ({"FCDASH_EVALUATION_DAYS": "0"}, {"FCDASH_EVALUATION_CAP": "to"}, {"FCDASH_PUBLIC_URL": "fc.dk"},
                {"FCDASH_EVALUATION_SECRET": "kort"}):
        with pytest.raises(ConfigError):
            load_config({}, bad)
