"""A hostile pull request (``tests/hostile/corpus.py``): every hostile file
is named by ``dmreport check``, and a preview build of all of them together
leaks no secret, publishes no repository file, carries no script and loads
nothing from another host — with each of the build's layers on its own too.

The corpus plants its attacks in a draft month ``2020-02`` of a copy of this
repository: one case at a time (for the check), and all at once (for the
build). The secrets: a file outside the repository, an environment
variable, and a token in the copy's ``.git/config``.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from dmreport.checks import check_paths
from dmreport.checks.gate import image_kind
from dmreport.ext import untrusted
from dmreport.tools.build import build_site

sys.path.insert(0, str(Path(__file__).resolve().parent / "hostile"))
import corpus
import corpus2

ROOT = Path(__file__).resolve().parent.parent
SECRET_DIR = Path("/tmp/dmreport-hostile-secret")
RAN = Path("/tmp/dmreport-hostile-ran")
SECRETS = {
    "file": b"HOSTILE-SECRET-FILE-5d1e",
    "environment": b"HOSTILE-SECRET-ENV-93aa",
    "git config": b"HOSTILE-SECRET-GIT-77c0",
}
#: The second corpus's secrets.
SECRET_DIR_2 = Path("/tmp/hostile2-secret")
SECRETS_2 = {
    "file": b"H2-SECRET-FILE-a81c",
    "environment": b"H2-SECRET-ENV-4b2e",
    "git config": b"H2-SECRET-GIT-0f9d",
}
CASE_IDS = ["c0-baseline", *(case["id"] for case in corpus.CASES)]
#: What a case must be refused for: the file, or a file in its folder.
UNSAFE_URL = re.compile(r"^(javascript|vbscript|data|file):")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, and the secret file it reaches for."""
    SECRET_DIR.mkdir(exist_ok=True)
    (SECRET_DIR / "secret.txt").write_bytes(SECRETS["file"] + b"\n")
    folder = tmp_path_factory.mktemp("corpus")
    corpus.generate(str(folder))
    return folder


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's tracked files, committed, with a token in .git/config."""
    base = tmp_path_factory.mktemp("repository") / "repo"
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in files:
        (base / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, base / name)
    git = ["git", "-C", str(base), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    with (base / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(
            f"[http]\n\textraheader = AUTHORIZATION: basic {SECRETS['git config'].decode()}\n"
        )
    return base


def _overlay(repository: Path, tree: Path, links: list[dict], target: Path) -> Path:
    shutil.copytree(repository, target, symlinks=True, copy_function=os.link)
    shutil.copytree(tree, target, dirs_exist_ok=True, symlinks=True)
    for entry in links:
        link = target / entry["path"]
        link.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(link):
            link.unlink()
        link.symlink_to(entry["symlink_to"])
    return target


def _manifest(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


# -- dmreport check ------------------------------------------------------


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_check_names_the_hostile_file(
    case_id: str, generated: Path, repository: Path, tmp_path: Path
) -> None:
    """One attack in a clean month: the check names its file (at a line of
    it), and the clean month alone passes."""
    entry = next(
        e for e in _manifest(generated / "cases" / "manifest.json") if e["case"] == case_id
    )
    links = [entry] if "symlink_to" in entry else []
    root = _overlay(repository, generated / "cases" / case_id / "tree", links, tmp_path / "r")
    problems = check_paths(root, [])
    if entry["expect"] == "allowed":
        assert problems == [], "\n".join(map(str, problems))
        return
    named = [
        p for p in problems if p.path == entry["path"] or p.path.startswith(entry["path"] + "/")
    ]
    assert named, f"{entry['path']} ({entry['what']}) not named among:\n" + "\n".join(
        map(str, problems)
    )
    assert all(problem.line >= 1 and problem.message for problem in named)


def test_check_command_names_every_file_of_the_pull_request(
    generated: Path, repository: Path, tmp_path: Path
) -> None:
    """All attacks at once, through the command: every hostile file named,
    exit status 1, no internal error."""
    manifest = _manifest(generated / "manifest.json")
    links = [entry for entry in manifest if "symlink_to" in entry]
    root = _overlay(repository, generated / "tree", links, tmp_path / "r")
    result = subprocess.run(
        [sys.executable, "-m", "dmreport", "check", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "internal error" not in output, output[-2000:]
    named = {line.split(":", 1)[0] for line in result.stdout.splitlines()}
    for entry in manifest:
        found = any(n == entry["path"] or n.startswith(entry["path"] + "/") for n in named)
        assert found is (entry["expect"] == "refused"), entry


# -- the preview build -------------------------------------------------------


def _preview(root: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A preview edition's build, warnings allowed: HTML with its search
    index, and the LaTeX sources of the PDFs."""
    monkeypatch.setenv("DMREPORT_EDITION", "pr-1")
    monkeypatch.setenv("DMREPORT_HOSTILE_SECRET", SECRETS["environment"].decode())
    RAN.unlink(missing_ok=True)
    built = build_site(root, out / "html", pdf=False, strict=False)
    args = ["-q", "-b", "latex", "-d", str(built.work / "doctrees-latex")]
    assert build_main([*args, str(root), str(built.work / "latex")]) == 0
    return built.work


def _files(*folders: Path) -> Iterator[tuple[Path, bytes]]:
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            data = path.read_bytes()
            if data[:2] == b"\x1f\x8b":  # Pagefind's index files are gzipped
                data = gzip.decompress(data)
            yield path, data


def _loads_or_scripts(html_dir: Path) -> list[str]:
    """Every element of every page that loads from another host, runs a
    script from a page, or links with an unsafe scheme."""
    found = []
    for page in sorted(html_dir.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
        for tag in soup.find_all(True):
            for name, value in tag.attrs.items():
                if name.lower().startswith("on"):
                    found.append(f"{page}: {tag.name} {name}")
                if not isinstance(value, str):
                    continue
                plain = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
                if UNSAFE_URL.match(plain):
                    found.append(f"{page}: {tag.name} {name}={value[:60]}")
                loads = tag.name in ("script", "img", "iframe", "embed", "object", "source")
                rel = set(tag.get("rel") or [])
                loads |= tag.name == "link" and bool(rel & {"stylesheet", "preload", "icon"})
                if loads and name in ("src", "href", "data") and re.match(r"^(https?:)?//", plain):
                    found.append(f"{page}: {tag.name} loads {value[:60]}")
    return found


def _published_files(html_dir: Path) -> list[str]:
    """Files copied from the sources that are not pictures the gate allows
    (charts drawn by the build are SVG named by the extension)."""
    found = []
    for folder in ("_downloads", "_images"):
        for path in (html_dir / folder).rglob("*") if (html_dir / folder).is_dir() else []:
            if path.is_dir() or path.name.startswith("dmreport-milestone-"):
                continue
            if image_kind(path.read_bytes()) is None:
                found.append(path.relative_to(html_dir).as_posix())
    return found


def _assert_nothing_leaked(work: Path, html_dir: Path, secrets: dict[str, bytes] = SECRETS) -> None:
    leaks = [
        f"{path}: {what}"
        for path, data in _files(work, html_dir)
        for what, secret in secrets.items()
        if secret in data
    ]
    assert leaks == []
    assert _published_files(html_dir) == []
    assert _loads_or_scripts(html_dir) == []
    assert not (html_dir / "_sources").exists()
    assert not RAN.exists()


@pytest.fixture(scope="module")
def pull_request(
    generated: Path, repository: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    links = [e for e in _manifest(generated / "manifest.json") if "symlink_to" in e]
    return _overlay(repository, generated / "tree", links, tmp_path_factory.mktemp("pr") / "r")


def test_preview_build_leaks_nothing(
    pull_request: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = _preview(pull_request, tmp_path, monkeypatch)
    html_dir = tmp_path / "html"
    assert (html_dir / "reports" / "2020-02" / "summary.html").is_file()
    assert any(html_dir.rglob("*.pf_fragment")) and any(work.rglob("*.tex"))
    # The allowed pictures are published; the month's hostile pages are not.
    assert {p.name for p in (html_dir / "_images").iterdir()} >= {"tiny.png", "photo.jpg"}
    assert not (html_dir / "reports" / "2020-02" / "Science-Platform.html").exists()
    assert not (html_dir / "reports" / "2020-13").exists()
    _assert_nothing_leaked(work, html_dir)


def test_last_pass_alone_leaks_nothing(
    pull_request: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the parser's neutralising (gate and settings kept), the last
    pass still removes every unsafe link, script, picture and download."""
    monkeypatch.setattr(untrusted, "neutralise", lambda document, env, gate: None)
    work = _preview(pull_request, tmp_path, monkeypatch)
    _assert_nothing_leaked(work, tmp_path / "html")


@pytest.mark.parametrize(
    "link", ["wbs/leak.md", "references/looped", "data/citations-extra.bib", "_static/x.css"]
)
def test_links_anywhere_in_the_repository_are_refused(
    link: str, generated: Path, repository: Path, tmp_path: Path
) -> None:
    """A symbolic link outside reports/ is named too, and never followed."""
    root = _overlay(repository, generated / "cases" / "c0-baseline" / "tree", [], tmp_path / "r")
    target = root / link
    target.symlink_to(SECRET_DIR / "secret.txt" if "." in link else root)
    problems = check_paths(root, [])
    assert [p.path for p in problems] == [link]
    assert problems[0].code.value == "DMR036"


def test_parsing_alone_leaks_nothing(
    pull_request: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the last pass (gate and parsing kept), nothing leaks either."""
    monkeypatch.setattr(untrusted, "last_pass", lambda doctree: 0)
    monkeypatch.setattr(untrusted, "files_to_copy", lambda env, gate: [])
    work = _preview(pull_request, tmp_path, monkeypatch)
    _assert_nothing_leaked(work, tmp_path / "html")


# -- the second corpus: one attack per page, each in a page of a month -------

#: The page names a month may hold, for the second corpus's pages.
SLOTS = [
    "alert-production", "system-management", "dm-science", "system-architecture",
    "science-user-interface", "science-data-archive", "data-facility",
    "international-communications", "square",
]  # fmt: skip


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    SECRET_DIR_2.mkdir(exist_ok=True)
    (SECRET_DIR_2 / "secret.txt").write_bytes(SECRETS_2["file"] + b"\n")
    folder = tmp_path_factory.mktemp("corpus2")
    return folder / "tree", corpus2.generate(str(folder))


def _index(month: str, slugs: list[str]) -> str:
    entries = "\n".join(["summary", "data-release-production", *slugs])
    return (
        f'---\nmonth: "{month}"\ntitle: "{month}"\nstatus: draft\n---\n# {month}\n\n'
        f"```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n"
    )


def _months_of_attacks(
    repository: Path, tree: Path, manifest: list[dict], target: Path
) -> dict[str, str]:
    """Every attack page of the second corpus as a page of a month (nine a
    month from 2020-03 on), with the corpus's files and links in 2020-03;
    returns page path -> what it tries."""
    links = [
        {**e, "path": e["path"].replace("tree/", "", 1)} for e in manifest if "symlink_to" in e
    ]
    root = _overlay(repository, tree, links, target)
    first = root / "reports" / "2020-03"
    attacks = [e for e in manifest if re.search(r"/h\d\d-[^/]*\.md$", e["path"])]
    placed: dict[str, str] = {}
    for number in range(0, len(attacks), len(SLOTS)):
        month = f"2020-{3 + number // len(SLOTS):02d}"
        folder = root / "reports" / month
        folder.mkdir(exist_ok=True)
        for name in ("summary.md", "data-release-production.md", "ok-chart.png", "ok-photo.jpg"):
            if not (folder / name).exists():
                shutil.copy2(first / name, folder / name)
        if folder != first and (first / "h42-notes.inc").exists():
            shutil.copy2(first / "h42-notes.inc", folder / "h42-notes.inc")
        batch = attacks[number : number + len(SLOTS)]
        for slot, entry in zip(SLOTS, batch, strict=False):
            page = folder / f"{slot}.md"
            if os.path.lexists(page):
                page.unlink()
            page.write_bytes((tree.parent / entry["path"]).read_bytes())
            placed[f"reports/{month}/{slot}.md"] = entry["what"]
        (folder / "index.md").write_text(_index(month, SLOTS[: len(batch)]), encoding="utf-8")
    for entry in attacks:
        (tree.parent / entry["path"].replace("tree/", "", 1)).unlink(missing_ok=True)
        (root / entry["path"].replace("tree/", "", 1)).unlink(missing_ok=True)
    return placed


def test_second_corpus_every_attack_is_named(
    second: tuple[Path, list[dict]], repository: Path, tmp_path: Path
) -> None:
    """Each attack page, as a page of a month, has a problem; each other
    hostile file is named; the benign files are not."""
    tree, manifest = second
    placed = _months_of_attacks(repository, tree, manifest, tmp_path / "r")
    problems = check_paths(tmp_path / "r", [])
    named = {problem.path for problem in problems}
    missed = [f"{page}: {what}" for page, what in placed.items() if page not in named]
    assert missed == []
    for entry in manifest:
        path = entry["path"].replace("tree/", "", 1)
        if re.search(r"/h\d\d-", path) and path.endswith(".md"):
            continue
        found = any(n == path or n.startswith(path + "/") for n in named)
        assert found is (entry["expect"] == "refused"), entry


def test_second_corpus_preview_leaks_nothing(
    second: tuple[Path, list[dict]],
    repository: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tree, manifest = second
    root = tmp_path / "r"
    _months_of_attacks(repository, tree, manifest, root)
    config = root / ".git" / "config"
    text = config.read_text(encoding="utf-8").replace(
        SECRETS["git config"].decode(), SECRETS_2["git config"].decode()
    )
    config.unlink()  # a hard link to the shared copy: write a file of its own
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("HOSTILE2_SECRET", SECRETS_2["environment"].decode())
    work = _preview(root, tmp_path, monkeypatch)
    assert (tmp_path / "html" / "reports" / "2020-10" / "index.html").is_file()
    _assert_nothing_leaked(work, tmp_path / "html", SECRETS_2)


def test_a_page_too_deep_to_parse_is_shown_as_its_text(
    generated: Path, repository: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Emphasis 3,000 deep, under the size limit: the check names the line,
    and the build shows the page's text instead of stopping on recursion."""
    root = _overlay(repository, generated / "cases" / "c0-baseline" / "tree", [], tmp_path / "r")
    page = root / "reports" / "2020-02" / "science-data-archive.md"
    page.unlink()  # a hard link to the shared copy
    deep = "*" * 3000 + "a" + "*" * 3000
    text = f'---\nwbs: "1.02C.06"\ntitle: "Archive"\n---\n# 1.02C.06: Archive\n\n{deep}\n'
    page.write_text(text, encoding="utf-8")
    assert [(p.code.value, p.line) for p in check_paths(root, [page])] == [("DMR038", 7)]
    _preview(root, tmp_path, monkeypatch)
    html = (tmp_path / "html" / "reports" / "2020-02" / "science-data-archive.html").read_text()
    shown = BeautifulSoup(html, "lxml").select_one("article").get_text()
    assert "This page is not shown" in shown and deep in shown
