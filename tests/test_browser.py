"""The built site in a real browser: navigation, accessibility, no requests
to other hosts; on the 60-month archive of tests/archive.py (search itself
is tested in tests/test_search.py).

Nothing leaves the machine: every request is recorded, and Chromium resolves
no host name but the local server's address.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archive import CHROMIUM, CHROMIUM_ARGS, serve, site
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

#: Pages checked for console errors and accessibility.
PAGES = [
    "index.html",
    "reports/2021-01/index.html",
    "reports/2021-01/alert-production.html",
    "wbs/alert-production.html",
    "search.html?q=Cassandra",
]


@pytest.fixture(scope="module")
def built(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return site(repo, tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def base_url(built: tuple[Path, Path]) -> Iterator[str]:
    with serve(built[1]) as url:
        yield url


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


def test_month_to_month_navigation(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2020-01/alert-production.html")
    nav = page.locator(".dmreport-month-nav")
    expect(nav.get_by_role("link")).to_have_count(2)  # no earlier month
    nav.get_by_role("link", name="February 2020 →").click()
    page.wait_for_url(f"{base_url}reports/2020-02/alert-production.html")
    expect(page.locator("article")).to_contain_text("DM-23727")  # DM-22727, a month on
    expect(nav.get_by_role("link")).to_have_count(3)
    nav.get_by_role("link", name="← January 2020").click()
    page.wait_for_url(f"{base_url}reports/2020-01/alert-production.html")
    expect(page.locator("article")).to_contain_text("DM-22727")
    nav.get_by_role("link", name="History of Alert Production").click()
    page.wait_for_url(f"{base_url}wbs/alert-production.html")


@pytest.mark.parametrize("path", PAGES)
def test_no_console_errors(page: Page, base_url: str, path: str) -> None:
    response = page.goto(base_url + path)
    assert response is not None and response.ok, path
    page.wait_for_load_state("networkidle")
    if path.startswith("search.html"):
        expect(page.locator(".dmreport-result")).not_to_have_count(0)
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
        expect(page.locator(".dmreport-result")).not_to_have_count(0)
    violations = _serious(page)
    assert not violations, f"{path} ({scheme}):\n{_describe(violations)}"


def test_citation_list_is_accessible(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2021-01/alert-production.html")
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
