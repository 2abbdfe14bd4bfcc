"""Where a ``dmreport build`` spends its time, by phase.

Run as ``python -m dmreport.tools.bench.phases ROOT OUT STARTED``: the
same build as ``dmreport build --no-pdf --root ROOT --out OUT``, with
Sphinx's application and builder timed at each step; prints the seconds of
each phase as JSON. ``STARTED`` is the wall-clock time at which the process
was launched, so that starting includes the interpreter and the imports.

Phases: starting (process, imports, ``conf.py``, extensions, the stamp),
loading the environment (unpickling), reading (finding and parsing the
changed pages), aggregating (the extension's ``env-updated`` work and the
aggregate pages filled while resolving), resolving (references of the
written pages), writing (HTML, static files, indices), pickling (the
environment saved, consistency checked) and indexing (Pagefind).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PHASES = ("starting", "loading the environment", "reading", "aggregating", "resolving",
          "writing", "pickling", "indexing")  # fmt: skip


class Clock:
    """Seconds spent in each phase."""

    def __init__(self) -> None:
        self.spent = dict.fromkeys(PHASES, 0.0)
        #: Seconds of one part, counted within the phases as well.
        self.tracker = 0.0

    def timed(self, phase: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[phase] += time.perf_counter() - start

        return wrapper

    def wrap(self, owner: object, name: str, phase: str) -> None:
        """Time ``owner.name`` as part of ``phase`` from now on."""
        patch(owner, name, self.timed(phase, getattr(owner, name)))


def patch(owner: object, name: str, replacement: object) -> None:
    """Replace an attribute for this process (the benchmark's own build)."""
    setattr(owner, name, replacement)


def timed_build(root: Path, out: Path, started: float) -> dict[str, float]:
    """Run ``dmreport build --no-pdf`` with its phases timed."""
    clock = Clock()
    import sphinx.cmd.build
    from sphinx.environment import BuildEnvironment

    from ...ext import aggregates
    from ...ext.aggregates.base import fill
    from .. import build
    from ..sphinx_private import HookedSphinx, Hooks

    clock.spent["starting"] = time.time() - started  # the interpreter and imports so far

    def instrument(app: Sphinx) -> None:
        builder, env = app.builder, app.env
        marks: dict[str, float] = {}
        time_tracker(app, clock)

        def aggregates_begin(app: Sphinx, env: BuildEnvironment) -> None:
            marks["aggregating"] = time.perf_counter()

        def aggregates_end(app: Sphinx, env: BuildEnvironment) -> None:
            spent = time.perf_counter() - marks.pop("aggregating")
            clock.spent["aggregating"] += spent
            clock.spent["reading"] -= spent  # part of Builder.read

        app.connect("env-updated", aggregates_begin, priority=1)
        app.connect("env-updated", aggregates_end, priority=999)
        clock.wrap(builder, "read", "reading")
        clock.wrap(builder, "write", "writing")
        clock.wrap(builder, "finish", "writing")
        resolve = type(env).get_and_resolve_doctree

        def resolved(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            filled = clock.spent["aggregating"]
            try:
                return resolve(*args, **kwargs)
            finally:
                spent = time.perf_counter() - start - (clock.spent["aggregating"] - filled)
                clock.spent["resolving"] += spent
                clock.spent["writing"] -= time.perf_counter() - start  # inside Builder.write

        # On the class: the environment itself is pickled for parallel reads.
        patch(type(env), "get_and_resolve_doctree", resolved)

    def loaded(seconds: float) -> None:
        clock.spent["loading the environment"] += seconds

    class TimedSphinx(HookedSphinx):
        hooks = Hooks(loaded, instrument)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            start = time.perf_counter()
            loaded = clock.spent["loading the environment"]
            super().__init__(*args, **kwargs)
            spent = time.perf_counter() - start
            clock.spent["starting"] += spent - (clock.spent["loading the environment"] - loaded)

        def build(self, force_all: bool = False, filenames: list[str] | None = None) -> None:
            start = time.perf_counter()
            counted = sum(clock.spent[p] for p in PHASES[2:7])
            super().build(force_all, filenames)
            spent = time.perf_counter() - start
            clock.spent["pickling"] += spent - (sum(clock.spent[p] for p in PHASES[2:7]) - counted)

    patch(sphinx.cmd.build, "Sphinx", TimedSphinx)
    clock.wrap(build, "build_search_index", "indexing")
    clock.wrap(build, "input_digest", "starting")  # the stamp, before Sphinx
    # The aggregates are filled in a doctree-resolved handler: timed apart.
    patch(aggregates, "fill", clock.timed("aggregating", fill))
    built = build.build_site(root, out, pdf=False)
    total = time.time() - started
    phases = {name: round(max(0.0, value), 3) for name, value in clock.spent.items()}
    phases["other"] = round(max(0.0, total - sum(clock.spent.values())), 3)
    phases["total"] = round(total, 3)
    phases[TRACKER] = round(clock.tracker, 3)
    # Of indexing: each bundle of the search index made again (a year, the site's).
    for bundle, seconds in built.indexed.made.items():
        phases[f"{INDEXED}{bundle}"] = round(seconds, 3)
    return phases


#: The indexing of one bundle, part of the indexing phase: "indexing 2029".
INDEXED = "indexing "


#: The tracker's part of the phases: filling its page, writing the milestone pages.
TRACKER = "of which the tracker"


def time_tracker(app: Sphinx, clock: Clock) -> None:
    """Count the tracker's filler and the milestone pages' writing in ``clock.tracker``."""
    from ...ext.aggregates import base
    from ...outputs import milestone_pages

    filler = base._FILLERS["milestone-tracker"]

    def tracker(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return filler(*args, **kwargs)
        finally:
            clock.tracker += time.perf_counter() - start

    base._FILLERS["milestone-tracker"] = tracker
    listeners = app.events.listeners["html-collect-pages"]
    for index, listener in enumerate(listeners):
        if listener.handler is milestone_pages.collect_pages:
            pages = listener.handler

            def timed_pages(app: Sphinx, pages: Any = pages) -> Any:
                start = time.perf_counter()
                yield from pages(app)  # Sphinx writes each page between two
                clock.tracker += time.perf_counter() - start

            listeners[index] = listener._replace(handler=timed_pages)


def main() -> None:
    root, out, started = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3])
    print(json.dumps(timed_build(root, out, started)))


if __name__ == "__main__":
    main()
