"""Where people wait: the dashboard in Chromium (Playwright), timed from navigation, or from the
click on the menu, to stable content, with the bytes the server sent the page.

Stable content: the script run the action started has ended (Streamlit's run state on the app
element, or the server's answer on the WebSocket) and nothing on the page has changed for
``QUIET`` seconds; the time is that of the last change, so the quiet wait itself is not counted.
Bytes: every WebSocket message the page received after the action (the page's elements, tables
and charts) plus any file fetched from the server's media endpoint; Streamlit's own JavaScript
and fonts, which the browser keeps after the first visit, are counted separately.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import requests

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
QUIET = 0.5  # seconds without a change that make content stable
STATE = "data-test-script-state"

# Installed in every document before Streamlit's own scripts.
WATCH = """
(() => {
  if (window.__bench) return;
  const b = window.__bench = {change: 0, finished: 0, messages: 0, bytes: 0};
  new MutationObserver(records => {
    b.change = performance.now();
    for (const r of records) {
      if (r.type === "attributes" && r.attributeName === "%(state)s"
          && r.target.getAttribute("data-testid") === "stApp"
          && r.target.getAttribute("%(state)s") === "notRunning" && r.oldValue !== "notRunning") b.finished += 1;
    }
  }).observe(document, {subtree: true, childList: true, characterData: true, attributes: true,
                        attributeOldValue: true});
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", event => {
        b.change = performance.now();
        b.messages += 1;
        const d = event.data;
        b.bytes += d.byteLength ?? d.size ?? d.length ?? 0;
      });
    }
  };
})();
""" % {"state": STATE}

# True once a run that started after the mark has ended and the page has been quiet, with no
# element left as a skeleton (its code still on the way: a quiet page is not yet the content).
STABLE = """
([finished, messages, quiet]) => {
  const b = window.__bench, app = document.querySelector('[data-testid="stApp"]');
  return !!b && !!app && app.getAttribute("%s") === "notRunning" && (b.finished > finished || b.messages > messages)
         && performance.now() - b.change >= quiet && !document.querySelector('[data-testid="stSkeleton"]');
}
""" % STATE


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``streamlit run`` of an app in a folder of its own (the project's Streamlit configuration
    copied in), with the given environment; its memory read from /proc."""

    def __init__(self, app: Path, env: dict[str, str], folder: Path):
        self.app, self.env, self.folder = app, env, folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Server":
        (self.folder / ".streamlit").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / ".streamlit" / "config.toml", self.folder / ".streamlit" / "config.toml")
        # The product's settings are this server's own, never the calling process's.
        env = {k: v for k, v in os.environ.items() if not k.startswith("FCDASH_")}
        env |= {**self.env, "PYTHONPATH": str(ROOT)}
        self.log = open(self.folder / "streamlit.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.app), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=self.folder, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                if requests.get(f"{self.url}/_stcore/health", timeout=2).text == "ok":
                    return self
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"streamlit did not start: {(self.folder / 'streamlit.log').read_text()[-2000:]}")
            time.sleep(0.2)

    def memory_mb(self) -> dict[str, float]:
        """The server's resident memory now and at its peak."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        return {"now": int(values["VmRSS"].split()[0]) / 1024, "peak": int(values["VmHWM"].split()[0]) / 1024}

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
            self.log.close()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Browser:
    """Chromium, headless, at desktop size; every tab in a context of its own unless asked."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.chromium = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])

    def context(self):
        """A browser profile of its own (its own cache): a person's browser."""
        context = self.chromium.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH)
        return context

    def tab(self, context=None):
        """A new tab: in ``context`` (a browser that has been here before, Streamlit's scripts in
        its cache) or in a profile of its own."""
        page = (context or self.context()).new_page()
        page.media_bytes = 0

        def counted(response):
            if "/media/" in response.url and "/static/" not in response.url:  # not Streamlit's fonts
                try:
                    page.media_bytes += len(response.body())
                except Exception:  # noqa: BLE001 - a response gone with its page
                    pass

        page.on("response", counted)
        return page

    def close(self) -> None:
        self.chromium.close()
        self._playwright.stop()


