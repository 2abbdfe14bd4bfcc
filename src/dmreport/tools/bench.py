"""What a build costs as the archive grows: ``dmreport bench``.

An archive of N months is generated from the real January 2020 pages (each
month with its own ticket numbers, dates and a changed sentence, so that the
indexes grow as they would) in a temporary directory, then built: the full
build, the same pages built by plain Sphinx + MyST + the theme with
documenteer's roles (the baseline), a no-op rebuild, a rebuild after editing
one section, a rebuild after adding a month, Pagefind indexing and one
month's PDF. Times are medians of repeated runs; memory is the peak RSS of
the build and all its processes.
"""

from __future__ import annotations

import calendar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import TICKET_RE
from .bench_import import import_seconds

SOURCE_MONTH = "2020-01"
COPIED = ("conf.py", "index.rst", "wbs", "data", "_static", "_templates", "references",
          "milestones")  # fmt: skip
BASELINE_CONF = """\
# Baseline: the same pages with plain Sphinx, MyST, the theme and
# documenteer's roles, without the dmreport extension.
import os
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex", "baseline_roles"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
include_patterns = ["index.rst", "reports/**"]
exclude_patterns = ["**/.*"]
bibtex_bibfiles = ["data/citations.bib"]
bibtex_reference_style = "author_year"
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence", "deflist"]
html_theme = "pydata_sphinx_theme"
suppress_warnings = ["myst", "toc", "bibtex", "ref"]
"""
BASELINE_ROLES = '''\
"""documenteer's roles, declared parallel safe like the dmreport build."""
from documenteer.ext import jira, lsstdocushare


def setup(app):
    jira.setup(app)
    lsstdocushare.setup(app)
    app.add_role("milestone", lambda name, raw, text, *a, **k: ([], []))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


@dataclass
class BenchResult:
    months: int
    pages: int
    full_s: float
    baseline_s: float
    noop_s: float
    edit_s: float
    add_month_s: float
    search_index_s: float
    pdf_s: float | None
    peak_rss_mb: float
    largest_page_bytes: int
    full_half_s: float | None = None  # full build at half the months
    year_pdf_s: float | None = None  # a year's volume of 12 months, LaTeX to PDF
    import_text_s: float | None = None  # `dmreport import` of a 6,000-word text export
    import_pdf_s: float | None = None  # ... and of the PDF the site makes of it

    def table(self) -> str:
        rows = [
            ("months", str(self.months)),
            ("pages", str(self.pages)),
            ("full build (s)", f"{self.full_s:.1f}"),
            ("baseline build (s)", f"{self.baseline_s:.1f}"),
            ("full / baseline", f"{self.full_s / self.baseline_s:.2f}"),
            ("no-op rebuild (s)", f"{self.noop_s:.2f}"),
            ("edit one section (s)", f"{self.edit_s:.2f}"),
            ("add one month (s)", f"{self.add_month_s:.2f}"),
            ("Pagefind index (s)", f"{self.search_index_s:.2f}"),
            ("one month's PDF (s)", "-" if self.pdf_s is None else f"{self.pdf_s:.1f}"),
            ("a year's volume (s)", "-" if self.year_pdf_s is None else f"{self.year_pdf_s:.1f}"),
            (
                "import, text (s)",
                "-" if self.import_text_s is None else f"{self.import_text_s:.2f}",
            ),
            ("import, PDF (s)", "-" if self.import_pdf_s is None else f"{self.import_pdf_s:.2f}"),
            ("peak RSS (MB)", f"{self.peak_rss_mb:.0f}"),
            ("largest page (bytes)", str(self.largest_page_bytes)),
        ]
        if self.full_half_s is not None:
            rows.insert(4, (f"full build at {self.months // 2} months (s)",
                            f"{self.full_half_s:.1f}"))  # fmt: skip
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name.ljust(width)}  {value}" for name, value in rows)


# -- the archive ------------------------------------------------------------


def month_at(index: int, start: int = 2020) -> str:
    return f"{start + index // 12}-{index % 12 + 1:02d}"


def _later_ticket(ticket: str, index: int) -> str:
    project, _, number = ticket.partition("-")
    return f"{project}-{int(number) + 1000 * index}"


def make_page(text: str, index: int) -> str:
    """A January 2020 page as month ``index``: its own month, tickets, dates
    and a changed sentence."""
    month = month_at(index)
    year, number = month.split("-")
    text = text.replace('month: "2020-01"', f'month: "{month}"')
    text = text.replace("January 2020", f"{calendar.month_name[int(number)]} {year}")
    text = TICKET_RE.sub(lambda m: _later_ticket(m[0], index), text)
    text = re.sub(r"\b20(1[6-9]|20)-(\d{2})-(\d{2})\b",
                  lambda m: f"{int('20' + m[1]) + index // 12}-{m[2]}-{m[3]}", text)  # fmt: skip
    return text.replace(
        "No new risks were added",
        f"Review number {index + 1} of the register found that no new risks were added",
    )


def add_month(source: Path, target: Path, index: int) -> None:
    """Write month ``index`` into ``target``/reports from the pages in ``source``."""
    folder = target / "reports" / month_at(index)
    folder.mkdir(parents=True)
    for page in sorted(source.glob("*.md")):
        (folder / page.name).write_text(
            make_page(page.read_text(encoding="utf-8"), index), encoding="utf-8"
        )


def make_archive(repo: Path, months: int, target: Path) -> Path:
    """A copy of the repository's site with ``months`` generated months."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = repo / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy(source, target / name)
    (target / "reports").mkdir(exist_ok=True)
    shutil.copy(repo / "reports" / "index.md", target / "reports" / "index.md")
    for index in range(months):
        add_month(repo / "reports" / SOURCE_MONTH, target, index)
    return target


def make_baseline(archive: Path, target: Path) -> Path:
    """The same report pages as a plain Sphinx project."""
    shutil.copytree(archive / "reports", target / "reports")
    shutil.copytree(archive / "data", target / "data")
    (target / "conf.py").write_text(BASELINE_CONF)
    (target / "baseline_roles.py").write_text(BASELINE_ROLES)
    (target / "index.rst").write_text(
        "Reports\n=======\n\n.. toctree::\n   :glob:\n\n   reports/*/index\n"
    )
    return target


# -- measuring --------------------------------------------------------------


def _tree_rss_kb(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        match = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        rss[int(entry.name)] = int(match[1]) if match else 0
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


class PeakMemory:
    """Samples the RSS of each measured command and its children."""

    def __init__(self) -> None:
        self.peak_kb = 0

    def run(self, command: list[str], cwd: Path) -> float:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                self.peak_kb = max(self.peak_kb, _tree_rss_kb(process.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = process.communicate()
        done.set()
        sampler.join()
        elapsed = time.perf_counter() - start
        if process.returncode != 0:
            raise DmreportError(f"benchmark step failed: {' '.join(command)}\n{output[-2000:]}")
        return elapsed


def _median(
    runs: int, step: Callable[[], float], prepare: Callable[[], object] | None = None
) -> float:
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        times.append(step())
    return statistics.median(times)


def _sphinx(root: Path, out: Path, jobs: str = "auto") -> list[str]:
    return [sys.executable, "-m", "sphinx", "-b", "html", "-j", jobs, "-q",
            "-d", str(out.parent / "doctrees"), str(root), str(out)]  # fmt: skip


def _year_pdf_seconds(repo: Path, work: Path, meter: PeakMemory, runs: int) -> float:
    """Median time latexmk takes to make a year's volume of 12 months."""
    year = make_archive(repo, 12, work / "year")
    latex = work / "year-latex"
    meter.run(
        [sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-D", "dmreport_pdf=1",
         "-d", str(work / "year-doctrees"), str(year), str(latex)],
        year,
    )  # fmt: skip
    volume = f"dmreport-{month_at(0)[:4]}.tex"
    return _median(
        runs,
        lambda: meter.run(
            ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", volume], latex
        ),
        lambda: subprocess.run(["latexmk", "-C", volume], cwd=latex, capture_output=True),
    )


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
    from ..outputs.pdf import have_latex

    work = Path(tempfile.mkdtemp(prefix="dmreport-bench-", dir=workdir))
    try:
        meter = PeakMemory()
        archive = make_archive(repo, months, work / "site")
        pages = len(list((archive / "reports").glob("*/*.md")))
        baseline = make_baseline(archive, work / "baseline")
        out = work / "out" / "html"

        def clean() -> None:
            shutil.rmtree(work / "out", ignore_errors=True)

        say(f"{months} months generated; full builds ...")
        full = _median(full_runs, lambda: meter.run(_sphinx(archive, out), archive), clean)
        say(f"full build {full:.1f} s; baseline ...")
        base_out = work / "base-out" / "html"
        base = _median(
            full_runs,
            lambda: meter.run(_sphinx(baseline, base_out), baseline),
            lambda: shutil.rmtree(base_out.parent, ignore_errors=True),
        )
        say(f"baseline {base:.1f} s; rebuilds ...")
        clean()
        meter.run(_sphinx(archive, out), archive)
        noop = _median(runs, lambda: meter.run(_sphinx(archive, out), archive))
        newest = archive / "reports" / month_at(months - 1) / "alert-production.md"
        original = newest.read_text(encoding="utf-8")
        counter = iter(range(1000))

        def edit() -> None:
            marked = f"Chris Morrison ({next(counter)}) attended"
            newest.write_text(original.replace("Chris Morrison attended", marked), "utf-8")

        edit_s = _median(runs, lambda: meter.run(_sphinx(archive, out), archive), edit)
        following = iter(range(months, months + runs))

        def new_month() -> None:  # N+1, then N+2, ...: each a real new month
            add_month(repo / "reports" / SOURCE_MONTH, archive, next(following))

        add_s = _median(runs, lambda: meter.run(_sphinx(archive, out), archive), new_month)
        search_s = _median(
            runs,
            lambda: meter.run(
                [sys.executable, "-c",
                 "import sys; from pathlib import Path; from dmreport.outputs.search import "
                 "build_search_index; build_search_index(Path(sys.argv[1]))", str(out)],
                archive,
            ),
        )  # fmt: skip
        pdf_s = year_pdf_s = None
        if pdf and have_latex():
            # One month's PDF does not depend on the archive: a one-month site.
            single = make_archive(repo, 1, work / "single")
            latex = work / "latex"
            meter.run(
                [sys.executable, "-m", "sphinx", "-b", "latex", "-q", "-D", "dmreport_pdf=1",
                 "-d", str(work / "doctrees-latex"), str(single), str(latex)],
                single,
            )  # fmt: skip
            month = month_at(0)
            pdf_s = _median(
                runs,
                lambda: meter.run(
                    [
                        "latexmk",
                        "-xelatex",
                        "-interaction=nonstopmode",
                        "-halt-on-error",
                        f"dmreport-{month}.tex",
                    ],
                    latex,
                ),
                lambda: subprocess.run(
                    ["latexmk", "-C", f"dmreport-{month}.tex"],
                    cwd=latex,
                    capture_output=True,
                    check=False,
                ),
            )
            year_pdf_s = _year_pdf_seconds(repo, work, meter, runs)
        say("imports ...")
        import_text_s, import_pdf_s = import_seconds(
            repo, work, meter.run, _median, runs, pdf and have_latex()
        )
        largest = max(p.stat().st_size for p in out.rglob("*.html"))
        half_s = None
        if half and months >= 2:
            small = make_archive(repo, months // 2, work / "half")
            half_out = work / "half-out" / "html"
            half_s = meter.run(_sphinx(small, half_out), small)
        return BenchResult(
            months=months,
            pages=pages,
            full_s=full,
            baseline_s=base,
            noop_s=noop,
            edit_s=edit_s,
            add_month_s=add_s,
            search_index_s=search_s,
            pdf_s=pdf_s,
            peak_rss_mb=meter.peak_kb / 1024,
            largest_page_bytes=largest,
            full_half_s=half_s,
            year_pdf_s=year_pdf_s,
            import_text_s=import_text_s,
            import_pdf_s=import_pdf_s,
        )
    finally:
        if not os.environ.get("DMREPORT_BENCH_KEEP"):
            shutil.rmtree(work, ignore_errors=True)


def write_json(result: BenchResult, path: Path) -> None:
    data = asdict(result)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
