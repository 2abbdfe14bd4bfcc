"""Every identifier the reports use, declared once: WBS codes, Jira
projects, document series with their URL forms, the roles a report may use,
milestone codes, and report months (named with :mod:`.dates`).

The roles, the page checks, the importer and the reference indexes all read
these; no other module spells a series, a role a report may use or a month
key's pattern.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Literal

from .dates import MONTH_NAMES, month_key
from .errors import DmreportError

#: WBS codes of Data Management, the one place they are spelled: an
#: element of the registry (``1.02C.04``), a sub-element heading of a page
#: (``02C.04.03``), and the looser forms archived reports wrote
#: (``1.02C.4``, ``02C.04.3``) that the importer reads.
WBS_CODE = re.compile(r"^1\.02C(\.\d{2})+$")
SUB_ELEMENT = re.compile(r"^(?P<code>02C(?:\.\d{2})+)\b")
WBS_CODE_WRITTEN = r"(?:1\.)?02C(?:\.\d{1,2})+"
#: The WBS element of the whole of Data Management; its milestones are "DM's".
DM_WBS = "1.02C"


def in_dm(wbs: str | None) -> bool:
    """Whether a WBS code is Data Management's: 1.02C or below it."""
    return wbs is not None and (wbs == DM_WBS or wbs.startswith(DM_WBS + "."))


def element_of(wbs: str) -> str:
    """The element of DM (``1.02C.08``) a DM WBS code falls in
    (``1.02C.08.03.01``; ``1.02C`` itself stays); another code as it is."""
    return ".".join(wbs.split(".")[:3]) if in_dm(wbs) else wbs


#: Jira projects whose tickets the reports cite.
JIRA_PROJECTS = ("DM", "RFC", "PREOPS", "SITCOM")
#: The Jira URL a ticket links to unless ``conf.py`` says otherwise.
DEFAULT_JIRA_URI = "https://rubinobs.atlassian.net/browse/{ticket}"
#: Older Jira hosts whose ticket URLs an export may hold.
LEGACY_JIRA_HOSTS = ("jira.lsstcorp.org", "rubinobs.atlassian.net")

Host = Literal["docushare", "lsstio"]


@dataclass(frozen=True)
class DocumentSeries:
    """One series of Rubin documents and where its handles resolve."""

    prefix: str  # "LDM"
    host: Host  # ls.st short links (DocuShare) or lsst.io technotes
    name: str

    @property
    def role(self) -> str:
        """The MyST role that cites it (``{ldm}`294```)."""
        return self.prefix.lower()

    def url(self, number: str) -> str:
        """The canonical URL of ``PREFIX-number``."""
        if self.host == "docushare":
            return f"https://ls.st/{self.role}-{number}"
        return f"https://{self.role}-{number}.lsst.io/"


DOCUMENT_SERIES: tuple[DocumentSeries, ...] = (
    DocumentSeries("LDM", "docushare", "LSST Data Management"),
    DocumentSeries("LSE", "docushare", "LSST Systems Engineering"),
    DocumentSeries("LPM", "docushare", "LSST Project Management"),
    DocumentSeries("LTS", "docushare", "LSST Telescope & Site"),
    DocumentSeries("LEP", "docushare", "LSST Education & Public Outreach"),
    DocumentSeries("LCA", "docushare", "LSST Camera"),
    DocumentSeries("LCR", "docushare", "LSST Change Request"),
    DocumentSeries("LCN", "docushare", "LSST Camera Change Notice"),
    DocumentSeries("LSO", "docushare", "LSST Operations"),
    DocumentSeries("DMTR", "docushare", "Data Management Test Report"),
    DocumentSeries("SQR", "lsstio", "SQuaRE Technical Note"),
    DocumentSeries("DMTN", "lsstio", "Data Management Technical Note"),
    DocumentSeries("SMTN", "lsstio", "Simulations Technical Note"),
    DocumentSeries("SITCOMTN", "lsstio", "Commissioning Technical Note"),
    DocumentSeries("PSTN", "lsstio", "Project Science Team Technical Note"),
    DocumentSeries("RTN", "lsstio", "Rubin Technical Note"),
    DocumentSeries("ITTN", "lsstio", "IT Technical Note"),
    DocumentSeries("TSTN", "lsstio", "Telescope & Site Technical Note"),
    DocumentSeries("CTN", "lsstio", "Camera Technical Note"),
)
SERIES_BY_PREFIX = {series.prefix: series for series in DOCUMENT_SERIES}
SERIES_BY_ROLE = {series.role: series for series in DOCUMENT_SERIES}

