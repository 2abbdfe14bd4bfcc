"""What an untrusted page may not do: run script, load from another host or
read a file outside the repository (DMR015 to DMR019, DMR023 to DMR026).

The same tests decide what the build removes from a report page
(:mod:`dmreport.ext.untrusted`), so a page the checks pass loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .codes import Code
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
    r"\]\(\s*<?(?P<a>[^\s)>]+)|<(?P<b>[a-zA-Z][\w+.-]*:[^\s>]*)>|^\s*\[[^\]]+\]:\s*<?(?P<c>\S+)"
)
EVENT_HANDLER = re.compile(r"<[^>]*\s(?P<name>on[a-z]+)\s*=", re.I)
HTML_IMAGE = re.compile(r"<img\b[^>]*\ssrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)", re.I)
HTML_HREF = re.compile(r"\s(?:href|src|action|formaction)\s*=\s*[\"']?(?P<uri>[^\"'\s>]+)", re.I)
#: Directives that read another file, and the options that make others read one.
FILE_DIRECTIVES = frozenset({"include", "literalinclude"})
FILE_OPTIONS = frozenset({"file", "url"})


def scheme_of(uri: str) -> str:
    """A URI's scheme as a browser reads it ("" for a relative URI)."""
    match = _SCHEME.match(_IGNORED.sub("", uri).lower())
    return match[1] if match else ""


def is_safe_link(uri: str) -> bool:
    """Whether a link may stay: relative, or http, https or mailto."""
    scheme = scheme_of(uri)
    return not scheme or scheme in SAFE_SCHEMES


def is_remote(uri: str) -> bool:
    """Whether loading ``uri`` reaches another host, or is a data: URI."""
    compact = _IGNORED.sub("", uri).replace("\\", "/")
    return bool(scheme_of(uri)) or compact.startswith("//")


def inside(root: Path, target: str | Path) -> bool:
    """Whether ``target`` (symbolic links followed) lies inside ``root``."""
    return Path(target).resolve().is_relative_to(root.resolve())


def local_path(page: Page, uri: str) -> Path:
    """Where a relative ``uri`` of the page points: from the page's folder,
    or from the repository's root when it starts with ``/`` (as Sphinx reads it)."""
    path = uri.split("#", 1)[0].split("?", 1)[0]
    if path.startswith("/"):
        return page.root / path.lstrip("/")
    return page.root / PurePosixPath(page.path).parent / path


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


def outside(page: Page, what: str, uri: str, line: int, col: int) -> Problem:
    return page.problem(
        line,
        col,
        Code.FILE_OUTSIDE,
        f"{what} {uri!r} points outside the repository; put the file beside the page",
    )


def link(page: Page, href: str, start: int, end: int) -> Iterator[Problem]:
    """A Markdown link's target: a safe scheme, a file inside the repository."""
    if not is_safe_link(href):
        yield unsafe_link(page, href, *page.locate(href, start, end))
    elif not (scheme_of(href) or href.startswith("#") or inside(page.root, local_path(page, href))):
        yield outside(page, "link to", href, *page.locate(href, start, end))


def image(page: Page, src: str, line: int, col: int) -> Iterator[Problem]:
    """An image's source: inside the repository, never another host."""
    if is_remote(src):
        yield foreign_image(page, src, line, col)
    elif not inside(page.root, local_path(page, src)):
        yield outside(page, "image", src, line, col)


def refused_links(page: Page, text: str, start: int, end: int) -> Iterator[Problem]:
    """Links with an unsafe scheme, which Markdown leaves as text."""
    for match in REFUSED_LINK.finditer(text):
        uri = match["a"] or match["b"] or match["c"]
        if scheme_of(uri) and not is_safe_link(uri):
            yield unsafe_link(page, uri, *page.locate(uri, start, end))


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
    if (target := options.get("target")) and not is_safe_link(target):
        yield unsafe_link(page, target, line, 1)
