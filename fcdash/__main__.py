"""Command line: ``python -m fcdash check``, ``init-sheet``, ``seed-demo``, ``hash-passcode`` and
``goals``.

All use the same configuration as the dashboard (.streamlit/secrets.toml or the environment);
``goals`` may also be given a workbook of its own. The commands only wrap library calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import getpass
import sys
import tomllib
from pathlib import Path

from fcdash import auth, demo, i18n
from fcdash.config import Config, load_config, today
from fcdash.errors import FcdashError
from fcdash.store import open_store

SECRETS = Path(".streamlit") / "secrets.toml"


def _config():
    secrets = tomllib.loads(SECRETS.read_text()) if SECRETS.exists() else {}
    return load_config(secrets)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fcdash", description="fcdash: værktøjer til regnearket")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init-sheet", help="opret manglende faner, overskrifter, rullelister og vejledning")
    commands.add_parser("seed-demo", help="fyld et tomt regneark med demodata")
    commands.add_parser("hash-passcode", help="lav hashen af redaktørernes adgangskode til secrets.toml")
    commands.add_parser("check", help="tjek opsætningen, regnearket, fanerne og login")
    goals_cmd = commands.add_parser("goals", help="hvert måls foreslåede og bestyrelsens trafiklys, værdi og målværdi")
    goals_cmd.add_argument("--workbook", type=Path, help="læs denne arbejdsbog i stedet for det konfigurerede regneark")
    goals_cmd.add_argument("--as-of", type=_day, default=None, metavar="ÅÅÅÅ-MM-DD",
                           help="vurdér som på denne dag (standard: i dag)")
    goals_cmd.add_argument("--json", action="store_true", help="en JSON-liste med ét objekt pr. mål")
    args = parser.parse_args(argv)
    if args.command == "goals":
        return _goals(args)
    if args.command == "check":
        from fcdash import check

        findings = check.run(_config)
        for finding in findings:
            print(f"[{finding.level}] {finding.text}")
        failed = any(f.level == check.FAIL for f in findings)
        print("Der er fejl; ret dem og kør check igen." if failed else "Alt er klar.")
        return 1 if failed else 0
    if args.command == "hash-passcode":
        passcode = getpass.getpass("Ny adgangskode for redaktører: ")
        if len(passcode) < 10 or passcode != getpass.getpass("Gentag den: "):
            print("Fejl: adgangskoden skal have mindst 10 tegn og være ens begge gange.", file=sys.stderr)
            return 1
        print(f'editor_passcode_hash = "{auth.hash_passcode(passcode)}"')
        return 0
    try:
        store = open_store(_config())
        done = store.prepare()
        if args.command == "init-sheet":
            print("\n".join(f"- {line}" for line in done) or "Regnearket var allerede klar; intet ændret.")
        else:
            store.fill(demo.demo_rows(today()))
            print("Demodata skrevet i regnearket.")
    except FcdashError as ex:
        print(f"Fejl: {ex}", file=sys.stderr)
        return 1
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(i18n.t("cli.bad_date", "da", value=text)) from None


def _goals(args) -> int:
    """Every goal judged as of the day, from the same table the dashboard's pages read."""
    from fcdash.goals.records import records, text_table
    from fcdash.parsing import read_snapshot

    day = args.as_of or today()
    try:
        if args.workbook is not None:
            store = open_store(Config(backend="workbook", workbook=args.workbook))
        else:
            config = _config()
            store = open_store(config)
            if config.demo:
                demo.set_up(store, today())
        rows = records(read_snapshot(store), day)
    except FcdashError as ex:
        print(f"Fejl: {ex}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print(text_table(rows) if rows else i18n.t("cli.goals.none", "da"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
