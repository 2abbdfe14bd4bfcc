"""LaTeX-only reshaping of the doctree so that the PDF reads like a formal
report: milestone tables whose explanation spans the row, and no heading
left at the foot of a page without its first lines (``\\needspace`` before
each heading, as much as the heading and its first block need). The HTML
is untouched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..ext.milestones import COLUMNS

#: The milestone table in print: narrow columns, then the explanation
#: across the row beneath them.
PRINT_COLUMNS = (("Milestone", 17), ("Title", 44), ("Dates", 22), ("Status", 17))
#: Characters of running text on one line of the text width (11 pt, 6.5 in).
LINE_CHARS = 88
#: Lines (of \baselineskip) a heading takes with the space around it, by level.
HEADING_LINES = {1: 3.5, 2: 2.5}
SMALL_HEADING_LINES = 2.0
#: Lines a chart (the full width, about 0.6 of it high) and its caption take.
FIGURE_LINES = 23.0
#: Lines of a heading's content that must follow it on its page.
FOLLOWING_LINES = 2
#: How the parts of a volume begin (see the LaTeX preamble).
CHAPTER = "\\dmreportchapter"
INVISIBLE = (
    nodes.target,
    nodes.comment,
    nodes.substitution_definition,
    nodes.system_message,
    nodes.raw,
    addnodes.index,
)


def latex(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _cell(children: Iterable[nodes.Node], **attributes: Any) -> nodes.entry:
    entry = nodes.entry(**attributes)
    entry.extend(child.deepcopy() for child in children)
    return entry


def print_table(table: nodes.table) -> nodes.table:
    """A month's milestone table laid out for print: one row of narrow cells
    per record, then its explanation across the row, kept on one page."""
    names = [title for title, _ in COLUMNS]
    old = next(iter(table.findall(nodes.tbody)))
    printed = nodes.table(classes=["dmreport-milestones", "longtable", "colwidths-given"])
    printed["classes"].append("nocolorrows")
    printed.source, printed.line = table.source, table.line
    group = nodes.tgroup(cols=len(PRINT_COLUMNS))
    printed += group
    for _, width in PRINT_COLUMNS:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += nodes.row("", *(_cell([nodes.paragraph(text=t)]) for t, _ in PRINT_COLUMNS))
    below = _cell([latex(r"\dmreportexplanation"), nodes.paragraph(text="Explanation")])
    below["morecols"] = len(PRINT_COLUMNS) - 1
    head += nodes.row("", below)
    group += head
    body = nodes.tbody()
    group += body
    rows = list(old.findall(nodes.row))
    for number, row in enumerate(rows):
        cells = dict(zip(names, row.children, strict=True))
        body += nodes.row(
            "",
            *(_cell(cells[name].children) for name in ("Milestone", "Title", "Dates", "Status")),
        )
        explanation = cells["Explanation"]
        if explanation.astext().strip() not in ("", "—"):
            body += latex(r"\nopagebreak")
            text = _cell([latex(r"\dmreportexplanation"), *explanation.children])
            text["morecols"] = len(PRINT_COLUMNS) - 1
            body += nodes.row("", text)
        if number + 1 < len(rows):
            body += latex(r"\sphinxmidrule")
    return printed


class MilestoneTablesForPrint(SphinxPostTransform):
    """Lay the month's milestone tables out for the page."""

    default_priority = 200
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for table in list(self.document.findall(nodes.table)):
            if "dmreport-milestones" in table["classes"] and "nocolorrows" not in table["classes"]:
                table.replace_self(print_table(table))


# -- headings kept with their content ------------------------------------------


def _text_lines(text: str, chars: float = LINE_CHARS) -> int:
    return max(1, math.ceil(len(" ".join(text.split())) / max(chars, 1)))


def _row_lines(row: nodes.row, widths: Sequence[float]) -> float:
    tallest, column = 1.0, 0
    for entry in (child for child in row.children if isinstance(child, nodes.entry)):
        span = int(entry.get("morecols", 0)) + 1
        chars = LINE_CHARS * sum(widths[column : column + span]) - 2
        paragraphs = [p.astext() for p in entry.findall(nodes.paragraph)] or [entry.astext()]
        tallest = max(tallest, sum(_text_lines(p, chars) for p in paragraphs))
        column += span
    return tallest


def table_lines(table: nodes.table) -> float:
    """Lines the table's head and first record take (a record of a
    milestone table is two rows, which stay together)."""
    group = next(iter(table.findall(nodes.tgroup)))
    specs = [float(spec.get("colwidth", 1)) for spec in group.findall(nodes.colspec)]
    total = sum(specs)
    widths = (
        [width / total for width in specs]
        if total > 0
        else [1.0 / max(len(specs), 1)] * max(len(specs), 1)
    )
    head = next(iter(group.findall(nodes.thead)), None)
    lines = 2.0 + sum(_row_lines(row, widths) for row in head.findall(nodes.row)) if head else 2.0
    body = next(iter(group.findall(nodes.tbody)), None)
    rows = list(body.findall(nodes.row)) if body else []
    first = rows[:2] if "dmreport-milestones" in table["classes"] else rows[:1]
    return lines + sum(_row_lines(row, widths) + 0.5 for row in first)


