"""The writers' and the editor's tools: scaffold a month, see its status,
export its summary for the community forum, and keep CODEOWNERS current."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import git
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..checks.structure import TODO
from ..core.errors import DmreportError
from ..core.ids import JIRA_ROLES, SERIES_BY_ROLE, month_of, month_title, parse_month
from ..core.registry import CITATIONS_FILE, citation_label, load_bib, load_wbs
from ..core.sections import PART_TITLES, part_of

TEMPLATES = Path("_templates/new")
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.S)
HEADING = re.compile(r"^(?P<marks>#{1,6}) (?P<title>.+)$")


def front_matter(text: str) -> dict[str, object]:
    match = FRONT_MATTER.match(text)
    data = yaml.safe_load(match["yaml"]) if match else None
    return data if isinstance(data, dict) else {}


def months(root: Path) -> list[str]:
    """Every month of the archive, oldest first."""
    return sorted(
        where.month
        for path in (root / "reports").glob("*/index.md")
        if (where := month_of(path.relative_to(root))) is not None
    )


def planned_items(text: str) -> list[str]:
    """The Planned activities of a page, as to-do lines (headings kept)."""
    items: list[str] = []
    inside = False
    for line in text.splitlines():
        heading = HEADING.match(line)
        if heading and len(heading["marks"]) == 2:
            inside = part_of(heading["title"]) == "plans"
            continue
        if not inside or not line.strip() or line.startswith("```"):
            continue
        if heading:
            items.append(f"{heading['title']}:")
        else:
            stripped = line.strip().removeprefix("- ")
            indent = "  " * ((len(line) - len(line.lstrip())) // 2)
            items.append(f"{indent}- [ ] {stripped}")
    return items


def _templates(root: Path) -> Environment:
    directory = root / TEMPLATES
    if not directory.is_dir():
        raise DmreportError("templates for new months are missing", path=directory)
    env = Environment(
        loader=FileSystemLoader(directory),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml_str"] = lambda value: json.dumps(value, ensure_ascii=False)
    return env


def new_month(root: Path, month: str) -> list[Path]:
    """Create ``reports/<month>/`` from the previous month, as a draft."""
    parse_month(month)
    target = root / "reports" / month
    if target.exists():
        raise DmreportError(f"{target} already exists", fix="edit it, or choose another month")
    earlier = [m for m in months(root) if m < month]
    if not earlier:
        raise DmreportError(f"no month before {month} to start from", path=root / "reports")
    previous = root / "reports" / earlier[-1]
    wbs = load_wbs(root)
    templates = _templates(root)
    pages: list[tuple[str, str]] = []
    wbs_pages: list[str] = []
    for element in wbs.pages:
        source = previous / f"{element.slug}.md"
        if not source.is_file():
            continue
        text = source.read_text(encoding="utf-8")
        meta = front_matter(text)
        wbs_pages.append(str(element.slug))
        pages.append(
            (
                f"{element.slug}.md",
                templates.get_template("wbs-page.md.jinja").render(
                    wbs=str(meta.get("wbs", element.code)),
                    title=str(meta.get("title", element.title)),
                    previous=month_title(earlier[-1]),
                    todo=planned_items(text),
                    parts=list(PART_TITLES.values()),
                ),
            )
        )
    open_records = _open_milestones(previous / "milestones.md")
    pages.insert(0, ("milestones.md", templates.get_template("milestones.md.jinja").render(
        records=open_records, previous=month_title(earlier[-1]))))  # fmt: skip
    pages.insert(0, ("summary.md", templates.get_template("summary.md.jinja").render()))
    pages.insert(
        0,
        (
            "index.md",
            templates.get_template("index.md.jinja").render(
                month=month, title=month_title(month), wbs_pages=wbs_pages
            ),
        ),
    )
    target.mkdir(parents=True)
    written = []
    for name, text in pages:
        path = target / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def _open_milestones(path: Path) -> list[str]:
    """Last month's records that were not completed, to update."""
    if not path.is_file():
        return []
    blocks = re.findall(r"^```\{milestone\}.*?^```$", path.read_text(encoding="utf-8"), re.S | re.M)
    return [block for block in blocks if ":status: completed" not in block]


@dataclass
class SectionStatus:
    page: str
    title: str
    words: int
    empty: list[str]
    author: str
    date: str
    #: Who answers for the page (the registry's owners of its element).
    owners: list[str] = field(default_factory=list)
    #: To-do lines (``% To do``, ``% - [ ]``) left on the page.
    todo: int = 0