def _mark(tab) -> dict:
    return tab.evaluate("() => ({...window.__bench, now: performance.now()})")


def _stable(tab, mark: dict, timeout: float) -> dict:
    tab.wait_for_function(STABLE, arg=[mark["finished"], mark["messages"], QUIET * 1000], timeout=timeout * 1000,
                          polling=50)
    return _mark(tab)


def load(tab, url: str, timeout: float = 300) -> dict[str, float]:
    """Open ``url`` in the tab: seconds from navigation to stable content, and bytes received."""
    tab.media_bytes = 0
    tab.goto(url, wait_until="commit", timeout=timeout * 1000)
    tab.wait_for_function("() => !!window.__bench", timeout=timeout * 1000)
    end = _stable(tab, {"finished": 0, "messages": 0}, timeout)
    return {"seconds": end["change"] / 1000, "bytes": end["bytes"] + tab.media_bytes}


def switch(tab, path: str, timeout: float = 300) -> dict[str, float]:
    """Click the menu's link to ``path`` (e.g. "goals"; "" for the first page): seconds from the
    click to stable content, and bytes received."""
    return click(tab, f'[data-testid="stSidebarNav"] a[href$="/{path}"]', timeout)


def click(tab, selector: str, timeout: float = 300) -> dict[str, float]:
    """Click ``selector`` (a link, a button): seconds from the click to stable content, and
    bytes received since."""
    tab.media_bytes = 0
    tab.wait_for_selector(selector, state="attached")
    mark = tab.evaluate("""selector => {
        const start = performance.now();
        document.querySelector(selector).click();
        return {...window.__bench, now: start};
    }""", selector)
    end = _stable(tab, mark, timeout)
    return {"seconds": (end["change"] - mark["now"]) / 1000, "bytes": end["bytes"] - mark["bytes"] + tab.media_bytes}


def at_once(browser: Browser, context, url: str, sessions: int, timeout: float = 600) -> list[float]:
    """``sessions`` new tabs of ``context``, each a session of its own, opening ``url`` at the
    same moment: each one's seconds from its navigation to stable content."""
    tabs = [browser.tab(context) for _ in range(sessions)]
    try:
        for tab in tabs:
            tab.goto(url, wait_until="commit", timeout=timeout * 1000)
        return [load_finished(tab, timeout) for tab in tabs]
    finally:
        for tab in tabs:
            tab.close()


def load_finished(tab, timeout: float) -> float:
    tab.wait_for_function("() => !!window.__bench", timeout=timeout * 1000)
    return _stable(tab, {"finished": 0, "messages": 0}, timeout)["change"] / 1000


# Pages that are not fcdash, measured as its pages are, in the same run: what Streamlit itself
# costs the browser and this machine (one line), and what drawing one plotly chart adds to that.
REFERENCE_PAGES = {
    "one line page": 'import streamlit as st\n\nst.write("Hej")\n',
    "one plotly chart page": ('import plotly.express as px\nimport streamlit as st\n\nst.write("Hej")\n'
                              'st.plotly_chart(px.bar(x=["a", "b", "c"], y=[1, 3, 2]))\n'),
}


def reference_page(browser: Browser, folder: Path, source: str, repeat: int, sessions: int) -> dict[str, float]:
    """A page that is not fcdash's (``source``), measured as fcdash's pages are: the median load
    in a new tab of a browser that has been there before, and the median of ``sessions`` new tabs
    opening it at once."""
    folder.mkdir(parents=True, exist_ok=True)
    app = folder / "reference.py"
    app.write_text(source)
    with Server(app, {}, folder) as server:
        context = browser.context()
        load(browser.tab(context), server.url)  # the first visit fills the browser's cache: not counted
        times = []
        for _ in range(repeat):
            tab = browser.tab(context)
            times.append(load(tab, server.url)["seconds"])
            tab.close()
        together = statistics.median(at_once(browser, context, server.url, sessions))
        context.close()
    return {"fresh tab": statistics.median(times), "at once": together}


@contextmanager
def browser() -> Iterator[Browser]:
    b = Browser()
    try:
        yield b
    finally:
        b.close()
