"""What a writer waits for: from saving a section to the open tab showing it.

``dmreport serve`` runs in its own process on the benchmark's archive, as a
writer runs it, and the page is open in Chromium; each run saves one section
with a new sentence and waits until the tab shows it by itself (the
preview's reload), then until the preview has written the dependent pages
too before the next save.
"""

from __future__ import annotations

import http.client
import os
import queue
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from ...core.errors import DmreportError
from ..serve import steps_said
from .weight import CHROMIUM

#: Seconds allowed for the preview's first build and for one rebuild.
START_TIMEOUT = 900.0
REBUILD_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def page_text(url: str) -> str:
    """A page as the server sends it now; empty while it cannot."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):  # e.g. the page is being written
        return ""


class Server:
    """``dmreport serve`` in a process, its terminal lines in a queue."""

    def __init__(self, root: Path, out: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dmreport", "serve", "--root", str(root), "--out", str(out),
             "--port", str(self.port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def wait_for(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                if self.process.poll() is not None:
                    break
                continue
            if line.startswith(prefix):
                return line
        raise DmreportError(f"the preview did not say {prefix!r} in {timeout:.0f} s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def preview_edit_seconds(
    root: Path, out: Path, page: Path, anchor: str, runs: int
) -> tuple[float, dict[str, float]]:
    """Median seconds from saving ``page`` (``anchor`` changed) to the open
    tab in Chromium showing the change by itself (the preview's reload), and
    the median seconds of each step of the preview's rebuild (as it says)."""
    from playwright.sync_api import Error, sync_playwright

    if not CHROMIUM.is_file():
        raise DmreportError(f"Chromium is missing: {CHROMIUM}", fix="install Debian's chromium")
    server = Server(root, out)
    original = page.read_text(encoding="utf-8")
    relative = page.relative_to(root).with_suffix(".html").as_posix()
    times: list[float] = []
    steps: dict[str, list[float]] = {}
    try:
        server.wait_for("preview: serving", START_TIMEOUT)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
            )
            tab = browser.new_page()
            tab.goto(server.url + relative)
            for run in range(runs):
                marker = f"{anchor} (preview run {run + 1})"
                start = time.perf_counter()
                page.write_text(original.replace(anchor, marker, 1), encoding="utf-8")
                while True:  # the tab reloads under the check: ask again
                    try:
                        tab.wait_for_function(
                            "marker => document.body && document.body.innerText.includes(marker)",
                            arg=marker,
                            timeout=REBUILD_TIMEOUT * 1000,
                            polling=5,
                        )
                        break
                    except Error as exc:
                        if "Timeout" in str(exc):
                            raise DmreportError(
                                f"the open tab never showed the edit of {relative}"
                            ) from None
                times.append(time.perf_counter() - start)
                said = server.wait_for("preview: ", REBUILD_TIMEOUT)  # dependents written
                for step, seconds in steps_said(said).items():
                    steps.setdefault(step, []).append(seconds)
            browser.close()
    finally:
        page.write_text(original, encoding="utf-8")
        server.stop()
    return statistics.median(times), {step: statistics.median(s) for step, s in steps.items()}
