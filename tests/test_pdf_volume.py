"""A year's volume: two months of 2020 in a git repository of their own,
built like the site; the volume read back with pypdf and pdfplumber; then
incremental and reproducible builds, and the build saying when text sticks
out of the page."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from test_pdf import (
    HEAD,
    body,
    headings_left_alone,
    normalise,
    outline_tree,
    page_lines,
    running_heads,
    squeezed,
    xmp_list,
)

from dmreport.core.errors import DmreportError
from dmreport.core.ids import Month
from dmreport.outputs.documents import pdf_documents
from dmreport.outputs.pdf import compile_pdfs
from dmreport.tools.build import BuildResult, build_site

COPIED = ("conf.py", "index.rst", "wbs", "data", "_static", "_templates", "references",
          "milestones")  # fmt: skip
JANUARY_TEXT = "The register was reviewed again in the first week of March."
FEBRUARY_TEXT = "In February the register gained no new risks and no changes of exposure."
REVISION = 'revisions:\n  - {version: "1.1", date: 2020-03-10, note: "Corrected the risk review"}'
TOP_SECTIONS = ["High-level Summary", "Milestone Summary"]


def commit(root: Path, message: str, day: str) -> None:
    """Commit everything in ``root`` on ``day`` (UTC noon)."""
    stamp = f"{day}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    for command in (["add", "-A", "."], ["commit", "-q", "-m", message]):
        subprocess.run(
            ["git", "-c", "user.name=DM", "-c", "user.email=dm@example.org", *command],
            cwd=root, env=env, check=True, capture_output=True,
        )  # fmt: skip


def add_month(root: Path, repo: Path, month: str, label: str) -> Path:
    """January 2020's pages as ``month`` (``label`` its name), issued on its last day."""
    folder = root / "reports" / month
    shutil.copytree(repo / "reports" / "2020-01", folder)
    last_day = Month.parse(month).last_day.isoformat()
    for page in folder.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        text = text.replace('month: "2020-01"', f'month: "{month}"')
        text = text.replace("issued: 2020-01-31", f"issued: {last_day}")
        page.write_text(text.replace("January 2020", label), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def archive(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site in git: January, then February 2020 (issued 5 March), then a
    correction to January."""
    root = tmp_path_factory.mktemp("volume") / "site"
    root.mkdir()
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy(source, root / name)
    (root / "reports").mkdir()
    shutil.copy(repo / "reports" / "index.md", root / "reports" / "index.md")
    (root / ".gitignore").write_text("_build/\n")
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    commit(root, "The site without reports", "2020-01-15")
    add_month(root, repo, "2020-01", "January 2020")
    commit(root, "Import the January 2020 report", "2020-02-05")
    february = add_month(root, repo, "2020-02", "February 2020")
    index = february / "index.md"
    index.write_text(index.read_text().replace("issued: 2020-02-29", "issued: 2020-03-05"))
    summary = february / "summary.md"
    summary.write_text(
        summary.read_text().replace(
            "The DM Risk Register was reviewed in the monthly process.", FEBRUARY_TEXT
        )
    )
    commit(root, "Import the February 2020 report", "2020-03-06")
    summary = root / "reports" / "2020-01" / "summary.md"
    summary.write_text(
        summary.read_text().replace(
            "No new risks were added", f"{JANUARY_TEXT} No new risks were added"
        )
    )
    index = root / "reports" / "2020-01" / "index.md"
    index.write_text(
        index.read_text().replace("issued: 2020-01-31", f"issued: 2020-01-31\n{REVISION}")
    )
    commit(root, "Correct the January risk review", "2020-03-10")  # fmt: skip
    return root


@pytest.fixture(scope="module")
def first_build(archive: Path) -> BuildResult:
    return build_site(archive, archive / "_build" / "html")


@pytest.fixture(scope="module")
def volume(first_build: BuildResult) -> Path:
    return first_build.html / "reports" / "dmreport-2020.pdf"


@pytest.fixture(scope="module")
def reader(volume: Path) -> PdfReader:
    return PdfReader(volume)


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [normalise(page.extract_text()) for page in reader.pages]


def test_every_pdf_is_built_and_published(first_build: BuildResult) -> None:
    latex = first_build.work / "latex"
    assert first_build.pdfs == [latex / f"dmreport-{n}.pdf" for n in ("2020-01", "2020-02", "2020")]
    for path in (
        "2020-01/dmreport-2020-01.pdf",
        "2020-02/dmreport-2020-02.pdf",
        "dmreport-2020.pdf",
    ):
        assert (first_build.html / "reports" / path).is_file(), path


def test_one_part_per_month_each_with_its_bookmarks(
    reader: PdfReader, first_build: BuildResult
) -> None:
    tree = outline_tree(reader.outline, reader)
    assert [title for title, _ in tree] == [
        "Change Record", "Contents", "January 2020", "February 2020", "Milestone tracker 2020",
        "References",
    ]  # fmt: skip
    month = PdfReader(first_build.html / "reports" / "2020-01" / "dmreport-2020-01.pdf")
    sections = [title for title, _ in outline_tree(month.outline, month)][2:-1]
    parts = dict(tree)
    for label in ("January 2020", "February 2020"):
        assert [title for title, _ in parts[label]] == sections, label
        assert sections[:2] == TOP_SECTIONS


def test_both_months_text_in_order(pages: list[str]) -> None:
    text = " ".join(pages)
    january = text.index(JANUARY_TEXT)
    february = text.index(FEBRUARY_TEXT)
    tracker = text.index(
        "Milestone tracker 2020 12 milestones in the reports of January to February 2020"
    )
    assert january < february < tracker
    # Each month starts a page with its name, title and date of issue.
    starts = [
        page
        for page in pages
        if "Date of issue: 2020-0" in page and "Data Management Monthly Report:" in page
    ]
    assert [page.split(" Data Management Monthly Report:")[0].split()[-2:] for page in starts] == [
        ["January", "2020"], ["February", "2020"],
    ]  # fmt: skip
    assert "Date of issue: 2020-01-31" in starts[0] and "Date of issue: 2020-03-05" in starts[1]
    # The year's tracker: each milestone's status in both months.
    assert "Jan delayed; Feb delayed" in text and "Jan completed; Feb completed" in text
    # One References for the year, each work once.
    assert text.count("HelioLinC: a novel approach") == 1


def test_volume_front_and_document_info(pages: list[str], reader: PdfReader) -> None:
    first = pages[0]
    for words in (
        "Vera C. Rubin Observatory", "Data Management Monthly Reports 2020",
        "January to February 2020", "Date of issue: 2020-03-05",
        "1.0 2020-01-31 January 2020: Issued 1.0 2020-03-05 February 2020: Issued "
        "1.1 2020-03-10 January 2020: Corrected the risk review",
    ):  # fmt: skip
        assert words in first, words
    assert "1.2 " not in first and "Import the" not in first
    info = reader.metadata
    assert info["/Title"] == "Data Management Monthly Reports 2020"
    assert info["/Author"] == "Rubin Observatory Data Management"
    assert "January to February 2020" in info["/Subject"]
    keywords = xmp_list(reader, "dc:subject")
    assert {"2020-01", "2020-02", "1.02C.03", "1.02C.10"} <= set(keywords)
    assert len(info["/SourceCommit"]) == 12 and info["/IssueDate"] == "2020-03-05"
    assert info["/CreationDate"].startswith("D:20200310")


def test_month_fronts_have_their_own_record(first_build: BuildResult) -> None:
    reports = first_build.html / "reports"
    january = normalise(
        PdfReader(reports / "2020-01" / "dmreport-2020-01.pdf").pages[0].extract_text()
    )
    assert "Date of issue: 2020-01-31" in january
    assert "1.0 2020-01-31 Issued 1.1 2020-03-10 Corrected the risk review" in january
    assert "Import the" not in january and "Correct the January" not in january
    february = PdfReader(reports / "2020-02" / "dmreport-2020-02.pdf")
    first = normalise(february.pages[0].extract_text())
    assert "Date of issue: 2020-03-05" in first and "1.0 2020-03-05 Issued" in first
    assert "1.1 " not in first
    assert february.metadata["/IssueDate"] == "2020-03-05"


def test_running_header_names_the_part(volume: Path) -> None:
    heads = [squeezed(head) for head in running_heads(volume)]
    rights = [head.removeprefix(squeezed(HEAD + "s")) for head in heads]
    assert all(head.startswith(squeezed(HEAD + "s")) for head in heads)
    order = [right for i, right in enumerate(rights) if i == 0 or right != rights[i - 1]]
    parts = ["January2020", "February2020", "Milestonetracker2020", "References"]
    assert order == ["JanuarytoFebruary2020", *parts]  # the contents, then each part


def test_headings_keep_their_content(volume: Path) -> None:
    assert headings_left_alone(volume) == []
    lines = [line for page in page_lines(volume) for line in body(page)]
    parts = [line.text for line in lines if line.heading and line.size > 20]
    assert parts[-4:] == ["January 2020", "February 2020", "Milestone tracker 2020", "References"]


def test_volume_linked_from_the_month_list_and_home(first_build: BuildResult) -> None:
    site = first_build.html
    months = BeautifulSoup((site / "reports" / "index.html").read_text(), "lxml")
    assert months.select_one('article a[href="dmreport-2020.pdf"]') is not None
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    assert home.select_one('article a[href="reports/dmreport-2020.pdf"]') is not None
    assert home.select_one('article a[href="reports/2020-02/dmreport-2020-02.pdf"]') is not None


def test_reproducible_from_the_commit(first_build: BuildResult, tmp_path: Path) -> None:
    latex = first_build.work / "latex"
    copy = tmp_path / "latex"
    shutil.copytree(latex, copy)
    for name in ("2020-02", "2020"):
        (copy / f"dmreport-{name}.digest").unlink()
        (copy / f"dmreport-{name}.pdf").unlink()
    again = compile_pdfs(copy, ["2020-01", "2020-02", "2020"])
    assert again.built == [copy / "dmreport-2020-02.pdf", copy / "dmreport-2020.pdf"]
    for name in ("2020-02", "2020"):
        assert (copy / f"dmreport-{name}.pdf").read_bytes() == (
            latex / f"dmreport-{name}.pdf"
        ).read_bytes()


def test_incremental_a_year_whose_months_did_not_change_is_not_compiled(
    archive: Path, repo: Path, first_build: BuildResult
) -> None:
    latex = first_build.work / "latex"
    volume = (latex / "dmreport-2020.pdf").read_bytes()
    assert build_site(archive, first_build.html).unchanged  # nothing to do at all
    # The PDF step alone, with no PDF's sources changed, compiles nothing.
    same = compile_pdfs(latex, ["2020-01", "2020-02", "2020"])
    assert same.built == [] and len(same.unchanged) == 3
    add_month(archive, repo, "2021-01", "January 2021")
    commit(archive, "Import the January 2021 report", "2021-02-04")
    later = build_site(archive, first_build.html)
    assert later.pdfs == [latex / "dmreport-2021-01.pdf", latex / "dmreport-2021.pdf"]
    assert set(later.pdfs_unchanged) == {
        latex / f"dmreport-{n}.pdf" for n in ("2020-01", "2020-02", "2020")
    }
    assert (latex / "dmreport-2020.pdf").read_bytes() == volume
    months = BeautifulSoup((first_build.html / "reports" / "index.html").read_text(), "lxml")
    assert months.select_one('article a[href="dmreport-2021.pdf"]') is not None


def test_the_build_says_when_text_sticks_out(archive: Path, first_build: BuildResult) -> None:
    summary = archive / "reports" / "2021-01" / "summary.md"
    word = "x" * 160
    summary.write_text(summary.read_text() + f"\nThe longest name: `{word}`.\n")
    commit(archive, "A name too long for a line", "2021-02-05")
    with pytest.raises(DmreportError) as failure:
        build_site(archive, first_build.html)
    message = str(failure.value)
    assert "dmreport-2021-01.pdf: overfull \\hbox by" in message
    assert "of dmreport-2021-01.tex" in message and "xxxxxxxxxx" in message
    lenient = build_site(archive, first_build.html, strict=False)
    assert any("dmreport-2021-01.pdf: overfull" in note for note in lenient.notes)
    assert {box.document for box in lenient.overfull} == {"2021-01", "2021"}


def test_change_record_ignores_commits_tags_and_uncommitted_changes(archive: Path) -> None:
    subprocess.run(["git", "tag", "v2021.1"], cwd=archive, check=True)
    summary = archive / "reports" / "2021-01" / "summary.md"
    summary.write_text(summary.read_text() + "\nA sentence not yet committed.\n")
    (archive / "reports" / "2021-02").mkdir()
    (archive / "reports" / "2021-02" / "index.md").write_text(
        '---\nmonth: "2021-02"\ntitle: "Data Management Monthly Report: February 2021"\n'
        "status: draft\n---\n# February 2021\n"
    )
    documents = {document.name: document for document in pdf_documents(archive)}
    january = documents["2021-01"]
    assert [(c.version, c.date, c.description) for c in january.changes] == [
        ("1.0", "2021-01-31", "Issued")  # commits, tags and uncommitted edits are not rows
    ]
    assert january.source.endswith("with changes not yet committed")
    february = documents["2021-02"]
    assert [(c.version, c.description) for c in february.changes] == [
        ("1.0", "Draft, not yet issued")
    ]
    assert february.issued == "2021-02-28" and february.source == "not committed"
    assert february.epoch is None and february.status == "Draft"
    # The published edition's volume holds published months only; a preview's all.
    year = documents["2021"]
    assert year.label == "January 2021" and year.status == "Published"
    assert [m.month for m in year.months] == ["2021-01"]
    assert [d.name for d in documents.values()] == [
        "2020-01", "2020-02", "2021-01", "2021-02", "2020", "2021",
    ]  # fmt: skip
    preview = {document.name: document for document in pdf_documents(archive, drafts=True)}
    year = preview["2021"]
    assert year.label == "January to February 2021" and year.status == "Draft"
    assert [m.month for m in year.months] == ["2021-01", "2021-02"]


def test_a_year_of_drafts_has_no_volume(
    archive: Path, repo: Path, first_build: BuildResult
) -> None:
    folder = add_month(archive, repo, "2022-01", "January 2022")
    index = folder / "index.md"
    index.write_text(index.read_text().replace("status: published", "status: draft"))
    shutil.rmtree(archive / "reports" / "2021-02")
    built = build_site(archive, first_build.html, strict=False)  # 2021-01 is still too wide
    reports = built.html / "reports"
    assert not (reports / "dmreport-2022.pdf").exists()
    months = BeautifulSoup((reports / "index.html").read_text(), "lxml")
    assert months.select_one('article a[href="dmreport-2021.pdf"]') is not None
    assert months.select_one('article a[href="dmreport-2022.pdf"]') is None
    page = BeautifulSoup((reports / "2022-01" / "index.html").read_text(), "lxml")
    assert page.select_one('article a[href="dmreport-2022-01.pdf"]') is not None
    assert page.select_one('article a[href="../dmreport-2022.pdf"]') is None
    draft = reports / "2022-01" / "dmreport-2022-01.pdf"
    assert normalise(PdfReader(draft).pages[0].extract_text()).count("Status: Draft") == 1
    assert all(squeezed(head).endswith("January2022·Draft") for head in running_heads(draft))
