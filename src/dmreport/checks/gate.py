"""The gate: every file under ``reports/`` is a page, an image the site
allows, or a refusal (DMR035 to DMR038), before Sphinx reads anything.

A page is ``reports/index.md`` or ``reports/YYYY-MM/<slug>.md`` in a real
month whose slug the month's ``index.md`` lists in a toctree (the index
itself included). An asset is a raster image (PNG, JPEG, GIF, WebP) whose
content is what its name says, in a month's folder or its ``_images/``.
Everything else — other names and types, sub-folders, impossible months,
hidden files, symbolic links anywhere, pages too large to parse safely — is
refused with its path; ``dmreport check`` reports it and the build leaves it
unread and unpublished.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from markdown_it.token import Token
from PIL import Image

from ..core.ids import MONTH
from .codes import Code
from .problem import Problem
from .tokens import parse

REPORTS = "reports"
#: The one folder inside a month that may hold files: its pictures.
IMAGES_DIR = "_images"
#: A page's file name: lower case, digits and hyphens.
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
MONTH_DIR_RE = re.compile(MONTH)
#: Raster images by their first bytes, and the names each may have.
SIGNATURES: tuple[tuple[str, bytes, int], ...] = (
    ("PNG", b"\x89PNG\r\n\x1a\n", 0),
    ("JPEG", b"\xff\xd8\xff", 0),
    ("GIF", b"GIF87a", 0),
    ("GIF", b"GIF89a", 0),
    ("WebP", b"WEBP", 8),
)
SUFFIXES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP"}
#: Folders of the repository that no build reads: outputs and tools.
UNREAD = frozenset({"_build", "node_modules", "venv"})
#: Larger pages are refused: parsing them is unbounded in time and memory.
MAX_PAGE_BYTES = 1_000_000


@dataclass
class Gate:
    """What the build may read under ``reports/`` (paths relative to the
    repository's root, POSIX form) and what it refused."""

    pages: set[str] = field(default_factory=set)
    assets: set[str] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    #: Refused paths, folders ending in ``/``: what the build must not read.
    refused: set[str] = field(default_factory=set)

    def refuse(self, path: str, code: Code, message: str, folder: bool = False) -> None:
        self.problems.append(Problem(path, 1, 1, code, message))
        self.refused.add(path + "/" if folder else path)

    def refuse_folder(self, root: Path, path: str, code: Code, message: str) -> None:
        """A folder refused whole: each file in it named, the folder excluded."""
        self.refused.add(path + "/")
        files = [
            Path(top, name).relative_to(root).as_posix()
            for top, folders, names in os.walk(root / path)
            for name in [*names, *(f for f in folders if Path(top, f).is_symlink())]
        ]
        for file in sorted(files) or [path]:
            self.problems.append(Problem(file, 1, 1, code, message))

    def is_refused(self, path: str) -> bool:
        """Whether ``path`` (relative POSIX) is refused or lies in a refused folder."""
        return path in self.refused or any(
            path.startswith(folder) for folder in self.refused if folder.endswith("/")
        )

    def exclude_patterns(self) -> list[str]:
        """Sphinx's exclude patterns for every refused file and folder (a
        refused folder is never walked: it may loop through a link)."""
        patterns = []
        for path in sorted(self.refused):
            patterns += [path.rstrip("/"), path + "**"] if path.endswith("/") else [path]
        return patterns

    def month_asset(self, path: str, month: str) -> bool:
        """Whether ``path`` is an image of ``month``'s own folder."""
        parent = PurePosixPath(path).parent
        own = PurePosixPath(REPORTS, month)
        return path in self.assets and parent in (own, own / IMAGES_DIR)


#: Larger pictures are refused (a small file can decode to gigabytes).
MAX_PIXELS = 40_000_000
#: HTML or SVG markup in a picture's comments or text chunks.
MARKUP = re.compile(r"<\s*[a-zA-Z!/?]")
#: A picture's file name: letters, digits, dots, hyphens, underscores.
ASSET_NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: How each format's data ends: nothing may follow the picture.
ENDINGS = {"PNG": b"IEND\xaeB`\x82", "JPEG": b"\xff\xd9", "GIF": b"\x3b"}


def image_kind(data: bytes) -> str | None:
    """The raster format of ``data``, a whole picture that Pillow reads and
    nothing after it (None: not an allowed image)."""
    kind = next(
        (
            kind
            for kind, signature, offset in SIGNATURES
            if data[offset : offset + len(signature)] == signature
            and (kind != "WebP" or data[:4] == b"RIFF")
        ),
        None,
    )
    if kind is None:
        return None
    complete = (
        int.from_bytes(data[4:8], "little") + 8 == len(data)
        if kind == "WebP"
        else data.endswith(ENDINGS[kind])
    )
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.verify()
        with Image.open(io.BytesIO(data)) as picture:
            if picture.width * picture.height > MAX_PIXELS:
                return None
            picture.load()  # comments and text chunks after the pixels too
            notes = [
                str(value) for value in picture.info.values() if isinstance(value, str | bytes)
            ]
    except Exception:  # any failure to read: not a picture
        return None
    if any(MARKUP.search(note) for note in notes):
        return None  # a comment or text chunk holding HTML: not only a picture
    return kind if complete else None


def listed_pages(text: str) -> set[str]:
    """The entries of an index page's toctrees (``slug`` or ``Title <slug>``)."""
    found: set[str] = set()
    for token in _fences(parse(text)):
        if token.info.strip() != "{toctree}":
            continue
        for line in token.content.splitlines():
            entry = line.strip()
            if not entry or entry.startswith(":"):
                continue
            if entry.endswith(">") and "<" in entry:
                entry = entry[entry.rindex("<") + 1 : -1].strip()
            found.add(entry)
    return found


def _stamp(path: Path) -> tuple[int, int]:
    info = path.stat()
    return info.st_mtime_ns, info.st_size


# A preview classifies the archive before every rebuild: what a file holds
# is read again only when it changes.
@lru_cache(maxsize=4096)
def _listed_in(index: Path, mtime_ns: int, size: int) -> frozenset[str]:
    return frozenset(listed_pages(index.read_text(encoding="utf-8", errors="replace")))


@lru_cache(maxsize=16384)
def _kind_of_file(path: Path, mtime_ns: int, size: int) -> str | None:
    return image_kind(path.read_bytes())


def _fences(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.type in ("fence", "colon_fence")]


def _kind_of(path: Path) -> str:
    """How a refused file is named in a message: its type, by suffix or content."""
    suffix = path.suffix.lower()
    return f"a {suffix} file" if suffix else "a file without a suffix"


class _Walker:
    def __init__(self, root: Path, gate: Gate) -> None:
        self.root = root
        self.gate = gate

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def links_elsewhere(self) -> None:
        """Symbolic links anywhere else in the repository (what a build reads
        through one may lie outside it); hidden and build folders aside."""
        for top, folders, names in os.walk(self.root):
            here = Path(top)
            folders[:] = [
                f
                for f in folders
                if not f.startswith(".") and f not in UNREAD and (here / f) != self.root / REPORTS
            ]
            for name in [*names, *folders]:
                if (here / name).is_symlink():
                    self.symlink(here / name)
            folders[:] = [f for f in folders if not (here / f).is_symlink()]

    def walk(self) -> None:
        self.links_elsewhere()
        reports = self.root / REPORTS
        if reports.is_symlink():
            self.symlink(reports)
            return
        if not reports.is_dir():
            return
        for entry in sorted(os.scandir(reports), key=lambda e: e.name):
            path = Path(entry.path)
            if self.symlink_or_hidden(path):
                continue
            if entry.is_dir(follow_symlinks=False):
                if MONTH_DIR_RE.fullmatch(entry.name):
                    self.month(path)
                else:
                    self.gate.refuse_folder(
                        self.root,
                        self.rel(path),
                        Code.NOT_A_PAGE,
                        f"folder {entry.name!r} is not a month; months are folders named "
                        "YYYY-MM with a real month (reports/2020-02); move its pages there",
                    )
            elif entry.name == "index.md":
                self.page(path)
            else:
                self.other(path, "reports/ holds only reports/index.md and month folders")

    def symlink_or_hidden(self, path: Path) -> bool:
        if path.is_symlink():
            self.symlink(path)
            return True
        if path.name.startswith("."):
            message = "hidden files and folders are not part of a report; delete it"
            if path.is_dir():
                self.gate.refuse_folder(self.root, self.rel(path), Code.NOT_A_PAGE, message)
            else:
                self.gate.refuse(self.rel(path), Code.NOT_A_PAGE, message)
            return True
        return False

    def symlink(self, path: Path) -> None:
        self.gate.refuse(
            self.rel(path),
            Code.SYMLINK,
            "a symbolic link; report files must be real files in the repository: "
            "replace the link with the file itself",
            folder=path.is_dir(),
        )

    def month(self, folder: Path) -> None:
        index = folder / "index.md"
        listed: frozenset[str] = frozenset()
        if index.is_file() and not index.is_symlink():
            listed = _listed_in(index, *_stamp(index))
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            if self.symlink_or_hidden(path):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name == IMAGES_DIR:
                    self.images(path)
                else:
                    self.gate.refuse_folder(
                        self.root,
                        self.rel(path),
                        Code.NOT_A_PAGE,
                        "a sub-folder of a month; pages sit directly in the month's folder "
                        f"and pictures in its {IMAGES_DIR}/: move the files there",
                    )
            elif path.suffix.lower() in SUFFIXES:
                self.asset(path)
            elif path.suffix == ".md" and SLUG_RE.fullmatch(path.stem):
                if path.stem == "index" or path.stem in listed:
                    self.page(path)
                else:
                    self.gate.refuse(
                        self.rel(path),
                        Code.NOT_A_PAGE,
                        f"page {path.stem!r} is not listed in {self.rel(index)}; add it to a "
                        "toctree there, or remove the file",
                    )
            else:
                self.other(path, "a month holds pages named <slug>.md (lower case, digits, -)")

    def images(self, folder: Path) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            if self.symlink_or_hidden(path):
                continue
            if entry.is_dir(follow_symlinks=False):
                self.gate.refuse_folder(
                    self.root,
                    self.rel(path),
                    Code.NOT_A_PAGE,
                    f"a folder inside {IMAGES_DIR}/; put the pictures in {IMAGES_DIR}/ itself",
                )
            elif path.suffix.lower() in SUFFIXES:
                self.asset(path)
            else:
                self.other(path, f"{IMAGES_DIR}/ holds PNG, JPEG, GIF and WebP pictures only")

    def page(self, path: Path) -> None:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            self.gate.refuse(
                self.rel(path),
                Code.TOO_COMPLEX,
                f"the page is {size:,} bytes, more than {MAX_PAGE_BYTES:,}; split it or "
                "move data into a linked file",
            )
        else:
            self.gate.pages.add(self.rel(path))

    def asset(self, path: Path) -> None:
        expected = SUFFIXES[path.suffix.lower()]
        if not ASSET_NAME_RE.fullmatch(path.name):
            self.gate.refuse(
                self.rel(path),
                Code.NOT_A_PAGE,
                f"picture name {path.name!r}: use letters, digits, '.', '-' and '_' only",
            )
            return
        found = _kind_of_file(path, *_stamp(path))
        if found == expected:
            self.gate.assets.add(self.rel(path))
            return
        what = f"a {found} image" if found else "not a PNG, JPEG, GIF or WebP image"
        self.gate.refuse(
            self.rel(path),
            Code.NOT_A_PAGE,
            f"named {path.suffix} but its content is {what}; save the picture as "
            f"{expected} (SVG and other formats are not published)",
        )

    def other(self, path: Path, rule: str) -> None:
        self.gate.refuse(
            self.rel(path),
            Code.NOT_A_PAGE,
            f"{_kind_of(path)} is neither a page nor an allowed picture ({rule}; pictures "
            "are PNG, JPEG, GIF or WebP); remove it or convert it",
        )


def admits_kept_page(path: Path) -> bool:
    """Whether a page the gate admitted, saved again, still passes it: the
    same regular file, not grown past the size limit."""
    return path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_PAGE_BYTES


def classify(root: Path) -> Gate:
    """Every file under ``root/reports``: pages, assets and refusals."""
    gate = Gate()
    _Walker(root, gate).walk()
    gate.problems.sort()
    return gate
