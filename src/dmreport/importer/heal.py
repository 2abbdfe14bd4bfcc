"""Paragraphs that a page break of the original document split, joined
again, and sub-element headings nested under the ones they extend.

The rest of a cut paragraph or item follows it, perhaps after the page's
footnotes (a PDF's text puts them between the two halves): it joins the
block it continues, and the footnotes stay footnotes.
"""

from __future__ import annotations

from .blocks import Block
from .shape import Page
from .vocabulary import CLOSING, is_terminated, plain

#: Words a sentence does not end on: a block ending on one was cut.
FUNCTION_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "with", "via", "than", "that", "&"}
)  # fmt: skip


def lines_of(block: Block) -> list[int]:
    """Every source line a block holds, its own and those joined into it."""
    return [*range(block.line, max(block.end, block.line) + 1), *block.joined]


def open_ended(text: str) -> bool:
    """Text that stops mid-sentence: on a function word or an open parenthesis."""
    words = plain(text).split()
    last = words[-1].casefold() if words else ""
    return last in FUNCTION_WORDS or text.count("(") > text.count(")") or text.endswith((",", "-"))


def _continues(block: Block, following: Block) -> bool:
    """Whether ``following`` is the rest of ``block`` cut by a page break."""
    if block.kind not in ("para", "item", "footnote") or following.kind != "para":
        return False
    if is_terminated(block.text) or not block.line:
        return False
    start = plain(following.text)[:1]
    if plain(block.text).rstrip().endswith(CLOSING) or block.kind == "footnote":
        return start.islower()
    if block.kind == "item":
        return start.islower() or following.text.startswith("[") or open_ended(block.text)
    return start.islower() or following.text.startswith("[")


def heal(pages: list[Page]) -> list[tuple[int, int]]:
    """Join the blocks a page break split; the (block, rest) lines joined."""
    healed: list[tuple[int, int]] = []
    for page in pages:
        kept: list[Block] = []
        for block in page.blocks:
            notes = 0
            while notes < len(kept) and kept[-1 - notes].kind == "footnote":
                notes += 1
            target = kept[-1 - notes] if notes < len(kept) else None
            if target is None or not (notes and _continues(target, block)):
                target = kept[-1] if kept else None
            if target is not None and _continues(target, block):
                target.text += " " + block.text
                target.joined.extend(lines_of(block))
                healed.append((target.line, block.line))
                continue
            kept.append(block)
        page.blocks = kept
    return healed


def level_subsections(page: Page) -> None:
    """A sub-element heading nests under the previous one it extends."""
    previous = ""
    for block in page.blocks:
        if block.kind != "heading":
            continue
        if block.level <= 2:
            previous = ""
        elif block.level == 3 and block.code:
            if previous and block.code.startswith(previous + "."):
                block.level = 4
            else:
                previous = block.code
