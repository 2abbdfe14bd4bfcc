"""The build stamp: ``dmreport build`` with nothing changed does nothing, and
any change to what a build reads (or to what it made) builds again; Pagefind
runs only when a page it indexes changed; a commit rewrites the pages whose
footer it changes."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from dmreport.outputs.pagefind import build_search_index
from dmreport.tools.bench import make_archive
from dmreport.tools.build import build_site
from dmreport.tools.stamp import STAMP, input_digest, is_current, write_stamp

ROOT = Path(__file__).parent / "roots" / "test-months"
OPTIONS: dict[str, object] = {"out": "_build/html", "strict": True, "pdf": False}


def _git(root: Path, *args: str, author: str = "Ada Writer") -> None:
    subprocess.run(
        ["git", "-C", str(root), "-c", f"user.name={author}", "-c", "user.email=w@example.org",
         *args],
        check=True,
        capture_output=True,
    )  # fmt: skip


def _append(relative: str, text: str = "\n% changed\n") -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)

    return edit


#: Every kind of input a build reads.
INPUTS: dict[str, Callable[[Path], None]] = {
    "a report page": _append("reports/2020-01/summary.md", "\nOne more sentence.\n"),
    "a new month": _append("reports/2020-02/index.md", "# February 2020\n"),
    "the WBS registry": _append("wbs/elements.yaml", "\n# note\n"),
    "a bibliography": _append("data/documents.bib"),
    "a plan export": _append("milestones/pmcs/201804-BL.csv", "task_code\n"),
    "a template": _append("_templates/extra.html", "<p></p>"),
    "a static file": _append("_static/extra.css", "p {}"),
    "conf.py": _append("conf.py", "\n# comment\n"),
    "a removed page": lambda root: (root / "reports/2019-11/summary.md").unlink(),
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    shutil.copytree(ROOT, root)
    return root


@pytest.mark.parametrize("change", list(INPUTS))
def test_every_input_changes_the_digest(site: Path, change: str) -> None:
    before = input_digest(site, OPTIONS)
    assert input_digest(site, OPTIONS) == before  # the same inputs, the same digest
    INPUTS[change](site)
    assert input_digest(site, OPTIONS) != before


@pytest.mark.parametrize(
    "ignored", ["_build/html/index.html", ".git/index", "tests/test_x.py", ".nox/x.py"]
)
def test_outputs_and_tools_are_not_inputs(site: Path, ignored: str) -> None:
    before = input_digest(site, OPTIONS)
    _append(ignored)(site)
    assert input_digest(site, OPTIONS) == before


def test_options_commit_and_environment_change_the_digest(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = input_digest(site, OPTIONS)
    assert input_digest(site, {**OPTIONS, "pdf": True}) != before
    monkeypatch.setenv("DMREPORT_EDITION", "pr-9")
    assert input_digest(site, OPTIONS) != before
    monkeypatch.delenv("DMREPORT_EDITION")
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "First")
    committed = input_digest(site, OPTIONS)
    assert committed != before  # the commit checked out is an input
    _git(site, "commit", "-q", "--allow-empty", "-m", "Second")
    assert input_digest(site, OPTIONS) != committed


def test_outputs_must_be_there_unchanged(tmp_path: Path) -> None:
    made = tmp_path / "index.html"
    made.write_text("<p>site</p>")
    write_stamp(tmp_path, "abc", [made])
    assert (tmp_path / STAMP).is_file()
    assert is_current(tmp_path, "abc")
    assert not is_current(tmp_path, "abd")  # other inputs
    made.write_text("<p>changed by hand</p>")
    assert not is_current(tmp_path, "abc")
    write_stamp(tmp_path, "abc", [made])
    made.unlink()
    assert not is_current(tmp_path, "abc")


def test_nothing_changed_builds_nothing(site: Path) -> None:
    first = build_site(site, pdf=False)
    assert not first.unchanged and first.indexed
    pages = {p: p.stat().st_mtime_ns for p in first.html.rglob("*") if p.is_file()}
    again = build_site(site, pdf=False)
    assert again.unchanged  # stopped before Sphinx: not a file written
    assert {p: p.stat().st_mtime_ns for p in first.html.rglob("*") if p.is_file()} == pages
    INPUTS["a report page"](site)
    edited = build_site(site, pdf=False)
    assert not edited.unchanged and edited.indexed
    assert "One more sentence." in (edited.html / "reports/2020-01/summary.html").read_text()
    (edited.html / "index.html").unlink()  # an output gone: build again
    rebuilt = build_site(site, pdf=False)
    assert not rebuilt.unchanged and (rebuilt.html / "index.html").is_file()
    # A failed build leaves no stamp: the next build tries again.
    _append("reports/2020-01/summary.md", "\n{unknownrole}`x`\n")(site)
    with pytest.raises(Exception, match="build failed"):
        build_site(site, pdf=False)
    assert not (rebuilt.work / STAMP).exists()


def test_outputs_stay_under_out(site: Path, tmp_path: Path) -> None:
    """``--out DIR``: the site in DIR; doctrees and the stamp inside the
    repository's _build/, nothing beside DIR."""
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    built = build_site(site, outside / "site", pdf=False)
    assert sorted(p.name for p in outside.iterdir()) == ["site"]
    assert (outside / "site" / "index.html").is_file()
    assert built.work.is_relative_to(site / "_build")
    assert (built.work / STAMP).is_file() and (built.work / "doctrees").is_dir()
    assert build_site(site, outside / "site", pdf=False).unchanged


def test_search_index_only_when_an_indexed_page_changed(site: Path) -> None:
    html = build_site(site, pdf=False).html
    assert not build_search_index(html)  # nothing changed since the index
    (html / "wbs" / "alert-production.html").write_text("<p>x</p>")  # not an indexed page
    assert not build_search_index(html)
    page = html / "reports" / "2020-01" / "summary.html"
    page.touch()  # written again, the same text
    assert not build_search_index(html)
    page.write_text(page.read_text("utf-8") + "<p>more</p>", "utf-8")
    assert build_search_index(html).made.keys() == {"2020"}  # its year only
    assert not build_search_index(html)
    assert {"2020", "2019"} <= build_search_index(html, force=True).made.keys()


def test_a_commit_rewrites_the_footers_it_changes(repo: Path, tmp_path: Path) -> None:
    """Pages show their last change: a commit of an already built edit is
    built again, and the page says who changed it."""
    site = make_archive(repo, 1, tmp_path / "site")
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-q", "-m", "First", author="Ada Writer")
    page = site / "reports/2020-01/summary.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nA late addition.\n", encoding="utf-8")
    html = build_site(site, pdf=False).html / "reports/2020-01/summary.html"
    assert "A late addition." in html.read_text() and "Grace Editor" not in html.read_text()
    _git(site, "commit", "-q", "-am", "Addition", author="Grace Editor")
    assert not build_site(site, pdf=False).unchanged
    assert "Grace Editor" in html.read_text()
    other = html.parent / "alert-production.html"
    assert "Grace Editor" not in other.read_text()  # a page the commit did not touch
