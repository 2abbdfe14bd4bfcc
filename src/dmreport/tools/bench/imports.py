"""What an import costs: a 6,000-word report as a text export, as a Word
document of the same blocks with a picture, and as the PDF the site makes of
it, each imported by ``dmreport import`` in its own process (as an archivist
runs it)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from itertools import cycle
from pathlib import Path

from ...core.ids import MILESTONE_RE, SERIES_BY_ROLE, month_title
from ...core.registry import load_wbs
from ...core.sections import PART_TITLES, STANDARD_PARTS
from .archive import make_archive

ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
SKIPPED = re.compile(r"^(?:#|```|:|%|---|\w+:\s|\[\^)")


def _plain(content: str) -> str:
    """A MyST line as a text export writes it: roles as their text."""

    def shown(match: re.Match[str]) -> str:
        name, text = match["name"], match["content"]
        if name.startswith("cite"):
            return ""
        series = SERIES_BY_ROLE.get(name)
        return f"{series.prefix}-{text}" if series else text

    text = ROLE.sub(shown, content)
    return re.sub(r"\[\^\w+\]", "", text).replace("  ", " ").strip()


def sentences(month: Path) -> list[str]:
    """The sentences of a month's pages, as plain text with their identifiers."""
    found: list[str] = []
    for page in sorted(month.glob("*.md")):
        inside = False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                inside = not inside
                continue
            if inside or not line.strip() or SKIPPED.match(line.strip()):
                continue
            text = _plain(line.strip().removeprefix("- "))
            found.extend(s for s in re.split(r"(?<=[.;])\s+", text) if len(s.split()) >= 4)
    return found


def synthetic_export(repo: Path, month: str, words: int = 6000) -> str:
    """A text export of ``words`` words in the layout of the archived reports:
    title block, summary, milestones, every WBS element with its sections."""
    pool: Iterator[str] = cycle(sentences(repo / "reports" / "2020-01"))
    count = 0

    def paragraph(size: int) -> str:
        nonlocal count
        chosen: list[str] = []
        while sum(len(s.split()) for s in chosen) < size:
            chosen.append(next(pool))
        count += sum(len(s.split()) for s in chosen)
        return " ".join(chosen)

    elements = load_wbs(repo).pages
    lines = ["Vera C. Rubin Observatory", "Data Management Monthly Report", month_title(month)]
    lines += ["High-level Summary", "Technical Progress", paragraph(120), paragraph(120)]
    lines += ["Milestone Summary", "Milestones Completed"]
    for number, element in enumerate(elements[:3], 1):
        prefix = element.milestone_prefixes[0] if element.milestone_prefixes else "DM-X"
        code = f"{prefix}-{900 + number}"
        if MILESTONE_RE.fullmatch(code):
            lines += [f"{code}: {element.title} milestone {number}", f"Due {month}-28"]
            lines.append(paragraph(30))
    lines.append("Detailed Project Progress")
    share = max(60, (words - count) // (len(elements) * 4))
    for element in elements:
        lines.append(f"{element.code}: {element.title}")
        for part in STANDARD_PARTS:
            lines.append(PART_TITLES[part])
            lines.append(paragraph(share))
            if part == "accomplishments":
                lines += [f"• {paragraph(share // 2)}", f"• {paragraph(share // 2)}"]
    return "\n\n".join(lines) + "\n"


def word_document(export: Path, path: Path) -> Path:
    """The export's blocks as a Word document (styles for headings and
    lists), a captioned picture after the summary's first paragraph."""
    import docx
    from PIL import Image

    from ...importer.readers import read_text

    document = docx.Document()
    pictured = False
    for block in read_text(export).blocks:
        if block.kind == "heading":
            document.add_heading(block.text, max(1, min(block.level, 3)))
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        else:
            document.add_paragraph(block.text)
            if not pictured:
                picture = io.BytesIO()
                Image.new("RGB", (800, 500), (30, 90, 160)).save(picture, "PNG")
                document.add_picture(picture)
                document.add_paragraph("Figure 1: the month's plot.", style="Caption")
                pictured = True
    document.save(str(path))
    return path


def import_seconds(
    repo: Path,
    work: Path,
    run: Callable[[list[str], Path], float],
    median: Callable[[int, Callable[[], float]], float],
    runs: int,
    pdf: bool,
) -> tuple[float, float, float | None]:
    """Median seconds of ``dmreport import`` of the text export, of a Word
    document of it and of its PDF."""
    month = "2020-01"
    export = work / "import" / "export.txt"
    export.parent.mkdir(parents=True)
    export.write_text(synthetic_export(repo, month), encoding="utf-8")
    site = make_archive(repo, 0, work / "import" / "site")

    def command(source: Path, root: Path) -> list[str]:
        return [sys.executable, "-m", "dmreport", "import", str(source), "--month", month,
                "--root", str(root), "--force"]  # fmt: skip

    text_s = median(runs, lambda: run(command(export, site), site))
    document = word_document(export, work / "import" / "report.docx")
    in_word = make_archive(repo, 0, work / "import" / "word")
    docx_s = median(runs, lambda: run(command(document, in_word), in_word))
    if not pdf:
        return text_s, docx_s, None
    latex = work / "import" / "latex"
    subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-D", "dmreport_pdf=1",
         "-d", str(work / "import" / "doctrees"), str(site), str(latex)],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error",
         f"dmreport-{month}.tex"],
        cwd=latex, check=True, capture_output=True,
    )  # fmt: skip
    again = make_archive(repo, 0, work / "import" / "again")
    shutil.copy(latex / f"dmreport-{month}.pdf", work / "import" / "report.pdf")
    pdf_s = median(runs, lambda: run(command(work / "import" / "report.pdf", again), again))
    return text_s, docx_s, pdf_s
