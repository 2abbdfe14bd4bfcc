"""Paragraphs that a page break of the original document split, joined again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .blocks import Block
from .vocabulary import CLOSING, is_terminated, plain

if TYPE_CHECKING:
    from .structure import Page


def _continues(block: Block, following: Block) -> bool:
    """Whether ``following`` is the rest of ``block`` cut by a page break."""
    if block.kind not in ("para", "item", "footnote") or following.kind != "para":
        return False
    if is_terminated(block.text):
        return False
    start = plain(following.text)[:1]
    if plain(block.text).rstrip().endswith(CLOSING) or block.kind == "footnote":
        return start.islower()
    if block.kind == "item":
        return start.islower() or following.text.startswith("[") or _open_ended(block.text)
    return start.islower() or following.text.startswith("[")


#: Words a sentence does not end on: a block ending on one was cut.
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "the",
        "to",
        "with",
        "via",
        "than",
        "that",
        "&",
    ]
)


def _open_ended(text: str) -> bool:
    """Text that stops mid-sentence: on a function word or an open parenthesis."""
    words = plain(text).split()
    last = words[-1].casefold() if words else ""
    return last in FUNCTION_WORDS or text.count("(") > text.count(")") or text.endswith((",", "-"))


def heal(pages: list[Page]) -> list[tuple[int, int]]:
    """Join paragraphs that a page break of the original document split."""
    healed: list[tuple[int, int]] = []
    for page in pages:
        kept: list[Block] = []
        for block in page.blocks:
            if kept and _continues(kept[-1], block):
                kept[-1].text += " " + block.text
                kept[-1].joined.append(block.line)
                healed.append((kept[-1].line, block.line))
                continue
            kept.append(block)
        page.blocks = kept
    return healed
