"""The saved page shown at once: a child of the preview's application that
reads that page alone and writes it.

Sphinx's update reads every changed file, finds what depends on it and
writes all of it; for the one page a writer just saved, that is most of a
second at ten years. A :class:`Standby` is forked from the application
after each rebuild, while the writer reads: it writes a page aside (into a
folder of its own) so that its caches (regular expressions, templates, the
theme's selectors) are warm, then waits. On the next save it reads the saved
pages alone (the rest of the site as last read), formats their
bibliographies and writes them, and says how long each step took; the
application's own update follows and writes them again with their
dependents.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable

from sphinx.application import Sphinx
from sphinx.util.parallel import SerialTasks

from ..ext.citations import format_bibliographies
from .sphinx_private import doctrees_into, outputs_into


def read_and_write(app: Sphinx, saved: set[str], say: Callable[[str, float], object]) -> None:
    """Read the pages ``saved`` alone, as ``Builder.read`` reads each, then
    write them; ``say`` each step and its seconds. Doctrees go to a folder
    of this process: the application's update reads and writes the real ones."""
    builder, env = app.builder, app.env
    folder = tempfile.mkdtemp(prefix="dmreport-shown-")
    doctrees_into(builder, folder)
    clock = time.perf_counter()
    for docname in sorted(saved):
        builder.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        builder.read_doc(docname)
    format_bibliographies(app, saved)
    say("saved page read", time.perf_counter() - clock)
    clock = time.perf_counter()
    builder.finish_tasks = SerialTasks()
    builder.prepare_writing(saved)
    builder.write_documents(saved)
    say("saved page written", time.perf_counter() - clock)
    shutil.rmtree(folder, ignore_errors=True)


def in_child(work: Callable[[], None]) -> int:
    """Fork a child that does ``work`` and leaves without cleaning up (the
    application's state is the parent's); its pid. A parent gone away (a
    closed pipe) ends it quietly, any other failure with its traceback."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            work()
            code = 0
        except BrokenPipeError:  # the preview stopped: nobody to tell
            pass
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)
    return pid


class Standby:
    """A forked child of ``app`` that shows the next saved pages, warmed
    first by writing the pages ``warm`` aside (none: ready at once); made
    once it is warm."""

    def __init__(self, app: Sphinx, warm: set[str]) -> None:
        requests_out, self._requests = os.pipe()
        self._replies, replies_in = os.pipe()

        def serve() -> None:  # in the child: warm, wait, show
            os.close(self._requests)
            os.close(self._replies)
            self._serve(app, warm, requests_out, replies_in)

        self.pid = in_child(serve)
        os.close(requests_out)
        os.close(replies_in)
        self.used = False
        self._ready()

    def _ready(self) -> None:
        """Wait until the child is warm (it says "ready"), so that the save
        after a rebuild finds it so."""
        said = b""
        while not said.endswith(b"\n"):
            chunk = os.read(self._replies, 1)
            if not chunk:  # the child ended: the next save forks another
                self.used = True
                self._end()
                return
            said += chunk

    def _end(self) -> None:
        for fd in (self._requests, self._replies):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    @staticmethod
    def _serve(app: Sphinx, warm: set[str], requests: int, replies: int) -> None:
        warm = {doc for doc in warm if doc in app.env.found_docs}
        if warm:
            aside = tempfile.mkdtemp(prefix="dmreport-warm-")
            outdir = app.builder.outdir
            outputs_into(app.builder, aside)
            read_and_write(app, warm, lambda step, seconds: None)
            outputs_into(app.builder, str(outdir))
            shutil.rmtree(aside, ignore_errors=True)
        os.write(replies, b"ready\n")
        with os.fdopen(requests, "rb") as asked:
            line = asked.readline().decode().strip()
        if not line:
            return  # the application no longer needs this child
        saved = set(line.split("\t"))
        read_and_write(app, saved, lambda step, s: os.write(replies, f"{step} {s:.4f}\n".encode()))

    def show(self, saved: set[str], step: Callable[[str, float], None]) -> threading.Thread:
        """Have the child show ``saved``; a thread calls ``step`` with each
        step it finishes. The child then leaves: one standby, one save."""
        self.used = True
        os.write(self._requests, ("\t".join(sorted(saved)) + "\n").encode())
        os.close(self._requests)

        def wait() -> None:
            with os.fdopen(self._replies, "rb") as said:
                for raw in said:
                    name, _, seconds = raw.decode().strip().rpartition(" ")
                    step(name, float(seconds))
            os.waitpid(self.pid, 0)

        thread = threading.Thread(target=wait, daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        """End a child that was not used."""
        if self.used:
            return
        self.used = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self._end()
