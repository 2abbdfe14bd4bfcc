"""LaTeX to PDF: latexmk and xelatex, reproducibly and only when needed.

Each document's LaTeX names its ``SOURCE_DATE_EPOCH`` (the time of the last
commit that changed its sources), so the same commit gives the same bytes;
a document whose LaTeX, style files and images did not change is not
compiled again. After compiling, the log is read for boxes that stick out
of the text (overfull by more than :data:`OVERFULL_LIMIT`).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DmreportError
from .documents import pdf_name

LATEX_PACKAGES = (
    "texlive-xetex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "tex-gyre",
    "latexmk",
    "fonts-freefont-otf",
)
#: Points a box may stick out before the build says so.
OVERFULL_LIMIT = 5.0
EPOCH = re.compile(r"^%% SOURCE_DATE_EPOCH=(?P<epoch>\d*)$", re.M)
LINES = re.compile(r"lines? (?P<first>\d+)(?:--(?P<last>\d+))?")
OVERFULL = re.compile(
    r"^Overfull \\(?P<kind>[hv])box \((?P<points>[\d.]+)pt too (?:wide|high)\) (?P<where>.*)$",
    re.M,
)


@dataclass(frozen=True)
class OverfullBox:
    """A box wider (or taller) than the page allows, as the LaTeX log has it."""

    document: str  # the month (YYYY-MM) or year (YYYY)
    kind: str  # "hbox" or "vbox"
    points: float
    where: str  # "in paragraph at lines 268--270"
    text: str  # the text there, from the LaTeX source

    def __str__(self) -> str:
        return (
            f"dmreport-{self.document}.pdf: overfull \\{self.kind} by {self.points:.1f} pt "
            f"{self.where} of dmreport-{self.document}.tex ({self.text!r})"
        )


@dataclass
class PdfResult:
    built: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    overfull: list[OverfullBox] = field(default_factory=list)


def have_latex() -> bool:
    return shutil.which("xelatex") is not None and shutil.which("latexmk") is not None


def install_hint() -> str:
    return "apt-get install -y --no-install-recommends " + " ".join(LATEX_PACKAGES)


def _digest(texfile: Path) -> str:
    """A fingerprint of what the PDF is made from: its LaTeX, its XMP
    metadata, the style files beside it and the images it includes."""
    text = texfile.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode())
    own = texfile.with_suffix(".pdf").name
    for path in sorted(texfile.parent.iterdir()):
        style = path.suffix in (".sty", ".cls") or path.name == f"{texfile.stem}.xmpdata"
        image = path.suffix in (".pdf", ".png", ".jpg") and path.stem in text
        if path.is_file() and (style or image) and path.name != own:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _source_text(source: list[str], where: str) -> str:
    """The words of the LaTeX source lines a log message names, markup removed."""
    lines = LINES.search(where)
    if not lines:
        return ""
    first, last = int(lines["first"]), int(lines["last"] or lines["first"])
    text = " ".join(source[first - 1 : last]).replace(r"\sphinxhyphen{}", "-")
    text = re.sub(r"\\(?:detokenize|label|hyperref|sphinxhref|DUrole)\{[^{}]*\}", " ", text)
    text = re.sub(r"\\[a-zA-Z@]+\*?|[{}\[\]&]", " ", text)
    words = " ".join(text.split())
    return words[:100] + ("..." if len(words) > 100 else "")


def overfull_boxes(log: Path, document: str) -> list[OverfullBox]:
    """The boxes of a LaTeX log that stick out by more than the limit."""
    if not log.is_file():
        return []
    text = log.read_text(encoding="utf-8", errors="replace")
    tex = log.with_suffix(".tex")
    source = tex.read_text(encoding="utf-8").splitlines() if tex.is_file() else []
    found = []
    for match in OVERFULL.finditer(text):
        points = float(match["points"])
        if points > OVERFULL_LIMIT:
            where = match["where"]
            words = _source_text(source, where)
            found.append(OverfullBox(document, f"{match['kind']}box", points, where, words))
    return found


def _epoch(texfile: Path) -> str | None:
    match = EPOCH.search(texfile.read_text(encoding="utf-8"))
    return match["epoch"] if match and match["epoch"] else None


def compile_pdfs(latexdir: Path, names: Iterable[str]) -> PdfResult:
    """Run latexmk on each document (``YYYY-MM`` or ``YYYY``) whose inputs changed."""
    if not have_latex():
        raise DmreportError("xelatex and latexmk are not installed", fix=install_hint())
    result = PdfResult()
    for name in names:
        tex = latexdir / f"dmreport-{name}.tex"
        pdf = latexdir / pdf_name(name)
        stamp = latexdir / f"dmreport-{name}.digest"
        log = latexdir / f"dmreport-{name}.log"
        digest = _digest(tex)
        if pdf.is_file() and stamp.is_file() and stamp.read_text() == digest:
            result.unchanged.append(pdf)
            result.overfull.extend(overfull_boxes(log, name))
            continue
        env = dict(os.environ)
        epoch = _epoch(tex)
        if epoch is not None:
            env.update(SOURCE_DATE_EPOCH=epoch, FORCE_SOURCE_DATE="1")
        else:
            env.pop("SOURCE_DATE_EPOCH", None)
        process = subprocess.run(
            ["latexmk", "-g", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
            cwd=latexdir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if process.returncode != 0:
            errors = [line for line in process.stdout.splitlines() if line.startswith("!")]
            raise DmreportError(
                f"xelatex failed for {name}: {'; '.join(errors[:3]) or 'see the log'}",
                path=log,
            )
        stamp.write_text(digest)
        result.built.append(pdf)
        result.overfull.extend(overfull_boxes(log, name))
    return result
