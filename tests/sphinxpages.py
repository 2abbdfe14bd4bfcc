"""Reading what a Sphinx test app built: its warnings and its pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup


def warnings(app) -> list[str]:
    """The build's warning lines, without colour codes."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", app._warning.getvalue())
    return [line for line in text.splitlines() if line]


def article(app, docname: str) -> BeautifulSoup:
    """The main content of a built page."""
    path = Path(app.outdir) / f"{docname}.html"
    found = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")
    assert found is not None, docname
    return found


def rows(page: BeautifulSoup) -> list[list[str]]:
    """The cells' text of every body row of the tables on a page."""
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("td")]
        for row in page.select("tbody tr")
    ]


def sphinx_build(src: Path) -> tuple[set[str], set[str]]:
    """Build ``src`` in its own process, as ``dmreport build`` does; the
    pages read and the pages written."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", "1", "-W", "--keep-going",
               "-n", str(src), str(src / "_build/html")]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    found: dict[str, set[str]] = {"reading sources": set(), "writing output": set()}
    for line in done.stdout.splitlines():
        step, _, rest = line.partition("... ")
        if step in found and "] " in rest:
            found[step].add(rest.split("] ", 1)[1].strip())
    return found["reading sources"], found["writing output"]


def built_article(outdir: Path, docname: str) -> str:
    """A built page's ``<article>`` (its content without the site's navigation)."""
    soup = BeautifulSoup((outdir / f"{docname}.html").read_text("utf-8"), "lxml")
    found = soup.select_one("article")
    return str(found) if found is not None else ""


def built_articles(outdir: Path) -> dict[str, str]:
    """The article of every page of a built site (search, index and assets aside)."""
    return {
        name: built_article(outdir, name)
        for path in sorted(outdir.rglob("*.html"))
        if not (name := path.relative_to(outdir).with_suffix("").as_posix()).startswith(
            ("_", "search", "genindex")
        )
    }
