"""``python -m fcdash board-report`` and ``yearly-report``: the reports' files from the command line,
as the pages make them, in the format --out's extension names; the bad cases in Danish with their
exit codes; and --mail to a real local mail server."""

from __future__ import annotations

import datetime as dt
import subprocess

import openpyxl
import pytest

from fcdash.__main__ import board_period, main
from fcdash.parsing import read_snapshot
from fcdash.reports import periods
from fcdash.store.workbook import WorkbookStore
from tests.conftest import TODAY
from tests.test_report_mail import BOARD, CENTRE, free_port, mail_server

AS_OF = ["--as-of", TODAY.isoformat()]


@pytest.fixture
def centre(tmp_path, monkeypatch):
    """The command run where the centre keeps its secrets.toml: its name, and mail when asked."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FCDASH_SPREADSHEET", raising=False)
    (tmp_path / ".streamlit").mkdir()

    def secrets(mail_port: int | None = None):
        text = f'[fcdash]\ncentre_name = "{CENTRE}"\n'
        if mail_port:
            text += (f'[report_mail]\nhost = "127.0.0.1"\nport = {mail_port}\nsecurity = "none"\n'
                     f'sender = "rapporter@testrup.dk"\nboard = {list(BOARD)!r}\n').replace("'", '"')
        (tmp_path / ".streamlit" / "secrets.toml").write_text(text)
    secrets()
    return secrets


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def goal_ids(workbook) -> list[str]:
    return list(read_snapshot(WorkbookStore(workbook))["goals"]["id"])


def test_the_board_report_of_any_dates_as_a_pdf(centre, demo_workbook, tmp_path, capsys):
    out = tmp_path / "bestyrelse.pdf"
    code = main(["board-report", "--from", "2026-02-01", "--to", "2026-10-15", "--out", str(out),
                 "--workbook", str(demo_workbook), *AS_OF])
    assert (code, capsys.readouterr().out.strip()) == (0, f"Skrev {out}")
    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out)
    assert CENTRE in text and "Rapport til bestyrelsen: 01.02.2026 – 15.10.2026" in text


def test_the_board_report_of_a_quarter_as_a_workbook_with_every_goal(centre, demo_workbook, tmp_path):
    out = tmp_path / "kvartal.XLSX"
    assert main(["board-report", "--from", "2026-07-01", "--to", "2026-09-30", "--out", str(out),
                 "--workbook", str(demo_workbook), *AS_OF]) == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == "Mål"
    ids = [row[0] for row in book["Mål"].iter_rows(min_row=2, values_only=True)]
    assert ids == goal_ids(demo_workbook) and "1.1" in ids


def test_dates_that_are_a_quarter_or_a_year_are_named_so():
    day = dt.date(2026, 11, 23)
    assert board_period(dt.date(2026, 7, 1), dt.date(2026, 9, 30), day).kind == "quarter"
    assert board_period(dt.date(2026, 10, 1), day, day).kind == "quarter"  # running, as the page makes it
    assert board_period(dt.date(2025, 1, 1), dt.date(2025, 12, 31), day).kind == "year"
    assert board_period(dt.date(2026, 1, 1), day, day).kind == "year"
    assert board_period(dt.date(2026, 7, 1), dt.date(2026, 9, 29), day) == periods.Period(
        dt.date(2026, 7, 1), dt.date(2026, 9, 29))
    assert board_period(dt.date(2026, 1, 1), dt.date(2026, 6, 30), day).kind == "custom"
    assert board_period(dt.date(2026, 7, 1), dt.date(2026, 9, 30), day).caption() == "3. kvartal 2026"


def test_the_yearly_report_as_a_pdf_a_workbook_and_a_word_file(centre, demo_workbook, tmp_path):
    pdf, xlsx, word = tmp_path / "aar.pdf", tmp_path / "aar.xlsx", tmp_path / "aar.docx"
    for out in (pdf, xlsx, word):
        assert main(["yearly-report", "--year", "2025", "--out", str(out), "--workbook", str(demo_workbook), *AS_OF]) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    assert CENTRE in text and "Årsrapport 2025" in text
    book = openpyxl.load_workbook(xlsx)
    ids = [row[0] for row in book["Mål"].iter_rows(min_row=2, values_only=True)]
    assert ids == goal_ids(demo_workbook)
    assert next(book["Nøgletal"].iter_rows(max_row=1, values_only=True))[1:3] == ("2025", "2024")
    import docx

    document = docx.Document(str(word))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(goal_ids(demo_workbook)) <= {c.split(" ")[0] for c in cells} | cells
    assert any("Årsrapport 2025" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("command, allowed", [
    (["board-report", "--from", "2026-01-01", "--to", "2026-03-31"], ".pdf eller .xlsx"),
    (["yearly-report", "--year", "2025"], ".pdf, .xlsx eller .docx")])
def test_an_unknown_extension_is_a_danish_error_and_no_file(centre, demo_workbook, tmp_path, capsys, command, allowed):
    out = tmp_path / "rapport.odt"
    assert main([*command, "--out", str(out), "--workbook", str(demo_workbook)]) == 2
    assert capsys.readouterr().err.strip() == (f"Fejl: {out} skal ende på {allowed}; filtypen vælger formatet.")
    assert not out.exists()


@pytest.mark.parametrize("command", [["board-report", "--from", "2026-01-01", "--to", "2026-03-31"],
                                     ["yearly-report", "--year", "2025"]])
def test_a_missing_workbook_is_a_danish_error_with_exit_1(centre, tmp_path, capsys, command):
    out, missing = tmp_path / "rapport.pdf", tmp_path / "findes-ikke.xlsx"
    assert main([*command, "--out", str(out), "--workbook", str(missing)]) == 1
    assert capsys.readouterr().err.strip() == f"Fejl: regnearket {missing} findes ikke."
    assert not out.exists() and not missing.exists()


def test_dates_in_the_wrong_order_a_year_not_begun_and_a_bad_date_are_danish_errors(centre, demo_workbook, tmp_path,
                                                                                    capsys):
    out = tmp_path / "rapport.pdf"
    assert main(["board-report", "--from", "2026-03-31", "--to", "2026-01-01", "--out", str(out),
                 "--workbook", str(demo_workbook)]) == 2
    assert capsys.readouterr().err.strip() == "Fejl: --from (2026-03-31) ligger efter --to (2026-01-01)."
    assert main(["yearly-report", "--year", "2027", "--out", str(out), "--workbook", str(demo_workbook), *AS_OF]) == 2
    assert capsys.readouterr().err.strip() == "Fejl: året 2027 er ikke begyndt den 2026-11-23."
    with pytest.raises(SystemExit) as raised:
        main(["board-report", "--from", "1.1.2026", "--to", "2026-03-31", "--out", str(out)])
    assert raised.value.code == 2 and "1.1.2026 er ikke en dato som ÅÅÅÅ-MM-DD" in capsys.readouterr().err
    assert not out.exists()


def test_mail_sends_the_file_made_to_the_board(centre, demo_workbook, tmp_path, capsys):
    out = tmp_path / "aarsrapport_2025.pdf"
    with mail_server() as (inbox, port):
        centre(mail_port=port)
        code = main(["yearly-report", "--year", "2025", "--out", str(out), "--workbook", str(demo_workbook), *AS_OF,
                     "--mail"])
    assert code == 0
    assert capsys.readouterr().out.splitlines() == [f"Skrev {out}", f"Sendt til bestyrelsen: {', '.join(BOARD)}"]
    ((_, recipients, letter),) = inbox.letters
    assert recipients == list(BOARD) and letter["Subject"] == f"{CENTRE}: Årsrapport 2025"
    (attached,) = letter.iter_attachments()
    assert (attached.get_filename(), attached.get_content()) == (out.name, out.read_bytes())


def test_mail_not_set_up_or_failing_writes_the_file_and_says_why_with_exit_1(centre, demo_workbook, tmp_path, capsys):
    out = tmp_path / "kvartal.xlsx"
    command = ["board-report", "--from", "2026-07-01", "--to", "2026-09-30", "--out", str(out),
               "--workbook", str(demo_workbook), *AS_OF, "--mail"]
    assert main(command) == 1
    assert out.exists()
    assert capsys.readouterr().err.startswith("Fejl: --mail kræver afsnittet [report_mail] i .streamlit/secrets.toml")
    port = free_port()  # nothing listens there
    centre(mail_port=port)
    out.unlink()
    assert main(command) == 1
    assert out.exists()
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Fejl: Postserveren 127.0.0.1:{port} kan ikke nås")
    assert err.endswith("Intet er sendt. Filen er skrevet, men ikke sendt.")
