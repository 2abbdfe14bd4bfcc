"""The one entry point that builds the whole site: HTML, then the PDFs.

A build whose inputs equal the last successful build's (:mod:`.stamp`)
stops before Sphinx is even imported, so that ``dmreport build`` with
nothing changed answers at once; Sphinx and the PDF steps are imported only
when there is work.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DmreportError
from ..outputs.compile import OverfullBox, compile_pdfs, have_latex, install_hint
from ..outputs.pagefind import INDEX_DIR, MANIFEST, Indexing, build_search_index
from .stamp import clear_stamp, input_digest, is_current, write_stamp


@dataclass
class BuildResult:
    html: Path
    #: Where the build keeps its doctrees, LaTeX and stamp (:func:`work_dir`).
    work: Path
    pdfs: list[Path] = field(default_factory=list)
    pdfs_unchanged: list[Path] = field(default_factory=list)
    overfull: list[OverfullBox] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: Nothing changed since the last build: nothing was rebuilt.
    unchanged: bool = False
    #: The bundles of the search index made again (those whose pages changed).
    indexed: Indexing = field(default_factory=Indexing)


def work_dir(root: Path, out: Path) -> Path:
    """Where a build into ``out`` keeps its doctrees, LaTeX and stamp: the
    folder above the default output (``_build/``), or for any other output
    a folder of its own inside ``_build/`` — never beside a folder the user
    named."""
    root, out = root.resolve(), out.resolve()
    build = root / "_build"
    if out == build / "html":
        return build
    return build / "work" / hashlib.sha256(str(out).encode()).hexdigest()[:16]


def _sphinx(
    builder: str,
    root: Path,
    out: Path,
    doctrees: Path,
    jobs: str,
    strict: bool,
    overrides: dict[str, str],
) -> None:
    from sphinx.cmd.build import build_main  # only when there is something to build

    args = ["-b", builder, "-j", jobs, "-d", str(doctrees)]
    if strict:
        args += ["-W", "--keep-going", "-n"]
    for key, value in overrides.items():
        args += ["-D", f"{key}={value}"]
    if build_main([*args, str(root), str(out)]) != 0:
        raise DmreportError(
            f"the {builder} build failed; the messages above give file and line",
            path=root,
        )


def build_site(
    root: Path = Path("."),
    out: Path | None = None,
    jobs: str = "auto",
    strict: bool = True,
    pdf: bool = True,
) -> BuildResult:
    """Build the site of ``root`` into ``out`` (default ``_build/html``).

    Strict builds turn every warning into an error (``-W --keep-going -n``)
    but still report all of them. With ``pdf``, each month also gets its PDF
    and each year its volume (when xelatex is installed; otherwise the result
    says how to install it); a box sticking out of a PDF's text fails a
    strict build and is a note otherwise.
    """
    root = root.resolve()
    if not (root / "conf.py").is_file():
        raise DmreportError("no conf.py here", path=root, fix="pass --root DIR")
    out = (out or root / "_build" / "html").resolve()
    work = work_dir(root, out)
    # One doctree cache per builder: the theme changes HTML options, which
    # would make each builder discard the other's environment.
    doctrees = work / "doctrees"
    result = BuildResult(out, work)
    make_pdfs = pdf and have_latex()
    if pdf and not make_pdfs:
        result.notes.append(
            "PDFs skipped: xelatex is not installed; install it with: " + install_hint()
        )
    digest = input_digest(root, {"out": out, "strict": strict, "pdf": make_pdfs})
    if is_current(work, digest):
        result.unchanged = True
        return result
    clear_stamp(work)
    overrides = {"dmreport_pdf": "1" if make_pdfs else "0"}
    _sphinx("html", root, out, doctrees, jobs, strict, overrides)
    result.indexed = build_search_index(out)
    outputs = [out / "index.html", out / INDEX_DIR / MANIFEST]
    if make_pdfs:
        outputs += _pdfs(root, out, work, jobs, strict, overrides, result)
    write_stamp(work, digest, outputs)
    return result


def _pdfs(
    root: Path,
    out: Path,
    work: Path,
    jobs: str,
    strict: bool,
    overrides: dict[str, str],
    result: BuildResult,
) -> list[Path]:
    """Each month's PDF and each year's volume, copied into the site."""
    from ..ext.config import Settings
    from ..outputs.documents import pdf_documents
    from ..outputs.pdf_facts import add_facts, page_count

    latexdir = work / "latex"
    _sphinx("latex", root, latexdir, work / "doctrees-latex", jobs, strict, overrides)
    documents = pdf_documents(root, drafts=Settings.from_root(root).preview)
    compiled = compile_pdfs(latexdir, [document.name for document in documents])
    result.pdfs, result.pdfs_unchanged = compiled.built, compiled.unchanged
    result.overfull = compiled.overfull
    if compiled.overfull:
        boxes = "; ".join(str(box) for box in compiled.overfull)
        if strict:
            raise DmreportError(
                f"text sticks out of the page in {boxes}",
                path=latexdir,
                fix="rephrase or shorten the text at that place, or allow a break in it",
            )
        result.notes.append(f"overfull boxes: {boxes}")
    copied = []
    for document in documents:
        shutil.copyfile(latexdir / document.pdf, out / document.site_path)
        copied.append(out / document.site_path)
    counts = {d.pdf: page_count(latexdir / d.pdf.replace(".pdf", ".log")) for d in documents}
    linking = [out / "index.html", *(out / f"reports/{d.name}/index.html" for d in documents)]
    add_facts(linking, {name: count for name, count in counts.items() if count})
    return copied
