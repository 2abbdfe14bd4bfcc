"""``dmreport serve``: the writers' live preview.

A Starlette application served by uvicorn: the built pages (with
sphinx-autobuild's reload script injected), a websocket that tells open
pages to reload, and a watcher (watchfiles) that hands each saved change to
the :class:`~.preview.Preview` kept in memory and to ``dmreport check``.
Pages the running rebuild has still to write are served with a notice that
they are being updated; a saved page with problems, with their banner.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from ..checks import Problem
from .banner import saved_problems, with_banner
from .preview import Preview, Rebuild
from .stamp import SKIPPED

#: The notice on a page the running rebuild has not written yet.
UPDATING = (
    '<div class="dmreport-updating" role="status">This page is being updated '
    "with your last change; it reloads when it is ready.</div>"
)
#: Endings of the files editors and tools write beside a page (backups,
#: swap and temporary files), which change no page.
EDITOR_FILES = ("~", ".swp", ".swx", ".swo", ".tmp", ".bak", ".orig", ".rej", ".crswap",
                ".kate-swp", ".part")  # fmt: skip
#: Seconds the file watcher is given to start before the preview says it serves.
WATCH_START = 0.3
_BODY = re.compile(rb"<body[^>]*>")


def watched(path: Path, root: Path, made: tuple[Path, ...] = ()) -> bool:
    """Whether a changed file is one of the site's (not an output, a cache,
    a tool's or an editor's file, nor a file the preview writes)."""
    if not path.is_relative_to(root) or any(path.is_relative_to(out) for out in made):
        return False
    parts = path.relative_to(root).parts
    name = parts[-1] if parts else ""
    return not (
        any(part in SKIPPED or part.startswith(".") for part in parts[:-1])
        or name.startswith((".", "#"))
        or name.endswith(EDITOR_FILES)
        or "___jb_" in name  # JetBrains' safe write
        or name.isdigit()  # vim's probe (4913)
    )


def mark_updating(body: bytes) -> bytes:
    """The page with the updating notice at the top of its body."""
    match = _BODY.search(body)
    if match is None:
        return UPDATING.encode() + body
    return body[: match.end()] + UPDATING.encode() + body[match.end() :]


class Reloads:
    """Open pages waiting to be told to reload."""

    def __init__(self) -> None:
        self.generation = 0
        self.changed = asyncio.Condition()

    async def notify(self) -> None:
        async with self.changed:
            self.generation += 1
            self.changed.notify_all()

    async def wait(self, seen: int) -> int:
        async with self.changed:
            await self.changed.wait_for(lambda: self.generation > seen)
            return self.generation


def make_app(
    preview: Preview,
    say: Callable[[str], None] = print,
    ws_host: str = "127.0.0.1:8000",
) -> Any:
    """The preview's ASGI application."""
    import watchfiles
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.responses import Response
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles
    from starlette.types import Scope
    from starlette.websockets import WebSocket, WebSocketDisconnect

    reloads = Reloads()
    #: Output page -> (its source, the problems the last save of it had).
    problems: dict[str, tuple[str, list[Problem]]] = {}

    class Pages(StaticFiles):
        """The built pages; those still to be rewritten carry the notice,
        those whose source has problems their banner."""

        async def get_response(self, path: str, scope: Scope) -> Response:
            response = await super().get_response(path, scope)
            wanted = path.strip("/") or "index.html"
            if wanted.endswith("/") or (preview.out / wanted).is_dir():
                wanted = wanted.rstrip("/") + "/index.html"
            pending = {preview.target_of(doc) for doc in preview.pending}
            marked = wanted in pending or wanted in problems
            page = preview.out / wanted
            html = page.suffix == ".html"
            if html:
                preview.served.set()
            if response.status_code != 200 and not (
                response.status_code == 304 and marked and html
            ):
                return response
            try:  # read whole: a file being rewritten never mismatches its length
                body = page.read_bytes()
            except OSError:
                return response
            if not html:
                kept = {"content-type", "last-modified", "etag"}
                same = {k: v for k, v in response.headers.items() if k in kept}
                return Response(body, headers=same)
            if wanted in problems:
                body = with_banner(body, *problems[wanted])
            if wanted in pending:
                body = mark_updating(body)
            headers = {"Cache-Control": "no-store"} if marked else {}
            return Response(body, media_type="text/html", headers=headers)

    async def websocket(ws: WebSocket) -> None:
        """Tell the page to reload after each rebuild, until it goes away
        (a closed tab, a stopping server)."""
        await ws.accept()
        seen = reloads.generation

        async def gone() -> None:
            while (await ws.receive())["type"] != "websocket.disconnect":
                pass

        left = asyncio.create_task(gone())
        try:
            while True:
                changed = asyncio.create_task(reloads.wait(seen))
                await asyncio.wait({changed, left}, return_when=asyncio.FIRST_COMPLETED)
                if not changed.done():
                    changed.cancel()
                    return
                seen = changed.result()
                await ws.send_text("refresh")
        except (WebSocketDisconnect, RuntimeError):
            return
        finally:
            left.cancel()

    async def rebuild(paths: list[Path]) -> None:
        loop = asyncio.get_running_loop()
        checking: list[asyncio.Task[dict[str, list[Problem]]]] = []

        def checked() -> asyncio.Task[dict[str, list[Problem]]]:
            """``dmreport check`` of the saved pages, started once."""
            if not checking:
                task = asyncio.to_thread(saved_problems, preview.root, paths)
                checking.append(asyncio.create_task(task))
            return checking[0]

        async def shown() -> dict[str, list[Problem]]:
            """The saved pages' problems, put on their pages."""
            found = await checked()
            for source, listed in found.items():
                doc = source.removesuffix(".md")
                target = preview.target_of(doc) if preview.app else doc + ".html"
                if listed:
                    problems[target] = (source, listed)
                else:
                    problems.pop(target, None)
            return found

        async def show_first() -> None:
            # The reload shows the saved page at once; its problems are found
            # after (not to slow the reload), and the next reload shows them.
            await reloads.notify()
            checked()

        def first_written() -> None:
            asyncio.run_coroutine_threadsafe(show_first(), loop)

        result: Rebuild = await asyncio.to_thread(preview.rebuild, paths, first_written)
        found = await shown()
        await reloads.notify()
        count = sum(len(listed) for listed in found.values())
        said = f"; {count} problem{'s' if count != 1 else ''} in the saved page(s)" if found else ""
        say(describe(result) + said)

    made = (preview.out, preview.doctrees)

    async def watch() -> None:
        async for changes in watchfiles.awatch(
            preview.root,
            watch_filter=lambda change, path: watched(Path(path), preview.root, made),
            step=20,
            debounce=400,
        ):
            await rebuild(sorted({Path(path) for _, path in changes}))

    async def announce() -> None:
        """Say where the preview is once the watcher runs and the port answers."""
        await asyncio.sleep(WATCH_START)
        host, _, port = ws_host.rpartition(":")
        while True:
            try:
                _, connection = await asyncio.open_connection(host, int(port))
            except OSError:
                await asyncio.sleep(0.02)
                continue
            connection.close()
            say(f"preview: serving http://{ws_host}/ (Ctrl+C to stop)")
            return

    @asynccontextmanager
    async def lifespan(app: Any) -> Any:
        tasks = [asyncio.create_task(watch()), asyncio.create_task(announce())]
        yield
        for task in tasks:
            task.cancel()

    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", websocket),
            Mount("/", app=Pages(directory=preview.out, html=True)),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=ws_host)],
        lifespan=lifespan,
    )


