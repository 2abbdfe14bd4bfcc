"""The month list by year: one section and table per year, newest first, so
that ten years of months stay easy to scan and each year has an anchor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from docutils import nodes

from ..records import Month

Row = TypeVar("Row")


def year_anchor(year: str) -> str:
    """The month list's anchor of a year."""
    return f"year-{year}"


def by_year(
    months: Sequence[Month], rows: Sequence[Row], table: Callable[[list[Row]], nodes.Node]
) -> list[nodes.Node]:
    """A section per year holding the table of its months' rows (``rows``
    in the order of ``months``, newest first)."""
    groups: dict[str, list[Row]] = {}
    for record, row in zip(months, rows, strict=True):
        groups.setdefault(record.month[:4], []).append(row)
    sections: list[nodes.Node] = []
    for year, year_rows in groups.items():
        section = nodes.section(ids=[year_anchor(year)], names=[year])
        section += nodes.title(text=year)
        section += table(year_rows)
        sections.append(section)
    return sections
