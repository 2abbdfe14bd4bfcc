"""Write a parsed export as the month's MyST pages (Jinja templates)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from ..registry import WbsRegistry
from .convert import InlineConverter, footnote_definition
from .parse import Block, Export, Page, superscript_number

_templates = Environment(
    loader=PackageLoader("dmreport", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,
)
_templates.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)


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


def _body(page: Page, converter: InlineConverter) -> str:
    converter.footnotes = {
        superscript_number(block.text.split(" ", 1)[0])
        for block in page.blocks
        if block.kind == "footnote"
    }
    cited_before = set(converter.found.citations)
    converter.found.citations = set()
    parts: list[str] = []
    previous: Block | None = None
    for block in page.blocks:
        markdown = _block_markdown(block, converter)
        tight = previous is not None and previous.kind == block.kind == "item"
        parts.append(("\n" if tight else "\n\n") + markdown if parts else markdown)
        previous = block
    body = "".join(parts) + "\n"
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
        body = _body(page, converter)
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
