"""The Google Sheets backend, through gspread's HTTP client: the only module that imports gspread.

Requests per operation (the tests assert them):
- a cold read: the spreadsheet's metadata (tab titles and ids) and one ``values:batchGet`` of
  every tab; a warm read: the one ``values:batchGet``;
- an append: one ``values:append`` (plus one read of the header rows if no read came first);
- an update: read the tab, write the cells, read back the id cell to prove the row was still
  there (volunteers insert, sort and delete rows at any time; a stored row number is never
  trusted), and undo and start over if it was not.

Text is always written with a leading apostrophe under USER_ENTERED, so the sheet stores it as
text and never as a formula; dates are written as ISO dates (stored as dates) and numbers as
numbers. Failures with 408, 429 and 5xx, timeouts and refused connections are retried with
bounded exponential backoff and jitter (tenacity), then raised as StoreUnavailable. An append is
retried only where Google surely did not apply it (429, no connection); otherwise the outbox keeps
the entry and checks for its id before it tries again, so a row is never written twice.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import requests
import tenacity
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from fcdash import schema
from fcdash.config import GOOGLE_SHEETS_API, Config
from fcdash.errors import (ConfigError, RowNotFound, SheetNotEmpty, StoreError, StoreForbidden, StoreNotFound,
                           StoreUnavailable)
from fcdash.grid import column_letter, is_blank, locate_columns, place_missing
from fcdash.store import layout
from fcdash.store.base import Row, Store, row_cells

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
TRANSIENT = {408, 429, 500, 502, 503, 504}
READ = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
WRITE = {"valueInputOption": "USER_ENTERED"}


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    initial_wait: float = 0.5  # seconds before the first retry; doubles each time, with jitter
    max_wait: float = 8.0
    deadline: float = 30.0  # give up after this long in all
    timeout: tuple[float, float] = (5.0, 20.0)  # connect, read


class _BaseURLClient(HTTPClient):
    """gspread's HTTP client with another Sheets API base URL (the emulator in tests and trials)."""

    def __init__(self, base_url: str):
        super().__init__(None, session=requests.Session())
        self.base_url = base_url.rstrip("/")

    def request(self, method, endpoint, *args, **kwargs):
        if endpoint.startswith(GOOGLE_SHEETS_API):
            endpoint = self.base_url + endpoint[len(GOOGLE_SHEETS_API):]
        return super().request(method, endpoint, *args, **kwargs)


def http_client(config: Config) -> HTTPClient:
    """A gspread HTTP client for the configured API: Google with the service account, or the
    emulator with no credentials."""
    if config.emulated:
        return _BaseURLClient(config.api_url)
    from google.oauth2.service_account import Credentials

    try:
        credentials = Credentials.from_service_account_info(json.loads(config.service_account or "{}"), scopes=SCOPES)
    except ValueError as ex:  # the key in the secrets is malformed; say so without printing it
        raise ConfigError(f"servicekontoens nøgle kan ikke bruges ({type(ex).__name__})") from None
    return HTTPClient(credentials)


