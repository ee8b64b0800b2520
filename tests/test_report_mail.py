"""A report to the board by e-mail: the settings of [report_mail], the letter with its PDF as a real
local mail server (aiosmtpd) receives it, every failure in Danish with nothing sent to anyone, and
the pages' section, only for editors."""

from __future__ import annotations

import dataclasses
import email
import email.policy
import socket
import subprocess
from contextlib import contextmanager

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from fcdash import check
from fcdash.config import MailSettings, load_config
from fcdash.errors import ConfigError, MailError
from fcdash.parsing import read_snapshot
from fcdash.reports import board, mail, periods
from fcdash.store.workbook import WorkbookStore
from tests.conftest import TODAY, menu_page

PORTS = range(8700, 8750)  # the ports these tests may use on this machine
CENTRE = "Frivilligcenter Testrup"
BOARD = ("formand@testrup.dk", "kasserer@testrup.dk")


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8700-8749")


class Inbox:
    """What the mail server received, and the addresses it refuses."""

    def __init__(self):
        self.letters: list[tuple[str, list[str], email.message.EmailMessage]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Ukendt modtager"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.letters.append((envelope.mail_from, list(envelope.rcpt_tos),
                             email.message_from_bytes(envelope.original_content, policy=email.policy.default)))
        return "250 OK"


def only_the_right_password(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"rapporter", b"rigtig-kode"), handled=False)


