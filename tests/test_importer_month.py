"""Which month an export reports on, told from its own title block."""

from __future__ import annotations

from pathlib import Path

import pytest

from dmreport.core.errors import DmreportError
from dmreport.importer import convert_export

BODY = (
    "High-level Summary\n\nThe archive team filed the quarter's papers.\n\n"
    "1.02C.03: Alert Production\n\nCurrent accomplishments\n\nThe broker tests ran.\n\n"
    "Planned activities\n\nMore tests.\n\nStaffing update\n\nNone.\n"
)


@pytest.mark.parametrize(
    ("title", "month", "noted"),
    [
        ("LSST Data Management Monthly Report\n\nMarch 2017", "2017-03", False),
        ("LSST Data Management Monthly Report\n\n31 March 2017", "2017-03", True),
        ("Data Management Monthly Progress Report\n\nIssued 5 April 2018\n\nMarch 2018",
         "2018-03", False),
        ("Vera C. Rubin Observatory\n\nData Management Monthly Report\n\nSept. 2020",
         "2020-09", False),
        ("DM Monthly Report, 2021-07-30", "2021-07", True),
    ],
)  # fmt: skip
def test_month_from_the_title(
    title: str, month: str, noted: bool, project: Path, tmp_path: Path
) -> None:
    source = tmp_path / "export.txt"
    source.write_text(f"{title}\n\n{BODY}", encoding="utf-8")
    _pages, result = convert_export(source, None, project)
    assert result.month == month
    read = [w for w in result.warnings if "read from the title's date" in w]
    assert bool(read) is noted, result.warnings


def test_no_month_anywhere_is_a_located_refusal(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "export.txt"
    source.write_text(f"LSST Data Management Monthly Report\n\n{BODY}", encoding="utf-8")
    with pytest.raises(DmreportError, match="month cannot be told") as caught:
        convert_export(source, None, project)
    assert "--month" in str(caught.value)
