"""Inline runs into the export's Markdown conventions.

Shared by the DOCX and PDF readers: a paragraph is a list of :class:`Run`
(text with emphasis and a link target) and :func:`render` writes it the way
a text export does: ``[text](target)``, ``*italic*``, ``**bold**`` and
superscript footnote marks (``LATISS¹``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)

#: The target of a link whose target is not a URL (internal anchors) or lost.
UNKNOWN_TARGET = "#"


@dataclass(frozen=True)
class Run:
    """Text with one style and at most one link target."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str = ""


def superscript(digits: str) -> str:
    """``12`` as ``¹²`` (footnote marks)."""
    return digits.translate(_TO_SUPERSCRIPT)


def plain(runs: Iterable[Run]) -> str:
    """The runs' text without any markup."""
    return "".join(run.text for run in runs)


def _merge(runs: list[Run]) -> list[Run]:
    """Adjacent runs of one style joined; blank runs take the style around them."""
    steady: list[Run] = []
    for index, run in enumerate(runs):
        if not run.text:
            continue
        if run.text.isspace() and steady and index + 1 < len(runs):
            before, after = steady[-1], runs[index + 1]
            style = (before.bold, before.italic, before.link)
            if style == (after.bold, after.italic, after.link):
                run = replace(before, text=run.text)
            elif before.link and before.link == after.link:
                run = replace(run, link=before.link)
        if steady and (steady[-1].bold, steady[-1].italic, steady[-1].link) == (
            run.bold,
            run.italic,
            run.link,
        ):
            steady[-1] = replace(steady[-1], text=steady[-1].text + run.text)
        else:
            steady.append(run)
    return steady


def _wrap(text: str, marker: str) -> str:
    """``marker`` around ``text``, its outer spaces kept outside."""
    core = text.strip()
    if not marker or not core:
        return text
    start = text[: len(text) - len(text.lstrip())]
    end = text[len(text.rstrip()) :]
    return f"{start}{marker}{core}{marker}{end}"


def _emphasis(run: Run) -> str:
    marker = "*" * ((2 if run.bold else 0) + (1 if run.italic else 0))
    return _wrap(run.text, marker)


def render(runs: Iterable[Run]) -> str:
    """Runs as inline Markdown, spaces collapsed; a link's text is plain."""
    merged = _merge(list(runs))
    out: list[str] = []
    index = 0
    while index < len(merged):
        link = merged[index].link
        if not link:
            out.append(_emphasis(merged[index]))
            index += 1
            continue
        inner: list[str] = []
        while index < len(merged) and merged[index].link == link:
            inner.append(merged[index].text)
            index += 1
        text = "".join(inner)
        label = text.strip().replace("[", "\\[").replace("]", "\\]")
        if not label:
            out.append(text)
            continue
        start = text[: len(text) - len(text.lstrip())]
        end = text[len(text.rstrip()) :]
        out.append(f"{start}[{label}]({link}){end}")
    return " ".join("".join(out).split())
