"""The participants' evaluations: which questions an event asks, and how the loneliness scale
is scored. Pure functions over the snapshot's frames; the public page asks, the reach page, the
reports and the goals read the answers (the Evalueringer tab).

The loneliness scale is the Three-Item Loneliness Scale (T-ILS) as Den Nationale Sundhedsprofil
asks it (see the README for the source): three items, each answered "Næsten aldrig eller
aldrig" (1), "En gang imellem" (2) or "Ofte" (3); the score is their sum, 3-9, and 7 or more
counts as signs of severe loneliness. A score is given only when all three items are answered.
"""

from __future__ import annotations

import base64
import collections
import datetime as dt
import hashlib
import hmac
import ipaddress
import threading
import time
import urllib.parse
from typing import Container, Iterable, NamedTuple

import pandas as pd

from fcdash import schema

TILS_ANSWERS = (1, 2, 3)  # næsten aldrig eller aldrig, en gang imellem, ofte
SEVERE = 7  # a score of 7-9: signs of severe loneliness
SCORES = tuple(range(3, 10))


def tils_score(answers: pd.DataFrame) -> pd.Series:
    """Each answer's loneliness score (3-9), or <NA> where an item is missing or off the scale."""
    items = answers[list(schema.TILS_KEYS)].astype("Int64")
    valid = items.isin(TILS_ANSWERS).fillna(False).all(axis=1)
    return items.sum(axis=1, min_count=len(schema.TILS_KEYS)).astype("Int64").where(valid, pd.NA)


def severe(scores: pd.Series) -> pd.Series:
    """Whether each score shows signs of severe loneliness (<NA> where there is no score)."""
    return (scores >= SEVERE).astype("boolean")


def questions(event_id: str, events: pd.DataFrame, initiatives: pd.DataFrame) -> tuple[str, ...]:
    """The questions the event's evaluation asks, in the order of ``schema.QUESTIONS``: those its
    initiatives chose in the sheet, else the built-in ones, with the loneliness scale for an event
    of a loneliness initiative. Never more than ``schema.MAX_QUESTIONS`` besides the comment."""
    row = events.loc[events["id"] == event_id]
    ids = row["initiatives"].iloc[0] if len(row) and isinstance(row["initiatives"].iloc[0], tuple) else ()
    mine = initiatives.loc[initiatives["id"].isin(ids)]
    chosen = {q for qs in mine.get("questions", pd.Series(dtype=object)) if isinstance(qs, tuple) for q in qs}
    if not chosen:
        chosen = set(schema.DEFAULT_QUESTIONS)
        if (mine["focus"] == schema.FOCUS_LONELINESS).any():
            chosen.add(schema.Q_LONELINESS)
    asked = [q for q in schema.QUESTIONS if q in chosen and q != schema.Q_COMMENT][:schema.MAX_QUESTIONS]
    return tuple(asked + ([schema.Q_COMMENT] if schema.Q_COMMENT in chosen else []))


# --- what a goal can take a share of (the share kinds in fcdash.counting) ------------------------

SATISFIED = 4  # 4 or 5 on the 1-5 scale: satisfied
MIN_ANSWERS = 5  # no share is shown or judged from fewer answers: the privacy of small groups, and too few to judge


def _met(answers: pd.DataFrame) -> pd.Series:
    return answers["met"].astype("boolean")


def _satisfied(answers: pd.DataFrame) -> pd.Series:
    return (answers["satisfaction"].astype("Int64") >= SATISFIED).astype("boolean")


def _not_lonely(answers: pd.DataFrame) -> pd.Series:
    return ~severe(tils_score(answers))


# Each outcome says yes or no for every answer, and <NA> where the question was not answered (an
# event that did not ask it): the share is taken of the answers that answered it.
OUTCOMES = {"met": _met, "satisfied": _satisfied, "not_lonely": _not_lonely}


# --- the link on the table: a signed token per event ----------------------------------------------
# A token is the event's id (base64url), the last day it is valid (days since EPOCH) and an
# HMAC-SHA256 signature of both cut to 128 bits, under a key of the evaluations' own (not the
# sign-in key, so a new passcode leaves printed QR codes valid): short enough for a small QR code,
# and neither guessed nor altered without the key.

TOKEN_DAYS = 14  # a link is valid this many days after its event, by default
EPOCH = dt.date(2020, 1, 1)
SIGNATURE_BYTES = 16  # 128 bits
QUERY = "svar"  # the link's query parameter: ?svar=<token>
ALTERED, EXPIRED, UNKNOWN = "altered", "expired", "unknown"


class Verdict(NamedTuple):
    """A token's check: the event it opens, or why not (ALTERED, EXPIRED or UNKNOWN)."""
    event: str | None
    reason: str | None = None


def token_key(secret: bytes) -> bytes:
    """The key evaluation links are signed with, derived from the server's secret for them."""
    return hmac.new(secret, b"fcdash evaluation link\0", hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES])


def valid_until(event_date: dt.date, days: int = TOKEN_DAYS) -> dt.date:
    return event_date + dt.timedelta(days=days)


def make_token(event_id: str, event_date: dt.date, key: bytes, days: int = TOKEN_DAYS) -> str:
    """The token for ``event_id``'s link, valid through ``days`` days after ``event_date``."""
    payload = f"{_b64(event_id.encode())}.{(valid_until(event_date, days) - EPOCH).days}"
    return f"{payload}.{_sign(key, payload)}"


