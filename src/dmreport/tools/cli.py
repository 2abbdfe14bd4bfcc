"""The ``dmreport`` command line: thin commands over the library.

Each command imports what it needs when it runs, so that a quick answer
(``dmreport build`` with nothing changed, ``--help``) never pays for
loading Sphinx.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Literal

import click

from ..core.errors import DmreportError

#: Batches longer than this show a progress bar.
PROGRESS_FROM = 3


def find_root(start: Path) -> Path:
    """The repository root: the nearest folder from ``start`` up that holds
    ``conf.py`` and ``wbs/elements.yaml`` (``start`` itself if none does)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "conf.py").is_file() and (folder / "wbs" / "elements.yaml").is_file():
            return folder
    return start


def _root(context: click.Context, parameter: click.Parameter, value: Path | None) -> Path:
    return value if value is not None else find_root(Path.cwd())


ROOT = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    callback=_root,
    help="Repository root (the Sphinx source directory; default: the nearest folder "
    "from here up with conf.py and wbs/elements.yaml).",
)


@click.group()
@click.version_option(package_name="dmreport")
def cli() -> None:
    """Rubin Observatory DM monthly reports: import, check and build."""


@cli.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--month", help="Report month, YYYY-MM (default: the month its title names).")
@ROOT
@click.option("--force", is_flag=True, help="Replace a month that exists.")
@click.option("-v", "--verbose", is_flag=True, help="Report every month in full.")
def import_command(
    sources: tuple[Path, ...], month: str | None, root: Path, force: bool, verbose: bool
) -> None:
    """Import archived monthly reports (.txt, .md, .docx, .pdf; files or
    folders) as reports/YYYY-MM/, one month each, all or nothing per month."""
    from ..importer.batch import import_each, report_files
    from ..importer.report import ImportResult
    from ..importer.report import table as import_table

    files = report_files(list(sources))
    results: list[ImportResult] = []
    if len(files) > PROGRESS_FROM:
        with click.progressbar(
            import_each(files, month, root, force),
            length=len(files),
            label="Importing",
            file=sys.stderr,
        ) as progress:
            results.extend(progress)
    else:
        results.extend(import_each(files, month, root, force))
    for result in results:
        if result.error:
            click.echo(f"error: {result.error}", err=True)
        elif verbose or len(files) == 1:
            for line in [*result.details(), ""]:
                click.echo(line)
    for line in import_table(results):
        click.echo(line)
    failed = sum(1 for result in results if result.error)
    if failed:
        click.echo(f"{failed} of {len(results)} month(s) failed; nothing of them was written.")
        sys.exit(1)


@cli.command("build")
@ROOT
@click.option("--out", type=click.Path(path_type=Path), help="Output directory.")
@click.option("-j", "--jobs", default="auto", show_default=True, help="Parallel jobs.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Build the PDFs.")
def build_command(root: Path, out: Path | None, jobs: str, pdf: bool) -> None:
    """Build the whole site, HTML and PDFs (warnings are errors)."""
    from .build import build_site

    result = build_site(root, out, jobs=jobs, pdf=pdf)
    if result.unchanged:
        click.echo(f"Nothing changed since the last build: {result.html / 'index.html'}")
        return
    for note in result.notes:
        click.echo(note, err=True)
    if result.pdfs or result.pdfs_unchanged:
        click.echo(f"PDFs: {len(result.pdfs)} built, {len(result.pdfs_unchanged)} unchanged")
    click.echo(f"Site built: {result.html / 'index.html'}")


@cli.command("serve")
@ROOT
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output directory (default: _build/preview/html under the root).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
def serve_command(root: Path, out: Path | None, host: str, port: int) -> None:
    """Preview the site while you write: each saved page is shown at once."""
    from .serve import serve

    root = root.resolve()
    if not (root / "conf.py").is_file():
        raise DmreportError("no conf.py here", path=root, fix="pass --root DIR")
    serve(root, out or root / "_build" / "preview" / "html", host, port, click.echo)


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@ROOT
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "github"]),
    default="text",
    show_default=True,
    help="github: annotations for pull requests.",
)
def check_command(paths: tuple[Path, ...], root: Path, output: str) -> None:
    """Check report pages (all of reports/ by default); exit 1 on problems."""
    from ..checks import check_paths

    problems = check_paths(root, list(paths))
    for problem in problems:
        click.echo(problem.github() if output == "github" else str(problem))
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo("All checks passed.", err=True)


@cli.command("new")
@click.argument("month")
@ROOT
def new_command(month: str, root: Path) -> None:
    """Create MONTH (YYYY-MM) as a draft from the previous month."""
    from ..core.ids import Month
    from .writers import new_month, started_from

    source = started_from(root, month)
    written = new_month(root, month)
    click.echo(f"Created {written[0].parent} ({len(written)} pages, status draft) from {source}:")
    expected = str(Month.parse(month).previous)
    if source != expected:
        click.echo(
            f"warning: there is no report for {expected}; {month} starts from {source} "
            f"(its planned activities and open milestones). Create {expected} first "
            f"(dmreport new {expected}) if it should come in between.",
            err=True,
        )
    for path in written:
        click.echo(f"  {path}")


