"""Cross-document data of the reports, kept in a Sphinx Domain.

Records are keyed by docname so that ``clear_doc`` and ``merge_domaindata``
keep incremental and parallel builds correct.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from typing import Any, ClassVar

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

MONTH_INDEX = re.compile(r"^reports/(?P<month>\d{4}-\d{2})/index$")


class ReportDomain(Domain):
    """Months of the archive and the pages that show aggregates of them."""

    name = "dmreport"
    label = "DM monthly reports"
    initial_data: ClassVar[dict[str, Any]] = {
        "months": {},  # docname -> {"month", "title", "status"}
        "aggregates": {},  # docname -> True for pages rendered from other pages
    }

    @property
    def months(self) -> dict[str, dict[str, str]]:
        return self.data["months"]

    @property
    def aggregates(self) -> dict[str, bool]:
        return self.data["aggregates"]

    def clear_doc(self, docname: str) -> None:
        self.months.pop(docname, None)
        self.aggregates.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("months", "aggregates"):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def note_month(self, docname: str, metadata: dict[str, Any], title: str) -> None:
        match = MONTH_INDEX.match(docname)
        if match:
            self.months[docname] = {
                "month": match["month"],
                "title": title,
                "status": str(metadata.get("status", "draft")),
            }

    def latest_month(self) -> str | None:
        """The newest month of the archive, as YYYY-MM."""
        months = sorted(record["month"] for record in self.months.values())
        return months[-1] if months else None


def _record(app: Sphinx, doctree: Any) -> None:
    env = app.env
    domain = env.get_domain("dmreport")
    assert isinstance(domain, ReportDomain)
    title = env.titles[env.docname].astext() if env.docname in env.titles else ""
    domain.note_month(env.docname, env.metadata.get(env.docname, {}), title)


def _aggregates(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """Pages built from other pages are rewritten on every build."""
    domain = env.get_domain("dmreport")
    assert isinstance(domain, ReportDomain)
    return sorted(domain.aggregates)


def setup_domain(app: Sphinx) -> None:
    app.add_domain(ReportDomain)
    app.connect("doctree-read", _record)
    app.connect("env-updated", _aggregates)
