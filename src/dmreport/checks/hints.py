""" "Did you mean ...?": the nearest known name to a mistyped one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

#: How alike two names must be (difflib's ratio) to be offered.
CUTOFF = 0.6


def nearest(word: str, known: Iterable[str], cutoff: float = CUTOFF) -> str | None:
    """The known name most like ``word`` (case aside), None if none is near."""
    by_fold: dict[str, str] = {}
    for name in known:
        by_fold.setdefault(name.casefold(), name)
    found = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=cutoff)
    return by_fold[found[0]] if found and by_fold[found[0]] != word else None


def did_you_mean(word: str, known: Iterable[str], shown: str = "{}") -> str:
    """``"; did you mean X?"`` for the nearest known name, else ``""``;
    ``shown`` formats the name (``"{{{}}}"`` for a role)."""
    found = nearest(word, known)
    return f"; did you mean {shown.format(found)}?" if found else ""
