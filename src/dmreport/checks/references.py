"""Every reference checked before it becomes a link (DMR027 to DMR034):
role arguments of every identifier family, milestones a month defines,
citation keys, links to pages, files and headings, footnotes, and the
bibliography a citing page needs."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from myst_parser.slugs import github_slugify

from ..core.ids import (
    CITE_ROLE,
    JIRA_PROJECTS,
    JIRA_ROLES,
    MILESTONE_ID_RE,
    MILESTONE_ROLE,
    SERIES_BY_PREFIX,
    SERIES_BY_ROLE,
    TICKET,
)
from .codes import Code
from .hints import did_you_mean, nearest
from .page import Page
from .problem import Problem
from .project import citation_keys
from .safety import local_path, scheme_of
from .tokens import parse

#: An identifier written with its letters: ``LDM-503``, ``dm23402``, ``RFC 650``.
LETTERS_AND_NUMBER = re.compile(r"(?P<prefix>[A-Za-z]+)[-\s_]?(?P<number>\d+)")
#: Pre- and post-text of a citation (``{see}holman2018{p. 2}``).
CITE_NOTE = re.compile(r"\{[^{}]*\}")
#: The target of ``{doc}`Title <target>```.
EXPLICIT = re.compile(r"^(?:.*<(?P<target>[^<>]+)>|(?P<plain>[^<>]+))$", re.S)
#: Heading levels that get anchors (``myst_heading_anchors``).
ANCHOR_LEVELS = ("h1", "h2", "h3", "h4")
PAGE_SUFFIXES = (".md", ".rst")


def role(page: Page, name: str, arg: str, line: int, col: int) -> Iterator[Problem]:
    """The argument of a role, for the roles that make links."""
    if name in SERIES_BY_ROLE:
        yield from document_role(page, name, arg.strip(), line, col)
    elif name in JIRA_ROLES:
        yield from ticket_role(page, name, arg, line, col)
    elif name == MILESTONE_ROLE:
        yield from milestone_role(page, arg.strip(), line, col)
    elif name == CITE_ROLE or name.startswith(CITE_ROLE + ":"):
        page.notes.cites.append((line, col))
        yield from cite_role(page, name, arg, line, col)
    elif name == "doc":
        match = EXPLICIT.match(arg.strip())
        target = (match["target"] or match["plain"]).strip() if match else arg
        if not _page_exists(page, target):
            yield page.problem(
                line,
                col,
                Code.MISSING_TARGET,
                f"{{doc}} names {target!r}, which is no page of the site; "
                "give the path of an existing page",
            )


def document_role(page: Page, name: str, arg: str, line: int, col: int) -> Iterator[Problem]:
    """``{ldm}`503```: a number, not a handle."""
    handle = LETTERS_AND_NUMBER.fullmatch(arg)
    if handle and handle["prefix"].upper() in SERIES_BY_PREFIX:
        series = SERIES_BY_PREFIX[handle["prefix"].upper()]
        what = "repeats its series" if series.role == name else f"names {series.prefix}"
        yield page.problem(
            line,
            col,
            Code.ROLE_NAMES_SERIES,
            f"{{{name}}}`{arg}` {what}; write {{{series.role}}}`{handle['number']}`",
        )
    elif not arg.isdigit():
        yield page.problem(
            line,
            col,
            Code.DOCUMENT_NUMBER,
            f"{{{name}}}`{arg}`: {arg!r} is not a document number; "
            f"write the number only, e.g. {{{name}}}`123`",
        )


def ticket_role(page: Page, name: str, arg: str, line: int, col: int) -> Iterator[Problem]:
    """``{jira}`DM-1```, ``{jirab}`DM-1, DM-2```: Jira keys of the project's Jira."""
    for item in (part.strip() for part in arg.split(",")):
        if re.fullmatch(TICKET, item):
            continue
        found = LETTERS_AND_NUMBER.fullmatch(item)
        prefix = found["prefix"].upper() if found else ""
        if not item:
            message = f"{{{name}}}`{arg.strip()}`: an empty item; remove the extra comma"
            yield page.problem(line, col, Code.BAD_TICKET, message)
            continue
        if found and prefix in JIRA_PROJECTS:
            why = f"write {{{name}}}`{prefix}-{found['number']}`"
        elif found and prefix in SERIES_BY_PREFIX:
            number = found["number"]
            role = SERIES_BY_PREFIX[prefix].role
            why = f"{prefix}-{number} is a document; write {{{role}}}`{number}`"
        elif found:
            why = f"{prefix} is not a Jira project of the reports ({', '.join(JIRA_PROJECTS)})"
        else:
            why = "a ticket key is PROJECT-NUMBER, e.g. DM-12345"
        yield page.problem(
            line,
            col,
            Code.BAD_TICKET,
            f"{{{name}}}`{arg.strip()}`: {item!r} is not a ticket; {why}",
        )