# -- the roles a report may use: the extension registers them, the checks allow them

#: Roles that cite tickets: one, a bracketed list, a parenthesised list.
JIRA_ROLES = ("jira", "jirab", "jirap")
#: The role that cites a milestone (each document series has its own role too).
MILESTONE_ROLE = "milestone"
#: The role that cites a work, and the forms of its domain a report may use
#: (``cite:alp``); sphinxcontrib-bibtex's other forms are registered too.
CITE_ROLE = "cite"
CITE_FORMS = ("p", "t", "alp", "alt", "ps", "ts", "year", "author", "authors", "label")
#: Sphinx's and docutils' own roles a report may use.
STANDARD_ROLES = ("ref", "doc", "term", "abbr", "sub", "sup", "code", "samp")
#: Every role a report may use.
REPORT_ROLES = frozenset(
    {
        *JIRA_ROLES,
        *SERIES_BY_ROLE,
        MILESTONE_ROLE,
        CITE_ROLE,
        *(f"{CITE_ROLE}:{form}" for form in CITE_FORMS),
        *STANDARD_ROLES,
    }
)


def _alternation(names: tuple[str, ...]) -> str:
    """A regex alternation, longest first (SITCOMTN before SITCOM)."""
    return "|".join(sorted(names, key=len, reverse=True))


_EDGE_BEFORE = r"(?<![\w-])"
_EDGE_AFTER = r"(?![\w-])"

#: A ticket: ``DM-22727``, ``RFC-650``.
TICKET = rf"(?:{_alternation(JIRA_PROJECTS)})-\d+"
#: A document handle with named groups ``prefix`` and ``number``.
DOCUMENT = rf"(?P<prefix>{_alternation(tuple(SERIES_BY_PREFIX))})-(?P<number>\d+)"
#: A milestone code as reports write it: ``DM-DRP-8``, ``DLP-802``,
#: ``IT-725-M``, ``LDM-503-11a``, ``LDM-503-EFDb``.
MILESTONE = r"(?:DM-[A-Z]+-\d+|DLP-\d+|IT-\d+-M|LDM-503-(?:\d+[a-z]?|[A-Z]+[a-z]?))"

#: The three, standing alone in running text.
TICKET_RE = re.compile(_EDGE_BEFORE + TICKET + _EDGE_AFTER)
DOCUMENT_RE = re.compile(_EDGE_BEFORE + DOCUMENT + _EDGE_AFTER)
MILESTONE_RE = re.compile(_EDGE_BEFORE + MILESTONE + _EDGE_AFTER)
#: The shape of any milestone id a record may carry.
MILESTONE_ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+[a-z]?)+$")

#: Full URLs of tickets and documents that an export may hold.
TICKET_URL_RE = re.compile(
    r"https?://(?:" + "|".join(re.escape(h) for h in LEGACY_JIRA_HOSTS) + r")/browse/"
    rf"(?P<ticket>{TICKET}){_EDGE_AFTER}/?"
)
_HANDLE = rf"(?:{_alternation(tuple(SERIES_BY_PREFIX))})-\d+"
DOCUMENT_URL_RE = re.compile(
    rf"https?://(?:ls\.st/(?P<a>{_HANDLE})|(?P<b>{_HANDLE})\.lsst\.io){_EDGE_AFTER}/?", re.I
)


def document_of_url(url: str) -> str | None:
    """The handle a document URL points to (``https://ls.st/LDM-503`` → LDM-503)."""
    match = DOCUMENT_URL_RE.fullmatch(url)
    return (match["a"] or match["b"]).upper() if match else None


