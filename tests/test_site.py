"""The real site: January 2020 built from the repository, read as HTML."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from dmreport.importer import import_month
from dmreport.tools.build import build_site
from dmreport.tools.writers import new_month

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
    cited = set(re.findall(r"\b(?:LDM|LSE|LPM|LCR|DMTR|DMTN|SQR|PSTN)-\d+\b", seed.read_text()))
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
        for w in WORD.findall(re.sub("[¹²³⁴⁵⁶⁷⁸⁹⁰]", " ", seed.read_text(encoding="utf-8")))
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
    headings = [h.get_text(" ", strip=True) for h in month_pages["alert-production"].select("h2")]
    assert [h.rstrip("#").strip() for h in headings[:3]] == [
        "Current accomplishments",
        "Planned activities",
        "Staffing update",
    ]


def test_home_shows_latest_summary_and_the_month_list_every_month(site: Path, repo: Path) -> None:
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    home = soup.select_one("article")
    assert "Technical Progress" in home.get_text()
    assert "reports/index.html" in {a["href"] for a in home.select("a[href]")}
    months = BeautifulSoup((site / "reports/index.html").read_text(encoding="utf-8"), "lxml")
    hrefs = {a["href"] for a in months.select("article a[href]")}
    for month in sorted(p.name for p in (repo / "reports").iterdir() if p.is_dir()):
        assert f"{month}/index.html" in hrefs


def test_the_formal_reports_come_first(site: Path, repo: Path) -> None:
    """The home page's first links are the newest month's PDF and its year's
    volume, before its summary; a month's page links its PDF first."""
    month = max(p.name for p in (repo / "reports").iterdir() if p.is_dir())
    home = _article(site, "index.html").select_one("article")
    links = [a for a in home.select("a[href]") if "headerlink" not in a.get("class", [])]
    assert [a["href"] for a in links[:2]] == [
        f"reports/{month}/dmreport-{month}.pdf",
        f"reports/dmreport-{month[:4]}.pdf",
    ]
    assert (
        links[0].get_text() == "Formal report (PDF/A)" and "volume (PDF/A)" in links[1].get_text()
    )
    assert home.select_one(".dmreport-latest") in links[0].find_all_next("p")  # then the summary
    page = _article(site, f"reports/{month}/index.html").select_one("article")
    first = next(a for a in page.select("a[href]") if "headerlink" not in a.get("class", []))
    assert first["href"] == f"dmreport-{month}.pdf" and first.get_text() == "Formal report (PDF/A)"


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


def test_each_written_page_links_to_its_source_for_editing(site: Path, repo: Path) -> None:
    """A page written from a file offers "Edit on GitHub", linking to that
    file; a page the build makes (a milestone's, a year of a history) none."""
    edit = "https://github.com/lsst-dm/dm-monthly-reports/edit/main/"
    written = 0
    for path in sorted(site.rglob("*.html")):
        name = path.relative_to(site).with_suffix("").as_posix()
        links = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select(".editthispage a")
        sources = [s for s in (repo / f"{name}.md", repo / f"{name}.rst") if s.is_file()]
        if not sources or name.startswith(("references/", "search", "genindex")):
            assert links == [], name
            continue
        source = sources[0].relative_to(repo).as_posix()
        if not links:  # pages of wide tables have no sidebar
            continue
        assert [a["href"] for a in links] == [edit + source], name
        assert links[0].get_text(" ", strip=True) == "Edit on GitHub"
        written += 1
    assert written >= 14


def test_milestones_as_tables_tracker_and_chart(site: Path) -> None:
    page = BeautifulSoup((site / "reports/2020-01/milestones.html").read_text(), "lxml")
    tables = page.select("article table")
    rows = [row for table in tables for row in table.select("tbody tr")]
    ids = [row.select_one("td").get_text(strip=True) for row in rows]
    assert len(ids) == 12 and len(set(ids)) == 12
    statuses = [row.select("td")[2].get_text(strip=True) for row in rows]
    assert statuses.count("completed") == 1 and statuses.count("delayed") == 11
    done = rows[statuses.index("completed")]
    assert done.select("td")[3].get_text(" ", strip=True) == (
        "Completed 2020-01-31 Baseline 2018-11-30 Slip 427 days"  # the plan's baseline
    )
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", page.select_one("article").get_text())
    assert "2016-11-30" in dates and "2020-01-21" in dates
    tracker = BeautifulSoup((site / "milestones/index.html").read_text(), "lxml")
    assert len(tracker.select("article table")[0].select("tbody tr")) == 12
    assert list((site / "_images").glob("dmreport-milestone-trend-*.svg"))