def milestone_role(page: Page, arg: str, line: int, col: int) -> Iterator[Problem]:
    """``{milestone}`DM-DRP-8```: an id some month's records define."""
    known = page.project.milestones if page.project else None
    if not MILESTONE_ID_RE.match(arg):
        hint = f"; write {{milestone}}`{arg.upper()}`" if known and arg.upper() in known else ""
        message = f"{{milestone}}`{arg}`: {arg!r} is not a milestone id{hint}"
    elif known is not None and arg not in known:
        message = (
            f"{{milestone}}`{arg}`: no month's records define milestone {arg}"
            f"{did_you_mean(arg, known)}; correct the id, or add its record to the month's "
            "Milestone Summary (or, for a milestone only the plan has, to data/milestones.yaml)"
        )
    else:
        return
    yield page.problem(line, col, Code.UNKNOWN_MILESTONE, message)


def cite_role(page: Page, name: str, arg: str, line: int, col: int) -> Iterator[Problem]:
    """Citation keys, each in ``data/citations.bib`` (named as written)."""
    keys = citation_keys(page.root)
    for key in (part.strip() for part in CITE_NOTE.sub("", arg).split(",")):
        if key not in keys:
            yield page.problem(
                line,
                col,
                Code.UNKNOWN_CITATION,
                f"{{{name}}}`{arg.strip()}`: citation key {key!r} is not in "
                "data/citations.bib; correct the key or add the work there",
            )


# -- links to pages, files and headings ------------------------------------


def _page_file(page: Page, target: str) -> Path | None:
    """The file a relative target names (with or without its suffix)."""
    path = local_path(page, target)
    candidates = [path, *(path.with_name(path.name + s) for s in PAGE_SUFFIXES)]
    if path.suffix == ".html":
        candidates += [path.with_suffix(s) for s in PAGE_SUFFIXES]
    return next((c for c in candidates if c.is_file()), None)


def _page_exists(page: Page, target: str) -> bool:
    found = _page_file(page, target)
    return found is not None and found.suffix in PAGE_SUFFIXES


def anchors(text: str) -> set[str]:
    """The anchors of a page: heading slugs (as MyST makes them) and targets."""
    found: set[str] = set()
    tokens = parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ANCHOR_LEVELS:
            inline = tokens[index + 1].children or []
            title = "".join(c.content for c in inline if c.type in ("text", "code_inline"))
            slug = github_slugify(title)
            unique, number = slug, 0
            while unique in found:
                number += 1
                unique = f"{slug}-{number}"
            found.add(unique)
        elif token.type == "myst_target":
            found.add(token.content)
    return found


def _relative_pages(page: Page) -> list[str]:
    """The site's pages as links from ``page`` would name them."""
    if page.project is not None and page.project.docs is not None:
        pages = sorted(page.project.docs)
    else:
        reports = page.root / "reports"
        pages = sorted(p.relative_to(page.root).as_posix() for p in reports.glob("*/*.md"))
    here = PurePosixPath(page.path).parent
    return [os.path.relpath(path, here) for path in pages]


def link_target(page: Page, href: str, line: int, col: int) -> Iterator[Problem]:
    """A relative link names an existing page or file, and heading."""
    if scheme_of(href) or href.startswith("//"):
        return
    path, _, anchor = href.partition("#")
    if not path:
        text = page.text
    elif (found := _page_file(page, path)) is None:
        if path in anchors(page.text):  # a target on the page: [text](label)
            return
        near = nearest(path, _relative_pages(page))
        yield page.problem(
            line,
            col,
            Code.MISSING_TARGET,
            f"link to {href!r}: no page or file {path!r}"
            + (f"; did you mean {near!r}?" if near else "")
            + "; link to an existing page, e.g. ../2020-01/alert-production.md",
        )
        return
    elif found.suffix in PAGE_SUFFIXES and anchor:
        text = found.read_text(encoding="utf-8", errors="replace")
    else:
        return
    if anchor and anchor not in anchors(text):
        yield page.problem(
            line,
            col,
            Code.MISSING_TARGET,
            f"link to {href!r}: the page has no heading #{anchor}"
            f"{did_you_mean(anchor, anchors(text), '#{}')}; "
            "link to a heading it has (its title, lower case, spaces as -)",
        )


# -- the page as a whole ------------------------------------------------------


def page_level(page: Page) -> Iterator[Problem]:
    """Footnotes defined and used once each; a bibliography for citations."""
    notes = page.notes
    defined = {label for label, _ in notes.footnote_defs}
    used = {label for label, _, _ in notes.footnote_refs}
    for label, line, col in notes.footnote_refs:
        if label not in defined:
            yield page.problem(
                line,
                col,
                Code.FOOTNOTE,
                f"footnote [^{label}] is not defined; add a line `[^{label}]: text`",
            )
    for label, line in notes.footnote_defs:
        if label not in used:
            yield page.problem(
                line,
                1,
                Code.FOOTNOTE,
                f"footnote [^{label}] is defined but not referenced; cite it or remove it",
            )
    if notes.cites and not notes.bibliography:
        line, col = notes.cites[0]
        yield page.problem(
            line,
            col,
            Code.NO_BIBLIOGRAPHY,
            "the page cites works but has no bibliography; end it with a "
            "'## References' section holding a {bibliography} directive",
        )
