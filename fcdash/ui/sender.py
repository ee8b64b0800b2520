"""Saving entries: each is kept in the outbox on the server's disk, then sent to the store; a
background thread sends what waits while the store was away."""

from __future__ import annotations

import streamlit as st

from fcdash.config import Config
from fcdash.outbox import FAILED, PENDING, SENT, Outbox, OutboxWorker
from fcdash.ui.data import cache_for, clear_cache, error_message, store, store_for
from fcdash.ui.session import config, t

OUTBOX_INTERVAL = 30  # seconds between background tries to send waiting entries


@st.cache_resource(show_spinner=False)
def _sender(cfg: Config) -> OutboxWorker:
    """The server's one outbox and the one thread that sends from it, made on first use."""
    return OutboxWorker(Outbox(cfg.outbox), store_for(cfg), OUTBOX_INTERVAL, on_sent=cache_for(cfg).invalidate)


def outbox() -> Outbox:
    return _sender(config()).outbox


def save(op: str, tab: str, row: dict, row_id: str, what: str) -> bool:
    """Keep the entry on the server's disk, then send what waits; tell the leader which happened.

    Returns whether it reached the store now."""
    box = outbox()
    entry = box.add(op, tab, row, row_id)
    box.flush(store(), describe=error_message)
    waiting = next((e for e in box.entries() if e.name == entry.name), None)
    if waiting is None:
        clear_cache()
        st.session_state["entry_message"] = ("success", t("entry.saved", what=what))
        return True
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
