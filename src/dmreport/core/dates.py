"""Every form of a date the project reads or writes, declared once: ISO
(``2020-01-31``), US (``1/31/2020``, ``1/31/20``), PMCS's (``11/30/2018
5:00:00 PM``), a month's key (``2020-01``) and its names ("January 2020",
"31-Jan-2020" in running text), with the helpers that parse and write them.

The importer, the checks, the plan and the extension read these; no other
module compiles a date pattern or lists the months' names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: An ISO date as the site writes it: ``2020-01-31``.
ISO_DATE = r"\d{4}-\d{2}-\d{2}"


def month_key(year: int, number: int) -> str:
    """A month as folders and front matter write it: ``2020-01``."""
    return f"{year:04d}-{number:02d}"


def _real_date(value: str, year: int, match: re.Match[str]) -> date:
    try:
        return date(year, int(match["m"]), int(match["d"]))
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a real date: {exc}") from None


# -- a milestone record's dates ------------------------------------------------

#: Month and day as a US date writes them: ``1/31/``.
_US_MONTH_DAY = r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/"
_RECORD_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_RECORD_US = re.compile(rf"^{_US_MONTH_DAY}(?P<y>\d{{2}}|\d{{4}})$")


def parse_date(text: str) -> date:
    """A date written as 2020-01-21, 1/31/20 or 01/31/2020."""
    value = text.strip()
    match = _RECORD_ISO.match(value) or _RECORD_US.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date (write it as YYYY-MM-DD)")
    year = int(match["y"])
    if year < 100:
        year += 2000
    return _real_date(value, year, match)


# -- PMCS exports' dates ---------------------------------------------------------

_PMCS_DATE = re.compile(
    rf"^{_US_MONTH_DAY}(?P<y>\d{{4}})"
    r"(?: (?P<h>\d{1,2}):(?P<min>\d{2})(?::\d{2})? (?P<ampm>AM|PM))?$"
)
_PMCS_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def parse_plan_date(text: str) -> date:
    """A date as PMCS writes it: ``11/30/2018 5:00:00 PM`` or ``11/1/2017``
    (ISO ``2018-11-30`` too); the time of day is dropped."""
    value = text.strip()
    match = _PMCS_DATE.match(value) or _PMCS_ISO.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a date as PMCS writes it (M/D/YYYY h:mm:ss AM)")
    return _real_date(value, int(match["y"]), match)


def plan_date_text(value: date) -> str:
    """A date, or date and time, as PMCS writes it in a CSV export."""
    text = f"{value.month}/{value.day}/{value.year}"
    if isinstance(value, datetime) and value.time() != time(0):
        hour = value.hour % 12 or 12
        noon = "AM" if value.hour < 12 else "PM"
        text += f" {hour}:{value.minute:02d}:{value.second:02d} {noon}"
    return text


# -- dates and months in running text (the importer) ----------------------------

#: A month's name, in full or abbreviated (``Sept.``, ``Jan``).
_MONTH_NAME = (
    r"(?P<name>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
    r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
#: Dates as reports write them, day first so that a day is never read as a month.
_DATE_FORMS = (
    rf"{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}",  # January 31, 2020
    rf"{_DAY}(?:\s+|-){_MONTH_NAME}(?:,?\s+|-){_YEAR}",  # 31 January 2020, 31-Jan-2020
    rf"{_YEAR}-(?P<month>0?[1-9]|1[0-2])-{_DAY}",  # 2020-01-31
    rf"(?P<month>0?[1-9]|1[0-2])/{_DAY}/(?P<year2>\d{{4}}|\d{{2}})",  # 1/31/20
)
_MONTH_FORMS = (
    rf"{_MONTH_NAME},?\s+{_YEAR}",  # January 2020, Jan. 2020, January, 2020
    rf"{_YEAR},?\s+{_MONTH_NAME}",  # 2020 January
    rf"{_YEAR}[-/](?P<month>0[1-9]|1[0-2])",  # 2020-01
    rf"(?P<month>0?[1-9]|1[0-2])/{_YEAR}",  # 01/2020
)
_EDGE_DATE_BEFORE = r"(?<![\w/-])"
_EDGE_DATE_AFTER = r"(?![\w/-])"
DATE_RES = tuple(
    re.compile(_EDGE_DATE_BEFORE + form + _EDGE_DATE_AFTER, re.I) for form in _DATE_FORMS
)
MONTH_IN_TEXT_RES = tuple(
    re.compile(_EDGE_DATE_BEFORE + form + _EDGE_DATE_AFTER, re.I) for form in _MONTH_FORMS
)


def _month_number(match: re.Match[str]) -> int:
    groups = match.groupdict()
    if groups.get("name"):
        prefix = groups["name"][:3].lower()
        return next(i for i, name in enumerate(MONTH_NAMES, 1) if name.lower().startswith(prefix))
    return int(groups["month"])


def _year(match: re.Match[str]) -> int:
    groups = match.groupdict()
    year = groups.get("year") or groups.get("year2") or ""
    return int(year) + (2000 if len(year) == 2 else 0)


@dataclass(frozen=True)
class DateFound:
    """A date or month found in text: ``YYYY-MM``, the day if written, the span."""

    month: str
    day: int | None
    start: int
    end: int


def dates_in(text: str) -> list[DateFound]:
    """Every date (with a day) and month (without one) written in ``text``,
    in order; a month that is part of a date is not listed twice."""
    found: list[DateFound] = []
    taken: list[tuple[int, int]] = []
    for patterns, with_day in ((DATE_RES, True), (MONTH_IN_TEXT_RES, False)):
        for pattern in patterns:
            for match in pattern.finditer(text):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                month = month_key(_year(match), _month_number(match))
                day = int(match["day"]) if with_day else None
                found.append(DateFound(month, day, match.start(), match.end()))
                taken.append(match.span())
    return sorted(found, key=lambda date_found: date_found.start)
