"""The standard parts of a WBS page, shared by the importer, the checks and
the collectors."""

from __future__ import annotations

STANDARD_PARTS = ("accomplishments", "plans", "staffing")
PART_TITLES = {
    "accomplishments": "Current accomplishments",
    "plans": "Planned activities",
    "staffing": "Staffing update",
}


def part_of(title: str) -> str | None:
    """Which standard part a section title names ("Middleware accomplishments"
    counts as Current accomplishments), if any."""
    lowered = title.strip().lower()
    if lowered.endswith("accomplishments"):
        return "accomplishments"
    if lowered.startswith("planned") and lowered.endswith("activities"):
        return "plans"
    if lowered.startswith("staffing"):
        return "staffing"
    return None
