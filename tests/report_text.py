"""Both reports read as a person reads them: the PDF's text layer (poppler's pdftotext, in the
order the cells were drawn), cut into one stretch per goal, and held to the judged goals the
pages and ``python -m fcdash goals`` show. Used by the demo's and the seeds' tests and by the
generated plans' sweep."""

from __future__ import annotations

import re
import shutil
import subprocess

import pandas as pd

from fcdash import schema
from fcdash.i18n import fmt_number
from fcdash.reports import board, yearly

PDFTOTEXT = shutil.which("pdftotext")
COLOURS = {schema.GREEN, schema.YELLOW, schema.RED}
# 'x af y' as the reports write a count against a target (a share reads 'x % af n svar': no target)
OF = re.compile(r"(?<![\w.,])(\d{1,3}(?:\.\d{3})*) af (\d{1,3}(?:\.\d{3})*)(?![\d,]| svar| besvarelse)")


def pdf_text(data: bytes) -> str:
    """The PDF's text in drawing order, lines joined where a cell wrapped (so 'af' and its number
    stay together)."""
    out = subprocess.run([PDFTOTEXT, "-raw", "-", "-"], input=data, capture_output=True, check=True).stdout
    return out.decode("utf-8")


def goal_stretches(text: str, ids: list[str], heading: str) -> dict[str, str]:
    """From ``heading`` on, the text from each goal's id (at a line's start, in the order the table
    lists them) to the next goal's: its row."""
    start = text.index(heading)
    places = []
    for ident in ids:
        found = re.compile(rf"^{re.escape(ident)} ", re.M).search(text, start)
        if found is None:
            continue
        places.append((ident, found.start()))
        start = found.end()
    return {ident: " ".join(text[at:(places[i + 1][1] if i + 1 < len(places) else len(text))].split())
            for i, (ident, at) in enumerate(places)}


def real_targets(judged: dict) -> set[str]:
    """What a goal's 'x af y' may name as y: the whole target of one of its windows, or of the
    windows in the report's period together (never a part spread over the days so far, never 0)."""
    def whole(w):
        return w.need if w.need is not None else (w.due if w.closed else None)

    windows, inside = judged.get("windows") or (), judged.get("in_period") or ()
    values = {judged.get("target")} | {whole(w) for w in windows}
    if inside and all(whole(w) is not None for w in inside):
        values.add(sum(whole(w) for w in inside))
    return {fmt_number(v) for v in values if v is not None and not pd.isna(v) and v > 0}


def check_goals(text: str, content: board.Report, records: list[dict], heading: str, counts: bool = True,
                colours: bool = True) -> int:
    return check_stretches(goal_stretches(text, [r["id"] for r in records if r["id"]], heading), content, records,
                           counts, colours)


def check_stretches(stretches: dict[str, str], content: board.Report, records: list[dict], counts: bool = True,
                    colours: bool = True) -> int:
    """Each goal's stretch under ``heading``: its proposed lights written out (``colours``), its
    running window's count as the command words it and every 'x af y' against a real target
    (``counts``). ``records``: the command's, as of the report's day. Returns the number of
    running counts checked."""
    by_id = {r["id"]: r for r in records}
    judged = {row["id"]: row for row in content.goals.to_dict("records")}
    checked = 0
    for ident, stretch in stretches.items():
        r = by_id[ident]
        for colour in ({r["result"], r["time"]} & COLOURS) if colours else ():
            assert colour in stretch, (ident, colour, stretch)
        if not counts:
            continue
        assert " af 0" not in stretch + " ", (ident, stretch)
        for value, target in OF.findall(stretch):
            assert target in real_targets({**judged[ident], "target": r["target"]}), (ident, value, target, stretch)
        running = judged[ident]["in_period"][-1:] if judged[ident]["countable"] else []
        if r["value_text"] is not None and r["window"] and running and running[0].end >= pd.Timestamp(content.as_of):
            said = " ".join(r["window_text"].split())  # the command's words for the running window
            assert said.split(",")[0] in stretch, (ident, said, stretch)
            checked += 1
    return checked


def check_board_report(content: board.Report, records: list[dict]) -> int:
    from fcdash.i18n import fmt_date, t

    text = pdf_text(board.pdf(content))
    return check_goals(text, content, records, t("report.goals_at", date=fmt_date(content.as_of)))


def check_yearly_report(content: yearly.Yearly, records: list[dict]) -> int:
    from fcdash.i18n import t

    text = pdf_text(yearly.pdf(content))
    check_goals(text, content.base, records, t("yearly.lights"), counts=False)
    return check_goals(text, content.base, records, t("yearly.windows"), colours=False)


def word_stretches(data: bytes, ids: set[str]) -> dict[str, str]:
    """The Word file's table rows that begin with a goal's id, joined per goal: its lights at the
    year's end and its windows."""
    import io

    import docx

    rows: dict[str, list[str]] = {}
    for table in docx.Document(io.BytesIO(data)).tables:
        for row in table.rows[1:]:
            cells = [cell.text for cell in row.cells]
            if cells and cells[0].strip() and cells[0].split()[0] in ids:
                rows.setdefault(cells[0].split()[0], []).append(" ".join(cells))
    return {ident: " ".join(" ".join(said).split()) for ident, said in rows.items()}


def check_word_file(content: yearly.Yearly, records: list[dict]) -> int:
    ids = {r["id"] for r in records if r["id"]}
    stretches = word_stretches(yearly.docx(content), ids)
    assert ids <= set(stretches), ids - set(stretches)  # every goal is in the Word file
    return check_stretches(stretches, content.base, records)
