"""What each PDF is: one per month and one volume per year, with the facts
their front pages show (title, date of issue, status, the original's cover,
change record, the commit their sources come from).

The change record is the report's own: its issue, then each revision the
month's front matter lists (``revisions:``); git gives only the source
commit. Read without Sphinx, so that the build, the benchmark and the tests
name the same documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import yaml

from ..checks.gate import classify
from ..core.git import FolderHistory, folder_histories
from ..core.ids import Month, month_of, month_title

HEADING = re.compile(r"^# (?P<title>.+)$", re.M)
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.S)
AUTHOR = "Rubin Observatory Data Management"
#: The original's cover facts a month's front matter may carry, as the title page names them.
COVER = (
    ("prepared_by", "Prepared by"),
    ("reporting_period", "Reporting period"),
    ("handle", "Document handle"),
    ("distribution", "Distribution"),
    ("completeness", "Completeness"),
)


@dataclass(frozen=True)
class Change:
    """One row of a change record."""

    version: str
    date: str
    description: str


@dataclass(frozen=True)
class MonthInfo:
    """A month's landing page as its PDF names it."""

    month: str  # YYYY-MM
    title: str  # the front matter's title
    label: str  # the page's heading, e.g. "January 2020"
    issued: str  # ISO date of issue
    status: str  # draft or published
    revisions: tuple[Change, ...] = ()  # after issue, from the front matter, oldest first
    cover: tuple[tuple[str, str], ...] = ()  # (name, value) of the original's cover facts
    original: str = ""  # where the original lives, for an imported month

    @property
    def start(self) -> str:
        return f"reports/{self.month}/index"

    @property
    def handle(self) -> str:
        return dict(self.cover).get("Document handle", "")

    @property
    def changes(self) -> tuple[Change, ...]:
        """The issue, then each revision."""
        if self.status != "published":
            return (Change("1.0", self.issued, "Draft, not yet issued"), *self.revisions)
        issue = "Issued"
        if self.original:
            issue += f" {self.issued}; imported from the archived report ({self.original})"
        return (Change("1.0", self.issued, issue), *self.revisions)


@dataclass(frozen=True)
class PdfDocument:
    """One PDF: a month's report, or the volume of a year's months."""

    name: str  # YYYY-MM for a month, YYYY for a volume
    title: str
    label: str
    months: tuple[MonthInfo, ...]
    issued: str
    status: str
    changes: tuple[Change, ...]
    source: str  # the last commit that changed the sources, or why there is none
    source_date: str
    epoch: int | None  # SOURCE_DATE_EPOCH: the time of that commit

    @property
    def volume(self) -> bool:
        return len(self.name) == 4

    @property
    def cover(self) -> tuple[tuple[str, str], ...]:
        """The original's cover facts (a month's only)."""
        return () if self.volume else self.months[0].cover

    @property
    def handle(self) -> str:
        return "" if self.volume else self.months[0].handle

    @property
    def start(self) -> str:
        """The docname Sphinx's LaTeX builder starts from."""
        return self.months[0].start

    @property
    def tex(self) -> str:
        return f"dmreport-{self.name}.tex"

    @property
    def pdf(self) -> str:
        return pdf_name(self.name)

    @property
    def site_path(self) -> str:
        """Where the site serves it, from the site's root."""
        folder = "reports" if self.volume else f"reports/{self.name}"
        return f"{folder}/{self.pdf}"


def pdf_name(name: str) -> str:
    """The file of the PDF of a month (YYYY-MM) or of a year's volume (YYYY)."""
    return f"dmreport-{name}.pdf"


def _front_matter(text: str) -> dict[str, Any]:
    match = FRONT_MATTER.match(text)
    data = yaml.safe_load(match["yaml"]) if match else None
    return data if isinstance(data, dict) else {}


