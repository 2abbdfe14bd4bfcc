"""Milestones: date parsing and validation, the month's tables, the tracker
across months with its flags, and the trend chart."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.parsers.rst import directives
from pydantic import ValidationError

from dmreport.core.dates import parse_date
from dmreport.core.milestones import (
    DATE_FIELDS,
    OPTION_NAMES,
    RECORD_FIELDS,
    SHOWN_DATES,
    Milestone,
)
from dmreport.ext.aggregates.tracker import analyse, months_between
from dmreport.ext.milestones import MilestoneDirective
from dmreport.ext.records import MilestoneEntry
from dmreport.importer.records import DISPLAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01-21", date(2020, 1, 21)),
        ("1/31/20", date(2020, 1, 31)),
        ("01/31/2020", date(2020, 1, 31)),
        (" 2016-11-30 ", date(2016, 11, 30)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2020-02-30", "not a real date"),
        ("13/01/20", "not a real date"),
        ("end of April 2020", "is not a date"),
    ],
)
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(text)


def test_record_validation() -> None:
    record = Milestone.model_validate(
        {"id": "DM-DRP-8", "title": "T", "status": "delayed", "due": "2020-01-21"}
    )
    assert record.due == date(2020, 1, 21)
    with pytest.raises(ValidationError, match="unknown status 'late'"):
        Milestone.model_validate({"id": "DM-DRP-8", "title": "T", "status": "late"})
    with pytest.raises(ValidationError, match="not a milestone id"):
        Milestone.model_validate({"id": "drp 8", "title": "T", "status": "delayed"})


def test_one_table_of_fields() -> None:
    """The model types the table's fields; the directive, the checks and the
    importer take theirs from it."""
    fields = Milestone.model_fields
    assert list(fields) == [field.name for field in RECORD_FIELDS]
    assert all(fields[f.name].is_required() == f.required for f in RECORD_FIELDS)
    spec = MilestoneDirective.option_spec
    assert list(spec) == list(OPTION_NAMES) == ["title", "status", "wbs", *DATE_FIELDS]
    assert spec["title"] is directives.unchanged_required
    assert spec["due"] is directives.unchanged
    assert SHOWN_DATES == (("due", "Due"), ("forecast", "Forecast"), ("completed", "Completed"))
    assert DISPLAY == ("status", "due", "forecast", "completed", "dates")


def test_months_between() -> None:
    assert months_between(date(2018, 11, 30), "2020-01") == 14
    assert months_between(date(2020, 1, 21), "2020-01") == 0


def test_analyse_flags() -> None:
    def entry(month: str, status: str, due: str, explanation: str) -> MilestoneEntry:
        return MilestoneEntry(
            id="DM-X-1", title="t", status=status, wbs=None, due=due, completed=None,
            forecast=None, explanation=explanation, line=1, anchor="", section="", month=month,
        )  # fmt: skip

    entries = [
        entry("2019-11", "delayed", "2019-10-31", "a"),
        entry("2019-12", "delayed", "2020-01-31", "a"),
        entry("2020-01", "completed", "2020-01-31", "b"),
        entry("2020-02", "delayed", "2020-01-31", "c"),
    ]
    facts = analyse(entries)
    assert facts.changes == [("2019-11", "2019-10-31"), ("2019-12", "2020-01-31")]
    assert facts.completed_in == "2020-01"
    assert facts.months_late == 1
    assert facts.flags == [
        "due date changed without comment in 2019-12 (2019-10-31 → 2020-01-31)",
        "reported delayed in 2020-02 after completion in 2020-01",
    ]


def article(app, docname: str) -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")


def cells(row) -> list[str]:
    return [re.sub(r"\s+;", ";", c.get_text(" ", strip=True)) for c in row.select("td")]


@pytest.mark.sphinx("html", testroot="milestones", freshenv=True)
def test_tracker_across_three_months(app) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    tracker = article(app, "milestones/index")
    rows = {cells(r)[0]: cells(r) for r in tracker.select("table")[0].select("tbody tr")}
    one = rows["DM-DRP-1"]
    assert one[2] == "completed"  # its status now
    # One cell per report month, named (for screen readers and as a
    # tooltip) by its month and status, linking that month's milestones.
    strip = tracker.select("tr#milestone-dm-drp-1 .dmreport-strip a")
    assert [a["title"] for a in strip] == [
        "2019-11: delayed", "2019-12: delayed", "2020-01: completed"]  # fmt: skip
    assert [a["class"] for a in strip] == [
        ["dmreport-cell-delayed"],
        ["dmreport-cell-delayed"],
        ["dmreport-cell-completed"],
    ]
    assert strip[0]["href"] == "../reports/2019-11/milestones.html"
    folded = tracker.select_one("tr#milestone-dm-drp-1 details.dmreport-fold")
    assert folded.summary.get_text() == "1 due-date change, 1 flag"
    text = folded.get_text(" ", strip=True)
    assert "2019-10-31 (from 2019-11); 2020-01-31 (from 2019-12)" in text
    assert "Completed in 2020-01." in text
    assert "due date changed without comment in 2019-12 (2019-10-31 → 2020-01-31)" in text
    two = tracker.select_one("tr#milestone-dm-drp-2 details.dmreport-fold").get_text(" ")
    assert "reported delayed in 2019-12 after completion in 2019-11" in two
    row = tracker.select_one("tr#milestone-dm-drp-1")["class"]
    assert "dmreport-due-done" in row and "dmreport-level-none" in row
    assert "dmreport-due-overdue" in tracker.select_one("tr#milestone-dm-drp-2")["class"]
    summary = tracker.select_one(".dmreport-tracker-summary").get_text(" ", strip=True)
    assert "Completed in 2020-01: DM-DRP-1" in summary


@pytest.mark.sphinx("html", testroot="milestones", freshenv=True)
def test_month_tables_and_role(app) -> None:
    app.build()
    page = article(app, "reports/2019-12/milestones")
    table = page.select_one("table")
    assert [th.get_text(strip=True) for th in table.select("th")] == [
        "Milestone", "Title", "Status", "Dates", "Explanation",
    ]  # fmt: skip
    assert [cells(r)[:4] for r in table.select("tbody tr")] == [
        ["DM-DRP-1", "Test milestone one", "delayed", "Due 2020-01-31"],
        ["DM-DRP-2", "Test milestone two", "delayed", "Due 2019-11-15"],
    ]
    link = table.select_one('a[href*="milestones/index.html"]')
    assert link["href"] == "../../milestones/index.html#milestone-dm-drp-1"
    done = article(app, "reports/2020-01/milestones").select_one("table tbody tr")
    assert cells(done)[3] == "Due 2020-01-31 Completed 2020-01-20"  # 1/20/20 as ISO
    index = article(app, "references/milestones")
    assert [cells(r)[0] for r in index.select("tbody tr")] == ["DM-DRP-1", "DM-DRP-2"]


@pytest.mark.sphinx("html", testroot="milestones", freshenv=True)
def test_trend_chart_and_its_table(app) -> None:
    app.build()
    page = article(app, "milestones/index")
    image = page.select_one("img")
    assert re.fullmatch(r"\.\./_images/dmreport-milestone-trend-[0-9a-f]{12}\.svg", image["src"])
    svg = (Path(app.outdir) / "milestones" / image["src"]).read_text()
    assert svg.startswith("<?xml") and "DM-DRP-1" in svg and "DM-DRP-2" in svg
    assert "<dc:date>" not in svg
    data = page.select("table")[-1]
    assert [cells(r) for r in data.select("tbody tr")][:3] == [
        ["DM-DRP-1", "2019-11", "2019-10-31", "delayed"],
        ["DM-DRP-1", "2019-12", "2020-01-31", "delayed"],
        ["DM-DRP-1", "2020-01", "2020-01-31", "completed"],
    ]


@pytest.mark.sphinx("html", testroot="milestones", srcdir="milestones-bad", freshenv=True)
def test_invalid_records_fail_with_file_and_line(app) -> None:
    page = Path(app.srcdir) / "reports/2019-12/milestones.md"
    text = page.read_text()
    text = text.replace(":due: 2020-01-31", ":due: 2020-02-30", 1)
    text = text.replace(":status: delayed\n:wbs: 1.02C.04\n:due: 2019-11-15",
                        ":status: late\n:wbs: 1.02C.99\n:due: 2019-11-15")  # fmt: skip
    page.write_text(text)
    first = Path(app.srcdir) / "reports/2019-11/milestones.md"
    first.write_text(first.read_text().replace(":wbs: 1.02C.04", ":wbs: 1.02C.99", 1))
    app.build()
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())
    expected = [
        r"2019-12/milestones\.md:5: WARNING: DMR014 milestone DM-DRP-1: "
        r"due: '2020-02-30' is not a real date",
        r"2019-12/milestones\.md:14: WARNING: DMR014 milestone DM-DRP-2: "
        r"status: unknown status 'late'; use one of: completed, delayed",
        r"2019-11/milestones\.md:5: WARNING: DMR014 milestone DM-DRP-2: "
        r"WBS 1\.02C\.99 is not in wbs/elements\.yaml",
    ]
    for pattern in expected:
        assert re.search(pattern, warnings), warnings
