"""The Google Sheets backend, through gspread's HTTP client: the only module that imports gspread.

Requests per operation (the tests assert them):
- a cold read: the spreadsheet's metadata (tab titles and ids) and one ``values:batchGet`` of
  every tab; a warm read: the one ``values:batchGet``;
- an append: one ``values:append`` under the tab's header as the last read found it (when that
  read is younger than the cache's time-to-live; else the header rows are read first), asking
  Google for the values as stored, so the shared snapshot takes the new row without a re-read.
  Whether each value sits under its header (a volunteer may have moved a column since the header
  was read) is checked against the grid of the next read, which is made anyway, and a misplaced
  row is rewritten then (one ``values:batchUpdate`` and one ``values:batchGet`` of the rows put right);
- an update: read the tab, write the cells, read the tab again to prove they landed on the row
  with the id (volunteers insert, sort and delete rows at any time; a stored row number is never
  trusted), and undo and start over if they did not;
- a delete: read the tab, one ``deleteDimension`` of the row with the id, read the tab again to
  prove that row went and no other (a row a volunteer inserted or sorted in between is put back
  and the delete made again);
- a write past a tab's grid: one metadata read and one ``appendDimension`` more.

Text is always written with a leading apostrophe under USER_ENTERED, so the sheet stores it as
text and never as a formula; dates are written as ISO dates (stored as dates) and numbers as
numbers. Failures with 408, 429 and 5xx, timeouts and refused connections are retried with
bounded exponential backoff and jitter (tenacity), then raised as StoreUnavailable. An append is
retried only where Google surely did not apply it (429, no connection); otherwise the outbox keeps
the entry and checks for its id before it tries again, so a row is never written twice.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import json
import logging
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping, Sequence

import orjson
import requests
import tenacity
from gspread.exceptions import APIError
from gspread.http_client import HTTPClient
from gspread.urls import SPREADSHEET_VALUES_BATCH_URL, SPREADSHEET_VALUES_URL
from gspread.utils import quote

from fcdash import schema
from fcdash.config import DEFAULT_CACHE_TTL, GOOGLE_SHEETS_API, TIME_ZONE, Config
from fcdash.errors import (ConfigError, RowNotFound, SheetNotEmpty, StoreError, StoreForbidden, StoreNotFound,
                           StoreUnavailable)
from fcdash.grid import HEADER_SEARCH_ROWS, column_letter, is_blank, locate_columns, own_lists, place_missing
from fcdash.store import layout
from fcdash.store.base import Appended, Row, Store, Unchanged, cells_by_key, check_unchanged, row_cells

SCOPES = ["https://www.googleapis.com/auth/spreadsheets"]
TRANSIENT = {408, 429, 500, 502, 503, 504}
READ = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER"}
WRITE = {"valueInputOption": "USER_ENTERED"}
# An append's answer holds the values as stored, rendered as a read renders them.
ECHO = {"includeValuesInResponse": "true", "responseValueRenderOption": READ["valueRenderOption"],
        "responseDateTimeRenderOption": READ["dateTimeRenderOption"]}
LOCALE = "da_DK"  # set by init-sheet, with the centre's time zone, on a sheet it prepares from empty
EPOCH = dt.date(1899, 12, 30)  # day zero of the serial numbers dates are read as
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 6
    initial_wait: float = 0.5  # seconds before the first retry; doubles each time, with jitter
    max_wait: float = 8.0
    deadline: float = 30.0  # each call gives up after this long, its tries and waits included
    timeout: tuple[float, float] = (5.0, 20.0)  # connect, read


class _Client(HTTPClient):
    """gspread's HTTP client with a read timeout per call (so no attempt outlasts the deadline,
    whichever thread calls) and, for the emulator, another Sheets API base URL."""

    def __init__(self, auth, session: requests.Session | None = None, base_url: str = ""):
        super().__init__(auth, session=session)
        self.base_url = base_url.rstrip("/")
        self._local = threading.local()

    def request(self, method, endpoint, params=None, data=None, json=None, files=None, headers=None):
        if self.base_url and endpoint.startswith(GOOGLE_SHEETS_API):
            endpoint = self.base_url + endpoint[len(GOOGLE_SHEETS_API):]
        response = self.session.request(method=method, url=endpoint, json=json, params=params, data=data, files=files,
                                        headers=headers, timeout=getattr(self._local, "timeout", None) or self.timeout)
        if response.ok:
            return response
        raise APIError(response)

    # The reads, as gspread makes them, with the answer decoded by orjson: at ten years of data a
    # refresh is some 17 MB of JSON, which orjson reads from the bytes faster than requests does.
    def values_get(self, id: str, range: str, params: dict | None = None) -> Any:
        return self._decoded(self.request("get", SPREADSHEET_VALUES_URL % (id, quote(range)), params=params))

    def values_batch_get(self, id: str, ranges: list[str], params: dict | None = None) -> Any:
        params = {**(params or {}), "ranges": ranges}
        return self._decoded(self.request("get", SPREADSHEET_VALUES_BATCH_URL % id, params=params))

    @staticmethod
    def _decoded(response: requests.Response) -> Any:
        return decode(response.content)

    @contextlib.contextmanager
    def timeout_until(self, deadline: float, timeout: tuple[float, float]) -> Iterator[None]:
        """This thread's next requests wait at most until ``deadline`` (time.monotonic)."""
        left = max(deadline - time.monotonic(), 0.05)
        self._local.timeout = (min(timeout[0], left), min(timeout[1], left))
        try:
            yield
        finally:
            self._local.timeout = None


