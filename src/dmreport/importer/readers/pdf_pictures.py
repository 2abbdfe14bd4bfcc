"""A PDF page's pictures: embedded figures and raster images, and vector
drawings (a chart drawn with lines and curves), each rendered to PNG from
its box on the page, so what the reader saw is what the month keeps."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pdfplumber.page import Page

Box = tuple[float, float, float, float]

#: Resolution a picture is rendered at (dots per inch).
RESOLUTION = 150
#: A picture's box is at least this wide and tall (points): smaller is a rule or a bullet.
SMALLEST = 16.0
#: A vector drawing has this many curves at least...
CURVES = 8
#: ...within this distance (points) of each other...
NEAR = 6.0
#: ...and covers this share of the page at least.
DRAWING_AREA = 0.01
#: Pictures in the top or bottom tenth of a page may be running headers.
BAND = 0.1
#: A drawing's labels: lines of this many words at most, this far beside it
#: (points; axis titles stand to the left, ticks and legends below).
LABEL_WORDS = 6
LABEL_SIDE = 40.0
LABEL_BELOW = 16.0
#: Points around a picture's box rendered with it.
MARGIN = 3.0
#: A stroke or drawing this share of the page or more is a background or a border.
LARGEST = 0.6


@dataclass
class PictureArea:
    """A picture on a page: where it stands and its pixels as PNG."""

    page: int
    top: float
    box: Box
    data: bytes
    #: In the page's top or bottom band (a logo in the running header, say).
    edge: bool = False


def _box(item: dict[str, Any]) -> Box:
    return (float(item["x0"]), float(item["top"]), float(item["x1"]), float(item["bottom"]))


def _inside(inner: Box, outer: Box) -> bool:
    return (
        inner[0] >= outer[0] - 1
        and inner[1] >= outer[1] - 1
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
    )


def _near(a: Box, b: Box) -> bool:
    return a[0] - NEAR < b[2] and b[0] - NEAR < a[2] and a[1] - NEAR < b[3] and b[1] - NEAR < a[3]


def _union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def drawings(curves: list[Box], area: float) -> list[Box]:
    """Boxes of clusters of curves large enough to be a drawing."""
    clusters: list[tuple[Box, int]] = []
    for box in sorted(curves, key=lambda b: (b[1], b[0])):
        merged, count = box, 1
        rest: list[tuple[Box, int]] = []
        for other, number in clusters:
            if _near(merged, other):
                merged, count = _union(merged, other), count + number
            else:
                rest.append((other, number))
        clusters = [*rest, (merged, count)]
    return [
        box
        for box, count in clusters
        if count >= CURVES and (box[2] - box[0]) * (box[3] - box[1]) >= DRAWING_AREA * area
    ]


def drawing_boxes(page: Page, figures: list[Box], tables: list[Box]) -> list[Box]:
    """Boxes of the charts drawn on ``page`` outside its figures and tables,
    with their strokes (axes, ticks, grid, frame)."""

    def free(items: list[dict[str, Any]]) -> list[Box]:
        boxes = [_box(item) for item in items]
        return [b for b in boxes if not any(_inside(b, known) for known in [*figures, *tables])]

    area = float(page.width) * float(page.height)
    found = drawings(free(page.curves), area)
    # Its axes, ticks, grid and frame; never a page's background or border.
    strokes = [s for s in free([*page.lines, *page.rects]) if _area(s) < LARGEST * area]
    grown: list[Box] = []
    for curves in found:
        box = curves
        while near := [s for s in strokes if _near(box, s) and not _inside(s, box)]:
            for stroke in near:
                box = _union(box, stroke)
            strokes = [s for s in strokes if s not in near]
        grown.append(box if _area(box) < LARGEST * area else curves)
    return grown


def _area(box: Box) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])


def with_labels(drawing: Box, labels: list[tuple[Box, int]]) -> Box:
    """A drawing's box grown to take in its labels: short lines of text
    (``(box, words with a letter)``) inside it or just beside it (axis
    titles, ticks, legend), and a label beside those (an axis title under
    its ticks)."""
    grown, left = drawing, [label for label in labels if label[1] <= LABEL_WORDS]
    for _ in range(2):
        near = grown
        taken = [
            (box, words)
            for box, words in left
            if box[0] < near[2] + LABEL_SIDE
            and near[0] - LABEL_SIDE < box[2]
            and box[1] < near[3] + LABEL_BELOW
            and near[1] - LABEL_BELOW < box[3]
        ]
        for box, _ in taken:
            grown = _union(grown, box)
        left = [label for label in left if label not in taken]
    return grown


def page_pictures(page: Page, number: int, figures: list[Box]) -> list[PictureArea]:
    """The pictures of ``page``: its figures and drawn charts (``figures``)
    and the images outside them, top to bottom."""
    boxes = list(figures)
    for image in page.images:
        box = _box(image)
        if not any(_inside(box, known) for known in boxes):
            boxes.append(box)
    height = float(page.height)
    found: list[PictureArea] = []
    for box in boxes:
        clipped = (  # with a margin: a glyph's ink can pass its box
            max(box[0] - MARGIN, 0.0),
            max(box[1] - MARGIN, 0.0),
            min(box[2] + MARGIN, float(page.width)),
            min(box[3] + MARGIN, height),
        )
        if clipped[2] - clipped[0] < SMALLEST or clipped[3] - clipped[1] < SMALLEST:
            continue
        shown = page.crop(clipped, strict=False).to_image(resolution=RESOLUTION).original
        out = io.BytesIO()
        shown.convert("RGB").save(out, "PNG", optimize=True)
        edge = clipped[3] < height * BAND or clipped[1] > height * (1 - BAND)
        found.append(PictureArea(number, clipped[1], clipped, out.getvalue(), edge))
    return sorted(found, key=lambda picture: picture.top)
