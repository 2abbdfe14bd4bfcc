"""What a page's text may use: roles, directives, milestone records, links,
no raw HTML, and identifiers cited with their roles (DMR009 to DMR014,
DMR022); what it may not read or run is in :mod:`.safety`, what its
references must name in :mod:`.references`."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml
from markdown_it.token import Token
from pydantic import ValidationError

from ..core.ids import (
    DOCUMENT_RE,
    MILESTONE_RE,
    REPORT_ROLES,
    SERIES_BY_PREFIX,
    TICKET_RE,
)
from ..core.milestones import OPTION_NAMES, Milestone
from . import references, safety
from .codes import Code
from .hints import did_you_mean
from .page import Page
from .problem import Problem
from .tokens import parse

#: Directives a report may use.
DIRECTIVES = frozenset(
    {
        "toctree", "milestone", "milestone-trend", "milestone-burndown", "bibliography",
        "note", "warning", "important", "tip", "caution", "attention", "admonition", "seealso",
        "figure", "image", "table", "list-table", "csv-table", "code-block",
        "dropdown", "tab-set", "tab-item", "card", "grid", "grid-item", "grid-item-card",
        "button-link", "button-ref",
    }
)  # fmt: skip
#: Directives whose body is not Markdown of the page.
OPAQUE = frozenset(
    {"toctree", "bibliography", "milestone-trend", "milestone-burndown", "code-block"}
)
#: Directives whose argument is a title in Markdown.
TITLED = frozenset(
    {"admonition", "dropdown", "card", "tab-item", "grid-item-card", "table", "list-table",
     "csv-table"}
)  # fmt: skip
#: Options whose value is shown as Markdown (a code block's caption).
MARKDOWN_OPTIONS = frozenset({"caption"})
DIRECTIVE_INFO = re.compile(r"^\{(?P<name>[^}]+)\}\s*(?P<args>.*)$")
OPTION = re.compile(r"^:([\w-]+):\s*(.*)$")


def markup(page: Page, tokens: list[Token], offset: int = 0) -> Iterator[Problem]:
    """Problems of block ``tokens`` whose lines start at ``offset``."""
    for token in tokens:
        start = (token.map[0] if token.map else 0) + offset
        end = (token.map[1] if token.map else start + 1) + offset
        if token.type == "html_block":
            yield html_block(page, token.content, start, end)
        elif token.type in ("fence", "colon_fence"):
            if not closed(page, token, start, end):
                what = token.info.split()[0] if token.info.startswith("{") else "code block"
                yield page.problem(
                    start + 1,
                    1,
                    Code.UNCLOSED,
                    f"the {what} opened here is never closed, so the rest of the page "
                    f"(from line {start + 2}) is inside it; close it with {token.markup}",
                )
            if token.info.startswith("{"):
                yield from directive(page, token, start)
        elif token.type == "inline":
            yield from inline(page, token.children or [], start, end)
        elif token.type == "footnote_reference_open":
            page.notes.footnote_defs.append((str(token.meta.get("label", "")), start + 1))


def any_unclosed(page: Page, tokens: list[Token]) -> bool:
    """Whether a fence of the page runs to its end unclosed."""
    return any(
        not closed(page, token, token.map[0], token.map[1])
        for token in tokens
        if token.type in ("fence", "colon_fence") and token.map
    )


def closed(page: Page, token: Token, start: int, end: int) -> bool:
    """Whether a fence's last line closes it (a run of its marker, as long at least)."""
    last = page.lines[end - 1].lstrip("> \t").rstrip() if 0 < end <= len(page.lines) else ""
    marker = token.markup
    return end - start >= 2 and last.startswith(marker) and set(last) == {marker[0]}


def html_block(page: Page, content: str, start: int, end: int) -> Problem:
    """A block of raw HTML, by its worst part."""
    line, col = page.locate(content.strip().splitlines()[0][:20], start, end)
    return safety.html(page, content, line, col)


def options(content: str) -> tuple[dict[str, str], int]:
    """A directive's ``:key: value`` options and the line its body starts on."""
    found: dict[str, str] = {}
    lines = content.splitlines()
    index = 0
    while index < len(lines) and (match := OPTION.match(lines[index])):
        value = match[2].strip()
        found[match[1]] = _unquoted(value)
        index += 1
    return found, index


def _unquoted(value: str) -> str:
    """An option's value as YAML reads a double-quoted string; else as written."""
    if len(value) > 1 and value[0] == value[-1] == '"':
        try:
            loaded = yaml.safe_load(value)
        except yaml.YAMLError:
            return value
        return loaded if isinstance(loaded, str) else value
    return value


