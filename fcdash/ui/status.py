"""What became of the leader's entries, shown where she is: the last save's outcome with its undo
above the form (brought into view), and what waits to be sent below it. While anything waits, the part is drawn again
every POLL seconds by itself, so "on its way" turns into "saved" once the row has landed, without
a tap; a change the sheet holds differently since she opened it is shown in both versions for
her to choose."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from fcdash import corrections, schema
from fcdash.outbox import Entry
from fcdash.ui import data, sender, session, widgets
from fcdash.ui.session import t

POLL = 1.0  # seconds between looks at the outbox while an entry waits
TOAST_ICONS = {"success": ":material/check_circle:", "info": ":material/schedule:", "warning": ":material/cloud_off:",
               "error": ":material/error:"}


def _live() -> float | None:
    """How often the parts are drawn again by themselves: every POLL seconds while an entry waits
    (only they: the form keeps what she is typing, and an open list stays open)."""
    return POLL if any(not e.failed for e in sender.outbox().entries()) else None


def outcome() -> None:
    """The last tap's outcome and its undo, brought into view when new; "on its way" turns into
    "saved" by itself once the entry has landed."""
    st.session_state[_WHOLE] = True
    st.fragment(_outcome_part, run_every=_live())()


def waiting() -> None:
    """What waits to be sent, kept up to date by itself."""
    st.session_state[_SEEN] = _names(sender.outbox().entries())
    st.fragment(_waiting_part, run_every=_live())()


_WHOLE = "_status_whole_run"  # set when the whole page runs; a run of the part alone finds it unset
_SEEN = "_status_seen"  # the entries waiting when the whole page last ran


def _names(entries: list[Entry]) -> list[str]:
    return sorted(f"{e.name}{e.failed}" for e in entries)


def _outcome_part() -> None:
    whole = st.session_state.pop(_WHOLE, False)
    if _landed() and not whole:
        st.rerun()  # the whole page: its list of recent entries holds the row now
    _outcome()
    toast()


def _waiting_part() -> None:
    entries = sender.outbox().entries()
    if _names(entries) != st.session_state.get(_SEEN):  # one landed, came, or was set aside or put back
        st.rerun()
    _waiting(entries)


def _landed() -> bool:
    """Whether the entry she is waiting for is in the sheet now; then it says so, once."""
    waiting = st.session_state.get("entry_waiting")
    if not waiting or sender.waits(waiting["name"]):
        return False
    del st.session_state["entry_waiting"]
    sender.tell("success", t(waiting["done"], what=waiting["what"]))
    return True


def _outcome() -> None:
    waiting = st.session_state.get("entry_waiting")
    if waiting and sender.waits(waiting["name"]):
        st.session_state["entry_message"] = sender.waiting_message(waiting["name"], waiting["what"])
    message = st.session_state.get("entry_message")
    with st.container(key="entry_outcome"):
        if message:
            getattr(st, message[0])(message[1], icon=TOAST_ICONS[message[0]])
        for entry in sender.outbox().entries():  # a row changed in the sheet meanwhile: her choice, here
            if entry.current:
                with st.container(border=True):
                    _both_versions(entry)
        last = sender.last_entry()
        if last:
            st.button(t("entry.undo", what=last["what"]), key=f"undo_{last['key']}", on_click=sender.undo,
                      args=(last["key"],), icon=":material/undo:", width="stretch",
                      help=t("entry.undo_help", minutes=sender.UNDO_MINUTES))
    if st.session_state.pop("entry_message_new", False):
        st.html(_INTO_VIEW, unsafe_allow_javascript=True)


# A new outcome (and its undo) brought into view once: the save button may be at the screen's foot.
_INTO_VIEW = """<script>
setTimeout(() => document.querySelector(".st-key-entry_outcome")?.scrollIntoView({block: "center"}), 50);
document.currentScript && document.currentScript.remove();
</script>"""


def toast() -> None:
    """The outcome of the last tap (or what to correct) as a toast, once: the form may be long."""
    message = st.session_state.pop("entry_toast", None)
    if message:
        st.toast(message[1], icon=TOAST_ICONS[message[0]])


def _waiting(entries: list[Entry]) -> None:
    if not entries:
        return
    st.subheader(t("entry.outbox", count=len(entries)))
    outage = any(e.error and not e.failed for e in entries)
    (st.warning if outage else st.caption)(t("entry.outage" if outage else "entry.outbox_help"))
    for entry in entries:
        with st.container(border=True):
            what = f"{schema.tab(entry.tab).label(session.lang())} · {entry.row_id}" if entry.op else t("entry.unreadable")
            st.markdown(f"**{session.fmt_time(dt.datetime.fromisoformat(entry.created))}** · {widgets.escape(what)}")
            if entry.current:
                st.caption(t("entry.conflict_above"))
                continue
            if entry.error:
                (st.error if entry.failed else st.caption)(entry.error)
            if entry.failed:
                left, right = st.columns(2)
                if entry.op:
                    left.button(t("entry.retry"), key=f"retry_{entry.name}", on_click=sender.retry, args=(entry.name,),
                                icon=":material/replay:", width="stretch")
                right.button(t("entry.discard"), key=f"discard_{entry.name}", on_click=sender.discard,
                             args=(entry.name,), icon=":material/delete:", width="stretch")
    st.button(t("entry.send_now"), on_click=sender.send_waiting, icon=":material/send:", key="send_now", width="stretch")


def _both_versions(entry: Entry) -> None:
    """A change or delete refused because a volunteer changed the row: her version beside the
    sheet's, and her choice."""
    snap = data.cache_for(session.config()).last()
    theirs = corrections.parsed(entry.tab, entry.current, snap.frames) if snap else dict(entry.current)
    tab = schema.tab(entry.tab)
    keys = list(entry.row) if entry.op == "update" else [k for k in entry.expected if entry.expected[k] != theirs.get(k)]
    mine = entry.row if entry.op == "update" else entry.expected
    rows = [[widgets.escape(tab.column(k).label(session.lang())), widgets.escape(_text(mine.get(k))),
             widgets.escape(_text(theirs.get(k)))] for k in keys if k in {c.key for c in tab.columns}]
    st.warning(t("entry.conflict_delete" if entry.op == "delete" else "entry.conflict"))
    st.markdown(widgets.markdown_table([t("entry.conflict.field"), t("entry.conflict.mine"),
                                        t("entry.conflict.theirs")], rows))
    left, right = st.columns(2)
    left.button(t("entry.conflict.keep_mine_delete" if entry.op == "delete" else "entry.conflict.keep_mine"),
                key=f"mine_{entry.name}", on_click=sender.retry, args=(entry.name,), kwargs={"overwrite": True},
                icon=":material/check:", width="stretch")
    right.button(t("entry.conflict.keep_theirs"), key=f"theirs_{entry.name}", on_click=sender.discard,
                 args=(entry.name,), icon=":material/undo:", width="stretch")


def _text(value) -> str:
    value = corrections.plain(value)
    if value is None:
        return "–"
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, dt.date):
        return session.fmt_date(value)
    if isinstance(value, bool):
        return t("entry.yes") if value else t("entry.no")
    return str(value)
