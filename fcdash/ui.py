"""The Streamlit side shared by the pages: language, the cached snapshot, errors in Danish.

Pages call these and ``fcdash`` functions; none of them touches a storage library.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import streamlit as st

from fcdash import auth, charts, filters as flt, i18n, metrics, schema
from fcdash.cache import SnapshotCache
from fcdash.config import Config, load_config
from fcdash.errors import ConfigError, RowNotFound, StoreError, StoreForbidden, StoreLocked, StoreNotFound
from fcdash.outbox import FAILED, PENDING, SENT, Outbox, OutboxWorker
from fcdash.parsing import Snapshot
from fcdash.store import Store, open_store

EDITOR = "_fcdash_editor"  # session key set only by a correct passcode; no widget uses it
FAILED_TRIES = "_fcdash_failed_sign_ins"
MAX_TRIES, LOCKOUT_SECONDS = 5, 60
OUTBOX_INTERVAL = 30  # seconds between background tries to send waiting entries


def lang() -> str:
    value = st.session_state.get("lang", i18n.DEFAULT_LANGUAGE)
    return value if value in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE


def t(key: str, **params) -> str:
    return i18n.t(key, lang(), **params)


def fmt_number(value, decimals: int = 0) -> str:
    return i18n.fmt_number(value, lang(), decimals)


def fmt_date(value) -> str:
    return i18n.fmt_date(value, lang())


def today() -> dt.date:
    """Today, or FCDASH_TODAY (ISO date) to show the dashboard as of another day."""
    fixed = os.environ.get("FCDASH_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.date.today()


def _secrets() -> dict:
    try:
        return st.secrets.to_dict()
    except FileNotFoundError:  # no secrets.toml: the embedded workbook
        return {}


def config() -> Config:
    return load_config(_secrets(), os.environ)


@st.cache_resource(show_spinner=False)
def _store(cfg: Config) -> Store:
    return open_store(cfg, today=today())


@st.cache_resource(show_spinner=False)
def _cache(cfg: Config) -> SnapshotCache:
    store = _store(cfg)
    return SnapshotCache(store.read_snapshot, ttl=cfg.cache_ttl, version=store.version,
                         keep=cfg.outbox.parent / "sidste-snapshot.pkl")


def identity() -> Config:
    """The centre's name and logo for the page frame; the defaults while the configuration is
    wrong (the page itself then says what is wrong)."""
    try:
        return config()
    except ConfigError:
        return Config(backend="workbook")


def store() -> Store:
    return _store(config())


def _run_through_navigation() -> None:
    """Run app.py's navigation even when a page is opened by its own link first.

    Streamlit runs the very first script of a fresh server as a 'pages/ folder' app (the old
    multipage mode) when a pages/ folder exists, until some session has run st.navigation. A
    board member opening /goals right after a restart would then get the page without app.py:
    no language choice, no page config, the wrong menu. Switching the old mode off and
    rerunning makes app.py run and route to the same page.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def snapshot() -> Snapshot:
    """The snapshot every session shares; on a store error, a Danish message and the page stops."""
    _run_through_navigation()
    try:
        snap = _cache(config()).get()
    except (StoreError, ConfigError) as ex:
        st.error(error_message(ex))
        st.stop()
    if snap.stale_reason:
        st.warning(t("stale.banner", when=f"{fmt_date(snap.read_at)} {snap.read_at:%H:%M}", reason=snap.stale_reason),
                   icon=":material/cloud_off:")
    return snap


def clear_cache() -> None:
    """After a write, or on the refresh button: the next page run reads the store again."""
    _cache(config()).invalidate()


def error_message(ex: Exception) -> str:
    """An fcdash error as a message for people, in the session's language."""
    detail = str(ex)
    if isinstance(ex, StoreLocked):
        return t("error.store_locked", detail=detail)
    if isinstance(ex, RowNotFound):
        return t("error.row_not_found", detail=detail)
    if isinstance(ex, ConfigError):
        return t("error.config", detail=detail)
    if isinstance(ex, StoreForbidden):
        return t("error.store_forbidden", detail=detail)
    if isinstance(ex, StoreNotFound):
        return t("error.store_not_found", detail=detail)
    return t("error.store_unavailable", detail=detail)


LIGHTS = {schema.GREEN: ("green", ":material/check_circle:"), schema.YELLOW: ("yellow", ":material/error:"),
          schema.RED: ("red", ":material/cancel:"), schema.CHANGED: ("gray", ":material/change_circle:")}


def light(label: str, colour: str | None) -> None:
    """A traffic light as a badge with its colour's name and its own icon, so it reads in grey
    print and for colour-blind readers too."""
    if not isinstance(colour, str) or colour not in LIGHTS:
        st.badge(f"{label}: –", color="gray")
        return
    badge_colour, icon = LIGHTS[colour]
    st.badge(f"{label}: {charts.colour_label(colour, lang())}", color=badge_colour, icon=icon)


