"""What a page weighs on first load: the page and everything it loads (CSS,
scripts, fonts, pictures, the JSON its scripts fetch), measured in headless
Chromium with an empty cache, served from 127.0.0.1. Nothing leaves the
machine: Chromium resolves no other host.
"""

from __future__ import annotations

import functools
import gzip
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

#: Debian's Chromium, and how every measurement and test starts it.
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


@dataclass
class PageLoad:
    """One page's first load: every response, its bytes as sent and gzipped."""

    sizes: dict[str, int]
    gzipped: int

    @property
    def requests(self) -> int:
        return len(self.sizes)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_load(browser: Any, url: str) -> PageLoad:
    """Load ``url`` in a new browser context (an empty cache) until the
    network is idle; every response's body, by URL."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    bodies: dict[str, bytes] = {}

    def record(response: Any) -> None:
        try:
            bodies[response.url] = response.body()
        except Exception:  # a redirect or an aborted request has no body
            bodies[response.url] = b""

    try:
        page = context.new_page()
        page.on("response", record)
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    return PageLoad(
        sizes={address: len(body) for address, body in bodies.items()},
        gzipped=sum(len(gzip.compress(body)) for body in bodies.values()),
    )


def page_loads(site: Path, pages: Sequence[str]) -> dict[str, PageLoad] | None:
    """The first load of each of ``pages`` (paths in the built ``site``), or
    None without Chromium."""
    if not CHROMIUM.is_file():
        return None
    from playwright.sync_api import sync_playwright

    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            return {path: first_load(browser, base + path) for path in pages}
        finally:
            browser.close()
