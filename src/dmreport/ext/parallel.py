"""Parallel builds: worker processes only for builds with many pages to
read; each reading worker sends back only the pages it read, and as many
workers write as processes were asked for.

With ``-j N``, Sphinx reads in worker processes that each send back the
whole environment, and writes in workers that receive the doctrees they
write. For the handful of pages an edit or a new month brings, that costs
more than it saves, and more as the archive grows (at 120 months, reading
one changed page in a worker meant pickling and merging the environment of
every month: two seconds). A build that reads fewer than
:data:`SERIAL_BELOW` pages runs in one process.

A worker starts with the environment as it was when it was started: with
the pages of the workers merged before it. The main process merges only the
pages a worker read (``merge_info_from``), so a worker forgets the others
before it reads (the same purge the main process makes of the pages it is
about to read): each worker sends back its own pages, not the whole archive
read so far, and the main process no longer unpickles, and then collects as
garbage, one more copy of the archive per worker.

Sphinx writes with ``N - 1`` workers beside the main process, which
resolves the pages it hands them. The main process resolves a page in less
time than a worker writes it, and then waits while the one worker of a
two-processor machine writes the rest alone, half the machine idle. A build
with workers writes with ``N`` of them; the pages the build makes at the
end (``html-collect-pages``) are shared among ``N`` processes again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from weakref import WeakKeyDictionary

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: Pages to read below which a build reads and writes in one process.
SERIAL_BELOW = 60


@dataclass
class Reading:
    """The pages a parallel build reads, and the process that reads them
    out to workers."""

    main: int
    docnames: frozenset[str]
    #: The worker process that has forgotten the others' pages.
    purged: int | None = None
    #: Processes asked for (``-j``), while the pages are written with one more.
    asked: int = 0


_READING: WeakKeyDictionary[Sphinx, Reading] = WeakKeyDictionary()


def _serial_when_few(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: no worker processes for a small rebuild."""
    if len(docnames) < SERIAL_BELOW:
        app.parallel = 1
    if app.parallel > 1:
        _READING[app] = Reading(os.getpid(), frozenset(docnames))
    else:
        _READING.pop(app, None)


def _own_pages_only(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: in a worker, before its first page, forget the pages
    read this build by the workers before it."""
    reading = _READING.get(app)
    if reading is None or os.getpid() in (reading.main, reading.purged):
        return
    reading.purged = os.getpid()
    env = app.env
    for other in sorted(reading.docnames & env.all_docs.keys()):
        app.events.emit("env-purge-doc", env, other)
        env.clear_doc(other)


def _a_writer_per_process(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the pages are read, so a process forked from now on
    (a writer, the preview's standby) forgets none; they are written by as
    many workers as processes were asked for, beside the main process."""
    reading = _READING.get(app)
    if reading is None:
        return
    reading.docnames = frozenset()
    if app.parallel > 1 and not reading.asked:
        reading.asked = app.parallel
        app.parallel += 1


def _as_asked(app: Sphinx) -> None:
    """The processes asked for again."""
    reading = _READING.get(app)
    if reading is not None and reading.asked:
        app.parallel, reading.asked = reading.asked, 0


def _collect_as_asked(app: Sphinx) -> list[tuple[str, dict[str, object], str]]:
    """``html-collect-pages`` (first): the pages made at the end are shared
    among the processes asked for."""
    _as_asked(app)
    return []


def _finish_as_asked(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the next build of this application (a builder
    without ``html-collect-pages``, or one that failed) starts as asked."""
    _as_asked(app)


def setup_parallel(app: Sphinx) -> None:
    app.connect("env-before-read-docs", _serial_when_few)
    app.connect("source-read", _own_pages_only)
    app.connect("env-updated", _a_writer_per_process)
    app.connect("html-collect-pages", _collect_as_asked, priority=0)
    app.connect("build-finished", _finish_as_asked)
