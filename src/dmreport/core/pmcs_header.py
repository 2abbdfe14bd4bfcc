"""Where a P6 export's fields are: the field-name row found wherever the
columns stand (extra columns ignored), the row of labels PMCS may write
under it, the finishes it gives, and its links from a TASKPRED sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .errors import DmreportError
from .spreadsheets import Record

PlanKind = Literal["baseline", "forecast"]


def _fail(path: Path, line: int, message: str, fix: str) -> DmreportError:
    return DmreportError(message, path=path, line=line, fix=fix)


#: (field name, label) of the columns every export begins with.
_ACTIVITY = (
    ("task_code", "Activity ID"),
    ("status_code", "Activity Status"),
    ("wbs_id", "WBS Code"),
    ("task_name", "Activity Name"),
    ("pred_list", "(*)Predecessors"),
    ("succ_list", "(*)Successors"),
    ("start_date", "(*)Start"),
)
#: (field name, label) of each column, per kind, as PMCS writes them.
COLUMNS: dict[PlanKind, tuple[tuple[str, str], ...]] = {
    "baseline": (
        *_ACTIVITY,
        ("end_date", "(*)Finish"),
        ("delete_record_flag", "Delete This Row"),
    ),
    "forecast": (
        *_ACTIVITY,
        ("base_end_date", "(*)BL Project Finish"),
        ("act_end_date", "Actual Finish"),
        ("delete_record_flag", "Delete This Row"),
    ),
}

#: The finishes an export may give, in the order a row's planned finish is taken.
FINISHES = ("base_end_date", "end_date", "target_end_date", "act_end_date")
#: Fields a row must fill in.
REQUIRED = ("task_code", "wbs_id", "task_name")
#: Labels PMCS writes under the field names (the second header row).
LABELS = frozenset(label.lower() for columns in COLUMNS.values() for _, label in columns)


class Header(BaseModel):
    """Where an export's fields are: the field-name row, whether a row of
    labels follows it, and each known field's column."""

    model_config = ConfigDict(frozen=True)

    line: int
    labels: bool
    columns: dict[str, int]
    #: The column of a "level" user field (a milestone's level), if any.
    level: int | None = None
    width: int = 0

    @property
    def finishes(self) -> list[str]:
        return [name for name in FINISHES if name in self.columns]


def find_header(path: Path, first: Record, second: Record | None) -> Header:
    """The header of an export: its field names in any order (extra ones
    ignored), then perhaps their labels. A located error if the file names
    no activity id, WBS, name or finish."""
    line, fields = first
    names = [value.strip().lower() for value in fields]
    if "task_code" not in names:
        raise _fail(
            path,
            line,
            "not a P6 export: its first row names no field task_code (the activity id)",
            "export the milestones from Primavera with their field names (task_code, "
            "wbs_id, task_name and a finish) in the first row",
        )
    columns = {name: index for index, name in reversed(list(enumerate(names))) if name}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise _fail(path, line, f"the header names no {', '.join(missing)}",
                    "export the activity id, WBS code and name of every milestone")  # fmt: skip
    if not any(name in columns for name in FINISHES):
        raise _fail(
            path,
            line,
            "the header names no finish (" + ", ".join(FINISHES) + ")",
            "export the milestones with their finish dates",
        )
    labels = (
        second is not None
        and any(value.strip().lower() in LABELS for value in second[1])
        and second[1][columns["task_code"]].strip().lower() in ("activity id", "")
    )
    label_row = second[1] if labels and second is not None else []
    level = next(
        (
            index
            for index, name in enumerate(names)
            if "level" in name
            or (index < len(label_row) and "level" in label_row[index].strip().lower())
        ),
        None,
    )
    return Header(line=line, labels=labels, columns=columns, level=level, width=len(fields))


def kind_of(header: Header) -> PlanKind:
    """A forecast export gives actual finishes or its own baseline beside a
    finish; a baseline export a finish alone."""
    columns = header.columns
    forecast = "act_end_date" in columns or ("base_end_date" in columns and "end_date" in columns)
    return "forecast" if forecast else "baseline"


#: A TASKPRED sheet's fields: the successor, its predecessor, the kind of
#: link (PR_FS, PR_SS, ...) and the lag in hours.
LINK_FIELDS = ("task_id", "pred_task_id", "pred_type", "lag_hr_cnt")


def task_sheet(sheets: list[tuple[str, list[Record]]]) -> tuple[str, list[Record]] | None:
    """A workbook's activities: the sheet named TASK, else the first whose
    first row names task_code."""
    named = [sheet for sheet in sheets if sheet[0].strip().upper() == "TASK"]
    headed = [sheet for sheet in sheets if sheet[1] and _names(sheet[1][0]) >= {"task_code"}]
    found = named or headed
    return found[0] if found else None


def links_sheet(sheets: list[tuple[str, list[Record]]]) -> tuple[str, list[Record]] | None:
    """A workbook's links: the sheet named TASKPRED, else one whose first
    row names pred_task_id."""
    for sheet in sheets:
        if sheet[0].strip().upper() == "TASKPRED" or (
            sheet[1] and "pred_task_id" in _names(sheet[1][0])
        ):
            return sheet
    return None


def _names(record: Record) -> set[str]:
    return {value.strip().lower() for value in record[1]}


def with_links(
    path: Path, records: list[Record], links: list[Record]
) -> tuple[list[Record], dict[str, int]]:
    """The activities with each one's predecessors and successors from a
    TASKPRED sheet (in ``pred_list`` and ``succ_list``, as an export that
    lists them writes them), and how many links of each type there were."""
    if not links:
        return records, {}
    head = [value.strip().lower() for value in links[0][1]]
    if "task_id" not in head or "pred_task_id" not in head:
        raise _fail(
            path,
            links[0][0],
            "the TASKPRED sheet names no task_id and pred_task_id",
            "export the relationships with their successor (task_id) and predecessor "
            "(pred_task_id) activity ids",
        )
    at = {name: head.index(name) for name in LINK_FIELDS if name in head}
    predecessors: dict[str, list[str]] = {}
    successors: dict[str, list[str]] = {}
    kinds: dict[str, int] = {}
    for _, fields in links[1:]:
        successor = fields[at["task_id"]].strip()
        predecessor = fields[at["pred_task_id"]].strip()
        if not successor or not predecessor or successor.lower() == "activity id":
            continue  # the labels row, a blank link
        predecessors.setdefault(successor, []).append(predecessor)
        successors.setdefault(predecessor, []).append(successor)
        kind = fields[at["pred_type"]].strip() if "pred_type" in at else ""
        kind = kind.removeprefix("PR_") or "FS"
        kinds[kind] = kinds.get(kind, 0) + 1
    names = [value.strip().lower() for value in records[0][1]]
    lists = {"pred_list": predecessors, "succ_list": successors}
    labels = {"pred_list": "(*)Predecessors", "succ_list": "(*)Successors"}
    width = len(names)
    index: dict[str, int] = {}
    for name in lists:  # the columns an export without them gets, at its end
        if name in names:
            index[name] = names.index(name)
        else:
            index[name] = width
            width += 1
    merged: list[Record] = []
    for number, (line, fields) in enumerate(records):
        row = list(fields) + [""] * (width - len(fields))
        activity = row[names.index("task_code")].strip()
        for name, found in lists.items():
            cell = index[name]
            if number == 0:
                row[cell] = row[cell] or name
            elif activity.lower() == "activity id":  # the labels row
                row[cell] = row[cell] or labels[name]
            elif activity in found and not row[cell].strip():
                row[cell] = ", ".join(found[activity])
        merged.append((line, row))
    return merged, kinds