def started_from(root: Path, month: str) -> str:
    """The month ``dmreport new`` starts ``month`` from: the latest before it."""
    earlier = [m for m in months(root) if m < month]
    return earlier[-1] if earlier else ""


def month_status(root: Path, month: str) -> tuple[str, list[SectionStatus], list[str]]:
    """The month's status, its sections and the WBS pages still missing."""
    parse_month(month)
    directory = root / "reports" / month
    index = directory / "index.md"
    if not index.is_file():
        raise DmreportError(f"{directory} is not a month of the archive", fix="see reports/")
    status = str(front_matter(index.read_text(encoding="utf-8")).get("status", "draft"))
    try:
        repo: git.Repo | None = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        repo = None
    sections: list[SectionStatus] = []
    owners = {f"{e.slug}.md": list(e.owners) for e in load_wbs(root).pages}
    for path in sorted(directory.glob("*.md")):
        if path.name == "index.md":
            continue
        text = path.read_text(encoding="utf-8")
        body = FRONT_MATTER.sub("", text)
        words = len(re.findall(r"\w+", re.sub(r"^(#.*|%.*)$", "", body, flags=re.M)))
        author = date = "-"
        if repo is not None:
            commits = list(repo.iter_commits(paths=str(path.resolve()), max_count=1))
            if commits:
                author = str(commits[0].author.name)
                date = datetime.fromtimestamp(commits[0].committed_date, tz=UTC).date().isoformat()
            else:
                author = "(not committed)"
        title = str(front_matter(text).get("title", path.stem))
        todo = sum(1 for line in text.splitlines() if TODO.match(line.strip()))
        sections.append(
            SectionStatus(
                path.name,
                title,
                words,
                _empty_parts(body),
                author,
                date,
                owners.get(path.name, []),
                todo,
            )
        )
    present = {path.stem for path in directory.glob("*.md")}
    missing = [f"{e.code} {e.title}" for e in load_wbs(root).pages if e.slug not in present]
    return status, sections, missing


def _empty_parts(body: str) -> list[str]:
    empty: list[str] = []
    current: str | None = None
    content = False
    for line in [*body.splitlines(), "## end"]:
        heading = HEADING.match(line)
        if heading and len(heading["marks"]) == 2:
            if current and not content:
                empty.append(current)
            current = heading["title"] if part_of(heading["title"]) else None
            content = False
        elif line.strip() and not line.startswith("%"):
            content = True
    return empty


ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")


def summary_markdown(root: Path, month: str, base_url: str, jira: str) -> str:
    """The month's High-level Summary as plain Markdown with absolute links."""
    parse_month(month)
    path = root / "reports" / month / "summary.md"
    if not path.is_file():
        raise DmreportError("the month has no summary.md", path=path)
    bib = load_bib(root / CITATIONS_FILE)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^## References\n+```\{bibliography\}\n```\n?", "", text, flags=re.M)
    base = base_url.rstrip("/")

    def link(match: re.Match[str]) -> str:
        name, content = match["name"], match["content"]
        if name in JIRA_ROLES:
            tickets = [t.strip() for t in content.split(",")]
            links = ", ".join(f"[{t}]({jira.format(ticket=t)})" for t in tickets)
            return f"[{links}]" if name == "jirab" else links
        if name.startswith("cite"):
            return "; ".join(
                citation_label(bib, key.strip()) for key in content.split(",") if key.strip()
            )
        if name == "milestone":
            return f"[{content}]({base}/milestones/index.html#milestone-{content.lower()})"
        series = SERIES_BY_ROLE.get(name)
        if series is None:
            return match.group(0)
        return f"[{series.prefix}-{content}]({series.url(content)})"

    text = ROLE.sub(link, text)
    report = f"{base}/reports/{month}/index.html"
    return text.rstrip() + f"\n\nRead the full report: {report}\n"


def codeowners(root: Path) -> str:
    """The CODEOWNERS text: each element's page, every month, to its owners."""
    lines = [
        "# Generated by `dmreport codeowners` from wbs/elements.yaml; do not edit.",
        "",
    ]
    for element in load_wbs(root).pages:
        if element.owners:
            lines.append(f"/reports/*/{element.slug}.md {' '.join(element.owners)}")
    return "\n".join(lines) + "\n"
