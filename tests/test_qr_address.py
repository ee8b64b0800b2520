"""The address in the evaluation's QR code: one that only this machine or its local network can open
(localhost, a loopback or private network address, a .local or bare host name) is warned about
where no public address is configured; a public address, or any configured one, is not. Over
generated addresses (hypothesis), then on the entry page and on the printed A5 sheet."""

from __future__ import annotations

import ipaddress
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fcdash.config import load_config
from fcdash.evaluation import needs_public_url, only_nearby

# Every range no phone on another network reaches: loopback, the private networks, link-local,
# "this network", carrier-grade NAT, and IPv6's loopback, unique-local (fc00::/7) and link-local.
NEARBY_NETWORKS = ["127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "0.0.0.0/8",
                   "100.64.0.0/10", "::1/128", "fc00::/7", "fe80::/10"]
# Blocks routed on the internet (Danish providers' and well-known public ones).
PUBLIC_NETWORKS = ["80.160.0.0/12", "87.48.0.0/12", "185.0.0.0/8", "8.8.8.0/24", "1.1.1.0/24", "2a00::/12",
                   "2001:4860::/32"]
NEARBY_EXAMPLES = ["http://localhost:8501", "http://localhost.:8501/entry", "http://127.0.0.1:8501",
                   "http://10.0.0.5:8501", "http://172.16.0.1", "http://172.31.255.254:8501",
                   "http://192.168.1.20:8501", "http://[::1]:8501", "http://[fd12:3456::1]:8501",
                   "http://[fe80::1%25wlan0]:8501", "http://[::ffff:192.168.0.9]:8501", "http://raspberrypi:8501",
                   "http://frivilligcenter.local:8501", "http://dashboard.lan", "http://0.0.0.0:8501", "", "http://"]
PUBLIC_EXAMPLES = ["https://dashboard.frivilligcenter-slagelse.dk", "https://fc.example.dk:8443/entry",
                   "http://80.167.12.3:8501", "http://[2a00:1450:400f::200e]", "http://[::ffff:8.8.8.8]",
                   "https://frivilligcenter.streamlit.app", "http://172.32.0.1", "http://192.169.0.1"]

schemes = st.sampled_from(["http", "https"])
ports = st.one_of(st.just(""), st.integers(1, 65535).map(lambda p: f":{p}"))
paths = st.sampled_from(["", "/", "/entry", "/?lang=en"])
label = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=20).filter(
    lambda s: not s.startswith("-") and not s.endswith("-"))


def url_of(scheme: str, host: str, port: str, path: str) -> str:
    return f"{scheme}://{host}{port}{path}"


