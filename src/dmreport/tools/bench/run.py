"""What a build costs as the archive grows: ``dmreport bench``.

An archive of N months (:mod:`.archive`) is built every way a writer or the
site meets it, each beside plain Sphinx on the same pages where plain
Sphinx has an equivalent: the full build, a no-op rebuild, a rebuild after
editing one section and after adding a month (the Sphinx step of
``dmreport build``, with its flags); the whole ``dmreport build --no-pdf``
from nothing, with nothing changed and after an edit, that last one split
by phase (:mod:`.phases`); the preview from saving a section to serving it
(:mod:`.preview`); Pagefind; one month's PDF and a year's volume; imports
(:mod:`.imports`); the full build at half the months; what four pages weigh
on first load in Chromium (:mod:`.weight`). Times are medians
of repeated runs; memory is the peak RSS of every measured process and its
children.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from ...outputs.compile import have_latex
from .archive import SOURCE_MONTH, add_month, make_archive, make_baseline, month_at
from .imports import import_seconds
from .meter import PeakMemory, median
from .phases import TRACKER
from .preview import preview_edit_seconds
from .result import BenchResult
from .weight import page_loads

#: The sentence each edit changes, in the newest month's Alert Production page.
EDITED_PAGE = "alert-production.md"
ANCHOR = "Chris Morrison attended"


def sphinx_step(root: Path, out: Path, ours: bool = True) -> list[str]:
    """The Sphinx command of ``dmreport build --no-pdf`` (or plain Sphinx's)."""
    flags = ["-W", "--keep-going", "-n", "-D", "dmreport_pdf=0"] if ours else []
    return [sys.executable, "-m", "sphinx", "-b", "html", "-j", "auto", "-q", *flags,
            "-d", str(out.parent / "doctrees"), str(root), str(out)]  # fmt: skip


def dmreport_build(root: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "dmreport", "build", "--no-pdf", "--root", str(root),
            "--out", str(out)]  # fmt: skip


class Editor:
    """Edits of one section (each a new sentence) and new months, in turn."""

    def __init__(self, root: Path, months: int, repo: Path) -> None:
        self.page = root / "reports" / month_at(months - 1) / EDITED_PAGE
        self.original = self.page.read_text(encoding="utf-8")
        self.root, self.repo = root, repo
        self.edits: Iterator[int] = iter(range(1, 10_000))
        self.months: Iterator[int] = iter(range(months, months + 10_000))

    def edit(self) -> None:
        marked = f"{ANCHOR.removesuffix(' attended')} ({next(self.edits)}) attended"
        self.page.write_text(self.original.replace(ANCHOR, marked), encoding="utf-8")

    def restore(self) -> None:
        self.page.write_text(self.original, encoding="utf-8")

    def new_month(self) -> None:  # N+1, then N+2, ...: each a real new month
        add_month(self.repo / "reports" / SOURCE_MONTH, self.root, next(self.months))


def _phases(root: Path, out: Path, meter: PeakMemory) -> dict[str, float]:
    """The phases of one ``dmreport build --no-pdf`` (its last line of output)."""
    command = [sys.executable, "-m", "dmreport.tools.bench.phases", str(root), str(out)]
    meter.run([*command, repr(time.time())], root)
    said = [line for line in meter.output.splitlines() if line.startswith("{")]
    phases: dict[str, float] = json.loads(said[-1])
    return phases


def _pdf_seconds(repo: Path, work: Path, meter: PeakMemory, runs: int) -> tuple[float, float]:
    """Median seconds latexmk takes for one month's PDF and a year's volume."""

    def latex(months: int, name: str) -> Path:
        site = make_archive(repo, months, work / name)
        target = work / f"{name}-latex"
        meter.run(
            [sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-D", "dmreport_pdf=1",
             "-d", str(work / f"{name}-doctrees"), str(site), str(target)],
            site,
        )  # fmt: skip
        return target

    def compile_seconds(folder: Path, document: str) -> float:
        return median(
            runs,
            lambda: meter.run(
                ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", document],
                folder,
            ),
            lambda: subprocess.run(["latexmk", "-C", document], cwd=folder, capture_output=True),
        )

    month = compile_seconds(latex(1, "single"), f"dmreport-{month_at(0)}.tex")
    year = compile_seconds(latex(12, "year"), f"dmreport-{month_at(0)[:4]}.tex")
    return month, year


def run_benchmark(
    repo: Path,
    months: int = 120,
    runs: int = 3,
    full_runs: int = 2,
    pdf: bool = True,
    half: bool = True,
    workdir: Path | None = None,
    say: Callable[[str], None] = lambda message: None,
) -> BenchResult:
    """Generate the archive, build it every way, and measure."""
    work = Path(tempfile.mkdtemp(prefix="dmreport-bench-", dir=workdir))
    try:
        meter = PeakMemory()
        archive = make_archive(repo, months, work / "site")
        pages = len(list((archive / "reports").glob("*/*.md")))
        baseline = make_baseline(archive, work / "baseline")
        out, base_out = work / "out" / "html", work / "base-out" / "html"

        def clean() -> None:
            shutil.rmtree(out.parent, ignore_errors=True)

        def ours() -> float:
            return meter.run(sphinx_step(archive, out), archive)

        def theirs() -> float:
            return meter.run(sphinx_step(baseline, base_out, ours=False), baseline)

        say(f"{months} months generated; full builds ...")
        full = median(full_runs, ours, clean)
        base = median(full_runs, theirs, lambda: shutil.rmtree(base_out.parent, True))
        say(f"full build {full:.1f} s, plain Sphinx {base:.1f} s; dmreport build ...")
        shutil.rmtree(out)  # the pages; the Sphinx step's environment is kept
        full_phases = _phases(archive, out, meter)
        build_full = full_phases["total"]
        build_noop = median(runs, lambda: meter.run(dmreport_build(archive, out), archive))
        editor = Editor(archive, months, repo)
        build_edit = median(runs, lambda: meter.run(dmreport_build(archive, out), archive),
                            editor.edit)  # fmt: skip
        editor.edit()
        phases = _phases(archive, out, meter)
        say(f"dmreport build: edit {build_edit:.2f} s; Sphinx step rebuilds ...")
        ours()  # the Sphinx step's environment brought up to date (the edit), not timed
        noop = median(runs, ours)
        edit = median(runs, ours, editor.edit)
        add = median(runs, ours, editor.new_month)
        base_editor = Editor(baseline, months, repo)
        base_noop = median(runs, theirs)
        base_edit = median(runs, theirs, base_editor.edit)
        base_add = median(runs, theirs, base_editor.new_month)
        say(f"rebuilds: edit {edit:.2f} s, plain Sphinx {base_edit:.2f} s; preview ...")
        editor.restore()
        ours()  # the preview starts from an up-to-date build
        preview, preview_steps = preview_edit_seconds(
            archive, out, editor.page, ANCHOR, max(runs, 5)
        )
        say(f"preview {preview:.2f} s; search index, PDFs, imports ...")
        from ...outputs.pagefind import build_search_index

        search = median(runs, lambda: _timed(lambda: build_search_index(out, force=True)))
        pdf_s = year_pdf_s = None
        if pdf and have_latex():
            pdf_s, year_pdf_s = _pdf_seconds(repo, work, meter, runs)
        import_text_s, import_docx_s, import_pdf_s = import_seconds(
            repo, work, meter.run, median, runs, pdf and have_latex()
        )
        largest = max(p.stat().st_size for p in out.rglob("*.html"))
        say("page weights ...")
        weighed = weighed_pages(months)
        loads = page_loads(out, list(weighed.values())) or {}
        weights = {name: loads[path] for name, path in weighed.items() if path in loads}
        half_s = None
        if half and months >= 2:
            small = make_archive(repo, months // 2, work / "half")
            half_s = meter.run(sphinx_step(small, work / "half-out" / "html"), small)
        return BenchResult(
            months=months,
            pages=pages,
            full_s=full,
            baseline_s=base,
            noop_s=noop,
            edit_s=edit,
            add_month_s=add,
            search_index_s=search,
            pdf_s=pdf_s,
            peak_rss_mb=meter.peak_kb / 1024,
            largest_page_bytes=largest,
            tracker_html_kb=(out / "milestones" / "index.html").stat().st_size / 1024,
            tracker_s=full_phases[TRACKER],
            full_half_s=half_s,
            year_pdf_s=year_pdf_s,
            import_text_s=import_text_s,
            import_docx_s=import_docx_s,
            import_pdf_s=import_pdf_s,
            baseline_noop_s=base_noop,
            baseline_edit_s=base_edit,
            baseline_add_month_s=base_add,
            build_full_s=build_full,
            build_noop_s=build_noop,
            build_edit_s=build_edit,
            preview_edit_s=preview,
            preview_steps=preview_steps,
            phases=phases,
            page_weight_kb={name: load.total / 1024 for name, load in weights.items()},
            page_requests={name: load.requests for name, load in weights.items()},
        )
    finally:
        if not os.environ.get("DMREPORT_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


def weighed_pages(months: int) -> dict[str, str]:
    """The pages whose first load the benchmark weighs, by name."""
    return {
        "home": "index.html",
        "WBS page": f"reports/{month_at(months - 1)}/{EDITED_PAGE.replace('.md', '.html')}",
        "tracker": "milestones/index.html",
        "WBS history": "wbs/alert-production.html",
    }


def _timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start
