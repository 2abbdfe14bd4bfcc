"""Checks of report pages, shared by ``dmreport check`` and the Sphinx build.

Every problem has a file, line, column, a code and a message that says how
to fix it. The same function runs in the build (``source-read``), so a page
that ``dmreport check`` rejects never builds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from pydantic import BaseModel, ConfigDict, ValidationError

from ..core.errors import DmreportError
from ..core.ids import DOCUMENT_RE, JIRA_ROLES, MILESTONE_RE, SERIES_BY_ROLE, TICKET_RE, month_of
from ..core.milestones import Milestone
from ..core.registry import WbsRegistry, load_wbs
from ..core.sections import PART_TITLES, STANDARD_PARTS, part_of

TODO = re.compile(r"^%\s*(?:To do\b|- \[ \])", re.I)
SUB_ELEMENT = re.compile(r"^(?P<code>02C(?:\.\d{2})+)\b")

#: Roles a report may use.
ROLES = frozenset(
    {
        *JIRA_ROLES, *SERIES_BY_ROLE, "milestone",
        "cite", "cite:p", "cite:t", "cite:alp", "cite:alt", "cite:ps", "cite:ts",
        "cite:year", "cite:author", "cite:authors", "cite:label",
        "ref", "doc", "term", "abbr", "sub", "sup", "code", "math", "samp",
    }
)  # fmt: skip
#: Directives a report may use.
DIRECTIVES = frozenset(
    {
        "toctree", "milestone", "milestone-trend", "bibliography",
        "note", "warning", "important", "tip", "caution", "attention", "admonition", "seealso",
        "figure", "image", "table", "list-table", "csv-table", "code-block", "math",
        "dropdown", "tab-set", "tab-item", "card", "grid", "grid-item", "grid-item-card",
        "include",
    }
)  # fmt: skip
MILESTONE_OPTIONS = frozenset({"title", "status", "wbs", "due", "completed", "forecast"})


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, ruff style: ``path:line:col: CODE message``."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"

    def github(self) -> str:
        """A GitHub Actions annotation."""
        return (
            f"::error file={self.path},line={self.line},col={self.col},"
            f"title={self.code}::{self.message}"
        )


class MonthFrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    month: str
    title: str
    status: Literal["draft", "published"]


class WbsFrontMatter(BaseModel):
    model_config = ConfigDict(extra="forbid")
    wbs: str
    title: str


_PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)


class _Checker:
    def __init__(self, path: str, text: str, root: Path, wbs: WbsRegistry) -> None:
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.root = root
        self.wbs = wbs
        self.problems: list[Problem] = []
        self.front_end = 1  # the line after the front matter
        self.broken_front = False

    def add(self, line: int, col: int, code: str, message: str) -> None:
        self.problems.append(Problem(self.path, max(line, 1), max(col, 1), code, message))

    def locate(
        self, needle: str, start: int, end: int, outside_code: bool = False
    ) -> tuple[int, int]:
        """Line and column (1-based) of ``needle`` within lines [start, end);
        with ``outside_code``, not inside a `...` span (a code span or a role)."""
        for number in range(start, min(end, len(self.lines))):
            line = self.lines[number]
            col = line.find(needle)
            while col >= 0 and outside_code and line.count("`", 0, col) % 2:
                col = line.find(needle, col + 1)
            if col >= 0:
                return number + 1, col + 1
        return start + 1, 1

    # -- the page ---------------------------------------------------------

    def run(self) -> list[Problem]:
        where = month_of(self.path)
        tokens = _PARSER.parse(self.text)
        front = self.front_matter(tokens)
        if where is not None:
            if where.stem == "index":
                self.month_page(front, where.month)
            elif (
                front is not None
                or self.broken_front
                or where.stem not in ("summary", "milestones")
            ):
                self.wbs_page(front, where.stem, tokens)
            self.todo(where.month)
        self.tokens(tokens, 0)
        return sorted(set(self.problems))

    def front_matter(self, tokens: list[Token]) -> dict[str, Any] | None:
        """The front matter; None when there is none or it is not valid YAML
        (then reported once, as DMR002, and not checked further)."""
        for token in tokens:
            if token.type == "front_matter":
                self.front_end = token.map[1] if token.map else 12
                try:
                    data = yaml.safe_load(token.content)
                except yaml.YAMLError as exc:
                    mark = getattr(exc, "problem_mark", None)
                    self.add(
                        (mark.line + 2) if mark else 1,
                        (mark.column + 1) if mark else 1,
                        "DMR002",
                        f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}",
                    )
                    self.broken_front = True
                    return None
                if not isinstance(data, dict):
                    self.add(2, 1, "DMR002", "front matter must be a mapping of key: value")
                    self.broken_front = True
                    return None
                return data
        return None

    def schema(self, model: type[BaseModel], data: dict[str, Any]) -> BaseModel | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                key = ".".join(str(p) for p in error["loc"]) or "front matter"
                line, col = self.locate(f"{key}:", 1, self.front_end) if error["loc"] else (1, 1)
                message = error["msg"]
                if error["type"] == "extra_forbidden":
                    message = f"unknown key {key!r}; allowed: {', '.join(model.model_fields)}"
                elif error["type"] == "missing":
                    message = f"{key!r} is required (allowed: {', '.join(model.model_fields)})"
                else:
                    message = f"{key}: {message}"
                self.add(line, col, "DMR003", f"front matter: {message}")
            return None

    def month_page(self, front: dict[str, Any] | None, month: str) -> None:
        if self.broken_front:
            return
        if front is None:
            self.add(
                1,
                1,
                "DMR003",
                "a month's index.md needs front matter: month, title, status",
            )
            return
        data = self.schema(MonthFrontMatter, front)
        if isinstance(data, MonthFrontMatter) and data.month != month:
            line, col = self.locate("month:", 1, self.front_end)
            self.add(
                line,
                col,
                "DMR004",
                f"front matter says month {data.month!r} but the page is in "
                f"reports/{month}/; make them agree",
            )

    def wbs_page(self, front: dict[str, Any] | None, stem: str, tokens: list[Token]) -> None:
        if self.broken_front:
            return
        if front is None:
            self.add(1, 1, "DMR003", "a WBS page needs front matter: wbs, title")
            return
        data = self.schema(WbsFrontMatter, front)
        if not isinstance(data, WbsFrontMatter):
            return
        line, col = self.locate("wbs:", 1, self.front_end)
        element = self.wbs.by_code.get(data.wbs)
        if element is None:
            known = ", ".join(e.code for e in self.wbs.pages)
            self.add(
                line,
                col,
                "DMR005",
                f"WBS code {data.wbs} is not in wbs/elements.yaml; known: {known}",
            )
        elif element.slug and element.slug != stem:
            self.add(
                line,
                col,
                "DMR021",
                f"the page of {data.wbs} must be named {element.slug}.md",
            )
        self.sections(tokens)

    def sections(self, tokens: list[Token]) -> None:
        seen: list[tuple[str, int]] = []
        for index, token in enumerate(tokens):
            if token.type != "heading_open":
                continue
            title = tokens[index + 1].content
            line = token.map[0] + 1 if token.map else 1
            sub = SUB_ELEMENT.match(title)
            if sub and "1." + sub["code"] not in self.wbs.by_code:
                self.add(
                    line,
                    1,
                    "DMR006",
                    f"sub-element {sub['code']} is not in wbs/elements.yaml; add it there "
                    "or correct the heading",
                )
            if token.tag == "h2" and (part := part_of(title)):
                seen.append((part, line))
        parts = [part for part, _ in seen]
        title_line = next((t.map[0] + 1 for t in tokens if t.type == "heading_open" and t.map), 1)
        for part in STANDARD_PARTS:
            if part not in parts:
                self.add(
                    title_line,
                    1,
                    "DMR007",
                    f"section '## {PART_TITLES[part]}' is missing; add it (it may stay empty)",
                )
        furthest = 0
        for part, line in seen:
            rank = STANDARD_PARTS.index(part)
            furthest = max(furthest, rank)
            if rank < furthest:
                self.add(
                    line,
                    1,
                    "DMR008",
                    f"section '{PART_TITLES[part]}' is out of order; the order is "
                    + ", ".join(PART_TITLES[p] for p in STANDARD_PARTS),
                )

    def todo(self, month: str) -> None:
        index = self.root / "reports" / month / "index.md"
        try:
            front = yaml.safe_load(index.read_text(encoding="utf-8").split("---")[1])
        except (OSError, IndexError, yaml.YAMLError, UnicodeDecodeError):
            return
        if not isinstance(front, dict) or front.get("status") != "published":
            return
        for number, line in enumerate(self.lines, start=1):
            if TODO.match(line.strip()):
                self.add(
                    number,
                    1,
                    "DMR020",
                    "to-do text left in a published month; report against it, then "
                    "delete the % lines",
                )

    # -- tokens -----------------------------------------------------------

    def tokens(self, tokens: list[Token], offset: int) -> None:
        for token in tokens:
            start = (token.map[0] if token.map else 0) + offset
            end = (token.map[1] if token.map else start + 1) + offset
            if token.type == "html_block":
                self.html(token.content, start, end)
            elif token.type in ("fence", "colon_fence") and token.info.startswith("{"):
                self.directive(token, start, end)
            elif token.type == "inline":
                self.inline(token.children or [], start, end)

    def html(self, content: str, start: int, end: int) -> None:
        lowered = content.lower()
        line, col = self.locate(content.strip().splitlines()[0][:20], start, end)
        if "<script" in lowered:
            self.add(line, col, "DMR016", "<script> is not allowed in a report")
        elif "<iframe" in lowered:
            self.add(line, col, "DMR017", "<iframe> is not allowed in a report")
        else:
            self.add(line, col, "DMR015", "raw HTML is not allowed; write Markdown instead")

    def directive(self, token: Token, start: int, end: int) -> None:
        match = re.match(r"^\{(?P<name>[^}]+)\}\s*(?P<args>.*)$", token.info)
        if not match:
            return
        name, args = match["name"], match["args"].strip()
        line = start + 1
        if name == "raw":
            self.add(line, 1, "DMR018", "the raw directive is not allowed in a report")
            return
        if name in ("iframe",):
            self.add(line, 1, "DMR017", "<iframe> is not allowed in a report")
            return
        if name not in DIRECTIVES:
            self.add(
                line,
                1,
                "DMR013",
                f"unknown directive {{{name}}}; allowed: {', '.join(sorted(DIRECTIVES))}",
            )
            return
        options, body_start = _options(token.content)
        if name in ("include", "literalinclude"):
            target = (self.root / Path(self.path).parent / args).resolve()
            if not target.is_relative_to(self.root.resolve()):
                self.add(
                    line,
                    1,
                    "DMR019",
                    f"include of {args!r} reaches outside the repository",
                )
            return
        if name == "milestone":
            self.milestone(args, options, line)
        body = "\n".join(token.content.splitlines()[body_start:])
        if name not in ("toctree", "bibliography", "milestone-trend") and body.strip():
            self.tokens(_PARSER.parse(body), start + 1 + body_start)

    def milestone(self, args: str, options: dict[str, str], line: int) -> None:
        unknown = set(options) - MILESTONE_OPTIONS
        if unknown:
            self.add(
                line,
                1,
                "DMR014",
                f"milestone {args}: unknown option(s) {', '.join(sorted(unknown))}; "
                f"allowed: {', '.join(sorted(MILESTONE_OPTIONS))}",
            )
            return
        try:
            record = Milestone.model_validate({"id": args, **options})
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"]) or "record"
                message = error["msg"].removeprefix("Value error, ")
                self.add(line, 1, "DMR014", f"milestone {args or '?'}: {where}: {message}")
            return
        if record.wbs and record.wbs not in self.wbs.by_code:
            self.add(
                line,
                1,
                "DMR014",
                f"milestone {record.id}: WBS {record.wbs} is not in wbs/elements.yaml",
            )

    def inline(self, children: list[Token], start: int, end: int) -> None:
        for child in children:
            if child.type == "myst_role":
                name = child.meta.get("name", "")
                if name not in ROLES:
                    line, col = self.locate(f"{{{name}}}", start, end)
                    self.add(
                        line,
                        col,
                        "DMR012",
                        f"unknown role {{{name}}}; use one of the report roles "
                        "(jira, jirab, milestone, ldm, dmtn, cite:alp, ...)",
                    )
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if href in ("", "#"):
                    line, col = self.locate("](" + href + ")", start, end)
                    self.add(
                        line,
                        col,
                        "DMR011",
                        "link without a target; give its URL or remove the link",
                    )
            elif child.type == "html_inline":
                line, col = self.locate(child.content, start, end)
                lowered = child.content.lower()
                if lowered.startswith("<script"):
                    self.add(line, col, "DMR016", "<script> is not allowed in a report")
                elif lowered.startswith("<iframe"):
                    self.add(line, col, "DMR017", "<iframe> is not allowed in a report")
                else:
                    self.add(line, col, "DMR015", "raw HTML is not allowed; write Markdown")
            elif child.type == "text":
                self.plain_ids(child.content, start, end)

    def plain_ids(self, text: str, start: int, end: int) -> None:
        # Positions skip `...` spans: the same id may also sit in a role nearby.
        for match in MILESTONE_RE.finditer(text):
            line, col = self.locate(match.group(0), start, end, outside_code=True)
            self.add(
                line,
                col,
                "DMR022",
                f"milestone {match.group(0)} as plain text; write {{milestone}}`{match.group(0)}`",
            )
        for match in TICKET_RE.finditer(text):
            line, col = self.locate(match.group(0), start, end, outside_code=True)
            self.add(
                line,
                col,
                "DMR009",
                f"ticket {match.group(0)} as plain text; write {{jira}}`{match.group(0)}`",
            )
        for match in DOCUMENT_RE.finditer(text):
            role = match["prefix"].lower()
            line, col = self.locate(match.group(0), start, end, outside_code=True)
            self.add(
                line,
                col,
                "DMR010",
                f"document {match.group(0)} as plain text; write {{{role}}}`{match['number']}`",
            )


def _options(content: str) -> tuple[dict[str, str], int]:
    """A directive's ``:key: value`` options and the line its body starts on."""
    options: dict[str, str] = {}
    lines = content.splitlines()
    index = 0
    while index < len(lines) and (match := re.match(r"^:([\w-]+):\s*(.*)$", lines[index])):
        options[match[1]] = match[2].strip()
        index += 1
    return options, index