@cli.command("status")
@click.argument("month")
@ROOT
def status_command(month: str, root: Path) -> None:
    """Show the editor the state of MONTH's sections."""
    from .writers import month_status

    status, sections, missing = month_status(root, month)
    click.echo(f"{month}: {status}")
    header = ("Page", "Owners", "Words", "To-do lines", "Empty sections", "Last commit")
    rows = [
        (
            s.page,
            " ".join(s.owners) or "-",
            str(s.words),
            str(s.todo),
            ", ".join(s.empty) or "-",
            f"{s.author} {s.date}".strip(),
        )
        for s in sections
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        click.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    if missing:
        click.echo("Missing sections: " + "; ".join(missing))


@cli.command("summary")
@click.argument("month")
@ROOT
def summary_command(month: str, root: Path) -> None:
    """Print MONTH's High-level Summary as Markdown for the forum post."""
    from ..ext.config import Settings
    from .writers import summary_markdown

    settings = Settings.from_root(root)
    click.echo(summary_markdown(root, month, settings.html_baseurl, settings.jira_uri_template))


@cli.command("codeowners")
@ROOT
@click.option("--check", is_flag=True, help="Only check that the file is current.")
def codeowners_command(root: Path, check: bool) -> None:
    """Write .github/CODEOWNERS from the WBS registry's owners."""
    from .writers import codeowners

    path = root / ".github" / "CODEOWNERS"
    text = codeowners(root)
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if check:
        if current != text:
            raise DmreportError("out of date", path=path, fix="run dmreport codeowners")
        click.echo(f"{path} is current.")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {path}")


@cli.group("plan")
def plan_group() -> None:
    """The project's plan of record: PMCS milestone exports."""


@plan_group.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--month", help="Month of the export, YYYY-MM (default: from YYYYMM-BL.csv).")
@click.option(
    "--kind",
    type=click.Choice(["baseline", "forecast"]),
    help="baseline (BL) or forecast (ME) (default: from the name or the header).",
)
@ROOT
@click.option("--force", is_flag=True, help="Replace a different export of the same month.")
def plan_import_command(
    sources: tuple[Path, ...], month: str | None, kind: Literal["baseline", "forecast"] | None,
    root: Path, force: bool,
) -> None:  # fmt: skip
    """Add P6 exports (.csv, .xlsx or .xls; files or folders of them) to
    milestones/pmcs/, each validated whole, written atomically (a workbook
    as CSV with its TASKPRED links); many at once give one row each."""
    from .plan_import import import_plan, import_table, plan_sources

    files = plan_sources(sources)
    if len(files) == 1 and not any(source.is_dir() for source in sources):
        for line in import_plan(files[0], root, month, kind, force).lines():
            click.echo(line)
        return
    if month or kind:
        raise DmreportError("--month and --kind name one export", fix="import that file alone")
    lines, failed = import_table(files, root, force)
    for line in lines:
        click.echo(line)
    if failed:
        click.echo(
            f"{failed} of {len(files)} export(s) failed; nothing of them was written.", err=True
        )
        sys.exit(1)


@cli.command("bench")
@ROOT
@click.option("--months", default=120, show_default=True, help="Months in the archive.")
@click.option("--runs", default=3, show_default=True, help="Runs of each rebuild.")
@click.option("--full-runs", default=2, show_default=True, help="Runs of each full build.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Time one month's PDF.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write JSON here.")
def bench_command(
    root: Path, months: int, runs: int, full_runs: int, pdf: bool, json_path: Path | None
) -> None:
    """Measure the build of a generated archive of MONTHS months."""
    from .bench import run_benchmark, write_json

    result = run_benchmark(
        root.resolve(),
        months,
        runs=runs,
        full_runs=full_runs,
        pdf=pdf,
        say=lambda message: click.echo(message, err=True),
    )
    click.echo(result.table())
    if json_path:
        write_json(result, json_path)
        click.echo(f"Wrote {json_path}")


def main() -> None:
    """Run the CLI; user errors print one message, never a traceback."""
    try:
        cli.main(standalone_mode=False)
        _leave()
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DmreportError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except Exception as exc:
        if os.environ.get("DMREPORT_DEBUG"):
            raise
        click.echo(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "Set DMREPORT_DEBUG=1 for the traceback and report it to the maintainers.",
            err=True,
        )
        sys.exit(3)


def _leave() -> None:
    """End a command that succeeded without the interpreter's teardown: a
    build holds every month's environment in memory, and freeing it object
    by object takes seconds at ten years (the system frees it at once)."""
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(0)
