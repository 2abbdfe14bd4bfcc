"""Inline conversion of export text to MyST: ticket and document roles
(also from their full URLs), citations, registry links and footnote marks.

Every identifier series comes from :mod:`dmreport.core.ids`. Every rewrite
keeps the words the reader sees; :mod:`.fidelity` checks it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pybtex.database import BibliographyData

from ..core.ids import (
    DOCUMENT,
    DOCUMENT_RE,
    MILESTONE_RE,
    SERIES_BY_PREFIX,
    TICKET,
    TICKET_RE,
    URL_RE,
    document_of_url,
    ticket_of_url,
)
from .vocabulary import SUPERSCRIPTS

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
FOOTNOTE_MARK = re.compile(rf"(?<=[\w)\]”\"'.,;:])(?P<mark>[{SUPERSCRIPTS}]+)")
FOOTNOTE_DEFINITION = re.compile(rf"^(?P<mark>[{SUPERSCRIPTS}]+)\s*(?P<text>.*)$", re.S)
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")
#: A link with a real target: ``[text](https://...)``.
TARGET_LINK = re.compile(r"\[(?P<text>(?:[^\[\]]|\\\[|\\\])+)\]\((?P<url>https?://[^)\s]+)\)")
ANY_ID = re.compile(rf"{TICKET_RE.pattern}|{DOCUMENT_RE.pattern}|{MILESTONE_RE.pattern}")
#: What may stand between the ids of a link's text that lists only ids.
ID_LIST_GLUE = re.compile(r"^(?:\s|,|and|\\\[|\\\])*$")
HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
#: An address without its scheme: ``www.lsst.org/content/dm-test-data``.
WWW_ADDRESS = re.compile(
    r"(?<![\w/.@])www\.[\w-]+(?:\.[\w-]+)+(?:/[^\s<>()\[\]]*[^\s<>()\[\].,;:!?])?"
)
#: A short link to a document without its scheme: ``ls.st/LDM-503``.
SHORT_LINK = re.compile(r"(?<![\w/.])ls\.st/(?P<handle>[A-Z]+-\d+)\b")
TO_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")


@dataclass
class Found:
    """What the conversion met, for the importer's report."""

    references: Counter[str] = field(default_factory=Counter)
    tickets: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    citations: set[str] = field(default_factory=set)
    milestones: set[str] = field(default_factory=set)
    #: Milestone ids no record or plan defines: listed in data/milestones.yaml.
    unknown_milestones: set[str] = field(default_factory=set)
    resolved: list[str] = field(default_factory=list)
    unresolved: list[tuple[int, str]] = field(default_factory=list)
    #: Links whose text is an id but whose target is another page: kept after the role.
    kept_targets: list[tuple[int, str]] = field(default_factory=list)


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
        #: Milestones a record or the plan defines (None: any); another is
        #: noted, for the import to list it in data/milestones.yaml.
        self.known_milestones: set[str] | None = None
        #: The page being converted (``2018-03-summary``): figures' labels start with it.
        self.page = ""

    def convert(self, text: str, line: int) -> str:
        """Convert ``text`` (from export ``line``) to MyST."""
        kept: list[str] = []

        def hold(markup: str) -> str:
            kept.append(markup)
            return f"\x00{len(kept) - 1}\x00"

        text = CODE_SPAN.sub(lambda m: hold(m.group(0)), text)
        text = HTML_START.sub(r"\\<", text)
        text = FOOTNOTE_MARK.sub(lambda m: hold(self._footnote(m)), text)
        text = TARGET_LINK.sub(self._canonical_to_lost, text)
        text = TARGET_LINK.sub(lambda m: hold(self._target_link(m["text"], m["url"], line)), text)
        text = ESCAPED_GROUP.sub(lambda m: hold(self._jira(m["ids"], True)), text)
        text = BRACKETED_LINKS.sub(
            lambda m: hold(self._jira(", ".join(_ids(m["links"])), True)), text
        )
        text = TICKET_LINK.sub(lambda m: hold(self._jira(m["ids"], False)), text)
        text = DOCUMENT_LINK.sub(lambda m: hold(self._document(m)), text)
        text = CITATION_LINK.sub(lambda m: hold(self._citation(m, line)), text)
        text = LOST_LINK.sub(lambda m: self._lost_link(m["text"], line, hold), text)
        text = URL_RE.sub(lambda m: hold(self._url(m.group(0))), text)
        text = SHORT_LINK.sub(lambda m: hold(self._short_link(m)), text)
        text = WWW_ADDRESS.sub(lambda m: hold(f"[{m.group(0)}](https://{m.group(0)})"), text)
        text = self.ids(text, hold)
        while PLACEHOLDER.search(text):
            text = PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)
        return text

    def ids(self, text: str, hold: Callable[[str], str]) -> str:
        """Milestones, tickets and documents written as plain text, as roles."""
        text = MILESTONE.sub(lambda m: hold(self._milestone(m.group(0))), text)
        text = PLAIN_TICKET.sub(lambda m: hold(self._jira(m.group(0), False)), text)
        return PLAIN_DOCUMENT.sub(lambda m: hold(self._document(m)), text)

    def _footnote(self, match: re.Match[str]) -> str:
        number = match["mark"].translate(TO_DIGITS)
        return f"[^{number}]" if number in self.footnotes else match.group(0)

    def _canonical_to_lost(self, match: re.Match[str]) -> str:
        """A link on ids whose target is one of them: the same as a lost link."""
        text, url = match["text"], match["url"]
        target = ticket_of_url(url) or document_of_url(url)
        found = [m.group(0) for m in ANY_ID.finditer(_unescape(text))]
        glue = ANY_ID.sub("", text)
        if target and target in found and ID_LIST_GLUE.match(glue):
            return f"[{text}](#)"
        return match.group(0)

    def _target_link(self, text: str, url: str, line: int) -> str:
        """A link with a real target: its ids become roles, its words stay linked."""
        target = ticket_of_url(url) or document_of_url(url)
        if target:
            self.found.references["ticket" if re.fullmatch(TICKET, target) else "document"] += 1
            (self.found.tickets if re.fullmatch(TICKET, target) else self.found.documents).add(
                target
            )
        else:
            self.found.references["link"] += 1
        if not ANY_ID.search(text):
            return f"[{text}]({url})"
        parts: list[str] = []
        position = 0
        for match in ANY_ID.finditer(text):
            words = text[position : match.start()]
            parts.append(
                f"[{words.strip()}]({url})".join(_edges(words)) if words.strip() else words
            )
            parts.append(self.ids(match.group(0), lambda markup: markup))
            position = match.end()
        words = text[position:]
        parts.append(f"[{words.strip()}]({url})".join(_edges(words)) if words.strip() else words)
        result = "".join(parts)
        if "](" not in result:
            self.found.kept_targets.append((line, url))
            result += f" ([link]({url}))"
        return result

    def _url(self, url: str) -> str:
        """A bare URL: a ticket's or document's becomes its role."""
        ticket = ticket_of_url(url)
        if ticket:
            return self._jira(ticket, False)
        document = document_of_url(url)
        if document:
            prefix, _, number = document.partition("-")
            return self._document_role(SERIES_BY_PREFIX[prefix].prefix, number)
        if ANY_ID.search(url):
            return f"[`{url}`]({url})"  # no id in the page's text but as a link
        return f"[{url}]({url})"  # an address in running text becomes a link

    def _short_link(self, match: re.Match[str]) -> str:
        """``ls.st/LDM-503`` without its scheme: a link, its words kept."""
        address = match.group(0)
        return f"[`{address}`](https://{address})"

    def _jira(self, ids: str, bracketed: bool) -> str:
        tickets = _ids(ids)
        for ticket in tickets:
            self.found.references["ticket"] += 1
            self.found.tickets.add(ticket)
        role = "jirab" if bracketed else "jira"
        return f"{{{role}}}`{', '.join(tickets)}`"

    def _milestone(self, milestone_id: str) -> str:
        if self.known_milestones is not None and milestone_id not in self.known_milestones:
            self.found.unknown_milestones.add(milestone_id)
        self.found.references["milestone"] += 1
        self.found.milestones.add(milestone_id)
        return f"{{milestone}}`{milestone_id}`"

    def _document(self, match: re.Match[str]) -> str:
        return self._document_role(match["prefix"], match["number"])

    def _document_role(self, prefix: str, number: str) -> str:
        self.found.references["document"] += 1
        self.found.documents.add(f"{prefix}-{number}")
        return f"{{{SERIES_BY_PREFIX[prefix].role}}}`{number}`"

    def _citation(self, match: re.Match[str], line: int) -> str:
        key = self.bib_by_author_year.get((_fold(match["author"]), match["year"]))
        if key is None:
            text = _unescape(match.group(0)[1:-4])
            self.found.unresolved.append((line, text))
            return text
        self.found.references["citation"] += 1
        self.found.citations.add(key)
        return f"{{cite:alp}}`{key}`"

    def _lost_link(self, text: str, line: int, hold: Callable[[str], str]) -> str:
        url = self.links.get(_unescape(text).strip())
        if url is None:
            self.found.unresolved.append((line, text))
            return text
        self.found.references["link"] += 1
        self.found.resolved.append(text)
        return hold(f"[{text}]({url})")


def _fold(name: str) -> str:
    return name.casefold().replace("’", "'")


def _unescape(text: str) -> str:
    return text.replace("\\[", "[").replace("\\]", "]")


def _edges(words: str) -> tuple[str, str]:
    """The spaces around ``words``, to keep them outside a link."""
    return words[: len(words) - len(words.lstrip())], words[len(words.rstrip()) :]


def footnote_number(text: str) -> str:
    """The number of a footnote definition ``¹ Text`` ("1")."""
    match = FOOTNOTE_DEFINITION.match(text)
    return match["mark"].translate(TO_DIGITS) if match else ""


def footnote_definition(text: str) -> str:
    """``¹ Text`` into a MyST footnote definition ``[^1]: Text``."""
    match = FOOTNOTE_DEFINITION.match(text)
    if match is None:
        return text
    return f"[^{footnote_number(text)}]: {match['text'].strip()}"
