"""Lines a printed page repeats: running headers and footers, page numbers.

Shared by the readers of paged sources (text from a PDF, PDFs). A line is
dropped only when the layout proves it is not the report's text: it sits at
a page's edge and recurs on most pages, or it is a page number. Every drop
is a :class:`~dmreport.importer.blocks.Dropped` for the import report.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ..blocks import Dropped
from ..vocabulary import BULLET, is_title_line

PAGE_NUMBER = re.compile(
    r"^(?:page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,3}\s*(?:of|/)\s*\d{1,3}"
    r"|[-–—]\s*\d{1,3}\s*[-–—]|\d{1,3})$",
    re.I,
)
#: A page number written out ("Page 3 of 12"), recognisable anywhere.
PAGE_LABEL = re.compile(
    r"^(?:page\s+\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[-–—]\s*\d{1,3}\s*[-–—])$", re.I
)
#: Typographic ligatures (one glyph for "ffi", as PDFs and their text
#: exports have them) as the letters they are.
LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
#: How many lines from a page's edge a running header or footer may take.
EDGE = 3
#: How many lines at the top of a source its title block may take.
TITLE_LINES = 5


def key(text: str) -> str:
    """A line as it repeats from page to page: digits and spacing aside."""
    return " ".join(re.sub(r"\d+", "#", text).casefold().split())


def _edge_lines(lines: Sequence[str], first: int, last: int, top: bool) -> list[int]:
    """Numbers of the first (or last) non-blank lines of a page."""
    numbers = range(first, last + 1) if top else range(last, first - 1, -1)
    found: list[int] = []
    for number in numbers:
        if lines[number - 1].strip():
            found.append(number)
            if len(found) == EDGE:
                break
    return found


def running_lines(lines: Sequence[str], pages: Sequence[tuple[int, int]]) -> list[Dropped]:
    """Running headers, footers and page numbers of ``lines`` (1-based), given
    the pages as (first line, last line); one page means pages are unknown."""
    if len(pages) < 2:
        return _unpaged(lines)
    dropped: dict[int, Dropped] = {}
    threshold = max(2, (len(pages) + 1) // 2)
    for top, reason in ((True, "running header"), (False, "running footer")):
        edges = [_edge_lines(lines, first, last, top) for first, last in pages]
        counts = Counter(k for edge in edges for k in {key(lines[n - 1]) for n in edge})
        for edge in edges:
            for number in edge:
                text = lines[number - 1].strip()
                if BULLET.match(text) and not PAGE_NUMBER.match(text):
                    break  # a list item is the report's text
                if PAGE_NUMBER.match(text):
                    dropped[number] = Dropped(number, text, "page number")
                elif counts[key(text)] >= threshold:
                    dropped[number] = Dropped(number, text, reason)
                else:
                    break  # only lines at the very edge of the page
    return sorted(dropped.values(), key=lambda d: d.line)


def _unpaged(lines: Sequence[str]) -> list[Dropped]:
    """Without page breaks: written-out page numbers, numbered lines that
    count pages, and lines that repeat a page number or the title."""
    dropped: dict[int, Dropped] = {}
    stripped = [line.strip() for line in lines]
    counts = Counter(key(text) for text in stripped if text)
    bare = [n for n, text in enumerate(stripped, 1) if re.fullmatch(r"\d{1,3}", text)]
    counting = [
        n
        for i, n in enumerate(bare)
        if any(
            abs(int(stripped[n - 1]) - int(stripped[m - 1])) == 1
            for m in bare[max(0, i - 1) : i + 2]
            if m != n
        )
    ]
    title = {key(text) for text in [t for t in stripped if t][:TITLE_LINES] if is_title_line(text)}
    for number, text in enumerate(stripped, 1):
        if not text or BULLET.match(text):
            continue
        if PAGE_LABEL.match(text) or number in counting:
            dropped[number] = Dropped(number, text, "page number")
        elif counts[key(text)] >= 3 and "#" in key(text) and re.search(r"\bpage\b|\|", text, re.I):
            dropped[number] = Dropped(number, text, "running footer")
        elif key(text) in title and len(text.split()) >= 3 and number > first_line(stripped, text):
            dropped[number] = Dropped(number, text, "running header")  # the title, repeated
    return sorted(dropped.values(), key=lambda d: d.line)


def first_line(stripped: Sequence[str], text: str) -> int:
    """The number of the first line that repeats ``text``."""
    return next(n for n, line in enumerate(stripped, 1) if key(line) == key(text))
