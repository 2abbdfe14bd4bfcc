"""How a build writes its pages: in parallel only when there are many.

Writing in parallel forks worker processes that each receive the doctrees
they write and the environment; for the handful of pages an edit or a new
month rewrites, that costs more than it saves. A build that read fewer than
:data:`SERIAL_BELOW` documents writes in one process.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.builders import Builder

from .state import get_state

#: Documents read by a build below which its pages are written serially.
SERIAL_BELOW = 60


def _serial_when_few(app: Sphinx, builder: Builder) -> None:
    """``write-started``: no worker processes for a small rebuild."""
    if len(get_state(app).changed) < SERIAL_BELOW:
        builder.parallel_ok = False


def setup_writing(app: Sphinx) -> None:
    app.connect("write-started", _serial_when_few)
