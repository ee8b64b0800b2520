"""The yearly report's written part (reports/draft) and its Word file (reports/word): the draft
drafted from the demo's 2025, as a funder reads it; what it leaves out for a centre without
loneliness initiatives or evaluations; the leader's edited text (not the draft) in the PDF and
the Word file; and the yearly page where an editor edits it."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import docx
import pandas as pd
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from fcdash import goals, i18n, outcomes, schema
from fcdash.i18n import fmt_date, fmt_number, t
from fcdash.parsing import read_snapshot
from fcdash.reports import draft, word, words, yearly
from fcdash.store.workbook import WorkbookStore
from tests.conftest import TODAY, menu_page
from tests.plans import write_workbook
from tests.test_check_and_identity import png
from tests.test_goals import GOAL_HEAD, goal
from tests.test_yearly import POPPLER, YEAR, content, poppler, snap  # noqa: F401 (fixtures)

EDITED = ("## Vores år med broer\n\nLederen skrev selv dette afsnit om kaffe, kage og kvadratdans i Korsør. "
          + "Det fortsætter længe, " * 30 + "til SLUTORDET.\n\nEn linje mere\nog en linje under den.")


def goal_rows(content) -> list[dict]:
    return [r for r in content.base.goals.to_dict("records") if isinstance(r["id"], str)]


def segment(text: str, row: dict) -> str:
    """The draft's sentence(s) about one goal: from its id and text to the next goal's id."""
    start = text.index(f"{row['id']} {row['goal'].rstrip('.')}")
    rest = text[start + len(row["id"]) + 1:]
    following = re.search(r"\s\d+(\.\d+)+ [A-ZÆØÅ0-9]", rest)
    return rest[:following.start()] if following else rest


# --- the draft of the demo's 2025 -------------------------------------------------------------------

def test_the_draft_names_every_strategic_area_and_every_goals_light_in_words(content):
    text = draft.text(content)
    rows = goal_rows(content)
    assert {r["area"] for r in rows} and all(r["area"] in text for r in rows)
    board_set = [r for r in rows if isinstance(r["board_result"], str)]
    assert board_set and len(board_set) < len(rows)  # the demo has both kinds
    for row in rows:
        said = segment(text, row)
        own = isinstance(row["board_result"], str) or isinstance(row["board_time"], str)
        result, time = ((row["board_result"], row["board_time"]) if own
                        else (row["proposed_result"], row["proposed_time"]))
        if isinstance(result, str) and result == time:
            assert f"resultat og tid {result.lower()}" in said, (row["id"], said)
        else:
            if isinstance(result, str):
                assert f"resultat {result.lower()}" in said, (row["id"], said)
            if isinstance(time, str):
                assert f"tid {time.lower()}" in said, (row["id"], said)
        if isinstance(result, str) or isinstance(time, str):
            assert ("bestyrelsens lys" if own else "foreslåede lys") in said, (row["id"], said)
        else:
            assert "intet lys endnu" in said, (row["id"], said)
        if isinstance(row["board_comment"], str):
            assert row["board_comment"].rstrip(".") in said and fmt_date(row["board_date"]) in said
    assert {"grøn", "gul", "rød"} <= set(re.findall(r"(?:resultat|tid|resultat og tid) (grøn|gul|rød)", text))


def test_the_numbers_in_the_draft_are_the_contents_figures(content):
    text = " ".join(draft.text(content).split())
    f = dict(zip(content.figures["figure"], content.figures["value"]))
    n = lambda v: fmt_number(v)  # noqa: E731
    assert f"{n(f['events'])} arrangementer med i alt {n(f['participants'])} fremmøder" in text
    assert f"{n(f['young'])} fremmøder af unge" in text and f"{n(f['elderly'])} fremmøder af ældre" in text
    assert f"{n(f['activities'])} aktiviteter" in text and f"{n(f['talks'])} afklarende frivillig-samtaler" in text
    m = dict(zip(content.membership["figure"], content.membership["value"]))
    assert f"{n(m['start'])} medlemsorganisationer ved årets start og {n(m['end'])} medlemsorganisationer" in text
    assert f"mindst {n(m['target'])} medlemsorganisationer; der mangler {n(m['target'] - m['end'])}" in text
    assert f"på {len(content.meetings)} møder ({fmt_date(content.meetings[0])}" in text
    # The previous year has no events in the demo: no comparison, never a "0 arrangementer".
    assert content.figures.set_index("figure").at["events", "previous"] is None
    assert "Året før" not in text and not re.search(r"(?<![\d.,])0 ", text)
    for row in content.base.reach.to_dict("records"):
        assert f"»{row['initiative']}« havde {n(row['attendances'])} fremmøder" in text
        for band, said in (("young", "unge"), ("adults", "voksne"), ("elderly", "ældre")):
            assert (f"{n(row[band])} fremmøder af {said}" in text) == bool(row[band]), (row["initiative"], band)
        assert f"Målet for året var {n(row['target'])} fremmøder. {n(row['organisations'])} organisationer" in text
    voice = content.base.voice
    for row in voice.loc[voice["band"] == outcomes.ALL].to_dict("records"):
        assert f"»{row['name']}« fik {n(row['answers'])} svar på {n(row['attendances'])} fremmøder" in text
        # the whole's figures, or where they are hidden to protect a small band, each shown band's
        shown = [row] if pd.notna(row["satisfaction"]) else [
            r for r in voice.loc[voice["initiative"] == row["initiative"]].to_dict("records") if pd.notna(r["satisfaction"])]
        assert shown, row["name"]
        for one in shown:
            for share in ("met_share", "severe_share"):
                assert outcomes.percent(one[share]) in text
            assert f"tilfredshed på {fmt_number(one['satisfaction'], decimals=1)} af 5" in text
            if one is not row:
                assert f"{outcomes.band_label(one['band'])} ({n(one['answers'])} svar)" in text
    assert "–" not in text.split("## ")[-1]  # no hidden figure written as a dash


def test_a_count_of_one_is_written_in_the_singular(content):
    one = dataclasses.replace(content, meetings=content.meetings[:1],
                              membership=content.membership.assign(value=[40, 1, 1, 40, 70]))
    text = draft.text(one)
    assert f"på 1 møde ({fmt_date(content.meetings[0])})" in text and "1 møder" not in text
    assert "kom 1 ny medlemsorganisation til, og 1 medlemsorganisation meldte sig ud" in text
    two = draft.text(content)
    assert "på 2 møder (" in two and "1 medlemsorganisation meldte sig ud" in two  # the demo's one who left
    assert "at 1 meeting (" in draft.text(one, "en")


# --- what is left out ---------------------------------------------------------------------------------

EVENT_HEAD = ["ID", "Dato", "Titel", "Indsats", "Deltagere i alt", "Unge 15-25", "Voksne 26-64", "Ældre 65+"]
EVAL_HEAD = ["ID", "Arrangement", "Dato", "Udbytte (1-5)", "Mødt nogen", "Savner nogen (1-3)", "Holdt udenfor (1-3)",
             "Isoleret fra andre (1-3)", "Aldersgruppe"]


def yearly_of(tmp_path, grids, year=2025):
    snap = read_snapshot(WorkbookStore(write_workbook(tmp_path, grids)))
    return yearly.build(snap, year, today=TODAY, centre="Centret")


def test_a_centre_without_loneliness_initiatives_gets_no_reach_or_voice_and_no_zero(tmp_path):
    content = yearly_of(tmp_path, {
        "initiatives": [["ID", "Navn", "Fokus"], ["IND-1", "Frivilligjob", "Rekruttering"]],
        "events": [EVENT_HEAD, ["E1", "2-3-2025", "Jobcafé", "IND-1", 8]]})
    text = draft.text(content)
    assert t("draft.h.reach") not in text and t("draft.h.voice") not in text and "ensomhed" not in text.lower()
    assert "I 2025 holdt centret 1 arrangement med i alt 8 fremmøder" in text
    assert "Der er ikke registreret aktiviteter i 2025." in text and t("draft.no_members") in text
    assert "Bestyrelsen har ikke registreret opfølgninger på målene i 2025." in text
    assert not re.search(r"(?<![\d.,])0(?![\d.,])", text), text
    assert "Heraf" not in text  # no age band was typed: no "0 fremmøder af unge"


def test_a_loneliness_initiative_without_evaluations_gets_its_reach_but_no_voice(tmp_path):
    content = yearly_of(tmp_path, {
        "initiatives": [["ID", "Navn", "Fokus"], ["IND-E", "Ældrecafé", schema.FOCUS_LONELINESS]],
        "events": [EVENT_HEAD, ["E1", "2-3-2025", "Café", "IND-E", 12, "", 2, 10]]})
    text = draft.text(content)
    assert ("»Ældrecafé« havde 12 fremmøder i året. "
            "Heraf 2 fremmøder af voksne (26-64 år) og 10 fremmøder af ældre") in text
    assert t("draft.h.reach") in text and t("draft.h.voice") not in text


def test_the_voice_never_states_a_figure_on_fewer_than_five_answers(tmp_path):
    answers = [[f"EVA-{i}", "E1", "2-3-2025", 5 - i % 2, "Ja", 1, 1, 1, "Ældre 65+"] for i in range(3)]
    content = yearly_of(tmp_path, {
        "initiatives": [["ID", "Navn", "Fokus"], ["IND-E", "Ældrecafé", schema.FOCUS_LONELINESS]],
        "events": [EVENT_HEAD, ["E1", "2-3-2025", "Café", "IND-E", 12, "", 2, 10]],
        "evaluations": [EVAL_HEAD, *answers]})
    text = draft.text(content)
    assert t("draft.h.voice") in text and "»Ældrecafé« fik 3 svar på 12 fremmøder" in text
    assert outcomes.reason_text(outcomes.FEW) in text
    assert "tilfredshed" not in text and "100 %" not in text and "mødt en" not in text


def test_goals_are_told_under_their_area_in_both_files_with_the_boards_red_and_a_changed_goal(tmp_path):
    """Areas in the order they first come, even where the plan interleaves them; a goal without an
    area under one of its own; the board's red light, a goal the board marked as changed, and the
    board's latest comment where its latest follow-up has none."""
    plan = [goal(ID="1", Indsatsområde="Rekruttering", Mål="Kursus om rekruttering", Start="1-1-2025",
                 Slut="31-12-2025"),
            goal(ID="2", Indsatsområde="Netværk", Mål="Nyt netværk", Start="1-1-2025", Slut="31-12-2025"),
            goal(ID="3", Indsatsområde="Rekruttering", Mål="Frivilligmesse", Start="1-1-2025", Slut="31-12-2025"),
            goal(ID="4", Indsatsområde=None, Mål="Ny hjemmeside", Start="1-1-2025", Slut="31-12-2025")]
    content = yearly_of(tmp_path, {"goals": [GOAL_HEAD, *plan], "followups": [
        ["ID", "Dato", "Mål", "Resultat", "Tid", "Kommentar"],
        ["F1", "10-6-2025", "1", "Rød", "Gul", "Ingen tilmeldte"], ["F2", "10-6-2025", "2", schema.CHANGED, "", ""],
        ["F3", "1-3-2025", "3", "Gul", "Gul", "Messen er booket"], ["F4", "10-6-2025", "3", "Grøn", "Grøn", ""]]})
    text = draft.text(content)
    assert text.count("Rekruttering (2 mål):") == 1 and "Mål uden indsatsområde (1 mål): 4 Ny hjemmeside" in text
    assert ("1 Kursus om rekruttering – bestyrelsens lys: resultat rød, tid gul. "
            "Bestyrelsen 10.06.2025: »Ingen tilmeldte«.") in text
    assert "2 Nyt netværk – målet er ændret" in text and "4 Ny hjemmeside – intet lys endnu" in text
    # The latest follow-up says nothing: the board's latest comment is the one before it.
    assert ("3 Frivilligmesse – bestyrelsens lys: resultat og tid grøn. "
            "Bestyrelsen 01.03.2025: »Messen er booket«.") in text
    assert "Bestyrelsen fulgte op på målene på 2 møder (01.03.2025 og 10.06.2025)." in text
    document = word_file(yearly.docx(content))
    (table,) = [tb for tb in document.tables if tb.rows[0].cells[0].text == "ID" and len(tb.columns) == 5]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Rekruttering", "1", "3", "Netværk", "2",
                                                        "Mål uden indsatsområde", "4"]
    row = {r.cells[0].text: r.cells for r in table.rows[1:]}
    assert [row["1"][2].text, row["1"][2]._tc.xpath("./w:tcPr/w:shd/@w:fill")] == ["Rød", [word.SHADE[schema.RED]]]
    assert [row["2"][2].text, row["2"][2]._tc.xpath("./w:tcPr/w:shd/@w:fill")] == [
        goals.colour_label(schema.CHANGED), [word.SHADE[schema.CHANGED]]]