def test_wbs_tree_and_a_history_page_for_every_element(site: Path, repo: Path) -> None:
    elements = yaml.safe_load((repo / "wbs/elements.yaml").read_text())["elements"]
    slugs = [e["slug"] for e in elements if e.get("slug")]
    tree = BeautifulSoup((site / "wbs/index.html").read_text(), "lxml").select_one("article")
    assert {a["href"] for a in tree.select("li a")} == {f"{slug}.html" for slug in slugs}
    for slug in slugs:
        assert (site / "wbs" / f"{slug}.html").is_file(), slug
    history = BeautifulSoup((site / "wbs/alert-production.html").read_text(), "lxml")
    assert "Numerical warnings generated by some DIAObject" in history.get_text()
    # No raw citation key on any history: the labels the month pages show.
    keys = re.findall(r"^@\w+\{([^,]+),", (repo / "data/citations.bib").read_text(), re.M)
    cited = set(keys)
    shown = 0
    for slug in slugs:
        text = BeautifulSoup((site / "wbs" / f"{slug}.html").read_text(), "lxml").get_text(" ")
        assert not [k for k in cited if re.search(rf"\b{re.escape(k)}\b", text)], slug
        shown += text.count("et al.")
    assert shown >= 2  # holman2018 and antilogus2014, as author-year labels


def test_reference_indexes_list_every_ticket_and_document(site: Path) -> None:
    def first_cells(name: str) -> list[str]:
        page = BeautifulSoup((site / f"references/{name}.html").read_text(), "lxml")
        return [row.select_one("td code").get_text() for row in page.select("tbody tr")]

    tickets = first_cells("tickets")
    assert len(tickets) == 72 and len(set(tickets)) == 72
    assert sorted(first_cells("documents")) == sorted(DOCUMENT_URLS)
    page = BeautifulSoup((site / "references/tickets.html").read_text(), "lxml")
    row = next(r for r in page.select("tbody tr") if r.select_one("code").text == "DM-22727")
    assert [a["href"] for a in row.select("a")] == [
        "../reports/2020-01/alert-production.html#02c0302--catalog-association-for-alert-production"
    ]
    # Its anchor is its key, on the main index page (or on a year's page too).
    assert page.find(id="DM-22727") is row
    anchored = [
        p for p in site.glob("references/tickets*.html") if 'id="DM-22727"' in p.read_text()
    ]
    assert site / "references/tickets.html" in anchored
    month = BeautifulSoup((site / "reports/2020-01/alert-production.html").read_text(), "lxml")
    cited = month.select_one('sup.dmreport-cited a[href$="#DM-22727"]')
    assert cited["href"] == "../../references/tickets.html#DM-22727"
    assert cited["title"] == "DM-22727: cited in 1 month"


def test_a_second_imported_month_shows_everywhere(project: Path, seed: Path, repo: Path) -> None:
    """Import the seed again as a second month into a copy of the repo."""
    for name in ("reports",):
        shutil.rmtree(project / name, ignore_errors=True)
        shutil.copytree(repo / name, project / name)
    second = project / "export-2020-02.txt"
    second.write_text(seed.read_text().replace("January 2020", "February 2020"))
    import_month(second, "2020-02", project)
    site = build_site(project, project / "_build" / "html", pdf=False).html
    months = BeautifulSoup((site / "reports/index.html").read_text(), "lxml")
    assert [r.select_one("td").get_text(strip=True) for r in months.select("tbody tr")] == [
        "February 2020",
        "January 2020",
    ]
    history = BeautifulSoup((site / "wbs/alert-production.html").read_text(), "lxml")
    assert "2 monthly reports include this element" in history.get_text()
    assert len(history.select("section#plan-against-actual details.dmreport-fold")) == 1
    tickets = BeautifulSoup((site / "references/tickets.html").read_text(), "lxml")
    row = next(r for r in tickets.select("tbody tr") if r.select_one("code").text == "DM-22727")
    assert [a["href"].split("/")[2] for a in row.select("a")] == ["2020-01", "2020-02"]
    nav = BeautifulSoup(
        (site / "reports/2020-01/alert-production.html").read_text(), "lxml"
    ).select_one(".dmreport-month-nav")
    assert nav.select("a")[-1]["href"] == "../2020-02/alert-production.html"
    home = BeautifulSoup((site / "index.html").read_text(), "lxml").select_one("article")
    assert "Read the full report for February 2020" in home.get_text()


# -- drafts and the reports' own dates --------------------------------------


