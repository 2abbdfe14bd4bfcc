"""The writers' preview: one Sphinx application kept between edits writes the
saved page first, then the pages that depend on it (marked as updating
until then). Every page it shows equals what ``dmreport build`` makes of the
same change, and every page's content equals a clean build's."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from bs4 import BeautifulSoup
from playwright.sync_api import expect, sync_playwright
from sphinxpages import built_articles

from dmreport.ext.state import get_state
from dmreport.tools.bench.preview import free_port, page_text
from dmreport.tools.bench.weight import CHROMIUM, CHROMIUM_ARGS
from dmreport.tools.preview import STEPS, Preview
from dmreport.tools.serve import UPDATING, make_app, mark_updating, watched

ROOT = Path(__file__).parent / "roots" / "test-months"
PAGE = "reports/2020-01/alert-production"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _pages(outdir: Path) -> dict[str, bytes]:
    """Every page of a built site, whole (the search index aside)."""
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*.html"))
        if not path.relative_to(outdir).as_posix().startswith("pagefind/")
    }


def _dmreport_build(src: Path, out: Path) -> Path:
    """``dmreport build --no-pdf`` of ``src`` into ``out``, in its own process."""
    command = [sys.executable, "-m", "dmreport", "build", "--no-pdf", "--root", str(src),
               "--out", str(out)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def _clean_build(src: Path, target: Path) -> Path:
    clean = target / "src"
    shutil.copytree(src, clean, ignore=shutil.ignore_patterns("_build"))
    return _dmreport_build(clean, target / "out" / "html")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    running = Preview(src, src / "_build" / "preview" / "html", status=None)
    running.start()
    yield running
    running.close()


def test_saved_page_first_then_its_dependants(preview: Preview, tmp_path: Path) -> None:
    page = preview.root / f"{PAGE}.md"
    _replace(page, "More gamma work.", "More gamma work, now with delta checks.")
    history = preview.out / "wbs" / "alert-production.html"
    seen: dict[str, object] = {}

    def first_written() -> None:  # the moment the browser is told to reload
        seen["page"] = (preview.out / f"{PAGE}.html").read_text("utf-8")
        seen["history"] = history.read_text("utf-8")
        seen["pending"] = set(preview.pending)

    result = preview.rebuild([page], first_written)
    assert result.error is None and not result.restarted
    assert result.first == [PAGE]
    # The element's history and the month's other pages depend on the page.
    assert {"wbs/alert-production", "reports/2020-01/summary"} <= set(result.rest)
    assert "delta checks" in str(seen["page"])
    assert "delta checks" not in str(seen["history"])  # not yet written ...
    assert "wbs/alert-production" in seen["pending"]  # ... and marked as updating
    assert "delta checks" in history.read_text("utf-8")  # written before rebuild returns
    assert preview.pending == frozenset()
    assert result.first_s <= result.done_s
    assert _pages(preview.out) == _pages(_clean_build(preview.root, tmp_path / "clean"))


def _new_month(src: Path) -> None:
    folder = src / "reports" / "2020-02"
    shutil.copytree(src / "reports" / "2020-01", folder)
    for path in folder.glob("*.md"):
        text = path.read_text(encoding="utf-8").replace("2020-01", "2020-02")
        path.write_text(text.replace("January 2020", "February 2020"), encoding="utf-8")


def _removed_month(src: Path) -> None:
    shutil.rmtree(src / "reports" / "2019-11")


def _document_title(src: Path) -> None:
    _replace(src / "data/documents.bib", "Organization and Management", "Roles and Duties")


def _wbs_title(src: Path) -> None:
    _replace(src / "wbs/elements.yaml", '"Alert Production"', '"Alert Production Services"')


def _month_title(src: Path) -> None:
    _replace(src / "reports/2019-12/index.md", "# December 2019", "# December 2019, revised")


#: Each change, whether it restarts the application, and the changed paths.
CHANGES: dict[str, tuple[Callable[[Path], None], bool, list[str]]] = {
    "a new month": (_new_month, False, ["reports/2020-02/index.md"]),
    "a removed month": (_removed_month, False, ["reports/2019-11/index.md"]),
    "a month's title": (_month_title, False, ["reports/2019-12/index.md"]),
    "a document title (data)": (_document_title, True, ["data/documents.bib"]),
    "the WBS registry": (_wbs_title, True, ["wbs/elements.yaml"]),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_preview_equals_dmreport_build(preview: Preview, tmp_path: Path, change: str) -> None:
    edit, restarts, paths = CHANGES[change]
    twin = tmp_path / "twin"  # the same site, built by dmreport build before the change
    shutil.copytree(preview.root, twin, ignore=shutil.ignore_patterns("_build"))
    built = _dmreport_build(twin, twin / "_build" / "html")
    edit(preview.root)
    edit(twin)
    result = preview.rebuild([preview.root / path for path in paths])
    assert result.error is None
    assert result.restarted is restarts
    assert _pages(preview.out) == _pages(_dmreport_build(twin, built))
    clean = built_articles(_clean_build(preview.root, tmp_path / "clean"))
    shown = built_articles(preview.out)
    assert shown == clean  # a removed month's pages go, in the preview as in the build


def test_a_commit_of_pages_is_read_a_commit_of_more_restarts(preview: Preview) -> None:
    """A commit that changes only pages is read as those pages (their footer
    shows the commit); one that changes more is a new application."""
    git = ["git", "-C", str(preview.root), "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    (preview.root / ".gitignore").write_text("_build/\n", encoding="utf-8")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "First"], check=True)
    assert preview.rebuild([]).restarted  # no commit known before: start afresh
    page = preview.root / f"{PAGE}.md"
    assert not preview.rebuild([page]).restarted
    _replace(page, "More gamma work.", "More gamma work, committed.")
    subprocess.run([*git, "commit", "-q", "-am", "Pages only", "--author", "Ada <a@b.org>"])
    result = preview.rebuild([page])
    assert not result.restarted and result.error is None
    assert preview.app is not None  # the page's history, for its footer, is the commit's
    assert "Ada" in get_state(preview.app).git[f"{PAGE}.md"].contributors
    assert f"{PAGE}" in result.first
    (preview.root / "conf.py").write_text((preview.root / "conf.py").read_text() + "\n# x\n")
    subprocess.run([*git, "commit", "-q", "-am", "Settings"], check=True)
    assert preview.rebuild([]).restarted


def test_a_removed_page_is_not_served(preview: Preview) -> None:
    page = preview.root / "reports/2020-01/summary.md"
    served = preview.out / "reports/2020-01/summary.html"
    assert served.is_file()
    page.unlink()
    result = preview.rebuild([page])
    assert result.error is None and not result.restarted
    assert not served.exists()


@pytest.mark.parametrize(
    "added",
    ["reports/2019-12/Notes.md", "reports/2019-12/extra/notes.md", "reports/2019-13/index.md"],
)
def test_a_file_added_while_serving_passes_the_gate(
    preview: Preview, tmp_path: Path, added: str
) -> None:
    """A page the gate refuses, saved while the preview runs, is never read:
    its include does not run and it is not written."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OF-THE-MACHINE\n", encoding="utf-8")
    page = preview.root / added
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"# Notes\n\n```{{include}} {secret}\n```\n", encoding="utf-8")
    result = preview.rebuild([page])
    assert result.error is None
    assert not (preview.out / added).with_suffix(".html").exists()
    written = [p for p in preview.out.parent.parent.rglob("*") if p.is_file()]
    assert not [p for p in written if b"SECRET-OF-THE-MACHINE" in p.read_bytes()]


