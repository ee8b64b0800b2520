"""Turn hand-typed spreadsheet grids into typed pandas frames and a list of data problems.

A backend hands over each tab as a grid: a list of rows, each a list of cell values as the
spreadsheet library gives them (str, int, float, bool, datetime or None). Nothing here knows
which backend it came from. What cannot be understood is never dropped in silence: the row is
kept, the cell's value is left empty, and a :class:`Problem` names the cell.

Each distinct raw value of a column is parsed once and the result mapped back, so a tab with
200,000 rows but a few hundred distinct dates costs a few hundred parses. A column whose cells are
all text or all whole numbers (nearly every column, as Google answers) is encoded by Arrow, and its
text is trimmed and checked for formula errors there, cell by cell in Python only where a value has
a space at either end or starts with '#'; any other column takes the per-value way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple, Protocol, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from fcdash import counting, references, schema, variants
from fcdash.grid import a1, is_blank, likely_typos, locate_columns, raw_text
from fcdash.schema import Column, Kind, Tab
from fcdash.snapshot import ROW, Problem, Snapshot
EPOCH = dt.datetime(1899, 12, 30)  # day zero of spreadsheet serial dates
MAX_COUNT = 10_000_000  # no count of the centre's comes near this; a bigger one is a typo
FIRST_DATE, LAST_DATE = dt.datetime(1950, 1, 1), dt.datetime(2100, 12, 31)
FORMULA_ERRORS = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#ERROR!"}

MONTH_WORDS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
_DANISH = re.compile(r"^(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4}|\d{2})$")
_WORDY = re.compile(r"^(\d{1,2})\.?\s*([a-zæøå]+)\.?\s*(\d{4}|\d{2})$")
_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# The characters str.strip() removes (those str.isspace() holds), for Arrow's regular expressions:
# Arrow's own trim and its \s know fewer of them, and a cell must read the same either way.
PY_SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
             "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
_SPACE = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_SPACES) + "]"
_ALL_SPACE, _EDGE_SPACE, _HASH_FIRST = f"^{_SPACE}*$", f"^{_SPACE}|{_SPACE}$", f"^{_SPACE}*#"
TRUE_WORDS = {"ja", "j", "x", "yes", "y", "true", "sand", "1", "online"}
FALSE_WORDS = {"nej", "n", "no", "false", "falsk", "0", "fysisk"}


# --- scalar parsers: raw value -> (value, problem code or None, extra params) ------------------

Parsed = tuple[Any, Any]  # (value, problem code or None); a code may come with its own parameters: (code, {...})


def parse_date(value: Any) -> Parsed:
    """Danish hand-typed dates, ISO dates, datetime objects and spreadsheet serial numbers."""
    if isinstance(value, bool):
        return None, "bad_date"
    if isinstance(value, dt.datetime):
        day = value.replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    elif isinstance(value, dt.date):
        day = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, (int, float)):
        if not math.isfinite(value) or not 1 <= value < 2958466:
            return None, "bad_date"
        day = EPOCH + dt.timedelta(days=int(value))
    else:
        day = _parse_date_text(str(value).strip().lower())
        if day is None:
            return None, "bad_date"
    if not FIRST_DATE <= day <= LAST_DATE:
        return None, "date_out_of_range"
    return day, None


def _parse_date_text(text: str) -> dt.datetime | None:
    if m := _ISO.match(text):
        y, mo, d = int(m[1]), int(m[2]), int(m[3])
    elif m := _DANISH.match(text):
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
    elif (m := _WORDY.match(text)) and m[2][:3] in MONTH_WORDS:
        d, mo, y = int(m[1]), MONTH_WORDS[m[2][:3]], int(m[3])
    else:
        return None
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        return dt.datetime(y, mo, d)
    except ValueError:
        return None


def parse_answer(value: Any, low: int, high: int) -> Parsed:
    """An answer on a scale from ``low`` to ``high``: a whole number within it."""
    number, code = parse_count(value)
    if code is None and not low <= number <= high:
        return None, "out_of_scale"
    return number, code


def parse_count(value: Any) -> Parsed:
    """A whole, non-negative number: '1 234', '1.234', '12,0' and 12.0 all read."""
    if isinstance(value, bool):
        return None, "bad_number"
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = _SPACES.sub("", str(value))
        if _THOUSANDS.match(text):
            text = text.replace(".", "")
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return None, "bad_number"
    if not math.isfinite(number):
        return None, "bad_number"
    if not number.is_integer():
        return None, "not_whole"
    if number < 0:
        return None, "negative"
    if number > MAX_COUNT:
        return None, "too_large"
    return int(number), None


def parse_target(value: Any) -> Parsed:
    """A goal's target as typed: '70', 'mindst 70', 'præcis 4', '2-4', 'op til 30', 'fra 46 til 70',
    'mindst 70 %' (the forms in fcdash.counting); 'ca. 10' is not one."""
    if isinstance(value, bool):
        return None, "bad_target"
    if isinstance(value, float) and 0 < value < 1:  # '70 %' typed into a cell the sheet keeps as the number 0.7
        return counting.Target(counting.MIN, int(math.floor(value * 100 + 0.5)), None, unit=counting.PERCENT), None
    if isinstance(value, (int, float)):
        number, code = parse_count(value)
        return (counting.Target(counting.MIN, number, None, plain=True), None) if code is None else (None, "bad_target")
    target = counting.parse_target(str(value))
    return (target, None) if target else (None, "bad_target")


def parse_bool(value: Any) -> Parsed:
    if isinstance(value, bool):
        return value, None
    word = str(raw_text(value)).lower()
    if word in TRUE_WORDS:
        return True, None
    if word in FALSE_WORDS:
        return False, None
    return None, "bad_bool"


# --- the tab parser ---------------------------------------------------------------------------

@dataclass
class _TabParse:
    tab: Tab
    grid: list[list[Any]]
    problems: list[Problem]
    header_row: int = 1  # 1-based
    positions: dict[str, int] = field(default_factory=dict)  # column key -> 0-based sheet column
    own: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the centre's own lists (Egne lister tab)

    def problem(self, row: int, col: Column | None, value: Any, code: str, **params) -> None:
        if col is None:
            cell, header = a1(self.tab, row), ""
        else:
            cell, header = a1(self.tab, row, self.positions.get(col.key, 0)), col.header
        self.problems.append(Problem(self.tab.key, row, header, cell, raw_text(value) if value is not None else "",
                                     code, tuple(sorted(params.items()))))


def _find_header(job: _TabParse) -> None:
    job.header_row, job.positions, repeated = locate_columns(job.tab, job.grid)
    header = job.grid[job.header_row - 1] if job.grid else []
    for j in repeated:
        _header_problem(job, j, "duplicate_column", raw_text(header[j]))
    for j, col in likely_typos(job.tab, header, job.positions):
        _header_problem(job, j, "unknown_header", col.header)
    for col in job.tab.columns:
        if col.key not in job.positions and (col.required or (col.kind is Kind.ID and job.tab.id_required)):
            job.problem(job.header_row, None, "", "missing_column", column=col.header)


def _header_problem(job: _TabParse, j: int, code: str, column: str) -> None:
    typed = raw_text(job.grid[job.header_row - 1][j])
    job.problems.append(Problem(job.tab.key, job.header_row, typed, a1(job.tab, job.header_row, j), typed, code,
                                (("column", column),)))


class _Bool(NamedTuple):
    """A True or False cell while distinct values are found: kept apart from 1 and 0."""

    value: bool


class _Distinct:
    """A column as codes into its distinct values: each value is parsed once, not once a row."""

    def __init__(self, codes: np.ndarray, values: list[Any] | None, text: pa.Array | None = None):
        self.codes = codes  # per row: index into values, -1 for a blank cell
        self.text = text  # the values as Arrow text, when every cell was text
        self._values = values  # as Python objects: made from the text only when asked

    @property
    def values(self) -> list[Any]:
        if self._values is None:
            self._values = self.text.to_pylist()
        return self._values

    def __len__(self) -> int:
        """How many distinct values."""
        return len(self.text) if self._values is None else len(self._values)

    def value(self, i: int) -> Any:
        return self.text[i].as_py() if self._values is None else self._values[i]

    @property
    def blank(self) -> np.ndarray:
        return self.codes < 0

    def rows(self, keep: np.ndarray) -> "_Distinct":
        if keep.all():
            return self
        return _Distinct(self.codes[keep], self._values, self.text)


_ARROW_TYPES = (pa.string(), pa.int64(), pa.null())


def _distinct(cells: Sequence[Any], *, encode: bool = True) -> _Distinct:
    """A column's cells as codes into its distinct values, blank cells (None, empty or only
    spaces) as -1. Arrow encodes a column of text or of whole numbers; a mixed one (a number among
    text, True among numbers, a date, a fraction) goes value by value. Free text and ids, often a
    value of their own a row, are not encoded (``encode=False``): each cell is its own value."""
    try:
        column = pa.array(cells)
    except (pa.ArrowException, OverflowError, UnicodeError, ValueError, TypeError):  # mixed types, or beyond Arrow's
        column = None
    if column is None or column.type not in _ARROW_TYPES:
        return _distinct_objects(np.fromiter(cells, dtype=object, count=len(cells)))
    if encode or column.type != pa.string():
        encoded = column.dictionary_encode()
        codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
        values = encoded.dictionary
    else:
        codes = np.where(column.is_null().to_numpy(zero_copy_only=False), -1, np.arange(len(column)))
        values = column.fill_null("")
    if values.type != pa.string():
        return _Distinct(codes, values.to_pylist())
    blank = pc.match_substring_regex(values, _ALL_SPACE).to_numpy(zero_copy_only=False)
    if blank.any():
        codes = np.where(np.append(blank, True)[codes], -1, codes)
    return _Distinct(codes, None, values)


def _distinct_objects(cells: np.ndarray) -> _Distinct:
    """The per-value way, for a column of mixed cells."""
    types = set(map(type, cells))
    if bool in types and types - {bool, str, type(None)}:  # True would be taken for 1, False for 0
        cells = np.array([_Bool(v) if v is True or v is False else v for v in cells], dtype=object)
    codes, uniques = pd.factorize(cells, use_na_sentinel=True)
    blank = np.fromiter((type(u) is str and not u.strip() for u in uniques), dtype=bool, count=len(uniques))
    if blank.any():
        codes = np.where(np.append(blank, True)[codes], -1, codes)
    values = [u.value if isinstance(u, _Bool) else u for u in uniques]
    return _Distinct(codes, values)


def _columns(job: _TabParse) -> tuple[np.ndarray, dict[str, _Distinct]]:
    """The sheet row number of each data row with anything in it, and its known columns."""
    start = job.header_row  # index of the first data row in the grid
    rows = job.grid[start:]
    sheet_rows = np.arange(start + 1, start + 1 + len(rows))
    if not rows or not job.positions:  # no header found: a missing-column problem says so
        return sheet_rows[:0], {}
    by_column = list(itertools.zip_longest(*rows))  # rows of any length, turned into columns
    empty = (None,) * len(rows)
    columns = {key: _distinct(by_column[j] if j < len(by_column) else empty,
                              encode=job.tab.column(key).kind not in (Kind.ID, Kind.TEXT))
               for key, j in job.positions.items()}
    blank = np.ones(len(rows), dtype=bool)
    for column in columns.values():
        blank &= column.blank
    # A row blank in every known column may hold something under a column of the volunteers' own
    # or a mistyped header: it is kept then. Such rows are few, so they are looked at one by one.
    for i in np.flatnonzero(blank):
        blank[i] = all(is_blank(v) for v in rows[i])
    return sheet_rows[~blank], {key: c.rows(~blank) for key, c in columns.items()}


def _parse_column(job: _TabParse, column: _Distinct, rows: np.ndarray, fn: Callable[[Any], Parsed],
                  col: Column, dtype: Any, **params) -> pd.Series:
    """Parse each distinct value once, report the bad cells, and give the typed column."""
    bad: list[tuple[int, Any]] = []  # (distinct value, its code, or (code, its own parameters))
    codes = np.where(column.codes < 0, len(column), column.codes)
    if fn is _text and column.text is not None:  # text as Arrow encoded it: no Python object a row
        trimmed, errors = _trimmed_text(column.text)
        bad = [(i, "formula_error") for i in errors]
        typed = pd.array(trimmed.take(pa.array(column.codes, mask=column.codes < 0)), dtype=dtype)
    else:
        parsed = np.empty(len(column) + 1, dtype=object)  # the last one for blank cells
        if fn is _text:  # ids and free text: often a distinct value a row, so no call a value
            parsed[:-1] = [v.strip() if type(v) is str else raw_text(v) for v in column.values]
            errors = np.flatnonzero(pd.Series(parsed[:-1], dtype=object).str.upper().isin(FORMULA_ERRORS))
            parsed[errors] = None
            bad = [(int(i), "formula_error") for i in errors]
        else:
            for i, value in enumerate(column.values):
                if is_blank(value):
                    continue
                if isinstance(value, str) and value.strip().upper() in FORMULA_ERRORS:
                    result, code = None, "formula_error"
                else:
                    result, code = fn(value)
                parsed[i] = result
                if code:
                    bad.append((i, code))
        typed = (parsed if dtype is object else pd.array(parsed, dtype=dtype)).take(codes)
    if bad:
        code_of = dict(bad)
        flagged = np.isin(codes, list(code_of))
        for row, i in zip(rows[flagged].tolist(), codes[flagged].tolist()):
            code, own = (code_of[i], {}) if isinstance(code_of[i], str) else code_of[i]
            job.problem(row, col, column.value(i), code, **params, **own)
    return pd.Series(typed, dtype=dtype)


def _trimmed_text(values: pa.Array) -> tuple[pa.Array, list[int]]:
    """Distinct text values trimmed, formula errors (#REF! and the like) left empty, and where
    those were. Only values with a space at either end or a '#' first are looked at in Python."""
    edge = pc.match_substring_regex(values, _EDGE_SPACE)
    hashed = pc.match_substring_regex(values, _HASH_FIRST)
    suspect = pc.or_(edge, hashed).fill_null(False)
    if not pc.any(suspect).as_py():
        return values, []
    where = np.flatnonzero(suspect.to_numpy(zero_copy_only=False))
    trimmed = [v.strip() for v in values.take(pa.array(where)).to_pylist()]
    errors = [int(i) for i, v in zip(where, trimmed) if v.upper() in FORMULA_ERRORS]
    fixed = pa.array([None if v.upper() in FORMULA_ERRORS else v for v in trimmed], type=pa.string())
    return pc.replace_with_mask(values, suspect, fixed), errors


def _parse_tab(job: _TabParse, refs: dict[str, dict[str, str]]) -> pd.DataFrame:
    _find_header(job)
    rows, columns = _columns(job)
    absent = _Distinct(np.full(len(rows), -1), [])
    ids = _typed(job, job.tab.column("id"), columns.get("id", absent), rows, refs)
    first = _first_of_each_id(job, ids, rows)
    rows, absent, columns = rows[first], absent.rows(first), {key: c.rows(first) for key, c in columns.items()}
    typed = {"id": ids[first].reset_index(drop=True)}
    for col in job.tab.columns:
        if col.key not in typed:
            typed[col.key] = _typed(job, col, columns.get(col.key, absent), rows, refs)
    out = pd.DataFrame({ROW: rows, **{col.key: typed[col.key] for col in job.tab.columns}})
    if job.tab.id_required and "id" in job.positions:
        for row in out.loc[out["id"].isna(), ROW]:
            job.problem(int(row), job.tab.column("id"), "", "missing_id")
    for col in job.tab.columns:
        if col.required and col.key in columns:
            for row in rows[columns[col.key].blank]:
                job.problem(int(row), col, "", "missing_required")
    return out


def _first_of_each_id(job: _TabParse, ids: pd.Series, rows: np.ndarray) -> np.ndarray:
    """The rows to keep: a later row with an id seen before (trimmed, in any case) is a repeat, a
    retried append or a copied row, and counts once; it is reported naming both cells."""
    folded = ids.str.lower()
    repeat = (ids.notna() & folded.duplicated(keep="first")).to_numpy()
    if repeat.any():
        first_row = pd.Series(rows).groupby(folded).first()
        for row, value, key in zip(rows[repeat].tolist(), ids[repeat], folded[repeat]):
            job.problem(row, job.tab.column("id"), value, "duplicate_id",
                        first=a1(job.tab, int(first_row[key]), job.positions["id"]))
    return ~repeat


def _typed(job: _TabParse, col: Column, raw: _Distinct, rows: np.ndarray,
           refs: dict[str, dict[str, str]]) -> pd.Series:
    kind = col.kind
    if kind is Kind.DATE:
        return _parse_column(job, raw, rows, parse_date, col, "datetime64[ns]")
    if kind is Kind.INT and col.bounds:
        low, high = col.bounds
        return _parse_column(job, raw, rows, functools.partial(parse_answer, low=low, high=high), col, "Int64",
                             low=low, high=high)
    if kind is Kind.INT:
        return _parse_column(job, raw, rows, parse_count, col, "Int64")
    if kind is Kind.BOOL:
        return _parse_column(job, raw, rows, parse_bool, col, "boolean")
    if kind is Kind.TARGET:
        return _parse_column(job, raw, rows, parse_target, col, object)
    if kind in (Kind.CATEGORY, Kind.CATEGORIES):
        allowed = schema.categories(col, job.own)
        fn = references.looked_up(references.category_lookup(col, allowed[len(col.categories):]), "unknown_category",
                                  many=kind is Kind.CATEGORIES)
        return _parse_column(job, raw, rows, fn, col, object, allowed=", ".join(allowed))
    if kind in (Kind.REF, Kind.REFS) and col.ref == job.tab.key:  # a goal's main goal: found once the tab is read
        return _parse_column(job, raw, rows, _text, col, object)
    if kind in (Kind.REF, Kind.REFS):
        fn = references.looked_up(refs.get(col.ref, {}), "unknown_ref", many=kind is Kind.REFS)
        return _parse_column(job, raw, rows, fn, col, object, target=schema.tab(col.ref).title)
    return _parse_column(job, raw, rows, _text, col, "str")


def _text(value: Any) -> Parsed:
    """An id or a free text: the text as typed, trimmed."""
    return raw_text(value), None


# The centre's own lists and the referenced tabs first, so categories and references resolve against them.
PARSE_ORDER = ("lists", "networks", "members", "initiatives", "goals", "events", "activities", "followups", "evaluations")


@contextlib.contextmanager
def gc_paused():
    """Python's cycle collector off while a big grid is read and parsed.

    Reading and parsing allocate millions of objects and free them again without making a
    cycle, yet every few thousand allocations the collector would walk all the live ones, the
    whole grid among them: at 100 times the demo's volume that was 40 % of the parse."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class GridSource(Protocol):
    description: str
    locale: str

    def read_grids(self) -> dict[str, list[list[Any]] | None]: ...


def read_snapshot(store: GridSource) -> Snapshot:
    """Read every tab of a store at once and parse it, with the collector paused for both."""
    return parse_read(store, read_grids(store))


def read_grids(store: GridSource) -> dict[str, list[list[Any]] | None]:
    """Every tab of a store as it answers, with the collector paused for the answer's decoding."""
    with gc_paused():
        return store.read_grids()


def parse_read(store: GridSource, grids: dict[str, list[list[Any]] | None]) -> Snapshot:
    """The grids a store answered with, parsed into its snapshot (its description and locale)."""
    return parse_grids(grids, source=store.description, locale=store.locale)


def parse_grids(grids: dict[str, list[list[Any]] | None], *, source: str = "",
                read_at: dt.datetime | None = None, locale: str = "") -> Snapshot:
    """Parse every tab's grid (None for a tab missing from the spreadsheet) into a Snapshot."""
    with gc_paused():
        return _parse_grids(grids, source, read_at, locale)


def _parse_grids(grids: dict[str, list[list[Any]] | None], source: str, read_at: dt.datetime | None,
                 locale: str) -> Snapshot:
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    headers: dict[str, list[str]] = {}
    refs: dict[str, dict[str, str]] = {}
    jobs: dict[str, _TabParse] = {}
    own: dict[str, tuple[str, ...]] = {}  # the centre's own lists, once Egne lister (parsed first) is read
    for key in PARSE_ORDER:
        tab = schema.tab(key)
        grid = grids.get(key)
        if grid is None:
            if not tab.optional:
                problems.append(Problem(key, 0, "", tab.title, "", "missing_tab", (("tab", tab.title),)))
            grid = [tab.headers]
        job = jobs[key] = _TabParse(tab, grid, problems, own=own)
        frame = _parse_tab(job, refs)
        headers[key] = [raw_text(v) if not is_blank(v) else "" for v in (grid[job.header_row - 1] if grid else [])]
        if key == "events":
            _check_age_bands(job, frame)
        if key == "activities":
            frame["count"] = frame["count"].fillna(1)
        if key == "goals":
            _check_goals(job, frame)
        if key in ("goals", "networks", "initiatives"):
            _check_span(job, frame)
        frames[key] = frame
        if key == "lists":
            own = references.own_lists(frame)
        if key in ("networks", "members", "initiatives", "goals") or (key == "events" and grids.get("evaluations")):
            refs[key] = references.reference_lookup(frame, tab)  # the events' ids only when answers refer to them
    _check_periods(frames, jobs)
    _check_spellings(frames, jobs, own)
    problems.sort(key=lambda p: (PARSE_ORDER.index(p.tab), p.row, p.cell))
    return Snapshot(frames={k: frames[k] for k in schema.TABS_BY_KEY}, problems=problems,
                    read_at=read_at or dt.datetime.now().astimezone(), source=source, headers=headers, locale=locale)


def _check_span(job: _TabParse, frame: pd.DataFrame) -> None:
    """A goal's, network's or initiative's Slut before its Start is a problem in the Slut cell
    (a goal is then not judged; a group is judged from its Start on, as if it had no Slut)."""
    late = frame["start"].notna() & frame["end"].notna() & (frame["end"] < frame["start"])
    for row, start, end in frame.loc[late, [ROW, "start", "end"]].itertuples(index=False):
        job.problem(int(row), job.tab.column("end"), end.strftime("%d-%m-%Y"), "end_before_start",
                    start=start.strftime("%d-%m-%Y"))


def _check_spellings(frames: dict[str, pd.DataFrame], jobs: dict[str, _TabParse],
                     own: dict[str, tuple[str, ...]]) -> None:
    """Spellings of one local area or organisation that differ only in case, spacing or a word:
    each at its first cell in a column, named against the spelling used most, with that one's cell."""
    for found in variants.variants(frames, own):
        job, other = jobs[found.place.tab], jobs[found.other_place.tab]
        there = a1(other.tab, found.other_place.row, other.positions[found.other_place.column])
        job.problem(found.place.row, job.tab.column(found.place.column), found.value, found.code, other=found.other,
                    other_cell=there, count=found.place.count)


def _check_periods(frames: dict[str, pd.DataFrame], jobs: dict[str, _TabParse]) -> None:
    """Log rows dated outside every goal's period count toward no goal: worth a look (a typo in
    the year, most often)."""
    goals = frames["goals"]
    if goals["start"].isna().all() or goals["end"].isna().all():
        return
    first, last = goals["start"].min(), goals["end"].max()
    for key in ("events", "activities"):
        frame, job = frames[key], jobs[key]
        outside = frame["date"].notna() & ((frame["date"] < first) | (frame["date"] > last))
        for row, day in frame.loc[outside, [ROW, "date"]].itertuples(index=False):
            job.problem(int(row), job.tab.column("date"), day.strftime("%d-%m-%Y"), "outside_period",
                        first=first.strftime("%d-%m-%Y"), last=last.strftime("%d-%m-%Y"))


def _check_goals(job: _TabParse, frame: pd.DataFrame) -> None:
    """What a goal asks must be countable: its filters and its group must apply to what it
    counts (never silently ignored), and a main goal it names (by its ID or its text) must exist:
    it is read as that goal's ID, so its sub-goals are found by it."""
    lookup = references.reference_lookup(frame, job.tab)
    mains = []
    for row, ident, typed in zip(frame[ROW].tolist(), frame["id"].tolist(), frame["main"].tolist()):
        main = lookup.get(schema.normalise(typed)) if isinstance(typed, str) else None
        if isinstance(typed, str) and main in (None, ident):  # not found, or the goal itself
            job.problem(row, job.tab.column("main"), typed, "unknown_main")
            main = typed
        mains.append(main)
    frame["main"] = pd.Series(mains, index=frame.index, dtype=object)
    for row, goal in zip(frame[ROW].tolist(), frame.itertuples(index=False)):
        if isinstance(goal.deadline, str) and counting.parse_deadline(goal.deadline) is None:
            job.problem(row, job.tab.column("deadline"), goal.deadline, "bad_deadline")
        kind = counting.COUNTS.get(goal.count) if isinstance(goal.count, str) else None
        present = counting.filters_of(goal)
        if kind is None:
            continue
        for key in sorted(present - kind.filters):
            col = job.tab.column(key)
            job.problem(row, col, getattr(goal, key), "filter_not_applicable", count=kind.name, column=col.header)
        if isinstance(goal.per_group, str) and goal.per_group not in kind.groups:
            job.problem(row, job.tab.column("per_group"), goal.per_group, "group_not_applicable", count=kind.name,
                        groups=", ".join(kind.groups))
        if isinstance(goal.target, counting.Target) and (goal.target.unit == counting.PERCENT) != bool(kind.share):
            # a share is judged in percent, a count in numbers: never one read as the other
            col = job.tab.column("target")
            line, at = job.grid[row - 1] if 0 < row <= len(job.grid) else [], job.positions.get("target")
            typed = line[at] if at is not None and at < len(line) and isinstance(line[at], str) else (
                goal.target.number if goal.target.number is not None else goal.target.text())
            job.problem(row, col, typed, "target_not_count" if kind.share is None else "target_not_share",
                        count=kind.name)


def _check_age_bands(job: _TabParse, frame: pd.DataFrame) -> None:
    """Bands above the total are a problem; a missing total is the bands' sum."""
    bands = frame[list(schema.AGE_KEYS)]
    band_sum = bands.sum(axis=1, min_count=1)
    total = frame["participants"]
    over = total.notna() & band_sum.notna() & (band_sum > total)
    for idx in frame.index[over]:
        job.problem(int(frame.at[idx, ROW]), job.tab.column("participants"), int(total[idx]),
                    "age_bands_exceed_total", bands=int(band_sum[idx]))
    frame["participants"] = total.fillna(band_sum).astype("Int64")


def parse_added(tab_key: str, grid: list[list[Any]], frames: dict[str, pd.DataFrame]) -> tuple[pd.DataFrame, list[Problem]]:
    """Rows just added to a tab (``grid``: its header row, then the rows), parsed by the rules of a
    whole read, against the other tabs as ``frames`` hold them (references, the goals' periods).
    Row numbers are the grid's own (the header is row 1). For a tab no other tab refers to."""
    tab = schema.tab(tab_key)
    problems: list[Problem] = []
    referred = ("networks", "members", "initiatives", "goals", *(("events",) if tab_key == "evaluations" else ()))
    refs = {key: references.reference_lookup(frames[key], schema.tab(key)) for key in referred}
    job = _TabParse(tab, grid, problems, own=references.own_lists(frames.get("lists")))
    with gc_paused():
        frame = _parse_tab(job, refs)
    if tab_key == "events":
        _check_age_bands(job, frame)
    if tab_key == "activities":
        frame["count"] = frame["count"].fillna(1)
    if tab_key in ("events", "activities"):
        others = {"events": frames["events"].iloc[:0], "activities": frames["activities"].iloc[:0]}
        _check_periods({**others, "goals": frames["goals"], tab_key: frame},
                       {key: job if key == tab_key else _TabParse(schema.tab(key), [], []) for key in others})
    return frame, problems
