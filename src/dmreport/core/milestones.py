"""Milestone records as the reports state them: the one table of a record's
fields, from which the directive takes its options, the checks the options
they know and the importer the fields it writes; and the record's model.

No Sphinx here: the importer, the checks and the extension share these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from .dates import parse_date
from .ids import MILESTONE_ID_RE

STATUSES = ("completed", "delayed", "on track", "at risk", "descoped")


@dataclass(frozen=True)
class RecordField:
    """One field of a milestone record."""

    name: str
    #: Whether every record gives it.
    required: bool = False
    #: For a date: how a record shows it ("Due"), and its place among the
    #: dates a record shows (1 first).
    label: str = ""
    shown: int = 0


#: A record's fields: its id (the directive's argument), then its options in
#: the order the importer writes them. :class:`Milestone` types them.
RECORD_FIELDS = (
    RecordField("id", required=True),
    RecordField("title", required=True),
    RecordField("status", required=True),
    RecordField("wbs"),
    RecordField("due", label="Due", shown=1),
    RecordField("completed", label="Completed", shown=3),
    RecordField("forecast", label="Forecast", shown=2),
)
#: The directive's options: every field but the id.
RECORD_OPTIONS = tuple(f for f in RECORD_FIELDS if f.name != "id")
OPTION_NAMES = tuple(f.name for f in RECORD_OPTIONS)
#: The fields that hold a date.
DATE_FIELDS = tuple(f.name for f in RECORD_FIELDS if f.label)
#: The dates as a record shows them, in the order it shows them: (field, label).
SHOWN_DATES = tuple(
    (f.name, f.label) for f in sorted(RECORD_FIELDS, key=lambda f: f.shown) if f.label
)


class Milestone(BaseModel):
    """One milestone as one month's report states it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    status: str
    wbs: str | None = None
    due: date | None = None
    completed: date | None = None
    forecast: date | None = None

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not MILESTONE_ID_RE.match(value):
            raise ValueError(f"{value!r} is not a milestone id like DM-DRP-8 or DLP-802")
        return value

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUSES:
            raise ValueError(f"unknown status {value!r}; use one of: {', '.join(STATUSES)}")
        return value

    @field_validator(*DATE_FIELDS, mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return parse_date(value) if isinstance(value, str) and value.strip() else value or None