def quote_title(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _transient(ex: BaseException) -> bool:
    if isinstance(ex, APIError):
        return ex.response.status_code in TRANSIENT
    return isinstance(ex, requests.RequestException)


def _refused_unapplied(ex: BaseException) -> bool:
    """Failures after which Google surely did not apply the request: quota refusals and
    connections that were never made. Only these are retried for a request that must not run
    twice (an append); after a timeout or a 5xx the row may be there, and the outbox checks."""
    if isinstance(ex, APIError):
        return ex.response.status_code == 429
    return isinstance(ex, requests.ConnectTimeout)


class _BadRange(Exception):
    """A range named a tab that is not there (it was renamed or deleted)."""


class GoogleSheetsStore(Store):
    def __init__(self, client: HTTPClient, key: str, *, retry: RetryPolicy = RetryPolicy()):
        self.http = client
        self.key = key
        self.retry = retry
        self.http.set_timeout(retry.timeout)
        self.description = f"Google Sheets {key}"
        self.title = ""
        self._tabs: dict[str, str | None] | None = None  # tab key -> the sheet's own title
        self.sheet_ids: dict[str, int] = {}  # tab key -> sheetId (gid), for links to cells
        # tab key -> header row (1-based), column positions, the header row's cells
        self._layout: dict[str, tuple[int, dict[str, int], list[Any]]] = {}

    @classmethod
    def from_config(cls, config: Config, **kwargs) -> "GoogleSheetsStore":
        return cls(http_client(config), config.spreadsheet or "", **kwargs)

    # --- calling the API ----------------------------------------------------------------------

    def _call(self, fn: Callable[..., Any], *args, idempotent: bool = True, **kwargs) -> Any:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retry.attempts) | tenacity.stop_after_delay(self.retry.deadline),
            wait=tenacity.wait_exponential_jitter(multiplier=self.retry.initial_wait, max=self.retry.max_wait,
                                                 jitter=self.retry.initial_wait),
            retry=tenacity.retry_if_exception(_transient if idempotent else _refused_unapplied), reraise=True)
        try:
            return retrying(fn, self.key, *args, **kwargs)
        except APIError as ex:
            status = ex.response.status_code
            message = _error_message(ex)
            if status in TRANSIENT:
                raise StoreUnavailable(f"Google svarer {status}: {message}") from ex
            if status == 403:
                raise StoreForbidden(f"regnearket {self.key} er ikke delt med servicekontoen ({message})") from ex
            if status == 404:
                raise StoreNotFound(f"regnearket {self.key} findes ikke ({message})") from ex
            if status == 400 and "Unable to parse range" in message:
                raise _BadRange(message) from ex
            raise StoreError(f"Google svarer {status}: {message}") from ex
        except requests.RequestException as ex:
            raise StoreUnavailable(f"Google kan ikke nås: {type(ex).__name__}") from ex

    def _discover(self) -> dict[str, str | None]:
        """Tab titles and ids from the metadata: one request, on a cold start or a renamed tab."""
        meta = self._call(self.http.fetch_sheet_metadata, params={"fields": "properties.title,sheets.properties"})
        self.title = meta.get("properties", {}).get("title", "")
        sheets = {schema.normalise(s["properties"]["title"]): s["properties"] for s in meta.get("sheets", [])}
        self._tabs = {}
        for tab in schema.TABS:
            props = sheets.get(schema.normalise(tab.title))
            self._tabs[tab.key] = props["title"] if props else None
            if props:
                self.sheet_ids[tab.key] = props["sheetId"]
        if self.title:
            self.description = f"Google Sheets «{self.title}»"
        return self._tabs

    def cell_url(self, tab_key: str, cell: str) -> str | None:
        gid = self.sheet_ids.get(tab_key)
        if gid is None:
            return None
        where = cell.rpartition("!")[2] if "!" in cell else "A1"
        return f"https://docs.google.com/spreadsheets/d/{self.key}/edit#gid={gid}&range={where}"

    # --- reading ------------------------------------------------------------------------------

    def read_grids(self) -> dict[str, list[list[Any]] | None]:
        tabs = self._tabs or self._discover()
        try:
            answer = self._batch_get(tabs)
        except _BadRange:
            tabs = self._discover()
            answer = self._batch_get(tabs)
        grids: dict[str, list[list[Any]] | None] = {key: None for key in tabs}
        present = [key for key, title in tabs.items() if title]
        for key, value_range in zip(present, answer.get("valueRanges", [])):
            grid = value_range.get("values", [])
            grids[key] = grid
            self._remember_layout(key, grid)
        return grids

    def _remember_layout(self, tab_key: str, grid: list[list[Any]]) -> tuple[int, dict[str, int], list[Any]]:
        header_row, positions, _ = locate_columns(schema.tab(tab_key), grid)
        self._layout[tab_key] = (header_row, positions, list(grid[header_row - 1]) if grid else [])
        return self._layout[tab_key]

    def _batch_get(self, tabs: dict[str, str | None]) -> dict:
        ranges = [quote_title(title) for title in tabs.values() if title]
        if not ranges:
            return {"valueRanges": []}
        return self._call(self.http.values_batch_get, ranges, params=dict(READ))

    def read_tab(self, tab_key: str) -> list[list[Any]]:
        title = self._title(tab_key)
        return self._call(self.http.values_get, quote_title(title), params=dict(READ)).get("values", [])

    def _title(self, tab_key: str) -> str:
        tabs = self._tabs or self._discover()
        title = tabs.get(tab_key)
        if not title:
            raise StoreError(f"fanen '{schema.tab(tab_key).title}' findes ikke i regnearket")
        return title

    # --- writing ------------------------------------------------------------------------------

    def append_rows(self, tab_key: str, rows: Sequence[Row]) -> None:
        tab = schema.tab(tab_key)
        title = self._title(tab_key)
        cells = [row_cells(tab, row) for row in rows]
        if tab_key not in self._layout:
            grid = self._call(self.http.values_get, f"{quote_title(title)}!1:5", params=dict(READ)).get("values", [])
            self._remember_layout(tab_key, grid)
        header_row, positions, header = self._layout[tab_key]
        self._add_missing_headers(tab, title, header_row, header, positions, {k for c in cells for k in c})
        width = max(positions.values()) + 1
        values = []
        for row in cells:
            line: list[Any] = [None] * width
            for key, value in row.items():
                line[positions[key]] = _user_entered(value)
            values.append(line)
        self._call(self.http.values_append, f"{quote_title(title)}!A{header_row}", idempotent=False,
                   params={**WRITE, "insertDataOption": "INSERT_ROWS"}, body={"values": values, "majorDimension": "ROWS"})

    def _add_missing_headers(self, tab: schema.Tab, title: str, header_row: int, header: list[Any],
                             positions: dict[str, int], needed: set[str]) -> None:
        """A column a volunteer deleted is added again at the right, so no value is dropped."""
        start, missing = place_missing(tab, header, positions, needed)
        if not missing:
            return
        header.extend([None] * (start - len(header)) + [c.header for c in missing])
        self._call(self.http.values_update, f"{quote_title(title)}!{column_letter(start)}{header_row}",
                   params=WRITE, body={"values": [[_user_entered(c.header) for c in missing]]})

    def update_row(self, tab_key: str, row_id: str, changes: Row) -> None:
        tab = schema.tab(tab_key)
        title = self._title(tab_key)
        values = row_cells(tab, changes)
        wanted = schema.normalise(row_id)
        for _ in range(3):
            grid = self.read_tab(tab_key)
            header_row, positions, _ = locate_columns(tab, grid)
            if "id" not in positions:
                raise RowNotFound(row_id)
            self._add_missing_headers(tab, title, header_row, grid[header_row - 1] if grid else [], positions,
                                      set(values))
            id_col = positions["id"]
            rows_by_id = {schema.normalise(str(r[id_col])): i for i, r in enumerate(grid)
                          if i >= header_row and id_col < len(r) and not is_blank(r[id_col])}
            if wanted not in rows_by_id:
                raise RowNotFound(row_id)
            index = rows_by_id[wanted]
            self._write_cells(title, index, positions, {k: _user_entered(v) for k, v in values.items()})
            check = self._call(self.http.values_get, f"{quote_title(title)}!{column_letter(id_col)}{index + 1}",
                               params=dict(READ)).get("values", [[None]])
            there = check[0][0] if check and check[0] else None
            if not is_blank(there) and schema.normalise(str(there)) == wanted:
                return
            # Rows moved between our read and our write: put back what we overwrote, then retry.
            moved = rows_by_id.get(schema.normalise(str(there))) if not is_blank(there) else None
            if moved is None:
                raise StoreError(f"rækken med ID {row_id} flyttede sig under skrivningen; række {index + 1} "
                                 "i fanen bør kontrolleres")
            old = grid[moved]
            self._write_cells(title, index, positions,
                              {k: _user_entered(old[positions[k]] if positions[k] < len(old) else "") for k in values})
        raise StoreUnavailable(f"fanen '{title}' ændres hele tiden; prøv igen om lidt")

    def _write_cells(self, title: str, index: int, positions: dict[str, int], values: dict[str, Any]) -> None:
        data = [{"range": f"{quote_title(title)}!{column_letter(positions[k])}{index + 1}", "values": [[v if v is not None else ""]]}
                for k, v in values.items()]
        self._call(self.http.values_batch_update, body={**WRITE, "data": data})

    # --- preparing a sheet --------------------------------------------------------------------

    def prepare(self) -> list[str]:
        """Create missing tabs with headers, a frozen header, dropdowns and the guide tab
        (``python -m fcdash init-sheet``)."""
        meta = self._call(self.http.fetch_sheet_metadata, params={"fields": "sheets.properties"})
        existing = {schema.normalise(s["properties"]["title"]): s["properties"] for s in meta.get("sheets", [])}
        requests_: list[dict] = []
        done: list[str] = []
        wanted = [(layout.GUIDE_TITLE, None), *((t.title, t) for t in schema.TABS)]
        for title, tab in wanted:
            if schema.normalise(title) not in existing:
                columns = len(tab.columns) if tab else 1
                requests_.append({"addSheet": {"properties": {"title": title, "gridProperties": {
                    "rowCount": 1000, "columnCount": max(columns, 1), "frozenRowCount": 1 if tab else 0}}}})
                done.append(f"fanen '{title}' oprettet")
        if requests_:
            replies = self._call(self.http.batch_update, {"requests": requests_})["replies"]
            for reply in replies:
                props = reply["addSheet"]["properties"]
                existing[schema.normalise(props["title"])] = props
        grids = self._call(self.http.values_batch_get, [quote_title(p["title"]) for p in existing.values()],
                           params=dict(READ))
        current = {schema.normalise(p["title"]): vr.get("values", [])
                   for p, vr in zip(existing.values(), grids.get("valueRanges", []))}
        data, formats = [], []
        guide = current.get(schema.normalise(layout.GUIDE_TITLE), [])
        if not guide:
            data.append({"range": f"{quote_title(layout.GUIDE_TITLE)}!A1",
                         "values": [[_user_entered(line)] for line in layout.guide_lines()]})
            done.append("vejledningen skrevet")
        for tab in schema.TABS:
            props = existing[schema.normalise(tab.title)]
            grid = current.get(schema.normalise(tab.title), [])
            header_row, positions, _ = locate_columns(tab, grid)
            if not grid:
                data.append({"range": f"{quote_title(props['title'])}!A1", "values": [[_user_entered(h) for h in tab.headers]]})
                positions = {c.key: j for j, c in enumerate(tab.columns)}
                header_row = 1
                done.append(f"overskrifter skrevet i '{tab.title}'")
            else:
                start, missing = place_missing(tab, grid[header_row - 1], positions, (c.key for c in tab.columns))
                if missing:
                    data.append({"range": f"{quote_title(props['title'])}!{column_letter(start)}{header_row}",
                                 "values": [[_user_entered(c.header) for c in missing]]})
                    done.append(f"kolonner tilføjet i '{tab.title}': {', '.join(c.header for c in missing)}")
            formats.append({"updateSheetProperties": {"properties": {"sheetId": props["sheetId"], "gridProperties": {
                "frozenRowCount": header_row}}, "fields": "gridProperties.frozenRowCount"}})
            for col in tab.columns:
                choices = col.categories or ((schema.YES, schema.NO) if col.kind is schema.Kind.BOOL else ())
                if choices and col.kind is not schema.Kind.CATEGORIES:
                    formats.append({"setDataValidation": {
                        "range": {"sheetId": props["sheetId"], "startRowIndex": header_row,
                                  "startColumnIndex": positions[col.key], "endColumnIndex": positions[col.key] + 1},
                        "rule": {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in choices]},
                                 "showCustomUi": True, "strict": False}}})
        if data:
            self._call(self.http.values_batch_update, body={**WRITE, "data": data})
        self._call(self.http.batch_update, {"requests": formats})
        self._tabs = None
        self._layout.clear()
        return done

    def fill(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """All the rows in one request."""
        grids = self.read_grids()
        filled = [schema.tab(k).title for k, g in grids.items() if g and len(g) > self._layout[k][0]]
        if filled:
            raise SheetNotEmpty(f"regnearket har allerede data i {', '.join(filled)}; demodata skrives kun i et tomt ark")
        data = []
        for key, tab_rows in rows.items():
            header_row, positions, _ = self._layout[key]
            width = max(positions.values()) + 1
            values = []
            for row in tab_rows:
                line: list[Any] = [""] * width
                for k, v in row_cells(schema.tab(key), row).items():
                    line[positions[k]] = "" if v is None else _user_entered(v)
                values.append(line)
            if values:
                data.append({"range": f"{quote_title(self._title(key))}!A{header_row + 1}", "values": values})
        self._call(self.http.values_batch_update, body={**WRITE, "data": data})


def _user_entered(value: Any) -> Any:
    """A cell value for USER_ENTERED input: text forced to text, dates as ISO dates."""
    if value is None:
        return None
    if isinstance(value, str):
        return "'" + value if value else ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _error_message(ex: APIError) -> str:
    try:
        return ex.response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return ex.response.text[:200]
