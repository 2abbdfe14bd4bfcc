"""The importer on archived reports written from a plain description of
2015-2022's styles, without the importer at hand (tests/imports/archive/):
covers and forum prefaces, team sections, identifier lists in every form,
addresses, pictures, Word and PDF versions. Each file's ``.expect.json``
says what it must become: its month, how much survives, its identifiers,
addresses and cover lines.

Every export imports (nothing refused for its shape), keeps its words,
links every identifier (a milestone no record or plan defines is listed
in data/milestones.yaml and links its own page), shows its cover on the landing page, says
how much of the month survives, and the whole archive passes the checks
and a strict build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import docx
import pdfplumber
import pytest
from bs4 import BeautifulSoup

from dmreport.checks import check_paths
from dmreport.checks.project import RECORD, plan_milestones
from dmreport.core.ids import (
    DOCUMENT_RE,
    MILESTONE_RE,
    TICKET_RE,
    URL_RE,
    document_of_url,
    ticket_of_url,
)
from dmreport.importer import ImportResult, import_month
from dmreport.tools.build import build_site

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = Path(__file__).resolve().parent / "imports" / "archive"
EXPORTS = sorted(p.name for p in ARCHIVE.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
WORD = re.compile(r"[A-Za-z]{3,}")
KNOWN = re.compile(f"{TICKET_RE.pattern}|{DOCUMENT_RE.pattern}|{MILESTONE_RE.pattern}")


def expected(name: str) -> dict:
    return json.loads((ARCHIVE / f"{name}.expect.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, ImportResult]]:
    """This repository without its reports, every export imported into it."""
    root = tmp_path_factory.mktemp("archive") / "site"
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in files:
        if name.startswith(("reports/20", "tests/")):
            continue
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, root / name)
    results = {
        name: import_month(ARCHIVE / name, expected(name)["month"], root) for name in EXPORTS
    }
    return root, results


def source_text(path: Path) -> str:
    """The export's text, read by the test's own means."""
    if path.suffix == ".docx":
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    return path.read_text(encoding="utf-8-sig")


def month_text(root: Path, month: str) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (root / "reports" / month).glob("*.md"))


def test_the_archive_has_every_kind() -> None:
    kinds = Counter(expected(name)["kind"] for name in EXPORTS)
    suffixes = Counter(Path(name).suffix for name in EXPORTS)
    assert len(EXPORTS) >= 20 and set(kinds) == {"full", "partial", "summary-only"}
    assert set(suffixes) == {".txt", ".docx", ".pdf"}


@pytest.fixture(scope="module")
def built(archive: tuple[Path, dict[str, ImportResult]]) -> Path:
    """The imported archive, checked and built strictly (HTML)."""
    root, _ = archive
    assert check_paths(root, []) == []
    return build_site(root, pdf=False).html


def shown_text(html: Path, month: str) -> str:
    """What a reader sees of a month: every page's article, and where its
    links go (an address that became a role is its link's target)."""
    texts = []
    for page in sorted((html / "reports" / month).glob("*.html")):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one("article")
        if article is not None:
            texts.append(article.get_text(" "))
            texts += [str(link.get("href", "")) for link in article.select("a[href]")]
    return "\n".join(texts)


@pytest.mark.parametrize("name", EXPORTS)
def test_every_word_is_in_the_built_month(
    name: str, archive: tuple[Path, dict[str, ImportResult]], built: Path
) -> None:
    """At least 99 % of the export's words are on the built pages; the rest
    are lines the import table lists (running headers, page numbers, the
    title block the landing page shows)."""
    _, results = archive
    result = results[name]
    # Each as the import spaced it, and as the test's extraction may run it
    # together (a chart's labels in a PDF).
    set_aside = Counter(
        word
        for line in [*result.dropped, *result.replaced]
        for text in {line.text, line.text.replace(" ", "")}
        for word in WORD.findall(text)
    )
    # Addresses are links' targets, or the role of what they name (test below).
    words = Counter(WORD.findall(URL_RE.sub(" ", source_text(ARCHIVE / name)))) - set_aside
    shown = Counter(WORD.findall(shown_text(built, expected(name)["month"])))
    missing = words - shown
    assert sum(missing.values()) * 100 <= words.total(), missing.most_common(10)
    assert result.words == result.total_words


@pytest.mark.parametrize("name", EXPORTS)
def test_every_identifier_is_linked(
    name: str, archive: tuple[Path, dict[str, ImportResult]], built: Path
) -> None:
    """Every ticket, document and milestone of the export is a link on the
    built month (a role, or a title's link), or a record of its own."""
    root, results = archive
    month = expected(name)["month"]
    text = month_text(root, month)
    linked = {m["id"] for m in RECORD.finditer(text)}  # the month's milestone records
    for page in (built / "reports" / month).glob("*.html"):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select_one("article")
        for link in article.select("a[href]") if article else []:
            linked |= {item.strip() for item in link.get_text(" ", strip=True).split(",")}
    ours = [i for i in expected(name)["identifiers"] if KNOWN.fullmatch(i)]  # the project's series
    missing = [i for i in ours if i not in linked]
    assert missing == []
    # A milestone no record or plan defines is listed for its role to link.
    listed = plan_milestones(root)
    assert set(results[name].listed) <= listed


def test_every_milestone_links_a_page(
    archive: tuple[Path, dict[str, ImportResult]], built: Path
) -> None:
    """Every {milestone} role of the imported months is a link: to the
    tracker, the plan's page or the milestone's own page, which exists."""
    root, _ = archive
    tried = 0
    for source in sorted((root / "reports").glob("*/*.md")):
        roles = re.findall(r"\{milestone\}`([^`]+)`", source.read_text(encoding="utf-8"))
        if not roles:
            continue
        page = built / source.relative_to(root).with_suffix(".html")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        links = {a.get_text(strip=True): a["href"] for a in soup.select("article a[href]")}
        for milestone_id in roles:
            assert milestone_id in links, (source, milestone_id)
            target = (page.parent / links[milestone_id].split("#")[0]).resolve()
            assert target.is_file(), (source, milestone_id, links[milestone_id])
            tried += 1
    assert tried > 20


@pytest.mark.parametrize("name", EXPORTS)
def test_cover_and_completeness_on_the_landing_page(
    name: str, archive: tuple[Path, dict[str, ImportResult]], built: Path
) -> None:
    root, results = archive
    facts = expected(name)
    landing = (root / "reports" / facts["month"] / "index.md").read_text(encoding="utf-8")
    page = BeautifulSoup((built / "reports" / facts["month"] / "index.html").read_text(), "lxml")
    shown = " ".join(WORD.findall(page.select_one("article").get_text(" ")))
    # The report's title block is the landing page's title, as the import table says.
    titles = {" ".join(r.text.split()) for r in results[name].replaced}
    for line in facts["cover_lines"]:
        words = WORD.findall(line)
        if words and " ".join(line.split()) not in titles:
            assert " ".join(words) in shown, line
    stated = re.search(r"^completeness: (\S+)$", landing, re.M)
    completeness = stated[1] if stated else "full"
    # A summary alone is told from the pages; "partial" from "full" by the
    # parts and elements present (the registry does not say which elements
    # a year had), so only the summary-only months are named exactly.
    assert (completeness == "summary-only") is (facts["kind"] == "summary-only")
    if completeness == "summary-only":
        assert "Only the High-level Summary of this month survives" in page.get_text(" ")


@pytest.mark.parametrize("name", EXPORTS)
def test_every_picture_is_kept_and_shown(
    name: str, archive: tuple[Path, dict[str, ImportResult]], built: Path
) -> None:
    """The pictures the report shows, each written once into the month's
    _images/ (named by its content) and shown on a built page."""
    root, results = archive
    month = expected(name)["month"]
    pictures = results[name].pictures
    assert len(pictures) == expected(name)["pictures"]
    shown = "\n".join(p.read_text() for p in (built / "reports" / month).glob("*.html"))
    for picture in pictures:
        assert (root / "reports" / month / picture.path).read_bytes() == picture.data
        assert re.search(rf'<img [^>]*src="[^"]*_images/{re.escape(picture.name)}"', shown)


def test_every_month_is_built(built: Path) -> None:
    for name in EXPORTS:
        assert (built / "reports" / expected(name)["month"] / "index.html").is_file()


@pytest.mark.parametrize("name", EXPORTS)
def test_every_address_is_a_link(
    name: str, archive: tuple[Path, dict[str, ImportResult]], built: Path
) -> None:
    """An address in the text is a link, or the role of the ticket or
    document it names."""
    root, _ = archive
    month = expected(name)["month"]
    hrefs = {
        str(link.get("href", "")).rstrip("/")
        for page in (built / "reports" / month).glob("*.html")
        for link in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("article a")
    }
    text = month_text(root, month)
    for url in expected(name)["urls"]:
        if not url.startswith("http"):
            url = f"https://{url}"
        named = ticket_of_url(url) or document_of_url(url)
        if named:
            assert named.split("-", 1)[1] in text, url
        else:
            assert url.rstrip("/") in hrefs, url
