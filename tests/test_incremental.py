"""Incremental builds see every input: changing a data file or a month's
landing page re-reads exactly the pages that use it, rewrites the pages that
show it, and the result equals a clean build of the changed sources."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinxpages import built_article, built_articles, sphinx_build

ROOT = Path(__file__).parent / "roots" / "test-months"
MONTHS = ("2019-11", "2019-12", "2020-01")
REPORT_PAGES = {
    f"reports/{month}/{stem}"
    for month in MONTHS
    for stem in ("index", "summary", "alert-production")
}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _wbs_title(src: Path) -> None:
    _replace(src / "wbs/elements.yaml", '"Alert Production"', '"Alert Production Services"')


def _document_title(src: Path) -> None:
    _replace(src / "data/documents.bib", "Organization and Management", "Roles and Duties")


def _citation(src: Path) -> None:
    _replace(
        src / "data/citations.bib",
        "pages   = {135},\n  year    = {2018}",
        "pages   = {135},\n  year    = {2019}",
    )


def _links(src: Path) -> None:
    (src / "data/links.yaml").write_text("links:\n  Example: https://example.org/\n")


def _month_status(src: Path) -> None:
    _replace(src / "reports/2020-01/index.md", "status: draft", "status: published")


def _month_title(src: Path) -> None:
    _replace(src / "reports/2019-12/index.md", "# December 2019", "# December 2019, revised")


#: Each edit, the pages it must re-read, and a text the result must show.
EDITS: dict[str, tuple[Callable[[Path], None], set[str] | None, tuple[str, str]]] = {
    # The registry: the page checks of every month page, element pages, the tree.
    "wbs/elements.yaml": (
        _wbs_title,
        REPORT_PAGES | {"wbs/index", "wbs/alert-production"},
        ("wbs/index", "Alert Production Services"),
    ),
    # Document titles are the roles' tooltips and the document index's text.
    "data/documents.bib": (
        _document_title,
        {f"reports/{month}/{stem}" for month in MONTHS for stem in ("summary", "alert-production")},
        ("references/documents", "Data Management Roles and Duties"),
    ),
    # sphinxcontrib-bibtex re-reads the pages that cite; the index shows labels.
    "data/citations.bib": (
        _citation,
        None,  # sphinxcontrib-bibtex decides; checked below against a clean build
        ("references/citations", "Holman et al, 2019"),
    ),
    # Used by the importer only: the site does not change.
    "data/links.yaml": (_links, set(), ("index", "")),
    # A month's status: its pages are checked again (to-do lines), lists redone.
    "reports/2020-01/index.md": (
        _month_status,
        {f"reports/2020-01/{stem}" for stem in ("index", "summary", "alert-production")},
        ("reports/index", "published"),
    ),
    "reports/2019-12/index.md": (
        _month_title,
        {f"reports/2019-12/{stem}" for stem in ("index", "summary", "alert-production")},
        ("reports/index", "December 2019, revised"),
    ),
}


@pytest.mark.parametrize("changed", list(EDITS))
def test_changed_input_rebuilds_exactly_itsbuilt_articles(changed: str, tmp_path: Path) -> None:
    edit, expected, (page, shown) = EDITS[changed]
    src = tmp_path / "incremental"
    shutil.copytree(ROOT, src)
    sphinx_build(src)
    sphinx_build(src)  # the theme settles its options after the first build
    edit(src)
    read, written = sphinx_build(src)
    if expected is not None:
        assert read == expected
    outdir = src / "_build/html"
    assert shown in built_article(outdir, page)
    if changed == "data/links.yaml":
        assert written == set()
    else:
        assert page in written, f"{page} shows {changed} but was not rewritten"

    clean = tmp_path / "clean"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    sphinx_build(clean)
    assert built_articles(outdir) == built_articles(clean / "_build/html")


def test_jira_template_is_read_while_reading(make_app, tmp_path) -> None:
    """Changing the Jira URL re-reads every page: the roles use it while reading."""
    src = tmp_path / "jira"
    shutil.copytree(ROOT, src)
    first = make_app("html", srcdir=src, freshenv=True)
    first.build()
    first.cleanup()
    template = "https://tickets.example.org/{ticket}"
    again = make_app("html", srcdir=src, confoverrides={"jira_uri_template": template})
    read: list[str] = []
    again.connect("source-read", lambda _app, docname, _source: read.append(docname))
    again.build()
    assert set(read) >= REPORT_PAGES
    tickets = BeautifulSoup(built_article(Path(again.outdir), "references/tickets"), "lxml")
    assert "DM-201" in tickets.get_text()
    summary = BeautifulSoup(built_article(Path(again.outdir), "reports/2020-01/summary"), "lxml")
    assert summary.select_one('a[href="https://tickets.example.org/DM-100"]') is not None
