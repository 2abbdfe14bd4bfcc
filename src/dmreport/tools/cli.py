"""The ``dmreport`` command line: thin commands over the library."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ..checks import check_paths
from ..core.errors import DmreportError
from ..ext.config import Settings
from ..importer import import_month
from .bench import run_benchmark, write_json
from .build import build_site
from .writers import codeowners, month_status, new_month, summary_markdown

ROOT = click.option(
    "--root",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Repository root (the Sphinx source directory).",
)


@click.group()
@click.version_option(package_name="dmreport")
def cli() -> None:
    """Rubin Observatory DM monthly reports: import, check and build."""


@cli.command("import")
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--month", required=True, help="Report month, YYYY-MM.")
@ROOT
@click.option("--force", is_flag=True, help="Replace the month if it exists.")
def import_command(source: Path, month: str, root: Path, force: bool) -> None:
    """Import an exported monthly report as reports/YYYY-MM/."""
    result = import_month(source, month, root, force=force)
    click.echo(f"Imported {source} as {result.directory} ({result.words} words kept)")
    click.echo(f"Pages written ({len(result.pages)}): {', '.join(result.pages)}")
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(result.references.items()))
    click.echo(f"References found: {kinds or 'none'}")
    click.echo(
        f"  {len(result.tickets)} distinct tickets, {len(result.documents)} documents"
        f" ({', '.join(sorted(result.documents)) or '-'}),"
        f" {len(result.citations)} citations"
    )
    if result.healed:
        lines = ", ".join(f"{a}+{b}" for a, b in result.healed)
        click.echo(f"Page breaks healed ({len(result.healed)}): lines {lines}")
    if result.unresolved:
        click.echo(f"Links left unresolved ({len(result.unresolved)}), kept as text:")
        for line, text in result.unresolved:
            click.echo(f"  {source}:{line}: [{text}](#)")
        click.echo("  (add public targets to data/links.yaml and re-import with --force)")


@cli.command("build")
@ROOT
@click.option("--out", type=click.Path(path_type=Path), help="Output directory.")
@click.option("-j", "--jobs", default="auto", show_default=True, help="Parallel jobs.")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="Build the PDFs.")
def build_command(root: Path, out: Path | None, jobs: str, pdf: bool) -> None:
    """Build the whole site, HTML and PDFs (warnings are errors)."""
    result = build_site(root, out, jobs=jobs, pdf=pdf)
    for note in result.notes:
        click.echo(note, err=True)
    if result.pdfs or result.pdfs_unchanged:
        click.echo(f"PDFs: {len(result.pdfs)} built, {len(result.pdfs_unchanged)} unchanged")
    click.echo(f"Site built: {result.html / 'index.html'}")


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
    written = new_month(root, month)
    click.echo(f"Created {written[0].parent} ({len(written)} pages, status draft):")
    for path in written:
        click.echo(f"  {path}")


@cli.command("status")
@click.argument("month")
@ROOT
def status_command(month: str, root: Path) -> None:
    """Show the editor the state of MONTH's sections."""
    status, sections, missing = month_status(root, month)
    click.echo(f"{month}: {status}")
    header = ("Page", "Words", "Empty sections", "Last commit")
    rows = [
        (s.page, str(s.words), ", ".join(s.empty) or "-", f"{s.author} {s.date}".strip())
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
    settings = Settings.from_root(root)
    click.echo(summary_markdown(root, month, settings.html_baseurl, settings.jira_uri_template))


@cli.command("codeowners")
@ROOT
@click.option("--check", is_flag=True, help="Only check that the file is current.")
def codeowners_command(root: Path, check: bool) -> None:
    """Write .github/CODEOWNERS from the WBS registry's owners."""
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
