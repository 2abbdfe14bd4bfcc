"""The search index: Pagefind over the built HTML, one bundle per year.

Pagefind cannot update part of an index, so the index is split where edits
fall: one bundle per year of report pages (``pagefind/2020/`` indexes
``reports/2020-*/``), one of the milestone pages (``pagefind/milestones/``)
and one of the reference indexes (``pagefind/references/``), which hold
every identifier of the site. The search page loads the bundles a query
needs and merges them in the browser (Pagefind's ``mergeIndex``), listed in
``pagefind/dmreport-indexes.json``; it keeps a word's matches to
pages holding it whole where the site holds it so, since a bundle without
the word would match a shorter one instead.

A bundle is made again only when a page it indexes changed (its text, not
only its time: the pages' digests are kept beside the bundle), a page came
or went, or Pagefind's options changed; a year nobody edited keeps its
bundle byte for byte. Bundles that must be made run side by side.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import MONTH, Month

INDEX_DIR = "pagefind"
#: The bundles the search page merges, newest year first.
MANIFEST = "dmreport-indexes.json"
#: The bundles of the site's own pages, the only others with
#: ``data-pagefind-body``, and their pages: milestone pages (found by an
#: identifier or text) and reference indexes (by text alone).
SITE_BUNDLES = {"milestones": ("milestones/*.html",), "references": ("references/*.html",)}
#: Not part of a page's text: heading anchors, navigation, downloads.
EXCLUDED = "a.headerlink, .dmreport-month-nav, .dmreport-pdf, .dmreport-html-only"
#: What a bundle indexed, beside it.
RECORD = "dmreport-pages.json"


@dataclass
class Indexing:
    """What one indexing did: the seconds each bundle made again took."""

    made: dict[str, float] = field(default_factory=dict)
    bundles: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.made)


def _options(globs: tuple[str, ...], bundle: str) -> list[str]:
    pattern = globs[0] if len(globs) == 1 else "{" + ",".join(globs) + "}"
    return [
        "--glob", pattern,
        "--output-subdir", f"{INDEX_DIR}/{bundle}",
        "--exclude-selectors", EXCLUDED,
        "--include-characters", "-",
        "--quiet",
    ]  # fmt: skip


def _year_pages(html: Path) -> dict[str, tuple[str, ...]]:
    """The report pages of each year (globs under ``html``), newest first."""
    reports = html / "reports"
    names = [d.name for d in reports.iterdir() if d.is_dir()] if reports.is_dir() else []
    months = [Month.parse(name) for name in names if re.fullmatch(MONTH, name)]
    years = sorted({str(month.year) for month in months}, reverse=True)
    return {year: (f"reports/{year}-*/*.html",) for year in years}


def _pages(
    html: Path, globs: tuple[str, ...], known: dict[str, list[object]]
) -> dict[str, list[object]]:
    """Each page of ``globs``: its size, time, digest and whether it is marked
    for search (``data-pagefind-body``: not a draft's), read again only when
    its size or time changed."""
    pages: dict[str, list[object]] = {}
    for page in sorted(p for glob in globs for p in html.glob(glob)):
        name = page.relative_to(html).as_posix()
        info = page.stat()
        before = known.get(name)
        if before and before[:2] == [info.st_size, info.st_mtime_ns]:
            pages[name] = before
            continue
        text = page.read_bytes()
        marked = b"data-pagefind-body" in text
        pages[name] = [info.st_size, info.st_mtime_ns, hashlib.sha256(text).hexdigest(), marked]
    return pages


def _record(bundle: Path) -> dict[str, object] | None:
    try:
        record = json.loads((bundle / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None


def _same(previous: dict[str, object] | None, state: dict[str, object]) -> bool:
    """Whether a bundle indexed the same pages with the same text and options."""
    if previous is None or previous.get("options") != state["options"]:
        return False
    before, now = previous.get("pages"), state["pages"]
    if not isinstance(before, dict) or not isinstance(now, dict) or before.keys() != now.keys():
        return False
    return all(list(before[name])[2:] == now[name][2:] for name in now)


def _run(html: Path, options: list[str]) -> float:
    start = time.perf_counter()
    process = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(html), *options],
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
    return time.perf_counter() - start


def _bundles(html: Path, index: Path) -> list[tuple[str, tuple[str, ...], dict[str, list[object]]]]:
    """Each bundle: its name, globs and the pages it indexes. Where a page is
    marked for search, only marked pages are indexed (Pagefind's rule, over
    the whole site)."""
    known: dict[str, list[object]] = {}
    for bundle in index.iterdir() if index.is_dir() else ():
        pages = (_record(bundle) or {}).get("pages")
        known |= pages if isinstance(pages, dict) else {}
    found = [(name, globs, _pages(html, globs, known)) for name, globs in _year_pages(html).items()]
    found += [(name, globs, _pages(html, globs, known)) for name, globs in SITE_BUNDLES.items()]
    marked = any(entry[3] for _, _, pages in found for entry in pages.values())
    chosen = []
    for name, globs, pages in found:
        if marked:
            pages = {page: entry for page, entry in pages.items() if entry[3]}
        if pages:
            chosen.append((name, globs, pages))
    return chosen


def build_search_index(html: Path, force: bool = False) -> Indexing:
    """(Re)make each bundle of the search index whose pages changed (every
    bundle with ``force``); true when any was made."""
    index = html / INDEX_DIR
    index.mkdir(parents=True, exist_ok=True)
    result = Indexing()
    to_make: dict[str, list[str]] = {}
    states: dict[str, dict[str, object]] = {}
    for name, globs, pages in _bundles(html, index):
        result.bundles.append(name)
        bundle = index / name
        previous = _record(bundle)
        options = _options(globs, name)
        state: dict[str, object] = {"options": options, "pages": pages}
        fresh = (bundle / "pagefind-entry.json").is_file() and _same(previous, state)
        if fresh and not force:
            if previous != state:  # the same text written again: remember its time
                (bundle / RECORD).write_text(json.dumps(state, indent=0) + "\n", "utf-8")
            continue
        shutil.rmtree(bundle, ignore_errors=True)
        to_make[name], states[name] = options, state
    workers = max(1, min(len(to_make), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        result.made = dict(pool.map(lambda name: (name, _run(html, to_make[name])), to_make))
    for name, state in states.items():
        (index / name / RECORD).write_text(json.dumps(state, indent=0) + "\n", "utf-8")
    _tidy(index, result.bundles)
    manifest = json.dumps({"bundles": result.bundles}) + "\n"
    if not (index / MANIFEST).is_file() or (index / MANIFEST).read_text("utf-8") != manifest:
        (index / MANIFEST).write_text(manifest, "utf-8")
    return result


def _tidy(index: Path, kept: list[str]) -> None:
    """Remove what no bundle of this site is: a year that has no page any
    more, or an index of an earlier layout."""
    for entry in index.iterdir():
        if entry.name == MANIFEST or entry.name in kept:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