def _with_a_draft(project: Path, repo: Path, edition: str) -> Path:
    """January 2020 issued on 2020-02-07, then ``dmreport new 2020-02`` (a
    draft); built as the published edition or a preview."""
    shutil.rmtree(project / "reports")
    shutil.copytree(repo / "reports", project / "reports")
    index = project / "reports/2020-01/index.md"
    front = re.sub(r"^issued: .*\n", "", index.read_text(), flags=re.M)
    index.write_text(front.replace("status: published", "status: published\nissued: 2020-02-07"))
    new_month(project, "2020-02")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\ndmreport_edition = {edition!r}\n")
    return build_site(project, project / "_build" / "html", pdf=False).html


def _article(site: Path, page: str) -> BeautifulSoup:
    found = BeautifulSoup((site / page).read_text(encoding="utf-8"), "lxml")
    return found


def _fragment_targets_exist(site: Path, page: str) -> None:
    """Every link of ``page`` to a fragment reaches an element with that id."""
    soup = _article(site, page)
    for anchor in soup.select("article a[href*='#']"):
        path, _, fragment = anchor["href"].partition("#")
        target = (site / page).parent / path if path else site / page
        ids = {
            tag["id"]
            for tag in _article(site, str(target.resolve().relative_to(site))).select("[id]")
        }
        assert fragment in ids, anchor


def test_a_draft_month_stays_off_the_published_edition(project: Path, repo: Path) -> None:
    site = _with_a_draft(project, repo, "main")
    home = _article(site, "index.html").select_one("article")
    intro = home.select_one(".dmreport-latest").get_text(" ", strip=True)
    assert intro.startswith("The newest report is January 2020 , issued 2020-02-07.")
    assert "February 2020" not in home.get_text()
    sections = [a.get_text() for a in home.select(".dmreport-sections a")]
    assert sections[:2] == ["High-level Summary", "Milestone Summary"] and len(sections) == 12
    _fragment_targets_exist(site, "index.html")  # the summary's footnote mark included
    assert home.select("a.footnote-reference")
    months = _article(site, "reports/index.html").select_one(".dmreport-latest")
    assert months.get_text(" ", strip=True) == "Latest report: January 2020 ."
    feed = (site / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 1 and "reports/2020-02" not in feed
    assert "<updated>2020-02-07T00:00:00Z</updated>" in feed
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "reports/2020-02/" not in sitemap
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2020-02-07"}
    draft = _article(site, "reports/2020-02/square.html")
    assert draft.select_one(".dmreport-draft").get_text(" ", strip=True).startswith("Draft")
    assert draft.select_one('meta[name="robots"][content="noindex"]') is not None
    assert draft.select_one("article[data-pagefind-body]") is None
    assert _article(site, "reports/2020-01/square.html").select_one("article[data-pagefind-body]")
    assert not list((site / "pagefind").rglob("*2020-02*"))
    assert _article(site, "reports/2020-01/square.html").select_one(".dmreport-draft") is None
    assert _article(site, "index.html").select_one(".bd-header-announcement") is None
    switcher = json.loads((site / "switcher.json").read_text(encoding="utf-8"))
    assert [e["version"] for e in switcher] == ["main"] and switcher[0]["preferred"]
    # One edition: no version switcher in the top bar.
    assert _article(site, "index.html").select_one(".version-switcher__container") is None


def test_a_preview_shows_the_draft_marked_draft(project: Path, repo: Path) -> None:
    site = _with_a_draft(project, repo, "pr-17")
    home = _article(site, "index.html").select_one("article")
    intro = home.select_one(".dmreport-latest").get_text(" ", strip=True)
    assert intro.startswith("The newest report is February 2020 , issued 2020-02-29 (a draft")
    draft = _article(site, "reports/2020-02/square.html")
    assert draft.select_one(".dmreport-draft") is not None
    assert draft.select_one("article[data-pagefind-body]") is not None
    assert "reports/2020-02/" in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "reports/2020-02" not in (site / "feed.xml").read_text(encoding="utf-8")
    # Editions: every page says it is a preview; switcher.json lists main and it.
    for path in (p for p in site.rglob("*.html") if not p.name.startswith("webpack-")):
        soup = _article(site, str(path.relative_to(site)))
        banner = soup.select_one(".bd-header-announcement")
        assert banner is not None and "Preview edition pr-17" in banner.get_text(), path
        assert soup.select_one('meta[name="robots"][content="noindex"]') is not None, path
        assert soup.select_one(".bd-header .version-switcher__container") is not None, path
    switcher = json.loads((site / "switcher.json").read_text(encoding="utf-8"))
    assert [(e["version"], e["url"]) for e in switcher] == [
        ("main", "https://dm-monthly-reports.lsst.io/"),
        ("pr-17", "https://dm-monthly-reports.lsst.io/v/pr-17/"),
    ]