def host_of(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    return f"[{ip}]" if ip.version == 6 else str(ip)


def addresses_in(networks: list[str]):
    return st.sampled_from(networks).flatmap(lambda n: st.ip_addresses(network=n))


@pytest.mark.parametrize("address", NEARBY_EXAMPLES)
def test_an_address_only_this_machine_or_network_opens_is_nearby(address):
    assert only_nearby(address)


@pytest.mark.parametrize("address", PUBLIC_EXAMPLES)
def test_a_public_address_is_not(address):
    assert not only_nearby(address)


@given(addresses_in(NEARBY_NETWORKS), schemes, ports, paths)
def test_every_address_of_a_loopback_or_private_range_is_warned_about(ip, scheme, port, path):
    assert needs_public_url(None, url_of(scheme, host_of(ip), port, path)), ip
    if ip.version == 4:  # and as IPv6 writes it (::ffff:10.0.0.1)
        assert needs_public_url(None, url_of(scheme, f"[::ffff:{ip}]", port, path)), ip


@given(st.one_of(st.just("localhost"), label,
                 st.builds("{}.{}".format, label, st.sampled_from(["local", "localhost", "lan", "home.arpa", "internal"]))),
       schemes, ports, paths)
def test_localhost_a_bare_host_name_and_a_local_name_are_warned_about(host, scheme, port, path):
    assert needs_public_url(None, url_of(scheme, host, port, path)), host


@given(addresses_in(PUBLIC_NETWORKS), schemes, ports, paths)
def test_a_public_ip_address_is_not_warned_about(ip, scheme, port, path):
    assert not needs_public_url(None, url_of(scheme, host_of(ip), port, path)), ip


@given(st.lists(label, min_size=1, max_size=3), st.sampled_from(["dk", "com", "org", "net", "eu", "app"]), schemes,
       ports, paths)
def test_a_public_host_name_is_not_warned_about(labels, tld, scheme, port, path):
    assert not needs_public_url(None, url_of(scheme, ".".join([*labels, tld]), port, path))


@settings(deadline=None)  # load_config, on a busy machine
@given(st.one_of(addresses_in(NEARBY_NETWORKS), addresses_in(PUBLIC_NETWORKS)), schemes, ports,
       st.sampled_from(NEARBY_EXAMPLES + PUBLIC_EXAMPLES))
def test_a_configured_public_url_is_never_warned_about_even_a_local_networks(ip, scheme, port, browser):
    public_url = load_config({}, {"FCDASH_PUBLIC_URL": url_of(scheme, host_of(ip), port, "")}).public_url
    assert public_url and not needs_public_url(public_url, browser)
    in_secrets = load_config({"fcdash": {"public_url": url_of(scheme, host_of(ip), port, "")}}, {}).public_url
    assert in_secrets and not needs_public_url(in_secrets, browser)


# --- on the entry page and the printed sheet ----------------------------------------------------

WARNING = "Telefoner kan ikke åbne dette link"
ON_SHEET = "deltagernes telefoner kan ikke åbne denne QR-kode"


def sheet_text(pdf: bytes) -> str:
    from tests.report_text import pdf_text

    return " ".join(pdf_text(pdf).split())


@pytest.fixture
def entry_page(monkeypatch, demo_workbook, tmp_path):
    """The entry page's event form as an editor, and the A5 sheets it made (their PDF's bytes and
    whether it was told the link opens only nearby)."""
    from streamlit.testing.v1 import AppTest

    from fcdash.reports import evaluation_sheet
    from tests.conftest import ROOT, TODAY, as_editor

    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.delenv("FCDASH_PUBLIC_URL", raising=False)
    sheets = []
    made = evaluation_sheet.sheet_pdf

    def sheet_pdf(*args, **kwargs):
        sheets.append((made(*args, **kwargs), kwargs.get("only_nearby", False)))
        return sheets[-1][0]

    monkeypatch.setattr(evaluation_sheet, "sheet_pdf", sheet_pdf)

    def open_it():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        as_editor(at, monkeypatch)
        at.run()
        at.switch_page("app_pages/entry.py").run()
        at.segmented_control(key="entry_kind").set_value("event").run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.code, "no QR code on the page"
        return at, sheets[-1]

    return open_it


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_on_localhost_the_qr_code_and_its_printed_sheet_warn_that_phones_cannot_open_it(entry_page):
    at, (pdf, told) = entry_page()  # AppTest's browser is at localhost, as a leader's own machine
    (url,) = [c.value for c in at.code]
    assert url.startswith("http://localhost:8501/?svar=")
    (warning,) = [w.value for w in at.warning if WARNING in w.value]
    assert "`http://localhost:8501`" in warning  # where the link goes
    assert "`public_url` under `[fcdash]` i `.streamlit/secrets.toml`" in warning and "`FCDASH_PUBLIC_URL`" in warning
    assert told and ON_SHEET in sheet_text(pdf)
    assert "public_url under [fcdash] i .streamlit/secrets.toml" in sheet_text(pdf)
    assert "FCDASH_PUBLIC_URL" in sheet_text(pdf)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_with_a_public_url_set_neither_the_page_nor_the_sheet_warns(entry_page, monkeypatch):
    monkeypatch.setenv("FCDASH_PUBLIC_URL", "https://dashboard.frivilligcenter-slagelse.dk")
    at, (pdf, told) = entry_page()
    (url,) = [c.value for c in at.code]
    assert url.startswith("https://dashboard.frivilligcenter-slagelse.dk/?svar=")
    assert not [w.value for w in at.warning if WARNING in w.value]
    assert not told and ON_SHEET not in sheet_text(pdf) and "FCDASH_PUBLIC_URL" not in sheet_text(pdf)
    assert "Scan koden" in sheet_text(pdf)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("title", ["Strikkecafé", "Fællesspisning for unge og ældre i Medborgerhuset med musik og sang"])
def test_the_sheets_warning_is_printed_only_when_asked_and_the_page_still_holds_everything(lang, title):
    import datetime as dt
    import re

    from fcdash.i18n import t
    from fcdash.reports import evaluation_sheet

    url = "http://192.168.100.200:8501/?svar=QVJSLTY2ODU1QkM3.2545.3MYbNzn9Z2TB33EddOAKig"
    for nearby in (True, False):
        pdf = evaluation_sheet.sheet_pdf(title, dt.date(2026, 11, 22), url, centre="Frivilligcenter Slagelse",
                                         lang=lang, only_nearby=nearby)
        text = sheet_text(pdf)
        assert (" ".join(t("evaluate.sheet.nearby", lang).split()) in text) == nearby
        assert title in text and url in text and " ".join(t("evaluate.anonymous", lang).split()) in text
        info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert re.search(r"Pages:\s+1\n", info)
        # Every word above the bottom margin of 14 mm (A5 is 595.28 pt high; 14 mm is 39.7 pt).
        boxes = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
        assert max(float(y) for y in re.findall(rb'yMax="([\d.]+)"', boxes)) < 595.28 - 39.7
