"""The Streamlit side shared by the pages: language, the cached snapshot, errors in Danish.

Pages call these and ``fcdash`` functions; none of them touches a storage library.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from fcdash import charts, i18n, schema
from fcdash.cache import SnapshotCache
from fcdash.config import Config, load_config
from fcdash.errors import ConfigError, RowNotFound, StoreError, StoreForbidden, StoreLocked, StoreNotFound
from fcdash.parsing import Snapshot
from fcdash.store import Store, open_store


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
    return SnapshotCache(store.read_snapshot, ttl=cfg.cache_ttl, version=store.version)


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
        return _cache(config()).get()
    except (StoreError, ConfigError) as ex:
        st.error(error_message(ex))
        st.stop()


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


def sidebar() -> None:
    """Language choice and the refresh button, on every page."""
    with st.sidebar:
        st.selectbox(i18n.t("common.language", lang()) + " / Language", i18n.LANGUAGES, key="lang",
                     format_func={"da": "Dansk", "en": "English"}.get)
        if st.button(t("common.refresh"), icon=":material/refresh:", key="refresh"):
            clear_cache()


def read_at_caption(snap: Snapshot) -> None:
    st.caption(t("common.read_at", time=snap.read_at.strftime("%H:%M"), source=snap.source))
