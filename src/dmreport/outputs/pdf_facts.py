"""The size and page count beside each "Formal report (PDF/A)" link, written
into the site's HTML once the PDFs are compiled (the HTML is built first)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..ext.aggregates.home import LINK_TEXT

LINK = re.compile(
    r'(href="(?P<href>[^"]*dmreport-[\d-]+\.pdf)"[^>]*>'
    + re.escape(LINK_TEXT)
    + r"</a>)(?: \([\d.]+ [kM]B, \d+ pages?\))?"
)
PAGES = re.compile(r"^Output written on .*?\((?P<pages>\d+) pages?", re.M)


def page_count(log: Path) -> int | None:
    """The pages of a compiled document, as its LaTeX log says."""
    if not log.is_file():
        return None
    match = PAGES.search(log.read_text(encoding="utf-8", errors="replace"))
    return int(match["pages"]) if match else None


def size_text(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(size / 1e3, 1):.0f} kB"


def add_facts(pages: Iterable[Path], counts: dict[str, int]) -> None:
    """After each link to a PDF on ``pages``, its size and page count
    (``counts``: pages by PDF file name); written again when they changed."""
    for page in pages:
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")

        def facts(match: re.Match[str], page: Path = page) -> str:
            pdf = (page.parent / match["href"]).resolve()
            count = counts.get(pdf.name)
            if not pdf.is_file() or count is None:
                return match[1]
            unit = "page" if count == 1 else "pages"
            return f"{match[1]} ({size_text(pdf.stat().st_size)}, {count} {unit})"

        changed = LINK.sub(facts, html)
        if changed != html:
            page.write_text(changed, encoding="utf-8")