@pytest.fixture
def served(preview: Preview) -> Iterator[str]:
    """The preview's application on a free port, without its file watcher."""
    port = free_port()
    app = make_app(preview, say=lambda message: None, ws_host=f"127.0.0.1:{port}")
    server = uvicorn.Server(uvicorn.Config(app, port=port, lifespan="off", log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}/"
    server.should_exit = True
    thread.join(timeout=10)


def test_pending_pages_are_served_as_updating(preview: Preview, served: str) -> None:
    assert UPDATING not in page_text(served + "wbs/alert-production.html")
    preview.pending = frozenset({"wbs/alert-production"})
    updating = page_text(served + "wbs/alert-production.html")
    assert UPDATING in updating
    assert "Alert Production" in updating  # the page itself, as last written
    assert UPDATING not in page_text(served + f"{PAGE}.html")
    assert "websocket-reload" in page_text(served + f"{PAGE}.html")  # the reload script


def test_notice_goes_inside_the_body() -> None:
    page = b'<html><head></head><body class="x"><p>Text</p></body></html>'
    marked = mark_updating(page)
    assert marked.startswith(b'<html><head></head><body class="x"><div')
    assert marked.endswith(b"<p>Text</p></body></html>")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("reports/2020-01/summary.md", True),
        ("data/documents.bib", True),
        ("conf.py", True),
        ("_build/preview/html/index.html", False),
        (".git/index", False),
        ("reports/2020-01/.summary.md.swp", False),
        ("reports/2020-01/summary.md~", False),
        ("reports/2020-01/summary.md.bak", False),
        ("reports/2020-01/summary.md.orig", False),
        ("reports/2020-01/summary.md___jb_tmp___", False),
        ("reports/2020-01/summary.md___jb_old___", False),
        ("reports/2020-01/4913", False),
        ("reports/2020-01/.#summary.md", False),
        ("tests/test_x.py", False),
        (".nox/tests/lib/x.py", False),
        ("preview-out/html/index.html", False),  # the preview's own output
        ("preview-out/doctrees/environment.pickle", False),
        ("../elsewhere/page.md", False),
    ],
)
def test_watched_files(path: str, expected: bool, tmp_path: Path) -> None:
    made = (tmp_path / "preview-out" / "html", tmp_path / "preview-out" / "doctrees")
    assert watched((tmp_path / path).resolve(), tmp_path, made) is expected


