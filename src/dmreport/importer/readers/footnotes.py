"""Footnotes of a text source in the block model's one form.

Marks are written ``LATISS¹``, ``DMTN-135[1]`` or ``RFC-650*``; definitions
``¹ Text``, ``[1] Text`` or ``* Text``. Every mark becomes superscript digits
and every definition a ``footnote`` block starting with the same mark. A
footnote that a page break cut, its rest printed at the foot of the next
page, is joined again.
"""

from __future__ import annotations

import re

from ..blocks import Block
from ..heal import lines_of
from ..vocabulary import SUPERSCRIPTS, is_terminated

TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)
BRACKET_DEFINITION = re.compile(r"^\[(?P<n>\d{1,2})\]\s+(?P<text>\S.*)$", re.S)
SUPERSCRIPT_DEFINITION = re.compile(rf"^(?P<mark>[{SUPERSCRIPTS}]+)\s*(?P<text>\S.*)$", re.S)


def superscript(number: int | str) -> str:
    return str(number).translate(TO_SUPERSCRIPT)


def _bracket_mark(number: str) -> re.Pattern[str]:
    return re.compile(rf"(?<=[\w)\]”])\[{number}\](?!\()")


def _star_marks(text: str) -> list[int]:
    """Positions of ``*`` marks after a word that do not close emphasis."""
    return [
        m.start()
        for m in re.finditer(r"(?<=[\w)])\*(?=[\s.,;:)]|$)", text)
        if text.count("*", 0, m.start()) % 2 == 0
    ]


def footnotes(blocks: list[Block], stars: set[int]) -> list[Block]:
    """``blocks`` with footnotes in one form; ``stars`` holds the ids of
    items whose bullet was ``*`` (perhaps a ``* Text`` definition)."""
    used = {
        int(m["mark"].translate(str.maketrans(SUPERSCRIPTS, "0123456789")))
        for b in blocks
        if b.kind == "footnote" and (m := SUPERSCRIPT_DEFINITION.match(b.text))
    }
    for index, block in enumerate(blocks):
        if block.kind not in ("para", "item"):
            continue
        bracket = BRACKET_DEFINITION.match(block.text)
        if bracket and any(_bracket_mark(bracket["n"]).search(b.text) for b in blocks[:index]):
            number = bracket["n"]
            block.kind, block.level = "footnote", 0
            block.text = f"{superscript(number)} {bracket['text']}"
            for earlier in blocks[:index]:
                earlier.text = _bracket_mark(number).sub(superscript(number), earlier.text)
            used.add(int(number))
        elif id(block) in stars and _isolated(blocks, index, stars):
            marked = [b for b in blocks[:index] if _star_marks(b.text)]
            if not marked:
                continue
            number = next(n for n in range(1, 100) if n not in used)
            used.add(number)
            target = marked[-1]
            at = _star_marks(target.text)[-1]
            target.text = target.text[:at] + superscript(number) + target.text[at + 1 :]
            block.kind, block.level, block.ordered = "footnote", 0, False
            block.text = f"{superscript(number)} {block.text}"
    return _join_cut_footnotes(blocks)


def _isolated(blocks: list[Block], index: int, stars: set[int]) -> bool:
    """A ``*`` item with no ``*`` item next to it."""
    neighbours = blocks[max(0, index - 1) : index] + blocks[index + 1 : index + 2]
    return not any(id(b) in stars for b in neighbours)


def _join_cut_footnotes(blocks: list[Block]) -> list[Block]:
    """Join a footnote that ends its page unfinished with its rest: the first
    lower-case paragraph among the next page's closing blocks."""
    for index, block in enumerate(blocks):
        if block.kind != "footnote" or not block.page or is_terminated(block.text):
            continue
        following = [b for b in blocks[index + 1 :] if b.page == block.page]
        if any(b.kind != "footnote" for b in following):
            continue
        page = [b for b in blocks if b.page == block.page + 1]
        for position, candidate in enumerate(page[1:], 1):
            rest = page[position + 1 :]
            if (
                candidate.kind == "para"
                and candidate.text[:1].islower()
                and all(b.kind == "footnote" for b in rest)
            ):
                block.text += " " + candidate.text
                block.joined.extend(lines_of(candidate))
                del blocks[next(i for i, b in enumerate(blocks) if b is candidate)]
                break
    return blocks
