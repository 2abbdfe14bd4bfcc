"""``dmreport plan import``: a PMCS export into the project's plan data.

The whole file is read and validated first; only then is it copied, byte for
byte, into ``milestones/pmcs/`` under its month and kind, through a
temporary file renamed into place, so the store never holds half a file. An
Excel export (``.xlsx``, ``.xls``) is written the same way in the CSV form
the store keeps (both header rows, UTF-8), so the site reads one format.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import DM_WBS, element_of, month_title
from ..core.plan import PLAN_DIR, STORE_SUFFIX
from ..core.pmcs import (
    ACCEPTED_SUFFIXES,
    PlanExport,
    PlanKind,
    export_stem,
    parse_export,
    read_export,
)
from ..core.pmcs_header import links_sheet, task_sheet, with_links
from ..core.spreadsheets import SHEET_SUFFIXES, csv_form, read_sheets


@dataclass(frozen=True)
class PlanImport:
    """What an import added (or found already there)."""

    export: PlanExport
    target: Path
    unchanged: bool
    replaced: bool
    #: The suffix of a workbook written to the store as CSV.
    converted_from: str | None = None
    #: Links read from a TASKPRED sheet, by type (FS, SS, FF, SF).
    links: dict[str, int] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """The report printed after the import."""
        export = self.export
        kind = f"{export.kind}, {month_title(export.month)}"
        converted = f" (converted from {self.converted_from})" if self.converted_from else ""
        if self.unchanged:
            return [
                f"{export.label} ({kind}) is already in the plan, unchanged: "
                f"{self.target}{converted}"
            ]
        verb = "Replaced" if self.replaced else "Added"
        dm = [row for row in export.rows if row.in_dm]
        lines = [
            f"{verb} {export.label} ({kind}): {len(export.rows)} milestones, "
            f"{len(dm)} of them in DM ({DM_WBS}), in {self.target}{converted}",
        ]
        lines.append("Finishes read from: " + ", ".join(export.finishes))
        if export.kind == "forecast":
            done = sum(1 for row in export.rows if row.actual)
            lines.append(f"{done} milestones with an actual finish")
        if self.links:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.links.items()))
            lines.append(f"Links from the TASKPRED sheet: {sum(self.links.values())} ({kinds})")
        by_element = Counter(element_of(row.wbs) for row in export.rows)
        width = max(len(code) for code in by_element)
        lines.append("Milestones by WBS element:")
        lines += [f"  {code:<{width}}  {count:>4}" for code, count in sorted(by_element.items())]
        return lines


def import_plan(
    source: Path,
    root: Path,
    month: str | None = None,
    kind: PlanKind | None = None,
    force: bool = False,
) -> PlanImport:
    """Validate ``source`` whole, then copy it into the store atomically
    (a workbook in its CSV form).

    A different export of the same month and kind is replaced only with
    ``force``; the same bytes again change nothing.
    """
    converted = source.suffix.lower() if source.suffix.lower() in SHEET_SUFFIXES else None
    links: dict[str, int] = {}
    if converted:
        sheets = read_sheets(source)
        task = task_sheet(sheets)
        if task is None:
            raise DmreportError(
                "not a P6 export: no sheet is named TASK or names task_code in its first row",
                path=source,
                fix="export the milestones from Primavera (its TASK sheet), or save them as CSV",
            )
        related = links_sheet(sheets)
        records, links = with_links(source, task[1], related[1] if related else [])
        export = parse_export(source, records, month, kind)
        data = csv_form(records)
    else:
        export = read_export(source, month, kind)
        data = source.read_bytes()
    folder = root / PLAN_DIR
    target = folder / f"{export_stem(export.month, export.kind)}{STORE_SUFFIX}"
    exists = target.is_file()
    if exists and target.read_bytes() == data:
        return PlanImport(
            export, target, unchanged=True, replaced=False, converted_from=converted, links=links
        )
    if exists and not force:
        raise DmreportError(
            f"the plan already holds a different {export.kind} export of {export.month}",
            path=target,
            fix="give --force to replace it",
        )
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".import-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return PlanImport(
        export, target, unchanged=False, replaced=exists, converted_from=converted, links=links
    )


def plan_sources(sources: tuple[Path, ...]) -> list[Path]:
    """The exports named: files as given, a folder's exports (by suffix) in order."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.iterdir() if p.suffix.lower() in ACCEPTED_SUFFIXES)
            if not found:
                raise DmreportError(
                    "the folder holds no export",
                    path=source,
                    fix="give .csv, .xlsx or .xls files",
                )
            files += found
        elif source.is_file():
            files.append(source)
        else:
            raise DmreportError("no such file or folder", path=source)
    return files


TABLE_HEADER = ("Export", "Kind", "Milestones", "DM", "Actual finishes", "Links", "Result", "File")


def import_table(files: list[Path], root: Path, force: bool) -> tuple[list[str], int]:
    """Import each file on its own (one failing stops none of the others);
    the table of what each did, and how many failed."""
    rows: list[tuple[str, ...]] = [TABLE_HEADER]
    failed = 0
    for path in files:
        try:
            done = import_plan(path, root, force=force)
        except DmreportError as exc:
            failed += 1
            rows.append(("?", "-", "-", "-", "-", "-", f"FAILED: {exc}", str(path)))
            continue
        export = done.export
        verb = "unchanged" if done.unchanged else "replaced" if done.replaced else "added"
        rows.append((
            export.label,
            export.kind,
            str(len(export.rows)),
            str(sum(1 for row in export.rows if row.in_dm)),
            str(sum(1 for row in export.rows if row.actual)),
            str(sum(done.links.values()) or sum(len(r.predecessors) for r in export.rows)),
            verb,
            str(path),
        ))  # fmt: skip
    widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_HEADER) - 1)]
    lines = [
        "  ".join([*(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)), row[-1]])
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  ----")
    return lines, failed
