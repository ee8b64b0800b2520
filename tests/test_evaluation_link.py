"""The evaluation's link and its bounds, pure: the signed token (valid, expired, altered, for
another event), the answer's id, the cap per event, the rate limit, and the A5 sheet."""

import datetime as dt
import shutil
import subprocess
import threading

import pandas as pd
import pytest

from fcdash import evaluation
from fcdash.reports import evaluation_sheet
from fcdash.outbox import Entry

KEY = evaluation.token_key(b"k" * 32)
DAY = dt.date(2026, 11, 22)


def test_a_token_opens_its_event_through_the_fourteenth_day_after_it():
    token = evaluation.make_token("ARR-0274", DAY, KEY)
    assert len(token) <= 48  # short enough for a small QR code
    assert evaluation.check_token(token, KEY, DAY) == ("ARR-0274", None)
    assert evaluation.check_token(token, KEY, DAY + dt.timedelta(days=14)).event == "ARR-0274"
    assert evaluation.check_token(token, KEY, DAY + dt.timedelta(days=15)) == (None, evaluation.EXPIRED)
    assert evaluation.check_token(evaluation.make_token("ARR-0274", DAY, KEY, days=3), KEY,
                                  DAY + dt.timedelta(days=4)).reason == evaluation.EXPIRED


def test_an_altered_token_or_one_for_another_event_or_key_is_refused():
    token = evaluation.make_token("ARR-0274", DAY, KEY)
    other = evaluation.make_token("ARR-0001", DAY, KEY)
    event, day, signature = token.split(".")
    forged = [
        f"{other.split('.')[0]}.{day}.{signature}",  # another event under this one's signature
        f"{event}.{int(day) + 365}.{signature}",  # a later expiry
        f"{event}.{day}.{signature[:-1]}{'A' if signature[-1] != 'A' else 'B'}",  # one character changed
        evaluation.make_token("ARR-0274", DAY, evaluation.token_key(b"x" * 32)),  # another server's key
        "", "abc", "a.b.c", f"{event}.{day}", f"{event}.x.{signature}", None,
    ]
    for bad in forged:
        assert evaluation.check_token(bad, KEY, DAY) == (None, evaluation.ALTERED), bad
    assert evaluation.check_token(other, KEY, DAY, known={"ARR-0274"}) == (None, evaluation.UNKNOWN)
    assert evaluation.check_token(other, KEY, DAY, known={"ARR-0001"}).event == "ARR-0001"


def test_the_link_is_the_public_address_with_the_token():
    assert evaluation.link("https://fc.example.dk/", "T.1.S") == "https://fc.example.dk/?svar=T.1.S"


def test_one_browser_has_one_answer_id_per_event_and_it_does_not_show_the_cookie():
    one = evaluation.answer_id("ARR-1", "browser-a", KEY)
    assert one == evaluation.answer_id("ARR-1", "browser-a", KEY) and one.startswith("EVA-")
    others = {evaluation.answer_id("ARR-2", "browser-a", KEY), evaluation.answer_id("ARR-1", "browser-b", KEY)}
    assert len({one, *others}) == 3
    assert "browser-a" not in one


def test_the_cap_is_a_multiple_of_the_participants_or_100_before_they_are_entered():
    assert evaluation.cap(15, 2.0) == 30
    assert evaluation.cap(3, 1.5) == 4  # at most the multiple
    assert evaluation.cap(2, 0.2) == 1  # never none
    assert evaluation.cap(float("inf"), 2.0) == 100  # a cell no count can be
    assert [evaluation.cap(v, 2.0) for v in (None, pd.NA, 0, "")] == [100] * 4