def directive(page: Page, token: Token, start: int) -> Iterator[Problem]:
    """A directive fence starting on line ``start`` (0-based), and its body."""
    match = DIRECTIVE_INFO.match(token.info)
    if not match:
        return
    name, args = match["name"], match["args"].strip()
    line = start + 1
    if name == "raw":
        yield page.problem(
            line, 1, Code.RAW_DIRECTIVE, "the raw directive is not allowed in a report"
        )
        return
    if name == "iframe":
        yield page.problem(line, 1, Code.IFRAME, "<iframe> is not allowed in a report")
        return
    if name == "math":
        yield math(page, line, 1)
        return
    if name not in DIRECTIVES and name not in safety.FILE_DIRECTIVES:
        yield page.problem(
            line,
            1,
            Code.UNKNOWN_DIRECTIVE,
            f"unknown directive {{{name}}}; allowed: {', '.join(sorted(DIRECTIVES))}",
        )
        return
    found, body_start = options(token.content)
    yield from safety.directive_files(page, name, args, found, line)
    if name in safety.FILE_DIRECTIVES:
        return
    if name == "milestone":
        yield from milestone(page, args, found, line)
    elif name == "bibliography":
        page.notes.bibliography = True
        if args or found:
            message = "{bibliography} takes no argument or option: it lists the works cited"
            yield page.problem(line, 1, Code.UNKNOWN_DIRECTIVE, message)
    elif name == "toctree":
        yield from safety.toctree(page, found, line)
        entries = token.content.splitlines()[body_start:]
        for number, entry in enumerate(entries, line + 1 + body_start):
            if entry.strip() and not entry.strip().startswith(":"):
                yield from safety.toctree_entry(page, entry.strip(), number)
    elif name in TITLED and args:
        yield from markup(page, parse(args), start)
    for option in sorted(MARKDOWN_OPTIONS & set(found)):
        yield from markup(page, parse(found[option]), start)
    body = "\n".join(token.content.splitlines()[body_start:])
    if name not in OPAQUE and body.strip():
        yield from markup(page, parse(body), start + 1 + body_start)


def math(page: Page, line: int, col: int) -> Problem:
    return page.problem(
        line,
        col,
        Code.MATH,
        "math is not rendered in reports (it would load a script); write the formula as "
        "text, or as a PNG picture beside the page",
    )


def milestone(page: Page, args: str, found: dict[str, str], line: int) -> Iterator[Problem]:
    """A ``{milestone}`` record: its options, fields and WBS element."""
    unknown = set(found) - set(OPTION_NAMES)
    if unknown:
        yield page.problem(
            line,
            1,
            Code.MILESTONE_RECORD,
            f"milestone {args}: unknown option(s) {', '.join(sorted(unknown))}; "
            f"allowed: {', '.join(sorted(OPTION_NAMES))}",
        )
        return
    try:
        record = Milestone.model_validate({"id": args, **found})
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(p) for p in error["loc"]) or "record"
            message = error["msg"].removeprefix("Value error, ")
            yield page.problem(
                line, 1, Code.MILESTONE_RECORD, f"milestone {args or '?'}: {where}: {message}"
            )
        return
    if record.wbs and record.wbs not in page.wbs.by_code:
        yield page.problem(
            line,
            1,
            Code.MILESTONE_RECORD,
            f"milestone {record.id}: WBS {record.wbs} is not in wbs/elements.yaml",
        )


def inline(page: Page, children: list[Token], start: int, end: int) -> Iterator[Problem]:
    """Roles, links, inline HTML and plain identifiers of lines [start, end)."""
    for child in children:
        if child.type == "myst_role":
            name = child.meta.get("name", "")
            line, col = page.locate(f"{{{name}}}`{child.content}", start, end)
            if name == "math":
                yield math(page, line, col)
            elif name not in REPORT_ROLES:
                yield page.problem(
                    line,
                    col,
                    Code.UNKNOWN_ROLE,
                    f"unknown role {{{name}}}{did_you_mean(name, REPORT_ROLES, '{{{}}}')}; use one "
                    "of the report roles (jira, jirab, milestone, ldm, dmtn, cite:alp, ...)",
                )
            else:
                yield from references.role(page, name, child.content, line, col)
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            if href in ("", "#"):
                line, col = page.locate("](" + href + ")", start, end)
                yield page.problem(
                    line,
                    col,
                    Code.EMPTY_LINK,
                    "link without a target; give its URL or remove the link",
                )
            else:
                found = list(safety.link(page, href, start, end))
                yield from found
                if not found:
                    line, col = page.locate(href, start, end)
                    yield from references.link_target(page, href, line, col)
        elif child.type == "footnote_ref":
            label = str(child.meta.get("label", ""))
            page.notes.footnote_refs.append((label, *page.locate(f"[^{label}]", start, end)))
        elif child.type == "image":
            src = str(child.attrs.get("src", ""))
            yield from safety.image(page, src, *page.locate(src, start, end))
        elif child.type == "html_inline":
            line, col = page.locate(child.content, start, end)
            yield safety.html(page, child.content, line, col)
        elif child.type == "text":
            yield from safety.refused_links(page, child.content, start, end)
            yield from plain_ids(page, child.content, start, end)


def _role_for(kind: str, match: re.Match[str]) -> str:
    """How an identifier found as plain text is written with its role."""
    if kind == "document":
        return f"{{{SERIES_BY_PREFIX[match['prefix']].role}}}`{match['number']}`"
    return f"{{{'milestone' if kind == 'milestone' else 'jira'}}}`{match.group(0)}`"


PLAIN = (
    ("milestone", MILESTONE_RE, Code.PLAIN_MILESTONE),
    ("ticket", TICKET_RE, Code.PLAIN_TICKET),
    ("document", DOCUMENT_RE, Code.PLAIN_DOCUMENT),
)


def plain_ids(page: Page, text: str, start: int, end: int) -> Iterator[Problem]:
    """Milestones, tickets and documents written without their roles."""
    # Positions skip `...` spans: the same id may also sit in a role nearby.
    for kind, pattern, code in PLAIN:
        for match in pattern.finditer(text):
            line, col = page.locate(match.group(0), start, end, outside_code=True)
            message = f"{kind} {match.group(0)} as plain text; write {_role_for(kind, match)}"
            yield page.problem(line, col, code, message)
