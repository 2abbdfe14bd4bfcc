"""PMCS (Primavera) milestone exports: what one holds and how it is read.

PMCS exports its milestones as a table with two header rows, the field names
(``task_code``, ``wbs_id``, ``end_date`` …) and then their labels (``Activity
ID``, ``WBS Code``, ``(*)Finish`` …). A *baseline* export (``YYYYMM-BL``)
holds each milestone's planned finish; a *forecast* export (``YYYYMM-ME``)
holds the finish of its own baseline (``base_end_date``) and, once done, the
actual finish (``act_end_date``). The project keeps every export under
``milestones/pmcs/``, named by its month and kind, so that each report month
is compared with the plan as it stood then (:mod:`.plan`). An export saved
from Excel (``.xlsx``, ``.xls``) is read as the same rows of text
(:mod:`.spreadsheets`) and checked the same way.

No Sphinx here: the command line and the extension share these.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .dates import parse_plan_date
from .errors import DmreportError
from .ids import in_dm, parse_month
from .pmcs_header import FINISHES, REQUIRED, Header, PlanKind, find_header, kind_of
from .spreadsheets import SHEET_SUFFIXES, Record, read_sheet

#: The kind of an export as its file name spells it.
KIND_CODES: dict[PlanKind, str] = {"baseline": "BL", "forecast": "ME"}
#: Suffixes the reader takes: CSV (UTF-8) and Excel workbooks.
ACCEPTED_SUFFIXES = (".csv", *SHEET_SUFFIXES)

_NAME = re.compile(r"^(?P<year>\d{4})(?P<number>\d{2})-(?P<code>BL|ME)$")
_WBS = re.compile(r"^LSST (?:BL|ME) \d\d-\d\d\.(?P<code>\S+)$")


class PlanRow(BaseModel):
    """One milestone of one export."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    status: str
    #: The WBS element (``1.02C.04``) of a DM milestone; the export's
    #: ``wbs_id`` as written for any other subsystem's.
    wbs: str
    name: str
    predecessors: tuple[str, ...] = ()
    successors: tuple[str, ...] = ()
    start: date | None = None
    #: The planned finish: ``end_date`` of a baseline, ``base_end_date``
    #: (that export's own baseline) of a forecast export.
    finish: date | None = None
    #: ``end_date`` of a forecast export: the finish it forecasts.
    forecast: date | None = None
    #: ``act_end_date`` of a forecast export: done, and when.
    actual: date | None = None
    #: The milestone's level, from a user field, where the export has one.
    level: str = ""
    #: The line of the file the row starts on (a workbook's row number).
    line: int = 0

    @property
    def in_dm(self) -> bool:
        """A Data Management milestone (WBS 1.02C and below)."""
        return in_dm(self.wbs)

    @property
    def done_by(self) -> date | None:
        """The finish a forecast counts: the actual one, else the planned one."""
        return self.actual or self.finish


class PlanExport(BaseModel):
    """One PMCS export: its kind, the month it was taken and its milestones."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: PlanKind
    month: str
    rows: tuple[PlanRow, ...]
    #: The finish fields the export gives (``end_date``, ``act_end_date`` ...).
    finishes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """``201803-BL``: the export's name in the store and on the site."""
        return export_stem(self.month, self.kind)

    def row(self, milestone_id: str) -> PlanRow | None:
        for row in self.rows:
            if row.id == milestone_id:
                return row
        return None


def export_stem(month: str, kind: PlanKind) -> str:
    """The store's name of an export of ``month`` (YYYY-MM), without suffix."""
    return f"{month.replace('-', '')}-{KIND_CODES[kind]}"


def name_parts(path: Path) -> tuple[str, PlanKind] | None:
    """(month, kind) from a file named like ``201803-BL.csv``, or None."""
    match = _NAME.match(path.stem)
    if not match:
        return None
    kind: PlanKind = "baseline" if match["code"] == "BL" else "forecast"
    return f"{match['year']}-{match['number']}", kind


def wbs_element(wbs_id: str) -> str:
    """``LSST BL 18-03.02C.04`` -> ``1.02C.04``; ``….02C.00`` -> ``1.02C``.
    Other subsystems' codes stay as written."""
    match = _WBS.match(wbs_id.strip())
    if not match or not match["code"].startswith("02C"):
        return wbs_id.strip()
    code = "1." + match["code"]
    return code.removesuffix(".00")


def id_list(text: str) -> tuple[str, ...]:
    """A predecessor or successor list, each id as written (an export may
    cut the last one short)."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


# -- reading an export -------------------------------------------------------


def _fail(path: Path, line: int, message: str, fix: str) -> DmreportError:
    return DmreportError(message, path=path, line=line, fix=fix)


def _records(path: Path, text: str) -> Iterator[Record]:
    """(first line, fields) of every non-blank record of ``text``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _fail(
                path,
                start,
                f"not CSV from this line on ({exc})",
                "close the quote a value opens here, or export the table again as CSV",
            ) from None
        if any(value.strip() for value in fields):
            yield start, fields
        start = reader.line_num + 1


