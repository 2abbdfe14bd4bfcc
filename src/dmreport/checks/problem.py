"""One problem of a report page, as ``dmreport check`` prints it."""

from __future__ import annotations

from dataclasses import dataclass

from .codes import Code


@dataclass(frozen=True, order=True)
class Problem:
    """One problem, ruff style: ``path:line:col: CODE message``; problems
    sort by path, line, column, code and message."""

    path: str
    line: int
    col: int
    code: Code
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code.value} {self.message}"

    def github(self) -> str:
        """A GitHub Actions annotation."""
        return (
            f"::error file={self.path},line={self.line},col={self.col},"
            f"title={self.code.value}::{self.message}"
        )
