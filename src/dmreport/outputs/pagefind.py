"""The search index: Pagefind over the built HTML, run only when it must.

Pagefind writes one index of all pages and cannot update part of it, so a
changed page means indexing every page again. It runs only when a page it
indexes (a month's report page, ``reports/YYYY-MM/*.html``) was written
since the index was made, or its options changed; the pages it indexed and
their sizes and times are kept beside the index to tell.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from ..core.errors import DmreportError

INDEX_DIR = "pagefind"
#: The pages Pagefind reads, the only ones with ``data-pagefind-body``:
#: report pages, milestone pages and reference indexes.
GLOBS = ("reports/*/*.html", "milestones/*.html", "references/*.html")
PAGES = "{" + ",".join(GLOBS) + "}"
#: Not part of a page's text: heading anchors, navigation, downloads.
EXCLUDED = "a.headerlink, .dmreport-month-nav, .dmreport-pdf, .dmreport-html-only"
#: What was indexed, beside the index.
RECORD = "dmreport-pages.json"


def _arguments(html: Path) -> list[str]:
    return [
        "--site", str(html),
        "--glob", PAGES,
        "--output-subdir", INDEX_DIR,
        "--exclude-selectors", EXCLUDED,
        "--include-characters", "-",
        "--quiet",
    ]  # fmt: skip


def _pages(html: Path) -> dict[str, list[int]]:
    found = {}
    for page in sorted(p for glob in GLOBS for p in html.glob(glob)):
        info = page.stat()
        found[page.relative_to(html).as_posix()] = [info.st_size, info.st_mtime_ns]
    return found


def build_search_index(html: Path, force: bool = False) -> bool:
    """(Re)build the Pagefind index of the built site when an indexed page
    changed (or with ``force``); returns whether Pagefind ran."""
    index = html / INDEX_DIR
    state = {"arguments": _arguments(html)[2:], "pages": _pages(html)}
    try:
        previous = json.loads((index / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = None
    if not force and previous == state and (index / "pagefind-entry.json").is_file():
        return False
    shutil.rmtree(index, ignore_errors=True)
    process = subprocess.run(
        [sys.executable, "-m", "pagefind", *_arguments(html)],
        capture_output=True,
        text=True,
        check=False,
    )
    if process.returncode != 0:
        raise DmreportError(
            "Pagefind could not index the site: "
            + (process.stderr or process.stdout).strip()[-500:],
            path=html,
        )
    (index / RECORD).write_text(json.dumps(state, indent=0) + "\n", encoding="utf-8")
    return True
