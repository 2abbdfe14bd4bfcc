"""The month's PDF, read back with pypdf: outline, text, links, and
reproducible, incremental compilation."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from dmreport.core.git import commit_info
from dmreport.outputs.pdf import compile_pdfs
from dmreport.tools.build import BuildResult

MONTH = "2020-01"
#: Paragraphs the site adds for browsing (navigation, downloads).
HTML_ONLY = {"dmreport-month-nav", "dmreport-pdf", "dmreport-html-only"}


@pytest.fixture(scope="module")
def pdf(site: Path) -> Path:
    path = site / "reports" / MONTH / f"dmreport-{MONTH}.pdf"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # hyphenation at line ends
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_text(reader: PdfReader) -> str:
    return normalise("\n".join(page.extract_text() for page in reader.pages))


def outline_titles(entries) -> list[str]:
    titles = []
    for entry in entries:
        if isinstance(entry, list):
            titles.extend(outline_titles(entry))
        else:
            titles.append(entry.title)
    return titles


def test_title_page(reader: PdfReader, built: BuildResult) -> None:
    first = normalise(reader.pages[0].extract_text())
    assert "Vera C. Rubin Observatory" in first
    assert "Data Management Monthly Report" in first
    assert "January 2020" in first
    assert re.search(r"Date of issue: \d{4}-\d{2}-\d{2}", first)
    assert re.search(r"Built from commit [0-9a-f]{12}", first)


def test_outline_lists_every_section_in_wbs_order(reader: PdfReader, repo: Path) -> None:
    titles = outline_titles(reader.outline)
    month = repo / "reports" / MONTH
    index = (month / "index.md").read_text()
    pages = re.findall(r"^([a-z-]+)$", index.split(":caption: Detailed Project Progress")[1], re.M)
    expected = [
        re.search(r"^# (.+)$", (month / f"{page}.md").read_text(), re.M)[1] for page in pages
    ]
    assert len(expected) == 10
    positions = [titles.index(title) for title in expected]
    assert positions == sorted(positions)
    assert titles.index("High-level Summary") < titles.index("Milestone Summary") < positions[0]
    # WBS codes are the numbers: no section numbers in front of them.
    assert not any(re.match(r"^\d+(\.\d+)* ", title) for title in titles)


def test_every_ticket_and_paragraph_is_in_the_text(pdf_text: str, seed: Path, site: Path) -> None:
    for ticket in set(re.findall(r"\b(?:DM|RFC)-\d+\b", seed.read_text())):
        assert ticket in pdf_text, ticket
    pdf_words = " ".join(re.findall(r"\w+", pdf_text))
    for page in sorted((site / "reports" / MONTH).glob("*.html")):
        if page.stem == "index":
            continue
        article = BeautifulSoup(page.read_text(), "lxml").select_one("article")
        for para in article.select("p"):
            if HTML_ONLY & set(para.get("class", [])):
                continue
            opening = " ".join(re.findall(r"\w+", normalise(para.get_text(" ")))[:4])
            assert opening in pdf_words, (page.name, opening)


def test_links_point_at_jira_and_documents(reader: PdfReader, seed: Path) -> None:
    uris = set()
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.add(action["/URI"])
    for ticket in set(re.findall(r"\b(?:DM|RFC)-\d+\b", seed.read_text())):
        assert f"https://rubinobs.atlassian.net/browse/{ticket}" in uris, ticket
    for url in (
        "https://ls.st/ldm-294",
        "https://dmtn-137.lsst.io/",
        "https://pstn-017.lsst.io/",
    ):
        assert url in uris


def test_footnote_and_running_footer(reader: PdfReader) -> None:
    pages = [normalise(page.extract_text()) for page in reader.pages]
    total = len(pages)
    assert all(f"Page {n} of {total}" in text for n, text in enumerate(pages, 1) if n > 1)
    summary = next(text for text in pages if "This month saw the DM Middleware" in text)
    assert "The LSST Atmospheric Transmission Imager and Slitless Spectrograph" in summary


def test_milestone_ids_and_dates_stay_whole(pdf_text: str) -> None:
    for milestone in ("DM-DRP-8", "DM-NCSA-11", "IT-725-M", "DM-SUIT-10"):
        assert milestone in pdf_text
    assert "Completed 2020-01-31" in pdf_text


def test_pdf_is_linked_from_the_month_and_the_month_list(site: Path) -> None:
    month = BeautifulSoup((site / "reports" / MONTH / "index.html").read_text(), "lxml")
    assert month.select_one(f'article a[href="dmreport-{MONTH}.pdf"]') is not None
    months = BeautifulSoup((site / "reports" / "index.html").read_text(), "lxml")
    assert months.select_one(f'article a[href="{MONTH}/dmreport-{MONTH}.pdf"]') is not None


def test_reproducible_and_incremental(built: BuildResult, repo: Path, tmp_path: Path) -> None:
    latex = built.html.parent / "latex"
    copy = tmp_path / "latex"
    shutil.copytree(latex, copy)
    first = (latex / f"dmreport-{MONTH}.pdf").read_bytes()
    again = compile_pdfs(copy, [MONTH], epoch=None)
    assert again.built == [] and again.unchanged == [copy / f"dmreport-{MONTH}.pdf"]
    (copy / f"dmreport-{MONTH}.digest").unlink()
    (copy / f"dmreport-{MONTH}.pdf").unlink()
    commit = commit_info(repo)
    rebuilt = compile_pdfs(copy, [MONTH], epoch=commit.epoch if commit else None)
    assert rebuilt.built == [copy / f"dmreport-{MONTH}.pdf"]
    assert (copy / f"dmreport-{MONTH}.pdf").read_bytes() == first