# --- who may edit ----------------------------------------------------------------------------

def is_editor() -> bool:
    """Signed in with OpenID Connect and on the allow-list, or past the passcode this session."""
    cfg = config()
    if cfg.oidc:
        return bool(st.user.is_logged_in) and auth.is_allowed(st.user.get("email"), cfg.editors)
    return st.session_state.get(EDITOR) is True


def _passcode_hash(cfg: Config) -> str | None:
    if cfg.passcode_hash:
        return cfg.passcode_hash
    if cfg.backend == "workbook":  # the demo works out of the box; a centre sets its own
        return _demo_hash()
    return None


@st.cache_resource(show_spinner=False)
def _demo_hash() -> str:
    return auth.hash_passcode(auth.DEMO_PASSCODE)


def _check_passcode() -> None:
    tries = st.session_state.get(FAILED_TRIES, [])
    recent = [at for at in tries if dt.datetime.now().timestamp() - at < LOCKOUT_SECONDS]
    if len(recent) >= MAX_TRIES:
        return
    if auth.check_passcode(st.session_state.get("passcode", ""), _passcode_hash(config()) or ""):
        st.session_state[EDITOR] = True
        st.session_state[FAILED_TRIES] = []
    else:
        st.session_state[FAILED_TRIES] = [*recent, dt.datetime.now().timestamp()]
    st.session_state["passcode"] = ""


def require_editor() -> None:
    """Show the sign-in and stop the page unless an editor is signed in."""
    _run_through_navigation()
    if is_editor():
        return
    cfg = config()
    st.title(t("auth.title"))
    st.write(t("auth.intro"))
    if cfg.oidc:
        if st.user.is_logged_in:
            st.error(t("auth.not_allowed", email=st.user.get("email", "?")))
            st.button(t("auth.sign_out"), on_click=st.logout, key="sign_out")
        else:
            st.button(t("auth.sign_in_oidc"), on_click=st.login, type="primary", key="sign_in_oidc", width="stretch")
        st.stop()
    stored = _passcode_hash(cfg)
    if stored is None:
        st.warning(t("auth.disabled"))
        st.stop()
    with st.form("sign_in"):
        st.text_input(t("auth.passcode"), type="password", key="passcode")
        st.form_submit_button(t("auth.sign_in"), on_click=_check_passcode, type="primary", width="stretch")
    tries = st.session_state.get(FAILED_TRIES, [])
    if len(tries) >= MAX_TRIES:
        st.error(t("auth.locked", seconds=LOCKOUT_SECONDS))
    elif tries:
        st.error(t("auth.wrong"))
    if not cfg.passcode_hash:
        st.caption(t("auth.demo_hint"))
    st.stop()


def sign_out() -> None:
    if config().oidc:
        st.logout()
    st.session_state.pop(EDITOR, None)


# --- saving entries ---------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _outbox(cfg: Config) -> Outbox:
    outbox = Outbox(cfg.outbox)
    OutboxWorker(outbox, _store(cfg), OUTBOX_INTERVAL, on_sent=_cache(cfg).invalidate)
    return outbox


def outbox() -> Outbox:
    return _outbox(config())


def save(op: str, tab: str, row: dict, row_id: str, what: str) -> bool:
    """Keep the entry on the server's disk, then send what waits; tell the leader which happened.

    Returns whether it reached the store now."""
    box = outbox()
    entry = box.add(op, tab, row, row_id)
    box.flush(store(), describe=error_message)
    if not any(e.name == entry.name for e in box.entries()):
        clear_cache()
        st.session_state["entry_message"] = ("success", t("entry.saved", what=what))
        return True
    waiting = next(e for e in box.entries() if e.name == entry.name)
    if waiting.failed:
        st.session_state["entry_message"] = ("error", t("entry.failed", error=waiting.error))
    else:
        st.session_state["entry_message"] = ("warning", t("entry.pending", what=what[:1].upper() + what[1:]))
    return False


def send_waiting() -> None:
    counts = outbox().flush(store(), describe=error_message)
    if counts[SENT]:
        clear_cache()
    st.session_state["entry_message"] = (
        "success" if not counts[PENDING] + counts[FAILED] else "warning", t("entry.sent_count", count=counts[SENT]))


# --- shared filters and charts -----------------------------------------------------------------

def _remembered(name: str, default):
    """A filter's widget value, kept under a key of its own so it survives pages without it."""
    if f"_w_{name}" not in st.session_state:
        st.session_state[f"_w_{name}"] = st.session_state.get(f"f_{name}", default)
    return f"_w_{name}"


