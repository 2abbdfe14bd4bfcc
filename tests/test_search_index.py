"""The search index, one Pagefind bundle per year, on the 60-month archive
of tests/archive.py: each bundle holds its year's report pages, one the
milestone pages and reference indexes, drafts are in none, and an edit
makes only its year's bundle again, the others kept byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from archive import DRAFT, site
from playwright.sync_api import sync_playwright
from test_search import search

from dmreport.outputs.pagefind import (
    INDEX_DIR,
    MANIFEST,
    RECORD,
    SITE_BUNDLES,
    build_search_index,
)
from dmreport.tools.bench.weight import CHROMIUM, CHROMIUM_ARGS, serve


@pytest.fixture(scope="module")
def built(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return site(repo, tmp_path_factory.getbasetemp())


def _indexed(html: Path, bundle: str) -> set[str]:
    record = json.loads((html / INDEX_DIR / bundle / RECORD).read_text("utf-8"))
    return set(record["pages"])


def _marked(html: Path, glob: str) -> set[str]:
    """Pages of ``glob`` marked for search, read from the HTML itself."""
    return {
        page.relative_to(html).as_posix()
        for page in html.glob(glob)
        if "data-pagefind-body" in page.read_text("utf-8")
    }


def _files(bundle: Path) -> dict[str, bytes]:
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_a_bundle_per_year(built: tuple[Path, Path]) -> None:
    html = built[1]
    years = sorted({p.name[:4] for p in (html / "reports").glob("20??-??")} - {DRAFT[:4]})
    bundles = json.loads((html / INDEX_DIR / MANIFEST).read_text("utf-8"))["bundles"]
    assert bundles == [*sorted(years, reverse=True), *SITE_BUNDLES]
    for name, (glob,) in SITE_BUNDLES.items():
        assert _marked(html, glob), name
        assert _indexed(html, name) == _marked(html, glob), name
    for year in years:
        expected = _marked(html, f"reports/{year}-*/*.html")
        assert len(expected) >= 12
        assert _indexed(html, year) == expected, year
        assert (html / INDEX_DIR / year / "pagefind-entry.json").is_file()
    # The draft month's pages are in no bundle, and its year has none.
    assert not any(f"reports/{DRAFT}/" in p for b in bundles for p in _indexed(html, b))
    assert not (html / INDEX_DIR / DRAFT[:4]).exists()


def test_an_edit_makes_its_year_again_only(built: tuple[Path, Path], tmp_path: Path) -> None:
    html = tmp_path / "html"
    shutil.copytree(built[1], html)
    bundles = json.loads((html / INDEX_DIR / MANIFEST).read_text("utf-8"))["bundles"]
    old = bundles[-1 - len(SITE_BUNDLES)]
    before = {b: _files(html / INDEX_DIR / b) for b in bundles}
    assert not build_search_index(html)
    # An edit of an old year's page: that year only. Its new word begins
    # with a word every other year holds (Cassandra).
    edited = f"reports/{old}-03/alert-production.html"
    page = html / edited
    text = page.read_text("utf-8")
    page.write_text(text.replace("</article>", "<p>Cassandrax.</p></article>", 1), "utf-8")
    assert build_search_index(html).made.keys() == {old}
    for bundle in bundles:
        if bundle != old:
            assert _files(html / INDEX_DIR / bundle) == before[bundle], bundle
    assert _files(html / INDEX_DIR / old) != before[old]
    # Found on that page only: the other bundles, which have no word it
    # begins, do not match the shorter word it begins with instead.
    with serve(html) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        tab = browser.new_page()
        assert [row["path"] for row in search(tab, url, "Cassandrax", group="pages")] == [edited]
        assert len(search(tab, url, "Cassandra", group="pages")) > 12
        browser.close()
    # A milestone page changed: the milestones' bundle.
    milestone = sorted((html / "milestones").glob("*.html"))[0]
    milestone.write_text(
        milestone.read_text("utf-8").replace("</article>", "<p>x</p></article>", 1)
    )
    assert build_search_index(html).made.keys() == {"milestones"}
    # A year whose pages are gone loses its bundle; the manifest follows.
    for month in (html / "reports").glob(f"{old}-*"):
        shutil.rmtree(month)
    assert not build_search_index(html)
    assert not (html / INDEX_DIR / old).exists()
    assert json.loads((html / INDEX_DIR / MANIFEST).read_text("utf-8"))["bundles"] == [
        b for b in bundles if b != old
    ]