def _visible(children: Iterable[nodes.Node]) -> Iterable[nodes.Node]:
    for child in children:
        if isinstance(child, addnodes.start_of_file):
            yield from _visible(child.children)
        elif not isinstance(child, INVISIBLE) and not isinstance(child, nodes.title):
            yield child


def _blocks(children: Iterable[nodes.Node]) -> Iterator[tuple[str, float]]:
    """What follows in print, block by block: ("heading", lines), ("text",
    lines) or ("whole", lines) for a table's first record or a chart, which
    cannot be split."""
    for child in _visible(children):
        if isinstance(child, nodes.section):
            yield "heading", HEADING_LINES.get(_level(child), SMALL_HEADING_LINES)
            yield from _blocks(child.children)
        elif isinstance(child, nodes.table):
            yield "whole", table_lines(child)
        elif isinstance(child, nodes.figure | nodes.image):
            yield "whole", FIGURE_LINES
        elif isinstance(child, nodes.raw) and child.astext().startswith(CHAPTER):
            return  # the next part of a volume starts a page
        else:
            yield "text", float(_text_lines(child.astext()))


def _after(section: nodes.section) -> Iterator[tuple[str, float]]:
    """The blocks after a heading: its content, then whatever follows it."""
    yield from _blocks(section.children)
    node: nodes.Node = section
    while node.parent is not None:
        parent = node.parent
        yield from _blocks(parent.children[parent.index(node) + 1 :])
        node = parent


def section_lines(section: nodes.section) -> float:
    """Lines a heading needs on its page: itself, any headings right after
    it, and then two lines of text (or a table's first record, or a chart)."""
    lines = HEADING_LINES.get(_level(section), SMALL_HEADING_LINES)
    text = 0.0
    for kind, height in _after(section):
        if kind == "heading":
            lines += height
        elif kind == "whole":
            return lines + height
        else:
            taken = min(height, FOLLOWING_LINES - text)
            lines, text = lines + taken + 0.5, text + taken
            if text >= FOLLOWING_LINES:
                break
    return lines


def _level(section: nodes.section) -> int:
    """1 for the document's top headings (``\\section``), 2 below them, ..."""
    level, parent = 0, section.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            level += 1
        parent = parent.parent
    return level


def _follows_heading(node: nodes.Node) -> bool:
    """Whether nothing but a heading comes before ``node`` (in print)."""
    parent = node.parent
    if parent is None:
        return True
    before = parent.children[: parent.index(node)]
    for sibling in reversed(before):
        if isinstance(sibling, nodes.raw) and sibling.astext().startswith(CHAPTER):
            return True  # a part of a volume
        if isinstance(sibling, nodes.title):
            return True
        if not isinstance(sibling, INVISIBLE):
            return False
    return isinstance(parent, nodes.document) or _follows_heading(parent)


def keep_headings_with_content(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved`` (LaTeX, once the aggregates are filled in):
    ``\\needspace`` before every heading for it and what must follow it.

    A heading right after another is not given one: TeX could break the page
    there, between the two; the first heading's space covers both."""
    if app.builder.format != "latex":
        return
    # A page's top heading, inlined from its file: Sphinx gives the file's
    # nodes to a start_of_file without making it their parent.
    tops = {
        id(child): start
        for start in doctree.findall(addnodes.start_of_file)
        for child in start.children
        if isinstance(child, nodes.section) and child.parent is not start
    }
    for section in list(doctree.findall(nodes.section)):
        level = _level(section)
        parent = section.parent
        start = tops.get(id(section))
        if start is not None and not _follows_heading(start):
            lines = math.ceil(section_lines(section) + HEADING_LINES[1] - SMALL_HEADING_LINES) + 1
            start.insert(start.index(section), latex(rf"\needspace{{{lines}\baselineskip}}"))
            continue
        if level < 1 or parent is None or _follows_heading(section):
            continue
        lines = math.ceil(section_lines(section)) + 1
        parent.insert(parent.index(section), latex(rf"\needspace{{{lines}\baselineskip}}"))


class EmptyReferencesSections(SphinxPostTransform):
    """In LaTeX every citation goes to one bibliography at the end, so the
    per-page References sections are empty there: drop them."""

    default_priority = 780  # once Sphinx has gathered the citations (750)
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for section in list(self.document.findall(nodes.section)):
            body = list(section.children[1:])
            if section[0].astext() == "References" and not any(
                child.astext().strip() for child in body
            ):
                section.parent.remove(section)