def decode(content: bytes) -> Any:
    """A JSON answer, by orjson; what only the standard library reads (NaN, which an emulator may
    send and Google does not) by that."""
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return json.loads(content)


def http_client(config: Config) -> _Client:
    """A gspread HTTP client for the configured API: Google with the service account, or the
    emulator with no credentials."""
    if config.emulated:
        return _Client(None, session=requests.Session(), base_url=config.api_url)
    from google.oauth2.service_account import Credentials

    try:
        credentials = Credentials.from_service_account_info(json.loads(config.service_account or "{}"), scopes=SCOPES)
    except ValueError as ex:  # the key in the secrets is malformed; say so without printing it
        raise ConfigError(f"servicekontoens nøgle kan ikke bruges ({type(ex).__name__})") from None
    return _Client(credentials)


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


class _BadRange(StoreError):
    """A range named a tab that is not there (it was renamed or deleted)."""


class _OutsideGrid(StoreError):
    """A write reached past a tab's grid, which Google refuses instead of growing it."""


@dataclass(frozen=True)
class _Block:
    """Values to write at a cell: tab title, 0-based row and column of the top left cell."""

    title: str
    row: int
    col: int
    values: list[list[Any]]

    def request(self) -> dict:
        return {"range": f"{quote_title(self.title)}!{column_letter(self.col)}{self.row + 1}", "values": self.values}


@dataclass(frozen=True)
class _Unchecked:
    """Rows appended and not yet seen in a read: whether each value sits under its header is
    checked against the next read's grid."""

    tab: str  # tab key
    cells: list[dict[str, Any]]  # the rows' cells by column key
    first: int  # 0-based row the first of them was appended at


