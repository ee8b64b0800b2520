"""Command line: ``python -m fcdash check``, ``init-sheet``, ``seed-demo`` and ``hash-passcode``.

All use the same configuration as the dashboard (.streamlit/secrets.toml or the environment).
"""

from __future__ import annotations

import argparse
import getpass
import sys
import tomllib
from pathlib import Path

from fcdash import auth, demo
from fcdash.config import load_config, today
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
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
