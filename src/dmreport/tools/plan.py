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
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import DmreportError
from ..core.ids import month_title
from ..core.plan import PLAN_DIR, STORE_SUFFIX
from ..core.pmcs import DM_WBS, PlanExport, PlanKind, export_stem, parse_export, read_export
from ..core.spreadsheets import SHEET_SUFFIXES, csv_form, read_sheet


@dataclass(frozen=True)
class PlanImport:
    """What an import added (or found already there)."""

    export: PlanExport
    target: Path
    unchanged: bool
    replaced: bool
    #: The suffix of a workbook written to the store as CSV.
    converted_from: str | None = None

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
        if export.kind == "forecast":
            done = sum(1 for row in export.rows if row.actual)
            lines.append(f"{done} milestones with an actual finish")
        by_element = Counter(element_of(row.wbs) for row in export.rows)
        width = max(len(code) for code in by_element)
        lines.append("Milestones by WBS element:")
        lines += [f"  {code:<{width}}  {count:>4}" for code, count in sorted(by_element.items())]
        return lines


def element_of(wbs: str) -> str:
    """The page-level element of a DM WBS code (``1.02C.08.03.01`` ->
    ``1.02C.08``); any other code as it is."""
    parts = wbs.split(".")
    if wbs.startswith(DM_WBS) and len(parts) > 3:
        return ".".join(parts[:3])
    return wbs


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
    if converted:
        records = read_sheet(source)
        export = parse_export(source, records, month, kind)
        data = csv_form(records)
    else:
        export = read_export(source, month, kind)
        data = source.read_bytes()
    folder = root / PLAN_DIR
    target = folder / f"{export_stem(export.month, export.kind)}{STORE_SUFFIX}"
    exists = target.is_file()
    if exists and target.read_bytes() == data:
        return PlanImport(export, target, unchanged=True, replaced=False, converted_from=converted)
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
    return PlanImport(export, target, unchanged=False, replaced=exists, converted_from=converted)
