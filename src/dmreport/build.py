"""The one entry point that builds the whole site."""

from __future__ import annotations

from pathlib import Path

from sphinx.cmd.build import build_main

from .errors import DmreportError


def build_site(
    root: Path = Path("."),
    out: Path | None = None,
    jobs: str = "auto",
    strict: bool = True,
) -> Path:
    """Build the HTML site of ``root`` into ``out`` (default ``_build/html``).

    Strict builds turn every warning into an error (``-W --keep-going -n``)
    but still report all of them.
    """
    root = root.resolve()
    if not (root / "conf.py").is_file():
        raise DmreportError("no conf.py here", path=root, fix="pass --root DIR")
    out = (out or root / "_build" / "html").resolve()
    args = ["-b", "html", "-j", jobs, "-d", str(out.parent / "doctrees")]
    if strict:
        args += ["-W", "--keep-going", "-n"]
    status = build_main([*args, str(root), str(out)])
    if status != 0:
        raise DmreportError(
            "the site build failed; the messages above give file and line",
            path=root,
        )
    return out
