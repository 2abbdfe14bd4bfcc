"""The month's PDF and the year's volume of the real site, read back with
pypdf and pdfplumber: front page, document info, outline, running header,
headings kept with their content, milestone tables, references, the LaTeX
logs; reproducible and incremental compilation."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from dmreport.outputs.pdf import compile_pdfs
from dmreport.outputs.pdf_facts import size_text
from dmreport.tools.build import BuildResult

MONTH = "2020-01"
YEAR = "2020"
#: Paragraphs the site adds for browsing (navigation, downloads).
HTML_ONLY = {"dmreport-month-nav", "dmreport-pdf", "dmreport-html-only"}
#: The observatory's colours (fill of the logo's shapes), as pdfplumber reads them.
RUBIN_COLOURS = {(0x00, 0xBA, 0xBC), (0x05, 0x8B, 0x8C), (0x31, 0x33, 0x33)}
HEAD = "Rubin Observatory · DM Monthly Report"
OVERFULL = re.compile(r"^Overfull \\[hv]box \((?P<points>[\d.]+)pt too", re.M)


# -- reading PDFs (also used by test_pdf_volume) --------------------------------


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # hyphenation at line ends
    return " ".join(text.split())


def squeezed(text: str) -> str:
    """Text without any spaces (pdfplumber runs some words together)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def outline_tree(entries, reader: PdfReader) -> list[tuple[str, list]]:
    """The bookmarks as (title, children) pairs."""
    tree: list[tuple[str, list]] = []
    for entry in entries:
        if isinstance(entry, list):
            title, _ = tree[-1]
            tree[-1] = (title, outline_tree(entry, reader))
        else:
            tree.append((entry.title, []))
    return tree


def all_titles(tree: list[tuple[str, list]]) -> list[str]:
    return [t for title, children in tree for t in (title, *all_titles(children))]


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    fonts: frozenset[str]
    size: float

    @property
    def heading(self) -> bool:
        """Headings are set in bold sans serif (FreeSansBold), nothing else is."""
        return all(font.endswith("SansBold") for font in self.fonts)


def page_lines(path: Path) -> Iterator[list[Line]]:
    """Each page's lines of text, top to bottom (words of one baseline)."""
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=True)
            rows: list[list[dict]] = []
            for word in sorted(words, key=lambda w: (round(w["bottom"]), w["x0"])):
                if rows and abs(rows[-1][0]["bottom"] - word["bottom"]) < 2.5:
                    rows[-1].append(word)
                else:
                    rows.append([word])
            yield [
                Line(
                    number,
                    min(w["top"] for w in row),
                    min(w["x0"] for w in row),
                    max(w["x1"] for w in row),
                    " ".join(w["text"] for w in sorted(row, key=lambda w: w["x0"])),
                    frozenset(w["fontname"].split("+")[-1] for w in row),
                    max(w["size"] for w in row),
                )
                for row in rows
            ]


def body(lines: list[Line], height: float = 792) -> list[Line]:
    """Lines between the running header and the footer, footnotes (small
    text in the text's font) left out; a chart's labels count."""
    return [
        line
        for line in lines
        if 60 < line.top < height - 60
        and not (line.size < 9.5 and all(f.startswith("FreeSerif") for f in line.fonts))
    ]


def headings_left_alone(path: Path) -> list[str]:
    """Every heading that fewer than two lines of its content follow on its
    page (one is enough when that is all of it: the next page starts with a
    heading)."""
    pages = [body(lines) for lines in page_lines(path)]
    alone = []
    for number, text in enumerate(pages):
        following = pages[number + 1] if number + 1 < len(pages) else []
        ends_there = not following or following[0].heading
        for i, line in enumerate(text):
            after = sum(not later.heading for later in text[i + 1 :])
            if line.heading and not (after >= 2 or (after == 1 and ends_there)):
                alone.append(f"page {line.page}: {line.text}")
    return alone


def headings(path: Path) -> list[str]:
    return [line.text for lines in page_lines(path) for line in body(lines) if line.heading]


def running_heads(path: Path) -> list[str]:
    """The text above the header rule of each page after the first."""
    return [
        " ".join(line.text for line in lines if line.top < 60)
        for lines in list(page_lines(path))[1:]
    ]


