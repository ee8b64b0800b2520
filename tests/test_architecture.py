"""The rules of ARCHITECTURE.md that must never break, read from the code's own imports."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.conftest import ROOT

PRODUCT = sorted([ROOT / "app.py", *ROOT.glob("app_pages/*.py"), *ROOT.glob("fcdash/**/*.py")])


def imports(path) -> set[str]:
    """Every module a file imports, by its full dotted name (relative imports resolved)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def where(prefix: str) -> set[str]:
    """The product files that import ``prefix`` or one of its modules."""
    return {path.relative_to(ROOT).as_posix() for path in PRODUCT
            if any(name == prefix or name.startswith(prefix + ".") for name in imports(path))}


def test_the_rules_read_real_files():
    assert len(PRODUCT) > 30 and "fcdash/store/gsheets.py" in where("gspread")


@pytest.mark.parametrize("library, allowed", [
    ("gspread", {"fcdash/store/gsheets.py"}),
    ("google", {"fcdash/store/gsheets.py"}),
    ("openpyxl", {"fcdash/store/workbook.py", "fcdash/exports.py"}),
    ("python_calamine", {"fcdash/store/workbook.py"}),
])
def test_only_its_backend_imports_a_storage_library(library, allowed):
    assert where(library) <= allowed


def test_streamlit_only_in_the_app_the_pages_and_fcdash_ui_and_never_a_private_module():
    for path in PRODUCT:
        names = {n for n in imports(path) if n == "streamlit" or n.startswith("streamlit.")}
        relative = path.relative_to(ROOT).as_posix()
        if names:
            assert relative == "app.py" or relative.startswith(("app_pages/", "fcdash/ui/")), relative
        assert names <= {"streamlit"}, (relative, names)


@pytest.mark.parametrize("module", ["fcdash/store", "fcdash/grid.py", "fcdash/snapshot.py", "fcdash/schema.py",
                                    "fcdash/parsing.py", "fcdash/references.py", "fcdash/variants.py"])
def test_the_lower_floors_import_nothing_from_above(module):
    above = ("fcdash.ui", "fcdash.parsing", "fcdash.i18n", "fcdash.demo", "fcdash.metrics", "fcdash.reports")
    for path in PRODUCT:
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith(module) and relative != "fcdash/parsing.py":
            assert not [n for n in imports(path) if n.startswith(above)], relative
    if module == "fcdash/parsing.py":
        assert not [n for n in imports(ROOT / module) if n.startswith(("fcdash.store", "fcdash.ui", "fcdash.i18n"))]


def test_nothing_in_fcdash_outside_ui_imports_the_streamlit_side():
    assert {p for p in where("fcdash.ui") if p.startswith("fcdash/")} <= {
        p.relative_to(ROOT).as_posix() for p in ROOT.glob("fcdash/ui/*.py")}


def test_the_pages_shared_helpers_do_not_load_the_pdf_library():
    # Every page's first run imports fcdash.ui; the PDF library (about a quarter of a second) is
    # for the moment a PDF is made (fcdash.reports.board_pdf, yearly_pdf, evaluation_sheet).
    loaded = subprocess.run([sys.executable, "-c", "import sys, fcdash.ui.data, fcdash.ui.widgets, fcdash.ui.forms; "
                             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fpdf', 'fcdash')))"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "fpdf" not in loaded and "fcdash.reports" not in loaded, loaded


def test_a_report_is_built_and_previewed_without_the_pdf_or_chart_libraries():
    # The report page's preview, the yearly report's written part and the reach page's words load
    # the reports' contents; fpdf2 and matplotlib (about a second together) only come when a PDF is
    # asked for, python-docx only when a Word file is.
    loaded = subprocess.run([sys.executable, "-c", "import sys; from fcdash.reports import board, draft, layout, periods, "
                             "words, yearly; print(sorted(m.split('.')[0] for m in sys.modules))"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "'fpdf'" not in loaded and "'matplotlib'" not in loaded and "'docx'" not in loaded, loaded
    assert where("docx") == {"fcdash/reports/word.py"}
