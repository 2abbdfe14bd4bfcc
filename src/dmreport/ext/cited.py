"""On a month page, a ticket or document keeps its link (Jira, the
document's URL); its first mention on the page adds a small "N mo" link to
its row of the reference index, titled "cited in N months" (HTML only: the
PDF keeps the prose as written).

The count depends on every month, so ``env-updated`` names the month pages
whose keys' counts changed, and an incremental build rewrites them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..core.ids import document_of_url, month_of, ticket_of_url
from .aggregates.base import link
from .aggregates.references import key_anchor
from .domain import ReportDomain, get_domain
from .records import ReferenceKind
from .state import get_state

#: The reference index of each kind a month page links to.
INDEXES: dict[ReferenceKind, str] = {"ticket": "tickets", "document": "documents"}


def _index_pages(domain: ReportDomain) -> dict[ReferenceKind, str]:
    """The page of each kind's reference index (when the site has it)."""
    found: dict[ReferenceKind, str] = {}
    for docname, kind in sorted(domain.aggregates.items()):
        for ref_kind, what in INDEXES.items():
            if kind == f"reference-index:{what}":
                found.setdefault(ref_kind, docname)
    return found


def _key(uri: str, template: str) -> tuple[ReferenceKind, str] | None:
    if ticket := ticket_of_url(uri, template):
        return "ticket", ticket
    if document := document_of_url(uri):
        return "document", document
    return None


class CitedInMonths(SphinxPostTransform):
    """After a key's first link on a month page, a link to its index row."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        docname = self.env.docname
        if month_of(docname) is None:
            return
        domain = get_domain(self.app)
        pages = _index_pages(domain)
        cited = domain.cited_months()
        template = get_state(self.app).settings.jira_uri_template
        seen: set[tuple[ReferenceKind, str]] = set()
        for node in list(self.document.findall(nodes.reference)):
            found = _key(node.get("refuri", ""), template)
            if found is None or found in seen or found[0] not in pages:
                continue
            seen.add(found)
            count = len(cited.get(found, []))
            target = link(self.app, docname, pages[found[0]], f"{count} mo", key_anchor(found[1]))
            months = f"{count} month{'s' if count != 1 else ''}"
            target["reftitle"] = f"{found[1]}: cited in {months}"
            classes = ["dmreport-cited", "dmreport-html-only"]
            mark = nodes.superscript("", "", target, classes=classes)
            parent = node.parent
            parent.insert(parent.index(node) + 1, mark)


def _counts(domain: ReportDomain) -> dict[str, str]:
    """For each month page, a digest of the counts its links show."""
    cited = domain.cited_months()
    found: dict[str, str] = {}
    for docname, refs in domain.refs.items():
        if month_of(docname) is None:
            continue
        shown = sorted({(r.kind, r.key) for r in refs if r.kind in INDEXES})
        counts = [(kind, key, len(cited.get((kind, key), []))) for kind, key in shown]
        found[docname] = hashlib.sha256(repr(counts).encode()).hexdigest()
    return found


def counts_changed(app: Sphinx, env: BuildEnvironment) -> Iterable[str]:
    """``env-updated``: the month pages whose links' counts changed."""
    domain = get_domain(app)
    current = _counts(domain)
    previous: dict[str, str] = domain.data.setdefault("cited", {})
    domain.data["cited"] = current
    changed = (d for d, digest in current.items() if previous.get(d) != digest)
    return sorted(d for d in changed if d in env.all_docs)


def setup_cited(app: Sphinx) -> None:
    app.add_post_transform(CitedInMonths)
    app.connect("env-updated", counts_changed)
