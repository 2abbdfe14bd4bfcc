"""Pictures of a source: kept as a raster the site shows, named by content
(a :class:`~.blocks.Picture`), placed as figures where they stood, with
their captions.

A reader turns each picture it meets into a ``picture`` block; a picture in
a format the site cannot show (EMF, WMF, SVG) is a dropped line of the
import report instead. :func:`attach_captions` then joins each picture and
the caption beside it ("Figure 3: ..."), so the figure carries its text.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

from PIL import Image

from ..checks.gate import IMAGES_DIR, MAX_PIXELS, image_kind
from .blocks import Block, Picture

#: File name suffix of each raster format the site shows.
SUFFIXES = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "WebP": ".webp"}
#: A picture the importer wrote: its name is its content's hash.
WRITTEN_NAME = re.compile(r"[0-9a-f]{16}\.(?:png|jpg|gif|webp)")
#: A caption as reports write it: "Figure 3: ...", "Fig. 2 - ...", "Photo 1. ...".
CAPTION = re.compile(
    r"^(?:figure|fig\.?|photo(?:graph)?|image|plate|chart|plot|picture)\s*\d+[a-z]?\s*[:.–—-]",
    re.I,
)


def picture_of(data: bytes, alt: str = "") -> Picture | None:
    """``data`` as a picture the site shows: as it is when it is a complete
    PNG, JPEG, GIF or WebP with nothing else in it, else re-encoded as PNG
    (any format Pillow reads; metadata left behind). None if unreadable."""
    alt = " ".join(alt.split())
    kind = image_kind(data)
    if kind is not None:
        return Picture(data, SUFFIXES[kind], alt)
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.width * image.height > MAX_PIXELS:
                image.thumbnail((4000, 4000))
            mode = "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            out = io.BytesIO()
            image.convert(mode).save(out, "PNG", optimize=True)
    except Exception:  # any failure to read: a format Pillow does not know
        return None
    return Picture(out.getvalue(), ".png", alt)


def is_caption(block: Block) -> bool:
    """A paragraph that captions the picture beside it."""
    return block.kind == "para" and (block.caption or bool(CAPTION.match(block.text.lstrip("*_ "))))


def attach_captions(blocks: list[Block]) -> list[Block]:
    """Each picture with its caption: the paragraph just after it (or just
    before it, when only that one reads as a caption) becomes its text."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind != "picture":
            out.append(block)
            index += 1
            continue
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        before = out[-1] if out else None
        if after is not None and is_caption(after):
            block.text, block.joined = after.text, [*block.joined, after.line]
            index += 1
        elif before is not None and is_caption(before) and before.line not in _captioned(out):
            out.pop()
            block.text, block.joined = before.text, [*block.joined, before.line]
        out.append(block)
        index += 1
    return out


def _captioned(blocks: list[Block]) -> set[int]:
    return {line for block in blocks if block.kind == "picture" for line in block.joined}


def written_pictures(folder: Path) -> set[str]:
    """Pictures under a month's ``_images/`` that an import wrote: named
    by their own content."""
    images = folder / IMAGES_DIR
    if not images.is_dir():
        return set()
    return {
        f"{IMAGES_DIR}/{path.name}"
        for path in images.iterdir()
        if path.is_file()
        and not path.is_symlink()
        and WRITTEN_NAME.fullmatch(path.name)
        and hashlib.sha256(path.read_bytes()).hexdigest()[:16] == path.stem
    }
