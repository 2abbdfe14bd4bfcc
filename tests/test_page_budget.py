"""Every page within its budget on first load, in Chromium, on the 60-month
archive of tests/archive.py: at most 15 requests, 1 MB as sent (the page and
everything it loads) and 300 KB gzipped (each response compressed here)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from archive import LAST, site
from playwright.sync_api import Browser, Response, sync_playwright

from dmreport.tools.bench.weight import CHROMIUM, CHROMIUM_ARGS, serve

MAX_REQUESTS = 15
MAX_BYTES = 1_000_000
MAX_GZIP_BYTES = 300_000
PAGES = [
    "index.html",
    f"reports/{LAST}/alert-production.html",
    "milestones/index.html",
    "wbs/alert-production.html",
]


@pytest.fixture(scope="module")
def base_url(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(site(repo, tmp_path_factory.getbasetemp())[1]) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing: {CHROMIUM}")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def first_load(browser: Browser, url: str) -> tuple[list[str], dict[str, bytes]]:
    """Every request of ``url``'s first load (an empty cache), and each
    response's body."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    requests: list[str] = []
    bodies: dict[str, bytes] = {}

    def record(response: Response) -> None:
        try:
            bodies[response.url] = response.body()
        except Exception:  # no body: a redirect, an aborted request
            bodies[response.url] = b""

    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", record)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    context.close()
    return requests, bodies


@pytest.mark.parametrize("path", PAGES)
def test_a_page_within_its_budget(browser: Browser, base_url: str, path: str) -> None:
    requests, bodies = first_load(browser, base_url + path)
    sizes = sorted(((len(body), url.removeprefix(base_url)) for url, body in bodies.items()),
                   reverse=True)  # fmt: skip
    assert all(url.startswith(base_url) for url in requests), requests
    assert not [url for url in requests if "fontawesome" in url or url.endswith(".woff2")]
    assert len(requests) <= MAX_REQUESTS, requests
    assert set(bodies) == set(requests), set(requests) ^ set(bodies)
    assert sum(size for size, _ in sizes) <= MAX_BYTES, sizes
    gzipped = sum(len(gzip.compress(body)) for body in bodies.values())
    assert gzipped <= MAX_GZIP_BYTES, (gzipped, sizes)