def check_text(path: str, text: str, root: Path, wbs: WbsRegistry) -> list[Problem]:
    """Problems of one page given as text; ``path`` is relative to ``root``."""
    return _Checker(path, text, root, wbs).run()


def check_file(path: Path, root: Path, wbs: WbsRegistry) -> list[Problem]:
    """Problems of one page on disk."""
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return [Problem(relative, line, col, "DMR001", "file is not UTF-8; save it as UTF-8")]
    return check_text(relative, text, root, wbs)


def _month_page(path: Path, root: Path) -> bool:
    try:
        return month_of(path.resolve().relative_to(root.resolve())) is not None
    except ValueError:
        return False


def report_pages(root: Path, paths: list[Path] | None = None) -> list[Path]:
    """The pages to check: the given files, the month pages under the given
    folders, or every month page of ``reports/``."""
    found: list[Path] = []
    for path in paths or [root / "reports"]:
        if not path.is_dir():
            found.append(path)
            continue
        found.extend(
            page
            for page in sorted(path.rglob("*.md"))
            if _month_page(page, root) and not any(part.startswith(".") for part in page.parts)
        )
    return found


def check_paths(root: Path, paths: list[Path]) -> list[Problem]:
    """Problems of the given pages or folders (all report pages by default)."""
    wbs = load_wbs(root)
    problems: list[Problem] = []
    for path in report_pages(root, [p if p.is_absolute() else Path.cwd() / p for p in paths]):
        if not path.is_file():
            raise DmreportError("no such file", path=path)
        problems.extend(check_file(path, root, wbs))
    return problems
