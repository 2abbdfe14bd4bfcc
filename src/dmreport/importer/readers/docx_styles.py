"""What a Word document's styles and numbering say about a paragraph.

``word/styles.xml`` gives each paragraph style a name (``heading 2``,
``List Bullet 2``), an outline level, list numbering and run emphasis, each
possibly inherited through ``basedOn``; ``word/numbering.xml`` says whether
a list level is bulleted or numbered.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FALSE_VALUES = ("0", "false", "off", "none")
HEADING_NAME = re.compile(r"^heading (?P<level>\d)$", re.I)
LIST_NAME = re.compile(r"^List (?P<kind>Bullet|Number)(?: (?P<depth>\d))?$", re.I)
TITLE_NAMES = ("title", "subtitle")


def attr(element: ET.Element | None, name: str, default: str = "") -> str:
    """A ``w:`` attribute of ``element`` (``default`` when either is absent)."""
    if element is None:
        return default
    return element.get(W + name, default)


def switched_on(element: ET.Element | None) -> bool:
    """Whether a toggle property such as ``<w:b/>`` is present and not off."""
    return element is not None and attr(element, "val", "1").lower() not in FALSE_VALUES


@dataclass(frozen=True)
class Numbering:
    """A paragraph's list numbering: which list, at which depth."""

    num_id: str
    level: int


@dataclass(frozen=True)
class Listed:
    """A list paragraph: its depth, whether numbered, and which list."""

    depth: int
    ordered: bool
    list_id: str


@dataclass
class Style:
    """One style's own settings (``None`` = not set here, ask ``basedOn``)."""

    name: str
    based_on: str = ""
    outline: int | None = None
    numbering: Numbering | None = None
    bold: bool | None = None
    italic: bool | None = None


def numbering_of(ppr: ET.Element | None) -> Numbering | None:
    """``w:numPr`` of a paragraph's or a style's properties."""
    num = ppr.find(W + "numPr") if ppr is not None else None
    if num is None:
        return None
    level = attr(num.find(W + "ilvl"), "val", "0")
    return Numbering(attr(num.find(W + "numId"), "val", "0"), int(level) if level.isdigit() else 0)


def _toggle(rpr: ET.Element | None, tag: str) -> bool | None:
    if rpr is None or rpr.find(W + tag) is None:
        return None
    return switched_on(rpr.find(W + tag))


@dataclass
class StyleSheet:
    """The styles and list definitions of one document."""

    styles: dict[str, Style] = field(default_factory=dict)
    #: (numId, level) of numbered (not bulleted) list levels.
    ordered: set[tuple[str, int]] = field(default_factory=set)
    #: numIds whose list definition is known.
    known: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, styles_xml: bytes | None, numbering_xml: bytes | None) -> StyleSheet:
        sheet = cls()
        if styles_xml:
            for element in ET.fromstring(styles_xml).iter(W + "style"):
                ppr, rpr = element.find(W + "pPr"), element.find(W + "rPr")
                outline = attr(ppr.find(W + "outlineLvl") if ppr is not None else None, "val")
                sheet.styles[attr(element, "styleId")] = Style(
                    name=attr(element.find(W + "name"), "val"),
                    based_on=attr(element.find(W + "basedOn"), "val"),
                    outline=int(outline) if outline.isdigit() else None,
                    numbering=numbering_of(ppr),
                    bold=_toggle(rpr, "b"),
                    italic=_toggle(rpr, "i"),
                )
        if numbering_xml:
            sheet._parse_numbering(ET.fromstring(numbering_xml))
        return sheet

    def _parse_numbering(self, root: ET.Element) -> None:
        formats: dict[str, dict[int, str]] = {}
        for abstract in root.iter(W + "abstractNum"):
            levels = formats.setdefault(attr(abstract, "abstractNumId"), {})
            for lvl in abstract.iter(W + "lvl"):
                ilvl = attr(lvl, "ilvl", "0")
                levels[int(ilvl) if ilvl.isdigit() else 0] = attr(lvl.find(W + "numFmt"), "val")
        for num in root.iter(W + "num"):
            num_id = attr(num, "numId")
            self.known.add(num_id)
            for level, fmt in formats.get(attr(num.find(W + "abstractNumId"), "val"), {}).items():
                if fmt and fmt not in ("bullet", "none"):
                    self.ordered.add((num_id, level))

    def chain(self, style_id: str) -> list[Style]:
        """The style and the styles it is based on, nearest first."""
        found: list[Style] = []
        while style_id in self.styles and len(found) < 20:
            style = self.styles[style_id]
            found.append(style)
            style_id = style.based_on
        return found

    def heading_level(self, style_id: str) -> int | None:
        """1.. for headings, 0 for a title, None for other paragraphs."""
        for style in self.chain(style_id):
            match = HEADING_NAME.match(style.name)
            if match:
                return int(match["level"])
            if style.name.lower() in TITLE_NAMES:
                return 0
            if style.outline is not None and style.outline < 9:
                return style.outline + 1
        return None

    def list_of(self, style_id: str, own: Numbering | None) -> Listed | None:
        """Where a list paragraph sits, or None if it is not in a list."""
        chain = self.chain(style_id)
        named = next((LIST_NAME.match(s.name) for s in chain if LIST_NAME.match(s.name)), None)
        numbering = own or next((s.numbering for s in chain if s.numbering), None)
        if numbering is not None and numbering.num_id == "0":
            return None
        by_name = named is not None and named["kind"].lower() == "number"
        if own is None and named is not None:
            list_id = numbering.num_id if numbering else style_id
            return Listed(int(named["depth"] or 1) - 1, by_name, list_id)
        if numbering is None:
            return None
        ordered = (numbering.num_id, numbering.level) in self.ordered
        if numbering.num_id not in self.known:
            ordered = by_name
        return Listed(numbering.level, ordered, numbering.num_id)

    def emphasis(self, style_id: str) -> tuple[bool, bool]:
        """(bold, italic) a paragraph or character style gives its runs."""
        bold = italic = None
        for style in self.chain(style_id):
            bold = style.bold if bold is None else bold
            italic = style.italic if italic is None else italic
        return bool(bold), bool(italic)
