"""Text of a page that would not reach the built page (DMR041).

The importer proves every word of an export is in the pages; this is the
same promise for a page as written: every word of every line is in what
the Markdown parser makes of it (markup aside: role names, link targets,
footnote labels, heading and list marks). A line the parser makes nothing
of (a link definition, say), or a word it drops, is named at its line.
Code blocks and directives are shown as written or checked by their own
rules; ``%`` comments and the front matter are never shown, by design.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from markdown_it.token import Token

from .codes import Code
from .page import Page
from .problem import Problem

WORD = re.compile(r"\w+")
#: Markup whose words are not shown: a list item's number, a role's name, a link's target or
#: reference label, a footnote's label, a target definition, an autolink's
#: brackets.
MARKUP = re.compile(
    r"^\s*(?:>\s*)*(?:[-+*]|\d{1,9}[.)])\s+|\{[\w:.-]+\}(?=`)|\]\([^)]*\)|\]\[[^\]]*\]|\[\^[^\]]+\]:?|^\s*\([\w:.-]+\)=\s*$|<(?=https?:)|(?<=\S)>"
)
#: A link definition: ``[name]: address "title"``.
DEFINITION = re.compile(r"^\[(?P<label>[^\]]+)\]:\s*\S")
#: Inline tokens whose content is shown.
SHOWN = ("text", "code_inline", "myst_role", "html_inline", "image", "math_inline")


def _source_words(line: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(MARKUP.sub(" ", html.unescape(line)))]


def _shown_words(token: Token) -> Counter[str]:
    words: Counter[str] = Counter()
    for child in token.children or []:
        if child.type in SHOWN:
            words.update(w.casefold() for w in WORD.findall(child.content))
    return words


def unshown(page: Page, tokens: list[Token]) -> Iterator[Problem]:
    """Lines the parser makes nothing of, and words it drops, by line."""
    covered: set[int] = set()
    blocks: dict[tuple[int, int], Counter[str]] = {}
    for token in tokens:
        if not token.map:
            continue
        start, end = token.map
        covered.update(range(start, end))
        if token.type == "inline":
            blocks.setdefault((start, end), Counter()).update(_shown_words(token))
    for number, line in enumerate(page.lines):
        text = line.strip()
        if number in covered or not text or text.startswith("%") or _used_definition(page, text):
            continue
        yield page.problem(
            number + 1,
            1,
            Code.UNSHOWN,
            f"this line is not shown on the page ({text[:40]!r}); a link definition "
            "'[name]: address' that no [text][name] uses shows nothing: write the link "
            "where it belongs, [text](address)",
        )
    for (start, end), shown in sorted(blocks.items()):
        left = shown.copy()
        for number in range(start, end):
            words = _source_words(page.lines[number]) if number < len(page.lines) else []
            missing = [w for w in words if not _take(left, w)]
            if missing:
                yield page.problem(
                    number + 1,
                    1,
                    Code.UNSHOWN,
                    f"{' '.join(missing[:5])!r} on this line is not shown on the page; "
                    "check the markup around it (an unclosed `code` span, a link's "
                    "brackets, a role's backticks)",
                )
                break


def _used_definition(page: Page, text: str) -> bool:
    """A link definition that some ``[text][name]`` (or ``[name]``) of the
    page uses: markup, shown through its links."""
    match = DEFINITION.match(text)
    if match is None:
        return False
    label = re.escape(match["label"])
    uses = re.compile(rf"\]\[{label}\]|\[{label}\](?!:)", re.I)
    return any(uses.search(line) for line in page.lines)


def _take(words: Counter[str], word: str) -> bool:
    if words[word] > 0:
        words[word] -= 1
        return True
    return False
