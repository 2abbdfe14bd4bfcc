"""The one error type users see: a located message, never a traceback."""

from __future__ import annotations

from pathlib import Path


class DmreportError(Exception):
    """A problem the user can fix, with where it is and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.fix = fix
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.fix:
            text += f" ({self.fix})"
        return text
