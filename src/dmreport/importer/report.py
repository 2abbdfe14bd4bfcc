"""What an import did, for the command line: the result of one month, the
structure it found and where each kind went, and the batch table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .blocks import Dropped, Picture
from .convert import Found
from .shape import Note, Replaced


@dataclass(frozen=True)
class Tally:
    """One kind of structure: how many the source had and where they went."""

    kind: str
    found: int
    where: dict[str, int]  # page file -> how many written there
    note: str = ""  # why the two counts differ

    def describe(self) -> str:
        pages = ", ".join(f"{page} {count}" for page, count in self.where.items() if count)
        note = f"; {self.note}" if self.note else ""
        written = sum(self.where.values())
        return f"{self.kind}: {self.found} found, {written} written{note} ({pages or '-'})"


@dataclass
class ImportResult:
    """One imported (or refused) month."""

    month: str
    directory: Path
    source: Path
    pages: list[str] = field(default_factory=list)
    #: What the conversion met: references, links, milestones no record defines.
    found: Found = field(default_factory=Found)
    #: Milestones the pages name or the month's records define.
    milestones: set[str] = field(default_factory=set)
    healed: list[tuple[int, int]] = field(default_factory=list)
    #: Words of the source (headers, footers and the title block aside), and kept.
    total_words: int = 0
    words: int = 0
    dropped: list[Dropped] = field(default_factory=list)
    replaced: list[Replaced] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    structure: list[Tally] = field(default_factory=list)
    #: A source line's location for messages ("12" or "12 (page 3)").
    where: Callable[[int], str] = str
    error: str = ""
    #: The pictures written into the month's ``_images/``.
    pictures: list[Picture] = field(default_factory=list)
    #: Lines of the cover (or preface) kept on the landing page.
    cover_lines: int = 0
    #: ``summary-only``, ``partial`` or ``full``.
    completeness: str = ""

    @property
    def references(self) -> Counter[str]:
        """How many references of each kind the pages make."""
        return self.found.references

    @property
    def tickets(self) -> set[str]:
        """Distinct tickets the pages cite."""
        return self.found.tickets

    @property
    def documents(self) -> set[str]:
        """Distinct documents the pages cite."""
        return self.found.documents

    @property
    def citations(self) -> set[str]:
        """Bibliography keys the pages cite."""
        return self.found.citations

    @property
    def unresolved(self) -> list[tuple[int, str]]:
        """Links whose target was lost and is not in data/links.yaml: (line, text)."""
        return self.found.unresolved

    @property
    def kept_targets(self) -> list[tuple[int, str]]:
        """Links on an id kept after its role: (line, target)."""
        return self.found.kept_targets

    @property
    def listed(self) -> list[str]:
        """Milestones no record or plan defines, added to data/milestones.yaml."""
        return sorted(self.found.unknown_milestones)

    @property
    def kept_as_found(self) -> int:
        """Blocks kept where they stood under a heading the import does not know."""
        return sum(1 for note in self.notes if note.message.startswith("kept as found"))

    @property
    def kept_percent(self) -> float:
        return 100.0 * self.words / self.total_words if self.total_words else 100.0

    @property
    def warnings(self) -> list[str]:
        """Decisions the editor should look at, located."""
        found = [f"{self.source}:{self.where(n.line)}: {n.message}" for n in self.notes]
        found += [
            f"{self.source}:{self.where(line)}: link on an id kept after its role: {url}"
            for line, url in self.kept_targets
        ]
        return found

    def details(self) -> list[str]:
        """The full report of one month, line by line."""
        out = [
            f"Imported {self.source} as {self.directory} ({self.words} words kept)",
            f"Pages written ({len(self.pages)}): {', '.join(self.pages)}",
            f"Completeness: {self.completeness}; cover lines kept on the landing page: "
            f"{self.cover_lines}; kept as found: {self.kept_as_found}",
        ]
        if self.pictures:
            names = ", ".join(picture.path for picture in self.pictures)
            out.append(f"Pictures written ({len(self.pictures)}): {names}")
        kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(self.references.items()))
        out.append(f"References found: {kinds or 'none'}")
        out.append(
            f"  {len(self.tickets)} distinct tickets, {len(self.documents)} documents"
            f" ({', '.join(sorted(self.documents)) or '-'}),"
            f" {len(self.citations)} citations, {len(self.milestones)} milestones"
        )
        out.append("Structure found and written:")
        out += [f"  {tally.describe()}" for tally in self.structure]
        if self.healed:
            lines = ", ".join(f"{a}+{b}" for a, b in self.healed)
            out.append(f"Page breaks healed ({len(self.healed)}): lines {lines}")
        if self.dropped:
            out.append(
                f"Lines dropped as running headers, footers and page numbers ({len(self.dropped)}):"
            )
            out += [
                f"  {self.source}:{self.where(d.line)}: {d.reason}: {d.text}" for d in self.dropped
            ]
        if self.replaced:
            out.append(f"Lines the site's layout writes differently ({len(self.replaced)}):")
            out += [
                f"  {self.source}:{self.where(r.line)}: {r.reason}: {r.text!r}"
                + (f" -> {r.becomes!r}" if r.becomes else "")
                for r in self.replaced
            ]
        if self.warnings:
            out.append(f"Warnings ({len(self.warnings)}):")
            out += [f"  {warning}" for warning in self.warnings]
        if self.unresolved:
            out.append(f"Links left unresolved ({len(self.unresolved)}), kept as text:")
            out += [
                f"  {self.source}:{self.where(line)}: [{text}](#)" for line, text in self.unresolved
            ]
            out.append("  (add public targets to data/links.yaml and re-import with --force)")
        return out


HEADER = (
    "Month",
    "Words kept",
    "Completeness",
    "Cover lines",
    "Kept as found",
    "Pictures",
    "References",
    "Plain-text links",
    "Dropped lines",
    "Warnings",
    "Source",
)


def table_row(result: ImportResult) -> tuple[str, ...]:
    """One month as a row of the batch table."""
    if result.error:
        return (result.month or "?", "FAILED", *("-" * (len(HEADER) - 3)), str(result.source))
    references = ", ".join(f"{n} {kind}" for kind, n in sorted(result.references.items())) or "-"
    return (
        result.month,
        f"{result.kept_percent:.1f}%",
        result.completeness,
        str(result.cover_lines),
        str(result.kept_as_found),
        str(len(result.pictures)),
        references,
        str(len(result.unresolved)),
        str(len(result.dropped)),
        str(len(result.warnings)),
        str(result.source),
    )


def table(results: list[ImportResult]) -> list[str]:
    """The batch table, one row per month, columns aligned."""
    rows = [HEADER, *(table_row(result) for result in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return [line.rstrip() for line in lines]
