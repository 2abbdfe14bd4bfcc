"""A generated archive for the browser tests: 60 months (2020-01 to 2024-12,
from the January 2020 pages by ``dmreport.tools.bench.make_archive``), pages
citing look-alike identifiers, and a draft month started by ``dmreport new``;
the published edition, whose version switcher also lists a preview. Built
once per test session, served on 127.0.0.1 to headless Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path

from dmreport.core.ids import SERIES_BY_ROLE
from dmreport.tools.bench import make_archive
from dmreport.tools.build import build_site
from dmreport.tools.writers import new_month

MONTHS = 60
FIRST, LAST = "2020-01", "2024-12"
#: The month ``dmreport new`` starts after the last: a draft.
DRAFT = "2025-01"
#: A preview edition the published edition's version switcher lists.
PREVIEW = "pr-17"
#: Pages given a citation of a look-alike identifier: (month, page, role text).
LOOK_ALIKES = (
    ("2020-12", "alert-production", "{ldm}`50`"),
    ("2021-01", "alert-production", "{ldm}`503`"),
    ("2021-01", "data-facility", "{ldm}`5030`"),
    ("2022-06", "square", "{jira}`DM-2272`"),
    ("2023-03", "science-data-archive", "{jirab}`DM-22727, RFC-650`"),
    ("2024-05", "dm-science", "{rtn}`011` and {milestone}`DM-DRP-8`"),
)
ROLE = re.compile(r"\{(?P<name>[a-z:]+)\}`(?P<text>[^`]*)`")
RECORD = re.compile(r"^```\{milestone\} (?P<id>\S+)", re.M)

_BUILT: dict[str, Path] = {}


def cited(root: Path) -> dict[str, set[str]]:
    """What each report page's source cites (an oracle independent of the
    extension): identifier -> pages (``reports/YYYY-MM/page.html``)."""
    found: dict[str, set[str]] = {}
    for path in sorted((root / "reports").glob("*/*.md")):
        page = path.relative_to(root).with_suffix(".html").as_posix()
        text = path.read_text(encoding="utf-8")
        keys = {match["id"] for match in RECORD.finditer(text)}
        for match in ROLE.finditer(text):
            name, inner = match["name"], match["text"]
            if name in ("jira", "jirab", "jirap"):
                keys.update(part.strip() for part in inner.split(","))
            elif name in SERIES_BY_ROLE:
                keys.add(f"{SERIES_BY_ROLE[name].prefix}-{inner.strip()}")
            elif name == "milestone":
                keys.add(inner.strip())
        for key in keys:
            found.setdefault(key, set()).add(page)
    return found


def _add_look_alikes(root: Path) -> None:
    for month, page, text in LOOK_ALIKES:
        path = root / "reports" / month / f"{page}.md"
        source = path.read_text(encoding="utf-8")
        heading = "## Planned activities\n\n"
        assert heading in source, path
        path.write_text(
            source.replace(heading, f"{heading}- Review {text} with the team.\n\n", 1),
            encoding="utf-8",
        )


def archive(repo: Path, base: Path) -> Path:
    """The generated archive's sources under ``base`` (built by :func:`site`)."""
    root = make_archive(repo, MONTHS, base / "archive")
    _add_look_alikes(root)
    new_month(root, DRAFT)
    with (root / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(f"\ndmreport_edition = 'main'\ndmreport_editions = [{PREVIEW!r}]\n")
    return root


def site(repo: Path, base: Path) -> tuple[Path, Path]:
    """The archive's sources and its built HTML (search index included),
    made once per session whichever module asks first."""
    if "site" not in _BUILT:
        root = archive(repo, base)
        _BUILT["root"] = root
        _BUILT["site"] = build_site(root, root / "_build" / "html", pdf=False).html
    return _BUILT["root"], _BUILT["site"]
