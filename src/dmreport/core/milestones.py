"""Milestone records as the reports state them, and the dates they use.

No Sphinx here: the importer, the checks and the extension share these.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from .ids import MILESTONE_ID_RE

STATUSES = ("completed", "delayed", "on track", "at risk", "descoped")
DATE_FIELDS = ("due", "completed", "forecast")

_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_US = re.compile(r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})$")


def parse_date(text: str) -> date:
    """A date written as 2020-01-21, 1/31/20 or 01/31/2020."""
    value = text.strip()
    match = _ISO.match(value) or _US.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (write it as YYYY-MM-DD)")
    year = int(match["y"])
    if year < 100:
        year += 2000
    try:
        return date(year, int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None


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
