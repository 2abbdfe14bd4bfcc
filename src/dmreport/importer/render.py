"""The month's pages as MyST text (Jinja templates for the page frames)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..core.ids import Month, month_title
from ..core.registry import WbsRegistry
from ..core.sections import PART_TITLES, STANDARD_PARTS, part_of
from .blocks import Block
from .convert import FOOTNOTE_MARK, TO_DIGITS, InlineConverter, footnote_definition, footnote_number
from .fidelity import written_structure
from .records import Record, Records
from .shape import Page, Structure

_templates = Environment(
    loader=PackageLoader("dmreport", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,
)
_templates.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)

#: Text at a block's start that Markdown would read as syntax of its own.
BLOCK_SYNTAX = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|%|[-*_=](?:\s*[-*_=]){2,}\s*$"
    r"|```|~~~|\||:::|\[\^?[^\]]*\]:|\(.*\)=)"
)
#: What the landing page calls a report whose title block names none.
DEFAULT_NAME = "Vera C. Rubin Observatory Data Management Monthly Report"
#: ``<`` that Markdown would read as the start of raw HTML.
HTML_START = re.compile(r"<(?=[A-Za-z/!?])")


@dataclass
class RenderedPage:
    """One output file: its name, MyST text and where its lines came from."""

    filename: str
    text: str
    title: str
    #: (page line, source line) for each rendered block, in page order.
    origins: list[tuple[int, int]] = field(default_factory=list)
    wbs: str = ""
    #: The structure the page must show: what was rendered, by kind.
    expected: Counter[str] = field(default_factory=Counter)


def _escape(text: str) -> str:
    """Text that Markdown shows as written (no accidental heading, list, HTML)."""
    text = HTML_START.sub(r"\\<", text)
    return "\\" + text if BLOCK_SYNTAX.match(text) else text


def _lines(text: str, indent: str) -> str:
    """A block's kept line breaks as Markdown hard breaks."""
    return text.replace("\n", "\\\n" + indent)


def _table(block: Block, converter: InlineConverter) -> str:
    width = max(len(row) for row in block.rows)
    rows = [
        [converter.convert(cell, block.line).replace("|", "\\|") for cell in row]
        + [""] * (width - len(row))
        for row in block.rows
    ]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines)


def _figure(block: Block, converter: InlineConverter) -> str:
    """A picture as a figure of the month's ``_images/``, with its caption."""
    picture = block.picture
    lines = [f":::{{figure}} {picture.path if picture else ''}"]
    lines.append(f":name: figure-{converter.page}-{block.line}")  # a label unique to the site
    if picture and picture.alt:
        lines.append(f":alt: {json.dumps(picture.alt, ensure_ascii=False)}")
    if block.text:
        lines += ["", _escape(converter.convert(block.text, block.line))]
    return "\n".join([*lines, ":::"])


def block_markdown(block: Block, converter: InlineConverter) -> str:
    """One block as MyST."""
    if block.kind == "picture":
        return _figure(block, converter)
    if block.kind == "heading":
        return "#" * block.level + " " + converter.convert(block.text, block.line)
    if block.kind == "footnote" and footnote_number(block.text) in converter.footnotes:
        return _lines(converter.convert(footnote_definition(block.text), block.line), "    ")
    if block.kind == "table":
        return _table(block, converter)
    text = _escape(converter.convert(block.text, block.line))
    if block.kind == "item":
        indent = "  " * block.level
        marker = f"{block.number or 1}. " if block.ordered else "- "
        return indent + marker + _lines(text, indent + " " * len(marker))
    return _lines(text, "")


#: Ready-made MyST (a milestone record) and the source line it came from.
Made = tuple[str, int]


def _tight(previous: Block | Made | None, item: Block | Made) -> bool:
    return (
        isinstance(previous, Block)
        and isinstance(item, Block)
        and previous.kind == item.kind == "item"
        and previous.ordered == item.ordered
    )


def _kind(block: Block, converter: InlineConverter) -> tuple[str, int]:
    """The kind of structure a block is written as, and how many of it."""
    if block.kind == "footnote":
        written = footnote_number(block.text) in converter.footnotes
        return ("footnotes", 1) if written else ("paragraphs", 1)
    return {
        "heading": ("headings", 1),
        "para": ("paragraphs", 1),
        "item": ("list items", 1),
        "table": ("table rows", len(block.rows)),
        "picture": ("pictures", 1),
    }[block.kind]


def _assemble(
    items: list[Block | Made], converter: InlineConverter, expected: Counter[str]
) -> tuple[str, list[tuple[int, int]]]:
    """Blocks and ready-made MyST joined into a body; origins of its lines.
    Adds what each block is written as to ``expected``."""
    parts: list[str] = []
    origins: list[tuple[int, int]] = []
    line = 1
    previous: Block | Made | None = None
    for item in items:
        if isinstance(item, Block):
            markdown, source = block_markdown(item, converter), item.line
            kind, count = _kind(item, converter)
            expected[kind] += count
        else:
            markdown, source = item
        separator = ("\n" if _tight(previous, item) else "\n\n") if parts else ""
        line += separator.count("\n")
        if source:
            origins.append((line, source))
        parts.append(separator + markdown)
        line += markdown.count("\n")
        previous = item
    return "".join(parts), origins


