"""The peer, st-gsheets-connection, measured in the same run as fcdash against the same emulator.

st-gsheets-connection (the Streamlit connection for Google Sheets most Streamlit dashboards use)
pins gspread<6 and the product uses gspread 6, so the two cannot share a venv: the peer gets one
of its own, made here on first use from ``benchmarks/peer-requirements.txt`` (pinned) and kept
outside the repository, and runs ``benchmarks/peer_gsheets.py`` in it as a subprocess.

    python = peer_venv()                                  # made once, then reused
    run_peer(python, emulator.url, key, "read")           # every tab, as a dashboard's first page
    run_peer(python, emulator.url, key, "save", tab="activities", row={"id": ..., "date": ...})

The caller counts the emulator's requests and bytes around each call; the answer also holds the
peer's own count per phase (for 'save': reading the tab, then ``conn.update``), with the bytes it
received, which the emulator does not log.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, Mapping

from fcdash import schema

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "peer-requirements.txt"
SCRIPT = HERE / "peer_gsheets.py"
MARK = "fcdash-peer-requirements.sha256"  # in the venv, once the pinned requirements are installed


def default_venv() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "fcdash-benchmark-peer"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One process at a time makes the venv; the others wait and reuse it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def peer_venv(path: Path | str | None = None) -> Path:
    """The python of the peer's venv at ``path`` (default ``~/.cache/fcdash-benchmark-peer``),
    made with the pinned requirements if it is not there yet or was made from other pins."""
    path = Path(path) if path else default_venv()
    python = path / "bin" / "python"
    want = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    with _locked(path):
        mark = path / MARK
        if python.exists() and mark.exists() and mark.read_text().strip() == want:
            return python
        if path.exists():
            if not (path / "pyvenv.cfg").exists():
                raise RuntimeError(f"{path} exists and is not a venv; give peer_venv another path")
            shutil.rmtree(path)
        for command in ([sys.executable, "-m", "venv", str(path)],
                        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                         "-r", str(REQUIREMENTS)]):
            done = subprocess.run(command, capture_output=True, text=True)  # pip's index warnings: only on failure
            if done.returncode:
                raise RuntimeError(f"making the peer's venv failed: {' '.join(command)}\n{done.stderr[-4000:]}")
        mark.write_text(want + "\n")
    return python


def _cell(value: Any) -> Any:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value


def peer_row(tab_key: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """A row keyed by fcdash's column keys as the peer's user has it: by the tab's headers, dates
    as ISO text (what ``str`` of a ``st.date_input`` gives)."""
    tab = schema.tab(tab_key)
    return {tab.column(key).header: _cell(value) for key, value in row.items()}


def run_peer(python: Path | str, api_url: str, key: str, action: str, *, tabs: list[str] | None = None,
             tab: str = "activities", row: Mapping[str, Any] | None = None, timeout: float = 900) -> dict[str, Any]:
    """Run the peer once in its own process against the Sheets API at ``api_url``.

    ``action='read'``: ``conn.read(worksheet=...)`` of every tab in ``tabs`` (fcdash's tab keys;
    default all of them, the tabs the product reads). ``action='save'``: add ``row`` (fcdash's
    column keys) to ``tab`` the way its users do: ``conn.read`` the tab, add the row to the
    DataFrame, ``conn.update`` the tab with it.

    Returns the peer's answer: ``requests``, ``sent`` and ``received`` bytes in all, and per phase
    (``phases['read']``, ``phases['update']``: requests, sent, received, seconds, calls), and
    ``rows`` per tab as the peer saw them (for 'save': with the new row).
    """
    job: dict[str, Any] = {"api_url": api_url, "key": key, "action": action}
    if action == "read":
        job["tabs"] = [schema.tab(k).title for k in (tabs or [t.key for t in schema.TABS])]
    elif action == "save":
        if row is None:
            raise ValueError("'save' needs a row")
        job["tab"], job["row"] = schema.tab(tab).title, peer_row(tab, row)
    else:
        raise ValueError(f"unknown action {action!r}")
    # -I: the peer's python sees neither this repository (benchmarks/ nor PYTHONPATH) nor user packages
    done = subprocess.run([str(python), "-I", str(SCRIPT)], input=json.dumps(job), capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"the peer failed ({action}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout)