# --- the edited text in the files ---------------------------------------------------------------------

def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "aarsrapport.pdf"
    path.write_bytes(data)
    return " ".join(poppler("pdftotext", "-layout", path, "-").split())


@POPPLER
def test_the_pdf_opens_with_the_edited_text_and_not_the_draft(content, tmp_path):
    drafted = " ".join(draft.blocks(draft.text(content))[1][1].split()[:8])
    assert drafted in pdf_text(yearly.pdf(content), tmp_path)  # no text given: the draft
    flat = pdf_text(yearly.pdf(content, text=EDITED), tmp_path)
    assert "Vores år med broer" in flat and "kvadratdans i Korsør" in flat
    assert "til SLUTORDET." in flat and "En linje mere og en linje under den." in flat  # a long paragraph, whole
    assert drafted not in flat
    assert flat.index("Vores år med broer") < flat.index(f"Nøgletal {YEAR} mod {YEAR - 1}")


def word_file(data: bytes):
    return docx.Document(io.BytesIO(data))


def cells(document) -> list[list[list[str]]]:
    return [[[c.text for c in row.cells] for row in table.rows] for table in document.tables]


def test_the_word_file_holds_the_edited_text_every_goal_and_the_figures(content):
    data = yearly.docx(content, text=EDITED)
    document = word_file(data)
    paragraphs = [p for p in document.paragraphs]
    texts = [p.text for p in paragraphs]
    assert texts[0] == "Frivilligcenter Demo" and f"Årsrapport {YEAR}" in texts
    (heading,) = [p for p in paragraphs if p.text == "Vores år med broer"]
    assert heading.style.name.startswith("Heading")
    assert any("til SLUTORDET." in x for x in texts) and "En linje mere\nog en linje under den." in texts
    drafted = draft.blocks(draft.text(content))[1][1]
    assert drafted not in texts and not any(drafted[:60] in x for x in texts)
    tables = cells(document)
    everything = [value for table in tables for row in table for value in row]
    ids = [r["id"] for r in goal_rows(content)]
    assert all(i in everything for i in ids)
    def headed(first: str, second: str) -> int:  # the table whose header row begins so
        return next(i for i, table in enumerate(tables) if table[0][:2] == [first, second])

    figures = {row[0]: row[1:] for row in tables[headed(t("report.col.figure"), t("yearly.col.year", year=YEAR))][1:]}
    for row in content.figures.to_dict("records"):
        shown = figures[t(f"report.figure.{row['figure']}")]
        assert shown[:2] == [words.figure_value(row["value"]), words.figure_value(row["previous"])]  # as the PDF
    members = {row[0]: row[1] for row in tables[headed(t("report.col.figure"), t("col.value"))][1:]}
    assert members[t("yearly.member.end")] == fmt_number(content.membership.set_index("figure").at["end", "value"])
    # The goals' lights at the year's end, written out, on their colour.
    lights = {row.cells[0].text: row.cells for row in document.tables[headed(t("report.col.id"), t("report.col.goal"))].rows[1:]
              if row.cells[0].text in ids}
    assert set(lights) == set(ids)
    for row in goal_rows(content):
        source, result, time = draft.lights(row)
        for cell, colour in ((lights[row["id"]][2], result), (lights[row["id"]][3], time)):
            assert cell.text == (goals.colour_label(colour) if colour else "–"), row["id"]
            fill = cell._tc.xpath("./w:tcPr/w:shd/@w:fill")
            assert fill == ([word.SHADE[colour]] if colour else []), row["id"]
    # Every table has a header row Word repeats; no field codes, no formulas.
    assert all(table.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for table in document.tables)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "fldSimple" not in xml and "instrText" not in xml and "fldChar" not in xml
    for row in content.base.history.to_dict("records"):  # the board's comments
        assert row["comment"] in everything