def _record(record: Record, converter: InlineConverter, expected: Counter[str]) -> Made:
    body, _ = _assemble([*record.body], converter, expected)
    expected["milestone records"] += 1
    text = _templates.get_template("milestone.md.jinja").render(
        id=record.id,
        options={k: v for k, v in record.options.items() if v},
        body=body,
    )
    return text, record.line


def _with_standard_parts(blocks: list[Block]) -> list[Block]:
    """Add the standard sections an export left out, empty, in their place,
    so that every WBS page has the same outline (the site shows an empty
    section as "Nothing reported")."""
    result = list(blocks)
    present = [part_of(b.text) if b.kind == "heading" and b.level == 2 else None for b in result]
    for rank, part in enumerate(STANDARD_PARTS):
        if part in present:
            continue
        later = [i for i, p in enumerate(present) if p in STANDARD_PARTS[rank + 1 :]]
        at = later[0] if later else len(result)
        result.insert(at, Block("heading", PART_TITLES[part], 0, 2))
        present.insert(at, part)
    return result


def _body(
    page: Page, converter: InlineConverter, records: Records | None, expected: Counter[str]
) -> tuple[str, list[tuple[int, int]]]:
    marked = {
        mark["mark"].translate(TO_DIGITS)
        for block in page.blocks
        if block.kind != "footnote"
        for mark in FOOTNOTE_MARK.finditer(block.text)
    }
    converter.footnotes = {
        footnote_number(block.text) for block in page.blocks if block.kind == "footnote"
    } & marked
    cited_before = set(converter.found.citations)
    converter.found.citations = set()
    items: list[Block | Made] = []
    if records is not None:
        items = [
            _record(i, converter, expected) if isinstance(i, Record) else i for i in records.items
        ]
    else:
        items = [*_with_standard_parts(page.blocks)] if page.wbs else [*page.blocks]
    body, origins = _assemble(items, converter, expected)
    body += "\n"
    added: list[str] = []
    if records is not None:
        added.append(_templates.get_template("milestone-trend.md.jinja").render())
    if converter.found.citations:
        added.append(_templates.get_template("references.md.jinja").render())
    for text in added:
        body += "\n" + text
        expected.update(written_structure(text))
    converter.found.citations |= cited_before
    return body, origins


def render_month(
    structure: Structure,
    month: str,
    wbs: WbsRegistry,
    converter: InlineConverter,
    records: Records | None = None,
    status: str = "published",
) -> list[RenderedPage]:
    """All pages of the month, the landing page first, in reading order."""
    pages: list[RenderedPage] = []
    wbs_pages: list[str] = []
    for page in structure.pages:
        converter.page = f"{month}-{page.stem}"
        expected: Counter[str] = Counter()
        body, origins = _body(
            page, converter, records if page.stem == "milestones" else None, expected
        )
        if page.wbs:
            stem = wbs.by_code[page.wbs].slug or page.stem
            wbs_pages.append(stem)
            text = _templates.get_template("wbs-page.md.jinja").render(
                wbs=page.wbs, title=page.title, body=body
            )
        else:
            stem, text = page.stem, body
        offset = text[: text.find(body)].count("\n") if body in text else 0
        shifted = [(line + offset, source) for line, source in origins]
        pages.append(RenderedPage(f"{stem}.md", text, page.title, shifted, page.wbs, expected))
    title = month_title(month)
    shown: Counter[str] = Counter()
    cover = [Block("para", b.text, b.line) if b.kind == "heading" else b for b in structure.cover]
    converter.page = f"{month}-index"
    cover_text, cover_origins = _assemble(list(cover), converter, shown)
    landing = _templates.get_template("month-index.md.jinja").render(
        month=month,
        month_title=title,
        report_name=structure.name or DEFAULT_NAME,
        status=status,
        parts=[p.filename[:-3] for p in pages if p.filename[:-3] not in wbs_pages],
        wbs_pages=wbs_pages,
        completeness=completeness(structure, wbs),
        issued=_issued(structure.facts, month, status),
        facts={k: v for k, v in structure.facts.items() if k != "issued"},
        cover=cover_text,
    )
    offset = landing[: landing.find(cover_text)].count("\n") if cover_text else 0
    shifted = [(line + offset, source) for line, source in cover_origins]
    return [RenderedPage("index.md", landing, title, shifted, "", shown), *pages]


def _issued(facts: dict[str, str], month: str, status: str) -> str:
    """A published month's date of issue: the one its cover gives, else the
    month's last day (the date a report was due); none for a draft."""
    if "issued" in facts:
        return facts["issued"]
    if status != "published":
        return ""
    return Month.parse(month).last_day.isoformat()


def completeness(structure: Structure, wbs: WbsRegistry) -> str:
    """How much of the report survives: ``summary-only`` (no WBS page, no
    milestones), ``partial`` (a part or most WBS pages missing) or ``full``."""
    stems = {page.stem for page in structure.pages}
    elements = {page.wbs for page in structure.pages if page.wbs}
    if not elements and "milestones" not in stems:
        return "summary-only"
    with_pages = [element for element in wbs.elements if element.slug]
    if "summary" not in stems or len(elements) * 2 < len(with_pages):
        return "partial"
    return "full"
