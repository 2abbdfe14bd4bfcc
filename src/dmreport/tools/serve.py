"""``dmreport serve``: the writers' live preview.

A Starlette application served by uvicorn: the built pages (with
sphinx-autobuild's reload script injected), a websocket that tells open
pages to reload, and a watcher (watchfiles) that hands each saved change to
the :class:`~.preview.Preview` kept in memory. Pages the running rebuild has
still to write are served with a notice that they are being updated.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from .preview import Preview, Rebuild
from .stamp import SKIPPED

#: The notice on a page the running rebuild has not written yet.
UPDATING = (
    '<div class="dmreport-updating" role="status">This page is being updated '
    "with your last change; it reloads when it is ready.</div>"
)
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
        or name.endswith(("~", ".swp", ".tmp"))
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
    from starlette.types import Receive, Scope, Send
    from starlette.websockets import WebSocket, WebSocketDisconnect

    reloads = Reloads()

    class Pages(StaticFiles):
        """The built pages; those still to be rewritten carry the notice."""

        async def get_response(self, path: str, scope: Scope) -> Response:
            response = await super().get_response(path, scope)
            pending = preview.pending
            if not pending or response.status_code != 200:
                return response
            wanted = path.strip("/") or "index.html"
            if wanted.endswith("/"):
                wanted += "index.html"
            targets = {preview.target_of(doc) for doc in pending}
            if wanted in targets and (preview.out / wanted).is_file():
                body = mark_updating((preview.out / wanted).read_bytes())
                return Response(body, media_type="text/html")
            return response

    async def websocket(ws: WebSocket) -> None:
        await ws.accept()
        seen = reloads.generation
        try:
            while True:
                seen = await reloads.wait(seen)
                await ws.send_text("refresh")
        except (WebSocketDisconnect, RuntimeError):
            return

    async def rebuild(paths: list[Path]) -> None:
        loop = asyncio.get_running_loop()

        def first_written() -> None:
            asyncio.run_coroutine_threadsafe(reloads.notify(), loop)

        result: Rebuild = await asyncio.to_thread(preview.rebuild, paths, first_written)
        await reloads.notify()
        say(describe(result))

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

    async def _ws(scope: Scope, receive: Receive, send: Send) -> None:
        await websocket(WebSocket(scope, receive, send))

    return Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", _ws),
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
    return (
        f"preview: {', '.join(result.first) or 'no page'} in {result.first_s:.2f} s; "
        f"{len(result.rest)} dependent page(s) in {result.done_s:.2f} s"
    )


def serve(root: Path, out: Path, host: str, port: int, say: Callable[[str], None]) -> None:
    """Build, then serve and rebuild on every save until interrupted."""
    import uvicorn

    preview = Preview(root, out, status=sys.stderr)
    say(f"preview: building {root} into {out} ...")
    preview.start()
    app = make_app(preview, say, f"{host}:{port}")
    uvicorn.run(app, host=host, port=port, log_level="warning")
    preview.close()
