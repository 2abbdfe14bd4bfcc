"""The formal PDF of each month: Sphinx's LaTeX builder, xelatex, latexmk.

One LaTeX document per month (``latex_documents`` is derived from the
months in ``reports/``); a title page with the commit the report was built
from; no section numbers (the WBS codes are the numbers); running footer
with "page x of y"; ids and dates never broken across lines. PDFs are
reproducible (``SOURCE_DATE_EPOCH`` from the commit) and a month whose
LaTeX did not change is not compiled again.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.errors import DmreportError
from ..core.git import commit_info
from ..core.ids import month_of
from ..ext.state import get_state

HEADING = re.compile(r"^# (?P<title>.+)$", re.M)
LATEX_PACKAGES = (
    "texlive-xetex",
    "texlive-latex-recommended",
    "texlive-latex-extra",
    "texlive-fonts-recommended",
    "tex-gyre",
    "latexmk",
    "fonts-freefont-otf",
)

PREAMBLE = r"""
\usepackage{lastpage}
\makeatletter\def\dmreportmonth{\@title}\makeatother
\setcounter{secnumdepth}{-1}
\setcounter{tocdepth}{2}
\makeatletter
\fancypagestyle{normal}{%
  \fancyhf{}%
  \fancyhead[L]{\small\sffamily Vera C. Rubin Observatory --- DM Monthly Report}%
  \fancyhead[R]{\small\sffamily \dmreportmonth}%
  \fancyfoot[C]{\small\sffamily Page \thepage\ of \pageref*{LastPage}}%
  \renewcommand{\headrulewidth}{0.4pt}%
  \renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{%
  \fancyhf{}%
  \fancyfoot[C]{\small\sffamily Page \thepage\ of \pageref*{LastPage}}%
  \renewcommand{\headrulewidth}{0pt}}
\makeatother
% Table cells are set ragged right; ids and dates stay whole.
\makeatletter
\AtBeginEnvironment{longtable}{\def\sphinxAtStartPar{%
  \rightskip\z@ plus 4em\relax\spaceskip.3333em\relax\xspaceskip.5em\relax
  \leavevmode\nobreak\hskip\z@skip}}
\makeatother
\expandafter\def\csname DUroledmreport-nowrap\endcsname#1{\mbox{#1}}
\sloppy
"""

MAKETITLE = r"""
\begin{titlepage}
  \centering
  \vspace*{3cm}
  {\Large\sffamily Vera C. Rubin Observatory\par}
  \vspace{1.5cm}
  {\Huge\bfseries\sffamily Data Management\\[0.3em] Monthly Report\par}
  \vspace{1.2cm}
  {\LARGE\sffamily \dmreportmonth\par}
  \vfill
  {\large Date of issue: \dmreportissued\par}
  \vspace{0.4cm}
  {\small Built from commit \texttt{\dmreportcommit}\par}
\end{titlepage}
\pagestyle{normal}
"""


def month_documents(srcdir: Path) -> list[tuple[str, str, str]]:
    """(month, start docname, title) of every month in ``reports/``."""
    found = []
    for index in sorted((srcdir / "reports").glob("*/index.md")):
        where = month_of(index.relative_to(srcdir))
        if where is None or where.stem != "index":
            continue
        title = HEADING.search(index.read_text(encoding="utf-8"))
        month = where.month
        found.append((month, f"reports/{month}/index", title["title"] if title else month))
    return found


def pdf_name(month: str) -> str:
    return f"dmreport-{month}.pdf"


def _configure(app: Sphinx, config: Config) -> None:
    """Derive ``latex_documents`` and the LaTeX style from the repository."""
    srcdir = Path(app.srcdir)
    config.latex_documents = [
        (start, f"dmreport-{month}.tex", title, config.author, "howto", True)
        for month, start, title in month_documents(srcdir)
    ]
    commit = commit_info(srcdir)
    elements = dict(config.latex_elements)
    elements.setdefault("papersize", "letterpaper")
    elements.setdefault("pointsize", "11pt")
    elements.setdefault("preamble", PREAMBLE)
    elements.setdefault("figure_align", "H")  # charts stay beside their data
    elements.setdefault("maketitle", MAKETITLE)
    elements.setdefault("tableofcontents", r"\sphinxtableofcontents")
    elements.setdefault(
        "extrapackages",
        r"\newcommand{\dmreportcommit}{" + (commit.sha[:12] if commit else "unknown") + "}"
        r"\newcommand{\dmreportissued}{" + (commit.date if commit else "undated") + "}",
    )
    config.latex_elements = elements
    config.latex_engine = "xelatex"
    config.latex_show_urls = "no"
    config.latex_toplevel_sectioning = "section"


@dataclass
class PdfResult:
    built: list[Path]
    unchanged: list[Path]


def have_latex() -> bool:
    return shutil.which("xelatex") is not None and shutil.which("latexmk") is not None


def install_hint() -> str:
    return "apt-get install -y --no-install-recommends " + " ".join(LATEX_PACKAGES)


def _digest(texfile: Path) -> str:
    """A fingerprint of what the month's PDF is made from: its LaTeX, the
    style files beside it and the images it includes."""
    text = texfile.read_text(encoding="utf-8")
    digest = hashlib.sha256(text.encode())
    for path in sorted(texfile.parent.iterdir()):
        style = path.suffix in (".sty", ".cls")
        image = path.suffix in (".pdf", ".png", ".jpg") and path.stem in text
        if path.is_file() and (style or image) and path.name != pdf_name(texfile.stem[9:]):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def compile_pdfs(latexdir: Path, months: Iterable[str], epoch: int | None) -> PdfResult:
    """Run latexmk on each month's LaTeX whose inputs changed."""
    if not have_latex():
        raise DmreportError("xelatex and latexmk are not installed", fix=install_hint())
    env = dict(os.environ)
    if epoch is not None:
        env.update(SOURCE_DATE_EPOCH=str(epoch), FORCE_SOURCE_DATE="1")
    result = PdfResult([], [])
    for month in months:
        tex = latexdir / f"dmreport-{month}.tex"
        pdf = latexdir / pdf_name(month)
        stamp = latexdir / f"dmreport-{month}.digest"
        digest = _digest(tex)
        if pdf.is_file() and stamp.is_file() and stamp.read_text() == digest:
            result.unchanged.append(pdf)
            continue
        process = subprocess.run(
            [
                "latexmk",
                "-xelatex",
                "-interaction=nonstopmode",
                "-halt-on-error",
                tex.name,
            ],
            cwd=latexdir,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if process.returncode != 0:
            log = latexdir / f"dmreport-{month}.log"
            errors = [line for line in process.stdout.splitlines() if line.startswith("!")]
            raise DmreportError(
                f"xelatex failed for {month}: {'; '.join(errors[:3]) or 'see the log'}",
                path=log,
            )
        stamp.write_text(digest)
        result.built.append(pdf)
    return result


class PdfLink(SphinxPostTransform):
    """The month's landing page links its PDF (HTML only)."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: object) -> None:
        where = month_of(self.env.docname)
        if where is None or where.stem != "index" or not get_state(self.app).settings.pdf:
            return
        para = nodes.paragraph(classes=["dmreport-pdf"])
        para += nodes.reference(
            "",
            "Download this report as PDF",
            refuri=pdf_name(where.month),
            classes=["dmreport-pdf-link"],
        )
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is not None:
            top.insert(1, para)


class EmptyReferencesSections(SphinxPostTransform):
    """In LaTeX every citation goes to one bibliography at the end, so the
    per-page References sections are empty there: drop them."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        for section in list(self.document.findall(nodes.section)):
            body = [child for child in section.children[1:]]
            if section[0].astext() == "References" and not any(
                child.astext().strip() for child in body
            ):
                section.parent.remove(section)


def setup_pdf(app: Sphinx) -> None:
    app.add_post_transform(EmptyReferencesSections)
    app.add_post_transform(PdfLink)
    app.connect("config-inited", _configure, priority=600)
