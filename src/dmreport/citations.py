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

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator
from sphinxcontrib.bibtex.directives import BibliographyDirective
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.roles import CiteRole

_TARGET_KEY = re.compile(r"(?P<pre>(?:^|,)\s*(?:\{[^{}]+\})?\s*)(?P<key>[^{}\s,]+)")


def page_keyprefix(docname: str) -> str:
    """The key prefix of citations made on ``docname``."""
    return docname.replace("/", "-") + "-"


class PageCiteRole(CiteRole):
    """A ``cite`` role whose keys belong to the citing page."""

    def create_xref_node(self):  # type: ignore[no-untyped-def]
        prefix = page_keyprefix(self.env.docname)
        self.target = _TARGET_KEY.sub(lambda m: m["pre"] + prefix + m["key"], self.target)
        return super().create_xref_node()


class PageBibliographyDirective(BibliographyDirective):
    """A ``bibliography`` listing the works cited on its own page."""

    def run(self):  # type: ignore[no-untyped-def]
        self.options.setdefault("keyprefix", page_keyprefix(self.env.docname))
        self.options.setdefault("filter", "docname in docnames")
        return super().run()


def _cache_pybtex_plugins() -> None:
    """pybtex looks its plugins up in the installed packages' entry points on
    every call, and sphinxcontrib-bibtex calls it for each bibliography on
    every build: a second per 50 bibliographies. The answer never changes
    within a process, so remember it."""
    import pybtex.plugin

    if not hasattr(pybtex.plugin.find_plugin, "cache_info"):
        pybtex.plugin.find_plugin = functools.lru_cache(maxsize=None)(pybtex.plugin.find_plugin)


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
    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.setup_extension("sphinxcontrib.bibtex")
    app.add_role("cite", PageCiteRole(), override=True)
    for name in BibtexDomain._role_names:
        app.add_role_to_domain("cite", name, PageCiteRole(), override=True)
    app.add_directive("bibliography", PageBibliographyDirective, override=True)
