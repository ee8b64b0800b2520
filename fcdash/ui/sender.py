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
        snap = cache.last()  # the other tabs, for the references in the row (none yet after a restart)
        return corrections.same_row(tab_key, cells, expected, snap.frames if snap else corrections.NO_FRAMES, written)

    return OutboxWorker(Outbox(cfg.outbox), store_for(cfg), OUTBOX_INTERVAL, on_sent=cache.apply,
                        describe=functools.partial(error_message, lang=i18n.DEFAULT_LANGUAGE), compare=compare)


def outbox() -> Outbox:
    return _sender(config()).outbox


def save(op: str, tab: str, row: dict, row_id: str, what: str, key: str = "", *, expected: dict | None = None,
         done: str = "entry.saved") -> bool:
    """Keep the entry on the server's disk, then send what waits; tell the leader which happened.
    ``key`` is the submission's idempotency key, made when the form was drawn (default: the row
    id of an added row): the same key again (a double tap) adds nothing and tells the same.
    ``expected``: a change's or delete's row as she saw it; ``done``: the message once it is in.

    Returns whether it reached the store now."""
    box = outbox()
    entry = box.add(op, tab, row, row_id, key=key, expected=expected)
    if op == "delete" and (st.session_state.get("entry_last") or {}).get("row_id") == row_id:
        del st.session_state["entry_last"]  # its undo would bring back what she deleted
    if op != "delete":  # an added row can be taken back for a while, a change set back
        restore = {k: (expected or {}).get(k) for k in row} if op == "update" else None
        st.session_state["entry_last"] = {"tab": tab, "row_id": row_id, "key": entry.ident, "what": what,
                                          "at": time.time(), "op": op, "restore": restore, "written": dict(row)}
    st.session_state.pop("entry_waiting", None)
    if not entry.name:  # sent already: a second tap of the same submission
        tell("success", t(done, what=what))
        return True
    _sender(config()).send(PATIENCE)  # an outage keeps it waiting on disk, not the leader
    if not waits(entry.name):  # the round that sent it told the shared snapshot (merged or to be read again)
        tell("success", t(done, what=what))
        return True
    st.session_state["entry_waiting"] = {"name": entry.name, "what": what, "done": done}
    tell(*waiting_message(entry.name, what))
    return False


def tell(level: str, text: str) -> None:
    """The outcome of a tap, under the form (where her thumb is) until the next one; what went
    wrong also as a toast, once. (Not a success: while a toast shows, a phone's first tap on a
    drop-down does not open it.)"""
    st.session_state["entry_message"] = (level, text)
    st.session_state["entry_message_new"] = True
    if level in ("warning", "error"):
        st.session_state["entry_toast"] = (level, text)


def waits(name: str) -> bool:
    return any(e.name == name for e in outbox().entries())


def waiting_message(name: str, what: str) -> tuple[str, str]:
    """How an entry still in the outbox is doing, for the leader."""
    waiting = next((e for e in outbox().entries() if e.name == name), None)
    what = what[:1].upper() + what[1:]
    if waiting is not None and waiting.failed:
        return "error", t("entry.failed", error=waiting.error)
    if waiting is not None and waiting.error:  # tried, and the store did not answer
        return "warning", t("entry.pending", what=what)
    return "info", t("entry.sending", what=what)  # still on its way (a slow store): no alarm


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
    if not left:
        st.session_state.pop("entry_waiting", None)  # said by the count
    tell("success" if not left else "warning", t("entry.sent_count", count=sent))


def discard(name: str) -> None:
    """Give up an entry set aside (keep the sheet's version of a row): nothing of it is written."""
    entry = next((e for e in outbox().entries() if e.name == name), None)
    outbox().discard(name)
    if (st.session_state.get("entry_waiting") or {}).get("name") == name:
        del st.session_state["entry_waiting"]
    last = st.session_state.get("entry_last")
    if entry is not None and last and last["key"] == entry.ident:
        del st.session_state["entry_last"]
    tell("info", t("entry.discarded"))


def retry(name: str, overwrite: bool = False) -> None:
    outbox().retry(name, overwrite=overwrite)
    send_waiting()


def last_entry() -> dict | None:
    """The leader's last entry in this session, while it can still be undone (not one set aside:
    nothing of it was written, and its own buttons say what becomes of it)."""
    last = st.session_state.get("entry_last")
    if last and time.time() - last["at"] <= UNDO_MINUTES * 60 and not any(
            e.failed and e.ident == last["key"] for e in outbox().entries()):
        return last
    return None


def undo(key: str) -> None:
    """Take back the last entry: out of the outbox if it waits there; else an added row deleted,
    a changed one set back to what it held, by an entry kept and sent like any other (which
    changes nothing a volunteer changed since)."""
    last = last_entry()
    if not last or last["key"] != key:  # undone already (a second tap), or too late
        return
    del st.session_state["entry_last"]
    st.session_state.pop("entry_waiting", None)
    box, what = outbox(), last["what"]
    if box.withdraw(key):
        tell("success", t("entry.undone_unsent", what=what))
        return
    if last.get("op") == "update":
        written = {k: corrections.plain(v) for k, v in last["written"].items()}
        entry = box.add("update", last["tab"], last["restore"], last["row_id"], key=f"undo:{key}", expected=written)
    else:  # the row as added: a volunteer's change since is not deleted unseen
        written = {k: corrections.plain(v) for k, v in last["written"].items()}
        entry = box.add("delete", last["tab"], {}, last["row_id"], key=f"undo:{key}", expected=written)
    if entry.name:
        _sender(config()).send(PATIENCE)
    if waits(entry.name):
        tell("info", t("entry.undo_pending", what=what))
        return
    clear_cache()
    tell("success", t("entry.undone_change" if last.get("op") == "update" else "entry.undone", what=what))
