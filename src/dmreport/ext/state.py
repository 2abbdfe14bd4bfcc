"""What one build knows besides the environment: the settings, the project
data read at ``config-inited``, and what changed in this build.

One :class:`BuildState` per Sphinx application, reached with
:func:`get_state`; handlers never hang attributes on ``app``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from ..checks.gate import Gate
from ..core.errors import DmreportError
from ..core.git import FileHistory
from ..core.registry import (
    CITATIONS_FILE,
    DOCUMENTS_FILE,
    WbsRegistry,
    citation_label,
    load_bib,
    load_wbs,
)
from .config import Settings


@dataclass
class BuildState:
    """Settings, project data and this build's changes."""

    settings: Settings
    wbs: WbsRegistry
    #: Document handle -> title, from ``data/documents.bib``.
    document_titles: dict[str, str] = field(default_factory=dict)
    #: Citation key -> author-year label, from ``data/citations.bib``.
    citation_labels: dict[str, str] = field(default_factory=dict)
    #: Documents added, changed, removed or read in this build.
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    #: Last change and contributors of every file (HTML builds).
    git: dict[str, FileHistory] = field(default_factory=dict)
    #: The commit :attr:`git` was read at (a kept application reads it again
    #: after a commit).
    git_head: str | None = None
    #: The digest of the milestone pages this build writes ("" : none).
    milestone_pages: str = ""
    #: What the gate lets the build read under ``reports/`` (set at ``config-inited``).
    gate: Gate = field(default_factory=Gate)
    #: ``exclude_patterns`` of ``conf.py``, before the gate adds its own.
    site_excludes: list[str] | None = None


_STATES: WeakKeyDictionary[Sphinx, BuildState] = WeakKeyDictionary()


def get_state(app: Sphinx) -> BuildState:
    """The build's state (made at ``config-inited``)."""
    return _STATES[app]


def document_titles(root: Path) -> dict[str, str]:
    """Handle -> title of every Rubin document in ``data/documents.bib``."""
    path = root / DOCUMENTS_FILE
    if not path.is_file():
        return {}
    titles: dict[str, str] = {}
    for key, entry in load_bib(path).entries.items():
        handle = entry.fields.get("handle", key)
        titles[handle] = str(entry.fields.get("title", "")).replace("{", "").replace("}", "")
    return titles


def citation_labels(root: Path) -> dict[str, str]:
    """Key -> author-year label of every work in ``data/citations.bib``."""
    path = root / CITATIONS_FILE
    if not path.is_file():
        return {}
    works = load_bib(path)
    return {key: citation_label(works, key) for key in works.entries}


def _make_state(app: Sphinx, config: Config) -> None:
    root = Path(app.srcdir)
    try:
        _STATES[app] = BuildState(
            settings=Settings.from_config(config),
            wbs=load_wbs(root),
            document_titles=document_titles(root),
            citation_labels=citation_labels(root),
        )
    except DmreportError as exc:
        raise ConfigError(str(exc)) from None


def note_data(env: BuildEnvironment, path: Path) -> None:
    """Record that the page being read depends on a project data file."""
    env.note_dependency(str(Path(env.srcdir) / path))


def setup_state(app: Sphinx) -> None:
    # Before any other config-inited handler of the extension.
    app.connect("config-inited", _make_state, priority=400)
