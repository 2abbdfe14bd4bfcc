"""The benchmark's archive: N months generated from the real January 2020
pages, each with its own month, ticket numbers, dates and a changed
sentence (so that the indexes grow as they would), and the same pages as a
plain Sphinx project (MyST, the theme and documenteer's roles, without the
dmreport extension): the baseline every build is put beside."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from ...core.ids import TICKET_RE, Month

SOURCE_MONTH = "2020-01"
COPIED = ("conf.py", "index.rst", "wbs", "data", "_static", "_templates", "references",
          "milestones")  # fmt: skip
BASELINE_CONF = """\
# Baseline: the same pages with plain Sphinx, MyST, the theme and
# documenteer's roles, without the dmreport extension.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "baseline_roles"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
include_patterns = ["index.rst", "reports/**"]
exclude_patterns = ["**/.*"]
bibtex_bibfiles = ["data/citations.bib"]
bibtex_reference_style = "author_year"
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "pydata_sphinx_theme"
suppress_warnings = ["myst", "toc", "bibtex", "ref"]
"""
BASELINE_ROLES = '''\
"""documenteer's roles, declared parallel safe like the dmreport build."""
from documenteer.ext import jira, lsstdocushare


def setup(app):
    jira.setup(app)
    lsstdocushare.setup(app)
    app.add_role("milestone", lambda name, raw, text, *a, **k: ([], []))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def month_at(index: int, start: int = 2020) -> str:
    return str(Month(start, 1).shift(index))


def _later_ticket(ticket: str, index: int) -> str:
    project, _, number = ticket.partition("-")
    return f"{project}-{int(number) + 1000 * index}"


def make_page(text: str, index: int) -> str:
    """A January 2020 page as month ``index``: its own month, tickets, dates
    and a changed sentence."""
    month = Month.parse(month_at(index))
    text = text.replace('month: "2020-01"', f'month: "{month}"')
    text = text.replace("January 2020", month.title)
    text = TICKET_RE.sub(lambda m: _later_ticket(m[0], index), text)
    text = re.sub(r"\b20(1[6-9]|20)-(\d{2})-(\d{2})\b",
                  lambda m: f"{int('20' + m[1]) + index // 12}-{m[2]}-{m[3]}", text)  # fmt: skip
    text = re.sub(r"^issued: .*$", f"issued: {month.last_day.isoformat()}", text, flags=re.M)
    return text.replace(
        "No new risks were added",
        f"Review number {index + 1} of the register found that no new risks were added",
    )


def add_month(source: Path, target: Path, index: int) -> None:
    """Write month ``index`` into ``target``/reports from the pages in ``source``."""
    folder = target / "reports" / month_at(index)
    folder.mkdir(parents=True)
    for page in sorted(source.glob("*.md")):
        (folder / page.name).write_text(
            make_page(page.read_text(encoding="utf-8"), index), encoding="utf-8"
        )


def make_archive(repo: Path, months: int, target: Path) -> Path:
    """A copy of the repository's site with ``months`` generated months."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    (target / "reports").mkdir(exist_ok=True)
    shutil.copy(repo / "reports" / "index.md", target / "reports" / "index.md")
    for index in range(months):
        add_month(repo / "reports" / SOURCE_MONTH, target, index)
    return target


def make_baseline(archive: Path, target: Path) -> Path:
    """The same report pages as a plain Sphinx project."""
    shutil.copytree(archive / "reports", target / "reports")
    shutil.copytree(archive / "data", target / "data")
    (target / "conf.py").write_text(BASELINE_CONF)
    (target / "baseline_roles.py").write_text(BASELINE_ROLES)
    (target / "index.rst").write_text(
        "Reports\n=======\n\n.. toctree::\n   :glob:\n\n   reports/*/index\n"
    )
    return target
