"""Browser tests: Playwright drives Debian's Chromium against `streamlit run app.py`, started once
per backend on a free loopback port. Screenshots of each journey's last state go to
test-artifacts/ (not committed)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from fcdash import auth
from tests.conftest import ROOT, TODAY, google_sheet

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
PASSCODE = "leder-kode"

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed: apt-get install chromium (.ci/run does)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    def __init__(self, url: str, env: dict[str, str], log: Path, workbook: Path | None = None):
        self.url, self.env, self.log, self.workbook = url, env, log, workbook


@contextmanager
def streamlit_server(env: dict[str, str], cwd: Path, log: Path, port: int | None = None):
    """`streamlit run app.py` on a free loopback port, until the block ends."""
    port = port or free_port()
    full_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(f"{url}/_stcore/health", timeout=2).text == "ok":
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        yield App(url, env, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def workbook_app(tmp_path_factory, browser):
    """The dashboard started as a new user starts it, in a folder of its own with the project's
    Streamlit configuration and no setting: it makes the demo workbook itself on its first page,
    which is opened here so that every test finds the workbook, whichever runs first."""
    folder = tmp_path_factory.mktemp("workbook-app")
    (folder / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    env = {"FCDASH_TODAY": TODAY.isoformat()}
    with streamlit_server(env, folder, folder / "streamlit.log") as app:
        app.backend, app.workbook = "workbook", folder / "data" / "frivilligcenter.xlsx"
        first = browser.new_page()
        first.goto(app.url)
        first.wait_for_selector('[data-testid="stMetric"]', timeout=60_000)  # the overview has read the workbook
        first.close()
        assert app.workbook.exists()
        yield app


@pytest.fixture(scope="session")
def google_app(tmp_path_factory, emulator, demo_rows):
    """The dashboard on a Google Sheet in the Sheets API emulator, prepared with the demo data."""
    folder = tmp_path_factory.mktemp("google-app")
    store = google_sheet(emulator, demo_rows)
    env = {"FCDASH_SPREADSHEET": store.key, "FCDASH_SHEETS_API_URL": emulator.url, "FCDASH_TODAY": TODAY.isoformat(),
           "FCDASH_OUTBOX": str(folder / "outbox"), "FCDASH_WORKBOOK": str(folder / "unused.xlsx"),
           "FCDASH_EDITOR_PASSCODE_HASH": auth.hash_passcode(PASSCODE, iterations=1000)}
    with streamlit_server(env, ROOT, folder / "streamlit.log") as app:
        app.backend, app.sheet = "gsheets", store
        yield app


@pytest.fixture(params=["workbook", "gsheets"])
def app(request):
    return request.getfixturevalue("workbook_app" if request.param == "workbook" else "google_app")


@contextmanager
def _tab(browser, request, **options):
    """A fresh browser context; its last state is saved as a screenshot named after the test."""
    context = browser.new_context(locale="da-DK", **options)
    context.add_init_script(WATCH_RUNS)
    tab = context.new_page()
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        context.close()


@pytest.fixture
def page(browser, request):
    with _tab(browser, request, viewport={"width": 1280, "height": 900}) as tab:
        yield tab


@pytest.fixture
def phone(browser, request):
    with _tab(browser, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
              device_scale_factor=2) as tab:
        yield tab


# Installed in every document before the page's own scripts, to tell when the script run an
# action started has ended. Two signals, because a short run can end before the browser ever draws
# it as running:
# - Streamlit's run state on the app element (data-test-script-state: initial, rerunRequested,
#   running, notRunning, ...): ``finished`` counts how often it became "notRunning" from another
#   state (a page load starts at "initial", so its first run counts too);
# - the WebSocket to the server: ``sent`` counts requests to it (a click, a page switch) and
#   ``answered`` how many of them the server has answered since (it answers by running the script).
# ``frame`` counts animation frames and ``changed`` is the frame of the last message from the server
# or change to the page, so a settle can also wait until the page has stopped changing.
WATCH_RUNS = """
(() => {
  if (window.__fcdashRuns) return;
  const runs = window.__fcdashRuns = {finished: 0, sent: 0, answered: 0, frame: 0, changed: 0,
                                      settledFinished: 0, settledAnswered: 0, seen: []};
  const note = text => { runs.seen = [...runs.seen.slice(-11), `${Math.round(performance.now())}ms ${text}`]; };
  const tick = () => { runs.frame += 1; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  const STATE = "data-test-script-state";
  new MutationObserver(records => {
    runs.changed = runs.frame;
    records.forEach((r, i) => {
      if (r.type !== "attributes" || r.attributeName !== STATE) return;
      if (r.target.getAttribute("data-testid") !== "stApp") return;
      const later = records.slice(i + 1).find(n => n.target === r.target && n.attributeName === STATE);
      const now = later ? later.oldValue : r.target.getAttribute(STATE);
      note(`${r.oldValue}->${now}`);
      if (now === "notRunning" && r.oldValue !== "notRunning") runs.finished += 1;
    });
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeOldValue: true});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => {
        runs.changed = runs.frame;
        if (runs.answered < runs.sent) { runs.answered = runs.sent; note("answered"); }
      });
    }
    send(data) {
      runs.sent += 1;
      note("sent");
      return super.send(data);
    }
  };
})();
"""

# True once the script run the last action started has ended since the last settle() in this
# document (or since it loaded): a run was seen to end, or the last request was answered; the app
# is not running; and nothing has changed on the page or come from the server for three frames. Marks
# the run as consumed in the same step, so a run that ends between the check and the mark cannot
# be missed. In a document without the watcher (a tab not opened by _tab()) it installs one and
# waits only for the app not running and the page quiet.
_SETTLED = """
() => {
  if (!window.__fcdashRuns) {
    %s
    window.__fcdashRuns.finished = 1;
  }
  const runs = window.__fcdashRuns;
  const app = document.querySelector('[data-testid="stApp"]');
  const ran = runs.finished > runs.settledFinished
              || (runs.answered > runs.settledAnswered && runs.answered === runs.sent);
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning" || !ran || runs.frame - runs.changed < 3) {
    return false;
  }
  // An element whose code the browser is still fetching (the first table or download button of a
  // session) stands as a skeleton after the run has ended and the page has stopped changing.
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  runs.settledFinished = runs.finished;
  runs.settledAnswered = runs.answered;
  return true;
}
""" % WATCH_RUNS.strip()


def settle(tab, timeout: float = 60_000) -> None:
    """Wait until the script run that the last action (a click, a page load) started has ended
    and the page has stopped changing (see _SETTLED); fail with what was seen if it does not."""
    try:
        tab.wait_for_function(_SETTLED, timeout=timeout)
    except sync_api.TimeoutError as timeout_error:
        seen = tab.evaluate("""() => [Math.round(performance.now()), window.__fcdashRuns,
            document.querySelector('[data-testid="stApp"]')?.getAttribute("data-test-script-state")]""")
        raise AssertionError(f"no script run ended within {timeout} ms (now, runs, state): {seen}") from timeout_error


# A guidance talk saved, or kept on the server on its way to a slow store; never the undo button's
# "Fortryd: 1 × …", which is on the page either way.
TALK_SAVED = "Gemt: 1 × Afklarende frivillig-samtale|1 × Afklarende frivillig-samtale er gemt på serveren"


def wait_until_sent(app) -> None:
    """Until the outbox has sent what waits (on a busy machine a save may take longer than the
    leader waits, and the entry goes a moment later)."""
    outbox = Path(app.env["FCDASH_OUTBOX"]) if "FCDASH_OUTBOX" in app.env else app.workbook.parent / "outbox"
    deadline = time.monotonic() + 90  # the background sender tries every half minute
    while list(outbox.glob("*.json")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not list(outbox.glob("*.json")), [p.read_text() for p in outbox.glob("*.json")]
