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
