"""The words of a report's layout: title block, parts, section and milestone
headings, WBS headings and list markers, in the forms the archive uses.

Readers use it to tell a heading glued to a paragraph; the page structure
uses it to place every block. Identifiers and months come from
:mod:`dmreport.core.ids`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.dates import dates_in
from ..core.ids import MILESTONE_ID, WBS_CODE_WRITTEN
from ..core.sections import PART_TITLES, part_of

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TERMINAL = tuple(".!?:;”\"'*`")
CLOSING = tuple(")]")

PART_SUMMARY = "High-level Summary"
PART_MILESTONES = "Milestone Summary"
PART_DETAILS = "Detailed Project Progress"
_PARTS = {
    "summary": (
        "high-level summary",
        "high level summary",
        "executive summary",
        "summary",
        "summary of the month",
        "monthly summary",
        "overview",
        "highlights",
    ),
    "milestones": (
        "milestone summary",
        "milestones summary",
        "milestones",
        "milestone status",
        "milestone report",
    ),
    "details": (
        "detailed project progress",
        "detailed progress",
        "project progress",
        "progress by wbs element",
        "detailed progress by wbs",
        "wbs progress",
    ),
}
PART_HEADINGS = {"summary": PART_SUMMARY, "milestones": PART_MILESTONES, "details": PART_DETAILS}

SUMMARY_HEADINGS = (
    "Community Interactions, Meetings and Workshops",
    "Technical Progress",
    "Risk Management",
)
#: Words a title-block line is made of, besides its date.
TITLE_WORDS = frozenset(
    {
        "vera", "c", "rubin", "observatory", "lsst", "large", "synoptic", "survey",
        "telescope", "data", "management", "dm", "monthly", "month", "progress", "report",
        "reports", "status", "for", "of", "the", "project", "subsystem", "date", "issued",
        "published", "edition", "period", "reporting", "covering",
    }
)  # fmt: skip
#: Section names of a WBS page that :func:`part_of` does not know.
SECTION_VARIANTS = {
    "accomplishments": ("accomplishment", "progress this month", "work completed"),
    "plans": (
        "plans",
        "plan",
        "planned work",
        "future plans",
        "plans for next month",
        "next month",
        "planned activities for next month",
    ),
    "staffing": ("staff", "personnel", "staff changes"),
}
_STATUS_WORDS = (
    ("completed", ("complet", "achiev", " met", "done", "closed")),
    ("descoped", ("descop", "cancel", "removed")),
    ("at risk", ("at risk", "risk")),
    ("delayed", ("delay", "late", "overdue", "slip", "missed")),
    ("on track", ("upcoming", "on track", "next", "future", "due", "approaching", "planned")),
)

NUMBERING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)\s+(?=[^\d\s])")
WBS_HEADING = re.compile(
    rf"^(?:WBS\s+)?(?P<code>{WBS_CODE_WRITTEN})\.?(?:\s*[:–—-]\s*|\s+)(?P<title>\S.*)$",
    re.I,
)
MILESTONE_LINE = re.compile(rf"^(?P<id>{MILESTONE_ID})(?::\s*|\s+[–—-]\s+)(?P<title>\S.*)$")
#: A bullet: ``•``, ``-``, ``*``, ``o``, ``◦`` and kin, then the item's text.
BULLET = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>[•◦▪▫‣∙·●○■□➢►–—*+-]|o(?=[ \t]))[ \t]+(?P<text>\S.*)$"
)
NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<mark>\d{1,2}[.)]|\(?[a-z]\))[ \t]+(?P<text>\S.*)$")
MARKDOWN_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>\S.*?)\s*#*\s*$")
DATE_LINE = re.compile(
    r"^(?:due|completed?|completion date|forecast|baseline)?\s*:?\s*(?P<date>\S.*)$", re.I
)


def fold(text: str) -> str:
    """Text for comparing headings: no numbering, case, ``&`` or extra spaces."""
    text = NUMBERING.sub("", plain(text).strip().strip("*_").strip())
    text = text.replace("&", " and ").replace("–", "-").replace("—", "-")
    return " ".join(re.sub(r"[:.]+$", "", text).casefold().split())


def plain(text: str) -> str:
    """Text with Markdown links reduced to their words (for shape tests)."""
    text = re.sub(r"\[((?:[^\[\]]|\\\[|\\\])*)\]\([^)]*\)", r"\1", text)
    return text.replace("\\[", "[").replace("\\]", "]")


def same_words(a: str, b: str) -> bool:
    """Whether two texts have the same words, capitals aside."""
    return re.findall(r"\w+", plain(a).casefold()) == re.findall(r"\w+", plain(b).casefold())


def is_capitals(text: str) -> bool:
    """An ALL-CAPITALS line (at least two letters, none lower case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def is_terminated(text: str) -> bool:
    return plain(text).rstrip().endswith(TERMINAL)


def part_heading(text: str) -> str | None:
    """``summary``, ``milestones`` or ``details`` for a part's heading."""
    folded = fold(text)
    for part, names in _PARTS.items():
        if folded in names:
            return part
    return None


def summary_heading(text: str) -> str | None:
    """The standard spelling of a known High-level Summary heading."""
    folded = fold(text)
    return next((h for h in SUMMARY_HEADINGS if fold(h) == folded), None)


@dataclass(frozen=True)
class Section:
    """A WBS page's standard section, as the page writes its heading."""

    part: str  # accomplishments | plans | staffing
    title: str
    replaced: bool  # the words differ from the source's


def section_heading(text: str) -> Section | None:
    """A standard section's heading, whatever its capitals or wording."""
    stripped = NUMBERING.sub("", plain(text).strip().strip("*_").strip()).rstrip(":").strip()
    if not stripped or len(stripped.split()) > 6:
        return None
    part = part_of(stripped)
    if part is not None:
        title = stripped[0].upper() + stripped[1:].lower() if is_capitals(stripped) else stripped
        return Section(part, title, not same_words(text, title))
    folded = fold(stripped)
    for name, variants in SECTION_VARIANTS.items():
        if folded in variants:
            return Section(name, PART_TITLES[name], True)
    return None


def milestone_group(text: str) -> str | None:
    """The status a milestone group heading gives ("Milestones Delayed"),
    ``""`` for a group that states none; None if not a group heading."""
    folded = fold(text)
    if "milestone" not in folded or len(folded.split()) > 7 or MILESTONE_LINE.match(text):
        return None
    return status_of(folded) or ""


def status_of(text: str) -> str | None:
    """A milestone status named in ``text`` ("Delayed", "complete"), if any."""
    folded = " " + fold(text)
    for status, words in _STATUS_WORDS:
        if any(word in folded for word in words):
            return status
    return None


@dataclass(frozen=True)
class WbsHeading:
    code: str  # 1.02C.04.05
    title: str


def wbs_heading(text: str) -> WbsHeading | None:
    """A WBS heading in any of its forms: ``1.02C.04 - Title``, ``02C.04: Title``."""
    match = WBS_HEADING.match(plain(text).strip().strip("*_").strip())
    if not match or is_terminated(match["title"]) or len(match["title"].split()) > 14:
        return None
    parts = match["code"].upper().removeprefix("1.").split(".")
    code = ".".join(["1", parts[0], *(part.zfill(2) for part in parts[1:])])
    return WbsHeading(code, match["title"].strip())


def is_title_line(text: str) -> bool:
    """A line of a report's title block: its name, era and date."""
    rest = plain(text)
    for found in reversed(dates_in(rest)):
        rest = rest[: found.start] + " " + rest[found.end :]
    words = re.findall(r"[a-z]+", rest.casefold())
    return (bool(words) or bool(dates_in(text))) and all(word in TITLE_WORDS for word in words)


#: Labels of a title block's metadata ("Author: ...", "Status: Published").
METADATA = re.compile(
    r"^(?:(?:authors?|status|date(?: of issue)?|issued|prepared by|editors?|version|revision"
    r"|document(?: number)?|handle|built from|(?:source )?commit)\s*:\s*\S[^:]*?\s*)+$",
    re.I,
)


#: A line of a table of contents: a title, dot leaders perhaps, a page number.
TOC_ENTRY = re.compile(r"(?:\s\.){2,}\s*\d{1,3}$|\S\s+\d{1,3}$")
_FRONT_SECTIONS = {
    "change record": "change record",
    "document history": "change record",
    "revision history": "change record",
    "change history": "change record",
    "contents": "table of contents",
    "table of contents": "table of contents",
}


def front_section(text: str) -> str:
    """``change record`` or ``table of contents`` for such a title page heading."""
    return _FRONT_SECTIONS.get(fold(text), "")


def is_metadata_line(text: str) -> bool:
    """A title block's metadata: ``Author: DM``, ``Status: Published Author: DM``."""
    return bool(METADATA.match(plain(text).strip()))


def is_date_line(text: str) -> bool:
    """A line that is a date, perhaps labelled ("Due 2020-01-21")."""
    match = DATE_LINE.match(text.strip())
    if not match:
        return False
    found = dates_in(match["date"])
    return len(found) == 1 and found[0].start == 0 and found[0].end == len(match["date"])


def looks_like_heading(text: str) -> bool:
    """A short line with a heading's shape: capitalised, unterminated, no links."""
    words = plain(text).split()
    return (
        0 < len(words) <= 10
        and (words[0][:1].isupper() or words[0][:1].isdigit())
        and not is_terminated(text)
        and not plain(text).rstrip().endswith(CLOSING)
        and "[" not in text
    )


def is_layout_heading(text: str) -> bool:
    """Whether a line is a heading of the report's layout (never part of a paragraph)."""
    return bool(
        part_heading(text)
        or summary_heading(text)
        or section_heading(text)
        or milestone_group(text) is not None
        or wbs_heading(text)
        or MILESTONE_LINE.match(text.strip())
        or (is_capitals(text) and looks_like_heading(text))
    )


def short_heading(text: str) -> bool:
    """A short line with a heading's shape, links aside."""
    plain_text = plain(text)
    return (
        len(plain_text.split()) <= 8
        and plain_text[:1].isupper()
        and not is_terminated(plain_text)
        and not plain_text.endswith(CLOSING)
        and "[" not in text
    )


def title_case(text: str) -> bool:
    """Most of a line's longer words are capitalised, as in a heading."""
    words = [w for w in plain(text).split() if len(w) > 3]
    return bool(words) and sum(w[:1].isupper() for w in words) * 2 > len(words)


#: Words a title in capitals keeps in capitals.
ACRONYMS = frozenset({"LSST", "DM", "C.", "DMLT", "NSF", "DOE"})


def name_words(text: str) -> str:
    """A title line's words without its date: part of the report's name."""
    rest = plain(text).strip("#*_ ")
    for found in reversed(dates_in(rest)):
        rest = rest[: found.start] + rest[found.end :]
    rest = " ".join(rest.strip(" :,;–—-").split())
    if is_capitals(rest):
        rest = " ".join(w if w in ACRONYMS else w.capitalize() for w in rest.split())
    return rest
