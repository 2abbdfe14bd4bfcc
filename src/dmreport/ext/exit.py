"""The end of a build's process: the interpreter's last garbage collection
skipped.

At exit, Python collects garbage over every object still alive: after a
build, the environment and every page's nodes, eleven seconds at ten years.
The process ends there, so nothing is gained by it: the objects alive then
are frozen (:func:`gc.freeze`, at exit only), and the system frees them at
once. Files are closed by their own ``with`` blocks and logging flushes in
its own exit handler, which runs after this one.
"""

from __future__ import annotations

import atexit
import gc

from sphinx.application import Sphinx


def setup_exit(app: Sphinx) -> None:
    # Once per process, however many applications it makes.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
