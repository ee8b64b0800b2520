"""Sending the report on the page to the board by e-mail: one call near the page's download
buttons. Only a signed-in editor sees it at all (the board's addresses are personal data); the
letter and its PDF are in Danish, the board's language, whatever the page is read in."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from fcdash.errors import MailError
from fcdash.reports import board, mail, yearly
from fcdash.ui import signin
from fcdash.ui.session import config, fmt_time, t

SENT = "_fcdash_mail_sent"  # per report kind: the file this session last sent, to whom, and when


def offer(content: board.Report | yearly.Yearly, *, events: bool = False, text: str | None = None) -> None:
    """The board report's or the yearly report's PDF to the board, with the settings of
    ``[report_mail]``; where they are not set, what to set. ``events``: the board report's
    appendix of events, ``text``: the yearly report's written part, both as on the download."""
    if not signin.is_editor():
        return
    cfg = config()
    kind, title = mail.about(content)
    if kind == "yearly":
        file_name, make = yearly.file_name(content.year, "pdf"), lambda: yearly.pdf(content, "da", cfg.logo, text)
    else:
        file_name = f"bestyrelsesrapport_{content.start.isoformat()}_{content.end.isoformat()}.pdf"
        make = lambda: board.pdf(content, "da", cfg.logo, events=events)  # noqa: E731
    with st.expander(t("mail.section"), icon=":material/mail:"):
        if cfg.mail is None:
            st.info(t("mail.not_set_up"))
            return
        st.caption(t("mail.to", addresses=", ".join(cfg.mail.board)))
        sent = st.session_state.get(f"{SENT}_{kind}")
        if sent and sent[0] == file_name:  # the letter of this very report; another period is not sent yet
            st.success(t("mail.sent", file=sent[0], addresses=", ".join(sent[1]), time=fmt_time(sent[2])),
                       icon=":material/mark_email_read:")
            # a second letter only when asked for in so many words: a double tap sends one
            if not st.checkbox(t("mail.again"), key=f"mail_again_{kind}_{sent[2].timestamp()}"):
                return
        if st.button(t("mail.send", file=file_name), key=f"mail_{kind}", icon=":material/send:"):
            try:
                with st.spinner(t("mail.sending")):
                    sent_to = mail.send_report(cfg.mail, kind, make(), file_name, centre=cfg.centre_name, title=title)
            except MailError as ex:
                st.error(t(ex.key, **ex.params), icon=":material/error:")
                return
            st.session_state[f"{SENT}_{kind}"] = (file_name, sent_to, dt.datetime.now(dt.timezone.utc))
            st.rerun()
