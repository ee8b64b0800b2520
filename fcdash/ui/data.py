"""Data access for the pages: the store and the snapshot every session shares, and store
errors as messages for people."""

from __future__ import annotations

import hashlib

import streamlit as st

from fcdash import demo, i18n, privacy, schema
from fcdash.cache import SnapshotCache
from fcdash.config import Config
from fcdash.errors import (ConfigError, HeaderTypo, RowChanged, RowNotFound, StoreError, StoreForbidden, StoreLocked, StoreNotFound,
                           UnwritableValue, WorkbookMissing)
from fcdash.parsing import parse_read, read_grids
from fcdash.snapshot import Snapshot
from fcdash.store import Store, open_store
from fcdash.ui.session import config, fmt_time, t, today


@st.cache_resource(show_spinner=False)
def store_for(cfg: Config) -> Store:
    store = open_store(cfg)
    if cfg.demo:
        demo.set_up(store, today())
    return store


@st.cache_resource(show_spinner=False)
def cache_for(cfg: Config) -> SnapshotCache:
    store = store_for(cfg)
    # One kept snapshot per store, so a centre's own workbook never falls back on the demo's figures.
    where = cfg.spreadsheet or str(cfg.workbook.resolve())
    keep = cfg.outbox.parent / f"sidste-snapshot-{hashlib.sha256(where.encode()).hexdigest()[:12]}.pkl"
    return SnapshotCache(lambda: read_grids(store), ttl=cfg.cache_ttl, version=store.version, keep=keep,
                         parse=lambda grids: parse_read(store, grids), patience=store.patience)


def store() -> Store:
    return store_for(config())


def snapshot() -> Snapshot:
    """The snapshot every session shares, as the session may see it (``privacy.for_viewer`` unless
    an editor is signed in); on a store error, a Danish message and the page stops."""
    from fcdash.ui import signin  # signin reads the store from here

    try:
        snap = cache_for(config()).get()
    except (StoreError, ConfigError) as ex:
        st.error(error_message(ex))
        st.stop()
    if snap.stale_reason:
        st.warning(t("stale.banner", when=fmt_time(snap.read_at), reason=snap.stale_reason),
                   icon=":material/cloud_off:")
    return snap if signin.is_editor() else _for_viewer(snap)


def tabs_shown() -> list[schema.Tab]:
    """The tabs whose rows this session may see one by one: every tab for an editor, the tabs
    that are not ``editors_only`` for a viewer."""
    from fcdash.ui import signin

    editor = signin.is_editor()
    return [tab for tab in schema.TABS if editor or not tab.editors_only]


def _for_viewer(snap: Snapshot) -> Snapshot:
    """The viewer's copy of the shared snapshot, made once per snapshot for every session."""
    return snap.remember("privacy.for_viewer", lambda: privacy.for_viewer(snap))


def clear_cache() -> None:
    """After a write, or on the refresh button: the next page run reads the store again."""
    cache_for(config()).invalidate()


ERROR_KEYS = ((StoreLocked, "error.store_locked"), (RowNotFound, "error.row_not_found"),
              (RowChanged, "error.row_changed"), (ConfigError, "error.config"),
              (StoreForbidden, "error.store_forbidden"), (WorkbookMissing, "error.workbook_missing"),
              (StoreNotFound, "error.store_not_found"), (UnwritableValue, "error.unwritable_value"),
              (HeaderTypo, "error.header_typo"))


def error_message(ex: Exception, lang: str | None = None) -> str:
    """An fcdash error as a message for people, in ``lang`` or the session's language."""
    key = next((key for kind, key in ERROR_KEYS if isinstance(ex, kind)), "error.store_unavailable")
    return i18n.t(key, lang, detail=str(ex)) if lang else t(key, detail=str(ex))
