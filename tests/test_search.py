"""Search in a real browser, on the 60-month archive of tests/archive.py.

Identifier queries (every family of the registry, written any way) find
exactly the pages whose sources cite the identifier, look-alikes never;
free text ranks by relevance with the month as tie-break, or newest first;
the year, month and WBS filters hold across a year boundary; each result
names its month and WBS element; the query lives in the URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from archive import DRAFT, LAST, cited, site
from playwright.sync_api import BrowserContext, Page, Request, expect, sync_playwright

from dmreport.core.ids import DOCUMENT_SERIES, JIRA_PROJECTS, MILESTONE_RE, month_title
from dmreport.core.plan import load_plan
from dmreport.outputs.search_keys import id_filter, search_key
from dmreport.tools.bench.weight import CHROMIUM, CHROMIUM_ARGS, serve

STATUS = "#dmreport-search-status"
DONE = re.compile(r"^(\d+) results? for |^No results for ")
MONTH_URL = re.compile(r"reports/(\d{4}-\d{2})/")


@pytest.fixture(scope="module")
def built(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return site(repo, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def base_url(built: tuple[Path, Path]) -> Iterator[str]:
    with serve(built[1]) as url:
        yield url


@pytest.fixture(scope="module")
def context() -> Iterator[BrowserContext]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing: {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(20_000)
        yield context
        context.close()
        browser.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    tab = context.new_page()
    yield tab
    tab.close()


def results(page: Page) -> list[dict[str, str]]:
    """Wait for the search; every result (all pages of them): its path,
    title and the month and WBS element it shows."""
    status = page.locator(STATUS)
    expect(status).to_have_text(DONE)
    found = DONE.match(status.inner_text())
    total = int(found[1]) if found and found[1] else 0
    items = page.locator(".dmreport-result")
    idle = page.locator("#dmreport-search-results[data-busy=false]")
    expect(idle).to_have_count(1)
    while items.count() < total:
        page.locator("#dmreport-search-more").click()
        expect(idle).to_have_count(1)
    expect(items).to_have_count(total)
    rows = items.evaluate_all(
        """items => items.map(item => ({
            href: item.querySelector(".dmreport-result__title a").getAttribute("href"),
            title: item.querySelector(".dmreport-result__title").textContent.trim(),
            month: item.querySelector(".dmreport-result__when").textContent.trim(),
            wbs: item.querySelector(".dmreport-result__wbs")?.textContent.trim() ?? "",
        }))"""
    )
    for row in rows:
        row["path"] = urlsplit(row.pop("href")).path.lstrip("/")
    return rows


def search(page: Page, base_url: str, query: str, **params: str) -> list[dict[str, str]]:
    extra = "".join(f"&{name}={quote(value)}" for name, value in params.items())
    page.goto(f"{base_url}search.html?q={quote(query)}{extra}")
    return results(page)


def month(path: str) -> str:
    """The month of a report page's path."""
    found = MONTH_URL.search(path)
    assert found is not None, path
    return found[1]


def paths(rows: list[dict[str, str]]) -> set[str]:
    return {row["path"] for row in rows}


def published(pages: set[str]) -> set[str]:
    """Pages of published months (the draft is not searched)."""
    return {p for p in pages if f"reports/{DRAFT}/" not in p}


def own_page(built: tuple[Path, Path], identifier: str) -> set[str]:
    """A milestone's own page, when the site has one (its slip ledger)."""
    path = f"milestones/{identifier.lower()}.html"
    return {path} if (built[1] / path).is_file() else set()


# -- identifiers ----------------------------------------------------------


LOOK_ALIKES = ["LDM-50", "LDM-503", "LDM-5030", "DM-2272", "DM-22727", "RFC-650", "RTN-011"]


@pytest.mark.parametrize("identifier", LOOK_ALIKES)
def test_an_identifier_finds_exactly_the_pages_citing_it(
    page: Page, base_url: str, built: tuple[Path, Path], identifier: str
) -> None:
    expected = published(cited(built[0]).get(identifier, set()))
    assert expected, identifier
    found = search(page, base_url, identifier)
    assert paths(found) == expected
    months = [month(row["path"]) for row in found]
    assert months == sorted(months, reverse=True)  # newest first


