"""The importer on a corpus of exports written for these tests, one per trait
of the archive's eras (tests/imports/): each imports with its words and
structure, every identifier linked, and passes the project's checks; two of
them also build with Sphinx.

Counts here are read from the written pages with a Markdown parser of the
test's own, and words are compared as the site shows them, so that the
importer's own bookkeeping is not what is tested.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from dmreport.checks import check_paths
from dmreport.core.ids import URL_RE, document_of_url, ticket_of_url
from dmreport.importer import ImportResult, import_month
from dmreport.tools.build import build_site

CORPUS = Path(__file__).resolve().parent / "imports"
MARKDOWN = MarkdownIt("commonmark").enable("table").use(footnote_plugin)
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")


@dataclass(frozen=True)
class Expected:
    """What one export of the corpus must become."""

    month: str
    wbs_pages: list[str]
    #: Per page: paragraphs, list items, footnotes, milestone records, table rows.
    shape: dict[str, dict[str, int]]
    tickets: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    dropped: int = 0
    plain_links: int = 0
    warnings: int = 0


CASES = {
    # PDF-to-text: form feeds, running header and footer, numbered part
    # headings, hard wrap at 76, a footnote cut by a page break.
    "2016-03-pdftotext.txt": Expected(
        "2016-03",
        ["alert-production", "science-data-archive"],
        {
            "summary.md": {"paragraphs": 4, "footnotes": 1},
            "milestones.md": {"records": 1},
            "alert-production.md": {"items": 3, "paragraphs": 2},
            "science-data-archive.md": {"items": 2, "paragraphs": 1},
        },
        {"DM-5120", "DM-5432"},
        {"LDM-151", "LSE-61"},
        dropped=7,
    ),
    # Word's text export: CRLF, no blank line anywhere, tab-indented "o"
    # sub-items, numbered items, "1.02C.04 - Title" headings, non-breaking spaces.
    "2017-06-word.txt": Expected(
        "2017-06",
        ["data-release-production", "international-communications"],
        {
            "summary.md": {"paragraphs": 2},
            "milestones.md": {"records": 1},
            "data-release-production.md": {"items": 6, "paragraphs": 2},
            "international-communications.md": {"paragraphs": 3},
        },
        {"DM-10744"},
    ),
    # Markdown with a pipe table of milestones, one cell wrapped onto a row.
    "2018-05-pipe-table.md": Expected(
        "2018-05",
        ["data-release-production"],
        {
            "summary.md": {"paragraphs": 1},
            "milestones.md": {"records": 2},
            "data-release-production.md": {"items": 3, "paragraphs": 1},
        },
    ),
    # A tab-separated milestone table with LDM-503-11a and LDM-503-EFDb.
    "2019-11-milestone-table.txt": Expected(
        "2019-11",
        ["data-facility"],
        {
            "summary.md": {"paragraphs": 1},
            "milestones.md": {"records": 3},
            "data-facility.md": {"items": 3, "paragraphs": 1},
        },
        documents={"DMTR-191"},
    ),
    # The January 2020 layout with LCR-2190², DMTN-135[1], RFC-650* and a
    # footnote split by a page break.
    "2020-02-footnotes.txt": Expected(
        "2020-02",
        ["alert-production"],
        {
            "summary.md": {"paragraphs": 3, "footnotes": 3},
            "alert-production.md": {"items": 4},
        },
        {"DM-23300", "DM-23301", "RFC-650"},
        {"DMTN-093", "DMTN-135", "LCR-2190"},
        plain_links=1,
    ),
    # Hard-wrapped at 75, headings glued to paragraphs, one item per line,
    # renamed elements ("02C.07: Data Facility", "1.02C.10: SQuaRE").
    "2021-03-wrapped.txt": Expected(
        "2021-03",
        ["data-facility", "square"],
        {
            "summary.md": {"paragraphs": 4},
            "milestones.md": {"records": 1},
            "data-facility.md": {"paragraphs": 2, "items": 5},
            "square.md": {"paragraphs": 2, "items": 2},
        },
        {"RFC-743"},
        warnings=2,
    ),
    # Every younger series and Jira project, and full URLs, bare and as links.
    "2021-09-handles.md": Expected(
        "2021-09",
        ["integration-and-test"],
        {
            "summary.md": {"paragraphs": 4},
            "integration-and-test.md": {"items": 3, "paragraphs": 1},
        },
        {"DM-31234", "DM-31555", "DM-31600", "PREOPS-512", "SITCOM-77"},
        {
            "CTN-001",
            "DMTN-135",
            "DMTR-271",
            "DMTR-281",
            "ITTN-012",
            "LDM-503",
            "LDM-639",
            "RTN-011",
            "SITCOMTN-010",
            "SMTN-002",
            "TSTN-019",
        },
    ),
    # All-capitals headings, "o" and "◦" sub-items, numbered items.
    "2022-02-capitals.txt": Expected(
        "2022-02",
        ["science-user-interface"],
        {
            "summary.md": {"paragraphs": 2},
            "milestones.md": {"records": 1},
            "science-user-interface.md": {"items": 8, "paragraphs": 1},
        },
    ),
}


def shape(text: str) -> dict[str, int]:
    """Paragraphs, items, footnotes, milestone records and table rows of a page."""
    counts: Counter[str] = Counter()
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    for token in MARKDOWN.parse(body):
        if token.type == "paragraph_open" and token.level == 0:
            counts["paragraphs"] += 1
        elif token.type == "list_item_open":
            counts["items"] += 1
        elif token.type == "footnote_open":
            counts["footnotes"] += 1
        elif token.type == "fence" and token.info.startswith("{milestone}"):
            counts["records"] += 1
        elif token.type == "tr_open":
            counts["rows"] += 1
    return dict(counts)


def source_words(path: Path, dropped: set[int]) -> Counter[str]:
    """The export's words, as a reader reads them: running headers and footers
    aside, a ticket's or document's URL read as its handle, link targets and
    list markers not words."""
    words: Counter[str] = Counter()
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if number in dropped:
            continue
        line = re.sub(r"\]\([^)\s]*\)", "]", line)
        line = URL_RE.sub(lambda m: ticket_of_url(m[0]) or document_of_url(m[0]) or m[0], line)
        line = re.sub(r"^\s*(?:[•◦o*-]|\d+\.)\s", " ", line)
        words.update(w.casefold() for w in re.findall(r"\w+", re.sub("[¹²³]", " ", line)))
    return words


def page_words(directory: Path) -> Counter[str]:
    """The words of the written month as the site shows them."""
    words: Counter[str] = Counter()
    for page in directory.iterdir():
        text = ROLE.sub(
            lambda m: (
                m["content"]
                if "jira" in m["name"] or m["name"] == "milestone"
                else f"{m['name']}-{m['content']}"
            ),
            page.read_text("utf-8"),
        )
        text = re.sub(r"\]\([^)\s]*\)", "]", text)
        words.update(w.casefold() for w in re.findall(r"\w+", text))
    return words


@pytest.fixture(scope="module")
def imported(
    repo: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, dict[str, ImportResult]]:
    """The whole corpus imported into one copy of the project."""
    root = tmp_path_factory.mktemp("corpus")
    for name in ("conf.py", "index.rst"):
        shutil.copy(repo / name, root / name)
    for name in ("wbs", "data", "_static", "_templates", "references", "milestones"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, root / name)
    (root / "reports").mkdir()
    shutil.copy(repo / "reports" / "index.md", root / "reports" / "index.md")
    results = {name: import_month(CORPUS / name, None, root) for name in CASES}
    return root, results


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_becomes_its_month(name: str, imported: tuple[Path, dict[str, ImportResult]]):
    root, results = imported
    expected, result = CASES[name], results[name]
    assert result.month == expected.month  # told by the report's own title
    month = root / "reports" / expected.month
    pages = sorted(p.name for p in month.iterdir())
    assert pages == sorted({"index.md", *expected.shape, *(f"{p}.md" for p in expected.wbs_pages)})
    assert result.pages[len(result.pages) - len(expected.wbs_pages) :] == [
        f"{p}.md" for p in expected.wbs_pages
    ]
    for page, counts in expected.shape.items():
        assert shape((month / page).read_text("utf-8")) == counts, page
    assert result.tickets == expected.tickets
    assert result.documents == expected.documents
    assert len(result.dropped) == expected.dropped
    assert len(result.unresolved) == expected.plain_links
    assert len(result.warnings) == expected.warnings


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_keeps_its_words(name: str, imported: tuple[Path, dict[str, ImportResult]]):
    root, results = imported
    source = source_words(CORPUS / name, {d.line for d in results[name].dropped})
    shown = page_words(root / "reports" / CASES[name].month)
    kept = sum(min(count, shown[word]) for word, count in source.items())
    assert kept / sum(source.values()) >= 0.99, sorted((source - shown).items())


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_reference_is_linked(name: str, imported: tuple[Path, dict[str, ImportResult]]):
    root, _ = imported
    month = root / "reports" / CASES[name].month
    for page in month.iterdir():
        text = re.sub(r"^```\{milestone\}.*$", "", page.read_text("utf-8"), flags=re.M)
        text = re.sub(r"`[^`\n]*`", "", text)  # roles and code aside
        text = re.sub(r"\]\([^)\s]*\)", "]", text)  # link targets aside
        assert not re.search(r"\b(?:[A-Z]{2,8})-\d+\b", text), (page.name, text)
        assert "(#)" not in text


def test_corpus_passes_the_checks(imported: tuple[Path, dict[str, ImportResult]]):
    root, _ = imported
    assert check_paths(root, [root / "reports"]) == []


def test_corpus_builds(imported: tuple[Path, dict[str, ImportResult]], tmp_path: Path):
    root, _ = imported
    result = build_site(root, tmp_path / "html", pdf=False)
    summary = (result.html / "reports" / "2020-02" / "summary.html").read_text("utf-8")
    assert summary.count('class="footnote-reference') == 3
    handles = (result.html / "reports" / "2021-09" / "summary.html").read_text("utf-8")
    for url in (
        "https://rtn-011.lsst.io/",
        "https://sitcomtn-010.lsst.io/",
        "https://ittn-012.lsst.io/",
    ):
        assert f'href="{url}"' in handles
