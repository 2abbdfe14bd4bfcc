"""The built site in a real browser: navigation, accessibility, no requests
to other hosts; on the 60-month archive of tests/archive.py (search itself
is tested in tests/test_search.py).

Nothing leaves the machine: every request is recorded, and Chromium resolves
no host name but the local server's address.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from archive import DRAFT, LAST, PREVIEW, site
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from dmreport.core.ids import month_title
from dmreport.tools.bench.weight import CHROMIUM, CHROMIUM_ARGS, serve
from dmreport.tools.build import build_site
from dmreport.tools.writers import new_month

#: Pages checked for console errors and accessibility.
PAGES = [
    "index.html",
    "reports/2021-01/index.html",
    "reports/2021-01/alert-production.html",
    "wbs/alert-production.html",
    "search.html?q=Cassandra",
    "milestones/dm-drp-8.html",
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


def test_home_shows_the_newest_published_month(page: Page, base_url: str) -> None:
    """With a draft month present (published edition)."""
    page.goto(f"{base_url}index.html")
    article = page.locator("article")
    expect(page.locator(".dmreport-latest")).to_contain_text(
        f"The newest report is {month_title(LAST)}"
    )
    expect(article).not_to_contain_text(month_title(DRAFT))
    sections = page.locator(".dmreport-sections a")
    expect(sections).to_have_count(12)
    expect(sections.first).to_have_attribute("href", f"reports/{LAST}/summary.html")
    # Every link of the home page reaches its page, and its fragment an element.
    links = article.locator("a[href]").evaluate_all("links => links.map(link => link.href)")
    local = sorted({link for link in links if link.startswith(base_url)})
    assert any("#" in link for link in local)
    for link in local:
        address, _, fragment = link.partition("#")
        assert page.request.get(address).ok, link
        if fragment:
            page.goto(address)
            assert page.evaluate(f"document.getElementById({fragment!r}) !== null"), link


def test_a_draft_says_so(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/{DRAFT}/alert-production.html")
    expect(page.locator(".dmreport-draft")).to_be_visible()
    expect(page.locator(".dmreport-draft")).to_contain_text(f"draft report of {month_title(DRAFT)}")
    page.goto(f"{base_url}reports/{LAST}/alert-production.html")
    expect(page.locator(".dmreport-draft")).to_have_count(0)


# -- navigation for ten years of months ----------------------------------------

SECTIONS = ["Reports", "WBS", "Milestones", "References"]
#: Pages of every kind, for the layout at a desktop's and a phone's width.
LAYOUT_PAGES = [
    "index.html",
    "reports/index.html",
    f"reports/{LAST}/index.html",
    f"reports/{LAST}/alert-production.html",
    f"reports/{LAST}/milestones.html",
    "milestones/index.html",
    "references/tickets.html",
    "wbs/alert-production.html",
    "search.html?q=Cassandra",
]
#: Elements that stick out of the viewport, unless a scrolling box holds them
#: (a search form's control never: it is reached without scrolling a box).
OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const inside = (box) => box.right <= width + 1 && box.left >= -1;
  const found = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (!box.width || !box.height || inside(box)) continue;
    if (getComputedStyle(element).visibility === "hidden") continue;  // a closed drawer
    let parent = element.parentElement;
    let held = false;
    for (; parent; parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if (["auto", "scroll", "hidden", "clip"].includes(overflow)
          && inside(parent.getBoundingClientRect())) { held = true; break; }
    }
    const control = ["INPUT", "SELECT", "BUTTON"].includes(element.tagName);
    if (!held || (control && element.closest("form"))) {
      found.push(`${element.tagName}.${element.className}`);
    }
  }
  return {scroll: document.documentElement.scrollWidth, width, found: found.slice(0, 10)};
}"""


