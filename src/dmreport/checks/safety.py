"""What an untrusted page may not do: run script, load from another host or
read a file outside the repository (DMR015 to DMR019, DMR023 to DMR026).

The same tests decide what the build removes from a report page
(:mod:`dmreport.ext.untrusted`), so a page the checks pass loses nothing.
"""

from __future__ import annotations

import html as entities
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from ..core.ids import month_of
from .codes import Code
from .gate import IMAGES_DIR, REPORTS, SUFFIXES
from .gate import SLUG_RE as SLUG
from .page import Page
from .problem import Problem

#: Link schemes a report may use; a link without a scheme is relative.
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
#: What browsers ignore in a URL's scheme (controls and white space).
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
#: A link markdown-it refused (its scheme is unsafe), left in the text:
#: ``[text](javascript:...)``, ``<javascript:...>``, ``[label]: javascript:...``.
REFUSED_LINK = re.compile(
    r"\]\(\s*<?(?P<a>[^\s)>]+)|<(?P<b>[a-zA-Z][\w+.&#;%-]*:[^\s>]*)>|^\s*\[[^\]]+\]:\s*<?(?P<c>\S+)"
)
EVENT_HANDLER = re.compile(r"<[^>]*\s(?P<name>on[a-z]+)\s*=", re.I)
HTML_IMAGE = re.compile(r"<img\b[^>]*\ssrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)", re.I)
HTML_HREF = re.compile(r"\s(?:href|src|action|formaction)\s*=\s*[\"']?(?P<uri>[^\"'\s>]+)", re.I)
#: Directives that read another file, and the options that make others read one.
FILE_DIRECTIVES = frozenset({"include", "literalinclude"})
FILE_OPTIONS = frozenset({"file", "url"})
#: sphinx-design options that hold a link or a picture.
LINK_OPTIONS = frozenset({"link", "target"})
IMAGE_OPTIONS = frozenset({"img-top", "img-bottom", "img-background", "img"})
PAGE_SUFFIXES = (".md", ".rst")


def _plain(uri: str) -> str:
    """A URI as a browser reads it: entities and %-escapes decoded, controls
    and white space dropped."""
    previous = None
    while previous != uri:  # &amp;#106; decodes twice
        previous, uri = uri, unquote(entities.unescape(uri))
    return _IGNORED.sub("", uri)


def scheme_of(uri: str) -> str:
    """A URI's scheme as a browser reads it ("" for a relative URI)."""
    match = _SCHEME.match(_plain(uri).lower())
    return match[1] if match else ""


def is_safe_link(uri: str) -> bool:
    """Whether a link may stay: relative, or http, https or mailto."""
    scheme = scheme_of(uri)
    return not scheme or scheme in SAFE_SCHEMES


def is_remote(uri: str) -> bool:
    """Whether loading ``uri`` reaches another host, or is a data: URI."""
    compact = _plain(uri).replace("\\", "/")
    return bool(scheme_of(uri)) or compact.startswith("//")


def inside(root: Path, target: str | Path) -> bool:
    """Whether ``target`` (symbolic links followed) lies inside ``root``."""
    return Path(target).resolve().is_relative_to(root.resolve())


def repository_path(page_path: str, uri: str) -> str | None:
    """The repository path (POSIX, relative to the root) a relative ``uri``
    of the page at ``page_path`` names — from the page's folder, or from the
    root when it starts with ``/`` (as Sphinx reads it); None when it leaves
    the repository."""
    path = _plain(uri.split("#", 1)[0].split("?", 1)[0])
    base = "" if path.startswith("/") else posixpath.dirname(page_path)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if joined == ".." or joined.startswith(("../", "/")):
        return None
    return joined


def local_path(page: Page, uri: str) -> Path:
    """Where a relative ``uri`` of the page points, on disk."""
    found = repository_path(page.path, uri)
    return page.root / found if found is not None else page.root.parent


