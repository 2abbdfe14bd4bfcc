"""Garbage collection over a build: what the build has read is frozen while
it writes, and the interpreter's last collection is skipped.

Python's collector walks every object alive each time it collects the
oldest generation, and a build collects it every time a quarter more
objects have lived long: at ten years, tens of times over an environment of
millions of nodes while the pages are written, most of a second each. Once
the pages are read (``env-updated``), what is alive is frozen
(:func:`gc.freeze`): the environment lives to the end of the build, and the
collections while writing walk only what the writing makes. The workers
that write are forked after that and leave the frozen objects untouched.
At ``build-finished`` they are unfrozen, so that an application kept
between builds (the preview) frees what its next builds replace.

At exit, Python collects garbage over every object still alive: after a
build, the environment and every page's nodes, eleven seconds at ten years.
The process ends there, so nothing is gained by it: the objects alive then
are frozen (at exit only), and the system frees them at once. Files are
closed by their own ``with`` blocks and logging flushes in its own exit
handler, which runs after this one.
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def _freeze(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated`` (first): what the build read is kept to its end."""
    gc.freeze()


def _unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: collected as usual again."""
    gc.unfreeze()


def setup_memory(app: Sphinx) -> None:
    app.connect("env-updated", _freeze, priority=0)
    app.connect("build-finished", _unfreeze)
    # Once per process, however many applications it makes.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
