"""The PDF's References: each work once, sorted, labelled author-year as the
text cites it.

Citations are made per page (:mod:`dmreport.ext.citations` prefixes keys
with the page's name), so in one LaTeX document the same work cited on two
pages is two entries, labelled by the ``alpha`` style. Here the entries of
one work become one, the links to the others are kept as anchors on it, and
the label is the author-year form the text shows ("Holman et al., 2018").
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.builders.latex.nodes import thebibliography
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.directives import BibliographyKey
from sphinxcontrib.bibtex.domain import BibtexDomain
from sphinxcontrib.bibtex.nodes import bibliography as bibliography_node


def _clean(text: str) -> str:
    return text.replace("{", "").replace("}", "")


def author_year(entry: Any) -> str:
    """ "Holman et al., 2018", "Antilogus and Astier, 2014", "Burke, 2018"."""
    people = entry.persons.get("author", []) or entry.persons.get("editor", [])
    names = [_clean(" ".join(person.last_names)) for person in people]
    if len(names) > 2:
        authors = f"{names[0]} et al."
    elif len(names) == 2:
        authors = f"{names[0]} and {names[1]}"
    else:
        authors = names[0] if names else _clean(str(entry.fields.get("title", entry.key)))
    year = str(entry.fields.get("year", "")).strip()
    return f"{authors}, {year}" if year else authors


class FreshCitationNodes(SphinxPostTransform):
    """sphinxcontrib-bibtex fills the citation nodes it keeps in its domain,
    so a page written twice (in its month and in its year's volume) would
    get every entry twice: give each bibliography of the page fresh, empty
    nodes first."""

    default_priority = 4  # before sphinxcontrib-bibtex fills them (5)
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        domain = self.env.get_domain("cite")
        if not isinstance(domain, BibtexDomain):
            return
        for node in self.document.findall(bibliography_node):
            value = domain.bibliographies.get(BibliographyKey(node["docname"], node["ids"][0]))
            if value is None:
                continue
            for key, citation in list(value.citation_nodes.items()):
                attributes = {
                    name: list(v) if isinstance(v, list) else v
                    for name, v in citation.attributes.items()
                }
                value.citation_nodes[key] = nodes.citation(citation.rawsource, **attributes)


class OneEntryPerWork(SphinxPostTransform):
    """Merge, relabel and sort the LaTeX bibliography."""

    default_priority = 760  # after Sphinx gathers the citations (750)
    formats = ("latex",)

    def run(self, **kwargs: object) -> None:
        bibliography = next(iter(self.document.findall(thebibliography)), None)
        domain = self.env.get_domain("cite")
        if bibliography is None or not isinstance(domain, BibtexDomain):
            return
        works = {(c.bibliography_key.docname, c.citation_id): c.entry for c in domain.citations}
        kept: dict[str, nodes.citation] = {}
        for citation in list(bibliography.findall(nodes.citation)):
            entry = works.get((citation.get("docname", ""), citation["ids"][0]))
            if entry is None:
                continue
            key = entry.key
            if key not in kept:
                kept[key] = citation
                label = next(iter(citation.findall(nodes.label)))
                label.replace_self(nodes.label("", author_year(entry)))
                continue
            # The text links to this entry's anchor: keep it, on the first entry.
            anchor = f"cite.{citation['docname']}:{citation['ids'][0]}"
            kept[key].insert(1, nodes.raw("", rf"\hypertarget{{{anchor}}}{{}}", format="latex"))
            citation.parent.remove(citation)
        order = sorted(bibliography.children, key=lambda c: c.astext().lower())
        bibliography.children = []
        bibliography.extend(order)