class GoogleSheetsStore(Store):
    patience = 1.0  # Google may hang for half a minute of retries: the last figures after a second
    def __init__(self, client: _Client, key: str, *, retry: RetryPolicy = RetryPolicy(),
                 header_ttl: float = DEFAULT_CACHE_TTL):
        self.http = client
        self.key = key
        self.retry = retry
        self.header_ttl = header_ttl  # how long the header rows of a read are trusted for an append
        self.http.set_timeout(retry.timeout)
        self.description = f"Google Sheets {key}"
        self.title = ""
        self.locale = ""
        # Swapped whole (never changed in place), so sessions and the outbox thread may share the store.
        self._tabs: dict[str, str | None] | None = None  # tab key -> the sheet's own title
        self.sheet_ids: dict[str, int] = {}  # tab key -> sheetId (gid), for links to cells
        self._heads: dict[str, tuple[float, list[list[Any]]]] = {}  # tab key -> (when read, header rows); swapped whole
        self._unchecked: list[_Unchecked] = []  # appended rows not yet checked by a read; under the lock
        self._unchecked_lock = threading.Lock()

    @classmethod
    def from_config(cls, config: Config, **kwargs) -> "GoogleSheetsStore":
        return cls(http_client(config), config.spreadsheet or "", **{"header_ttl": config.cache_ttl, **kwargs})

    # --- calling the API ----------------------------------------------------------------------

    def _call(self, fn: Callable[..., Any], *args, idempotent: bool = True, **kwargs) -> Any:
        """One API call, retried as the policy says; every attempt ends by the deadline."""
        deadline = time.monotonic() + self.retry.deadline

        def attempt():
            with self.http.timeout_until(deadline, self.retry.timeout):
                return fn(self.key, *args, **kwargs)

        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.retry.attempts) | tenacity.stop_after_delay(self.retry.deadline),
            wait=tenacity.wait_exponential_jitter(multiplier=self.retry.initial_wait, max=self.retry.max_wait,
                                                 jitter=self.retry.initial_wait),
            retry=tenacity.retry_if_exception(_transient if idempotent else _refused_unapplied), reraise=True,
            sleep=lambda seconds: time.sleep(max(0.0, min(seconds, deadline - time.monotonic()))))
        try:
            return retrying(attempt)
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
                raise _BadRange(f"en fane findes ikke længere under sit navn ({message})") from ex
            if status == 400 and "exceeds grid limits" in message:
                raise _OutsideGrid(f"Google afviser at skrive uden for fanens gitter ({message})") from ex
            raise StoreError(f"Google svarer {status}: {message}") from ex
        except requests.RequestException as ex:
            raise StoreUnavailable(f"Google kan ikke nås: {type(ex).__name__}") from ex

    def _metadata(self) -> dict:
        return self._call(self.http.fetch_sheet_metadata,
                          params={"fields": "properties(title,locale,timeZone),sheets.properties"})

    def _discover(self) -> dict[str, str | None]:
        """Tab titles, ids and the sheet's locale from the metadata: one request, on a cold start
        or a renamed tab."""
        meta = self._metadata()
        props = meta.get("properties", {})
        self.title, self.locale = props.get("title", ""), props.get("locale", "")
        sheets = {schema.normalise(s["properties"]["title"]): s["properties"] for s in meta.get("sheets", [])}
        tabs: dict[str, str | None] = {}
        ids: dict[str, int] = {}
        for tab in schema.TABS:
            found = sheets.get(schema.normalise(tab.title))
            tabs[tab.key] = found["title"] if found else None
            if found:
                ids[tab.key] = found["sheetId"]
        if self.title:
            self.description = f"Google Sheets «{self.title}»"
        self.sheet_ids, self._tabs = ids, tabs
        return tabs

    def cell_url(self, tab_key: str, cell: str) -> str | None:
        gid = self.sheet_ids.get(tab_key)
        if gid is None:
            return None
        where = cell.rpartition("!")[2] if "!" in cell else "A1"
        return f"https://docs.google.com/spreadsheets/d/{self.key}/edit#gid={gid}&range={where}"

    # --- reading ------------------------------------------------------------------------------

    def read_grids(self) -> dict[str, list[list[Any]] | None]:
        """Every tab in one request; the header rows are remembered for appends, and rows
        appended since the last read are checked (and put right) in the grid read."""
        return self._read_grids(remember=True)

    def _read_grids(self, *, remember: bool) -> dict[str, list[list[Any]] | None]:
        unchecked: list[_Unchecked] = []
        if remember:
            with self._unchecked_lock:  # appended before this read began, so in its grid
                unchecked, self._unchecked = self._unchecked, []
        asked = time.monotonic()
        try:
            tabs = self._tabs or self._discover()
            try:
                answer = self._batch_get(tabs)
            except _BadRange:
                tabs = self._discover()
                answer = self._batch_get(tabs)
        except BaseException:
            with self._unchecked_lock:  # not read: checked by the next read instead
                self._unchecked = unchecked + self._unchecked
            raise
        grids: dict[str, list[list[Any]] | None] = {key: None for key in tabs}
        present = [key for key, title in tabs.items() if title]
        for key, value_range in zip(present, answer.get("valueRanges", [])):
            grids[key] = value_range.get("values", [])
        if remember:
            self._heads = {key: (asked, grid[:HEADER_SEARCH_ROWS]) for key, grid in grids.items() if grid is not None}
        if unchecked:
            self._check_appended(tabs, grids, unchecked)
        return grids

    def _check_appended(self, tabs: dict[str, str | None], grids: dict[str, list[list[Any]] | None],
                        unchecked: list[_Unchecked]) -> None:
        """Put right, in the sheet and in the grids just read, any appended row whose values
        are not under their headers (a volunteer moved or inserted a column between the read
        whose header the append used and the append)."""
        for item in unchecked:
            grid, title = grids.get(item.tab), tabs.get(item.tab)
            if not grid or not title:
                continue  # the tab is gone or renamed: its rows are not ours to look for
            tab = schema.tab(item.tab)
            try:
                for _ in range(3):
                    fixes = self._misplaced(title, tab, item.cells, item.first, grid)
                    if not fixes:
                        break
                    self._write(fixes)
                    self._reread(title, grid, [b.row for b in fixes])
                else:
                    log.warning("fcdash: the columns of '%s' keep moving; the new rows there need a look", title)
            except StoreError as ex:  # a mistyped header, Google away: the read stands, its problems show
                log.warning("fcdash: the rows appended to '%s' could not be checked: %s", title, ex)
            self._heads = {**self._heads, item.tab: (self._heads.get(item.tab, (0.0, []))[0], grid[:HEADER_SEARCH_ROWS])}

    def _reread(self, title: str, grid: list[list[Any]], indexes: list[int]) -> None:
        """The header rows and the rows at ``indexes`` of ``grid`` as the tab holds them now."""
        ranges = [f"{quote_title(title)}!1:{HEADER_SEARCH_ROWS}", *(f"{quote_title(title)}!{i + 1}:{i + 1}" for i in indexes)]
        try:
            head, *rows = (r.get("values", []) for r in self._call(self.http.values_batch_get, ranges,
                                                                   params=dict(READ))["valueRanges"])
        except _OutsideGrid:  # a tab of fewer rows than the header search
            grid[:] = self._get(quote_title(title))
            return
        for i, line in enumerate(head):
            grid[i] = line
        for i, line in zip(indexes, rows):
            grid[i] = line[0] if line else []

    def _batch_get(self, tabs: dict[str, str | None]) -> dict:
        ranges = [quote_title(title) for title in tabs.values() if title]
        if not ranges:
            return {"valueRanges": []}
        return self._call(self.http.values_batch_get, ranges, params=dict(READ))

    def read_tab(self, tab_key: str) -> list[list[Any]]:
        return self._get(quote_title(self._title(tab_key)))

    def _get(self, a1: str) -> list[list[Any]]:
        return self._call(self.http.values_get, a1, params=dict(READ)).get("values", [])

    def _title(self, tab_key: str) -> str:
        tabs = self._tabs or self._discover()
        title = tabs.get(tab_key)
        if not title and schema.tab(tab_key).optional:
            title = self._add_tab(schema.tab(tab_key))
        if not title:
            raise StoreError(f"fanen '{schema.tab(tab_key).title}' findes ikke i regnearket")
        return title

    def _add_tab(self, tab: schema.Tab) -> str | None:
        """A tab the sheet was made without (one fcdash gained since), made at its first row: with
        its header, frozen. Where someone made it meanwhile, theirs is used as it is."""
        try:
            self._call(self.http.batch_update, {"requests": [{"addSheet": {"properties": {"title": tab.title,
                       "gridProperties": {"rowCount": 1000, "columnCount": len(tab.columns), "frozenRowCount": 1}}}}]},
                       idempotent=False)
        except StoreError as ex:
            if "already exists" not in str(ex):
                raise
        else:
            self._write([_Block(tab.title, 0, 0, [[_user_entered(h) for h in tab.headers]])])
        return self._discover().get(tab.key)

    # --- writing ------------------------------------------------------------------------------

    def _write(self, blocks: Sequence[_Block]) -> None:
        """Write blocks of values in one request; where one reaches past its tab's grid, grow the
        grid first (one structural request), as Google requires."""
        if not blocks:
            return
        body = {**WRITE, "data": [b.request() for b in blocks]}
        try:
            self._call(self.http.values_batch_update, body=body)
        except _OutsideGrid:
            self._grow(blocks)
            self._call(self.http.values_batch_update, body=body)

    def _grow(self, blocks: Sequence[_Block]) -> None:
        grids = {s["properties"]["title"]: s["properties"] for s in self._metadata().get("sheets", [])}
        requests_ = []
        for title in {b.title for b in blocks}:
            props = grids.get(title)
            if props is None:
                continue  # renamed meanwhile: the write names the problem
            size = props.get("gridProperties", {})
            needed = {"ROWS": max(b.row + len(b.values) for b in blocks if b.title == title),
                      "COLUMNS": max(b.col + max(map(len, b.values), default=0) for b in blocks if b.title == title)}
            have = {"ROWS": size.get("rowCount", 0), "COLUMNS": size.get("columnCount", 0)}
            requests_ += [{"appendDimension": {"sheetId": props["sheetId"], "dimension": d, "length": needed[d] - have[d]}}
                          for d in ("ROWS", "COLUMNS") if needed[d] > have[d]]
        if requests_:
            self._call(self.http.batch_update, {"requests": requests_})

    def _head(self, title: str) -> list[list[Any]]:
        """The rows the header may be in, as they are now (the whole tab if it has fewer rows,
        since Google refuses a read past the grid)."""
        try:
            return self._get(f"{quote_title(title)}!1:{HEADER_SEARCH_ROWS}")
        except _OutsideGrid:
            return self._get(quote_title(title))[:HEADER_SEARCH_ROWS]

    def _columns(self, tab: schema.Tab, title: str, grid: list[list[Any]], needed: set[str]) -> tuple[int, dict[str, int]]:
        """Where the header row and the columns are in ``grid``; a needed column a volunteer
        deleted is added again at the right, so no value is dropped."""
        header_row, positions, _ = locate_columns(tab, grid)
        header = grid[header_row - 1] if grid else []
        start, missing = place_missing(tab, header, positions, needed)
        if missing:
            self._write([_Block(title, header_row - 1, start, [[_user_entered(c.header) for c in missing]])])
        return header_row, positions

    def _renamed_once(self, write: Callable[[], Any]) -> Any:
        """A write, tried again once after the tab titles are read anew (a volunteer renamed a tab)."""
        try:
            return write()
        except _BadRange:
            self._discover()
            return write()

    def append_rows(self, tab_key: str, rows: Sequence[Row]) -> Appended | None:
        return self._renamed_once(lambda: self._append(tab_key, rows))

    def update_row(self, tab_key: str, row_id: str, changes: Row, unchanged: Unchanged | None = None) -> None:
        self._renamed_once(lambda: self._update(tab_key, row_id, changes, unchanged))

    def delete_row(self, tab_key: str, row_id: str, unchanged: Unchanged | None = None) -> None:
        self._renamed_once(lambda: self._delete(tab_key, row_id, unchanged))

    def _delete(self, tab_key: str, row_id: str, unchanged: Unchanged | None) -> None:
        """Find the row by its id in the tab as it is now and delete it; read the tab again, and
        if the row went but another did (a volunteer inserted, deleted or sorted rows in between),
        put that row back where it was and start over."""
        tab = schema.tab(tab_key)
        title = self._title(tab_key)
        for _ in range(3):
            before = self.read_tab(tab_key)
            header_row, positions, _ = locate_columns(tab, before)
            index = _find_id(before, header_row, positions["id"], row_id) if "id" in positions else None
            if index is None:
                return  # not there (already deleted, or never arrived): nothing to do
            check_unchanged(tab_key, row_id, cells_by_key(positions, before[index]), unchanged)
            sheet_id = self.sheet_ids[tab_key]
            rows = {"sheetId": sheet_id, "dimension": "ROWS", "startIndex": index, "endIndex": index + 1}
            try:  # never retried where Google may have applied it: a second delete takes the next row
                self._call(self.http.batch_update, {"requests": [{"deleteDimension": {"range": rows}}]},
                           idempotent=False)
            except StoreError as ex:
                if "non-frozen rows" not in str(ex):
                    raise
                # The tab's grid ends with this row and Google keeps one row below the header: empty it instead.
                self._call(self.http.values_clear, f"{quote_title(title)}!{index + 1}:{index + 1}")
                return
            after = self.read_tab(tab_key)
            header_after, now, _ = locate_columns(tab, after)
            if "id" not in now or _count_id(after, header_after, now["id"], row_id) < _count_id(
                    before, header_row, positions["id"], row_id):
                return  # one row with the id went (a copy a volunteer made of it stays)
            lost = _lost_rows(before[header_row:], after[header_after:])
            if not lost:  # a row without content went (one a volunteer had just inserted): try again
                continue
            if len(lost) > 1:  # rows went, and which one was ours cannot be told: no second delete in the dark
                raise StoreError(f"fanen '{title}' blev ændret under sletningen af {row_id}, og andre rækker "
                                 f"forsvandt; se fanen efter omkring række {index + 1}")
            # another row went in its place: back where it was, with its values, and try again
            self._call(self.http.batch_update, {"requests": [{"insertDimension": {
                "range": rows, "inheritFromBefore": index > 0}}]})
            self._write([_Block(title, index, 0, [[_user_entered(v) if not is_blank(v) else "" for v in lost[0]]])])
        raise StoreUnavailable(f"fanen '{title}' ændres hele tiden; prøv igen om lidt")

    def _append(self, tab_key: str, rows: Sequence[Row]) -> Appended | None:
        """Append under the header as the last read found it (or as it is now, when that read is
        old), and leave the check that every value sits under its header to the next read. The
        answer holds the values as stored: what the shared snapshot needs to show the rows."""
        tab = schema.tab(tab_key)
        title = self._title(tab_key)
        cells = [row_cells(tab, row) for row in rows]
        needed = {k for c in cells for k in c}
        head = self._remembered_head(tab_key, needed)
        if head is None:
            head = self._head(title)
        complete = needed <= locate_columns(tab, head)[1].keys()
        header_row, positions = self._columns(tab, title, head, needed)  # a column deleted meanwhile is added again
        values = [_line(positions, row, None) for row in cells]
        answer = self._call(self.http.values_append, f"{quote_title(title)}!A{header_row}", idempotent=False,
                            params={**WRITE, "insertDataOption": "INSERT_ROWS", **ECHO},
                            body={"values": values, "majorDimension": "ROWS"})
        written = answer["updates"]["updatedRange"].rpartition("!")[2].split(":")[0]
        first = int(re.sub(r"^[A-Z]+", "", written)) - 1
        with self._unchecked_lock:
            self._unchecked = [*self._unchecked, _Unchecked(tab_key, cells, first)]
        if not complete or not re.fullmatch(r"A\d+", written):
            return None  # a column was added again, or the rows start elsewhere: the snapshot reads again
        stored = answer["updates"].get("updatedData", {}).get("values", [])
        return Appended(tab_key, list(head[header_row - 1]) if len(head) >= header_row else [],
                        [(first + 1 + i, stored[i] if i < len(stored) else []) for i in range(len(cells))])

    def _remembered_head(self, tab_key: str, needed: set[str]) -> list[list[Any]] | None:
        """The tab's header rows as the last read found them, if that read is recent and they
        hold every column needed (a missing one is added by the header as it is now)."""
        when, head = self._heads.get(tab_key, (None, None))
        if when is None or time.monotonic() - when > self.header_ttl:
            return None
        _, positions, _ = locate_columns(schema.tab(tab_key), head)
        return head if needed <= positions.keys() else None

    def _misplaced(self, title: str, tab: schema.Tab, cells: list[dict[str, Any]], first: int,
                   grid: list[list[Any]]) -> list[_Block]:
        """The appended rows (found by their ids in ``grid``, the tab as just read) that do not
        hold their values under their headers, each rewritten whole by the header as it is."""
        _, positions = self._columns(tab, title, grid[:HEADER_SEARCH_ROWS], {k for c in cells for k in c})  # a column deleted meanwhile
        rows = {i: grid[i] for i in range(first, min(first + len(cells), len(grid)))}
        ours = [row for row in cells if row.get("id")]  # a row without an id cannot be found again
        if any(_find_anywhere(rows, str(row["id"])) is None for row in ours):
            rows = dict(enumerate(grid))  # rows moved meanwhile: look everywhere
        fixes = []
        for row in ours:
            where = _find_anywhere(rows, str(row["id"]))
            if where is None:
                continue  # deleted since (the leader's undo, or a volunteer): nothing to put right
            if not _holds(rows[where], positions, row):
                fixes.append(_Block(title, where, 0, [_line(positions, row, "", width=len(rows[where]))]))
        return fixes

    def _update(self, tab_key: str, row_id: str, changes: Row, unchanged: Unchanged | None) -> None:
        """Find the row by its id in the tab as it is now, write the cells, and read the tab again:
        if a volunteer inserted, deleted or sorted rows (or moved columns) in between, the
        cells written are put back as they were, that is checked, and the change made again."""
        tab = schema.tab(tab_key)
        title = self._title(tab_key)
        values = row_cells(tab, changes)
        undone: tuple[int, dict[int, Any]] | None = None
        for _ in range(3):
            grid = self.read_tab(tab_key)
            if undone is not None and not _cells_hold(grid, *undone):
                raise StoreError(f"rækken med ID {row_id} flyttede sig under skrivningen; række {undone[0] + 1} i "
                                 f"fanen '{title}' bør kontrolleres")
            if "id" not in locate_columns(tab, grid)[1]:
                raise RowNotFound(row_id)
            header_row, positions = self._columns(tab, title, grid, set(values))
            index = _find_id(grid, header_row, positions["id"], row_id)
            if index is None:
                raise RowNotFound(row_id)
            if _holds(grid[index], positions, values):
                return
            check_unchanged(tab_key, row_id, cells_by_key(positions, grid[index]), unchanged)
            written = {positions[k]: v for k, v in values.items()}
            self._write_cells(title, index, written)
            after = self.read_tab(tab_key)
            header_row, now, _ = locate_columns(tab, after)
            found = _find_id(after, header_row, now["id"], row_id) if "id" in now else None
            if found is not None and (_holds(after[found], now, values) or (
                    found == index and all(now.get(k) == positions[k] for k in values))):
                return  # the row with the id holds the change, or its cells are the ones written
            # The write missed the row: put back what the row now in its place held before.
            undone = (index, _previous_cells(tab, grid, after, index, written))
            self._write_cells(title, index, undone[1])
        raise StoreUnavailable(f"fanen '{title}' ændres hele tiden; prøv igen om lidt")

    def _write_cells(self, title: str, index: int, cells: dict[int, Any]) -> None:
        self._write([_Block(title, index, j, [[_user_entered(v) if not is_blank(v) else ""]]) for j, v in cells.items()])

    # --- preparing a sheet --------------------------------------------------------------------

    def prepare(self) -> list[str]:
        """Create missing tabs with headers, a frozen header, dropdowns and the guide tab
        (``python -m fcdash init-sheet``); a sheet prepared from empty gets the Danish locale
        and the centre's time zone, so dates and numbers typed by hand read the Danish way."""
        meta = self._metadata()
        existing = {schema.normalise(s["properties"]["title"]): s["properties"] for s in meta.get("sheets", [])}
        structure: list[dict] = []
        done: list[str] = []
        wanted = [(layout.GUIDE_TITLE, None), *((t.title, t) for t in schema.TABS)]
        for title, tab in wanted:
            if schema.normalise(title) not in existing:
                columns = len(tab.columns) if tab else 1
                structure.append({"addSheet": {"properties": {"title": title, "gridProperties": {
                    "rowCount": 1000, "columnCount": columns, "frozenRowCount": 1 if tab else 0}}}})
                done.append(f"fanen '{title}' oprettet")
        if structure:
            replies = self._call(self.http.batch_update, {"requests": structure})["replies"]
            for reply in replies:
                props = reply["addSheet"]["properties"]
                existing[schema.normalise(props["title"])] = props
        grids = self._call(self.http.values_batch_get, [quote_title(p["title"]) for p in existing.values()],
                           params=dict(READ))
        current = {schema.normalise(p["title"]): vr.get("values", [])
                   for p, vr in zip(existing.values(), grids.get("valueRanges", []))}
        blocks, formats = [], []
        if not any(current.values()) and meta.get("properties", {}).get("locale") != LOCALE:
            formats.append({"updateSpreadsheetProperties": {"properties": {"locale": LOCALE, "timeZone": TIME_ZONE},
                                                            "fields": "locale,timeZone"}})
            done.append(f"landestandard sat til {LOCALE} og tidszone til {TIME_ZONE}")
        if not current.get(schema.normalise(layout.GUIDE_TITLE)):
            blocks.append(_Block(layout.GUIDE_TITLE, 0, 0, [[_user_entered(line)] for line in layout.guide_lines()]))
            done.append("vejledningen skrevet")
        own = own_lists(current.get(schema.normalise(schema.LISTS.title)))  # the centre's own values
        for tab in schema.TABS:
            props = existing[schema.normalise(tab.title)]
            grid = current.get(schema.normalise(tab.title), [])
            header_row, positions, _ = locate_columns(tab, grid)
            if not grid:
                blocks.append(_Block(props["title"], 0, 0, [[_user_entered(h) for h in tab.headers]]))
                positions = {c.key: j for j, c in enumerate(tab.columns)}
                header_row = 1
                done.append(f"overskrifter skrevet i '{tab.title}'")
            else:
                start, missing = place_missing(tab, grid[header_row - 1], positions, (c.key for c in tab.columns))
                if missing:
                    blocks.append(_Block(props["title"], header_row - 1, start,
                                         [[_user_entered(c.header) for c in missing]]))
                    done.append(f"kolonner tilføjet i '{tab.title}': {', '.join(c.header for c in missing)}")
            formats.append({"updateSheetProperties": {"properties": {"sheetId": props["sheetId"], "gridProperties": {
                "frozenRowCount": header_row}}, "fields": "gridProperties.frozenRowCount"}})
            for col in tab.columns:
                choices = schema.categories(col, own) or ((schema.YES, schema.NO) if col.kind is schema.Kind.BOOL else ())
                if choices and col.kind is not schema.Kind.CATEGORIES:
                    formats.append({"setDataValidation": {
                        "range": {"sheetId": props["sheetId"], "startRowIndex": header_row,
                                  "startColumnIndex": positions[col.key], "endColumnIndex": positions[col.key] + 1},
                        "rule": {"condition": {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in choices]},
                                 "showCustomUi": True, "strict": False}}})
        self._write(blocks)  # grows the grids first, so the dropdowns' columns exist
        self._call(self.http.batch_update, {"requests": formats})
        self._tabs = None
        return done

    def fill(self, rows: Mapping[str, Sequence[Row]]) -> None:
        """All the rows in one request (after one growing the grids where they are too small)."""
        grids = self._read_grids(remember=False)  # set-up: its headers are not the dashboard's last read
        layouts = {k: locate_columns(schema.tab(k), g) for k, g in grids.items() if g is not None}
        filled = [schema.tab(k).title for k, g in grids.items() if g and len(g) > layouts[k][0]]
        if filled:
            raise SheetNotEmpty(f"regnearket har allerede data i {', '.join(filled)}; demodata skrives kun i et tomt ark")
        blocks = []
        for key, tab_rows in rows.items():
            header_row, positions, _ = layouts[key]
            cells = [row_cells(schema.tab(key), row) for row in tab_rows]
            if cells:
                blocks.append(_Block(self._title(key), header_row, 0, [_line(positions, row, "") for row in cells]))
        self._write(blocks)


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