def check_token(token: str | None, key: bytes, today: dt.date, known: Container[str] | None = None) -> Verdict:
    """The event ``token`` opens, if it was signed with ``key``, is valid ``today`` and names an
    event in ``known`` (when given); else why not."""
    try:
        event, day, signature = (token or "").strip().split(".")
        last_day = EPOCH + dt.timedelta(days=int(day))
        event_id = _unb64(event).decode()
    except (ValueError, OverflowError, UnicodeDecodeError):
        return Verdict(None, ALTERED)
    if not hmac.compare_digest(signature.encode(), _sign(key, f"{event}.{day}").encode()):
        return Verdict(None, ALTERED)
    if today > last_day:
        return Verdict(None, EXPIRED)
    if known is not None and event_id not in known:
        return Verdict(None, UNKNOWN)
    return Verdict(event_id)


def link(base_url: str, token: str) -> str:
    """The participant's link: the dashboard's public address with ``?svar=<token>``."""
    return f"{base_url.rstrip('/')}/?{QUERY}={token}"


# Names that only this machine or a local network resolves, never a place on the internet:
# localhost's own (RFC 6761), mDNS (.local), home routers' (.lan, .home.arpa) and internal ones.
NEARBY_SUFFIXES = (".localhost", ".local", ".lan", ".home.arpa", ".internal")


def only_nearby(address: str) -> bool:
    """Whether ``address`` (a URL) opens only on this machine or its local network, never on a
    phone elsewhere (a participant's, on mobile data): localhost, a loopback, private, link-local
    or unspecified IP address (127.x, 10.x, 172.16-31.x, 192.168.x, 169.254.x, 0.0.0.0, ::1,
    fc00::/7, fe80::/10 and every other range not routed on the internet), a name ending in
    .local and the like, or a bare host name without a dot. An address with no host counts too."""
    try:
        host = (urllib.parse.urlsplit(address.strip()).hostname or "").rstrip(".")
    except ValueError:  # an unreadable address (a broken IPv6 literal) opens nowhere
        return True
    if not host:
        return True
    try:
        ip = ipaddress.ip_address(host.split("%")[0])  # without an IPv6 address's zone (%eth0)
    except ValueError:
        return host == "localhost" or "." not in host or host.endswith(NEARBY_SUFFIXES)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    return not ip.is_global


def needs_public_url(public_url: str | None, browser_address: str) -> bool:
    """Whether the QR codes' links lead nowhere for the participants' phones: no public address is
    configured (one that is, even a local network's, is the centre's choice), and the browser
    reached the dashboard at an address only nearby can open."""
    return not public_url and only_nearby(browser_address)


# --- one answer: its row, its id, and the bounds on how many -------------------------------------

def answer_id(event_id: str, browser: str, key: bytes) -> str:
    """The answer's row id, the same for every answer from one browser to one event (so a reload,
    a double tap or a second answer writes one row), and not traceable to the browser's cookie."""
    digest = hmac.new(key, f"answer\0{event_id}\0{browser}".encode(), hashlib.sha256).hexdigest()
    return f"{schema.EVALUATIONS.id_prefix}-{digest[:12].upper()}"


def answer_row(event_id: str, today: dt.date, answers: dict, asked: tuple[str, ...]) -> dict:
    """The Evalueringer row's values for ``answers`` (column key → value), only those the event
    asked; the comment as plain text (the outbox and the stores keep it from being a formula)."""
    keys = {schema.Q_SATISFACTION: ("satisfaction",), schema.Q_MET: ("met",), schema.Q_LONELINESS: schema.TILS_KEYS,
            schema.Q_AGE: ("age_band",), schema.Q_COMMENT: ("comment",)}
    wanted = {k for q in asked for k in keys[q]}
    return {"event": event_id, "date": today, **{k: v for k, v in answers.items() if k in wanted}}


def cap(participants, multiple: float, empty: int = 100) -> int:
    """How many answers an event takes: ``multiple`` times its participants, or ``empty`` while
    the number of participants is not entered. Never below one answer (a small multiple of a
    small event), never above the multiple (4.5 takes 4)."""
    try:
        count = int(participants)
    except (TypeError, ValueError, OverflowError):
        return empty
    return empty if count <= 0 else max(1, int(count * multiple))


def answers_so_far(event_id: str, evaluations: pd.DataFrame, waiting: Iterable) -> set[str]:
    """The ids of the event's answers: those in the sheet and those the outbox still holds."""
    ids = set(evaluations.loc[evaluations["event"] == event_id, "id"].dropna())
    return ids | {e.row_id for e in waiting if e.tab == "evaluations" and e.op == "append"
                  and e.row.get("event") == event_id}


class RateLimit:
    """At most ``limit`` events per ``window`` seconds for each key (a sliding window), for every
    thread of the server."""

    def __init__(self, limit: int, window: float):
        self.limit, self.window = limit, window
        self._lock = threading.Lock()
        self._seen: dict[str, collections.deque] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        """Whether one more is allowed now; counts it when it is."""
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen.setdefault(key, collections.deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True

    def undo(self, key: str) -> None:
        """Take back the last one counted (it was not used after all)."""
        with self._lock:
            if self._seen.get(key):
                self._seen[key].pop()


def recent_events(events: pd.DataFrame, today: dt.date, days: int = 30) -> tuple[pd.DataFrame, int]:
    """The events of the last ``days`` days and the coming week that can have a link (an id and a
    date), newest first; and how many events of those days have no id (they get no QR code)."""
    dates = pd.to_datetime(events["date"], errors="coerce")
    near = events.loc[dates.between(pd.Timestamp(today - dt.timedelta(days=days)),
                                    pd.Timestamp(today + dt.timedelta(days=7)))]
    has_id = near["id"].notna() & (near["id"].astype("string").str.strip() != "")
    return near.loc[has_id].sort_values("date", ascending=False, kind="stable"), int((~has_id).sum())