@contextmanager
def mail_server(**options):
    """A real SMTP server on localhost, without TLS (its settings: security 'none')."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **options)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


@pytest.fixture
def server():
    with mail_server() as running:
        yield running


def settings(port: int, **changes) -> MailSettings:
    return dataclasses.replace(MailSettings(host="127.0.0.1", port=port, security="none",
                                            sender="rapporter@testrup.dk", board=BOARD), **changes)


@pytest.fixture(scope="module")
def report(tmp_path_factory, demo_rows):
    from fcdash.store.workbook import create_workbook
    workbook = create_workbook(tmp_path_factory.mktemp("mail") / "frivilligcenter.xlsx", demo_rows)
    snap = read_snapshot(WorkbookStore(workbook))
    period = periods.year_period(2025, TODAY)
    return board.build(snap, period.start, period.end, today=TODAY, centre=CENTRE, period=period)


@pytest.fixture(scope="module")
def report_pdf(report):
    return board.pdf(report, "da")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "attached.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


# --- the settings ------------------------------------------------------------------------------------

def test_the_mail_settings_are_read_with_defaults_and_the_password_is_never_shown():
    config = load_config({"report_mail": {"host": "smtp.testrup.dk", "security": "ssl", "user": "rapporter",
                                          "password": "hemmelig-kode-123", "sender": "rapporter@testrup.dk",
                                          "board": "formand@testrup.dk, kasserer@testrup.dk"}}, {})
    assert config.mail == MailSettings(host="smtp.testrup.dk", port=465, security="ssl", sender="rapporter@testrup.dk",
                                       board=BOARD, user="rapporter", password="hemmelig-kode-123")
    assert "hemmelig-kode-123" not in repr(config) + str(config) + repr(config.mail) + str(config.mail)
    assert load_config({"report_mail": {"host": "h", "sender": "a@b.dk", "board": ["c@d.dk"]}}, {}).mail.port == 587
    assert load_config({}, {}).mail is None and load_config({"report_mail": {}}, {}).mail is None


@pytest.mark.parametrize("section, message", [
    ({"port": "587a"}, "port skal være et helt tal"),
    ({"port": 70000}, "port skal være mellem 1 og 65535"),
    ({"board": ["formand@testrup.dk", "kasserer.testrup.dk"]}, "'kasserer.testrup.dk' er ikke en e-mailadresse"),
    ({"sender": "rapporter"}, "'rapporter' er ikke en e-mailadresse"),
    ({"security": "tls"}, "security skal være starttls, ssl eller none"),
    ({"host": ""}, r"\[report_mail\] mangler host"),
    ({"user": "", "password": "hemmelig-kode-123"}, "har en password, men ingen user"),
])
def test_wrong_mail_settings_are_a_danish_configuration_error_without_the_password(section, message):
    good = {"host": "smtp.testrup.dk", "port": 587, "sender": "rapporter@testrup.dk", "board": list(BOARD),
            "user": "rapporter", "password": "hemmelig-kode-123"}
    with pytest.raises(ConfigError, match=message) as raised:
        load_config({"report_mail": {**good, **section}}, {})
    assert "hemmelig-kode-123" not in str(raised.value)


def test_check_says_whether_mail_is_set_up_as_a_note_not_a_failure(demo_workbook):
    def findings(secrets):
        return check.run(lambda: load_config(secrets, {"FCDASH_WORKBOOK": str(demo_workbook)}))

    unset = [f for f in findings({}) if "e-mail" in f.text]
    assert unset == [check.Finding(check.NOTE, "Afsendelse af rapporter med e-mail er ikke sat op: tilføj "
                                               "[report_mail] i .streamlit/secrets.toml (se secrets.toml.example)")]
    assert not any(f.level == check.FAIL for f in findings({}))
    ready = [f for f in findings({"report_mail": {"host": "smtp.testrup.dk", "sender": "rapporter@testrup.dk",
                                                  "board": list(BOARD), "user": "u", "password": "hemmelig-kode-123"}})
             if "e-mail" in f.text]
    assert ready == [check.Finding(check.OK, "Rapporter kan sendes med e-mail til bestyrelsen (2 modtagere) gennem "
                                             "smtp.testrup.dk:587 (starttls)")]


# --- the letter, through a real server ---------------------------------------------------------------

def test_the_board_gets_the_letter_with_the_danish_subject_and_the_pdf_attached(server, report, report_pdf, tmp_path):
    inbox, port = server
    kind, title = mail.about(report)
    sent_to = mail.send_report(settings(port), kind, report_pdf, "bestyrelsesrapport_2025.pdf", centre=CENTRE,
                               title=title, timeout=10)
    assert sent_to == BOARD
    ((sender, recipients, letter),) = inbox.letters
    assert (sender, recipients) == ("rapporter@testrup.dk", list(BOARD))
    assert letter["Subject"] == "Frivilligcenter Testrup: rapport til bestyrelsen, Året 2025"
    assert letter["To"] == "formand@testrup.dk, kasserer@testrup.dk"
    assert "Kære bestyrelse" in letter.get_body(("plain",)).get_content()
    (attached,) = letter.iter_attachments()
    assert attached.get_filename() == "bestyrelsesrapport_2025.pdf" and attached.get_content_type() == "application/pdf"
    data = attached.get_content()
    assert data == report_pdf and data.startswith(b"%PDF")
    assert CENTRE in pdf_text(data, tmp_path)


def test_a_login_is_used_and_a_refused_one_is_said_in_danish_without_the_password():
    with mail_server(authenticator=only_the_right_password, auth_require_tls=False) as (inbox, port):
        mail.send_report(settings(port, user="rapporter", password="rigtig-kode"), "yearly", b"%PDF-1.4",
                         "aarsrapport_2025.pdf", centre=CENTRE, title="Årsrapport 2025", timeout=10)
        assert [letter["Subject"] for _, _, letter in inbox.letters] == ["Frivilligcenter Testrup: Årsrapport 2025"]
        with pytest.raises(MailError, match=r"afviste login som rapporter .*Tjek user og password") as raised:
            mail.send_report(settings(port, user="rapporter", password="forkert-kode"), "yearly", b"%PDF-1.4",
                             "aarsrapport_2025.pdf", centre=CENTRE, title="Årsrapport 2025", timeout=10)
        assert "forkert-kode" not in str(raised.value) and raised.value.key == "mail.error.login"
        assert len(inbox.letters) == 1


def test_one_refused_address_and_no_one_gets_the_letter(server):
    inbox, port = server
    inbox.refuse.add("kasserer@testrup.dk")
    with pytest.raises(MailError, match="afviste modtagerne kasserer@testrup.dk.*Intet er sendt, heller ikke til de andre"):
        mail.send_report(settings(port), "board", b"%PDF-1.4", "b.pdf", centre=CENTRE, title="Året 2025", timeout=10)
    assert inbox.letters == []


def test_an_unreachable_server_is_said_in_danish():
    port = free_port()  # nothing listens there
    with pytest.raises(MailError, match=f"Postserveren 127.0.0.1:{port} kan ikke nås .*Intet er sendt") as raised:
        mail.send_report(settings(port), "board", b"%PDF-1.4", "b.pdf", centre=CENTRE, title="Året 2025", timeout=5)
    assert raised.value.key == "mail.error.unreachable"


def test_starttls_asked_of_a_server_without_it_is_said_in_danish(server):
    inbox, port = server
    with pytest.raises(MailError, match="tilbyder ikke en krypteret forbindelse"):
        mail.send_report(settings(port, security="starttls"), "board", b"%PDF-1.4", "b.pdf", centre=CENTRE,
                         title="Året 2025", timeout=10)
    assert inbox.letters == []


def test_ssl_asked_of_a_server_that_speaks_plainly_is_said_in_danish(server):
    inbox, port = server
    with pytest.raises(MailError, match="Den krypterede forbindelse til postserveren .* Tjek security") as raised:
        mail.send_report(settings(port, security="ssl"), "board", b"%PDF-1.4", "b.pdf", centre=CENTRE,
                         title="Året 2025", timeout=10)
    assert raised.value.key == "mail.error.tls" and inbox.letters == []


def test_a_server_that_does_not_answer_in_time_is_said_in_danish():
    with socket.socket() as silent:  # takes the connection, never says a word
        silent.bind(("127.0.0.1", free_port()))
        silent.listen()
        port = silent.getsockname()[1]
        with pytest.raises(MailError, match=rf"127.0.0.1:{port} svarede ikke inden for tidsfristen \(1 s\)"):
            mail.send_report(settings(port), "board", b"%PDF-1.4", "b.pdf", centre=CENTRE, title="Året 2025", timeout=1)


# --- the pages ---------------------------------------------------------------------------------------

def report_page(monkeypatch, workbook, page="app_pages/report.py", secrets=None, editor=True):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_CENTRE_NAME", CENTRE)
    return menu_page(monkeypatch, page, editor, secrets)


def mail_button(at):
    return [b for b in at.button if b.key in ("mail_board", "mail_yearly")]


def shown(at) -> str:
    return " ".join(e.value for kind in ("info", "error", "success", "caption", "markdown") for e in at.get(kind))


def test_an_editor_sends_the_yearly_report_from_its_page_and_is_told_to_whom(monkeypatch, demo_workbook, server, tmp_path):
    inbox, port = server
    secrets = {"report_mail": {"host": "127.0.0.1", "port": port, "security": "none", "sender": "rapporter@testrup.dk",
                               "board": list(BOARD)}}
    at = report_page(monkeypatch, demo_workbook, "app_pages/yearly.py", secrets)
    assert [e.label for e in at.expander] == ["Send til bestyrelsen med e-mail"]
    assert "Sendes på dansk som PDF til: formand@testrup.dk, kasserer@testrup.dk" in shown(at)
    at.text_area(key="yearly_text_2025_da").input("## Året i korte træk\n\nSkrevet om af lederen til bestyrelsen.").run()
    (button,) = mail_button(at)
    assert button.label == "Send aarsrapport_2025.pdf til bestyrelsen" and not inbox.letters
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    ((_, recipients, letter),) = inbox.letters
    assert recipients == list(BOARD) and letter["Subject"] == f"{CENTRE}: Årsrapport 2025"
    (attached,) = letter.iter_attachments()
    assert attached.get_filename() == "aarsrapport_2025.pdf"
    text = pdf_text(attached.get_content(), tmp_path)
    assert CENTRE in text and "Skrevet om af lederen til bestyrelsen." in text  # the written part as she edited it
    (success,) = at.success
    assert success.value.startswith("aarsrapport_2025.pdf er sendt til formand@testrup.dk, kasserer@testrup.dk (")
    # A second letter only when asked for in words: no send button until "Send den igen" is ticked.
    assert not mail_button(at)
    (again,) = [c for c in at.checkbox if c.label == "Send den igen"]
    again.check().run()
    mail_button(at)[0].click().run()
    assert len(inbox.letters) == 2 and not mail_button(at)


def test_the_board_report_page_says_in_danish_why_the_letter_was_not_sent(monkeypatch, demo_workbook):
    port = free_port()  # no server there
    secrets = {"report_mail": {"host": "127.0.0.1", "port": port, "security": "none", "sender": "rapporter@testrup.dk",
                               "board": list(BOARD)}}
    at = report_page(monkeypatch, demo_workbook, secrets=secrets)
    (button,) = mail_button(at)
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]
    (error,) = at.error
    assert error.value.startswith(f"Postserveren 127.0.0.1:{port} kan ikke nås") and "Intet er sendt" in error.value
    assert not at.success


@pytest.mark.parametrize("page", ["app_pages/report.py", "app_pages/yearly.py"])
def test_without_mail_settings_the_page_says_what_to_set_and_offers_no_button(monkeypatch, demo_workbook, page):
    at = report_page(monkeypatch, demo_workbook, page)
    assert not mail_button(at)
    (info,) = [i.value for i in at.info if "[report_mail]" in i.value]
    assert info.startswith("Afsendelse med e-mail er ikke sat op. Tilføj et afsnit [report_mail] i "
                           ".streamlit/secrets.toml med host")


@pytest.mark.parametrize("page", ["app_pages/report.py", "app_pages/yearly.py"])
def test_a_viewer_never_sees_the_section_nor_the_boards_addresses(monkeypatch, demo_workbook, page):
    secrets = {"report_mail": {"host": "127.0.0.1", "port": 8749, "security": "none", "sender": "rapporter@testrup.dk",
                               "board": list(BOARD)}}
    at = report_page(monkeypatch, demo_workbook, page, secrets, editor=False)
    assert at.get("download_button")  # the page itself is there
    assert not mail_button(at) and not at.expander
    assert "testrup.dk" not in shown(at) and "report_mail" not in shown(at)