def _line(positions: dict[str, int], row: dict[str, Any], blank: Any, width: int = 0) -> list[Any]:
    """One row's cells placed by the header's positions; ``blank`` elsewhere."""
    line = [blank] * max(max(positions.values(), default=-1) + 1, width)
    for key, value in row.items():
        line[positions[key]] = blank if value is None else _user_entered(value)
    return line


def _same(cell: Any, value: Any) -> bool:
    """Whether a cell as read (unformatted, dates as serial numbers) holds a value as written."""
    if value is None or is_blank(value):
        return is_blank(cell)
    if isinstance(cell, bool) or isinstance(value, bool):
        return cell is value
    if isinstance(cell, str) and not isinstance(value, str):  # a column formatted as plain text
        return cell.strip() == str(_user_entered(value))
    if isinstance(value, dt.date):
        return isinstance(cell, (int, float)) and EPOCH + dt.timedelta(days=int(cell)) == value
    if isinstance(value, (int, float)):
        return isinstance(cell, (int, float)) and float(cell) == float(value)
    return cell == value


def _cell(row: list[Any], j: int) -> Any:
    return row[j] if 0 <= j < len(row) else ""


def _holds(row: list[Any], positions: dict[str, int], values: dict[str, Any]) -> bool:
    """Whether a row holds each value under its column's header."""
    return all(key in positions and _same(_cell(row, positions[key]), v) for key, v in values.items())