def filters(snap: Snapshot, today: dt.date) -> flt.Filters:
    """Period, initiative, local area and member type, in the sidebar; kept across pages."""
    starts = snap["goals"]["start"].dropna()
    default_start = identity().strategy_start or (starts.min().date() if len(starts) else dt.date(today.year, 1, 1))
    areas = sorted({a for a in (*snap["events"]["area"].dropna(), *snap["members"]["area"].dropna()) if a})
    initiatives = dict(zip(snap["initiatives"]["id"].dropna(), snap["initiatives"]["name"].fillna("")))
    with st.sidebar:
        st.subheader(t("filters.title"))
        period = st.date_input(t("filters.period"), key=_remembered("period", (default_start, today)),
                               format="DD.MM.YYYY")
        chosen = st.multiselect(t("filters.initiatives"), list(initiatives), key=_remembered("initiatives", []),
                                format_func=initiatives.get, placeholder=t("common.all"))
        chosen_areas = st.multiselect(t("filters.areas"), areas, key=_remembered("areas", []),
                                      placeholder=t("common.all"))
        types = st.multiselect(t("filters.member_types"), schema.MEMBER_TYPES, key=_remembered("member_types", []),
                               placeholder=t("common.all"))
    for name in ("period", "initiatives", "areas", "member_types"):
        st.session_state[f"f_{name}"] = st.session_state[f"_w_{name}"]
    start, end = (tuple(period) + (period[0],))[:2] if isinstance(period, (tuple, list)) and period else (default_start, today)
    return flt.Filters(start=start, end=end, initiatives=tuple(chosen), areas=tuple(chosen_areas),
                       member_types=tuple(types))


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A chart's data as people read it in a spreadsheet: periods as labels, lists as text."""
    out = frame.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.PeriodDtype):
            out[col] = [metrics.period_label(p, lang()) for p in out[col]]
        elif out[col].dtype == object:
            out[col] = out[col].map(lambda v: ", ".join(map(str, v)) if isinstance(v, tuple) else v)
    return out


def chart(fig, frame: pd.DataFrame, name: str) -> None:
    """A chart with its data downloadable as CSV (Danish Excel style) and as an Excel workbook."""
    st.plotly_chart(fig, key=f"chart_{name}", config={"displaylogo": False})
    data = export_frame(frame)

    def excel() -> bytes:
        from fcdash.report import workbook_bytes

        return workbook_bytes({name: data})

    left, right = st.columns(2)
    left.download_button(t("common.download_csv"), data.to_csv(sep=";", decimal=",", index=False).encode("utf-8-sig"),
                         file_name=f"{name}.csv", mime="text/csv", key=f"csv_{name}", type="tertiary",
                         icon=":material/download:", on_click="ignore")
    right.download_button(t("common.download_excel"), excel, file_name=f"{name}.xlsx", key=f"xlsx_{name}",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", type="tertiary",
                          icon=":material/download:", on_click="ignore")


def sidebar() -> None:
    """The centre's name and logo, the language choice and the refresh button, on every page."""
    centre = identity()
    if centre.logo:
        st.logo(str(centre.logo))
    with st.sidebar:
        st.markdown(f"**{escape(centre.centre_name)}**")
        st.selectbox(i18n.t("common.language", lang()) + " / Language", i18n.LANGUAGES, key="lang",
                     format_func={"da": "Dansk", "en": "English"}.get)
        # A callback runs before the script, so no rerun can lose the press.
        st.button(t("common.refresh"), icon=":material/refresh:", key="refresh", on_click=clear_cache)
        try:
            editor = is_editor()
        except ConfigError:
            return  # the page itself says what is wrong with the configuration
        if editor:
            try:
                waiting = [e for e in outbox().entries() if not e.failed]
            except (StoreError, ConfigError, OSError):
                waiting = []  # the page itself says what is wrong
            if waiting:
                st.badge(t("entry.waiting_badge", count=len(waiting)), icon=":material/schedule:", color="orange")
            st.caption(t("auth.signed_in_as", who=st.user.get("email") if config().oidc else t("auth.editor")))
            st.button(t("auth.sign_out"), on_click=sign_out, key="sign_out_sidebar")


def escape(text) -> str:
    """Text shown as itself in Markdown: no formatting, no links, no table breaks."""
    text = "" if text is None or (isinstance(text, float) and text != text) else str(text)  # None, NaN: blank
    for ch in "\\`*_{}[]()#+-.!|<>$~":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", " ")


def link(text: str, url: str | None) -> str:
    return f"[{escape(text)}]({url})" if url else escape(text)


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells must be escaped already (``escape``, ``link``)."""
    lines = ["| " + " | ".join(escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def read_at_caption(snap: Snapshot) -> None:
    st.caption(t("common.read_at", time=snap.read_at.strftime("%H:%M"), source=snap.source))
