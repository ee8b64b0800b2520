"""The participant's evaluation, reached only through an event's signed link (``?svar=<token>``):
the link's key and address, this browser's id, the bounds on answers, and saving an answer
through the outbox like any entry. The editors' side (the QR code on the entry page) makes links
with the same key."""

from __future__ import annotations

import json
import re
import secrets
import urllib.parse

import streamlit as st

from fcdash import auth, entries, evaluation, i18n
from fcdash.config import Config
from fcdash.errors import ConfigError, StoreError
from fcdash.snapshot import Snapshot
from fcdash.ui import sender
from fcdash.ui.data import cache_for
from fcdash.ui.session import config, t, today

COOKIE = "fcdash_svar"  # this browser's random id, so one browser answers an event once; nothing else
BROWSER = "_fcdash_browser"  # the id in this session (the cookie comes with the next connection)
COOKIE_DAYS = 400  # as long as a browser keeps a cookie
WINDOW = 60.0  # seconds: the rate limits count answers a minute
REFUSED = {evaluation.ALTERED: "evaluate.altered", evaluation.EXPIRED: "evaluate.expired",
           evaluation.UNKNOWN: "evaluate.unknown"}


def link_key(cfg: Config) -> bytes:
    """The key the links are signed with: the configured secret, else a file of its own beside the
    outbox (never the sign-in key, so a new passcode leaves printed QR codes valid)."""
    secret = cfg.evaluation_secret.encode() if cfg.evaluation_secret else auth.server_secret(
        cfg.outbox.parent / "evaluering-noegle")
    return evaluation.token_key(secret)


def base_url(cfg: Config) -> str:
    """The dashboard's public address: the configured one, else where this browser reached it."""
    if cfg.public_url:
        return cfg.public_url
    parts = urllib.parse.urlsplit(st.context.url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "http://localhost:8501"


def warn_if_only_nearby(cfg: Config) -> bool:
    """Beside the QR code, where no public address is set and this browser reached the dashboard
    at one only this machine or its network can open: a warning that phones elsewhere cannot open
    the link, and how to set the address. Whether it warned (the printed sheet then says so too)."""
    address = base_url(cfg)
    nearby = evaluation.needs_public_url(cfg.public_url, address)
    if nearby:
        st.warning(t("evaluate.qr.nearby", address=address), icon=":material/wifi_off:")
    return nearby


def language_from_link() -> None:
    """``?lang=en`` opens the page in English, else Danish; the switch on the page changes it after
    (and shows which is chosen: a switch with no value shows neither)."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang")
        st.session_state["lang"] = wanted if wanted in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def browser_id() -> str:
    """This browser's random id: its cookie, else one made now and set as its cookie (once)."""
    cookie = st.context.cookies.get(COOKIE)
    if not (isinstance(cookie, str) and re.fullmatch(r"[A-Za-z0-9_-]{8,64}", cookie)):
        cookie = None  # none, or not one this page made
    known = st.session_state.get(BROWSER) or cookie
    if known:
        st.session_state[BROWSER] = known
        return known
    made = st.session_state[BROWSER] = secrets.token_urlsafe(16)
    st.html(f"""<script>
document.cookie = {json.dumps(COOKIE)} + "=" + {json.dumps(made)}
  + "; Path=/; Max-Age={COOKIE_DAYS * 86400}; SameSite=Lax"
  + (location.protocol === "https:" ? "; Secure" : "");
document.currentScript && document.currentScript.remove();
</script>""", unsafe_allow_javascript=True)
    return made


def open_link() -> tuple[str, Snapshot]:
    """The event the link opens and the snapshot; a plain message and the page stops when the
    link is refused or the sheet cannot be read."""
    cfg = config()
    token = st.query_params.get(evaluation.QUERY, "")
    verdict = evaluation.check_token(token, link_key(cfg), today())
    if verdict.event is None:
        refuse(REFUSED[verdict.reason])
    try:
        snap = cache_for(cfg).get()
    except (StoreError, ConfigError):
        refuse("evaluate.unavailable")
    if verdict.event not in set(snap["events"]["id"].dropna()):
        refuse(REFUSED[evaluation.UNKNOWN])
    return verdict.event, snap


def refuse(key: str) -> None:
    st.error(t(key), icon=":material/block:")
    st.stop()


@st.cache_resource(show_spinner=False)
def _limits(per_event: int, per_server: int) -> tuple[evaluation.RateLimit, evaluation.RateLimit]:
    """The server's rate limits, shared by every session (in memory)."""
    return evaluation.RateLimit(per_event, WINDOW), evaluation.RateLimit(per_server, WINDOW)


def answer_id(event_id: str) -> str:
    return evaluation.answer_id(event_id, browser_id(), link_key(config()))


def answered(event_id: str, snap: Snapshot) -> bool:
    """Whether this browser has answered the event: in the sheet, or waiting in the outbox."""
    return answer_id(event_id) in evaluation.answers_so_far(event_id, snap["evaluations"], sender.outbox().entries())


def submit(event_id: str, asked: tuple[str, ...], answers: dict) -> str:
    """Save one answer, or say why not: "saved", "already", "full", "busy", "empty" or "unknown". Nothing is
    written for a refused answer. Counted against the shared snapshot as it is now (another tab of
    this browser may have answered since this one was drawn) and the outbox."""
    if not any(v not in (None, "") for v in answers.values()):
        return "empty"
    cfg, row_id = config(), answer_id(event_id)
    try:
        snap = cache_for(cfg).get()
    except (StoreError, ConfigError):
        return "busy"
    so_far = evaluation.answers_so_far(event_id, snap["evaluations"], sender.outbox().entries())
    if row_id in so_far:
        return "already"
    events = snap["events"]
    participants = events.loc[events["id"] == event_id, "participants"]
    if participants.empty:  # the event was deleted from the sheet since the page was drawn
        return "unknown"
    if len(so_far) >= evaluation.cap(participants.iloc[0], cfg.evaluation_cap):
        return "full"
    per_event, per_server = _limits(cfg.evaluation_rate_event, cfg.evaluation_rate_server)
    if not per_event.allow(event_id):
        return "busy"
    if not per_server.allow("server"):
        per_event.undo(event_id)
        return "busy"
    row = entries.row("evaluations", evaluation.answer_row(event_id, today(), answers, asked), row_id)
    return "already" if sender.keep("append", "evaluations", row, row_id) == "seen" else "saved"