def test_answers_so_far_counts_the_sheet_and_the_outbox():
    sheet = pd.DataFrame({"id": ["EVA-1", "EVA-2", "EVA-3"], "event": ["ARR-1", "ARR-1", "ARR-2"]})
    waiting = [Entry("append", "evaluations", {"id": "EVA-4", "event": "ARR-1"}, "EVA-4"),
               Entry("append", "evaluations", {"id": "EVA-5", "event": "ARR-2"}, "EVA-5"),
               Entry("append", "events", {"id": "ARR-9", "event": "ARR-1"}, "ARR-9")]
    assert evaluation.answers_so_far("ARR-1", sheet, waiting) == {"EVA-1", "EVA-2", "EVA-4"}


def test_an_answer_keeps_only_the_questions_the_event_asked():
    answers = {"satisfaction": 4, "met": True, "lack": 2, "left_out": 1, "isolated": 1, "age_band": "Ældre 65+",
               "comment": "fint"}
    row = evaluation.answer_row("ARR-1", DAY, answers, ("Udbytte", "Mødt nogen"))
    assert row == {"event": "ARR-1", "date": DAY, "satisfaction": 4, "met": True}
    row = evaluation.answer_row("ARR-1", DAY, answers, ("Udbytte", "Ensomhed (T-ILS)", "Kommentar"))
    assert set(row) == {"event", "date", "satisfaction", "lack", "left_out", "isolated", "comment"}


def test_the_rate_limit_is_a_sliding_window_per_key():
    limit = evaluation.RateLimit(3, 60)
    assert [limit.allow("a", now=t) for t in (0, 10, 20, 30)] == [True, True, True, False]
    assert limit.allow("b", now=30)  # another event has its own count
    assert not limit.allow("a", now=59.9)
    assert limit.allow("a", now=60.5)  # the first has left the window
    limit.undo("a")
    assert limit.allow("a", now=61)


def test_the_rate_limit_holds_across_threads():
    limit, allowed = evaluation.RateLimit(50, 60), []
    threads = [threading.Thread(target=lambda: allowed.extend(limit.allow("e", now=1.0) for _ in range(20)))
               for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 50


# Addresses of every length from a short one to a long one (a subdomain of a long centre name, an
# event id of eight characters): the one that fits the line but not the cell's margins included.
URLS = [f"https://{'dashboard.frivilligcenter-slagelse'[:n]}.dk/?svar=QVJSLTY2ODU1QkM3.2545.3MYbNzn9Z2TB33EddOAKig"
        for n in range(0, 35, 2)]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("URL", URLS)
def test_the_a5_sheet_has_the_title_date_link_and_a_qr_code_of_the_link(tmp_path, URL):
    from PIL import Image

    pdf = evaluation_sheet.sheet_pdf("Strikkecafé i Medborgerhuset", DAY, URL, centre="Frivilligcenter Slagelse")
    (tmp_path / "a5.pdf").write_bytes(pdf)
    info = subprocess.run(["pdfinfo", tmp_path / "a5.pdf"], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in info and "419.53 x 595.28 pts" in info  # one A5 page
    lines = subprocess.run(["pdftotext", tmp_path / "a5.pdf", "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    text = " ".join(" ".join(lines).split())
    assert "Strikkecafé i Medborgerhuset" in text and "22.11.2026" in text
    assert URL in [line.strip() for line in lines]  # on one line, to be typed by hand if need be
    assert "anonymt" in text
    # The code on the page, read module by module, is the link's QR code.
    subprocess.run(["pdfimages", "-png", tmp_path / "a5.pdf", tmp_path / "img"], check=True)
    (image,) = tmp_path.glob("img-*.png")
    picture = Image.open(image).convert("L")
    code = evaluation_sheet.qr_code(URL)
    size, border, scale = code.symbol_size(scale=1, border=0)[0], evaluation_sheet.QR_BORDER, evaluation_sheet.QR_SCALE
    read = [[picture.getpixel(((border + x) * scale + scale // 2, (border + y) * scale + scale // 2)) < 128
             for x in range(size)] for y in range(size)]
    assert read == [[bool(m) for m in row] for row in code.matrix]
