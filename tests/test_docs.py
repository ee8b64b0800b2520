"""The README stays true: every count kind, rhythm and group of fcdash.counting is in it with the
example the guide tab gives."""

from __future__ import annotations

import re

from fcdash import counting
from tests.conftest import ROOT


def test_the_readme_lists_every_count_kind_rhythm_and_group_with_its_example():
    readme = (ROOT / "README.md").read_text()
    section = re.search(r"<!-- goal-kinds:start -->(.*)<!-- goal-kinds:end -->", readme, re.S).group(1)
    rows = {tuple(c.strip() for c in line.strip("|").split("|")) for line in section.splitlines() if line.startswith("|")}
    names = {row[0] for row in rows}
    for kind in counting.COUNTS.values():
        assert any(row[0] == kind.name and row[-1] == kind.example for row in rows), kind.name
    for entry in (*counting.RHYTHMS.values(), *counting.GROUPS.values()):
        assert (entry.name, entry.example) in rows, entry.name
    assert names - {"`Tæller`", "`Pr.`", "`Pr. gruppe`", "---"} == {
        *counting.COUNTS, *counting.RHYTHMS, *counting.GROUPS}
