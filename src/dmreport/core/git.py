"""What git knows about the repository (GitPython); nothing without ``.git``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

import git


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # ISO date of the commit, UTC
    epoch: int


@lru_cache(maxsize=8)
def commit_info(root: Path) -> Commit | None:
    """The commit checked out at ``root``, or None outside a git work tree."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        head = repo.head.commit
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, ValueError):
        return None
    epoch = int(head.committed_date)
    day = datetime.fromtimestamp(epoch, tz=UTC).date().isoformat()
    return Commit(head.hexsha, day, epoch)


@dataclass(frozen=True)
class FileHistory:
    changed: str  # ISO date of the last commit that touched the file
    contributors: tuple[str, ...]  # authors, most recent first


def file_histories(root: Path) -> dict[str, FileHistory]:
    """Last change and contributors of every file, from one ``git log``."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        log = repo.git.log("--format=%x00%at%x09%an", "--name-only", "--no-renames", "--", ".")
        top = Path(repo.working_tree_dir or root).resolve()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return {}
    prefix = root.resolve().relative_to(top).as_posix()
    dates: dict[str, int] = {}
    authors: dict[str, list[str]] = {}
    for entry in log.split("\x00")[1:]:
        header, _, names = entry.partition("\n")
        stamp, _, author = header.partition("\t")
        for name in names.split("\n"):
            if not name.strip():
                continue
            path = name if prefix in ("", ".") else name.removeprefix(prefix + "/")
            dates.setdefault(path, int(stamp))
            people = authors.setdefault(path, [])
            if author not in people:
                people.append(author)
    return {
        path: FileHistory(
            datetime.fromtimestamp(stamp, tz=UTC).date().isoformat(), tuple(authors[path])
        )
        for path, stamp in dates.items()
    }


@dataclass(frozen=True)
class Revision:
    """One commit that changed a folder."""

    sha: str
    date: str  # ISO date of the commit, UTC
    epoch: int
    summary: str  # the first line of its message
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FolderHistory:
    """The commits that changed a folder, oldest first, and whether the work
    tree holds changes to it that are not committed."""

    revisions: tuple[Revision, ...] = ()
    uncommitted: bool = False


def folder_histories(root: Path, top: str = "reports") -> dict[str, FolderHistory]:
    """The history of every folder directly under ``top`` (``reports/2020-01``),
    from one ``git log`` and one ``git status``; empty outside a git work tree."""
    try:
        repo = git.Repo(root, search_parent_directories=True)
        log = repo.git.log("--format=%x00%H%x09%ct%x09%s", "--name-only", "--no-renames", "--", top)
        status = repo.git.status("--porcelain", "--untracked-files=all", "--", top)
        tags: dict[str, list[str]] = {}
        for tag in repo.tags:
            tags.setdefault(tag.commit.hexsha, []).append(tag.name)
        base = Path(repo.working_tree_dir or root).resolve()
    except (git.InvalidGitRepositoryError, git.NoSuchPathError, git.GitCommandError, ValueError):
        return {}
    prefix = root.resolve().relative_to(base).as_posix()

    def folder(name: str) -> str | None:
        path = name if prefix in ("", ".") else name.removeprefix(prefix + "/")
        parts = path.strip('"').split("/")
        return "/".join(parts[:2]) if len(parts) > 2 and parts[0] == top else None

    revisions: dict[str, list[Revision]] = {}
    for entry in log.split("\x00")[1:]:
        header, _, names = entry.partition("\n")
        sha, stamp, summary = [*header.split("\t", 2), "", ""][:3]
        epoch = int(stamp)
        day = datetime.fromtimestamp(epoch, tz=UTC).date().isoformat()
        revision = Revision(sha, day, epoch, summary, tuple(sorted(tags.get(sha, []))))
        for place in {folder(name) for name in names.split("\n") if name.strip()}:
            if place is not None:
                revisions.setdefault(place, []).append(revision)
    # Porcelain paths are relative to the repository's root, renames "old -> new".
    changed = {folder(line[3:].split(" -> ")[-1]) for line in status.splitlines() if line}
    return {
        place: FolderHistory(tuple(reversed(revisions.get(place, []))), place in changed)
        for place in sorted(set(revisions) | {c for c in changed if c is not None})
    }


def git_head(root: Path) -> str | None:
    """The commit checked out in ``root`` (read from ``.git``, no subprocess)."""
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if not head.startswith("ref: "):
        return head
    ref = head[5:]
    try:
        return (git / ref).read_text(encoding="utf-8").strip()
    except OSError:
        pass
    try:
        for line in (git / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(f" {ref}"):
                return line.split()[0]
    except OSError:
        pass
    return head
