"""A Word document's package, opened with python-docx: the main part's XML,
hyperlink targets, the styles, numbering and footnotes parts, alternative
chunks and pictures by relationship id; and the parts that cannot be read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError

from ...core.errors import DmreportError
from .docx_styles import W

RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


@dataclass(frozen=True)
class Chunk:
    content_type: str
    data: bytes
    name: str


@dataclass
class Package:
    """The main part's XML, its hyperlink targets, its other parts by type,
    its alternative chunks and its pictures by relationship id."""

    main: bytes
    targets: dict[str, str]
    parts: dict[str, bytes]
    chunks: dict[str, Chunk]
    images: dict[str, tuple[str, bytes]]


def open_package(path: Path) -> Package:
    """The document's package, read."""
    if not path.is_file():
        raise DmreportError("file not found", path=path)
    try:
        document = docx.Document(str(path))
        part = document.part
        targets: dict[str, str] = {}
        parts: dict[str, bytes] = {}
        chunks: dict[str, Chunk] = {}
        images: dict[str, tuple[str, bytes]] = {}
        for rid, rel in part.rels.items():
            kind = rel.reltype.removeprefix(RELATIONSHIP)
            if rel.is_external:
                targets[rid] = rel.target_ref
            elif kind in ("styles", "numbering", "footnotes"):
                parts[kind] = rel.target_part.blob
            elif kind == "aFChunk":
                target = rel.target_part
                chunks[rid] = Chunk(target.content_type, target.blob, str(target.partname))
            elif kind == "image":
                images[rid] = (rel.target_part.content_type, rel.target_part.blob)
        return Package(part.blob, targets, parts, chunks, images)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, SyntaxError) as exc:
        raise DmreportError(
            f"not a readable Word document: {exc}",
            path=path,
            fix="open it in Word or LibreOffice and save it again as .docx",
        ) from None


def refuse_objects(body: ET.Element, path: Path) -> None:
    """Embedded OLE objects hold content the importer cannot read."""
    objects = sum(1 for _ in body.iter(W + "object"))
    if objects:
        raise DmreportError(
            f"the document embeds {objects} object(s) (OLE: a spreadsheet, a drawing, another "
            "document) whose content cannot be read",
            path=path,
            fix="in Word, paste each object's text or save it as a picture, then import again",
        )
