"""An anchor for every reference: each index's row carries its key as id,
"Cited in" shows a chip per citing month, grouped by year, a month page's
first mention of a key links to its row, and the filter box keeps the rows
that match (in Chromium, on the 60-month archive of tests/archive.py).

The test root ``test-references`` cites one key of every family over four
months of two years; what cites what is read again from its sources here."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from archive import RECORD, ROLE
from bs4 import BeautifulSoup
from playwright.sync_api import Page, expect
from sphinxpages import article, sphinx_build, warnings
from test_browser import base_url, built, context, page, requested  # noqa: F401

from dmreport.core.ids import SERIES_BY_ROLE

ROOT = Path(__file__).parent / "roots" / "test-references"
#: One key of every family, and the index that lists it.
FAMILIES = {
    "DM-22727": "tickets",
    "RFC-650": "tickets",
    "LCR-1923": "documents",
    "LDM-294": "documents",
    "LSE-163": "documents",
    "DMTR-201": "documents",
    "DMTN-137": "documents",
    "PSTN-017": "documents",
    "holman2018": "citations",
    "LDM-503-02": "milestones",
    "DM-DRP-8": "milestones",
}
INDEXES = ("tickets", "documents", "citations", "milestones")


def cited_months(root: Path) -> dict[tuple[str, str], set[str]]:
    """(index, key) -> the months whose pages cite it, read from the sources."""
    found: dict[tuple[str, str], set[str]] = {}
    for path in sorted((root / "reports").glob("*/*.md")):
        month = path.parent.name
        text = path.read_text(encoding="utf-8")
        keys = {("milestones", match["id"]) for match in RECORD.finditer(text)}
        for match in ROLE.finditer(text):
            name, inner = match["name"], match["text"]
            parts = [part.strip() for part in inner.split(",")]
            if name in ("jira", "jirab", "jirap"):
                keys.update(("tickets", part) for part in parts)
            elif name in SERIES_BY_ROLE:
                keys.add(("documents", f"{SERIES_BY_ROLE[name].prefix}-{inner.strip()}"))
            elif name == "milestone":
                keys.add(("milestones", inner.strip()))
            elif name.startswith("cite"):
                keys.update(("citations", part) for part in parts)
        for key in keys:
            found.setdefault(key, set()).add(month)
    return found


@pytest.fixture
def references(app):
    app.build()
    assert warnings(app) == []
    return app


@pytest.mark.sphinx("html", testroot="references", freshenv=True)
def test_every_family_has_an_anchor_on_its_row(references) -> None:
    for key, index in FAMILIES.items():
        listing = article(references, f"references/{index}")
        target = listing.find(id=key)
        assert target is not None and target.name == "tr", (index, key)
        assert target.select_one("td code").get_text() == key
    for index in INDEXES:
        listing = article(references, f"references/{index}")
        ids = [element["id"] for element in listing.select("[id]")]
        assert len(ids) == len(set(ids)), index
        for row in listing.select("tbody tr"):
            assert row["id"] == row.select_one("td code").get_text()
        assert "dmreport-filterable" in listing.select_one("table")["class"]


@pytest.mark.sphinx("html", testroot="references", freshenv=True)
def test_cited_in_shows_a_chip_per_citing_month_by_year(references) -> None:
    oracle = cited_months(Path(references.srcdir))
    assert {index for index, _ in oracle} == set(INDEXES)
    for index in INDEXES:
        rows = article(references, f"references/{index}").select("tbody tr")
        assert {row["id"] for row in rows} == {key for i, key in oracle if i == index}
        for row in rows:
            months = oracle[index, row["id"]]
            assert len(row.select(".dmreport-chip")) == len(months), row["id"]
            lines = [p.get_text(" ", strip=True) for p in row.select("p.dmreport-chips")]
            years = sorted({month[:4] for month in months}, reverse=True)
            assert [line.split(":")[0] for line in lines] == years
    # DM-22727: two elements in November 2019, one chip; each link names its element.
    row = article(references, "references/tickets").select_one("tr#DM-22727")
    assert [p.get_text(" ", strip=True) for p in row.select("p.dmreport-chips")] == [
        "2020: Jan AP",
        "2019: Nov AP DRP · Dec AP",
    ]
    november = row.select(".dmreport-chip")[1]
    assert [(a["href"], a["title"]) for a in november.select("a")] == [
        ("../reports/2019-11/alert-production.html#current-accomplishments",
         "1.02C.03 Alert Production › Current accomplishments"),
        ("../reports/2019-11/data-release-production.html#current-accomplishments",
         "1.02C.04 Data Release Production › Current accomplishments"),
    ]  # fmt: skip


@pytest.mark.sphinx(
    "html",
    testroot="references",
    srcdir="references-split",
    freshenv=True,
    confoverrides={"dmreport_reference_split_rows": 1},
)
def test_a_split_index_still_resolves_every_key(references) -> None:
    oracle = cited_months(Path(references.srcdir))
    out = Path(references.outdir)
    for index in INDEXES:
        overview = article(references, f"references/{index}")
        keys = {key for i, key in oracle if i == index}
        compact = overview.select_one(".dmreport-key-index")
        assert {found["id"] for found in compact.select("[id]")} == keys
        links = compact.select("a")
        for key in keys:
            anchor = compact.find(id=key)
            years = sorted({month[:4] for month in oracle[index, key]}, reverse=True)
            assert anchor.name == "a" and anchor.get_text() == key
            start = links.index(anchor)
            hrefs = [a["href"] for a in links[start : start + len(years)]]
            assert hrefs == [f"{index}-{year}.html#{key}" for year in years]
            for year in years:
                path = out / f"references/{index}-{year}.html"
                target = BeautifulSoup(path.read_text(), "lxml").find(id=key)
                assert target is not None and target.name == "tr", (index, year, key)
                chips = target.select(".dmreport-chip")
                assert len(chips) == sum(m.startswith(year) for m in oracle[index, key])


def _cited_links(soup: BeautifulSoup) -> dict[str, tuple[str, str, str]]:
    """Key -> the index link after its first mention: address, text, tooltip."""
    return {
        sup.find_previous_sibling("a").get_text(): (sup.a["href"], sup.a.get_text(), sup.a["title"])
        for sup in soup.select("sup.dmreport-cited")
    }


@pytest.mark.sphinx("html", testroot="references", freshenv=True)
def test_a_month_page_links_each_key_to_its_row(references) -> None:
    drp = article(references, "reports/2019-11/data-release-production")
    jira = drp.select_one('a[href="https://rubinobs.atlassian.net/browse/DM-22727"]')
    assert jira is not None  # the main link stays
    tickets, documents = "../../references/tickets.html", "../../references/documents.html"
    assert _cited_links(drp) == {
        "DM-22727": (f"{tickets}#DM-22727", "3 mo", "DM-22727: cited in 3 months"),
        "RFC-650": (f"{tickets}#RFC-650", "2 mo", "RFC-650: cited in 2 months"),
        "DMTR-201": (f"{documents}#DMTR-201", "1 mo", "DMTR-201: cited in 1 month"),
    }
    summary = article(references, "reports/2019-11/summary")
    assert summary.select_one('a[href="https://ls.st/lse-163"]')["title"] == (
        "Data Products Definition Document"
    )
    assert _cited_links(summary)["LSE-163"][0] == "../../references/documents.html#LSE-163"


@pytest.mark.sphinx("latex", testroot="references", freshenv=True)
def test_the_pdf_keeps_the_prose_as_written(app) -> None:
    app.build()
    tex = "\n".join(path.read_text() for path in Path(app.outdir).glob("*.tex"))
    assert "DM-22727" in tex
    assert "cited in" not in tex and "3 mo" not in tex and "references/tickets" not in tex


def test_counts_follow_a_new_month(tmp_path: Path) -> None:
    """A new month citing DM-22727 rewrites the older pages that show its count."""
    src = tmp_path / "references"
    shutil.copytree(ROOT, src)
    sphinx_build(src)
    sphinx_build(src)  # the theme settles its options after the first build
    month = src / "reports/2020-03"
    month.mkdir()
    (month / "index.md").write_text(
        (src / "reports/2020-02/index.md").read_text().replace("2020-02", "2020-03")
        .replace("February", "March")
    )  # fmt: skip
    shutil.copy(src / "reports/2020-02/data-release-production.md", month)
    source = month / "data-release-production.md"
    text = source.read_text().replace("delta work on {jira}`DM-2272`, {lse}`163` and", "")
    source.write_text(text.replace("- Test data: ", "- Test data: {jira}`DM-22727` and "))
    _, written = sphinx_build(src)
    assert "reports/2019-11/data-release-production" in written
    assert "reports/2019-11/summary" not in written  # it cites no key that changed
    out = src / "_build/html"
    older = out / "reports/2019-11/data-release-production.html"
    shown = BeautifulSoup(older.read_text(), "lxml")
    assert _cited_links(shown)["DM-22727"][1] == "4 mo"
    tickets = BeautifulSoup((out / "references/tickets.html").read_text(), "lxml")
    assert len(tickets.select("tr#DM-22727 .dmreport-chip")) == 4
    _, written = sphinx_build(src)
    assert not {w for w in written if w.startswith("reports/")}


# -- the filter box, in Chromium ---------------------------------------------------


def _visible_keys(tab: Page) -> list[str]:
    rows = tab.locator("table.dmreport-filterable tbody tr:visible")
    return rows.evaluate_all("rows => rows.map(row => row.id)")


def _year_page(url: str, site: tuple[Path, Path], key: str) -> str:
    """The year page of the split tickets index holding ``key``'s newest row."""
    pages = sorted((site[1] / "references").glob("tickets-*.html"), reverse=True)
    holding = [p for p in pages if f'id="{key}"' in p.read_text("utf-8")]
    assert holding, key
    return f"{url}references/{holding[0].name}"


