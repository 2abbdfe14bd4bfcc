"""The typed records the extension keeps in the environment, one per fact a
page states. Frozen, so that what a page recorded is never changed in place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ReferenceKind = Literal["ticket", "document", "citation", "milestone"]


@dataclass(frozen=True)
class Month:
    """A month's landing page: the month, its title and its status."""

    docname: str
    month: str
    title: str
    status: str


@dataclass(frozen=True)
class WbsPage:
    """One month's page of one WBS element."""

    docname: str
    month: str
    wbs: str
    slug: str
    title: str


@dataclass(frozen=True)
class Reference:
    """One citation of a ticket, document, work or milestone on a page."""

    kind: ReferenceKind
    key: str
    docname: str
    anchor: str
    section: str


@dataclass(frozen=True)
class MilestoneEntry:
    """One milestone record as one page states it; dates are ISO strings."""

    id: str
    title: str
    status: str
    wbs: str | None
    due: str | None
    completed: str | None
    forecast: str | None
    explanation: str
    line: int | None
    anchor: str
    section: str
    #: The report month and page (set when records are read across months).
    month: str = ""
    docname: str = ""