def is_hidden(path: str) -> bool:
    """Whether a repository path passes through a hidden file or folder (.git)."""
    return any(part.startswith(".") for part in PurePosixPath(path).parts)


def month_asset(page: Page, path: str) -> bool:
    """Whether ``path`` is a picture of the page's own month."""
    where = month_of(page.path)
    gate = page.project.gate if page.project else None
    if where is None:
        return False
    if gate is not None:
        return gate.month_asset(path, where.month)
    folder = PurePosixPath(REPORTS, where.month)
    return PurePosixPath(path).parent in (folder, folder / IMAGES_DIR) and (
        PurePosixPath(path).suffix.lower() in SUFFIXES
    )


def site_page(page: Page, path: str) -> str | None:
    """The page of the site ``path`` names (with or without its suffix, or as
    its ``.html``), None when it names none."""
    stem = path.removesuffix(".html")
    candidates = [path, *(stem + suffix for suffix in PAGE_SUFFIXES)]
    for candidate in candidates:
        if page.project is not None and page.project.docs is not None:
            if candidate.endswith(PAGE_SUFFIXES) and page.project.is_page(candidate):
                return candidate
        elif candidate.endswith(PAGE_SUFFIXES) and (page.root / candidate).is_file():
            return candidate
    return None


def html(page: Page, content: str, line: int, col: int) -> Problem:
    """Raw HTML, by its worst part: script, iframe, event handler, an unsafe
    link, an image from another host, or other HTML."""
    lowered = content.lower()
    if "<script" in lowered:
        return page.problem(line, col, Code.SCRIPT, "<script> is not allowed in a report")
    if "<iframe" in lowered:
        return page.problem(line, col, Code.IFRAME, "<iframe> is not allowed in a report")
    if handler := EVENT_HANDLER.search(content):
        return page.problem(
            line,
            col,
            Code.EVENT_HANDLER,
            f"the event-handler attribute {handler['name']} is not allowed in a report",
        )
    for match in HTML_HREF.finditer(content):
        if not is_safe_link(match["uri"]):
            return unsafe_link(page, match["uri"], line, col)
    if (image := HTML_IMAGE.search(content)) and is_remote(image["src"]):
        return foreign_image(page, image["src"], line, col)
    return page.problem(line, col, Code.RAW_HTML, "raw HTML is not allowed; write Markdown instead")


def unsafe_link(page: Page, uri: str, line: int, col: int) -> Problem:
    scheme = scheme_of(uri)
    return page.problem(
        line,
        col,
        Code.UNSAFE_LINK,
        f"a {scheme}: link is not allowed; link to an http(s) address or a page of the site",
    )


def foreign_image(page: Page, uri: str, line: int, col: int) -> Problem:
    return page.problem(
        line,
        col,
        Code.FOREIGN_IMAGE,
        f"image {uri[:60]!r} loads from another host; save it in the repository beside "
        "the page and give its relative path",
    )


def outside(page: Page, what: str, uri: str, line: int, col: int, why: str = "") -> Problem:
    return page.problem(
        line,
        col,
        Code.FILE_OUTSIDE,
        f"{what} {uri!r} {why or 'points outside the repository'}; link to a page of the "
        "site or an http(s) address, and show pictures saved in this month's folder",
    )


def link(page: Page, href: str, start: int, end: int) -> Iterator[Problem]:
    """A link's target: a safe scheme, a page of the site or a picture of
    the month (a missing file is :mod:`.references`' to report)."""
    yield from link_at(page, href, *page.locate(href, start, end))


def link_at(page: Page, href: str, line: int, col: int) -> Iterator[Problem]:
    if not is_safe_link(href):
        yield unsafe_link(page, href, line, col)
        return
    if scheme_of(href) or _plain(href).startswith(("#", "//")) or not _plain(href):
        return
    path = repository_path(page.path, href)
    if path is None:
        yield outside(page, "link to", href, line, col)
    elif is_hidden(path):
        yield outside(page, "link to", href, line, col, "names a hidden file")
    elif site_page(page, path) or month_asset(page, path):
        return
    elif (page.root / path).exists() or (page.root / path).is_symlink():
        yield outside(
            page, "link to", href, line, col, "is neither a page of the site nor a picture of "
            "this month (a repository file is never published)"
        )  # fmt: skip


