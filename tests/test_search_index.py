"""The search index, one Pagefind bundle per year, on the 60-month archive
of tests/archive.py: each bundle holds its year's report pages (the newest
also the milestone pages and reference indexes), drafts are in none, and an
edit makes only its year's bundle again, the others kept byte for byte."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from archive import DRAFT, site

from dmreport.outputs.pagefind import INDEX_DIR, MANIFEST, RECORD, build_search_index


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
    assert bundles == sorted(years, reverse=True)
    site_pages = _marked(html, "milestones/*.html") | _marked(html, "references/*.html")
    assert site_pages
    for year in years:
        expected = _marked(html, f"reports/{year}-*/*.html")
        assert len(expected) >= 12
        if year == bundles[0]:
            expected |= site_pages
        assert _indexed(html, year) == expected, year
        assert (html / INDEX_DIR / year / "pagefind-entry.json").is_file()
    # The draft month's pages are in no bundle, and its year has none.
    assert not any(f"reports/{DRAFT}/" in p for b in bundles for p in _indexed(html, b))
    assert not (html / INDEX_DIR / DRAFT[:4]).exists()


def test_an_edit_makes_its_year_again_only(built: tuple[Path, Path], tmp_path: Path) -> None:
    source = built[1]
    html = tmp_path / "html"
    for part in ("reports", "milestones", "references", INDEX_DIR):
        shutil.copytree(source / part, html / part)
    bundles = json.loads((html / INDEX_DIR / MANIFEST).read_text("utf-8"))["bundles"]
    old, new = bundles[-1], bundles[0]
    before = {b: _files(html / INDEX_DIR / b) for b in bundles}
    assert not build_search_index(html)
    # An edit of an old year's page: that year only.
    page = html / "reports" / f"{old}-03" / "alert-production.html"
    page.write_text(page.read_text("utf-8").replace("</article>", "<p>Zanzibar.</p></article>", 1))
    made = build_search_index(html)
    assert made.made.keys() == {old}
    for bundle in bundles:
        if bundle != old:
            assert _files(html / INDEX_DIR / bundle) == before[bundle], bundle
    assert _files(html / INDEX_DIR / old) != before[old]
    # A milestone page changed: the newest year's bundle, which holds it.
    milestone = sorted((html / "milestones").glob("*.html"))[0]
    milestone.write_text(
        milestone.read_text("utf-8").replace("</article>", "<p>x</p></article>", 1)
    )
    assert build_search_index(html).made.keys() == {new}
    # A year whose pages are gone loses its bundle; the manifest follows.
    for month in (html / "reports").glob(f"{old}-*"):
        shutil.rmtree(month)
    assert not build_search_index(html)
    assert not (html / INDEX_DIR / old).exists()
    assert json.loads((html / INDEX_DIR / MANIFEST).read_text("utf-8"))["bundles"] == bundles[:-1]
