"""DMR042: the published text of an issued month changed without a revision.

A month whose ``index.md`` says ``issued:`` is a record. Its *published
text* is the words of its pages as read (the Markdown's text without its
markup, the bodies of its directives, so its references and milestone
records too), not their front matter, wrapping or markup. The text is
*covered* up to the later of the date of issue and the newest
``revisions:`` entry's date; it is compared with the text in the newest
commit dated on or before that day (or, for a month that entered git after
its issue, the first commit whose ``index.md`` says ``issued:``: the import
was settled then). If the words differ, the text changed after its issue
without a revision. Drafts are never checked, nor a month whose ``issued:``
is not committed yet, nor anything outside git.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import git
import yaml
from markdown_it.token import Token

from .codes import Code
from .problem import Problem
from .tokens import parse

#: How deep directives inside directives are read.
MAX_DEPTH = 4
OPTION = re.compile(r"^:[\w-]+:", re.M)


@dataclass(frozen=True)
class Word:
    text: str
    line: int  # 1-based, in its page


def words(text: str, offset: int = 0, depth: int = 0) -> list[Word]:
    """The words a page shows, each with its line; markup and front matter left out."""
    found: list[Word] = []
    for token in parse(text):
        first = (token.map[0] if token.map else 0) + offset
        if token.type == "inline":
            found += _inline(token, first)
        elif token.type == "fence" and token.info.startswith("{") and depth < MAX_DEPTH:
            body = OPTION.sub("", token.content)  # its options' names are markup
            found += words(body, first + 1, depth + 1)
        elif token.type in ("fence", "code_block"):
            found += [Word(w, first + 1) for w in token.content.split()]
    return found


def _inline(token: Token, first: int) -> list[Word]:
    found: list[Word] = []
    line = first + 1
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("text", "code_inline"):
            found += [Word(w, line) for w in child.content.split()]
        elif child.type == "link_open":
            found.append(Word(f"<{child.attrGet('href')}>", line))
    return found


def _front(text: str) -> dict[str, object]:
    if not text.startswith("---\n"):
        return {}
    data = yaml.safe_load(text[4:].split("\n---", 1)[0]) if "\n---" in text else None
    return data if isinstance(data, dict) else {}


def _day(value: object) -> date | None:
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return None


def covered_until(front: dict[str, object]) -> date | None:
    """The later of the date of issue and the newest revision's (None: a draft)."""
    issued = _day(front.get("issued"))
    if issued is None or front.get("status") != "published":
        return None
    revisions = front.get("revisions")
    days = [issued] + [
        day
        for entry in (revisions if isinstance(revisions, list) else [])
        if isinstance(entry, dict) and (day := _day(entry.get("date"))) is not None
    ]
    return max(days)


def _baseline(repo: git.Repo, folder: str, until: date) -> git.Commit | None:
    """The newest commit of the folder dated on or before ``until``, else the
    first that declares the month issued."""
    commits = list(repo.iter_commits(paths=folder))  # newest first
    for commit in commits:
        if datetime.fromtimestamp(commit.committed_date, tz=UTC).date() <= until:
            return commit
    for commit in reversed(commits):
        if _front(_old_text(commit, f"{folder}/index.md")).get("issued"):
            return commit
    return None


def _old_text(commit: git.Commit, path: str) -> str:
    try:
        blob = commit.tree / path
    except KeyError:
        return ""
    return bytes(blob.data_stream.read()).decode("utf-8", "replace")


def published_text(root: Path, month: str) -> list[Problem]:
    """DMR042 for ``month`` when its published text changed after it was covered."""
    folder = Path("reports") / month
    index = root / folder / "index.md"
    if not index.is_file():
        return []
    front = _front(index.read_text(encoding="utf-8"))
    until = covered_until(front)
    if until is None or until >= datetime.now(tz=UTC).date():
        return []
    try:
        repo = git.Repo(root, search_parent_directories=True)
        top = Path(repo.working_tree_dir or root).resolve()
        prefix = root.resolve().relative_to(top)
        commit = _baseline(repo, (prefix / folder).as_posix(), until)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return []
    if commit is None:
        return []
    try:
        old_pages = {b.name for b in (commit.tree / (prefix / folder).as_posix()).blobs}
    except KeyError:
        old_pages = set()
    pages = old_pages | {p.name for p in (root / folder).glob("*.md")}
    names = sorted(name for name in pages if name.endswith(".md"))
    for name in names:
        path = root / folder / name
        now = words(path.read_text(encoding="utf-8")) if path.is_file() else []
        then = words(_old_text(commit, (prefix / folder / name).as_posix()))
        line = _first_change([w.text for w in then], now)
        if line is not None:
            fix = f"add a revision to {folder.as_posix()}/index.md"
            message = (
                f"the published text of {month} changed after its issue on {front['issued']}: {fix}"
            )
            return [Problem(f"{folder.as_posix()}/{name}", line, 1, Code.TEXT_CHANGED, message)]
    return []


def _first_change(old: list[str], new: list[Word]) -> int | None:
    """The line of the first word that differs (None when the words are the same)."""
    matcher = difflib.SequenceMatcher(a=old, b=[w.text for w in new], autojunk=False)
    for tag, _, _, start, _ in matcher.get_opcodes():
        if tag != "equal":
            return new[min(start, len(new) - 1)].line if new else 1
    return None