def read_export(path: Path, month: str | None = None, kind: PlanKind | None = None) -> PlanExport:
    """Read and validate a whole PMCS export (CSV or Excel workbook).

    The month and kind come from the arguments, else from the file name
    (``201803-BL.csv``); the kind also from the header's fields. Every
    problem is a :class:`DmreportError` with the file, its line (a
    workbook's row), the field and the fix.
    """
    return parse_export(path, export_records(path), month, kind)


def export_records(path: Path) -> Iterator[Record]:
    """(first line, fields) of every non-blank record of an export: a CSV
    file's records, a workbook's first worksheet's rows."""
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise DmreportError(
            f"{path.suffix or 'a file without suffix'} is not a PMCS export this "
            f"command reads; accepted: {', '.join(ACCEPTED_SUFFIXES)}",
            path=path,
            fix="save the export from Primavera or Excel as CSV (UTF-8) or .xlsx",
        )
    if suffix in SHEET_SUFFIXES:
        return iter(read_sheet(path))
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise DmreportError(f"cannot read the file: {exc.strerror}", path=path) from None
    except UnicodeDecodeError as exc:
        raise DmreportError(
            f"not UTF-8 text (byte {exc.start})", path=path, fix="save the export as CSV UTF-8"
        ) from None
    return _records(path, text)


def parse_export(
    path: Path, records: Iterable[Record], month: str | None = None, kind: PlanKind | None = None
) -> PlanExport:
    """Validate the records of ``path`` (:func:`export_records`) as an export."""
    named = name_parts(path)
    if month is None:
        if named is None:
            raise DmreportError(
                "the file name gives no month",
                path=path,
                fix=f"name it YYYYMM-BL{path.suffix} or YYYYMM-ME{path.suffix}, "
                "or give --month YYYY-MM",
            )
        month = named[0]
    month = parse_month(month)
    records = iter(records)
    first = next(records, None)
    second = next(records, None)
    if first is None or second is None:
        raise DmreportError(
            "no header rows: a PMCS export starts with two, the field names and their labels",
            path=path,
            fix="export the milestones again from PMCS",
        )
    header = find_header(path, first, second)
    if kind is None:
        kind = named[1] if named else kind_of(header)
    if kind == "baseline" and "act_end_date" in header.columns:
        raise _fail(
            path,
            header.line,
            "the header names act_end_date (actual finishes): a forecast export, not a baseline",
            "import it as a forecast (--kind forecast, or name it YYYYMM-ME)",
        )
    body = records if header.labels else itertools.chain([second], records)
    rows: list[PlanRow] = []
    seen: dict[str, int] = {}
    for line, fields in body:
        row = _row(path, kind, header, line, fields)
        if row is None:
            continue
        if row.id in seen:
            raise _fail(
                path,
                line,
                f"field task_code: {row.id} is already on line {seen[row.id]}",
                "keep one row per milestone",
            )
        seen[row.id] = line
        rows.append(row)
    if not rows:
        raise DmreportError(
            "the export holds no milestones", path=path, fix="export the milestones again from PMCS"
        )
    return PlanExport(kind=kind, month=month, rows=tuple(rows), finishes=tuple(header.finishes))


def _row(
    path: Path, kind: PlanKind, header: Header, line: int, fields: list[str]
) -> PlanRow | None:
    """One milestone, or None for a row the export marks deleted."""
    if len(fields) < header.width or any(v.strip() for v in fields[header.width :]):
        raise _fail(
            path,
            line,
            f"{len(fields)} fields, the header row (line {header.line}) has {header.width}",
            "quote a value that holds a comma; keep one value per column",
        )
    values = {name: fields[index].strip() for name, index in header.columns.items()}
    if values.get("delete_record_flag"):
        return None
    for required in REQUIRED:
        if not values[required]:
            raise _fail(
                path,
                line,
                f"field {required} is empty",
                "every milestone has an activity id, a WBS code and a name",
            )
    dates: dict[str, date | None] = {}
    for name in ("start_date", *FINISHES):
        if not values.get(name):
            continue
        try:
            dates[name] = parse_plan_date(values[name])
        except ValueError as exc:
            raise _fail(
                path,
                line,
                f"field {name}: {exc}",
                "write dates as PMCS does, e.g. 11/30/2018 5:00:00 PM",
            ) from None
    planned = ("end_date", "target_end_date", "base_end_date")
    if kind == "forecast":
        planned = ("base_end_date", "target_end_date", "end_date")
    return PlanRow(
        id=values["task_code"],
        status=values.get("status_code", ""),
        wbs=wbs_element(values["wbs_id"]),
        name=values["task_name"],
        predecessors=id_list(values.get("pred_list", "")),
        successors=id_list(values.get("succ_list", "")),
        start=dates.get("start_date"),
        finish=next((dates[n] for n in planned if dates.get(n)), None),
        forecast=dates.get("end_date") if kind == "forecast" else None,
        actual=dates.get("act_end_date"),
        level=fields[header.level].strip() if header.level is not None else "",
        line=line,
    )


__all__ = [
    "ACCEPTED_SUFFIXES",
    "PlanExport",
    "PlanKind",
    "PlanRow",
    "export_records",
    "export_stem",
    "name_parts",
    "parse_export",
    "read_export",
    "wbs_element",
]
