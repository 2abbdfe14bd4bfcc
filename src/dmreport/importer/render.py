"""Write a parsed export as the month's MyST pages (Jinja templates)."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..core.milestones import parse_date
from ..core.registry import WbsRegistry
from ..core.sections import PART_TITLES, STANDARD_PARTS, part_of
from .convert import InlineConverter, footnote_definition
from .parse import MILESTONE_LINE, Block, Export, Page, superscript_number

_templates = Environment(
    loader=PackageLoader("dmreport", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,
)
_templates.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)


ISO_DUE = re.compile(r"^(?:Due\s+)?(?P<date>\d{4}-\d{2}-\d{2})$")
COMPLETION = re.compile(r"^Completion date\b.*?:\s*(?P<date>\S+)$")


@dataclass
class RenderedPage:
    """One output file: its name and MyST text."""

    filename: str
    text: str
    title: str


def _block_markdown(block: Block, converter: InlineConverter) -> str:
    if block.kind == "heading":
        return "#" * block.level + " " + converter.convert(block.text, block.line)
    if block.kind == "footnote":
        return converter.convert(footnote_definition(block.text), block.line)
    text = converter.convert(block.text, block.line)
    if block.kind == "item":
        return "  " * block.level + "- " + text
    return text


def _milestone_groups(
    page: Page, wbs: WbsRegistry, converter: InlineConverter
) -> list[Block | str]:
    """The Milestone Summary's records as ``milestone`` directives.

    A record is a milestone heading and the paragraphs up to the next
    heading. A due-date line written as an ISO date becomes the ``due``
    option (the directive shows it as "Due <date>"); other date lines, such
    as "Completion date (as reported in PMCS): 1/31/20", are parsed into an
    option and also kept, word for word, in the explanation.
    """
    out: list[Block | str] = []
    status = ""
    area_wbs: str | None = None
    index = 0
    blocks = page.blocks
    while index < len(blocks):
        block = blocks[index]
        index += 1
        if block.kind == "heading" and block.level == 2:
            status = "completed" if "complete" in block.text.lower() else "delayed"
            area_wbs = None
        if block.kind != "heading" or not MILESTONE_LINE.match(block.text):
            if block.kind == "heading" and block.level == 3:
                area_wbs = wbs.code_for_title(block.text)
            out.append(block)
            continue
        match = MILESTONE_LINE.match(block.text)
        assert match is not None
        body: list[Block] = []
        while index < len(blocks) and blocks[index].kind != "heading":
            body.append(blocks[index])
            index += 1
        options = {
            "title": match["title"].strip(),
            "status": status or "delayed",
            "wbs": area_wbs or wbs.code_for_milestone(match["id"]) or "",
        }
        if body and body[0].kind == "para" and (due := ISO_DUE.match(body[0].text)):
            options["due"] = due["date"]
            body = body[1:]
        for para in body:
            if completion := COMPLETION.match(para.text):
                with contextlib.suppress(ValueError):  # kept as text in the body
                    options["completed"] = parse_date(completion["date"]).isoformat()
        out.append(
            _templates.get_template("milestone.md.jinja").render(
                id=match["id"],
                options={k: v for k, v in options.items() if v},
                body=_join(body, converter),
            )
        )
    return out


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


def _join(blocks: list[Block], converter: InlineConverter) -> str:
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        markdown = _block_markdown(block, converter)
        tight = previous is not None and previous.kind == block.kind == "item"
        parts.append(("\n" if tight else "\n\n") + markdown if parts else markdown)
        previous = block
    return "".join(parts)


def _body(page: Page, converter: InlineConverter, wbs: WbsRegistry) -> str:
    converter.footnotes = {
        superscript_number(block.text.split(" ", 1)[0])
        for block in page.blocks
        if block.kind == "footnote"
    }
    cited_before = set(converter.found.citations)
    converter.found.citations = set()
    items: list[Block | str] = (
        _milestone_groups(page, wbs, converter)
        if page.stem == "milestones"
        else [*_with_standard_parts(page.blocks)]
        if page.wbs
        else [*page.blocks]
    )
    parts: list[str] = []
    previous: Block | str | None = None
    for item in items:
        markdown = item if isinstance(item, str) else _block_markdown(item, converter)
        tight = (
            isinstance(previous, Block)
            and isinstance(item, Block)
            and previous.kind == item.kind == "item"
        )
        parts.append(("\n" if tight else "\n\n") + markdown if parts else markdown)
        previous = item
    body = "".join(parts) + "\n"
    if page.stem == "milestones":
        body += "\n" + _templates.get_template("milestone-trend.md.jinja").render()
    if converter.found.citations:
        body += "\n" + _templates.get_template("references.md.jinja").render()
    converter.found.citations |= cited_before
    return body


def render_month(
    export: Export,
    month: str,
    wbs: WbsRegistry,
    converter: InlineConverter,
    status: str = "published",
) -> list[RenderedPage]:
    """All pages of the month, the landing page first, in reading order."""
    pages: list[RenderedPage] = []
    wbs_pages: list[str] = []
    for page in export.pages:
        body = _body(page, converter, wbs)
        if page.wbs:
            element = wbs.by_code[page.wbs]
            assert element.slug is not None
            stem = element.slug
            wbs_pages.append(stem)
            text = _templates.get_template("wbs-page.md.jinja").render(
                wbs=page.wbs, title=page.title, body=body
            )
        else:
            stem = page.stem
            text = body
        pages.append(RenderedPage(f"{stem}.md", text, page.title))
    landing = _templates.get_template("month-index.md.jinja").render(
        month=month,
        month_title=export.month_line or month,
        status=status,
        parts=[p.filename[:-3] for p in pages if p.filename[:-3] not in wbs_pages],
        wbs_pages=wbs_pages,
    )
    return [RenderedPage("index.md", landing, export.month_line), *pages]
