"""Parallel reading and writing only for builds with many pages to read.

With ``-j N``, Sphinx reads in worker processes that each send back the
whole environment, and writes in workers that receive the doctrees they
write. For the handful of pages an edit or a new month brings, that costs
more than it saves, and more as the archive grows (at 120 months, reading
one changed page in a worker meant pickling and merging the environment of
every month: two seconds). A build that reads fewer than
:data:`SERIAL_BELOW` pages runs in one process.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: Pages to read below which a build reads and writes in one process.
SERIAL_BELOW = 60


def _serial_when_few(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: no worker processes for a small rebuild."""
    if len(docnames) < SERIAL_BELOW:
        app.parallel = 1


def setup_parallel(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _serial_when_few)