def test_the_word_file_of_a_centre_without_loneliness_leaves_reach_and_voice_out_and_has_its_logo(tmp_path):
    content = yearly_of(tmp_path, {
        "initiatives": [["ID", "Navn", "Fokus"], ["IND-1", "Frivilligjob", "Rekruttering"]],
        "events": [EVENT_HEAD, ["E1", "2-3-2025", "Jobcafé", "IND-1", 8]]})
    document = word_file(yearly.docx(content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert t("report.reach") not in headings and t("outcomes.report") not in headings  # as in the PDF
    assert t("report.membership") in headings
    assert not document.inline_shapes
    pasted = word_file(yearly.docx(content, text="## Over\x01skrift\n\nTekst\x0bmed lodret tabulator"))
    assert {"Overskrift", "Tekstmed lodret tabulator"} <= {p.text for p in pasted.paragraphs}
    assert len(word_file(yearly.docx(content, logo=png(tmp_path / "logo.png"))).inline_shapes) == 1
    english = [p.text for p in word_file(yearly.docx(content, "en")).paragraphs]
    assert i18n.t("yearly.title", "en", year=2025) in english and t("draft.h.year", "en", year=2025) in english


# --- the page ------------------------------------------------------------------------------------------

@pytest.fixture
def made(monkeypatch):
    """The files the page's download buttons would make on a click, by file name."""
    found = {}
    register = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return found


def yearly_page(monkeypatch, workbook, editor: bool):
    monkeypatch.setenv("FCDASH_WORKBOOK", str(workbook))
    monkeypatch.setenv("FCDASH_TODAY", TODAY.isoformat())
    return menu_page(monkeypatch, "app_pages/yearly.py", editor)


KEY = f"yearly_text_{YEAR}_da"


@POPPLER
def test_an_editor_edits_the_written_part_and_the_pdf_and_word_file_carry_the_edit(monkeypatch, demo_workbook, made,
                                                                                   content, tmp_path):
    at = yearly_page(monkeypatch, demo_workbook, editor=True)
    area = at.text_area(key=KEY)
    assert area.value == draft.text(content) and not area.disabled
    area.input(EDITED).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "kvadratdans i Korsør" in pdf_text(made[yearly.file_name(YEAR, "pdf")](), tmp_path)
    words = [p.text for p in word_file(made[yearly.file_name(YEAR, "docx")]()).paragraphs]
    assert "Vores år med broer" in words
    # Kept while she visits another page; a year of its own; redrafted from the data on request.
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/yearly.py").run()
    assert at.text_area(key=KEY).value == EDITED
    at.selectbox(key="yearly_year").set_value(YEAR + 1).run()
    assert "Året 2026 i korte træk" in at.text_area(key=f"yearly_text_{YEAR + 1}_da").value
    at.selectbox(key="yearly_year").set_value(YEAR).run()
    assert at.text_area(key=KEY).value == EDITED
    at.button(key="yearly_redraft").click().run()
    assert at.text_area(key=KEY).value == draft.text(content)
    assert "kvadratdans" not in pdf_text(made[yearly.file_name(YEAR, "pdf")](), tmp_path)


def test_a_viewer_reads_the_draft_and_cannot_edit_it(monkeypatch, demo_workbook, made):
    at = yearly_page(monkeypatch, demo_workbook, editor=False)
    assert not [a for a in at.text_area if a.key == KEY] and not [b for b in at.button if b.key == "yearly_redraft"]
    (shown,) = at.text_area
    assert shown.disabled and shown.value.startswith(f"## Året {YEAR} i korte træk")
    assert yearly.file_name(YEAR, "docx") in made
    labels = {b.proto.label for b in at.get("download_button")}
    assert "Hent årsrapporten som Word" in labels
