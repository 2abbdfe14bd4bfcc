"""The Sphinx extension on small test roots: roles, citations, home page,
incremental and parallel builds."""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.parsers.rst import roles as docutils_roles
from docutils.parsers.rst.languages import en as english
from sphinx.util.docutils import is_role_registered
from sphinxpages import article, warnings

from dmreport.core.ids import REPORT_ROLES
from dmreport.ext import parallel
from dmreport.tools.bench import make_archive
from dmreport.tools.instant import in_child

JIRA = "https://rubinobs.atlassian.net/browse/"


def html(app, docname: str) -> BeautifulSoup:
    path = Path(app.outdir) / f"{docname}.html"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_roles_link_tickets_and_documents(app) -> None:
    app.build()
    assert warnings(app) == []
    page = article(app, "reports/2019-12/alert-production")
    hrefs = {a.get_text(): a["href"] for a in page.select("a.reference.external")}
    assert hrefs["DM-200"] == JIRA + "DM-200"
    assert hrefs["DM-201"] == JIRA + "DM-201"
    assert hrefs["LDM-294"] == "https://ls.st/ldm-294"
    for mark in page.select("sup.dmreport-cited"):  # HTML only: see test_reference_index
        mark.decompose()
    # jirab's brackets and separators are text, so LaTeX keeps them too.
    assert "[DM-200, DM-201]" in page.get_text()
    summary = article(app, "reports/2019-12/summary")
    for mark in summary.select("sup.dmreport-cited"):
        mark.decompose()
    assert "DM-100 and DM-101" in summary.get_text()
    assert summary.select_one('a[href="https://dmtn-137.lsst.io/"]') is not None


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_same_work_cited_on_many_pages(app) -> None:
    """Each page has its own References; no duplicate-citation warnings."""
    app.build()
    assert warnings(app) == []
    for docname in ("reports/2019-12/summary", "reports/2019-11/alert-production"):
        page = article(app, docname)
        assert "Holman et al." in page.get_text()
        citation = page.select_one("div.citation, aside.citation, dl.citation")
        assert citation is not None, docname
        assert "HelioLinC" in citation.get_text()
        cite_link = page.select_one('a[href^="#"][role="doc-biblioref"], span a[href^="#"]')
        assert cite_link is not None


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_home_shows_latest_summary(app) -> None:
    app.build()
    home = article(app, "index")
    text = home.get_text()
    # The newest published month: January 2020 is a draft.
    assert "the beta summary" in text
    assert "the gamma summary" not in text
    links = [a["href"] for a in home.select("a")]
    toctree = [a["href"] for a in home.select(".toctree-wrapper a")]
    months = [
        link for link in dict.fromkeys(toctree) if re.match(r"reports/\d{4}-\d{2}/index.html", link)
    ]
    # Newest month first, each once.
    assert months == [f"reports/{m}/index.html" for m in ("2020-01", "2019-12", "2019-11")]
    # The citation in the copied summary points at the summary's references.
    assert any(link.startswith("reports/2019-12/summary.html#") for link in links)


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_wbs_tree(app) -> None:
    app.build()
    tree = article(app, "wbs/index")
    items = [li.get_text(" ", strip=True) for li in tree.select("li")]
    assert items[0].startswith("1.02C.03 Alert Production")
    assert any("1.02C.03.04 Alert Generation Pipeline" in item for item in items)


def _pages(outdir: Path) -> dict[str, str]:
    pages = {}
    for path in sorted(outdir.rglob("*.html")):
        if path.name in ("search.html", "genindex.html"):
            continue
        body = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")
        pages[str(path.relative_to(outdir))] = body.get_text(" ", strip=True) if body else ""
    return pages


