"""The keys identifier search matches: each reference a page records, as one
canonical string, and the identifier families the search page needs to read
a query the same way (with or without the hyphen, in any case).

``DM-22727``, ``dm22727`` and ``DM 22727`` are ``DM-22727``; ``rtn-011`` and
``RTN-11`` are ``RTN-11``; milestones are upper case (``LDM-503-11A``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..core.ids import JIRA_PROJECTS, MILESTONE, SERIES_BY_PREFIX
from ..ext.records import Reference

#: The Pagefind filters that hold a page's identifiers begin with this name.
ID_FILTER = "id"
#: Reference kinds that are identifiers (citations are keys of works).
KINDS = ("ticket", "document", "milestone")
_NUMBERED = re.compile(r"(?P<prefix>[A-Z]+)[-_ ]?0*(?P<number>\d+)")
_MILESTONE = re.compile(MILESTONE, re.I)


def search_key(text: str) -> str | None:
    """The canonical key of an identifier written any way, or None for a
    word that is no identifier of the registry."""
    if _MILESTONE.fullmatch(text):
        return text.upper()
    match = _NUMBERED.fullmatch(text.upper())
    if match and (match["prefix"] in JIRA_PROJECTS or match["prefix"] in SERIES_BY_PREFIX):
        return f"{match['prefix']}-{match['number']}"
    return None


def id_filter(key: str) -> str:
    """The Pagefind filter holding ``key``: one per family (``id DM``,
    ``id LDM``, ``id milestone``), so that a query loads only its families'
    lists of pages, not every identifier of every year."""
    family = "milestone" if _MILESTONE.fullmatch(key) else key.split("-", 1)[0]
    return f"{ID_FILTER} {family}"


def page_keys(refs: Iterable[Reference]) -> list[str]:
    """The keys of the identifiers a page cites, sorted, each once."""
    keys = {search_key(ref.key) for ref in refs if ref.kind in KINDS}
    return sorted(key for key in keys if key)


def page_filters(refs: Iterable[Reference]) -> list[tuple[str, str]]:
    """The identifiers a page cites as (filter, key), sorted by key."""
    return [(id_filter(key), key) for key in page_keys(refs)]


def families() -> dict[str, object]:
    """What the search page reads a query with (``dmreport-search.js``)."""
    return {
        "filter": ID_FILTER,
        "prefixes": sorted({*JIRA_PROJECTS, *SERIES_BY_PREFIX}),
        "milestone": MILESTONE,
    }
