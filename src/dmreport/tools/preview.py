"""The writers' preview: one Sphinx application kept alive between edits.

A rebuild after a saved page costs what the page needs: the environment is
already in memory (no process start, no unpickling). A page the site
already has is shown at once: a child forked from the application reads
that page alone and writes it (a tenth of a second at any size of the
archive), while the application reads what changed as ``sphinx-build``
would and finds the pages that depend on it (its month's other pages, the
WBS history, the indexes, the milestone tracker), then writes the saved page
again with them. Those are the *pending* pages: until they are written the
server marks them as updating (until they are known, the pages the last
save of that page changed, or every page).

Pages are written by a child process forked from the application once the
pages are read, as Sphinx's parallel builds write: writing changes the
environment in memory (extensions resolve pages with nodes they keep in it),
and a build that writes twice from one environment would render those
twice. The application keeps the environment exactly as read, which is what
a fresh ``sphinx-build`` process has when it writes; it is pickled after
each rebuild, off the writer's path, so that the next start is incremental.
The first build runs as ``dmreport build``'s HTML step does, in its own
process and in parallel.

A change that is not a page of the site (``conf.py``, a template, a data
file, the package, a commit) starts a fresh application, exactly as
``dmreport build`` would: its settings and project data are read once per
application.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from jinja2 import TemplateError
from sphinx.application import ENV_PICKLE_FILENAME, Sphinx
from sphinx.errors import SphinxError
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util.docutils import docutils_namespace, patch_docutils
from sphinx.util.parallel import SerialTasks

from ..checks.gate import admits_kept_page
from ..core.git import git_head
from ..core.ids import month_of
from ..ext.untrusted import apply_gate
from .build import work_dir
from .instant import Standby, in_child
from .sphinx_private import forget_doctrees_read
from .stamp import input_digest, is_current


def committed_files(root: Path, old: str | None, new: str | None) -> list[str] | None:
    """Files that differ between two commits of ``root`` (None: unknown)."""
    import git

    if old is None or new is None:
        return None
    try:
        output = git.Repo(root).git.diff("--name-only", old, new)
    except (git.GitError, ValueError):
        return None
    return [line for line in output.splitlines() if line]


#: Settings of every preview build: HTML only, as ``dmreport build --no-pdf``.
OVERRIDES = {"dmreport_pdf": "0"}


@dataclass
class Rebuild:
    """What one rebuild did, and when (seconds from its start)."""

    first: list[str] = field(default_factory=list)  # the saved pages
    rest: list[str] = field(default_factory=list)  # pages that depend on them
    restarted: bool = False
    first_s: float = 0.0  # the saved pages written
    done_s: float = 0.0  # every page written
    error: str | None = None
    #: Seconds of each step, in order (see :data:`STEPS`).
    steps: dict[str, float] = field(default_factory=dict)


#: Seconds the update waits for the standby to show the saved page, then for
#: the open tab to ask for a page again.
STANDBY_TIMEOUT = 30.0
RELOAD_GRACE = 0.5
#: The steps of a rebuild: the saved page shown (read alone, written), then
#: the whole update (read, dependents found, written, environment saved).
STEPS = ("saved page read", "saved page written", "changes read", "dependents found",
         "pages written", "environment saved")  # fmt: skip


class Preview:
    """An HTML build of ``root`` into ``out`` that stays in memory."""

    def __init__(self, root: Path, out: Path, status: IO[str] | None = sys.stdout) -> None:
        self.root = root.resolve()
        self.out = out.resolve()
        self.doctrees = work_dir(self.root, self.out) / "doctrees"
        self.status = status
        self.app: Sphinx | None = None
        self.head: str | None = None
        self._stack = ExitStack()
        #: Pages written by the running rebuild after the saved ones.
        self.pending: frozenset[str] = frozenset()
        self.lock = threading.Lock()
        #: The pages the last rebuild after saving a page wrote after it.
        self.dependents: dict[str, frozenset[str]] = {}
        #: Set by the server when it serves a page (the tab reloaded).
        self.served = threading.Event()
        #: The child that shows the next saved page, and the pages saved last.
        self.standby: Standby | None = None
        self.last_saved: set[str] = set()

    # -- the application -----------------------------------------------------

    def reuse_build(self) -> bool:
        """Start from the last ``dmreport build`` into ``_build/html`` (its
        environment and pages) when the preview has none of its own and that
        build read exactly the files there are now; whether it did."""
        build = self.root / "_build"
        if (self.doctrees / ENV_PICKLE_FILENAME).is_file():
            return False
        if not (build / "doctrees" / ENV_PICKLE_FILENAME).is_file():
            return False
        out = (build / "html").resolve()
        current = any(
            is_current(build, input_digest(self.root, {"out": out, "strict": True, "pdf": pdf}))
            for pdf in (False, True)
        )
        if not current:
            return False
        shutil.copytree(build / "doctrees", self.doctrees, dirs_exist_ok=True)
        shutil.copytree(out, self.out, dirs_exist_ok=True)  # times kept: nothing to write
        return True

    def start(self) -> None:
        """Bring the output up to date (from the last build's when it is
        current), then load the application."""
        self.close()
        self.reuse_build()
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", "auto", "-d",
                   str(self.doctrees), str(self.root), str(self.out)]  # fmt: skip
        for key, value in OVERRIDES.items():
            command += ["-D", f"{key}={value}"]
        if self.status is None:
            command.append("-q")
        subprocess.run(command, check=False, stdout=self.status or subprocess.DEVNULL)
        self._stack = ExitStack()
        self._stack.enter_context(patch_docutils(str(self.root)))
        self._stack.enter_context(docutils_namespace())
        self.head = git_head(self.root)
        self.app = Sphinx(
            str(self.root),
            str(self.root),
            str(self.out),
            str(self.doctrees),
            "html",
            confoverrides=dict(OVERRIDES),
            status=self.status,
            warning=sys.stderr,
            parallel=0,
        )
        self._compile_templates()
        self._stand_by()

    def _compile_templates(self) -> None:
        """Compile the HTML templates once, here: each rebuild's writer is
        forked from this application and would otherwise compile them anew
        (most of the time writing the saved page took)."""
        assert self.app is not None
        templates = getattr(self.app.builder, "templates", None)
        if not isinstance(templates, BuiltinTemplateLoader):
            return
        for loader in templates.loaders:
            for name in loader.list_templates():
                if name.endswith(".html"):
                    with contextlib.suppress(TemplateError):  # a fragment alone
                        templates.environment.get_template(name)

    def close(self) -> None:
        if self.standby is not None:
            self.standby.stop()
            self.standby = None
        self._stack.close()
        self.app = None

    def page_of(self, path: Path) -> str | None:
        """The document a source file is, or None for any other file."""
        if self.app is None:
            return None
        try:
            relative = path.resolve().relative_to(self.root)
        except ValueError:
            return None
        return self.app.project.path2doc(str(relative))

    def needs_restart(self, paths: Collection[Path]) -> bool:
        """Whether a change is more than pages: settings, templates, data,
        code, or a commit that changed any of those (a commit of pages only
        is read as the pages it changed)."""
        if self.app is None:
            return True
        head = git_head(self.root)
        if head != self.head:
            changed = committed_files(self.root, self.head, head)
            if changed is None or any(self.page_of(self.root / p) is None for p in changed):
                return True
            self.head = head
        return any(self.page_of(path) is None and path.suffix != "" for path in paths)

    # -- one rebuild ---------------------------------------------------------

    def rebuild(
        self, paths: Collection[Path], first_written: Callable[[], None] = lambda: None
    ) -> Rebuild:
        """Bring the output up to date after ``paths`` changed; call
        ``first_written`` as soon as the saved pages are written."""
        result = Rebuild()
        start = time.perf_counter()
        try:
            with self.lock:
                if self.needs_restart(paths):
                    result.restarted = True
                    self.start()
                    result.first_s = result.done_s = time.perf_counter() - start
                    first_written()
                    return result
                self._update(paths, result, start, first_written)
        except (SphinxError, OSError) as exc:
            result.error = f"{type(exc).__name__}: {exc}"
            self.close()  # the next change starts afresh
        finally:
            self.pending = frozenset()
        return result

    def _update(
        self,
        paths: Collection[Path],
        result: Rebuild,
        start: float,
        first_written: Callable[[], None],
    ) -> None:
        assert self.app is not None
        app, builder, env = self.app, self.app.builder, self.app.env
        # Doctrees read from disk are cached in memory; pages read again replace
        # them on disk (Sphinx's own test application clears it between builds).
        forget_doctrees_read(env)
        saved = {self.page_of(path) for path in paths}
        kept = {doc for doc in saved if doc in env.found_docs}
        shown = None
        if kept and len(kept) == len(paths) and all(map(admits_kept_page, paths)):
            guess = set(env.found_docs)
            if all(doc in self.dependents for doc in kept):
                guess = {page for doc in kept for page in self.dependents[doc]}
            self.pending = frozenset(guess - kept)

            def step(name: str, seconds: float) -> None:
                result.steps[name] = seconds
                if name == "saved page written" and not result.first_s:
                    result.first_s = time.perf_counter() - start
                    first_written()

            standby = self.standby if self.standby and not self.standby.used else None
            self.served.clear()
            shown = (standby or Standby(app, set())).show(kept, step)
            self.last_saved = kept
            # The update waits for the saved page, and for the open tab to have
            # it again: it would hold this process (the server) while it reads.
            shown.join(timeout=STANDBY_TIMEOUT)
            self.served.wait(timeout=RELOAD_GRACE)
        clock = time.perf_counter()
        # Files added, renamed or removed under reports/ pass the gate again.
        apply_gate(app, app.config)
        # What Builder.build does for an update, with the saved pages first.
        updated = set(builder.read())
        result.steps["changes read"] = time.perf_counter() - clock
        clock = time.perf_counter()
        updated |= set(env.check_dependents(app, updated))
        if not updated:
            self._join(shown)
            self._stand_by()
            return
        env.check_consistency()
        first = {doc for doc in updated if doc in saved and doc in env.found_docs}
        extra = {app.config.root_doc}
        for docname in updated:
            extra |= env.files_to_rebuild.get(docname, set()) & env.found_docs
        rest = (updated | extra) - first - {doc for doc in updated if doc not in env.found_docs}
        result.first, result.rest = sorted(first), sorted(rest)
        for doc in first:
            self.dependents[doc] = frozenset(rest)
        self.pending = frozenset(rest)
        result.steps["dependents found"] = time.perf_counter() - clock
        self._join(shown)  # its pages are written before the update writes them again
        clock = time.perf_counter()
        for said in self._written_by_child(first, rest):
            if said == "first" and not result.first_s:
                result.first_s = time.perf_counter() - start
                first_written()
        self.pending = frozenset()
        result.done_s = time.perf_counter() - start
        result.steps["pages written"] = time.perf_counter() - clock
        clock = time.perf_counter()
        with open(self.doctrees / ENV_PICKLE_FILENAME, "wb") as stream:
            pickle.dump(env, stream, pickle.HIGHEST_PROTOCOL)
        result.steps["environment saved"] = time.perf_counter() - clock
        result.steps = {step: result.steps[step] for step in STEPS if step in result.steps}
        self._stand_by()

    def _stand_by(self) -> None:
        """A new :class:`~.instant.Standby` for the next save, from the
        application as it is now, warmed on the pages saved last (or the
        newest report page)."""
        if self.standby is not None:
            self.standby.stop()
        assert self.app is not None
        warm = self.last_saved or set(
            sorted(d for d in self.app.env.found_docs if month_of(d))[-1:]
        )
        self.standby = Standby(self.app, warm)

    @staticmethod
    def _join(shown: threading.Thread | None) -> None:
        if shown is not None:
            shown.join()

    def _written_by_child(self, first: set[str], rest: set[str]) -> Iterator[str]:
        """Write ``first``, then ``rest``, in a forked child; yields "first"
        when the first pages are written. The application is left as it was."""
        reader, writer = os.pipe()

        def write() -> None:  # in the child: write, report
            os.close(reader)
            self._write(first, rest, lambda: os.write(writer, b"first\n"))

        pid = in_child(write)
        os.close(writer)
        with os.fdopen(reader, "rb") as steps:
            for line in steps:
                yield line.decode().strip()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SphinxError("writing the pages failed; the messages above say why")

    def _write(self, first: set[str], rest: set[str], first_written: Callable[[], object]) -> None:
        """What Builder.build does after reading, the saved pages first."""
        assert self.app is not None
        app, builder = self.app, self.app.builder
        builder.finish_tasks = SerialTasks()
        builder.events.emit("write-started", builder)
        builder.prepare_writing(first | rest)
        builder.copy_assets()  # pages name their static files with a digest of them
        if first:
            builder.write_documents(first)
        first_written()
        builder.write_documents(rest)
        builder.finish()
        builder.finish_tasks.join()
        app.events.emit("build-finished", None)

    def target_of(self, docname: str) -> str:
        """The output path of a document, relative to ``out``."""
        assert self.app is not None
        return self.app.builder.get_target_uri(docname)