@pytest.mark.sphinx("html", testroot="months", freshenv=True, parallel=2)
def test_parallel_build_matches_serial(app, make_app, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(parallel, "SERIAL_BELOW", 1)  # read these few pages in workers too
    app.build()
    assert app.parallel == 2  # it did
    assert warnings(app) == []
    serial_src = tmp_path / "serial"
    shutil.copytree(app.srcdir, serial_src, ignore=shutil.ignore_patterns("_build"))
    app.cleanup()
    serial = make_app("html", srcdir=serial_src, freshenv=True)
    serial.build()
    assert _pages(Path(app.outdir)) == _pages(Path(serial.outdir))


def test_a_large_build_in_workers(make_app, repo: Path, tmp_path: Path) -> None:
    """A worker started after others' pages were merged forgets them before
    it reads: each sends back the pages it read, not the archive read so far.
    The pages are written by as many workers as processes were asked for
    (Sphinx's own choice is one fewer), the pages made at the end shared
    among as many processes as asked for."""
    root = make_archive(repo, 3, tmp_path / "archive")
    app = make_app("html", srcdir=root, freshenv=True, parallel=2)
    sent: list[tuple[set[str], set[str]]] = []
    app.connect(
        "env-merge-info",
        lambda app, env, docnames, other: sent.append((set(docnames), set(other.all_docs))),
    )
    processes: dict[str, set[int]] = {"resolving": set(), "collecting": set()}
    app.connect("doctree-resolved", lambda app, *args: processes["resolving"].add(app.parallel))
    app.connect(
        "html-collect-pages",
        lambda app: processes["collecting"].add(app.parallel) or [],
        priority=100,
    )
    app.build()
    assert app.parallel == 2 and warnings(app) == []
    # More workers than processes: the later ones started after a merge.
    assert len(sent) > 2
    assert all(pages == docnames for docnames, pages in sent), sent
    assert set().union(*(docnames for docnames, _ in sent)) == set(app.env.all_docs)
    assert app.builder.parallel_ok
    assert processes == {"resolving": {3}, "collecting": {2}}
    # A process forked after the build (the preview's standby) that reads a
    # page again keeps every other page.
    pages = len(app.env.all_docs)
    docname = "reports/2020-01/alert-production"

    def read_again() -> None:
        app.builder.read_doc(docname)
        if len(app.env.all_docs) != pages:
            raise AssertionError(f"{pages - len(app.env.all_docs)} pages forgotten")

    assert os.waitpid(in_child(read_again), 0)[1] == 0


def test_a_builder_without_collected_pages_ends_as_asked(
    make_app, repo: Path, tmp_path: Path
) -> None:
    """The extra writer is given back when the build ends, whatever the
    builder: a kept application's next build starts with what was asked."""
    root = make_archive(repo, 3, tmp_path / "archive")
    app = make_app("dummy", srcdir=root, freshenv=True, parallel=2)
    writing: set[int] = set()
    app.connect("doctree-resolved", lambda app, *args: writing.add(app.parallel))
    app.build()
    assert writing == {3} and app.parallel == 2


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_what_was_read_is_frozen_while_writing(app) -> None:
    """The collector leaves what the build read alone while pages are
    written, and collects it as usual once the build is over."""
    frozen: list[int] = []
    app.connect("html-page-context", lambda *args: frozen.append(gc.get_freeze_count()))
    app.build()
    assert frozen and min(frozen) > 10_000
    assert gc.get_freeze_count() == 0


@pytest.mark.sphinx("html", testroot="months", freshenv=True, parallel=2)
def test_few_pages_are_read_in_one_process(app) -> None:
    """Workers would send the whole environment back for a few pages."""
    assert len(app.env.found_docs) < parallel.SERIAL_BELOW
    app.build()
    assert app.parallel == 1 and warnings(app) == []


def _registered(app, name: str) -> bool:
    """Whether the build knows role ``name`` as MyST looks it up: a domain's
    form, a docutils role (``sub`` is English for ``subscript``) or Sphinx's."""
    domain, _, form = name.rpartition(":")
    if domain:
        return form in app.env.get_domain(domain).roles
    canonical = english.roles.get(name, name)
    return (
        is_role_registered(name)
        or canonical in docutils_roles._role_registry
        or name in app.env.get_domain("std").roles
    )


@pytest.mark.sphinx("html", testroot="months", freshenv=True)
def test_every_role_the_checks_allow_is_registered(app) -> None:
    """The checks' roles (core/ids.py REPORT_ROLES) are the ones the build has:
    the extension's, sphinxcontrib-bibtex's forms and Sphinx's own."""
    missing = sorted(name for name in REPORT_ROLES if not _registered(app, name))
    # The checks have long allowed cite:alt, a form sphinxcontrib-bibtex does
    # not have (a page using it passes the checks, then the build warns).
    assert missing == ["cite:alt"]


def test_a_build_process_skips_the_last_collection(tmp_path: Path) -> None:
    """A process that loaded the extension freezes what is alive when it
    exits, so that the interpreter's last garbage collection has nothing to
    walk (seconds after a large build)."""
    root = Path(__file__).parent / "roots" / "test-months"
    script = f"""
import atexit, gc
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count()))
from sphinx.application import Sphinx
Sphinx({str(root)!r}, {str(root)!r}, {str(tmp_path / "out")!r}, {str(tmp_path / "d")!r},
       "html", status=None, warning=None)
print("frozen before exit:", gc.get_freeze_count())
"""
    said = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    before = int(re.search(r"frozen before exit: (\d+)", said)[1])
    at_exit = int(re.search(r"frozen at exit: (\d+)", said)[1])
    assert before == 0 and at_exit > 10_000, said
