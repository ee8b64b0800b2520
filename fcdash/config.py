"""Configuration from Streamlit's secrets and the environment.

No configuration means the embedded demo workbook (made on first use); FCDASH_WORKBOOK names a
centre's own workbook, which is never made or filled with demo data. A spreadsheet in
``[connections.gsheets]`` (or FCDASH_SPREADSHEET) means Google Sheets.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo
from typing import Any, Mapping

from fcdash.errors import ConfigError

DEFAULT_WORKBOOK = Path("data") / "frivilligcenter.xlsx"
TIME_ZONE = "Europe/Copenhagen"  # the centre's clock: today, and every time shown
DEFAULT_CACHE_TTL = 300  # seconds a snapshot is shared by every session before it is read again
DEFAULT_REMEMBER_DAYS = 30  # days a device stays signed in after the passcode
DEFAULT_EVALUATION_DAYS = 14  # days an evaluation link is valid after its event
DEFAULT_EVALUATION_CAP = 2.0  # answers an event takes: this multiple of its participants (100 while none are entered)
DEFAULT_EVALUATION_RATE_EVENT = 30  # answers a minute to one event
DEFAULT_EVALUATION_RATE_SERVER = 120  # answers a minute to the whole server
GOOGLE_SHEETS_API = "https://sheets.googleapis.com"
MAIL_SECURITY = {"starttls": 587, "ssl": 465, "none": 25}  # how the mail server is spoken to: its usual port
SERVICE_ACCOUNT_FIELDS = ("type", "project_id", "private_key_id", "private_key", "client_email", "client_id",
                          "auth_uri", "token_uri", "auth_provider_x509_cert_url", "client_x509_cert_url",
                          "universe_domain")


@dataclass(frozen=True)
class MailSettings:
    """How a report is sent to the board: ``[report_mail]`` in secrets.toml."""

    host: str
    port: int
    security: str  # a key of MAIL_SECURITY
    sender: str
    board: tuple[str, ...]  # the board's addresses: personal data, shown only to editors
    user: str | None = None
    password: str | None = field(default=None, repr=False)  # never printed or logged


@dataclass(frozen=True)
class Config:
    backend: str  # a name in fcdash.store.BACKENDS
    workbook: Path = DEFAULT_WORKBOOK
    demo: bool = False  # the default workbook, made with demo data on first use (no FCDASH_WORKBOOK)
    cache_ttl: int = DEFAULT_CACHE_TTL
    spreadsheet: str | None = None  # the Google spreadsheet's key
    api_url: str = GOOGLE_SHEETS_API
    # The service account's JSON, kept out of repr so it is never printed or logged.
    service_account: str | None = field(default=None, repr=False)
    oidc: bool = False  # an [auth] section: editors sign in with OpenID Connect (st.login)
    editors: tuple[str, ...] = ()  # e-mails allowed to edit after OpenID Connect sign-in
    passcode_hash: str | None = field(default=None, repr=False)
    remember_days: int = DEFAULT_REMEMBER_DAYS  # 0: the passcode again in every new browser session
    outbox: Path = Path("data") / "outbox"
    centre_name: str = "Frivilligcenteret"
    short_name: str = "Frivilligcenteret"
    logo: Path | None = None  # a PNG or JPEG shown in the sidebar and on the report
    strategy_start: dt.date | None = None  # the default start of the pages' period filter
    # The participants' evaluations: the dashboard's address in the QR codes' links, the key the
    # links are signed with (else a file beside the outbox), how long a link is valid after its
    # event, how many answers an event takes (a multiple of its participants) and how many a
    # minute (per event, per server).
    public_url: str | None = None
    evaluation_secret: str | None = field(default=None, repr=False)
    evaluation_days: int = DEFAULT_EVALUATION_DAYS
    evaluation_cap: float = DEFAULT_EVALUATION_CAP
    evaluation_rate_event: int = DEFAULT_EVALUATION_RATE_EVENT
    evaluation_rate_server: int = DEFAULT_EVALUATION_RATE_SERVER
    mail: MailSettings | None = None  # None: sending reports by e-mail is not set up

    @property
    def emulated(self) -> bool:
        return self.api_url.rstrip("/") != GOOGLE_SHEETS_API


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """Today in the centre's time zone, or FCDASH_TODAY (ISO date) to show another day."""
    fixed = (os.environ if environ is None else environ).get("FCDASH_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(ZoneInfo(TIME_ZONE)).date()


def spreadsheet_key(value: str) -> str:
    """The key from a spreadsheet URL, or the value itself when it is a key already."""
    m = re.search(r"/spreadsheets/d/([A-Za-z0-9_-]+)", value)
    return m[1] if m else value.strip()


def load_config(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The configuration from ``secrets`` (st.secrets as a dict) and ``environ`` (os.environ)."""
    secrets = secrets or {}
    environ = os.environ if environ is None else environ
    section = dict(secrets.get("connections", {}).get("gsheets", {}))
    try:
        cache_ttl = int(environ.get("FCDASH_CACHE_TTL") or secrets.get("fcdash", {}).get("cache_ttl", DEFAULT_CACHE_TTL))
    except ValueError as ex:
        raise ConfigError(f"FCDASH_CACHE_TTL skal være et helt antal sekunder ({ex})") from None
    if cache_ttl < 0:
        raise ConfigError("FCDASH_CACHE_TTL kan ikke være negativ")
    workbook = Path(environ.get("FCDASH_WORKBOOK") or DEFAULT_WORKBOOK)
    common = {"workbook": workbook, "cache_ttl": cache_ttl, **_sign_in(secrets, environ), **_identity(secrets, environ),
              **_evaluation(secrets, environ), "mail": _mail(secrets),
              "outbox": Path(environ.get("FCDASH_OUTBOX") or workbook.parent / "outbox")}
    spreadsheet = environ.get("FCDASH_SPREADSHEET") or section.get("spreadsheet")
    if not spreadsheet:
        return Config(backend="workbook", demo="FCDASH_WORKBOOK" not in environ, **common)
    api_url = (environ.get("FCDASH_SHEETS_API_URL") or GOOGLE_SHEETS_API).rstrip("/")
    account = {k: section[k] for k in SERVICE_ACCOUNT_FIELDS if k in section}
    credentials_file = environ.get("GOOGLE_APPLICATION_CREDENTIALS")
    if not account and credentials_file:
        try:
            account = json.loads(Path(credentials_file).read_text())
        except (OSError, ValueError) as ex:
            raise ConfigError(f"GOOGLE_APPLICATION_CREDENTIALS ({credentials_file}) kan ikke læses: "
                              f"{type(ex).__name__}") from None
    if account and not {"private_key", "client_email"} <= account.keys():
        raise ConfigError("servicekontoen mangler 'private_key' eller 'client_email'")
    if not account and api_url == GOOGLE_SHEETS_API:
        raise ConfigError("der er angivet et Google-regneark, men ingen servicekonto: udfyld "
                          "[connections.gsheets] i .streamlit/secrets.toml eller sæt GOOGLE_APPLICATION_CREDENTIALS")
    return Config(backend="gsheets", spreadsheet=spreadsheet_key(spreadsheet), api_url=api_url,
                  service_account=json.dumps(account) if account else None, **common)


def _identity(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """The centre's own name, short name, logo and strategy start, checked."""
    fcdash = secrets.get("fcdash", {})

    def setting(name: str) -> str | None:
        value = environ.get(f"FCDASH_{name.upper()}") or fcdash.get(name)
        return str(value).strip() if value not in (None, "") else None

    name = setting("centre_name") or "Frivilligcenteret"
    short = setting("short_name") or name
    if len(short) > 40:
        raise ConfigError(f"short_name må højst have 40 tegn (har {len(short)})")
    logo = setting("logo")
    if logo:
        logo_path = Path(logo)
        if logo_path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
            raise ConfigError(f"logo skal være en PNG- eller JPEG-fil: {logo}")
        if not logo_path.is_file():
            raise ConfigError(f"logoet findes ikke: {logo}")
    start = setting("strategy_start")
    try:
        strategy_start = dt.date.fromisoformat(start) if start else None
    except ValueError:
        raise ConfigError(f"strategy_start skal være en dato som 2025-01-01, ikke '{start}'") from None
    return {"centre_name": name, "short_name": short, "logo": Path(logo) if logo else None,
            "strategy_start": strategy_start}


def _sign_in(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """Who may edit: OpenID Connect with an allow-list where [auth] is set, else a passcode hash."""
    fcdash = secrets.get("fcdash", {})
    editors = environ.get("FCDASH_EDITORS") or fcdash.get("editors", ())
    if isinstance(editors, str):
        editors = editors.split(",")
    passcode_hash = environ.get("FCDASH_EDITOR_PASSCODE_HASH") or fcdash.get("editor_passcode_hash")
    if passcode_hash and not str(passcode_hash).startswith("pbkdf2_sha256$"):
        raise ConfigError("editor_passcode_hash skal laves med: python -m fcdash hash-passcode")
    try:
        remember_days = int(environ.get("FCDASH_REMEMBER_DAYS") or fcdash.get("remember_days", DEFAULT_REMEMBER_DAYS))
    except ValueError as ex:
        raise ConfigError(f"FCDASH_REMEMBER_DAYS skal være et helt antal dage ({ex})") from None
    if not 0 <= remember_days <= 400:  # browsers keep a cookie at most 400 days
        raise ConfigError("FCDASH_REMEMBER_DAYS skal være mellem 0 og 400 dage")
    oidc = bool(secrets.get("auth", {}).get("client_id") or any(
        isinstance(v, dict) and v.get("client_id") for v in secrets.get("auth", {}).values()))
    if oidc and not editors:
        raise ConfigError("[auth] er sat op, men [fcdash] editors (de e-mails der må redigere) mangler")
    return {"oidc": oidc, "editors": tuple(e.strip().lower() for e in editors if e.strip()),
            "passcode_hash": passcode_hash, "remember_days": remember_days}


def _evaluation(secrets: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """The evaluations' settings ([fcdash] in secrets.toml or FCDASH_<NAME>), checked."""
    fcdash = secrets.get("fcdash", {})

    def setting(name: str, default, kind, low, high):
        raw = environ.get(f"FCDASH_{name.upper()}") or fcdash.get(name, default)
        try:
            value = kind(raw)
        except (TypeError, ValueError):
            raise ConfigError(f"{name} skal være et tal, ikke '{raw}'") from None
        if not low <= value <= high:
            raise ConfigError(f"{name} skal være mellem {low} og {high}")
        return value

    public_url = (environ.get("FCDASH_PUBLIC_URL") or fcdash.get("public_url") or "").strip()
    if public_url and not re.match(r"https?://[^/\s]+", public_url):
        raise ConfigError(f"public_url skal være en adresse som https://dashboard.eksempel.dk, ikke '{public_url}'")
    secret = environ.get("FCDASH_EVALUATION_SECRET") or fcdash.get("evaluation_secret")
    if secret and len(str(secret)) < 32:
        raise ConfigError("evaluation_secret skal have mindst 32 tegn")
    return {"public_url": public_url.rstrip("/") or None, "evaluation_secret": str(secret) if secret else None,
            "evaluation_days": setting("evaluation_days", DEFAULT_EVALUATION_DAYS, int, 1, 365),
            "evaluation_cap": setting("evaluation_cap", DEFAULT_EVALUATION_CAP, float, 0.1, 100),
            "evaluation_rate_event": setting("evaluation_rate_event", DEFAULT_EVALUATION_RATE_EVENT, int, 1, 10_000),
            "evaluation_rate_server": setting("evaluation_rate_server", DEFAULT_EVALUATION_RATE_SERVER, int, 1,
                                              100_000)}


def _mail(secrets: Mapping[str, Any]) -> MailSettings | None:
    """The mail server and the board's addresses from ``[report_mail]``, checked; None when the
    section is absent or empty. Messages never hold the password."""
    section = {k: v for k, v in dict(secrets.get("report_mail", {})).items() if v not in (None, "", [])}
    if not section:
        return None
    missing = [name for name in ("host", "sender", "board") if name not in section]
    if missing:
        raise ConfigError(f"[report_mail] mangler {', '.join(missing)}")
    security = str(section.get("security", "starttls")).strip().lower()
    if security not in MAIL_SECURITY:
        raise ConfigError(f"[report_mail] security skal være starttls, ssl eller none, ikke '{security}'")
    raw_port = section.get("port", MAIL_SECURITY[security])
    try:
        port = int(raw_port)
    except (TypeError, ValueError):
        raise ConfigError(f"[report_mail] port skal være et helt tal som 587, ikke '{raw_port}'") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"[report_mail] port skal være mellem 1 og 65535, ikke {port}")
    board = section["board"]
    board = [a.strip() for a in (board.split(",") if isinstance(board, str) else board) if str(a).strip()]
    sender = str(section["sender"]).strip()
    for address in (sender, *board):
        if not re.fullmatch(r"[^@\s<>,;]+@[^@\s<>,;]+", str(address)):
            raise ConfigError(f"[report_mail] '{address}' er ikke en e-mailadresse (som navn@eksempel.dk)")
    user, password = section.get("user"), section.get("password")
    if password and not user:
        raise ConfigError("[report_mail] har en password, men ingen user")
    return MailSettings(host=str(section["host"]).strip(), port=port, security=security, sender=sender,
                        board=tuple(str(a) for a in board), user=str(user) if user else None,
                        password=str(password) if password else None)
