"""What the checks know of the project beyond one page: the milestones every
month's records define (and those the plan lists, ``data/milestones.yaml``)
and the keys of the bibliography.

:meth:`Project.scan` reads the report pages on disk once; ``dmreport check``
and the build scan once per run. Without a project (the importer, which
checks a month before it exists) the rules that need one are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..core.errors import DmreportError
from ..core.ids import MILESTONE_ID_RE, month_of
from ..core.registry import CITATIONS_FILE, load_bib
from .gate import REPORTS, Gate, classify

#: The argument of a milestone record, in a backtick or colon fence.
RECORD = re.compile(r"^\s*(?:`{3,}|:{3,})\s*\{milestone\}\s+(?P<id>\S+)", re.M)
#: Milestones of the plan that reports cite without a record of their own.
PLAN_FILE = Path("data/milestones.yaml")


def plan_milestones(root: Path) -> set[str]:
    """The ids listed in ``data/milestones.yaml`` (none without the file)."""
    path = root / PLAN_FILE
    if not path.is_file():
        return set()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        entries = data["milestones"] if isinstance(data, dict) else None
        ids = {str(entry["id"]) for entry in entries or []}
    except (yaml.YAMLError, KeyError, TypeError) as exc:
        raise DmreportError(
            f"not a list of milestones: {exc}",
            path=path,
            fix="write `milestones:` then `- id: DM-DRP-11` and `title: ...` items",
        ) from None
    bad = sorted(i for i in ids if not MILESTONE_ID_RE.match(i))
    if bad:
        raise DmreportError(f"not milestone ids: {', '.join(bad)}", path=path)
    return ids


@dataclass(frozen=True)
class Project:
    """The other pages' facts a page's references are checked against."""

    #: Every milestone id a month's records define or the plan lists.
    milestones: frozenset[str]
    #: What the gate lets the build read under ``reports/`` (None: not scanned).
    gate: Gate | None = None
    #: Every page of the site, as repository paths with their suffix (None: not known).
    docs: frozenset[str] | None = None

    def is_page(self, path: str) -> bool:
        """Whether ``path`` (``wbs/index.md``) is a page the site builds."""
        if self.gate is not None and path.startswith(REPORTS + "/"):
            return path in self.gate.pages
        return self.docs is None or path in self.docs

    @classmethod
    def scan(
        cls, root: Path, docs: frozenset[str] | None = None, gate: Gate | None = None
    ) -> Project:
        """Read every report page under ``root`` that the gate lets through;
        ``docs`` are the site's pages (read from ``conf.py`` when not given)."""
        gate = gate or classify(root)
        found = plan_milestones(root)
        for page in sorted(gate.pages):
            path = root / page
            if month_of(page) is None:
                continue
            try:
                info = path.stat()
                found.update(_records(path, info.st_mtime_ns, info.st_size))
            except (OSError, UnicodeDecodeError):
                continue  # reported on the page itself
        return cls(frozenset(found), gate, docs if docs is not None else site_pages(root, gate))


def site_pages(root: Path, gate: Gate) -> frozenset[str]:
    """The pages the site at ``root`` builds, as Sphinx finds them from
    ``conf.py`` (its suffixes and include and exclude patterns) and the
    gate (which excludes what it refuses)."""
    from sphinx.config import Config  # the importer checks pages without Sphinx
    from sphinx.util.matching import get_matching_files

    if not (root / "conf.py").is_file():
        return frozenset()
    config = Config.read(root.resolve())
    config.init_values()
    suffixes = tuple(config.source_suffix)
    exclude = [*config.exclude_patterns, *gate.exclude_patterns()]
    found = get_matching_files(root, config.include_patterns, exclude)
    return frozenset(path for path in found if path.endswith(suffixes))


@lru_cache(maxsize=8192)
def _records(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """The milestone ids a page's records define (read again when it changes;
    a preview scans the archive on every save)."""
    text = path.read_text(encoding="utf-8")
    return frozenset(match["id"] for match in RECORD.finditer(text))


@lru_cache(maxsize=8)
def _keys(path: Path, stamp: float) -> frozenset[str]:
    return frozenset(load_bib(path).entries) if path.is_file() else frozenset()


def citation_keys(root: Path) -> frozenset[str]:
    """The keys of ``data/citations.bib`` (read again when it changes)."""
    path = (root / CITATIONS_FILE).resolve()
    return _keys(path, path.stat().st_mtime if path.is_file() else 0.0)
