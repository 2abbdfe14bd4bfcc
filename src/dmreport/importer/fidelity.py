"""The importer's promise: every word of the export, in order, in the pages.

Words are compared after markup is removed on both sides: the export's link
syntax and footnote markers, and the pages' front matter, directive blocks,
role names, URLs and footnote labels. Roles count as the text they display.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .parse import STRUCTURAL_LINES, SUPERSCRIPTS

WORD = re.compile(r"\w+")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
DIRECTIVE_BLOCK = re.compile(r"^```\{[\w:-]+\}.*?^```$", re.S | re.M)
ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
LINK = re.compile(r"\[(?P<text>[^\]]*)\]\([^)]*\)")
FOOTNOTE_LABEL = re.compile(r"\[\^\w+\]:?")
MILESTONE_BLOCK = re.compile(
    r"^```\{milestone\} (?P<id>\S+)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^```$",
    re.S | re.M,
)
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$", re.M)


def _milestone_text(match: re.Match[str]) -> str:
    """What a milestone record shows: id, title, "Due <date>", explanation."""
    options = {m["key"]: m["value"] for m in OPTION.finditer(match["options"])}
    due = f"Due {options['due']}" if options.get("due") else ""
    return f"{match['id']}: {options.get('title', '')}\n{due}\n{match['body']}"


@dataclass(frozen=True)
class Word:
    text: str
    line: int


def export_words(text: str, structural: Iterable[int]) -> list[Word]:
    """Words of the export, skipping structural lines the layout replaces."""
    skip = set(structural)
    words: list[Word] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if number in skip:
            continue
        line = re.sub(rf"[{SUPERSCRIPTS}]", " ", line)
        words.extend(Word(w.casefold(), number) for w in WORD.findall(line))
    return words


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

    @property
    def ok(self) -> bool:
        return not self.missing

    def describe(self, source: str, limit: int = 20) -> str:
        lines = [
            f"{source}:{word.line}: word {word.text!r} is missing or out of order"
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
        return FidelityReport([])
    matcher = difflib.SequenceMatcher(None, [w.text for w in source], output, autojunk=False)
    missing: list[Word] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag in ("delete", "replace"):
            missing.extend(source[i1:i2])
    return FidelityReport(missing)


__all__ = [
    "STRUCTURAL_LINES",
    "FidelityReport",
    "compare",
    "export_words",
    "page_words",
]