def logo_shapes(path: Path) -> list[dict]:
    """Filled shapes in the observatory's colours in the top third of page 1."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        shapes = []
        for curve in page.curves:
            colour = curve.get("non_stroking_color") or ()
            rgb = tuple(round(float(c) * 255) for c in colour)
            if len(rgb) == 3 and rgb in RUBIN_COLOURS and curve["bottom"] < page.height / 3:
                shapes.append(curve)
        return shapes


def overfull_points(log: Path) -> list[float]:
    return [float(m["points"]) for m in OVERFULL.finditer(log.read_text(errors="replace"))]


def git_log(repo: Path, *paths: str) -> list[tuple[str, str, str]]:
    """(sha, date, summary) of the commits that changed ``paths``, oldest first."""
    out = subprocess.run(
        ["git", "log", "--reverse", "--date=format-local:%Y-%m-%d", "--format=%H%x09%ad%x09%s",
         "--", *paths],
        cwd=repo, capture_output=True, text=True, check=True, env={**os.environ, "TZ": "UTC"},
    ).stdout  # fmt: skip
    return [
        (sha, date, summary)
        for sha, date, summary in (line.split("\t", 2) for line in out.splitlines())
    ]


# -- fixtures --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(site: Path) -> Path:
    path = site / "reports" / MONTH / f"dmreport-{MONTH}.pdf"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def volume(site: Path) -> Path:
    path = site / "reports" / f"dmreport-{YEAR}.pdf"
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def reader(pdf: Path) -> PdfReader:
    return PdfReader(pdf)


@pytest.fixture(scope="module")
def pdf_text(reader: PdfReader) -> str:
    return normalise("\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def first_page(reader: PdfReader) -> str:
    return normalise(reader.pages[0].extract_text())


@pytest.fixture(scope="module")
def history(repo: Path) -> list[tuple[str, str, str]]:
    return git_log(repo, f"reports/{MONTH}")


# -- the front -----------------------------------------------------------------


def test_title_page(first_page: str, history: list[tuple[str, str, str]]) -> None:
    assert "Vera C. Rubin Observatory" in first_page
    assert "Data Management Monthly Report" in first_page
    assert "January 2020" in first_page
    # The report's own date of issue (the month's last day by default), not the build's.
    assert "Date of issue: 2020-01-31" in first_page
    sha, date, _ = history[-1]
    assert f"Source commit: {sha[:12]}" in first_page
    assert f"of {date}" in first_page
    assert "Author: Rubin Observatory Data Management" in first_page


def test_logo_on_the_title_page(pdf: Path) -> None:
    shapes = logo_shapes(pdf)
    assert len(shapes) >= 30  # the mark's stars and arcs and the lettering
    width = max(s["x1"] for s in shapes) - min(s["x0"] for s in shapes)
    assert width > 150  # a logo, not a speck
    colours = {tuple(round(float(c) * 255) for c in s["non_stroking_color"]) for s in shapes}
    assert colours == RUBIN_COLOURS


def test_change_record_is_the_reports_own(
    reader: PdfReader, first_page: str, history: list[tuple[str, str, str]]
) -> None:
    """The first row is the issue on its date; no row describes the software;
    the record is on the title page, the contents start the next."""
    assert "Change Record Version Date Description" in first_page
    record = first_page.split("Change Record Version Date Description", 1)[1].strip()
    assert record.startswith("1.0 2020-01-31 Issued")
    assert "1.1 " not in record
    for _, _, summary in history:
        assert " ".join(summary.split()[:3]) not in record, summary
    second = normalise(reader.pages[1].extract_text())
    assert "Change Record" not in second and "Version Date" not in second
    assert "January 2020 Contents High-level Summary" in second  # after the running header


def xmp_list(reader: PdfReader, name: str) -> list[str]:
    """The items of an XMP property of the PDF (a bag or a sequence)."""
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    found = re.search(rf"<{name}>(.*?)</{name}>", xmp, re.S)
    return re.findall(r"<rdf:li[^>]*>([^<]*)</rdf:li>", found[1]) if found else []


def test_document_info(reader: PdfReader, repo: Path, history: list) -> None:
    info = reader.metadata
    index = (repo / "reports" / MONTH / "index.md").read_text()
    title = yaml.safe_load(index.split("---")[1])["title"]
    assert info["/Title"] == title
    assert info["/Author"] == "Rubin Observatory Data Management"
    assert "monthly progress report" in info["/Subject"] and "January 2020" in info["/Subject"]
    keywords = xmp_list(reader, "dc:subject")  # pdfx writes no /Keywords
    assert MONTH in keywords
    codes = set()
    for page in (repo / "reports" / MONTH).glob("*.md"):
        front = page.read_text().split("---")
        if len(front) > 2 and "wbs:" in front[1]:
            codes.add(yaml.safe_load(front[1])["wbs"])
    assert len(codes) == 10 and codes <= set(keywords)
    sha, date, _ = history[-1]
    assert info["/SourceCommit"].startswith(sha[:12])
    assert info["/IssueDate"] == "2020-01-31"
    # Reproducible: the PDF's dates are the commit's.
    assert info["/CreationDate"].startswith("D:" + date.replace("-", ""))


# -- structure and page furniture ---------------------------------------------------


def test_outline_lists_every_section_in_wbs_order(reader: PdfReader, repo: Path) -> None:
    tree = outline_tree(reader.outline, reader)
    top = [title for title, _ in tree]
    month = repo / "reports" / MONTH
    index = (month / "index.md").read_text()
    pages = re.findall(r"^([a-z-]+)$", index.split(":caption: Detailed Project Progress")[1], re.M)
    expected = [
        re.search(r"^# (.+)$", (month / f"{page}.md").read_text(), re.M)[1] for page in pages
    ]
    assert len(expected) == 10
    assert top == [
        "Change Record", "Contents", "High-level Summary", "Milestone Summary", *expected,
        "References",
    ]  # fmt: skip
    children = dict(tree)
    assert [t for t, _ in children["Milestone Summary"]] == [
        "Milestones Completed", "Milestones Delayed", "Milestone trend analysis",
        "Milestone burndown",
    ]  # fmt: skip
    assert all(children[title] for title in expected)  # each WBS section has its own
    # WBS codes are the numbers: no section numbers in front of them.
    assert not any(re.match(r"^\d+(\.\d+)* ", title) for title in all_titles(tree))


def test_running_header_and_footer(pdf: Path, reader: PdfReader) -> None:
    heads = running_heads(pdf)
    assert len(heads) == len(reader.pages) - 1
    for number, head in enumerate(heads, 2):
        assert squeezed(head) == squeezed(f"{HEAD} January 2020"), (number, head)
    pages = [normalise(page.extract_text()) for page in reader.pages]
    total = len(pages)
    assert all(f"Page {n} of {total}" in text for n, text in enumerate(pages, 1) if n > 1)
    assert not any("---" in text for text in pages)


def test_every_heading_has_two_lines_of_its_content_on_its_page(pdf: Path, volume: Path) -> None:
    found = headings(pdf)
    assert {"High-level Summary", "Milestones Completed", "References"} <= set(found)
    assert len(found) > 80  # every heading of the report, not a sample
    assert headings_left_alone(pdf) == []
    assert headings_left_alone(volume) == []


def test_no_box_sticks_out(built: BuildResult) -> None:
    latex = built.work / "latex"
    logs = sorted(latex.glob("dmreport-*.log"))
    assert {log.stem for log in logs} == {f"dmreport-{MONTH}", f"dmreport-{YEAR}"}
    for log in logs:
        assert max(overfull_points(log), default=0) <= 5, log.name
    assert built.overfull == []


# -- the report's content ---------------------------------------------------------------


def test_every_ticket_and_paragraph_is_in_the_text(pdf_text: str, seed: Path, site: Path) -> None:
    for ticket in set(re.findall(r"\b(?:DM|RFC)-\d+\b", seed.read_text())):
        assert ticket in pdf_text, ticket
    pdf_words = " ".join(re.findall(r"\w+", pdf_text))
    for page in sorted((site / "reports" / MONTH).glob("*.html")):
        if page.stem == "index":
            continue
        article = BeautifulSoup(page.read_text(), "lxml").select_one("article")
        for extra in article.select(".dmreport-html-only"):  # e.g. a "Cited in" chip
            extra.decompose()
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


def test_footnote(reader: PdfReader) -> None:
    pages = [normalise(page.extract_text()) for page in reader.pages]
    summary = next(text for text in pages if "This month saw the DM Middleware" in text)
    assert "The LSST Atmospheric Transmission Imager and Slitless Spectrograph" in summary


def test_milestone_tables_give_the_explanation_the_width(pdf: Path, pdf_text: str) -> None:
    for milestone in ("DM-DRP-8", "DM-NCSA-11", "IT-725-M", "DM-SUIT-10"):
        assert milestone in pdf_text
    assert "Completed 2020-01-31" in pdf_text
    pages = list(page_lines(pdf))
    heads = [
        (lines, i)
        for lines in pages
        for i, line in enumerate(lines)
        if squeezed(line.text) == squeezed("Milestone Title Dates Status")
    ]
    assert len(heads) >= 6  # every table, and again where a table goes on
    lines, i = next((lines, i) for lines, i in heads if "Base LAN installed" in lines[i + 2].text)
    head, record = lines[i], lines[i + 2]
    assert lines[i + 1].text == "Explanation"
    assert squeezed("DM-NET-4 Base LAN installed Completed") in squeezed(record.text)
    explanation = next(line for line in lines if line.text.startswith("This includes the Base"))
    # The explanation runs from the table's left edge past the status column.
    assert explanation.x0 - head.x0 < 5 and explanation.x1 > head.x1 - 60
    assert explanation.page == record.page


def test_references_once_each_sorted_author_year(pdf_text: str) -> None:
    assert "[AAD+14]" not in pdf_text and "[HPB+18]" not in pdf_text
    text, references = pdf_text.replace(" et al. ,", " et al.,").rsplit("References", 1)
    labels = ["Antilogus et al., 2014", "Burke et al., 2018", "Holman et al., 2018"]
    positions = [references.find(label) for label in labels]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    for label, title in zip(
        labels,
        ["effect and pixel correlations", "Forward global photometric", "HelioLinC: a novel"],
        strict=True,
    ):
        assert references.count(title) == 1, title
        # The text cites the work as the list labels it.
        assert f"{label})" in text, label


# -- the year's volume ----------------------------------------------------------------


def test_year_volume_of_the_site(volume: Path, pdf_text: str) -> None:
    reader = PdfReader(volume)
    tree = outline_tree(reader.outline, reader)
    assert [title for title, _ in tree] == [
        "Change Record", "Contents", "January 2020", f"Milestone tracker {YEAR}", "References",
    ]  # fmt: skip
    months = dict(tree)["January 2020"]
    assert [t for t, _ in months][:2] == ["High-level Summary", "Milestone Summary"]
    first = normalise(reader.pages[0].extract_text())
    assert "Data Management Monthly Reports 2020" in first and "Change Record" in first
    assert reader.metadata["/Title"] == "Data Management Monthly Reports 2020"
    text = normalise("\n".join(page.extract_text() for page in reader.pages))
    assert "Milestone tracker 2020 12 milestones in the reports of January 2020" in text
    assert text.count("HelioLinC: a novel") == 1


# -- links, reproducible, incremental -------------------------------------------------------


def test_pdfs_are_linked_from_the_month_the_month_list_and_home(site: Path) -> None:
    month = BeautifulSoup((site / "reports" / MONTH / "index.html").read_text(), "lxml")
    assert month.select_one(f'article a[href="dmreport-{MONTH}.pdf"]') is not None
    assert month.select_one(f'article a[href="../dmreport-{YEAR}.pdf"]') is not None
    months = BeautifulSoup((site / "reports" / "index.html").read_text(), "lxml")
    assert months.select_one(f'article a[href="{MONTH}/dmreport-{MONTH}.pdf"]') is not None
    assert months.select_one(f'article a[href="dmreport-{YEAR}.pdf"]') is not None
    home = BeautifulSoup((site / "index.html").read_text(), "lxml")
    assert home.select_one(f'article a[href="reports/{MONTH}/dmreport-{MONTH}.pdf"]')
    assert home.select_one(f'article a[href="reports/dmreport-{YEAR}.pdf"]') is not None


def test_formal_report_link_gives_size_and_pages(site: Path, pdf: Path, reader: PdfReader) -> None:
    size = size_text(pdf.stat().st_size)  # e.g. 256 kB
    facts = f"Formal report (PDF/A) ({size}, {len(reader.pages)} pages)"
    for page, href in (
        (site / "reports" / MONTH / "index.html", f"dmreport-{MONTH}.pdf"),
        (site / "index.html", f"reports/{MONTH}/dmreport-{MONTH}.pdf"),
    ):
        link = BeautifulSoup(page.read_text(), "lxml").select_one(f'article a[href="{href}"]')
        assert link is not None and link.get_text() == "Formal report (PDF/A)"
        assert facts in " ".join(link.parent.get_text().split()), page


def test_reproducible_and_incremental(built: BuildResult, tmp_path: Path) -> None:
    latex = built.work / "latex"
    copy = tmp_path / "latex"
    shutil.copytree(latex, copy)
    names = [MONTH, YEAR]
    first = {name: (latex / f"dmreport-{name}.pdf").read_bytes() for name in names}
    again = compile_pdfs(copy, names)
    assert again.built == [] and again.unchanged == [copy / f"dmreport-{n}.pdf" for n in names]
    for name in names:
        (copy / f"dmreport-{name}.digest").unlink()
        (copy / f"dmreport-{name}.pdf").unlink()
    rebuilt = compile_pdfs(copy, names)
    assert rebuilt.built == [copy / f"dmreport-{n}.pdf" for n in names]
    for name in names:
        assert (copy / f"dmreport-{name}.pdf").read_bytes() == first[name], name