def _find_id(grid: list[list[Any]], header_row: int, id_col: int, row_id: str) -> int | None:
    wanted = schema.normalise(row_id)
    return next((i for i in range(header_row, len(grid)) if not is_blank(_cell(grid[i], id_col))
                 and schema.normalise(str(grid[i][id_col])) == wanted), None)


def _count_id(grid: list[list[Any]], header_row: int, id_col: int, row_id: str) -> int:
    wanted = schema.normalise(row_id)
    return sum(1 for row in grid[header_row:] if not is_blank(_cell(row, id_col))
               and schema.normalise(str(row[id_col])) == wanted)


def _find_anywhere(rows: dict[int, list[Any]], row_id: str) -> int | None:
    """The row that holds ``row_id`` in any cell (its column may have moved)."""
    wanted = schema.normalise(row_id)
    return next((i for i, row in rows.items() if any(isinstance(v, str) and schema.normalise(v) == wanted for v in row)),
                None)


def _lost_rows(before: list[list[Any]], after: list[list[Any]]) -> list[list[Any]]:
    """The rows with content in ``before`` that are not in ``after`` (compared by their cells)."""
    def key(row: list[Any]) -> tuple:
        cells = ["" if is_blank(v) else v for v in row]
        while cells and cells[-1] == "":
            cells.pop()
        return tuple(cells)
    missing = collections.Counter(map(key, before)) - collections.Counter(map(key, after))
    return [list(row) for row, n in missing.items() if row for _ in range(n)]


