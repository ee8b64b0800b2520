"""Command line: ``python -m fcdash check``, ``init-sheet``, ``seed-demo``, ``hash-passcode``,
``goals``, ``board-report`` and ``yearly-report``.

All use the same configuration as the dashboard (.streamlit/secrets.toml or the environment);
``goals`` and the reports may also be given a workbook of their own. The commands only wrap
library calls.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import getpass
import sys
import tomllib
from pathlib import Path

import pandas as pd

from fcdash import auth, demo, i18n
from fcdash.config import Config, load_config, today
from fcdash.errors import FcdashError, MailError
from fcdash.reports import board, periods, yearly
from fcdash.store import open_store

SECRETS = Path(".streamlit") / "secrets.toml"

# What --out can be for each report, by its extension: one line a format (the reports are in Danish).
BOARD_FILES = {
    ".pdf": lambda content, config: board.pdf(content, "da", config.logo),
    ".xlsx": lambda content, config: board.excel(content, "da"),
}
YEARLY_FILES = {
    ".pdf": lambda content, config: yearly.pdf(content, "da", config.logo),
    ".xlsx": lambda content, config: yearly.excel(content, "da"),
    ".docx": lambda content, config: yearly.docx(content, "da", logo=config.logo),
}


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
    board_cmd = commands.add_parser("board-report", help=i18n.t("cli.report.help.board"))
    board_cmd.add_argument("--from", dest="start", type=_day, required=True, metavar="ÅÅÅÅ-MM-DD", help="første dag")
    board_cmd.add_argument("--to", dest="end", type=_day, required=True, metavar="ÅÅÅÅ-MM-DD", help="sidste dag")
    yearly_cmd = commands.add_parser("yearly-report", help=i18n.t("cli.report.help.yearly"))
    yearly_cmd.add_argument("--year", type=int, required=True, metavar="ÅÅÅÅ", help="kalenderåret")
    for cmd, files in ((board_cmd, BOARD_FILES), (yearly_cmd, YEARLY_FILES)):
        cmd.add_argument("--out", type=Path, required=True, metavar="FIL",
                         help=f"filen der skrives; filtypen ({', '.join(files)}) vælger formatet")
        cmd.add_argument("--workbook", type=Path, help="læs denne arbejdsbog i stedet for det konfigurerede regneark")
        cmd.add_argument("--as-of", type=_day, default=None, metavar="ÅÅÅÅ-MM-DD",
                         help="lav rapporten som på denne dag (standard: i dag)")
        cmd.add_argument("--mail", action="store_true", help="send også filen til bestyrelsen ([report_mail])")
    args = parser.parse_args(argv)
    if args.command == "goals":
        return _goals(args)
    if args.command in ("board-report", "yearly-report"):
        return _report(args)
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


def _either(names: list[str]) -> str:
    """'.pdf eller .xlsx', '.pdf, .xlsx eller .docx'."""
    return " eller ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(i18n.t("cli.bad_date", "da", value=text)) from None


def _store(workbook: Path | None):
    """The store a command reads: ``--workbook``, or the configured one (the demo made on first use)."""
    if workbook is not None:
        return open_store(Config(backend="workbook", workbook=workbook))
    config = _config()
    store = open_store(config)
    if config.demo:
        demo.set_up(store, today())
    return store


def _goals(args) -> int:
    """Every goal judged as of the day, from the same table the dashboard's pages read."""
    from fcdash.goals.records import records, text_table
    from fcdash.parsing import read_snapshot

    day = args.as_of or today()
    try:
        rows = records(read_snapshot(_store(args.workbook)), day)
    except FcdashError as ex:
        print(f"Fejl: {ex}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print(text_table(rows) if rows else i18n.t("cli.goals.none", "da"))
    return 0


def _report(args) -> int:
    """The board report for --from/--to or the yearly report for --year, written to --out in the
    format its extension names, as the pages' downloads make them; with --mail, sent to the board."""
    from fcdash.parsing import read_snapshot
    from fcdash.reports import mail

    files = BOARD_FILES if args.command == "board-report" else YEARLY_FILES
    write = files.get(args.out.suffix.lower())
    if write is None:
        print(i18n.t("cli.report.bad_format", path=args.out, formats=_either(list(files))), file=sys.stderr)
        return 2
    if args.command == "board-report" and args.start > args.end:
        print(i18n.t("cli.report.bad_period", start=args.start, end=args.end), file=sys.stderr)
        return 2
    if args.workbook is not None and not args.workbook.is_file():
        print(i18n.t("cli.report.no_workbook", path=args.workbook), file=sys.stderr)
        return 1
    day = args.as_of or today()
    if args.command == "yearly-report" and args.year > day.year:
        print(i18n.t("cli.report.future_year", year=args.year, date=day), file=sys.stderr)
        return 2
    try:
        config = _config()  # the centre's name, logo and mail settings, also for a --workbook
        snap = read_snapshot(_store(args.workbook))
        if args.command == "board-report":
            period = board_period(args.start, args.end, day)
            content = board.build(snap, period.start, period.end, today=day, centre=config.centre_name, period=period)
        else:
            content = yearly.build(snap, args.year, today=day, centre=config.centre_name)
        data = write(content, config)
    except FcdashError as ex:
        print(f"Fejl: {ex}", file=sys.stderr)
        return 1
    try:
        args.out.write_bytes(data)
    except OSError as ex:
        print(i18n.t("cli.report.cannot_write", path=args.out, detail=ex.strerror or type(ex).__name__), file=sys.stderr)
        return 1
    print(i18n.t("cli.report.written", path=args.out))
    if not args.mail:
        return 0
    if config.mail is None:
        print(i18n.t("cli.report.no_mail"), file=sys.stderr)
        return 1
    kind, title = mail.about(content)
    try:
        sent_to = mail.send_report(config.mail, kind, data, args.out.name, centre=config.centre_name, title=title)
    except MailError as ex:
        print(i18n.t("cli.report.not_sent", detail=ex), file=sys.stderr)
        return 1
    print(i18n.t("cli.report.mailed", addresses=", ".join(sent_to)))
    return 0


def board_period(start: dt.date, end: dt.date, day: dt.date) -> periods.Period:
    """The board report's period for the dates asked for: a quarter or a year where the dates are
    exactly one (or one up to ``day`` while it runs, as the report page makes it), else the dates."""
    quarter = pd.Period(start, "Q")
    if start == quarter.start_time.date() and end in (quarter.end_time.date(), min(quarter.end_time.date(), day)):
        return periods.Period(start, end, "quarter")
    year_end = dt.date(start.year, 12, 31)
    if (start.month, start.day) == (1, 1) and end in (year_end, min(year_end, day)):
        return periods.Period(start, end, "year")
    return periods.Period(start, end)


if __name__ == "__main__":
    sys.exit(main())
