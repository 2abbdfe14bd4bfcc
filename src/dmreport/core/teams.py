"""Teams and groups the early reports (2015-2017) and forum posts use in
place of WBS headings ("The AP Team:", "Princeton DRP group", "NCSA"), and
the WBS element each reported on. Kept beside the registry: a name maps to
an element code of ``wbs/elements.yaml``.
"""

from __future__ import annotations

import re

#: Team or group name (folded) -> WBS element code.
_NAMES: dict[str, tuple[str, ...]] = {
    "1.02C.01": ("project management", "management", "project office"),
    "1.02C.02.01": ("dm science", "system science", "sst"),
    "1.02C.02.02": ("architecture", "system architecture", "middleware"),
    "1.02C.03": ("ap", "alert production", "uw", "university of washington"),
    "1.02C.04": ("drp", "data release production", "princeton", "princeton drp"),
    "1.02C.05": ("suit", "science user interface", "ipac", "caltech/ipac", "firefly"),
    "1.02C.06": ("dax", "data access", "qserv", "slac", "slac/qserv", "database"),
    "1.02C.07": ("ncsa", "data facility", "ldf", "processing center", "lsst data facility"),
    "1.02C.08": ("international communications", "base site", "networks"),
    "1.02C.10": ("square", "science quality and reliability engineering"),
}
TEAMS: dict[str, str] = {name: code for code, names in _NAMES.items() for name in names}
#: "The AP Team:", "Princeton DRP group", "SLAC/Qserv", "UW:".
TEAM_LINE = re.compile(
    r"^(?:the\s+)?(?P<name>[A-Za-z][\w/&. -]{0,40}?)(?:\s+(?:team|group)s?)?\s*:?\s*$", re.I
)


def team_element(text: str, named_only: bool = False) -> str | None:
    """The WBS element a team heading reports on, or None. With
    ``named_only``, only a line that says "team" or "group" counts."""
    line = " ".join(text.split())
    match = TEAM_LINE.match(line)
    if match is None or len(line.split()) > 6:
        return None
    said = bool(re.search(r"\b(?:team|group)s?\W*$", line, re.I))
    if named_only and not said:
        return None
    return TEAMS.get(match["name"].strip().casefold())
