"""Shared fixtures: a fixed day, the demo data, and stores on tmp_path for every backend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest

from fcdash import demo
from fcdash.config import Config
from fcdash.grid import column_letter
from fcdash.store import BACKENDS, Store
from fcdash.store.gsheets import GoogleSheetsStore, RetryPolicy
from fcdash.store.workbook import WorkbookStore, create_workbook
from tests.sheets_emulator import Emulator

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "app_pages").glob("*.py"))
BY_LINK = "app_pages/evaluate.py"  # the participant's evaluation: reached only by an event's link, never from the menu
MENU_PAGES = [page for page in PAGES if page != BY_LINK]


@pytest.fixture(scope="session")
def demo_rows():
    return demo.demo_rows(TODAY)


@pytest.fixture
def demo_workbook(tmp_path, demo_rows) -> Path:
    return create_workbook(tmp_path / "frivilligcenter.xlsx", demo_rows)


class WorkbookVolunteer:
    """Edits the workbook file directly, as a volunteer in LibreOffice would."""

    def __init__(self, path: Path):
        self.path = path

    def _edit(self, fn):
        wb = openpyxl.load_workbook(self.path)
        fn(wb)
        wb.save(self.path)

    def append(self, title: str, values: list) -> None:
        self._edit(lambda wb: wb[title].append(values))

    def delete_tab(self, title: str) -> None:
        self._edit(lambda wb: wb.remove(wb[title]))

    def insert_row(self, title: str, at: int, values: list) -> None:
        def change(wb):
            ws = wb[title]
            ws.insert_rows(at)
            for j, v in enumerate(values, start=1):
                ws.cell(row=at, column=j, value=v)
        self._edit(change)

    def delete_row(self, title: str, at: int) -> None:
        self._edit(lambda wb: wb[title].delete_rows(at))

    def rewrite(self, title: str, grid: list[list]) -> None:
        def change(wb):
            ws = wb[title]
            ws.delete_rows(1, ws.max_row)
            for row in grid:
                ws.append(row)
        self._edit(change)

    def set_cell(self, title: str, row: int, column: int, value) -> None:
        def change(wb):
            wb[title].cell(row=row, column=column, value=value)
        self._edit(change)

    def cell_is_formula(self, title: str, row: int, column: int) -> bool:
        return openpyxl.load_workbook(self.path)[title].cell(row=row, column=column).data_type == "f"

    def grid(self, title: str) -> list[list]:
        return [list(r) for r in openpyxl.load_workbook(self.path)[title].iter_rows(values_only=True)]

    @staticmethod
    def after_next_read(store: WorkbookStore, action) -> None:
        """Run ``action`` after the store's next load of the file, before it saves its change."""
        opened = store._open

        def then(**options):
            workbook = opened(**options)
            del store._open
            action()
            return workbook
        store._open = then

    @staticmethod
    def after_next_write(store: WorkbookStore, action) -> None:
        changed = store._change

        def then(change):
            changed(change)
            del store._change
            action()
        store._change = then


# Retries in tests wait milliseconds, not seconds.
FAST_RETRY = RetryPolicy(attempts=4, initial_wait=0.01, max_wait=0.05, deadline=5.0, timeout=(2.0, 5.0))


@pytest.fixture(scope="session")
def emulator():
    emu = Emulator().serve()
    yield emu
    emu.stop()


def google_config(emulator: Emulator, spreadsheet_id: str) -> Config:
    return Config(backend="gsheets", spreadsheet=spreadsheet_id, api_url=emulator.url)


def google_sheet(emulator: Emulator, rows=None, retry: RetryPolicy = FAST_RETRY) -> GoogleSheetsStore:
    """A fresh spreadsheet in the emulator, prepared by init-sheet and filled with ``rows``."""
    sid = emulator.create_spreadsheet(title="Frivilligcenter Test")
    store = GoogleSheetsStore.from_config(google_config(emulator, sid), retry=retry)
    store.prepare()
    if rows:
        store.fill(rows)
    return store


class GoogleVolunteer:
    """Edits the Google Sheet directly, as a volunteer in the browser would."""

    def __init__(self, emulator: Emulator, spreadsheet_id: str):
        self.emulator, self.sid = emulator, spreadsheet_id

    def _fit(self, title: str, rows: int, cols: int) -> None:
        """Make the grid at least rows x cols, as a person adds rows or columns before typing."""
        book = self.emulator.book(self.sid)
        sheet = book.sheet(title)
        with self.emulator.lock:
            book.resize(sheet, max(sheet.rows, rows), max(sheet.cols, cols))

    def append(self, title: str, values: list) -> None:
        sheet = self.emulator.book(self.sid).sheet(title)
        if values:
            self._fit(title, sheet.last_row() + 2, len(values))
            self.emulator.type_values(self.sid, f"'{title}'!A{sheet.last_row() + 2}", [values])

    def insert_row(self, title: str, at: int, values: list) -> None:
        self.emulator.insert_rows(self.sid, title, at, values)

    def delete_row(self, title: str, at: int) -> None:
        self.emulator.delete_rows(self.sid, title, at)

    def delete_tab(self, title: str) -> None:
        book = self.emulator.book(self.sid)
        with self.emulator.lock:
            book.sheets.remove(book.sheet(title))

    def rewrite(self, title: str, grid: list[list]) -> None:
        sheet = self.emulator.book(self.sid).sheet(title)
        sheet.cells = []
        self._fit(title, len(grid), max(map(len, grid), default=0))
        self.emulator.type_values(self.sid, f"'{title}'!A1", [[v if not isinstance(v, str) else "'" + v for v in r]
                                                              for r in grid])

    def set_cell(self, title: str, row: int, column: int, value) -> None:
        """Type a value into one cell (text as text, as typed after an apostrophe)."""
        self._fit(title, row, column)
        self.emulator.type_values(self.sid, f"'{title}'!{column_letter(column - 1)}{row}",
                                  [[value if not isinstance(value, str) else "'" + value]])

    def cell_is_formula(self, title: str, row: int, column: int) -> bool:
        cell = self.emulator.book(self.sid).sheet(title).get(row - 1, column - 1)
        return cell is not None and cell.kind == "f"

    def grid(self, title: str) -> list[list]:
        return self.emulator.grid(self.sid, title)

    def after_next_read(self, store, action) -> None:
        """Run ``action`` right after the store's next read of a tab, before it writes."""
        self.emulator.after_next("values.get", action)

    def after_next_write(self, store, action) -> None:
        self.emulator.after_next("values.batchUpdate", action)