def image(page: Page, src: str, line: int, col: int) -> Iterator[Problem]:
    """A picture's source: a PNG, JPEG, GIF or WebP of the page's own month."""
    if is_remote(src):
        yield foreign_image(page, src, line, col)
        return
    path = repository_path(page.path, src)
    if path is None:
        yield outside(page, "image", src, line, col)
    elif not month_asset(page, path):
        yield outside(
            page, "image", src, line, col, "is not a PNG, JPEG, GIF or WebP picture of this "
            "month's folder"
        )  # fmt: skip


def refused_links(page: Page, text: str, start: int, end: int) -> Iterator[Problem]:
    """Links with an unsafe scheme, which Markdown leaves as text."""
    for match in REFUSED_LINK.finditer(text):
        uri = match["a"] or match["b"] or match["c"]
        if scheme_of(uri) and not is_safe_link(uri):
            yield unsafe_link(page, uri, *page.locate(uri, start, end))


def toctree(page: Page, options: dict[str, str], line: int) -> Iterator[Problem]:
    """A toctree belongs to a month's index, and lists pages by name."""
    where = month_of(page.path)
    if where is not None and where.stem != "index":
        yield page.problem(
            line,
            1,
            Code.UNKNOWN_DIRECTIVE,
            "a toctree belongs in the month's index.md only; link to pages with [text](page.md)",
        )
    if "glob" in options:
        yield page.problem(
            line,
            1,
            Code.UNKNOWN_DIRECTIVE,
            "a toctree of a report lists its pages by name, not :glob:",
        )


def toctree_entry(page: Page, entry: str, line: int) -> Iterator[Problem]:
    """A toctree entry (``target`` or ``Title <target>``): a page of the
    month or an http(s) address."""
    target = entry[entry.rindex("<") + 1 : -1].strip() if entry.endswith(">") else entry
    if "://" in target or scheme_of(target):
        if not is_safe_link(target):
            yield unsafe_link(page, target, line, 1)
    elif month_of(page.path) is not None and not SLUG.fullmatch(target):
        yield page.problem(
            line,
            1,
            Code.FILE_OUTSIDE,
            f"toctree entry {target!r}: a month's index lists the month's own pages by "
            "file name (alert-production), or http(s) addresses",
        )


def directive_files(
    page: Page, name: str, args: str, options: dict[str, str], line: int
) -> Iterator[Problem]:
    """Directives that read a file (include, a table's ``:file:``), images'
    sources and their link targets."""
    if name in FILE_DIRECTIVES:
        where = (
            "reaches outside the repository"
            if not inside(page.root, local_path(page, args))
            else "is not allowed: report pages cannot read other files"
        )
        yield page.problem(
            line, 1, Code.INCLUDE_OUTSIDE, f"{name} of {args!r} {where}; write the text in the page"
        )
        return
    for option in sorted(FILE_OPTIONS & set(options)):
        yield page.problem(
            line,
            1,
            Code.INCLUDE_OUTSIDE,
            f"{{{name}}} :{option}: reads another file; write the rows in the page",
        )
    if name in ("image", "figure"):
        yield from image(page, args, line, 1)
    if name == "button-link":
        yield from link_at(page, args, line, 1)
    for option in sorted(IMAGE_OPTIONS & set(options)):
        yield from image(page, options[option], line, 1)
    if options.get("link-type", "url") != "url":
        return  # a page or label, which Sphinx resolves
    for option in sorted(LINK_OPTIONS & set(options)):
        yield from link_at(page, options[option], line, 1)
