"""The project's plan of record: every PMCS export the project keeps under
``milestones/pmcs/`` (``YYYYMM-BL.csv`` baselines, ``YYYYMM-ME.csv``
forecasts, :mod:`.pmcs`; an Excel export is kept in that CSV form), keyed
by month and kind, and the questions the tracker asks of it: a milestone's
baseline for a report month, the latest forecast, the slip.

No Sphinx here: the command line and the extension share these.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import DmreportError
from .pmcs import ACCEPTED_SUFFIXES, PlanExport, PlanKind, PlanRow, name_parts, read_export

#: Where the project keeps the exports, relative to the repository root.
PLAN_DIR = Path("milestones/pmcs")
#: The one format the store keeps (``dmreport plan import`` converts workbooks).
STORE_SUFFIX = ".csv"


# -- the store and its questions ----------------------------------------------


def plan_files(root: Path) -> list[Path]:
    """Every export in the store, oldest first (workbooks too: an error)."""
    folder = root / PLAN_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in ACCEPTED_SUFFIXES)


def slip_days(baseline: date, reported: date) -> int:
    """Days from the baseline finish to the reported date (late is positive)."""
    return (reported - baseline).days


@dataclass(frozen=True)
class Plan:
    """Every export of the store, keyed by (month, kind)."""

    exports: dict[tuple[str, PlanKind], PlanExport] = field(default_factory=dict)
    #: A digest of the files read: the build rewrites plan pages when it changes.
    digest: str = ""

    def of_kind(self, kind: PlanKind) -> list[PlanExport]:
        """The exports of one kind, oldest first."""
        return [e for (_, k), e in sorted(self.exports.items()) if k == kind]

    def baseline_for(self, month: str) -> PlanExport | None:
        """The baseline of record for a report month: the newest baseline
        export taken at or before it; for a month older than every baseline,
        the oldest one (the first plan the project had)."""
        baselines = self.of_kind("baseline")
        before = [e for e in baselines if e.month <= month]
        if before:
            return before[-1]
        return baselines[0] if baselines else None

    def forecast_for(self, month: str) -> PlanExport | None:
        """The latest forecast export taken at or before a report month."""
        before = [e for e in self.of_kind("forecast") if e.month <= month]
        return before[-1] if before else None

    def baseline_date(self, milestone_id: str, month: str) -> tuple[date, PlanExport] | None:
        """A milestone's baseline finish for a report month, and its export."""
        export = self.baseline_for(month)
        row = export.row(milestone_id) if export else None
        if export is None or row is None or row.finish is None:
            return None
        return row.finish, export

    def knows(self, milestone_id: str) -> bool:
        """Whether any export holds the milestone."""
        return any(e.row(milestone_id) for e in self.exports.values())

    def newest_row(self, milestone_id: str) -> PlanRow | None:
        """The milestone in the newest export that holds it (baselines first
        among exports of the same month)."""
        for (_, _kind), export in sorted(self.exports.items(), reverse=True):
            row = export.row(milestone_id)
            if row is not None:
                return row
        return None


def load_plan(root: Path) -> Plan:
    """Read every export of ``milestones/pmcs/``; a file named otherwise than
    ``YYYYMM-BL.csv`` / ``YYYYMM-ME.csv``, or a workbook, is an error."""
    exports: dict[tuple[str, PlanKind], PlanExport] = {}
    hasher = hashlib.sha256()
    for path in plan_files(root):
        parts = name_parts(path)
        if parts is None:
            raise DmreportError(
                "not named as a plan export",
                path=path,
                fix="name it YYYYMM-BL.csv (baseline) or YYYYMM-ME.csv (forecast), "
                "or add it with dmreport plan import",
            )
        if path.suffix.lower() != STORE_SUFFIX:
            raise DmreportError(
                "an Excel workbook in the plan store, which keeps exports as CSV",
                path=path,
                fix="add it with dmreport plan import, which converts it, and remove the workbook",
            )
        export = read_export(path, *parts)
        exports[(export.month, export.kind)] = export
        hasher.update(path.name.encode() + b"\0" + path.read_bytes())
    return Plan(exports, hasher.hexdigest() if exports else "")