@pytest.mark.parametrize(
    ("written", "identifier"),
    [
        ("dm-22727", "DM-22727"),
        ("DM22727", "DM-22727"),
        ("DM 22727", "DM-22727"),
        ("ldm503", "LDM-503"),
        ("rtn-11", "RTN-011"),
        ("RTN011", "RTN-011"),
        ("dm-drp-8", "DM-DRP-8"),
        ("(LDM-5030).", "LDM-5030"),
    ],
)
def test_an_identifier_written_any_way(
    page: Page, base_url: str, built: tuple[Path, Path], written: str, identifier: str
) -> None:
    expected = published(cited(built[0])[identifier]) | own_page(built, identifier)
    assert paths(search(page, base_url, written)) == expected


@pytest.mark.parametrize("identifier", ["DM-22728", "LDM-5031", "RFC-651", "DM-AP-99"])
def test_an_uncited_identifier_finds_nothing(
    page: Page, base_url: str, built: tuple[Path, Path], identifier: str
) -> None:
    assert identifier not in cited(built[0])
    assert search(page, base_url, identifier) == []
    expect(page.locator(STATUS)).to_have_text(
        f"No results for {identifier} (pages citing {identifier})"
    )


def test_every_family_of_the_registry(page: Page, base_url: str, built: tuple[Path, Path]) -> None:
    """One identifier of each family the archive cites: its exact pages."""
    everything = cited(built[0])
    families = [f"{series.prefix}-" for series in DOCUMENT_SERIES]
    families += [f"{project}-" for project in JIRA_PROJECTS]
    tried = 0
    for family in families:
        keys = sorted(k for k in everything if k.startswith(family) and not MILESTONE_RE.match(k))
        if not keys:
            continue
        key = keys[len(keys) // 2]
        assert paths(search(page, base_url, key)) == published(everything[key]), key
        tried += 1
    milestone = sorted(k for k in everything if MILESTONE_RE.fullmatch(k))[0]
    found = search(page, base_url, milestone)
    assert paths(found) == published(everything[milestone]) | own_page(built, milestone)
    assert tried >= 8


def test_a_milestone_id_lands_on_its_page(
    page: Page, base_url: str, built: tuple[Path, Path]
) -> None:
    """A milestone's id finds its own page first, then the reports citing it,
    newest first; one only the plan holds finds its page alone."""
    everything = cited(built[0])
    reported = "DM-DRP-8"
    found = search(page, base_url, reported)
    assert found[0]["path"] == "milestones/dm-drp-8.html"
    assert found[0]["month"] == "Milestone page: DM-DRP-8"
    months = [month(row["path"]) for row in found[1:]]
    assert months and months == sorted(months, reverse=True)
    plan = load_plan(built[0])
    only_plan = sorted(
        row.id
        for export in plan.exports.values()
        for row in export.rows
        if row.in_dm and row.id not in everything and MILESTONE_RE.fullmatch(row.id)
    )
    assert only_plan
    for identifier in (only_plan[0], only_plan[-1]):
        found = search(page, base_url, identifier)
        assert [row["path"] for row in found] == [f"milestones/{identifier.lower()}.html"]
        page.locator(".dmreport-result__title a").first.click()
        expect(page.locator("article h1")).to_contain_text(identifier)


def test_identifiers_and_words_together(
    page: Page, base_url: str, built: tuple[Path, Path]
) -> None:
    """An identifier narrows a text search to the pages citing it."""
    pages = published(cited(built[0])["LDM-503"])
    found = search(page, base_url, "LDM-503 review")
    assert paths(found) <= pages and found


def test_search_keys_match_the_page_filters(built: tuple[Path, Path]) -> None:
    """The keys in a page's HTML are those its source cites, canonical."""
    root, html = built
    page = html / "reports" / "2021-01" / "alert-production.html"
    filters = re.findall(r'data-pagefind-filter="(id [^"]+)">([^<]+)<', page.read_text("utf-8"))
    # Each family's keys are a filter of their own.
    assert all(name == id_filter(key) for name, key in filters), filters
    assert {name for name, _ in filters} >= {"id DM", "id LDM"}
    keys = {key for _, key in filters}
    expected = {
        search_key(key)
        for key, pages in cited(root).items()
        if "reports/2021-01/alert-production.html" in pages
    }
    assert keys == expected and "LDM-503" in keys and "LDM-50" not in keys


def fetched(context: BrowserContext, base_url: str, query: str, **params: str) -> dict[str, int]:
    """What one query fetches of the search index, on a first visit (an empty
    cache), its first page of results shown: each file's bytes, by its path
    under pagefind/."""
    assert context.browser is not None
    fresh = context.browser.new_context()
    tab = fresh.new_page()
    sizes: dict[str, int] = {}

    def record(request: Request) -> None:
        response = request.response()
        path = urlsplit(request.url).path
        if response is not None and "/pagefind/" in path:
            sizes[path.split("/pagefind/", 1)[1]] = len(response.body())

    tab.on("requestfinished", record)
    extra = "".join(f"&{name}={quote(value)}" for name, value in params.items())
    tab.goto(f"{base_url}search.html?q={quote(query)}{extra}")
    expect(tab.locator(STATUS)).to_have_text(DONE)
    expect(tab.locator("#dmreport-search-results[data-busy=false]")).to_have_count(1)
    fresh.close()
    return sizes


def bundles_of(sizes: dict[str, int]) -> set[str]:
    return {path.split("/")[0] for path in sizes if "/" in path}


def test_a_query_fetches_only_what_it_needs(
    context: BrowserContext, base_url: str, built: tuple[Path, Path]
) -> None:
    """An identifier query fetches the one chunk of each bundle that holds
    it (not the whole index) and its family's list of pages (not every
    identifier's), the bundles of the years it asks for, the milestone pages'
    bundle and not the reference indexes'; 300 KB at most."""
    html = built[1]
    listed = json.loads((html / "pagefind" / "dmreport-indexes.json").read_text("utf-8"))
    years = {name for name in listed["bundles"] if name.isdigit()}
    chunks = {name: len(list((html / "pagefind" / name / "index").iterdir())) for name in years}
    biggest = {  # a year's largest filter: the list of its DM tickets' pages
        name: max(f.stat().st_size for f in (html / "pagefind" / name / "filter").iterdir())
        for name in years
    }
    everything = cited(built[0])
    keys = [
        sorted(k for k in everything if k.startswith(f"{family}-"))[0]
        for family in ("DM", "LDM", "RFC", "LSE", "DMTN")
    ] + [sorted(k for k in everything if MILESTONE_RE.fullmatch(k))[0]]
    for key in keys:
        sizes = fetched(context, base_url, key)
        assert bundles_of(sizes) == years | {"milestones"}, key
        for year in years:
            loaded = [p for p in sizes if p.startswith(f"{year}/index/")]
            assert 1 <= len(loaded) <= 2 < chunks[year], (key, year, loaded)
            lists = sum(size for p, size in sizes.items() if p.startswith(f"{year}/filter/"))
            assert id_filter(key) == "id DM" or lists < biggest[year], (key, year, lists)
        assert sum(sizes.values()) <= 300 * 1024, key
    year = sorted(years)[1]
    sizes = fetched(context, base_url, keys[1], year=year, wbs="1.02C.07 LSST Data Facility")
    assert bundles_of(sizes) == {year, "milestones"}
    assert bundles_of(fetched(context, base_url, "", year=year)) == {year}
    assert bundles_of(fetched(context, base_url, "Cassandra")) == years | {
        "milestones",
        "references",
    }


# -- free text ------------------------------------------------------------


def test_a_section_title_ranks_its_pages_first(page: Page, base_url: str) -> None:
    found = search(page, base_url, "Data Release Production", group="pages")
    assert len(found) > 60
    top = found[:5]
    assert all(row["path"].endswith("/data-release-production.html") for row in top), top
    assert top[0]["path"] == f"reports/{LAST}/data-release-production.html"
    assert top[0]["wbs"] == "WBS: 1.02C.04 Data Release Production"
    assert top[0]["title"].endswith(f"— {month_title(LAST)}")


def test_newest_first_on_request(page: Page, base_url: str) -> None:
    found = search(page, base_url, "Data Release Production", sort="newest")
    reports = [row for row in found if row["path"].startswith("reports/")]
    months = [month(row["path"]) for row in reports]
    assert months == sorted(months, reverse=True)
    assert months[0] == LAST
    # Milestone pages the words find come after every report page.
    assert found[: len(reports)] == reports
    expect(page.locator("select[name=sort]")).to_have_value("newest")


def test_each_result_names_its_month_and_element(page: Page, base_url: str) -> None:
    for row in search(page, base_url, "Cassandra")[:10]:
        name = month_title(month(row["path"]))
        assert row["month"] == f"Month: {name}", row
        assert row["title"].endswith(f"— {name}"), row
        if not row["path"].endswith(("/index.html", "/summary.html", "/milestones.html")):
            assert row["wbs"].startswith("WBS: 1.02C."), row


@pytest.mark.parametrize("query", ["Data Release Production", "Cassandra"])
def test_text_groups_the_months_of_an_element(page: Page, base_url: str, query: str) -> None:
    """By default one entry per WBS element, its best page first, its other
    months folded; every page on request; no page lost either way."""
    every = search(page, base_url, query, group="pages")
    grouped = search(page, base_url, query)
    assert len(grouped) < len(every)
    expect(page.locator(STATUS)).to_contain_text(f"({len(every)} pages, months of an element")
    groups = page.locator(".dmreport-result--group")
    assert groups.count() >= 1
    seen: set[str] = set()
    for index in range(groups.count()):
        entry = groups.nth(index)
        summary = entry.locator("summary")
        summary.click()
        expect(entry.locator("details[data-loaded=true]")).to_have_count(1)
        months = entry.locator(".dmreport-result__months a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname.replace(/^\\//, ''))"
        )
        if entry.locator(".dmreport-result__wbs").count():  # an element's months
            wbs = entry.locator(".dmreport-result__wbs").inner_text().removeprefix("WBS: ")
            alone = search_in_tab(page.context, base_url, query, wbs=wbs)
            expect(summary).to_have_text(f"{wbs.split(' ', 1)[1]} — {len(alone)} months")
            assert set(months) == paths(alone)
        else:  # the same kind of page (a summary, a month's milestones) every month
            assert len({path.rsplit("/", 1)[1] for path in months}) == 1, months
            expect(summary).to_have_text(re.compile(rf" — {len(months)} months$"))
        seen |= set(months)
    singles = [row["path"] for row in grouped]
    assert seen | set(singles) == paths(every)
    # Every kind of page that matched in two months or more is one entry.
    alone_kinds = [p.rsplit("/", 1)[1] for p in singles if p.startswith("reports/")]
    shown_in_groups = {p.rsplit("/", 1)[1] for p in seen}
    kinds = [k for k in alone_kinds if k not in shown_in_groups]
    assert len(kinds) == len(set(kinds)), kinds
    if query == "Data Release Production":
        assert grouped[0]["wbs"] == "WBS: 1.02C.04 Data Release Production"


def search_in_tab(context: BrowserContext, base_url: str, query: str, **params: str) -> list:
    other = context.new_page()
    try:
        return search(other, base_url, query, **params)
    finally:
        other.close()


@pytest.mark.parametrize("identifier", ["DM-22727", "LDM-503", "RFC-650"])
def test_an_identifier_lands_on_the_citing_section(
    page: Page, base_url: str, built: tuple[Path, Path], identifier: str
) -> None:
    """Each result of an identifier links to the section citing it, its
    excerpt the words around the identifier, marked."""
    found = search(page, base_url, identifier)
    reports = [row for row in found if row["path"].startswith("reports/")]
    assert reports
    marks = page.locator(".dmreport-result__excerpt mark").all_inner_texts()
    assert marks and all(identifier.lower() in m.lower() for m in marks), marks
    links = page.locator(".dmreport-result__title a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for href in links:
        path, _, anchor = urlsplit(href).path.lstrip("/"), None, urlsplit(href).fragment
        if not path.startswith("reports/") or path.endswith("/index.html"):
            continue
        assert anchor, href
        html = (built[1] / path).read_text("utf-8")
        start = html.index(f'id="{anchor}"')
        section = html[start : html.find("<h", start)]  # to the next heading
        assert identifier in section, (href, identifier)


def test_reference_indexes_are_found_after_the_reports(page: Page, base_url: str) -> None:
    """A document's title finds its row's index, after every report page."""
    found = search(page, base_url, "Organization and Management", group="pages")
    kinds = ["reference" if r["path"].startswith("references/") else "other" for r in found]
    assert "reference" in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind == "reference")
    index = next(r for r in found if r["path"] == "references/documents.html")
    assert index["month"].startswith("Reference index: ")
    # Filters and identifiers keep to the report pages.
    assert not any(
        r["path"].startswith("references/")
        for r in search(page, base_url, "Organization and Management", year="2021")
    )


# -- filters across a year boundary ------------------------------------------


@pytest.mark.parametrize("year", ["2020", "2021"])
def test_year_filter(page: Page, base_url: str, year: str) -> None:
    everything = search(page, base_url, "Cassandra", group="pages")
    expected = [row for row in everything if row["path"].startswith(f"reports/{year}-")]
    assert 0 < len(expected) < len(everything)
    assert search(page, base_url, "Cassandra", year=year, group="pages") == expected


@pytest.mark.parametrize("chosen", ["2020-12", "2021-01"])
def test_month_filter(page: Page, base_url: str, chosen: str) -> None:
    found = search(page, base_url, "Cassandra", month=chosen, group="pages")
    assert found and all(month(row["path"]) == chosen for row in found)
    everything = search(page, base_url, "Cassandra", group="pages")
    assert found == [row for row in everything if month(row["path"]) == chosen]


def test_wbs_and_year_filters_together(page: Page, base_url: str) -> None:
    found = search(page, base_url, "Cassandra", year="2021", wbs="1.02C.07 LSST Data Facility")
    assert len(found) == 12
    assert all(re.match(r"reports/2021-\d\d/data-facility\.html", r["path"]) for r in found)


def test_filters_alone_list_pages(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search.html?month=2021-01")
    found = results(page)
    assert len(found) == 13 and all(r["path"].startswith("reports/2021-01/") for r in found)


# -- the page ---------------------------------------------------------------


def test_the_query_is_in_the_url(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search.html")
    expect(page).to_have_title(re.compile(r"^Search — "))
    expect(page.locator("h1")).to_have_text("Search")
    page.locator("#dmreport-q").fill("LDM-503")
    results(page)
    page.locator("select[name=year]").select_option("2021")
    results(page)
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"q": ["LDM-503"], "year": ["2021"]}
    shared = page.url
    other = page.context.new_page()
    other.goto(shared)
    expect(other.locator("#dmreport-q")).to_have_value("LDM-503")
    assert paths(results(other)) == paths(results(page))
    other.close()


def test_drafts_are_not_searched(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}search.html")
    months = page.locator("select[name=month] option").evaluate_all(
        "options => options.map(option => option.value)"
    )
    assert months[1] == LAST and DRAFT not in months and len(months) == 61
    # The draft's sections are all empty ("Nothing reported."): none is found.
    found = search(page, base_url, "Nothing reported")
    assert found and DRAFT not in {month(row["path"]) for row in found}


def test_the_theme_search_box_opens_the_search_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2021-01/index.html")
    page.locator("button.search-button__button:visible").first.click()
    field = page.locator('#pst-search-dialog input[name="q"]')
    expect(field).to_be_focused()
    field.fill("LDM-503")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=LDM-503$"))
    expect(page.locator("#dmreport-q")).to_have_value("LDM-503")
    assert paths(results(page)) == {"reports/2021-01/alert-production.html"}
