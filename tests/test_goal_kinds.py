"""Every count kind, rhythm, target form and group in fcdash.counting is handled by the goals page,
the report and the guide tab: a goal of each, typed into the demo workbook, is counted without a
data problem, shows its windows on the page and in the report, and the guide explains it."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from pypdf import PdfReader

from fcdash import counting, schema
from fcdash.reports import board, words
from fcdash.parsing import read_snapshot
from fcdash.store import layout
from fcdash.store.workbook import WorkbookStore, create_workbook
from fcdash.ui import widgets
from tests.conftest import TODAY, goals_page_on

FILTER_FOR = {"events": {"event_types": "Cafémøde"}, "activities": {"activity_types": schema.GUIDANCE_TALK},
              "members": {"member_types": "Forening"}, "evaluations": {"initiative": "IND-UNGE"},
              "networks": {}, "initiatives": {}}  # networks and initiatives begun are counted as they are
TARGET_FOR_FORM = {"fra 46 til 70": "fra 40 til 60", "op til 30": "op til 300", "præcis 4": "præcis 4",
                   "2-4": "2-4", "mindst 70": "mindst 2"}


def extra_goals() -> dict[str, dict]:
    """One goal of each count kind, rhythm, target form and applicable group, by id."""
    made = {}
    for i, kind in enumerate(counting.COUNTS.values()):
        target = "mindst 50 %" if kind.share else "1"  # a share takes its target in percent
        made[f"K{i}"] = {"count": kind.name, **FILTER_FOR[kind.source], "target": target, "per": "År"}
        for j, group in enumerate(kind.groups):
            made[f"K{i}G{j}"] = {"count": kind.name, "per_group": group, "target": target, "per": "År"}
    for i, rhythm in enumerate(counting.RHYTHMS):
        made[f"R{i}"] = {"count": counting.EVENTS, "event_types": "Cafémøde", "target": "1", "per": rhythm}
    for i, (form, _, _) in enumerate(counting.TARGET_FORMS):
        made[f"T{i}"] = {"count": counting.PARTICIPANTS, "target": TARGET_FOR_FORM[form], "per": "Kvartal"}
    return made


EXTRA = extra_goals()


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, demo_rows):
    rows = dict(demo_rows)
    rows["goals"] = [*demo_rows["goals"], *({"id": ident, "area": "Prøver", "goal": f"Prøve {ident}", **how}
                                          for ident, how in EXTRA.items())]
    return create_workbook(tmp_path_factory.mktemp("kinds") / "frivilligcenter.xlsx", rows)


@pytest.fixture(scope="module")
def snap(workbook):
    return read_snapshot(WorkbookStore(workbook))


@pytest.fixture(scope="module")
def goals_page(workbook):
    return [m.value for m in goals_page_on(workbook).markdown]


@pytest.fixture(scope="module")
def quarter_report(snap):
    content = board.build(snap, dt.date(2026, 7, 1), dt.date(2026, 9, 30), today=TODAY, centre="Centret")
    sheet = openpyxl.load_workbook(io.BytesIO(board.excel(content)))["Mål"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(board.pdf(content))).pages)
    return content, [list(row) for row in sheet.iter_rows(values_only=True)], " ".join(text.split())


@pytest.mark.parametrize("ident", list(EXTRA))
def test_every_kind_rhythm_target_and_group_is_counted_shown_and_reported(ident, snap, goals_page, quarter_report):
    goal_rows = snap["goals"].set_index("id")
    assert not [p for p in snap.problems if p.tab == "goals" and p.row == goal_rows.at[ident, "_row"]]
    # The page: the goal's card, then its windows in the documentation.
    header = next(i for i, text in enumerate(goals_page) if text.startswith(f"**{widgets.escape(ident)}** "))
    following = "\n".join(goals_page[header:header + 12])
    assert "| Vindue | Talt | Mål | Resultat |" in following
    # The report: the goal's windows in the quarter, named, in the Excel and the goal in the PDF.
    content, sheet, pdf = quarter_report
    judged = content.goals.set_index("id").loc[ident]
    assert judged["status"] in ("scored", "followed") and judged["in_period"]
    excel_row = next(r for r in sheet if r[0] == ident)
    assert words.progress_text(judged.to_dict()) in excel_row
    assert f"{ident} Prøve {ident}" in pdf


def test_the_guide_explains_every_kind_rhythm_target_and_group():
    guide = "\n".join(layout.guide_lines())
    for kind in counting.COUNTS.values():
        assert f"{kind.name}: fx {kind.example}" in guide
    for rhythm in counting.RHYTHMS.values():
        assert f"{rhythm.name}: fx {rhythm.example}" in guide
    for form, _, _ in counting.TARGET_FORMS:
        assert counting.parse_target(form) is not None and f"    {form}" in guide
    for form in counting.SHARE_FORMS:
        assert counting.parse_target(form).unit == counting.PERCENT and f"    {form}" in guide
    for group in counting.GROUPS.values():
        assert f"{group.name}: fx {group.example}" in guide


def test_the_demo_shows_every_count_kind_and_the_slagelse_examples(snap):
    demo_goals = snap["goals"].loc[~snap["goals"]["id"].isin(list(EXTRA))]
    assert set(counting.COUNTS) <= set(demo_goals["count"].dropna())
    assert (demo_goals["per_group"] == "Netværk").any()  # 2-4 network meetings per network
    assert any(t.kind == counting.MAX for t in demo_goals["target"] if isinstance(t, counting.Target))
