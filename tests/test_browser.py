"""The built site in a real browser: Pagefind search, navigation, accessibility.

A copy of the repository gets the January 2020 export imported a second time
as February 2020, with one ticket replaced so that ticket searches differ by
month; the site is built once and served locally to headless Chromium.
Nothing leaves the machine: every request is recorded, and Chromium resolves
no host name but the local server's address.
"""

from __future__ import annotations

import functools
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from dmreport.importer import import_month
from dmreport.tools.build import build_site

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # A safety net: no host name resolves, so nothing can reach the network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
#: January's ticket that February's copy of the export replaces.
OLD_TICKET, NEW_TICKET = "DM-22727", "DM-99999"
#: Top-level results only, not the sections of a page (``showSubResults``).
RESULT = "li.pagefind-ui__result"
RESULT_LINK = ".pagefind-ui__result-inner > .pagefind-ui__result-title > .pagefind-ui__result-link"
DONE = re.compile(r"^(\d+) results? for |^No results for ")
MONTH_URL = re.compile(r"/reports/(\d{4}-\d{2})/")
#: Pages checked for console errors and accessibility.
PAGES = [
    "index.html",
    "reports/2020-01/index.html",
    "reports/2020-01/alert-production.html",
    "wbs/alert-production.html",
    "search.html?q=Cassandra",
]


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def two_months(repo: Path, seed: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repo with the export imported again as 2020-02, built once."""
    root = tmp_path_factory.mktemp("two-months")
    for name in ("conf.py", "index.rst"):
        shutil.copy(repo / name, root / name)
    for name in ("wbs", "data", "_static", "_templates", "references", "milestones", "reports"):
        if (repo / name).is_dir():
            shutil.copytree(repo / name, root / name)
    text = seed.read_text(encoding="utf-8")
    assert text.count(OLD_TICKET) == 1 and NEW_TICKET not in text
    february = root / "export-2020-02.txt"
    february.write_text(
        text.replace("January 2020", "February 2020").replace(OLD_TICKET, NEW_TICKET),
        encoding="utf-8",
    )
    import_month(february, "2020-02", root)
    return build_site(root, root / "_build" / "html", pdf=False).html


@pytest.fixture(scope="module")
def base_url(two_months: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(two_months))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def requested() -> list[str]:
    """Every URL the browser asked for during this module."""
    return []


@pytest.fixture(scope="module")
def context(requested: list[str]) -> Iterator[BrowserContext]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing: {CHROMIUM}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        context.on("request", lambda request: requested.append(request.url))
        yield context
        context.close()
        browser.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh tab; ``page.errors`` collects console errors and uncaught exceptions."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on(
        "console",
        lambda message: (
            errors.append(f"console: {message.text} ({message.location.get('url')})")
            if message.type == "error"
            else None
        ),
    )
    tab.on("pageerror", lambda error: errors.append(f"pageerror: {error}"))
    tab.errors = errors  # type: ignore[attr-defined]
    yield tab
    tab.close()


def _results(page: Page) -> list[tuple[str, str]]:
    """Wait for the search to finish; every result's path and Month tag, in order."""
    message = page.locator(".pagefind-ui__message")
    expect(message).to_have_text(DONE)
    found = DONE.match(message.inner_text())
    total = int(found[1]) if found and found[1] else 0
    items = page.locator(RESULT)
    shown = items.count()
    while shown < total:
        page.locator("button.pagefind-ui__button").click()  # "Load more results"
        expect(items).not_to_have_count(shown)
        shown = items.count()
    # Each result fills in once its fragment has loaded.
    expect(page.locator(RESULT_LINK)).to_have_count(total)
    rows = items.evaluate_all(
        """items => items.map(item => [
            item.querySelector(".pagefind-ui__result-title > a").getAttribute("href"),
            item.querySelector("[data-pagefind-ui-meta='month']")?.textContent.trim() ?? "",
        ])"""
    )
    return [(urlsplit(href).path.lstrip("/"), tag) for href, tag in rows]


def _search(page: Page, base_url: str, query: str) -> list[tuple[str, str]]:
    page.goto(f"{base_url}search.html?q={query}")
    return _results(page)


def _months(results: list[tuple[str, str]]) -> list[str]:
    months = []
    for path, tag in results:
        month = MONTH_URL.search("/" + path)
        assert month is not None, path
        assert tag == f"Month: {month[1]}", (path, tag)
        months.append(month[1])
    return months


def _refine(page: Page, group: str, value: str) -> None:
    """Tick a search filter, opening its group first when it is folded."""
    box = page.locator(f'input.pagefind-ui__filter-checkbox[name="{group}"][value="{value}"]')
    box.wait_for(state="attached")  # filters load after the first results
    if not box.is_visible():
        page.locator("summary.pagefind-ui__filter-name", has_text=group).click()
    box.check()


def _expect_count(page: Page, count: int, query: str) -> None:
    noun = "result" if count == 1 else "results"
    expect(page.locator(".pagefind-ui__message")).to_have_text(f"{count} {noun} for {query}")


def test_a_word_finds_both_months_newest_first(page: Page, base_url: str) -> None:
    results = _search(page, base_url, "Cassandra")
    months = _months(results)
    assert set(months) == {"2020-01", "2020-02"}, results
    assert months == sorted(months, reverse=True), results
    january = sorted(p.removeprefix("reports/2020-01/") for p, _ in results if "2020-01" in p)
    february = sorted(p.removeprefix("reports/2020-02/") for p, _ in results if "2020-02" in p)
    assert january == february and "data-facility.html" in january, results


@pytest.mark.parametrize(
    ("query", "pages"),
    [
        (NEW_TICKET, ["reports/2020-02/alert-production.html"]),
        (OLD_TICKET, ["reports/2020-01/alert-production.html"]),
        (
            "LDM-294",
            [
                "reports/2020-02/system-architecture.html",
                "reports/2020-01/system-architecture.html",
            ],
        ),
    ],
)
def test_an_identifier_finds_exactly_the_pages_citing_it(
    page: Page, base_url: str, query: str, pages: list[str]
) -> None:
    assert [path for path, _ in _search(page, base_url, query)] == pages


def test_wbs_filter_narrows_a_word_search(page: Page, base_url: str) -> None:
    everything = _search(page, base_url, "Cassandra")
    expected = [path for path, _ in everything if path.endswith("/data-facility.html")]
    assert 0 < len(expected) < len(everything)
    _refine(page, "WBS element", "1.02C.07 LSST Data Facility")
    _expect_count(page, len(expected), "Cassandra")
    assert [path for path, _ in _results(page)] == expected


def test_month_and_year_filters(page: Page, base_url: str) -> None:
    everything = _search(page, base_url, "Cassandra")
    january = [row for row in everything if row[0].startswith("reports/2020-01/")]
    assert 0 < len(january) < len(everything)
    years = page.locator('input.pagefind-ui__filter-checkbox[name="Year"]')
    years.first.wait_for(state="attached")
    assert years.evaluate_all("boxes => boxes.map(box => box.value)") == ["2020"]
    _refine(page, "Year", "2020")
    _refine(page, "Month", "2020-01")
    _expect_count(page, len(january), "Cassandra")
    assert _results(page) == january
    # Without the month, the year alone keeps every result: both months are in 2020.
    page.locator('input.pagefind-ui__filter-checkbox[name="Month"][value="2020-01"]').uncheck()
    _expect_count(page, len(everything), "Cassandra")
    assert _results(page) == everything


def test_the_theme_search_box_opens_the_search_page(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2020-01/index.html")
    page.locator("button.search-button__button:visible").first.click()
    field = page.locator('#pst-search-dialog input[name="q"]')
    expect(field).to_be_focused()
    field.fill("LDM-294")
    field.press("Enter")
    page.wait_for_url(re.compile(r"/search\.html\?q=LDM-294$"))
    expect(page.locator("#dmreport-search .pagefind-ui__search-input")).to_have_value("LDM-294")
    assert [path for path, _ in _results(page)] == [
        "reports/2020-02/system-architecture.html",
        "reports/2020-01/system-architecture.html",
    ]


def test_month_to_month_navigation(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2020-01/alert-production.html")
    nav = page.locator(".dmreport-month-nav")
    expect(nav.get_by_role("link")).to_have_count(2)  # no earlier month
    nav.get_by_role("link", name="February 2020 →").click()
    page.wait_for_url(f"{base_url}reports/2020-02/alert-production.html")
    expect(page.locator("article")).to_contain_text(NEW_TICKET)
    expect(nav.get_by_role("link")).to_have_count(2)  # no later month
    nav.get_by_role("link", name="← January 2020").click()
    page.wait_for_url(f"{base_url}reports/2020-01/alert-production.html")
    expect(page.locator("article")).to_contain_text(OLD_TICKET)
    nav.get_by_role("link", name="History of Alert Production").click()
    page.wait_for_url(f"{base_url}wbs/alert-production.html")


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(page: Page, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("networkidle")
    if path.startswith("search.html"):
        assert _results(page)
    assert page.errors == []  # type: ignore[attr-defined]


def _known_issue(violation: dict) -> bool:
    """docutils' citation list (``role="list"`` holding deprecated
    ``role="doc-biblioentry"`` entries); see test_citation_list_is_accessible."""
    return violation["id"] == "aria-required-children" and all(
        node["target"] == [".citation-list"] for node in violation["nodes"]
    )


def _serious(page: Page) -> list[dict]:
    results = Axe().run(page)
    return [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['impact']} {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node["failureSummary"].split())
            lines.append(f"  {node['target']}: {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(
    page: Page, base_url: str, path: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(base_url + path)
    expect(page.locator("html")).to_have_attribute("data-theme", scheme)
    if path.startswith("search.html"):
        assert _results(page)
    violations = _serious(page)
    assert not violations, f"{path} ({scheme}):\n{_describe(violations)}"


def test_citation_list_is_accessible(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2020-01/alert-production.html")
    expect(page.locator(".citation-list")).not_to_have_count(0)
    violations = [v for v in _serious(page) if _known_issue(v)]
    assert not violations, _describe(violations)


def test_no_build_messages_on_pages(page: Page, base_url: str) -> None:
    shown = {}
    for path in PAGES:
        page.goto(base_url + path)
        shown[path] = page.locator(".system-message").count()
    assert shown == dict.fromkeys(PAGES, 0)


def test_no_request_leaves_the_local_server(
    page: Page, base_url: str, requested: list[str]
) -> None:
    """Over this whole module, and over the main pages once more."""
    for path in PAGES:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    assert any(url.startswith(f"{base_url}pagefind/") for url in requested)
    foreign = sorted({url for url in requested if not url.startswith(base_url)})
    assert foreign == []