def _cells_hold(grid: list[list[Any]], index: int, cells: dict[int, Any]) -> bool:
    row = grid[index] if index < len(grid) else []
    return all(_same(_cell(row, j), v) for j, v in cells.items())


def _by_header(row: list[Any], header: list[Any], skip: set[int] = frozenset()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for j, name in enumerate(header):
        if not is_blank(name) and j not in skip:
            out.setdefault(schema.normalise(str(name)), _cell(row, j))
    return out


def _previous_cells(tab: schema.Tab, before: list[list[Any]], after: list[list[Any]], index: int,
                    written: dict[int, Any]) -> dict[int, Any]:
    """What the written cells held before the write, found from the row now at ``index`` (by
    its id, or else by its other cells) in the tab as read before; blank for a row that was not
    there then (a row inserted meanwhile)."""
    head_b, pos_b, _ = locate_columns(tab, before)
    head_a, pos_a, _ = locate_columns(tab, after)
    header_b, header_a = before[head_b - 1] if before else [], after[head_a - 1] if after else []
    victim = after[index] if index < len(after) else []
    old: list[Any] | None = None
    ident = pos_a.get("id", -1)
    if ident not in written and not is_blank(_cell(victim, ident)) and "id" in pos_b:
        k = _find_id(before, head_b, pos_b["id"], str(victim[ident]))
        old = before[k] if k is not None else None
    else:
        mine = _by_header(victim, header_a, set(written))
        old = next((row for row in before[head_b:] if all(
            (is_blank(v) and is_blank(w)) or v == w for v, w in
            ((v, _by_header(row, header_b).get(h, "")) for h, v in mine.items()))), None)
    was = _by_header(old or [], header_b)
    return {j: was.get(schema.normalise(str(_cell(header_a, j))), "") for j in written}


def _error_message(ex: APIError) -> str:
    try:
        return ex.response.json()["error"]["message"]
    except (ValueError, KeyError, TypeError):
        return ex.response.text[:200]