@pytest.fixture(params=[1400, 390], ids=["desktop", "phone"])
def sized(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A tab at a desktop's width (1,400 px) and at a phone's (390 px)."""
    tab = context.new_page()
    tab.set_viewport_size({"width": request.param, "height": 900})
    yield tab
    tab.close()


@pytest.mark.parametrize("path", LAYOUT_PAGES)
def test_nothing_outside_the_viewport(sized: Page, base_url: str, path: str) -> None:
    sized.goto(base_url + path)
    sized.wait_for_load_state("networkidle")
    measured = sized.evaluate(OUTSIDE)
    assert measured["scroll"] == measured["width"], measured
    assert measured["found"] == [], measured
    search = sized.locator("button.search-button__button:visible").first
    expect(search).to_be_in_viewport()


@pytest.mark.parametrize("path", LAYOUT_PAGES)
def test_the_header_holds_the_sections_never_months(page: Page, base_url: str, path: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url + path)
    header = page.locator(".bd-header .navbar-nav .nav-link")
    expect(header).to_have_text(SECTIONS)
    for link in header.all():
        expect(link).to_be_visible()
        expect(link).to_be_in_viewport()
    expect(page.locator(".bd-header")).not_to_contain_text(re.compile(r"20\d\d"))
    expect(page.locator(".bd-header").get_by_text("More")).to_have_count(0)


def test_on_a_phone_the_sections_are_in_the_menu(page: Page, base_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base_url}reports/{LAST}/alert-production.html")
    page.locator("button.primary-toggle").click()
    menu = page.locator("dialog[open] .navbar-nav .nav-link")  # the theme's drawer
    expect(menu).to_have_text(SECTIONS)
    expect(menu.first).to_be_in_viewport()


def test_the_month_switcher(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/2021-01/alert-production.html")
    switcher = page.locator(".dmreport-month-switcher")
    expect(switcher.get_by_role("link", name="← December 2020")).to_have_attribute(
        "href", "../../reports/2020-12/alert-production.html"
    )
    switcher.get_by_role("link", name="February 2021 →").click()
    page.wait_for_url(f"{base_url}reports/2021-02/alert-production.html")
    menu = page.get_by_label("Go to the report of another month")
    expect(menu).to_have_value("../../reports/2021-02/alert-production.html")
    expect(menu.locator("optgroup")).to_have_count(5)  # 2020 to 2024; no draft
    expect(menu.locator("option")).to_have_count(60)
    menu.select_option(label="March 2023")
    page.wait_for_url(f"{base_url}reports/2023-03/alert-production.html")
    pages = page.locator(".dmreport-month-pages a")
    expect(pages).to_have_count(13)
    expect(page.locator(".dmreport-month-pages a[aria-current=page]")).to_have_text(
        "1.02C.03: Alert Production"
    )
    # The newest month has no next; the oldest no previous.
    page.goto(f"{base_url}reports/{LAST}/summary.html")
    expect(switcher.get_by_role("link", name="← November 2024")).to_be_visible()
    expect(switcher.locator("a[rel=next]")).to_have_count(0)


def test_the_month_list_by_year(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/index.html")
    years = page.locator("article section[id^=year-] > h2")
    expect(years).to_have_text(
        [re.compile(f"^{y}") for y in ("2025", "2024", "2023", "2022", "2021", "2020")]
    )
    expect(page.locator("#year-2024 tbody tr")).to_have_count(12)
    expect(page.locator("#year-2025 tbody tr")).to_have_text([re.compile(r"January 2025\s+draft")])
    expect(page.locator(".dmreport-latest")).to_have_text(f"Latest report: {month_title(LAST)}.")


def test_wide_tables_use_the_page(page: Page, base_url: str, built: tuple[Path, Path]) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    years = sorted((built[1] / "references").glob("tickets-*.html"))  # the index is split
    for path in ("milestones/index.html", f"references/{years[-1].name}"):
        page.goto(base_url + path)
        expect(page.locator("#pst-primary-sidebar")).to_be_hidden()
        expect(page.locator("#pst-secondary-sidebar")).to_have_count(0)
        width = page.locator("article table").first.evaluate("t => t.getBoundingClientRect().width")
        assert width > 900, (path, width)


@pytest.mark.parametrize("width", [1400, 390])
def test_tracker_rows_are_compact_and_the_slip_on_screen(
    page: Page, base_url: str, width: int
) -> None:
    """The tracker at 60 months: rows at most 120 px tall, the Slip column
    on screen at 1400 px without scrolling, each row's strip as long as its
    reports."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "milestones/index.html")
    table = page.locator("table.dmreport-tracker")
    heights = table.locator("tbody tr").evaluate_all(
        "rows => rows.map(r => r.getBoundingClientRect().height)"
    )
    assert heights and max(heights) <= 120, max(heights)
    if width == 1400:
        slip = table.locator("thead th", has_text="Slip (days)")
        box = slip.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width
    cells = table.locator("tbody tr").first.locator(".dmreport-strip a")
    assert cells.count() >= 2
    expect(cells.first).to_have_attribute("title", re.compile(r"^\d{4}-\d{2}: \w"))


# -- editions -----------------------------------------------------------------


@pytest.fixture(scope="module")
def preview_url(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's January 2020 and a draft February, built as the
    preview edition of a pull request."""
    root = tmp_path_factory.mktemp("preview")
    for name in ("conf.py", "index.rst"):
        shutil.copy(repo / name, root / name)
    for name in ("wbs", "data", "_static", "_templates", "references", "milestones", "reports"):
        shutil.copytree(repo / name, root / name)
    new_month(root, "2020-02")
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\ndmreport_edition = {PREVIEW!r}\ndmreport_editions = []\n")
    html = build_site(root, root / "_build" / "html", pdf=False).html
    with serve(html) as url:
        yield url


def _switcher(page: Page) -> list[str]:
    """The editions the theme's version switcher lists, opened."""
    button = page.locator("button.version-switcher__button:visible").first
    expect(button).not_to_have_text("")  # filled from switcher.json
    button.click()
    items = page.locator(".version-switcher__menu a:visible")
    expect(items).not_to_have_count(0)
    return [text.strip() for text in items.all_inner_texts()]


def test_the_published_edition_lists_the_editions(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}reports/{LAST}/summary.html")
    expect(page.locator(".bd-header-announcement")).to_have_count(0)
    assert _switcher(page) == ["main (published)", f"{PREVIEW} (preview)"]
    expect(page.locator("button.version-switcher__button:visible")).to_contain_text("main")


@pytest.mark.parametrize(
    "path", ["index.html", "reports/2020-02/index.html", "reports/2020-01/square.html",
             "milestones/index.html", "search.html?q=LDM-294"],
)  # fmt: skip
def test_a_preview_says_so_on_every_page(page: Page, preview_url: str, path: str) -> None:
    page.goto(preview_url + path)
    banner = page.locator(".bd-header-announcement")
    expect(banner).to_contain_text(f"Preview edition {PREVIEW}")
    expect(banner.get_by_role("link", name="Read the published edition")).to_have_attribute(
        "href", "https://dm-monthly-reports.lsst.io/"
    )
    assert _switcher(page) == ["main (published)", f"{PREVIEW} (preview)"]
    expect(page.locator("button.version-switcher__button:visible")).to_contain_text(PREVIEW)
    expect(page.locator('meta[name="robots"][content="noindex"]')).to_have_count(1)


def test_a_preview_shows_the_draft(page: Page, preview_url: str) -> None:
    page.goto(f"{preview_url}index.html")
    expect(page.locator(".dmreport-latest")).to_contain_text("The newest report is February 2020")
    page.goto(f"{preview_url}reports/2020-02/alert-production.html")
    expect(page.locator(".dmreport-draft")).to_be_visible()


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
    # This module's servers (the archive's, the preview's) are on 127.0.0.1.
    foreign = sorted({url for url in requested if urlsplit(url).hostname != "127.0.0.1"})
    assert foreign == []


@pytest.mark.parametrize("width", [1400, 390])
def test_a_wbs_history_reads_at_sixty_months(
    page: Page, base_url: str, built: tuple[Path, Path], width: int
) -> None:
    """A WBS history at 60 months: under 20 screens at 1400 px, nothing wider
    than the screen at 390 px (tables scroll in their own box), the years
    linked at the top, each full year's page reachable with its months."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(base_url + "wbs/data-release-production.html")
    height = page.evaluate("document.documentElement.scrollHeight")
    if width == 1400:
        assert height < 20 * 900, height
    cut = page.evaluate(
        """() => [...document.querySelectorAll('article *')]
            .filter(e => !e.closest('.pst-scrollable-table-container'))
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName)"""
    )
    assert cut == []
    months: dict[str, int] = {}
    for folder in (built[0] / "reports").glob("????-??"):
        months[folder.name[:4]] = months.get(folder.name[:4], 0) + 1
    years = page.locator("section#history > section")
    assert years.evaluate_all("s => s.map(e => e.id)") == [
        f"year-{y}" for y in sorted(months, reverse=True)
    ]
    older = next(y for y in sorted(months, reverse=True)[1:] if months[y] == 12)
    page.locator(f"section#year-{older}").get_by_role(
        "link", name=re.compile(r"in full, month by month")
    ).click()
    expect(page).to_have_url(re.compile(rf"wbs/data-release-production-{older}\.html$"))
    assert page.locator("article .dmreport-history-year p.rubric a").count() == 12
