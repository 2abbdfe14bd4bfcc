"""The Rubin Observatory logo for the PDFs, as a vector PDF drawn from the
imagotype SVG that documenteer ships (``documenteer/assets/rsd-assets``).

xelatex cannot include SVG, and no converter may be fetched at build time,
so the SVG's shapes (paths, circles, rectangles, polygons with flat fills:
all the imagotype uses) are redrawn with matplotlib, already a dependency,
into a PDF without dates: the same SVG always gives the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from ..core.errors import DmreportError

#: The imagotype (mark and "RUBIN OBSERVATORY") in colour, for white paper.
LOGO_SVG = ("documenteer", "assets/rsd-assets/rubin-imagotype-color-on-white-crop.svg")
LOGO_NAME = "dmreport-rubin-logo"

SVG_NS = "{http://www.w3.org/2000/svg}"
TOKEN = re.compile(r"[MmLlHhVvCcSsQqZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
#: Numbers each path command takes.
ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "Z": 0}

Point = tuple[float, float]
Segment = tuple[str, list[Point]]  # "M", "L", "C" (three points) or "Z"


def logo_svg() -> Path:
    """The packaged SVG file."""
    package, name = LOGO_SVG
    path = Path(str(resources.files(package).joinpath(name)))
    if not path.is_file():
        raise DmreportError("documenteer's Rubin logo is missing", path=path)
    return path


def _numbers(tokens: list[str], start: int, count: int) -> list[float]:
    values = tokens[start : start + count]
    if len(values) < count or any(v.isalpha() for v in values):
        raise ValueError(f"path data ends early near {' '.join(tokens[start - 1 : start + 4])}")
    return [float(v) for v in values]


def path_segments(data: str) -> Iterator[Segment]:
    """An SVG path's data as absolute moves, lines, cubic curves and closes."""
    tokens = TOKEN.findall(data)
    i, command = 0, ""
    here: Point = (0.0, 0.0)
    start: Point = here
    control: Point | None = None  # the last cubic's second control point
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
        elif not command:
            raise ValueError("path data does not start with a command")
        upper = command.upper()
        relative = command != upper
        if upper not in ARITY:
            raise ValueError(f"path command {command!r} is not supported")
        values = _numbers(tokens, i, ARITY[upper])
        i += ARITY[upper]
        ox, oy = here if relative else (0.0, 0.0)
        points = [(ox + values[k], oy + values[k + 1]) for k in range(0, len(values) - 1, 2)]
        if upper == "H":
            points = [((here[0] if relative else 0.0) + values[0], here[1])]
        elif upper == "V":
            points = [(here[0], (here[1] if relative else 0.0) + values[0])]
        if upper == "M":
            yield "M", points
            start = here = points[0]
            command = "l" if relative else "L"  # further pairs are lines
            control = None
        elif upper in ("L", "H", "V"):
            yield "L", points
            here, control = points[0], None
        elif upper == "C":
            yield "C", points
            here, control = points[2], points[1]
        elif upper == "S":
            first = (2 * here[0] - control[0], 2 * here[1] - control[1]) if control else here
            yield "C", [first, *points]
            here, control = points[1], points[0]
        elif upper == "Q":
            q, end = points
            c1 = (here[0] + 2 / 3 * (q[0] - here[0]), here[1] + 2 / 3 * (q[1] - here[1]))
            c2 = (end[0] + 2 / 3 * (q[0] - end[0]), end[1] + 2 / 3 * (q[1] - end[1]))
            yield "C", [c1, c2, end]
            here, control = end, None
        else:  # Z
            yield "Z", []
            here, control = start, None


def _fill(element: ET.Element) -> str:
    style = dict(part.split(":", 1) for part in element.get("style", "").split(";") if ":" in part)
    return (style.get("fill") or element.get("fill") or "#000000").strip()


def shapes(svg: Path) -> tuple[tuple[float, float], list[tuple[str, list[Segment]]]]:
    """The SVG's size (viewBox) and its filled shapes, in document order."""
    root = ET.parse(svg).getroot()
    _, _, width, height = (float(v) for v in root.get("viewBox", "0 0 100 100").split())
    found: list[tuple[str, list[Segment]]] = []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG_NS)
        if element.get("transform"):
            raise ValueError(f"transformed <{tag}> elements are not supported")
        if tag == "path":
            segments = list(path_segments(element.get("d", "")))
        elif tag == "polygon":
            values = [float(v) for v in TOKEN.findall(element.get("points", ""))]
            corners = list(zip(values[::2], values[1::2], strict=True))
            segments = [("M", corners[:1]), *(("L", [c]) for c in corners[1:]), ("Z", [])]
        elif tag == "rect":
            x, y, w, h = (_number(element, name) for name in ("x", "y", "width", "height"))
            corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            segments = [("M", corners[:1]), *(("L", [c]) for c in corners[1:]), ("Z", [])]
        elif tag == "circle":
            segments = _circle(*(_number(element, name) for name in ("cx", "cy", "r")))
        else:
            continue
        found.append((_fill(element), segments))
    return (width, height), found


def _number(element: ET.Element, name: str) -> float:
    return float(element.get(name, "0"))


def _circle(cx: float, cy: float, r: float) -> list[Segment]:
    k = 0.5522847498 * r  # four cubic arcs
    return [
        ("M", [(cx + r, cy)]),
        ("C", [(cx + r, cy + k), (cx + k, cy + r), (cx, cy + r)]),
        ("C", [(cx - k, cy + r), (cx - r, cy + k), (cx - r, cy)]),
        ("C", [(cx - r, cy - k), (cx - k, cy - r), (cx, cy - r)]),
        ("C", [(cx + k, cy - r), (cx + r, cy - k), (cx + r, cy)]),
        ("Z", []),
    ]


def draw_logo(svg: Path, target: Path) -> None:
    """Redraw ``svg`` as a vector PDF at ``target`` (1 SVG unit = 1 pt)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MplPath

    try:
        (width, height), found = shapes(svg)
    except (ValueError, ET.ParseError) as exc:
        raise DmreportError(f"cannot read the logo: {exc}", path=svg) from None
    codes = {"M": int(MplPath.MOVETO), "L": int(MplPath.LINETO), "C": int(MplPath.CURVE4)}
    figure = plt.figure(figsize=(width / 72, height / 72))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, width)
    axes.set_ylim(height, 0)  # SVG's y axis points down
    axes.set_axis_off()
    for colour, segments in found:
        vertices: list[Point] = []
        kinds: list[int] = []
        for kind, points in segments:
            if kind == "Z":
                vertices.append(vertices[-1] if vertices else (0.0, 0.0))
                kinds.append(int(MplPath.CLOSEPOLY))
                continue
            vertices.extend(points)
            kinds.extend([codes[kind]] * len(points))
        path = MplPath(vertices, kinds)
        axes.add_patch(PathPatch(path, facecolor=colour, edgecolor="none", linewidth=0))
    figure.savefig(target, format="pdf", transparent=True, metadata={"CreationDate": None})
    plt.close(figure)


def ensure_logo(directory: Path) -> Path:
    """The logo's PDF in ``directory``, drawn when missing."""
    target = directory / f"{LOGO_NAME}.pdf"
    if not target.is_file():
        directory.mkdir(parents=True, exist_ok=True)
        draw_logo(logo_svg(), target)
    return target
