"""Every reach into Sphinx's private parts, in one place.

The preview keeps one application between edits and the benchmark times a
build's steps; both need a few of Sphinx's private attributes. They are
used only through this module, and ``tests/test_sphinx_private.py`` checks
each against the installed Sphinx, so that an upgrade that changes one
fails there first. ``requirements.txt`` pins Sphinx to :data:`COVERED`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util._pathlib import _StrPath

#: The Sphinx release (major, minor) whose private parts this module uses.
COVERED = (8, 1)
#: The private names used, by owner (for the test).
USED = {
    BuildEnvironment: ("_pickled_doctree_cache", "_write_doc_doctree_cache"),
    Sphinx: ("_load_existing_env", "_init_builder"),
}


def forget_doctrees_read(env: BuildEnvironment) -> None:
    """Drop the doctrees the environment cached from disk: pages read again
    replace them there (Sphinx's own test application does this between
    builds)."""
    env._pickled_doctree_cache.clear()


def doctrees_into(builder: Builder, folder: str) -> None:
    """Have ``builder`` write the doctrees it reads into ``folder``."""
    builder.doctreedir = _StrPath(folder)


def outputs_into(builder: Builder, folder: str) -> None:
    """Have ``builder`` write its pages into ``folder``."""
    builder.outdir = _StrPath(folder)


@dataclass(frozen=True)
class Hooks:
    """What a :class:`HookedSphinx` reports: the seconds loading a pickled
    environment took, and the application once its builder exists."""

    loaded: Callable[[float], None] = lambda seconds: None
    ready: Callable[[Sphinx], None] = lambda app: None


class HookedSphinx(Sphinx):
    """A Sphinx application that calls its class's :class:`Hooks`."""

    hooks: ClassVar[Hooks] = Hooks()

    def _load_existing_env(self, filename: str) -> BuildEnvironment:
        start = time.perf_counter()
        env = super()._load_existing_env(filename)
        self.hooks.loaded(time.perf_counter() - start)
        return env

    def _init_builder(self) -> None:
        super()._init_builder()
        self.hooks.ready(self)
