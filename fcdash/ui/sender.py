"""Saving entries: each is kept in the outbox on the server's disk, then sent to the store by the
server's one background thread; the leader waits for it at most PATIENCE seconds, so an outage
keeps the entry waiting, never the leader."""

from __future__ import annotations

import functools
import time

import streamlit as st

from fcdash import corrections, i18n
from fcdash.config import Config
from fcdash.outbox import Outbox, OutboxWorker
from fcdash.ui.data import cache_for, clear_cache, error_message, store_for
from fcdash.ui.session import config, t

OUTBOX_INTERVAL = 30  # seconds between background tries to send waiting entries
PATIENCE = 1.0  # seconds a save or the send button waits for the store before it tells the leader
UNDO_MINUTES = 10  # how long the leader's last entry can be undone from the entry page


@st.cache_resource(show_spinner=False)
def _sender(cfg: Config) -> OutboxWorker:
    """The server's one outbox and the one thread that sends from it, made on first use."""
    # What a round sent reaches the shared snapshot before ``send`` returns: an added row merged
    # into it (no re-read), anything else by the next page reading the store again.
    cache = cache_for(cfg)

    def compare(tab_key: str, cells: dict, *, expected: dict, written: dict | None) -> bool:
        snap = cache.last()  # the other tabs, for the references in the row
        return snap is not None and corrections.same_row(tab_key, cells, expected, snap.frames, written)

    return OutboxWorker(Outbox(cfg.outbox), store_for(cfg), OUTBOX_INTERVAL, on_sent=cache.apply,
                        describe=functools.partial(error_message, lang=i18n.DEFAULT_LANGUAGE), compare=compare)


def outbox() -> Outbox:
    return _sender(config()).outbox


def save(op: str, tab: str, row: dict, row_id: str, what: str, key: str = "") -> bool:
    """Keep the entry on the server's disk, then send what waits; tell the leader which happened.
    ``key`` is the submission's idempotency key, made when the form was drawn (default: the row
    id of an added row): the same key again (a double tap) adds nothing and tells the same.

    Returns whether it reached the store now."""
    box = outbox()
    entry = box.add(op, tab, row, row_id, key=key)
    if op == "append":  # a new row can be undone for a while; a change of a row cannot
        st.session_state["entry_last"] = {"tab": tab, "row_id": row_id, "key": entry.ident, "what": what,
                                          "at": time.time()}
    if not entry.name:  # sent already: a second tap of the same submission
        st.session_state["entry_message"] = ("success", t("entry.saved", what=what))
        return True
    _sender(config()).send(PATIENCE)  # an outage keeps it waiting on disk, not the leader
    waiting = next((e for e in box.entries() if e.name == entry.name), None)
    if waiting is None:  # the round that sent it told the shared snapshot (merged or to be read again)
        st.session_state["entry_message"] = ("success", t("entry.saved", what=what))
        return True
    what = what[:1].upper() + what[1:]
    if waiting.failed:
        st.session_state["entry_message"] = ("error", t("entry.failed", error=waiting.error))
    elif waiting.error:  # tried, and the store did not answer
        st.session_state["entry_message"] = ("warning", t("entry.pending", what=what))
    else:  # still on its way (a slow store): no alarm
        st.session_state["entry_message"] = ("info", t("entry.sending", what=what))
    return False


def keep(op: str, tab: str, row: dict, row_id: str, key: str = "") -> str:
    """Keep an entry that is no leader's (a participant's answer) on the server's disk and send what
    waits, waiting for the store at most PATIENCE seconds; no message, no undo. Returns "seen" (its
    key was taken already: nothing kept), "sent" or "waiting"."""
    entry = outbox().add(op, tab, row, row_id, key=key)
    if not entry.name:
        return "seen"
    _sender(config()).send(PATIENCE)
    return "waiting" if any(e.name == entry.name for e in outbox().entries()) else "sent"


def send_waiting() -> None:
    before = {e.name for e in outbox().entries() if not e.failed}
    _sender(config()).send(PATIENCE)
    left = [e for e in outbox().entries() if e.name in before]
    sent = len(before) - len(left)  # the rounds that sent them told the shared snapshot
    st.session_state["entry_message"] = ("success" if not left else "warning", t("entry.sent_count", count=sent))


def retry(name: str) -> None:
    outbox().retry(name)
    send_waiting()


def last_entry() -> dict | None:
    """The leader's last added row in this session, while it can still be undone."""
    last = st.session_state.get("entry_last")
    if last and time.time() - last["at"] <= UNDO_MINUTES * 60:
        return last
    return None


def undo(key: str) -> None:
    """Take back the last entry: out of the outbox if it waits there, else deleted from the store
    by a ``delete`` entry (kept and sent like any entry)."""
    last = last_entry()
    if not last or last["key"] != key:  # undone already (a second tap), or too late
        return
    del st.session_state["entry_last"]
    box, what = outbox(), last["what"]
    if box.withdraw(key):
        st.session_state["entry_message"] = ("success", t("entry.undone_unsent", what=what))
        return
    entry = box.add("delete", last["tab"], {}, last["row_id"], key=f"undo:{key}")
    if entry.name:
        _sender(config()).send(PATIENCE)
    if any(e.name == entry.name for e in box.entries()):
        st.session_state["entry_message"] = ("info", t("entry.undo_pending", what=what))
        return
    clear_cache()
    st.session_state["entry_message"] = ("success", t("entry.undone", what=what))
