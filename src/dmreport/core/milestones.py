"""Milestone records as the reports state them.

No Sphinx here: the importer, the checks and the extension share these.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from .dates import parse_date
from .ids import MILESTONE_ID_RE

STATUSES = ("completed", "delayed", "on track", "at risk", "descoped")
DATE_FIELDS = ("due", "completed", "forecast")


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
