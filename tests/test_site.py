"""The real site: January 2020 built from the repository, read as HTML."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dmreport.build import build_site

pytestmark = pytest.mark.site

JIRA = "https://rubinobs.atlassian.net/browse/"
DOCUMENT_URLS = {
    "LDM-294": "https://ls.st/ldm-294",
    "LDM-643": "https://ls.st/ldm-643",
    "LDM-732": "https://ls.st/ldm-732",
    "LSE-163": "https://ls.st/lse-163",
    "LCR-1923": "https://ls.st/lcr-1923",
    "DMTR-201": "https://ls.st/dmtr-201",
    "DMTN-133": "https://dmtn-133.lsst.io/",
    "DMTN-136": "https://dmtn-136.lsst.io/",
    "DMTN-137": "https://dmtn-137.lsst.io/",
    "PSTN-017": "https://pstn-017.lsst.io/",
}
WORD = re.compile(r"\w+")


@pytest.fixture(scope="module")
def site(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once with warnings as errors."""
    return build_site(repo, tmp_path_factory.mktemp("site") / "html")


@pytest.fixture(scope="module")
def month_pages(site: Path) -> dict[str, BeautifulSoup]:
    pages = {}
    for path in sorted((site / "reports" / "2020-01").glob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        assert article is not None, path
        pages[path.stem] = article
    return pages


def _links(pages: dict[str, BeautifulSoup]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for article in pages.values():
        for anchor in article.select("a[href]"):
            found.setdefault(anchor.get_text(strip=True), set()).add(anchor["href"])
    return found


def test_every_seed_ticket_links_to_jira(seed: Path, month_pages) -> None:
    tickets = set(re.findall(r"\b(?:DM|RFC)-\d+\b", seed.read_text(encoding="utf-8")))
    assert len(tickets) == 72
    assert sum(t.startswith("DM-") for t in tickets) == 69
    links = _links(month_pages)
    for ticket in tickets:
        assert links.get(ticket) == {JIRA + ticket}, ticket


def test_every_document_links_to_its_canonical_url(seed: Path, month_pages) -> None:
    cited = set(
        re.findall(r"\b(?:LDM|LSE|LPM|LCR|DMTR|DMTN|SQR|PSTN)-\d+\b", seed.read_text())
    )
    assert cited == set(DOCUMENT_URLS)
    links = _links(month_pages)
    for handle, url in DOCUMENT_URLS.items():
        assert links.get(handle) == {url}, handle


def test_no_lost_link_survives(site: Path) -> None:
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        if article is None:
            continue
        assert "(#)" not in article.get_text(), path
        assert not article.select('a[href="#"], a[href=""]'), path


def test_pages_hold_every_word_of_the_seed(seed: Path, month_pages) -> None:
    seed_words = Counter(
        w.casefold()
        for w in WORD.findall(
            re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]", " ", seed.read_text(encoding="utf-8"))
        )
    )
    page_words = Counter(
        w.casefold()
        for article in month_pages.values()
        for w in WORD.findall(article.get_text(" ").replace("’", "'"))
    )
    missing = seed_words - page_words
    assert not missing, missing.most_common(20)


def test_month_has_one_page_per_wbs_element(month_pages) -> None:
    assert set(month_pages) == {
        "index", "summary", "milestones", "system-management", "dm-science",
        "system-architecture", "alert-production", "data-release-production",
        "science-user-interface", "science-data-archive", "data-facility",
        "international-communications", "square",
    }  # fmt: skip
    headings = [
        h.get_text(" ", strip=True)
        for h in month_pages["alert-production"].select("h2")
    ]
    assert [h.rstrip("#").strip() for h in headings[:3]] == [
        "Current accomplishments",
        "Planned activities",
        "Staffing update",
    ]


def test_home_shows_latest_summary_and_links_every_month(
    site: Path, repo: Path
) -> None:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    home = soup.select_one("article")
    assert "Technical Progress" in home.get_text()
    hrefs = {a["href"] for a in home.select("a[href]")}
    for month in sorted(p.name for p in (repo / "reports").iterdir() if p.is_dir()):
        assert f"reports/{month}/index.html" in hrefs


def test_rubin_look_and_no_remote_assets(site: Path) -> None:
    page = (site / "reports" / "2020-01" / "summary.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "lxml")
    assert soup.select_one('img[src$="rubin-titlebar-imagotype-light.svg"]') is not None
    assert soup.select_one('link[rel="icon"]') is not None
    for tag in soup.select("script[src], link[href], img[src]"):
        url = tag.get("src") or tag.get("href")
        if tag.name == "link" and tag.get("rel") in (["canonical"],):
            continue
        assert "://" not in url, url
