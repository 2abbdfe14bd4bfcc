"""The problems of a saved page, shown on that page in the preview.

After each save the preview runs ``dmreport check``'s rules on the saved
pages; a page with problems is served with a banner at the top of its body
(line, code, message and fix of each), gone once the page is fixed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from ..checks import Problem, check_paths
from ..core.errors import DmreportError

_BODY = re.compile(rb"<body[^>]*>")


def saved_problems(root: Path, paths: Iterable[Path]) -> dict[str, list[Problem]]:
    """Problems of each saved Markdown page under ``reports/``, by its path
    relative to ``root`` (a page with none maps to an empty list)."""
    pages = [
        path
        for path in paths
        if path.suffix == ".md" and path.is_relative_to(root / "reports") and path.is_file()
    ]
    found: dict[str, list[Problem]] = {path.relative_to(root).as_posix(): [] for path in pages}
    try:
        problems = check_paths(root, pages) if pages else []
    except DmreportError:  # removed or renamed while being checked: the next save says
        return found
    for problem in problems:
        found.setdefault(problem.path, []).append(problem)
    return found


def banner(path: str, problems: list[Problem]) -> str:
    """The banner's HTML: each problem with its line, code, message and fix."""
    items = [
        f'<li><span class="dmreport-line">line {problem.line}</span> '
        f"<code>{problem.code.value}</code> {html.escape(problem.message)} "
        f'<span class="dmreport-fix">Fix: {html.escape(problem.code.fix)}</span></li>'
        for problem in problems
    ]
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return (
        '<div class="dmreport-problems" role="alert">'
        f"<p><strong>{count} in {html.escape(path)}</strong> (<code>dmreport check</code>; "
        "this notice goes once the page is fixed and saved)</p>"
        f"<ul>{''.join(items)}</ul></div>"
    )


def with_banner(body: bytes, path: str, problems: list[Problem]) -> bytes:
    """The page with its problems' banner at the top of its body."""
    notice = banner(path, problems).encode()
    match = _BODY.search(body)
    if match is None:
        return notice + body
    return body[: match.end()] + notice + body[match.end() :]