def read_months(srcdir: Path) -> list[MonthInfo]:
    """Every month in ``reports/`` that the gate lets through, oldest first."""
    found = []
    pages = classify(srcdir).pages
    for index in sorted((srcdir / "reports").glob("*/index.md")):
        where = month_of(index.relative_to(srcdir))
        if where is None or where.stem != "index" or f"reports/{where.month}/index.md" not in pages:
            continue
        text = index.read_text(encoding="utf-8")
        front = _front_matter(text)
        heading = HEADING.search(text)
        label = heading["title"].strip() if heading else month_title(where.month)
        cover = [(name, str(front[key]).strip()) for key, name in COVER if front.get(key)]
        found.append(
            MonthInfo(
                month=where.month,
                title=str(front.get("title") or f"Data Management Monthly Report: {label}"),
                label=label,
                issued=str(front.get("issued") or Month.parse(where.month).last_day.isoformat()),
                status=str(front.get("status") or "draft"),
                revisions=revisions(front.get("revisions")),
                cover=tuple((n, v) for n, v in cover if (n, v) != ("Completeness", "full")),
                original=str(front.get("original") or ""),
            )
        )
    return found


def revisions(entries: object) -> tuple[Change, ...]:
    """The front matter's ``revisions:`` as rows, oldest first (entries that
    are not a version, a date and a note are left to ``dmreport check``)."""
    rows = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and {"version", "date", "note"} <= set(entry):
            rows.append(Change(str(entry["version"]), str(entry["date"]), str(entry["note"])))
    return tuple(sorted(rows, key=lambda row: row.date))


def volume_record(months: list[MonthInfo]) -> tuple[Change, ...]:
    """A volume's change record: its months' issues and revisions, by date."""
    rows = [
        Change(change.version, change.date, f"{month.label}: {change.description}")
        for month in months
        for change in month.changes
    ]
    return tuple(sorted(rows, key=lambda row: row.date))


def _merged(histories: list[FolderHistory]) -> FolderHistory:
    """The history of several folders together (a year's months)."""
    seen = {r.sha: r for history in histories for r in history.revisions}
    ordered = sorted(seen.values(), key=lambda revision: revision.epoch)
    return FolderHistory(tuple(ordered), any(h.uncommitted for h in histories))


def _document(
    name: str, title: str, label: str, months: list[MonthInfo], history: FolderHistory
) -> PdfDocument:
    latest = history.revisions[-1] if history.revisions else None
    source = latest.sha[:12] if latest else "not committed"
    if latest and history.uncommitted:
        source += " with changes not yet committed"
    drafts = [m for m in months if m.status != "published"]
    status = "Published" if not drafts else "Draft"
    issued = max(m.issued for m in months)
    changes = volume_record(months) if len(name) == 4 else months[0].changes
    return PdfDocument(
        name=name,
        title=title,
        label=label,
        months=tuple(months),
        issued=issued,
        status=status,
        changes=changes,
        source=source,
        source_date=latest.date if latest else "",
        epoch=latest.epoch if latest else None,
    )


def pdf_documents(srcdir: Path, drafts: bool = False) -> list[PdfDocument]:
    """Every month's PDF, then every year's volume, oldest first. A volume
    holds the months readers of the edition see: the published ones, and the
    drafts too in a preview (``drafts``); a year with none has no volume."""
    months = read_months(srcdir)
    histories = folder_histories(srcdir)
    empty = FolderHistory()
    documents = [
        _document(m.month, m.title, m.label, [m], histories.get(f"reports/{m.month}", empty))
        for m in months
    ]
    for year, grouped in groupby(months, key=lambda m: m.month[:4]):
        members = [m for m in grouped if drafts or m.status == "published"]
        if not members:
            continue
        history = _merged([histories.get(f"reports/{m.month}", empty) for m in members])
        first, last = (Month.parse(m.month).name for m in (members[0], members[-1]))
        span = f"{first} {year}" if first == last else f"{first} to {last} {year}"
        documents.append(
            _document(year, f"Data Management Monthly Reports {year}", span, members, history)
        )
    return documents
