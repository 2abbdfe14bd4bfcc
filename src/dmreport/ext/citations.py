"""Author-year citations with one References section per page.

sphinxcontrib-bibtex keeps one global set of citations, so the same work
cited on two pages, each with its own References, is a duplicate. Writers
cite plain keys ({cite:alp}`holman2018`); these subclasses give every key a
prefix made from the page's name, in the roles and in the page's
bibliography alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator
from sphinxcontrib.bibtex import env_updated as bibtex_env_updated
from sphinxcontrib.bibtex.directives import BibliographyDirective, BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain, Citation, get_docnames
from sphinxcontrib.bibtex.roles import CiteRole

from ..core.ids import CITE_ROLE
from ..core.registry import CITATIONS_FILE
from .state import get_state, note_data

logger = logging.getLogger(__name__)
_TARGET_KEY = re.compile(r"(?P<pre>(?:^|,)\s*(?:\{[^{}]+\})?\s*)(?P<key>[^{}\s,]+)")


#: sphinxcontrib-bibtex's own order of the site's pages (an untyped function).
_ordered_docnames = cast(Callable[[BuildEnvironment], Iterator[str]], get_docnames)


def page_keyprefix(docname: str) -> str:
    """The key prefix of citations made on ``docname``."""
    return docname.replace("/", "-") + "-"


class PageCiteRole(CiteRole):
    """A ``cite`` role whose keys belong to the citing page."""

    def create_xref_node(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        prefix = page_keyprefix(self.env.docname)
        known = get_state(self.env.app).citation_labels
        note_data(self.env, CITATIONS_FILE)
        # A key the bibliography lacks keeps the name the writer typed, so
        # that sphinxcontrib-bibtex's warning names it (the checks do too).
        self.target = _TARGET_KEY.sub(
            lambda m: m["pre"] + (prefix if m["key"] in known else "") + m["key"], self.target
        )
        return super().create_xref_node()


class PageBibliographyDirective(BibliographyDirective):
    """A ``bibliography`` listing the works cited on its own page."""

    def run(self) -> Sequence[nodes.Node]:
        self.options.setdefault("keyprefix", page_keyprefix(self.env.docname))
        self.options.setdefault("filter", "docname in docnames")
        return super().run()


def _cache_pybtex_plugins() -> None:
    """pybtex looks its plugins up in the installed packages' entry points on
    every call, and sphinxcontrib-bibtex calls it several times for each
    bibliography: a second per 50 bibliographies. The answer never changes
    within a process, so remember it (where pybtex and its styles look)."""
    import pybtex.plugin
    import pybtex.style.formatting

    if not hasattr(pybtex.plugin.find_plugin, "cache_info"):
        cached = functools.lru_cache(maxsize=None)(pybtex.plugin.find_plugin)
        pybtex.plugin.find_plugin = cached
        setattr(pybtex.style.formatting, "find_plugin", cached)  # noqa: B010 (untyped module)


def format_bibliographies(app: Sphinx, docnames: set[str]) -> None:
    """Format the bibliographies of ``docnames`` alone, just read again
    outside a whole update (the preview's saved page)."""
    state = get_state(app)
    state.changed = set(docnames)
    _format_changed_bibliographies(app, app.env)


def _format_changed_bibliographies(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``, in place of sphinxcontrib-bibtex's own handler, which
    formats every bibliography of the site on every build (seconds at a few
    hundred pages). Keys are prefixed per page, so bibliographies are
    independent: format those of the pages read this build, keep the rest."""
    domain = env.get_domain("cite")
    if not isinstance(domain, PageBibtexDomain):  # pragma: no cover - set up below
        raise TypeError("sphinxcontrib-bibtex's domain is not the page's")
    domain.formatted = {}
    try:
        return _format(domain, env, get_state(app).changed)
    finally:
        domain.formatted = None


def _format(domain: PageBibtexDomain, env: BuildEnvironment, changed: set[str]) -> list[str]:
    """Every bibliography on a first build (sphinxcontrib-bibtex's own pass,
    with its duplicate checks); else those of the ``changed`` pages."""
    if not domain.citations:
        return list(domain.env_updated())
    docnames = list(_ordered_docnames(env))
    kept = [
        citation
        for citation in domain.citations
        if citation.bibliography_key.docname not in changed
        and citation.bibliography_key in domain.bibliographies
    ]
    domain.citations.clear()
    domain.citations.extend(kept)
    for key, bibliography in domain.bibliographies.items():
        if key.docname not in changed:
            continue
        for entry, formatted, tooltip in domain.get_formatted_entries(
            key, docnames, env.config.bibtex_tooltips, env.config.bibtex_tooltips_style
        ):
            full_key = bibliography.keyprefix + formatted.key
            domain.citations.append(
                Citation(
                    citation_id=bibliography.citation_nodes[full_key]["ids"][0],
                    bibliography_key=key,
                    key=full_key,
                    entry=entry,
                    formatted_entry=formatted,
                    tooltip_entry=tooltip,
                )
            )
    return []


class PageBibtexDomain(BibtexDomain):
    """sphinxcontrib-bibtex's domain, formatting each list of works once per
    update: pages citing the same works in the same style get the same
    entries (keys are prefixed outside them), and pybtex takes milliseconds
    an entry. A list whose formatting warned is not kept, so that each
    bibliography holding it warns."""

    #: The formatted lists of this update, by style, label prefix, tooltips
    #: and works; None outside an update.
    formatted: dict[tuple[object, ...], list[Any]] | None = None

    def get_formatted_entries(
        self,
        bibliography_key: BibliographyKey,
        docnames: list[str],
        tooltips: bool,
        tooltips_style: str,
    ) -> Iterable[Any]:
        made = super().get_formatted_entries
        if self.formatted is None:
            return made(bibliography_key, docnames, tooltips, tooltips_style)
        bibliography = self.bibliographies[bibliography_key]
        works = tuple(e.key for _, e in self.get_sorted_entries(bibliography_key, docnames))
        signature = (bibliography.style, bibliography.labelprefix, tooltips, tooltips_style, works)
        if signature in self.formatted:
            return self.formatted[signature]
        collector = logging.LogCollector()
        with collector.collect():
            formatted = list(made(bibliography_key, docnames, tooltips, tooltips_style))
        for record in collector.logs:
            logger.handle(record)
        if not collector.logs:
            self.formatted[signature] = formatted
        return formatted


def _visit_citation(self: HTML5Translator, node: nodes.citation) -> None:
    """docutils marks each entry of a citation list with the deprecated
    ``doc-biblioentry`` role, which a ``role="list"`` may not hold; a list
    item is what it is."""
    HTML5Translator.visit_citation(self, node)
    self.body[-1] = self.body[-1].replace('role="doc-biblioentry"', 'role="listitem"')


def _depart_citation(self: HTML5Translator, node: nodes.citation) -> None:
    HTML5Translator.depart_citation(self, node)


def setup_citations(app: Sphinx) -> None:
    _cache_pybtex_plugins()
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_domain(PageBibtexDomain, override=True)
    listeners = app.events.listeners["env-updated"]
    listeners[:] = [
        listener for listener in listeners if listener.handler is not bibtex_env_updated
    ]
    app.connect("env-updated", _format_changed_bibliographies)
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.add_role(CITE_ROLE, PageCiteRole(), override=True)
    for name in BibtexDomain._role_names:  # the forms reports may use (CITE_FORMS) among them
        app.add_role_to_domain(CITE_ROLE, name, PageCiteRole(), override=True)
    app.add_directive("bibliography", PageBibliographyDirective, override=True)
