"""The Streamlit side shared by the pages: language, the cached snapshot, errors in Danish.

Pages call these and ``fcdash`` functions; none of them touches a storage library.
"""

from __future__ import annotations

import datetime as dt
import os

import streamlit as st

from fcdash import i18n
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


def snapshot() -> Snapshot:
    """The snapshot every session shares; on a store error, a Danish message and the page stops."""
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


def sidebar() -> None:
    """Language choice and the refresh button, on every page."""
    with st.sidebar:
        st.selectbox(i18n.t("common.language", lang()) + " / Language", i18n.LANGUAGES, key="lang",
                     format_func={"da": "Dansk", "en": "English"}.get)
        if st.button(t("common.refresh"), icon=":material/refresh:", key="refresh"):
            clear_cache()


def read_at_caption(snap: Snapshot) -> None:
    st.caption(t("common.read_at", time=snap.read_at.strftime("%H:%M"), source=snap.source))
