"""The importer's promise, end to end: a month that would lose a word, lose
a block or fail the project's checks is not written and the export line is
named; many months import at once, each whole or not at all; every
identifier family is linked in every form; a Word source takes the same
path (the PDF round trip is in test_import_formats.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from commands import run_cli
from docx import Document
from pybtex.database import BibliographyData

from dmreport.checks import check_paths
from dmreport.checks.project import plan_milestones
from dmreport.core.errors import DmreportError
from dmreport.core.ids import DOCUMENT_SERIES, JIRA_PROJECTS
from dmreport.importer import import_month, render, write
from dmreport.importer.blocks import Block
from dmreport.importer.convert import InlineConverter

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "dmreport" / "importer"
MONTH = "2021-05"


def export(root: Path, *lines: str, name: str = "export.txt", month: str = "May 2021") -> Path:
    source = root / name
    text = "\n\n".join(["Data Management Monthly Report", month, *lines]) + "\n"
    source.write_text(text, encoding="utf-8")
    return source


def line_of(source: Path, fragment: str) -> int:
    for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} is not in {source}")


def months(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "reports").iterdir() if p.is_dir())


REPORT = (
    "High-level Summary",
    "The wombat survey of the summit was completed.",
    "1.02C.04: Data Release Production",
    "Current accomplishments",
    "- The coadds were rebuilt with DM-30001.",
    "- The deblender was profiled.",
    "Planned activities",
    "Staffing update",
)


# --- the refusal: nothing written, the line named ------------------------------------


def test_a_lost_word_writes_nothing_and_names_its_line(project: Path, monkeypatch):
    source = export(project, *REPORT)
    original = render.block_markdown

    def lossy(block: Block, converter: InlineConverter) -> str:
        return original(block, converter).replace("wombat ", "")

    monkeypatch.setattr(render, "block_markdown", lossy)
    with pytest.raises(DmreportError, match="lose words") as caught:
        import_month(source, None, project)
    assert f"{source}:{line_of(source, 'wombat')}: word 'wombat' is missing" in str(caught.value)
    assert months(project) == []


def test_a_lost_list_writes_nothing(project: Path, monkeypatch):
    source = export(project, *REPORT)
    original = render.block_markdown

    def flattening(block: Block, converter: InlineConverter) -> str:
        return original(block, converter).removeprefix("- ")  # items run into one paragraph

    monkeypatch.setattr(render, "block_markdown", flattening)
    with pytest.raises(
        DmreportError, match=r"data-release-production.md shows 1 paragraphs where 0"
    ) as caught:
        import_month(source, None, project)
    assert caught.value.line is not None
    assert months(project) == []


def test_a_page_failing_the_checks_writes_nothing_and_names_its_line(project: Path, monkeypatch):
    source = export(project, *REPORT)
    monkeypatch.setattr(InlineConverter, "ids", lambda self, text, hold: text)
    with pytest.raises(DmreportError, match="DMR009 ticket DM-30001 as plain text") as caught:
        import_month(source, None, project)
    assert caught.value.line == line_of(source, "DM-30001")
    assert months(project) == []


def test_a_month_failing_the_checks_as_written_is_put_back(project: Path, monkeypatch):
    kept = import_month(export(project, *REPORT), None, project)
    before = {p.name: p.read_bytes() for p in kept.directory.iterdir()}
    monkeypatch.setattr(write, "check_text", lambda *args, **kwargs: [])  # a rule only on disk
    monkeypatch.setattr(InlineConverter, "ids", lambda self, text, hold: text)
    source = export(project, *REPORT, "A new line on DM-30002.", name="again.txt")
    with pytest.raises(DmreportError, match="DMR009 ticket DM-30001 as plain text") as caught:
        import_month(source, None, project, force=True)
    assert "restored as it was" in str(caught.value)
    assert {p.name: p.read_bytes() for p in kept.directory.iterdir()} == before
    assert months(project) == ["2021-05"]  # and no staging folder left


def test_a_milestone_without_a_record_is_listed_and_linked(project: Path):
    source = export(
        project,
        "High-level Summary",
        "Work on DM-DRP-8 and LDM-503-11a went on.",
        "Milestone Summary",
        "Milestones Delayed",
        "DM-DRP-8: Calibration products",
        "Due 2020-01-21",
    )
    before = plan_milestones(project)
    result = import_month(source, None, project)  # LDM-503-11a: no record anywhere
    summary = (result.directory / "summary.md").read_text("utf-8")
    # A milestone no record or plan defines is listed in data/milestones.yaml
    # (the import says so), so that its role links its page, as one with a
    # record links its row.
    assert "{milestone}`DM-DRP-8` and {milestone}`LDM-503-11a` went on" in summary
    assert any("LDM-503-11a" in note.message for note in result.notes)
    assert result.listed == ["LDM-503-11a"]
    assert plan_milestones(project) == before | {"LDM-503-11a"}
    assert check_paths(project, []) == []
    assert months(project) == ["2021-05"]
    # A refused import leaves the list as it was.
    text = (project / "data" / "milestones.yaml").read_text("utf-8")
    bad = export(
        project,
        "High-level Summary",
        "Work on DM-NET-77 went on.",
        "1.02C.99 Unknown element",
        name="bad.txt",
        month="June 2021",
    )
    with pytest.raises(DmreportError):
        import_month(bad, None, project)
    assert (project / "data" / "milestones.yaml").read_text("utf-8") == text


def test_no_assert_guards_the_importer():
    asserts = [
        f"{path.name}:{node.lineno}"
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Assert)
    ]
    assert asserts == []


# --- identifiers: every family, every form ---------------------------------------------


def converter() -> InlineConverter:
    return InlineConverter({}, BibliographyData())


@pytest.mark.parametrize("series", DOCUMENT_SERIES, ids=lambda s: s.prefix)
@pytest.mark.parametrize("form", ["plain", "url", "link", "lost"])
def test_every_document_series_in_every_form_is_a_role(series, form: str):
    handle, url = f"{series.prefix}-123", series.url("123")
    text = {
        "plain": handle,
        "url": url,
        "link": f"[{handle}]({url})",
        "lost": f"[{handle}](#)",
    }[form]
    assert converter().convert(f"See {text} now.", 1) == f"See {{{series.role}}}`123` now."


@pytest.mark.parametrize("project_key", JIRA_PROJECTS)
@pytest.mark.parametrize(
    "form",
    [
        "{ticket}",
        "https://jira.lsstcorp.org/browse/{ticket}",
        "https://rubinobs.atlassian.net/browse/{ticket}/",
        "[{ticket}](https://jira.lsstcorp.org/browse/{ticket})",
        "[{ticket}](#)",
    ],
)
def test_every_jira_project_in_every_form_is_a_role(project_key: str, form: str):
    ticket = f"{project_key}-4567"
    text = form.format(ticket=ticket)
    assert converter().convert(f"Fixed in {text}.", 1) == f"Fixed in {{jira}}`{ticket}`."


def test_link_on_other_words_keeps_its_target_and_counts_the_document():
    convert = converter()
    out = convert.convert("Read [the test plan](https://ls.st/LDM-503).", 1)
    assert out == "Read [the test plan](https://ls.st/LDM-503)."
    assert convert.found.documents == {"LDM-503"}


def test_link_mixing_words_and_an_id_keeps_both():
    out = converter().convert("[DM-12 pull request](https://github.com/lsst/x/pull/5)", 1)
    assert out == "{jira}`DM-12` [pull request](https://github.com/lsst/x/pull/5)"


def test_url_holding_an_id_is_shown_as_code():
    out = converter().convert("See https://dmtn-135.lsst.io/v/DM-123/index.html.", 1)
    assert out == (
        "See [`https://dmtn-135.lsst.io/v/DM-123/index.html`]"
        "(https://dmtn-135.lsst.io/v/DM-123/index.html)."
    )


@pytest.mark.parametrize("milestone", ["LDM-503-11a", "LDM-503-EFDb", "DM-DRP-8", "IT-725-M"])
def test_milestone_ids_in_text_are_roles(milestone: str):
    out = converter().convert(f"After {milestone}, more.", 1)
    assert out == f"After {{milestone}}`{milestone}`, more."


# --- the command line: many months ---------------------------------------------------


def test_batch_imports_every_good_month_and_reports_the_bad(project: Path):
    folder = project / "archive"
    folder.mkdir()
    for month in ("March 2021", "April 2021", "June 2021"):
        export(folder, *REPORT, name=f"{month.replace(' ', '-')}.txt", month=month)
    # the bad report comes first: the months after it are imported all the same
    bad = export(folder, "High-level Summary", "Words.", "1.02C.77: Nowhere", name="0-bad.txt")
    process = run_cli("import", "archive", cwd=project)
    assert process.returncode == 1
    assert "Traceback" not in process.stdout + process.stderr
    assert months(project) == ["2021-03", "2021-04", "2021-06"]
    errors = [line for line in process.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        f"error: archive/0-bad.txt:{line_of(bad, '1.02C.77')}: WBS element 1.02C.77 (Nowhere) is "
        "not in the WBS registry (add it to wbs/elements.yaml (with a slug if it has a page of "
        "its own) or correct the heading)"
    ]
    assert "Importing" in process.stderr  # the progress bar of a long run
    rows = process.stdout.splitlines()
    assert rows[0].split()[:2] == ["Month", "Words"]
    table = {row.split()[0]: row for row in rows[2:6]}
    assert set(table) == {"2021-03", "2021-04", "2021-06", "?"}
    assert re.search(r"^2021-04\s+100\.0%\s+partial\s+0\s+0\s+0\s+1 ticket\s+0\s+0\s+0\s+"
                     r"archive/April-2021.txt$", table["2021-04"])  # fmt: skip
    assert "FAILED" in table["?"]
    assert "1 of 4 month(s) failed" in process.stdout


def test_same_month_twice_in_a_batch_fails_the_second(project: Path):
    export(project, *REPORT, name="a.txt")
    export(project, *REPORT, name="b.txt")
    process = run_cli("import", "a.txt", "b.txt", cwd=project)
    assert process.returncode == 1
    assert "b.txt: reports on 2021-05, as a.txt does" in process.stderr
    assert months(project) == ["2021-05"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a.txt", "b.txt", "--month", "2021-05"], "--month names one month but 2 reports"),
        (["report.odt"], "report.odt: cannot import a .odt file (the importer reads .txt, .md, "
                         ".docx, .pdf)"),
        (["nothing.txt"], "nothing.txt: export file not found"),
        (["untitled.txt"], "untitled.txt:1: the report's month cannot be told"),
    ],
)  # fmt: skip
def test_cli_refusals_are_one_line(project: Path, args: list[str], message: str):
    for name in ("a.txt", "b.txt"):
        export(project, *REPORT, name=name)
    (project / "untitled.txt").write_text("High-level Summary\n\nWords.\n", "utf-8")
    (project / "report.odt").write_bytes(b"PK")
    process = run_cli("import", *args, cwd=project)
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    errors = [line for line in process.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and message in errors[0], process.stderr
    assert months(project) == []


def test_month_from_the_option_when_the_title_has_none(project: Path):
    source = project / "untitled.txt"
    source.write_text("\n\n".join(REPORT) + "\n", "utf-8")
    process = run_cli("import", "untitled.txt", "--month", "2021-07", cwd=project)
    assert process.returncode == 0, process.stderr
    assert months(project) == ["2021-07"]
    index = (project / "reports" / "2021-07" / "index.md").read_text("utf-8")
    assert "# July 2021" in index


# --- Word takes the same path ----------------------------------------------------


def test_docx_report_imports_and_passes_the_checks(project: Path):
    document = Document()
    document.add_paragraph("Data Management Monthly Report", style="Title")
    document.add_paragraph("October 2021")
    document.add_heading("High-level Summary", level=1)
    document.add_heading("Technical Progress", level=2)
    document.add_paragraph("The butler was released with support for DM-31900 and RTN-011.")
    document.add_heading("Milestone Summary", level=1)
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [("Milestone", "Title", "Due"), ("DM-DRP-30", "Coadds at scale", "2021-11-30"),
         ("LDM-503-12a", "Rehearsal", "2021-12-15")],
        strict=True,
    ):  # fmt: skip
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_heading("1.02C.04: Data Release Production", level=1)
    document.add_heading("Current accomplishments", level=2)
    document.add_paragraph("Rebuilt the coadds.", style="List Bullet")
    document.add_paragraph("Profiled the deblender.", style="List Bullet 2")
    document.add_heading("Planned activities", level=2)
    document.add_paragraph("Run the campaign.", style="List Number")
    document.add_heading("Staffing update", level=2)
    document.add_paragraph("No changes.")
    source = project / "october.docx"
    document.save(str(source))
    result = import_month(source, None, project)
    assert result.month == "2021-10"
    assert result.tickets == {"DM-31900"} and result.documents == {"RTN-011"}
    month = project / "reports" / "2021-10"
    milestones = (month / "milestones.md").read_text("utf-8")
    assert re.findall(r"^```\{milestone\} (\S+)$", milestones, re.M) == ["DM-DRP-30", "LDM-503-12a"]
    drp = (month / "data-release-production.md").read_text("utf-8")
    assert "- Rebuilt the coadds.\n  - Profiled the deblender." in drp
    assert "1. Run the campaign." in drp
