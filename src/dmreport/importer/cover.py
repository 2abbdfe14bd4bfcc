"""What a report's cover states: the text before its first part or element
heading (a cover page, a forum post's preface) is kept, in order, on the
month's landing page; the facts it states are read into the landing page's
front matter, as written.

A fact is read from a labelled line ("Reporting period: 1-31 March 2017",
"Date of issue: 2017-04-12", "Distribution: ...", "Document handle: ..."),
from "Prepared by X for Y, <date>", or from where the original lives (a
DocuShare collection or document, a DocuShare address).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.dates import ISO_DATE, dates_in
from ..core.ids import URL_RE
from .vocabulary import plain

#: A labelled line's value, after "label:" (or "label -").
_VALUE = r"\s*[:\-–]\s*(?P<v>.+)$"
LABELS: dict[str, re.Pattern[str]] = {
    "reporting_period": re.compile(r"^(?:reporting\s+)?period(?:\s+covered)?" + _VALUE, re.I),
    "issued": re.compile(
        r"^(?:date\s+of\s+issue|issued(?:\s+on)?|issue\s+date)\s*[:\-–]?\s*(?P<v>.+)$", re.I
    ),
    "distribution": re.compile(r"^distribution(?:\s+list)?" + _VALUE, re.I),
    "handle": re.compile(r"^(?:document\s+(?:handle|number|id)|handle)" + _VALUE, re.I),
}
PREPARED = re.compile(
    r"^prepared\s+by\s+(?P<who>.+?)(?:\s+for\s+(?:the\s+)?(?P<for>[^,;]+?))?"
    r"(?:\s*[,;—–-]\s*(?P<when>[^,;]*\d{4}[^,;]*))?\s*\.?$",
    re.I,
)
DOCUSHARE = re.compile(r"\b(?:Collection|Document)-\d+\b", re.I)
DOCUSHARE_URL = re.compile(r"docushare", re.I)


@dataclass
class Cover:
    """The cover's facts (front matter keys -> values, as written)."""

    facts: dict[str, str] = field(default_factory=dict)

    def read(self, text: str) -> None:
        """Read one line (or paragraph) of the cover."""
        line = " ".join(plain(text).split())
        for key, pattern in LABELS.items():
            if (match := pattern.match(line)) and key not in self.facts:
                value = match["v"].strip().rstrip(".")
                self.facts[key] = _iso_date(value) if key == "issued" else value
        if (match := PREPARED.match(line)) and "prepared_by" not in self.facts:
            who = match["who"].strip()
            self.facts["prepared_by"] = f"{who} for {match['for'].strip()}" if match["for"] else who
            if match["when"] and "issued" not in self.facts:
                self.facts["issued"] = _iso_date(match["when"].strip())
        if "original" not in self.facts:
            addresses = [u for u in URL_RE.findall(line) if DOCUSHARE_URL.search(u)]
            found = addresses or DOCUSHARE.findall(line)
            if found:
                self.facts["original"] = found[0]

    def front_matter(self) -> dict[str, str]:
        """The facts as front matter: ``issued`` only when it is a full date."""
        facts = dict(self.facts)
        if "issued" in facts and not re.fullmatch(ISO_DATE, facts["issued"]):
            facts.pop("issued")
        return facts


def states_a_fact(text: str) -> bool:
    """Whether a line is one of the cover's labelled facts (kept on the
    landing page, not taken for the title)."""
    line = " ".join(plain(text).split())
    return any(p.match(line) for p in (*LABELS.values(), PREPARED))


def _iso_date(text: str) -> str:
    """``text``'s first full date as YYYY-MM-DD, or ``text`` as written."""
    for found in dates_in(text):
        if found.day is not None:
            return f"{found.month}-{found.day:02d}"
    return text


#: Lines of a forum post's preface or a cover, besides short ones.
PREFACE = re.compile(
    r"has been posted|docushare|status report (?:covering|for)|^tags?\s*:|\blikes?\b|^reply$"
    r"|^\d+\s*/\s*\d+$|^posted\b|^from\s*:|^to\s*:|^subject\s*:|^sent\s*:|^date\s*:"
    r"|prepared by|reporting period|date of issue|distribution|document handle",
    re.I,
)
#: A cover line has at most this many words unless it says what it is.
PREFACE_WORDS = 14


def preface_end(texts: list[str]) -> int:
    """Where a post's or cover's preface ends in a report without parts:
    after its last line that says what it is ("has been posted to
    DocuShare", "Tags:", "From:"), or else after its leading short lines;
    the text after it is the report's."""
    lines = [" ".join(plain(text).split()) for text in texts]
    marked = [index for index, line in enumerate(lines) if PREFACE.search(line)]
    if marked:
        return marked[-1] + 1
    short = (i for i, line in enumerate(lines) if len(line.split()) > PREFACE_WORDS)
    return min(next(short, len(lines) - 1), len(lines) - 1)
