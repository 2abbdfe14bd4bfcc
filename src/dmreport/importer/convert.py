"""Inline conversion of export text to MyST: ticket and document roles,
citations, registry links and footnote markers.

Every rewrite keeps the words the reader sees; :mod:`.fidelity` checks it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pybtex.database import BibliographyData

from ..core.ids import DOCUMENT, DOCUMENT_RE, MILESTONE_RE, TICKET, TICKET_RE
from .parse import SUPERSCRIPTS, superscript_number

TICKETS = rf"{TICKET}(?:\s*,\s*{TICKET})*"

#: ``[\[DM-1, DM-2\]](#)``: one link whose text is a bracketed ticket list.
ESCAPED_GROUP = re.compile(rf"\[\\\[(?P<ids>{TICKETS})\\\]\]\(#\)")
#: ``[[DM-1](#), [DM-2](#)]``: literal brackets around ticket links.
BRACKETED_LINKS = re.compile(rf"\[(?P<links>\[{TICKET}\]\(#\)(?:\s*,\s*\[{TICKET}\]\(#\))*)\]")
#: ``[DM-1](#)`` or ``[DM-1, DM-2](#)``.
TICKET_LINK = re.compile(rf"\[(?P<ids>{TICKETS})\]\(#\)")
DOCUMENT_LINK = re.compile(rf"\[\b{DOCUMENT}\b\]\(#\)")
CITATION_LINK = re.compile(
    r"\[(?P<author>[A-Z][\w'’-]+)(?: (?:et al\.?|and [A-Z][\w'’-]+))?,? "
    r"(?P<year>\d{4})\]\(#\)"
)
LOST_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\\\[|\\\])+)\]\(#\)")
MILESTONE = MILESTONE_RE
PLAIN_TICKET = TICKET_RE
PLAIN_DOCUMENT = DOCUMENT_RE
CODE_SPAN = re.compile(r"`[^`]+`")
FOOTNOTE_MARK = re.compile(rf"(?<=\w)(?P<mark>[{SUPERSCRIPTS}]+)")
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


@dataclass
class Found:
    """What the conversion met, for the importer's report."""

    references: Counter[str] = field(default_factory=Counter)
    tickets: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    citations: set[str] = field(default_factory=set)
    resolved: list[str] = field(default_factory=list)
    unresolved: list[tuple[int, str]] = field(default_factory=list)


def _ids(text: str) -> list[str]:
    return re.findall(TICKET, text)


class InlineConverter:
    """Rewrites one block of export text into MyST inline markup."""

    def __init__(self, links: dict[str, str], bib: BibliographyData) -> None:
        self.links = links
        self.bib_by_author_year = {}
        for key, entry in bib.entries.items():
            people = entry.persons.get("author", [])
            if people:
                author = " ".join(people[0].last_names)
                year = entry.fields.get("year", "")
                self.bib_by_author_year[(_fold(author), year)] = key
        self.found = Found()
        #: Footnote numbers defined on the page being converted.
        self.footnotes: set[str] = set()

    def convert(self, text: str, line: int) -> str:
        """Convert ``text`` (from export ``line``) to MyST."""
        kept: list[str] = []

        def hold(markup: str) -> str:
            kept.append(markup)
            return f"\x00{len(kept) - 1}\x00"

        text = CODE_SPAN.sub(lambda m: hold(m.group(0)), text)
        text = ESCAPED_GROUP.sub(lambda m: hold(self._jira(m["ids"], True)), text)
        text = BRACKETED_LINKS.sub(
            lambda m: hold(self._jira(", ".join(_ids(m["links"])), True)), text
        )
        text = TICKET_LINK.sub(lambda m: hold(self._jira(m["ids"], False)), text)
        text = DOCUMENT_LINK.sub(lambda m: hold(self._document(m)), text)
        text = CITATION_LINK.sub(lambda m: hold(self._citation(m, line)), text)
        text = LOST_LINK.sub(lambda m: self._lost_link(m["text"], line, hold), text)
        text = MILESTONE.sub(lambda m: hold(self._milestone(m.group(0))), text)
        text = PLAIN_TICKET.sub(lambda m: hold(self._jira(m.group(0), False)), text)
        text = PLAIN_DOCUMENT.sub(lambda m: hold(self._document(m)), text)
        text = FOOTNOTE_MARK.sub(self._footnote, text)
        while PLACEHOLDER.search(text):
            text = PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)
        return text

    def _footnote(self, match: re.Match[str]) -> str:
        number = superscript_number(match["mark"])
        return f"[^{number}]" if number in self.footnotes else match.group(0)

    def _jira(self, ids: str, bracketed: bool) -> str:
        tickets = _ids(ids)
        for ticket in tickets:
            self.found.references["ticket"] += 1
            self.found.tickets.add(ticket)
        role = "jirab" if bracketed else "jira"
        return f"{{{role}}}`{', '.join(tickets)}`"

    def _milestone(self, milestone_id: str) -> str:
        self.found.references["milestone"] += 1
        return f"{{milestone}}`{milestone_id}`"

    def _document(self, match: re.Match[str]) -> str:
        prefix, number = match["prefix"], match["number"]
        self.found.references["document"] += 1
        self.found.documents.add(f"{prefix}-{number}")
        return f"{{{prefix.lower()}}}`{number}`"

    def _citation(self, match: re.Match[str], line: int) -> str:
        key = self.bib_by_author_year.get((_fold(match["author"]), match["year"]))
        if key is None:
            text = _unescape(match.group(0)[1:-4])
            self.found.unresolved.append((line, text))
            return text
        self.found.references["citation"] += 1
        self.found.citations.add(key)
        return f"{{cite:alp}}`{key}`"

    def _lost_link(self, text: str, line: int, hold: object) -> str:
        url = self.links.get(_unescape(text).strip())
        if url is None:
            self.found.unresolved.append((line, text))
            return text
        self.found.references["link"] += 1
        self.found.resolved.append(text)
        assert callable(hold)
        return str(hold(f"[{text}]({url})"))


def _fold(name: str) -> str:
    return name.casefold().replace("’", "'")


def _unescape(text: str) -> str:
    return text.replace("\\[", "[").replace("\\]", "]")


def footnote_definition(text: str) -> str:
    """``¹ Text`` into a MyST footnote definition ``[^1]: Text``."""
    mark, _, rest = text.partition(" ")
    return f"[^{superscript_number(mark)}]: {rest.strip()}"