def ticket_of_url(url: str, template: str = DEFAULT_JIRA_URI) -> str | None:
    """The ticket a Jira URL points to, on any host the project has used."""
    prefix = template.split("{ticket}")[0]
    if url.startswith(prefix):
        ticket = url[len(prefix) :].rstrip("/")
        return ticket if re.fullmatch(TICKET, ticket) else None
    match = TICKET_URL_RE.fullmatch(url)
    return match["ticket"] if match else None


def document_url(handle: str) -> str:
    """The canonical URL of a handle such as ``LDM-294``."""
    prefix, _, number = handle.upper().partition("-")
    return SERIES_BY_PREFIX[prefix].url(number)


# -- report months -----------------------------------------------------------

#: ``YYYY-MM`` with a real month.
MONTH = r"[0-9]{4}-(?:0[1-9]|1[0-2])"
#: A page of a month: ``reports/2020-01/summary`` (docname or path, any suffix).
MONTH_PAGE_RE = re.compile(rf"^reports/(?P<month>{MONTH})/(?P<stem>[a-z0-9-]+)(?P<suffix>\.md)?$")


def parse_month(text: str) -> str:
    """Validate a month written as ``YYYY-MM``."""
    if not re.fullmatch(MONTH, text):
        raise DmreportError(
            f"{text!r} is not a month", fix="write the month as YYYY-MM, e.g. 2020-01"
        )
    return text


@dataclass(frozen=True)
class MonthPage:
    """Where a page sits in the archive: its month and file stem."""

    month: str
    stem: str


def month_of(path: str | PurePath) -> MonthPage | None:
    """The month and stem of a report page (docname or path relative to the
    site's root), or None for any other page."""
    match = MONTH_PAGE_RE.match(PurePath(path).as_posix())
    return MonthPage(match["month"], match["stem"]) if match else None


@dataclass(frozen=True, order=True)
class Month:
    """A report month: its year and number (1 to 12), ordered in time; its
    key (``str``) is ``YYYY-MM``, as folders and front matter write it."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 12:
            raise ValueError(f"month number {self.number} is not 1 to 12")

    @classmethod
    def parse(cls, key: str) -> Month:
        """The month of a key ``YYYY-MM`` (:func:`parse_month` validates it)."""
        text = parse_month(key)
        return cls(int(text[:4]), int(text[5:]))

    @classmethod
    def of(cls, day: date) -> Month:
        """The month a day falls in."""
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return month_key(self.year, self.number)

    @property
    def index(self) -> int:
        """Months since January of year 0: the difference of two is the
        number of months between them."""
        return self.year * 12 + self.number - 1

    def shift(self, count: int) -> Month:
        """The month ``count`` months later (earlier when negative)."""
        year, rest = divmod(self.index + count, 12)
        return Month(year, rest + 1)

    @property
    def next(self) -> Month:
        return self.shift(1)

    @property
    def previous(self) -> Month:
        return self.shift(-1)

    @property
    def first_day(self) -> date:
        return date(self.year, self.number, 1)

    @property
    def last_day(self) -> date:
        """The month's last day (the default date of issue of its report)."""
        return date(self.year, self.number, calendar.monthrange(self.year, self.number)[1])

    @property
    def name(self) -> str:
        """``January``."""
        return MONTH_NAMES[self.number - 1]

    @property
    def abbreviation(self) -> str:
        """``Jan``, ``Sep``."""
        return self.name[:3]

    @property
    def title(self) -> str:
        """``January 2020``, as the reports title a month."""
        return f"{self.name} {self.year}"


def month_title(month: str) -> str:
    """``2020-01`` as the reports title it: ``January 2020``."""
    return Month.parse(month).title


# -- identifiers inside running text (the importer) ---------------------------

#: A milestone id of any shape, unanchored (``LDM-503-11a``, ``DM-DRP-8``).
MILESTONE_ID = r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+[a-z]?)+"
#: Any web address in running text (its trailing punctuation not included).
URL_RE = re.compile(r"https?://[^\s<>\"'\[\]()]*[^\s<>\"'\[\]().,;:!?]")