def test_the_filter_keeps_the_matching_rows(
    page: Page,  # noqa: F811
    base_url: str,  # noqa: F811
    built: tuple[Path, Path],  # noqa: F811
) -> None:
    page.goto(_year_page(base_url, built, "DM-22727"))
    rows = page.locator("table.dmreport-filterable tbody tr")
    total = rows.count()
    assert total > 100
    box = page.get_by_label(re.compile("Filter by ticket"))
    count = page.locator(".dmreport-text-filter .dmreport-count")
    expect(count).to_have_text(f"{total} of {total}")
    keys = rows.evaluate_all("rows => rows.map(row => row.id)")
    for typed in ("DM-22727", "dm-2272", "RFC-"):
        box.fill(typed)
        expected = [key for key in keys if typed.lower() in key.lower()]
        assert expected, typed
        expect(count).to_have_text(f"{len(expected)} of {total}")
        assert _visible_keys(page) == expected, typed
    box.fill("")
    expect(count).to_have_text(f"{total} of {total}")
    assert page.errors == []  # type: ignore[attr-defined]


def test_an_anchor_lands_on_its_row(
    page: Page,  # noqa: F811
    base_url: str,  # noqa: F811
    built: tuple[Path, Path],  # noqa: F811
) -> None:
    """``tickets.html#DM-22727`` lands on the key in the split index's
    overview, which leads to its row on the newest year's page."""
    page.goto(f"{base_url}references/tickets.html#DM-22727")
    key = page.locator("a#DM-22727")
    expect(key).to_be_in_viewport()
    key.click()
    expect(page).to_have_url(_year_page(base_url, built, "DM-22727") + "#DM-22727")
    row = page.locator("tr#DM-22727")
    expect(row).to_be_in_viewport()
    expect(row.locator("td").first).to_have_text("DM-22727")
    page.goto(f"{base_url}references/documents.html")
    page.get_by_label(re.compile("Filter by document")).fill("organization")
    assert "LDM-294" in _visible_keys(page)
    assert all(
        "organization" in text.lower()
        for text in page.locator("tbody tr:visible td:first-child").all_inner_texts()
    )