def test_dmreport_serve_updates_the_open_tab(tmp_path: Path) -> None:
    """The command a writer runs, in Chromium: a saved edit appears in the
    open tab by itself, scrolled where it was; a saved mistake appears on
    the page as a problem and goes once fixed; the terminal shows one line
    per save and never a traceback."""
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium is missing: {CHROMIUM}")
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    source = src / f"{PAGE}.md"
    port = free_port()
    output: list[str] = []
    server = subprocess.Popen(
        [sys.executable, "-m", "dmreport", "serve", "--root", str(src), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    reader = threading.Thread(target=lambda: output.extend(server.stdout or []), daemon=True)
    try:
        reader.start()
        deadline = time.monotonic() + 120
        while not any(line.startswith("preview: serving") for line in output):
            assert server.poll() is None, "".join(output)
            assert time.monotonic() < deadline, "".join(output)
            time.sleep(0.05)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1000, "height": 500})
            tab.goto(f"http://127.0.0.1:{port}/{PAGE}.html")
            expect(tab.locator("article")).to_contain_text("More gamma work.")
            tab.evaluate("window.scrollTo(0, 300)")
            _replace(source, "More gamma work.", "More gamma work after saving.")
            expect(tab.locator("article")).to_contain_text("after saving", timeout=60_000)
            tab.wait_for_function("window.scrollY > 0")  # across the reloads of a save
            _replace(source, "after saving.", "after saving {jria}`DM-23002`.")
            banner = tab.locator(".dmreport-problems")
            expect(banner).to_contain_text("DMR012", timeout=60_000)
            expect(banner).to_contain_text("line ")
            expect(banner).to_contain_text("Fix:")
            _replace(source, "{jria}", "{jira}")
            expect(banner).to_have_count(0, timeout=60_000)
            browser.close()
        saves = [line for line in output if line.startswith("preview: ") and " in " in line]
        assert any("1 problem in the saved page" in line for line in saves), output
        assert any("0 problems in the saved page" in line for line in saves), output
    finally:
        server.terminate()
        server.wait(timeout=30)
        reader.join(timeout=10)
    said = "".join(output)
    assert "Traceback" not in said and "Exception" not in said, said


@pytest.mark.parametrize("edited", [False, True])
def test_the_preview_starts_from_a_current_build(tmp_path: Path, edited: bool) -> None:
    """Right after ``dmreport build`` the preview reads and writes nothing;
    after an edit since, it builds the edit as ever."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src)
    built = _dmreport_build(src, src / "_build" / "html")
    if edited:
        _replace(src / f"{PAGE}.md", "More gamma work.", "More gamma work since the build.")
    running = Preview(src, src / "_build" / "preview" / "html", status=None)
    try:
        running.start()
        page = running.out / f"{PAGE}.html"
        assert ("since the build" in page.read_text()) is edited
        same = page.stat().st_mtime_ns == (built / f"{PAGE}.html").stat().st_mtime_ns
        assert same is not edited  # the build's page as it was, or written anew
        assert running.rebuild([src / f"{PAGE}.md"]).error is None
    finally:
        running.close()


def test_the_saved_page_is_shown_before_the_update_reads(
    preview: Preview, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The saved page is read alone and written (by the standby child) while
    the application's update has not even started to read."""
    assert preview.app is not None
    builder = preview.app.builder
    shown = threading.Event()
    order: list[object] = []
    seen: dict[str, str] = {}
    read = builder.read

    def update_reads() -> list[str]:
        order.append(("update reads", shown.wait(timeout=60)))
        return read()

    def first_written() -> None:
        order.append("saved page shown")
        seen["page"] = (preview.out / f"{PAGE}.html").read_text("utf-8")
        shown.set()

    monkeypatch.setattr(builder, "read", update_reads)
    page = preview.root / f"{PAGE}.md"
    _replace(page, "More gamma work.", "More gamma work, now with epsilon checks.")
    result = preview.rebuild([page], first_written)
    assert result.error is None
    assert order == ["saved page shown", ("update reads", True)]
    assert "epsilon checks" in seen["page"]
    # Shown whole: its citation resolved to the page's bibliography.
    cited = BeautifulSoup(seen["page"], "html.parser").select("a.reference[title*='Holman']")
    assert cited and cited[0]["href"].startswith("#")
    assert list(result.steps) == list(STEPS)
    assert "wbs/alert-production" in result.rest
