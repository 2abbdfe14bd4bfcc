"""How much of each kind of structure the source had, and where it went:
WBS elements, sections, sub-elements, headings, paragraphs, list items,
table rows, footnotes and milestone records, page by page. A page that does
not show what was rendered on it stops the import."""

from __future__ import annotations

from collections import Counter

from .blocks import Reading
from .fidelity import KINDS, written_structure
from .records import Record, Records
from .render import RenderedPage
from .report import Tally
from .shape import Structure, located
from .vocabulary import MILESTONE_LINE

#: The kind of structure each kind of block is.
BLOCK_KINDS = {
    "heading": "headings",
    "para": "paragraphs",
    "item": "list items",
    "footnote": "footnotes",
    "table": "table rows",
    "picture": "pictures",
}


def structure_tally(
    reading: Reading, shape: Structure, pages: list[RenderedPage], records: Records | None
) -> list[Tally]:
    """Every kind of structure found, where it went; refuse a page that does
    not show what was rendered on it."""
    where: dict[str, dict[str, int]] = {kind: {} for kind in KINDS}
    for rendered in pages[1:]:
        shown = written_structure(rendered.text)
        for kind in KINDS:
            if shown[kind] != rendered.expected[kind]:
                line = rendered.origins[0][1] if rendered.origins else 0
                raise located(
                    reading,
                    line,
                    f"the page {rendered.filename} shows {shown[kind]} {kind} where "
                    f"{rendered.expected[kind]} were written",
                    "this is a bug in the importer; the month was not written",
                )
            where[kind][rendered.filename] = shown[kind]
    found: Counter[str] = Counter()
    for page in shape.pages:
        for block in page.blocks:
            if block.kind == "table":
                found["table rows"] += len(block.rows)
            elif (
                block.kind == "heading"
                and page.stem == "milestones"
                and MILESTONE_LINE.match(block.text)
            ):
                found["milestone records"] += 1
            else:
                found[BLOCK_KINDS[block.kind]] += 1
    notes = {kind: "" for kind in KINDS}
    written = {kind: sum(where[kind].values()) for kind in KINDS}
    if records is not None:
        table_records = (
            sum(1 for item in records.items if isinstance(item, Record))
            - found["milestone records"]
        )
        if table_records:
            found["milestone records"] += table_records
            notes["table rows"] = (
                f"{table_records} became milestone records, the others headers or wrapped cells"
            )
        if records.dates:
            notes["paragraphs"] = f"{len(records.dates)} became milestone due dates"
    extra = _sub_headings(shape, pages)
    if written["headings"] > found["headings"]:
        notes["headings"] = f"{written['headings'] - found['headings']} added by the site's layout"
    return [*extra, *(Tally(kind, found[kind], where[kind], notes[kind]) for kind in KINDS)]


def _sub_headings(shape: Structure, pages: list[RenderedPage]) -> list[Tally]:
    """WBS elements, sub-elements and standard sections, and their pages."""
    where: dict[str, dict[str, int]] = {"WBS elements": {}, "sub-elements": {}, "sections": {}}
    for page, rendered in zip(shape.pages, pages[1:], strict=True):
        for block in page.blocks:
            if block.kind != "heading" or not page.wbs:
                continue
            kind = (
                "WBS elements"
                if block.level == 1
                else "sub-elements"
                if block.code
                else "sections"
                if block.level == 2
                else ""
            )
            if kind:
                where[kind][rendered.filename] = where[kind].get(rendered.filename, 0) + 1
    return [Tally(kind, sum(found.values()), found) for kind, found in where.items()]