@dataclass
class Made:
    """A store of one backend filled with the demo data, the volunteer who edits it by hand, and
    the settings that point the dashboard at it."""

    store: Store
    volunteer: object
    env: dict[str, str]


def make_workbook(request, tmp_path: Path, rows) -> Made:
    path = create_workbook(tmp_path / "frivilligcenter.xlsx", rows)
    return Made(WorkbookStore(path, lock_timeout=2), WorkbookVolunteer(path), {"FCDASH_WORKBOOK": str(path)})


def make_google(request, tmp_path: Path, rows) -> Made:
    emulator = request.getfixturevalue("emulator")
    store = google_sheet(emulator, rows)
    return Made(store, GoogleVolunteer(emulator, store.key),
                {"FCDASH_SPREADSHEET": store.key, "FCDASH_SHEETS_API_URL": emulator.url})


# One maker per backend in fcdash.store.BACKENDS: every contract test runs over all of them.
BACKEND_MAKERS = {"workbook": make_workbook, "gsheets": make_google}


@pytest.fixture(params=list(BACKENDS))
def made(request, tmp_path, demo_rows) -> Made:
    """Each registered backend in turn, filled with the demo data."""
    return BACKEND_MAKERS[request.param](request, tmp_path, demo_rows)


@pytest.fixture
def backend(made):
    """(store, volunteer) for each backend, filled with the demo data."""
    return made.store, made.volunteer


# --- the fault report: every fault kind, how many tests broke it on purpose, and the outcome ------

_FAULTS: dict[str, list[str]] = {}


def pytest_runtest_logreport(report):
    marker = getattr(report, "fault_kind", None)
    if marker and (report.when == "call" or report.outcome != "passed"):
        _FAULTS.setdefault(marker, []).append(report.outcome)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    marker = item.get_closest_marker("fault")
    if marker:
        outcome.get_result().fault_kind = marker.args[0]


def pytest_terminal_summary(terminalreporter):
    if not _FAULTS:
        return
    lines = ["| fault | tests | survived (nothing lost, duplicated or misplaced; no crash) |", "|---|---|---|"]
    for kind, outcomes in sorted(_FAULTS.items()):
        lines.append(f"| {kind} | {len(outcomes)} | {outcomes.count('passed')} |")
    terminalreporter.write_sep("=", "fault report")
    for line in lines:
        terminalreporter.write_line(line)
    ARTIFACTS = ROOT / "test-artifacts"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "faults.md").write_text("\n".join(lines) + "\n")


def tap(at, key: str):
    """The entry page's button whose key is ``key`` followed by the submission's id (the key
    changes with every saved entry, so a tap from an older drawing cannot save a new one)."""
    (button,) = [b for b in at.button if b.key and (b.key == key or b.key.startswith(f"{key}_"))
                 and not b.key.startswith(f"{key}_id")]
    return button


def as_editor(at, monkeypatch) -> None:
    """What a correct passcode leaves in an AppTest session, with a passcode configured for it."""
    from fcdash import auth
    from fcdash.ui import signin

    passcode_hash = auth.hash_passcode("leder-kode", iterations=1000)
    monkeypatch.setenv("FCDASH_EDITOR_PASSCODE_HASH", passcode_hash)
    at.session_state[signin.EDITOR] = signin.passcode_mark(passcode_hash)


def menu_page(monkeypatch, page: str, editor: bool = False, secrets: dict | None = None, timeout: int = 120):
    """``page`` opened from the menu in a fresh AppTest session (the store and the day come from
    the environment the caller set), signed in as an editor where ``editor``, with ``secrets``."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for name, section in (secrets or {}).items():
        at.secrets[name] = section
    if editor:
        as_editor(at, monkeypatch)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_page(at, page: str, workbook: Path) -> None:
    """Run ``at`` and go to ``page`` as a person would: from the menu, or the participant's
    evaluation through the link to the demo's Alliancemøde (signed with the key kept beside the
    workbook's outbox)."""
    from fcdash import auth, evaluation

    if page == BY_LINK:
        key = evaluation.token_key(auth.server_secret(workbook.parent / "evaluering-noegle"))
        at.query_params[evaluation.QUERY] = evaluation.make_token("ARR-0274", dt.date(2026, 11, 22), key)
        at.run()
    else:
        at.run()
        at.switch_page(page).run()


def goals_page_on(workbook: Path):
    """The goals page drawn once on ``workbook`` (for a module's tests to read)."""
    from streamlit.testing.v1 import AppTest

    mp = pytest.MonkeyPatch()
    mp.setenv("FCDASH_WORKBOOK", str(workbook))
    mp.setenv("FCDASH_TODAY", TODAY.isoformat())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/goals.py").run()
    mp.undo()
    assert not at.exception, [e.message for e in at.exception]
    return at
