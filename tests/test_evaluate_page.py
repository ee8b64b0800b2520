"""The participant's evaluation page through AppTest: reached only by a valid link, nothing else
of the dashboard, one answer per browser, the cap per event, the rate limit, refused links, and
a comment that looks like a formula kept as text on every backend."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from fcdash import auth, evaluation
from fcdash.parsing import read_snapshot
from fcdash.store.workbook import WorkbookStore
from fcdash.ui import sender, survey
from tests.conftest import BACKEND_MAKERS, ROOT, TODAY

EVENT = "ARR-0274"  # the demo's Alliancemøde, 22.11.2026, 15 participants


@pytest.fixture
def env(monkeypatch, demo_workbook, tmp_path):
    from streamlit.runtime.caching import cache_resource

    cache_resource.clear()  # a fresh server: its outbox sender and its rate limits
    monkeypatch.setenv("FCDASH_WORKBOOK", str(demo_workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FCDASH_OUTBOX", str(tmp_path / "outbox"))
    monkeypatch.setattr(sender, "PATIENCE", 60)  # what is written, not how fast
    yield WorkbookStore(demo_workbook)
    cache_resource.clear()


def key(tmp_path) -> bytes:
    return evaluation.token_key(auth.server_secret(tmp_path / "evaluering-noegle"))


def token(tmp_path, event=EVENT, day=dt.date(2026, 11, 22)) -> str:
    return evaluation.make_token(event, day, key(tmp_path))


def open_link(link: str | None, browser: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if link is not None:
        at.query_params[evaluation.QUERY] = link
    if browser:  # the browser's cookie, as a reload or another tab of the same browser brings it
        at.session_state[survey.BROWSER] = browser
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def answer(at: AppTest, satisfaction: int = 4, met: bool = True, **more) -> AppTest:
    at.feedback[0].set_value(satisfaction - 1)
    at.segmented_control(key="ev_met").set_value(met)
    for name, value in more.items():
        (at.text_area if name == "comment" else at.segmented_control)(key=f"ev_{name}").set_value(value)
    at.button(key="ev_send").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def answers(store, event=EVENT):
    rows = read_snapshot(store)["evaluations"]
    return rows.loc[rows["event"] == event]


def texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("title", "markdown", "success", "error", "warning", "caption")
                    for e in getattr(at, kind))


def test_a_participant_sees_only_the_event_and_the_questions_and_the_answer_is_written(env, tmp_path):
    at = open_link(token(tmp_path))
    assert at.title[0].value == "Hvordan var det?" and at.segmented_control(key="lang").value == "da"  # shown chosen
    assert "Alliancemøde i Fællesskabsalliancen" in at.markdown[0].value and "22.11.2026" in at.markdown[0].value
    assert not at.sidebar.children or not any(at.sidebar.children.values())  # no sidebar, no filters, no sign-in
    assert not at.metric and not at.dataframe and not at.get("plotly_chart")
    assert "anonymt" in at.caption[-1].value
    answer(at, satisfaction=5, met=True, age="Ældre 65+")
    assert at.success[0].value == "Tak for dit svar!" and not at.get("form")
    (row,) = answers(env).to_dict("records")
    assert (row["satisfaction"], row["met"], row["age_band"], row["date"].date()) == (5, True, "Ældre 65+", TODAY)
    assert row["id"] == evaluation.answer_id(EVENT, at.session_state[survey.BROWSER], key(tmp_path))


def test_a_sixth_answer_from_the_same_browser_is_refused_and_one_row_is_written(env, tmp_path):
    # Six tabs of one browser, all showing the form before the first answer is sent.
    tabs = [open_link(token(tmp_path), browser="same-browser-1") for _ in range(6)]
    outcomes = [answer(at, satisfaction=1 + i % 5).success or at.info for i, at in enumerate(tabs)]
    assert outcomes[0][0].value == "Tak for dit svar!"
    assert all(o[0].value.startswith("Du har allerede svaret") for o in outcomes[1:])
    assert answers(env)["satisfaction"].tolist() == [1]  # the first answer, once
    # Opened again later from that browser: no form, the thanks.
    again = open_link(token(tmp_path), browser="same-browser-1")
    assert again.success[0].value.startswith("Du har allerede svaret") and not again.get("form")
    # Another browser answers the same event.
    answer(open_link(token(tmp_path), browser="other-browser-2"))
    assert len(answers(env)) == 2


def test_an_event_takes_at_most_the_configured_multiple_of_its_participants(env, tmp_path, monkeypatch):
    monkeypatch.setenv("FCDASH_EVALUATION_CAP", "0.2")  # 15 participants: 3 answers
    outcomes = [answer(open_link(token(tmp_path), browser=f"browser-{i:04d}")) for i in range(4)]
    assert [o.success[0].value for o in outcomes[:3]] == ["Tak for dit svar!"] * 3
    assert outcomes[3].error[0].value.startswith("Der er kommet så mange svar") and not outcomes[3].success
    assert len(answers(env)) == 3  # nothing written for the refused one


def test_answers_waiting_in_the_outbox_count_towards_the_cap(env, tmp_path, monkeypatch, demo_workbook):
    monkeypatch.setenv("FCDASH_EVALUATION_CAP", "0.2")
    monkeypatch.setattr(sender, "PATIENCE", 0.2)
    lock = demo_workbook.parent / f".~lock.{demo_workbook.name}#"  # a volunteer has the workbook open
    lock.write_text("Anne")
    outcomes = [answer(open_link(token(tmp_path), browser=f"browser-{i:04d}")) for i in range(4)]
    assert [bool(o.success) for o in outcomes] == [True, True, True, False]  # "Tak" at once, while it waits
    assert len([e for e in sender.outbox().entries() if e.tab == "evaluations"]) == 3
    lock.unlink()
    sender._sender(survey.config()).send(60)
    assert len(answers(env)) == 3 and not sender.outbox().entries()


def test_the_rate_limit_per_event_refuses_and_writes_nothing(env, tmp_path, monkeypatch):
    monkeypatch.setenv("FCDASH_EVALUATION_RATE_EVENT", "2")
    outcomes = [answer(open_link(token(tmp_path), browser=f"browser-{i:04d}")) for i in range(3)]
    assert [bool(o.success) for o in outcomes] == [True, True, False]
    assert outcomes[2].error[0].value.startswith("Der kommer mange svar lige nu")
    assert len(answers(env)) == 2
    # Another event has a count of its own; the server's limit counts both.
    other = token(tmp_path, "ARR-0273", dt.date(2026, 11, 19))
    assert answer(open_link(other, browser="browser-xxxx")).success


def test_the_rate_limit_per_server_counts_every_event(env, tmp_path, monkeypatch):
    monkeypatch.setenv("FCDASH_EVALUATION_RATE_SERVER", "2")
    before = len(read_snapshot(env)["evaluations"])  # the demo's own answers
    links = [token(tmp_path), token(tmp_path, "ARR-0273", dt.date(2026, 11, 19)), token(tmp_path)]
    outcomes = [answer(open_link(link, browser=f"browser-{i:04d}")) for i, link in enumerate(links)]
    assert [bool(o.success) for o in outcomes] == [True, True, False]
    assert len(read_snapshot(env)["evaluations"]) == before + 2


@pytest.mark.parametrize("link, message", [
    ("tampered", "Linket virker ikke: det er ændret"),
    ("expired", "Linket er udløbet"),
    ("unknown", "Linket virker ikke: arrangementet findes ikke"),
    ("", "Linket virker ikke: det er ændret"),
])
def test_a_refused_link_shows_a_plain_danish_message_and_no_form(env, tmp_path, link, message):
    before = read_snapshot(env)["evaluations"]  # the demo's own answers
    good = token(tmp_path)
    links = {"tampered": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
             "expired": token(tmp_path, day=TODAY - dt.timedelta(days=15)),
             "unknown": token(tmp_path, "ARR-9999"), "": ""}
    at = open_link(links[link])
    assert at.error[0].value.startswith(message)
    assert not at.get("form") and not at.feedback and not at.title
    assert "Alliancemøde" not in texts(at)  # nothing of the centre's data
    assert read_snapshot(env)["evaluations"]["id"].tolist() == before["id"].tolist()  # nothing written


def test_without_the_link_the_dashboard_is_as_before(env):
    at = open_link(None)
    assert at.title[0].value != "Hvordan var det?" and at.sidebar.selectbox(key="lang")


def test_the_page_in_english(env, tmp_path):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params[evaluation.QUERY] = token(tmp_path)
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == "How was it?" and at.button(key="ev_send").label == "Send answer"
    assert at.segmented_control(key="lang").value == "en"
    at.segmented_control(key="lang").set_value("da").run()
    assert at.title[0].value == "Hvordan var det?"


@pytest.mark.parametrize("backend_name", list(BACKEND_MAKERS))
def test_a_comment_that_looks_like_a_formula_is_stored_as_text(backend_name, request, tmp_path, demo_rows,
                                                                monkeypatch):
    from streamlit.runtime.caching import cache_resource

    cache_resource.clear()
    made = BACKEND_MAKERS[backend_name](request, tmp_path, demo_rows)
    settings = {**made.env, "FCDASH_TODAY": TODAY.isoformat(), "FCDASH_OUTBOX": str(tmp_path / "outbox")}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sender, "PATIENCE", 60)
    snap = read_snapshot(made.store)
    (initiative,) = snap["events"].loc[snap["events"]["id"] == EVENT, "initiatives"].iloc[0][:1]
    made.store.update_row("initiatives", initiative, {"questions": "Udbytte, Mødt nogen, Kommentar"})
    texts_typed = ['=HYPERLINK("http://x.dk";"klik")', "+cmd|' /C calc'!A0"]
    for i, text in enumerate(texts_typed):
        at = open_link(token(tmp_path), browser=f"browser-{i:04d}")
        assert at.caption[0].value.startswith("Skriv ikke navne")  # the warning under the comment field
        answer(at, comment=text)
        assert at.success[0].value == "Tak for dit svar!"
    rows = answers(made.store)
    assert sorted(rows["comment"]) == sorted(texts_typed)
    grid = made.volunteer.grid("Evalueringer")
    column = grid[0].index("Kommentar") + 1
    typed = [r for r, row in enumerate(grid, start=1) if row[column - 1:column] and row[column - 1] in texts_typed]
    assert len(typed) == len(texts_typed)
    assert not any(made.volunteer.cell_is_formula("Evalueringer", r, column) for r in typed)
    cache_resource.clear()


def test_an_editor_gets_the_qr_code_and_the_a5_sheet_for_a_recent_event_and_its_link_opens_it(env, tmp_path,
                                                                                                monkeypatch):
    from tests.conftest import as_editor

    monkeypatch.setenv("FCDASH_PUBLIC_URL", "https://fc.example.dk")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    as_editor(at, monkeypatch)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    at.segmented_control(key="entry_kind").set_value("event").run()
    assert not at.exception, [e.message for e in at.exception]
    chosen = at.selectbox(key="qr_event")
    assert chosen.value == EVENT  # the newest event of the last 30 days
    (url,) = [c.value for c in at.code]
    assert url.startswith("https://fc.example.dk/?svar=")
    assert at.get("download_button")[0].label == "Hent A5-ark (PDF)"
    assert "06.12.2026" in " ".join(c.value for c in at.caption)  # 14 days after the event
    participant = open_link(url.split("?svar=")[1])
    assert "Alliancemøde i Fællesskabsalliancen" in participant.markdown[0].value and participant.get("form")


def test_the_event_just_saved_is_the_one_whose_qr_code_is_shown(env, monkeypatch, demo_workbook):
    from tests.conftest import as_editor, tap

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    as_editor(at, monkeypatch)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    at.segmented_control(key="entry_kind").set_value("event").run()
    assert at.selectbox(key="qr_event").value == EVENT  # the newest, before anything is saved
    at.text_input(key="ev_title").input("Formiddagskaffe i Seniorcaféen")
    at.pills(key="ev_type").set_value("Cafémøde")
    at.number_input(key="ev_participants").set_value(12)
    tap(at, "ev_save").click().run()
    assert at.success[0].value.startswith("Gemt: arrangementet 'Formiddagskaffe i Seniorcaféen'")
    at.run()
    events = read_snapshot(WorkbookStore(demo_workbook))["events"]
    saved = events.loc[events["title"] == "Formiddagskaffe i Seniorcaféen", "id"].item()
    assert at.selectbox(key="qr_event").value == saved
    at.selectbox(key="qr_event").select(EVENT).run()  # the leader may still pick another
    assert at.selectbox(key="qr_event").value == EVENT


def test_a_viewer_gets_no_qr_code(env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("app_pages/entry.py").run()
    assert not at.code and not at.get("download_button") and at.title[0].value == "Log ind for at registrere"
