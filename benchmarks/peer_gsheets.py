"""The peer, st-gsheets-connection, reading and saving the way its README tells its users to.

Run by ``benchmarks/peer.py`` with the python of the peer's own venv (st-gsheets-connection pins
gspread 5, the product uses gspread 6), so this file imports only the peer's libraries, never
fcdash. It reads one JSON job on stdin and writes one JSON answer on stdout:

    {"api_url": "http://127.0.0.1:PORT", "key": "<spreadsheet id>", "action": "read",
     "tabs": ["Medlemmer", ...]}
    {"api_url": ..., "key": ..., "action": "save", "tab": "Aktiviteter", "row": {"ID": "AKT-1", ...}}

'read' is the first page of a dashboard: ``conn.read(worksheet=tab)`` for every tab. 'save' is
how its users add a row: ``conn.read(worksheet=tab)``, the row added to that DataFrame, and
``conn.update(worksheet=tab, data=df)`` (which clears the tab and writes it back whole, with
formatting). The connection is made with ``st.connection("gsheets", type=GSheetsConnection)`` from
a ``[connections.gsheets]`` secrets section, as in its README, with two changes so that it reaches
the Sheets API emulator and nothing else: every request to ``https://sheets.googleapis.com`` goes
to ``api_url`` instead, and the service account becomes a fixed bearer token (the emulator accepts
any), since a real one would first ask Google's token endpoint. The answer counts the requests,
bytes sent and bytes received per phase, as this client saw them; the benchmark counts the same at
the emulator.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

GOOGLE_SHEETS_API = "https://sheets.googleapis.com"
SECTION = "gsheets"


def _connect(api_url: str, key: str, stats: dict):
    import gspread
    import streamlit as st
    from google.auth.transport.requests import AuthorizedSession
    from google.oauth2.credentials import Credentials
    from streamlit_gsheets import GSheetsConnection
    from streamlit_gsheets import gsheets_connection

    class EmulatorSession(AuthorizedSession):
        """gspread 5's session, sending the Sheets API's requests to the emulator and counting them."""

        def request(self, method, url, data=None, headers=None, **kwargs):
            if url.startswith(GOOGLE_SHEETS_API):
                url = api_url.rstrip("/") + url[len(GOOGLE_SHEETS_API):]
            elif not url.startswith(api_url):
                raise RuntimeError(f"the peer asked for {url}, outside the emulator")
            response = super().request(method, url, data=data, headers=headers, **kwargs)
            phase = stats[stats["phase"]]
            phase["requests"] += 1
            body = response.request.body or b""
            phase["sent"] += len(body.encode() if isinstance(body, str) else body)
            phase["received"] += len(response.content)
            phase["calls"].append(f"{method} {url[len(api_url):].split('?')[0]}")
            return response

    def service_account_from_dict(info, scopes=None, client_factory=None):
        credentials = Credentials(token="emulator")  # no expiry: never refreshed, never sent to Google
        return gspread.Client(auth=credentials, session=EmulatorSession(credentials))

    gsheets_connection.service_account_from_dict = service_account_from_dict
    return st.connection(SECTION, type=GSheetsConnection)


def _secrets(folder: Path, key: str) -> None:
    """The README's secrets: the spreadsheet's URL and a service account's fields (placeholders)."""
    account = {
        "type": "service_account", "project_id": "fcdash-benchmark", "private_key_id": "0",
        "private_key": "not used", "client_email": "peer@fcdash-benchmark.iam.gserviceaccount.com",
        "client_id": "0", "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    lines = [f"[connections.{SECTION}]",
             f"spreadsheet = {json.dumps(f'https://docs.google.com/spreadsheets/d/{key}/edit#gid=0')}",
             *(f"{name} = {json.dumps(value)}" for name, value in account.items())]
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text("\n".join(lines) + "\n")


def run(job: dict) -> dict:
    import pandas as pd

    stats: dict = {"phase": "connect"}
    for phase in ("connect", "read", "update"):
        stats[phase] = {"requests": 0, "sent": 0, "received": 0, "calls": [], "seconds": 0.0}

    def timed(phase, fn):
        stats["phase"] = phase
        start = time.perf_counter()
        out = fn()
        stats[phase]["seconds"] += time.perf_counter() - start
        return out

    answer: dict = {"action": job["action"]}
    with tempfile.TemporaryDirectory() as folder:
        _secrets(Path(folder), job["key"])
        os.chdir(folder)  # st.secrets reads ./.streamlit/secrets.toml, as in the app's own folder
        conn = timed("connect", lambda: _connect(job["api_url"], job["key"], stats))
        if job["action"] == "read":
            frames = timed("read", lambda: {tab: conn.read(worksheet=tab) for tab in job["tabs"]})
            answer["rows"] = {tab: len(frame) for tab, frame in frames.items()}
        elif job["action"] == "save":
            tab = job["tab"]
            frame = timed("read", lambda: conn.read(worksheet=tab))
            frame = pd.concat([frame, pd.DataFrame([job["row"]])], ignore_index=True)
            timed("update", lambda: conn.update(worksheet=tab, data=frame))
            answer["rows"] = {tab: len(frame)}
        else:
            raise ValueError(f"unknown action {job['action']!r}")
    phases = {name: stats[name] for name in ("connect", "read", "update") if stats[name]["requests"]}
    answer["phases"] = phases
    answer["requests"] = sum(p["requests"] for p in phases.values())
    answer["sent"] = sum(p["sent"] for p in phases.values())
    answer["received"] = sum(p["received"] for p in phases.values())
    return answer


def main() -> None:
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    warnings.simplefilter("ignore")  # st.connection outside a script run warns about its cache
    answer = run(json.load(sys.stdin))
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
