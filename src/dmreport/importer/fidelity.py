"""The importer's promise: every word of the export, in order, in the pages,
and every block it found written as the structure it is.

Words are compared after markup is removed on both sides: the export's list
markers, link targets and footnote marks (a ticket's or document's URL
counts as its handle), and the pages' front matter, directive blocks, role
names, URLs and footnote labels. Roles count as the text they display.
Structure is compared by kind and page: the blocks placed on a page against
the headings, paragraphs, list items, table rows, footnotes and milestone
records a Markdown parser finds in the written page.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from ..core.ids import URL_RE, document_of_url, ticket_of_url
from ..core.milestones import SHOWN_DATES
from .vocabulary import BULLET, NUMBERED, SUPERSCRIPTS

WORD = re.compile(r"\w+")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
DIRECTIVE_BLOCK = re.compile(r"^```\{[\w:-]+\}.*?^```$", re.S | re.M)
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
FOOTNOTE_LABEL = re.compile(r"\[\^\w+\]:?")
BRACKET_MARK = re.compile(r"\[\d{1,2}\]")
MILESTONE_BLOCK = re.compile(
    r"^```\{milestone\} (?P<id>\S+)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^```$",
    re.S | re.M,
)
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$", re.M)
_PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)


def _milestone_text(match: re.Match[str]) -> str:
    """What a milestone record shows: id, title, status, dates, explanation."""
    options = {m["key"]: m["value"] for m in OPTION.finditer(match["options"])}
    dates = " ".join(f"{label} {options[key]}" for key, label in SHOWN_DATES if options.get(key))
    title, status = options.get("title", ""), options.get("status", "")
    return f"{match['id']}: {title}\n{status}\n{dates}\n{match['body']}"


@dataclass(frozen=True)
class Word:
    text: str
    line: int


def _handle(url: str) -> str:
    return ticket_of_url(url.rstrip("/")) or document_of_url(url) or url


def line_words(line: str) -> list[str]:
    """The words a source line says, its markup aside."""
    marker = BULLET.match(line) or NUMBERED.match(line)
    if marker:
        line = marker["text"]
    line = LINK_TARGET.sub("]", line)
    line = URL_RE.sub(lambda m: _handle(m.group(0)), line)
    line = BRACKET_MARK.sub(" ", line)
    line = re.sub(rf"[{SUPERSCRIPTS}]", " ", line)
    return [w.casefold() for w in WORD.findall(line)]


def export_words(text: str, structural: Iterable[int]) -> list[Word]:
    """Words of the export, skipping lines the layout replaces or drops."""
    return source_words(text.splitlines(), structural)


def source_words(lines: list[str], skip: Iterable[int]) -> list[Word]:
    """Words of a reading's lines (1-based), skipping the lines in ``skip``."""
    skipped = set(skip)
    return [
        Word(word, number)
        for number, line in enumerate(lines, start=1)
        if number not in skipped
        for word in line_words(line)
    ]


def page_words(markdown: str, role_text: Callable[[str, str], str]) -> list[str]:
    """Words a reader sees on a MyST page, roles shown as their display text."""
    text = FRONT_MATTER.sub("", markdown)
    text = MILESTONE_BLOCK.sub(_milestone_text, text)
    text = DIRECTIVE_BLOCK.sub("", text)
    text = ROLE.sub(lambda m: role_text(m["name"], m["content"]), text)
    text = LINK.sub(lambda m: m["text"], text)
    text = FOOTNOTE_LABEL.sub(" ", text)
    text = re.sub(rf"[{SUPERSCRIPTS}]", " ", text)
    return [w.casefold() for w in WORD.findall(text)]


@dataclass
class FidelityReport:
    missing: list[Word]
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.missing

    @property
    def kept(self) -> float:
        """The share of the source's words kept, in per cent."""
        return 100.0 * (self.total - len(self.missing)) / self.total if self.total else 100.0

    def describe(self, source: str, limit: int = 20, where: Callable[[int], str] = str) -> str:
        lines = [
            f"{source}:{where(word.line)}: word {word.text!r} is missing or out of order"
            for word in self.missing[:limit]
        ]
        if len(self.missing) > limit:
            lines.append(f"... and {len(self.missing) - limit} more")
        return "\n".join(lines)


def compare(source: list[Word], output: list[str]) -> FidelityReport:
    """Check that ``source`` is a subsequence of ``output``.

    Extra output words (headings the layout adds) are allowed; a missing or
    reordered source word is reported with its export line.
    """
    position = 0
    for word in source:
        try:
            position = output.index(word.text, position) + 1
        except ValueError:
            break
    else:
        return FidelityReport([], len(source))
    matcher = difflib.SequenceMatcher(None, [w.text for w in source], output, autojunk=False)
    missing: list[Word] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            missing.extend(source[i1:i2])
    return FidelityReport(missing, len(source))


#: The kinds of structure counted on both sides.
KINDS = (
    "headings",
    "paragraphs",
    "list items",
    "table rows",
    "footnotes",
    "milestone records",
    "pictures",
)


def written_structure(markdown: str) -> Counter[str]:
    """Headings, paragraphs, list items, table rows, footnotes, milestone
    records and pictures of a MyST page, as a Markdown parser reads them."""
    counts: Counter[str] = Counter()
    body = FRONT_MATTER.sub("", markdown)
    for token in _PARSER.parse(body):
        if token.type == "heading_open":
            counts["headings"] += 1
        elif token.type == "paragraph_open" and token.level == 0:
            counts["paragraphs"] += 1
        elif token.type == "list_item_open":
            counts["list items"] += 1
        elif token.type == "tr_open":
            counts["table rows"] += 1
        elif token.type in ("footnote_open", "footnote_reference_open"):
            counts["footnotes"] += 1
        elif token.type == "colon_fence" and token.info.startswith("{figure} "):
            counts["pictures"] += 1
        elif token.type == "fence" and token.info.startswith("{milestone} "):
            counts["milestone records"] += 1
            lines = token.content.splitlines()
            inner = "\n".join(line for line in lines if not OPTION.match(line))
            counts.update(written_structure(inner))
    return counts


__all__ = [
    "KINDS",
    "FidelityReport",
    "Word",
    "compare",
    "export_words",
    "line_words",
    "page_words",
    "source_words",
    "written_structure",
]
