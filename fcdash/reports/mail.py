"""A report to the board by e-mail: the message (its Danish subject and body from the catalogue,
the file attached under its own name) and one conversation with the centre's mail server. No
Streamlit here; the settings are ``Config.mail`` (``[report_mail]`` in secrets.toml).

The board gets the report all together or not at all: every address is offered to the server
before the message is, and one it refuses cancels the whole letter. Every failure is a
``MailError`` with a Danish message saying what to check; the password is never in one.
"""

from __future__ import annotations

import email.policy
import email.utils
import mimetypes
import smtplib
import ssl
from email.message import EmailMessage

from fcdash.config import MailSettings
from fcdash.errors import MailError
from fcdash.i18n import t
from fcdash.reports import board, yearly

TIMEOUT = 30  # seconds the mail server may take to answer at each step before we give up
KINDS = ("board", "yearly")  # the reports that are sent: mail.subject.<kind> and mail.body.<kind>


def about(content: board.Report | yearly.Yearly, lang: str = "da") -> tuple[str, str]:
    """A report's kind and its title in the letter: ('board', '4. kvartal 2026') or
    ('yearly', 'Årsrapport 2025')."""
    if isinstance(content, yearly.Yearly):
        return "yearly", t("yearly.title", lang, year=content.year)
    return "board", content.period.caption(lang)


def message(settings: MailSettings, kind: str, attachment: bytes, file_name: str, *, centre: str, title: str,
            lang: str = "da") -> EmailMessage:
    """The letter to the board: from the centre's sender to every board address, the report
    ``title`` ('4. kvartal 2026', 'Årsrapport 2025') in the subject and the body, the file attached."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}")
    msg = EmailMessage()
    msg["Subject"] = t(f"mail.subject.{kind}", lang, centre=centre, title=title)
    msg["From"] = settings.sender
    msg["To"] = ", ".join(settings.board)
    msg["Date"] = email.utils.formatdate(localtime=True)
    msg["Message-ID"] = email.utils.make_msgid(domain=settings.sender.rsplit("@", 1)[1])
    # quoted-printable: the Danish letters pass any server, also one without 8BITMIME
    msg.set_content(t(f"mail.body.{kind}", lang, centre=centre, title=title, file=file_name), cte="quoted-printable")
    maintype, subtype = (mimetypes.guess_type(file_name)[0] or "application/octet-stream").split("/")
    msg.add_attachment(attachment, maintype=maintype, subtype=subtype, filename=file_name)
    return msg


def send(settings: MailSettings, msg: EmailMessage, *, timeout: float = TIMEOUT) -> tuple[str, ...]:
    """Send ``msg`` to the board's addresses through the configured server; returns the addresses.
    Raises ``MailError`` (nothing sent to anyone) when the server cannot be reached, refuses the
    login, the sender or any address, or the letter."""
    server = f"{settings.host}:{settings.port}"
    try:
        with _connect(settings, timeout) as smtp:
            if settings.user:
                smtp.login(settings.user, settings.password or "")
            _deliver(smtp, settings, msg)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as ex:
        raise _error("mail.error.login", server=server, user=settings.user, detail=_reply(ex)) from ex
    except smtplib.SMTPNotSupportedError as ex:  # STARTTLS's is turned into its own message in _connect
        raise _error("mail.error.no_auth", server=server) from ex
    except smtplib.SMTPServerDisconnected as ex:
        if isinstance(ex.__context__, TimeoutError):  # smtplib says a silent server closed the line
            raise _error("mail.error.timeout", server=server, seconds=round(timeout)) from ex
        raise _error("mail.error.unreachable", server=server, detail=str(ex) or type(ex).__name__) from ex
    except (smtplib.SMTPResponseException, smtplib.SMTPConnectError) as ex:
        raise _error("mail.error.refused", server=server, detail=_reply(ex)) from ex
    except ssl.SSLError as ex:
        raise _error("mail.error.tls", server=server, detail=ex.reason or type(ex).__name__) from ex
    except TimeoutError as ex:
        raise _error("mail.error.timeout", server=server, seconds=round(timeout)) from ex
    except (smtplib.SMTPException, OSError) as ex:  # refused connection, unknown host, no network
        raise _error("mail.error.unreachable", server=server, detail=ex.strerror or str(ex) or type(ex).__name__) from ex
    return settings.board


def send_report(settings: MailSettings, kind: str, attachment: bytes, file_name: str, *, centre: str,
                title: str, timeout: float = TIMEOUT) -> tuple[str, ...]:
    """The report's letter (``message``), sent (``send``); returns the addresses it went to."""
    return send(settings, message(settings, kind, attachment, file_name, centre=centre, title=title), timeout=timeout)


def _connect(settings: MailSettings, timeout: float) -> smtplib.SMTP:
    if settings.security == "ssl":
        return smtplib.SMTP_SSL(settings.host, settings.port, timeout=timeout, context=ssl.create_default_context())
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=timeout)
    if settings.security == "starttls":
        try:
            smtp.starttls(context=ssl.create_default_context())
        except smtplib.SMTPNotSupportedError as ex:
            smtp.close()
            raise _error("mail.error.no_starttls", server=f"{settings.host}:{settings.port}") from ex
        except BaseException:
            smtp.close()
            raise
    return smtp


def _deliver(smtp: smtplib.SMTP, settings: MailSettings, msg: EmailMessage) -> None:
    """Every address first, then the letter: one address refused, and the server forgets the letter."""
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(settings.sender)
    if code != 250:
        smtp.rset()
        raise smtplib.SMTPSenderRefused(code, reply, settings.sender)
    refused = [address for address in settings.board if smtp.rcpt(address)[0] not in (250, 251)]
    if refused:
        smtp.rset()
        raise _error("mail.error.recipients", server=f"{settings.host}:{settings.port}", addresses=", ".join(refused))
    smtp.data(msg.as_bytes(policy=email.policy.SMTP))  # raises SMTPDataError unless the server took it


def _reply(ex: Exception) -> str:
    """The server's own words, as it answered (never anything we sent it)."""
    code, text = getattr(ex, "smtp_code", None), getattr(ex, "smtp_error", b"")
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {text}".strip() if code else text or type(ex).__name__


def _error(key: str, **params) -> MailError:
    return MailError(t(key, "da", **params), key, **params)