def describe(result: Rebuild) -> str:
    """One line on a rebuild for the terminal."""
    if result.error:
        return f"preview: the rebuild failed: {result.error}"
    if result.restarted:
        return f"preview: rebuilt from the settings up in {result.done_s:.2f} s"
    if not result.first and not result.rest:
        return "preview: nothing to rebuild"
    steps = ", ".join(f"{name} {seconds:.3f} s" for name, seconds in result.steps.items())
    return (
        f"preview: {', '.join(result.first) or 'no page'} in {result.first_s:.2f} s; "
        f"{len(result.rest)} dependent page(s) in {result.done_s:.2f} s [{steps}]"
    )


def steps_said(line: str) -> dict[str, float]:
    """The steps' seconds in a line of :func:`describe`."""
    inside = line.rpartition("[")[2].partition("]")[0]
    found = (re.fullmatch(r"(.+) (\d+\.\d+) s", part.strip()) for part in inside.split(","))
    return {match[1]: float(match[2]) for match in found if match}


def serve(root: Path, out: Path, host: str, port: int, say: Callable[[str], None]) -> None:
    """Build, then serve and rebuild on every save until interrupted."""
    import uvicorn

    preview = Preview(root, out, status=sys.stderr)
    say(f"preview: building {root} into {out} ...")
    preview.start()
    app = make_app(preview, say, f"{host}:{port}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
    preview.close()
