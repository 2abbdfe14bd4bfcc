"""The *Cited in* cell of a reference index: one line per year, newest
first ("2020: Jan · Feb · Mar"), one chip per month. A chip links to the
citing section; its tooltip names the WBS element and the section, its
short code (the element's initials, AP or DRP) shows which."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from ...core.ids import Month, month_of
from ..domain import ReportDomain
from ..records import Reference
from .base import link

#: Words an element's initials leave out (Science User Interface and Tools: SUIT).
SMALL_WORDS = frozenset({"a", "and", "for", "in", "of", "on", "the", "to"})


def initials(title: str) -> str:
    """A short code for a title: the initials of its words, at most four."""
    words = [w for w in re.split(r"[\s\-–/]+", title) if w and w.lower() not in SMALL_WORDS]
    return "".join(word[0].upper() for word in words)[:4] or title[:3]


def _where(app: Sphinx, domain: ReportDomain, ref: Reference) -> tuple[str, str]:
    """The tooltip (element or page, and section) and short code of a citing section."""
    page = domain.pages.get(ref.docname)
    if page is not None:
        name, short = f"{page.wbs} {page.title}", initials(page.title)
    else:
        title = app.env.titles[ref.docname].astext() if ref.docname in app.env.titles else ""
        name, short = title or ref.docname, initials(title or ref.docname.rsplit("/", 1)[-1])
    section = f" › {ref.section}" if ref.section and ref.section != name else ""
    return name + section, short


def _chip(
    app: Sphinx, domain: ReportDomain, here: str, label: str, refs: list[Reference]
) -> nodes.inline:
    """A month's chip: a link per citing page, the first labelled with the month."""
    chip = nodes.inline(classes=["dmreport-chip"])
    for i, ref in enumerate(refs):
        tooltip, short = _where(app, domain, ref)
        target = link(app, here, ref.docname, "", ref.anchor)
        target["reftitle"] = tooltip
        if i == 0 and label:
            target += nodes.Text(label + " ")
        target += nodes.inline(text=short, classes=["dmreport-chip-code"])
        chip += target
    return chip


def _first_per_page(refs: list[Reference]) -> dict[str, Reference]:
    """Each citing page's first citing section, in the order pages cite."""
    first: dict[str, Reference] = {}
    for ref in refs:
        first.setdefault(ref.docname, ref)
    return first


def _line(label: str, chips: list[nodes.Node]) -> nodes.paragraph:
    line = nodes.paragraph(classes=["dmreport-chips"])
    line += nodes.inline(text=f"{label}:", classes=["dmreport-chips-year"])
    for i, chip in enumerate(chips):
        line += nodes.Text(" ")
        if i:
            line += nodes.inline(text="·", classes=["dmreport-chip-sep"])
            line += nodes.Text(" ")
        line += chip
    return line


def cited_in(
    app: Sphinx, domain: ReportDomain, here: str, refs: list[Reference]
) -> list[nodes.Node]:
    """One line per year of the months citing a key (pages of no month last)."""
    years: dict[int, dict[Month, list[Reference]]] = {}
    others: list[Reference] = []
    for docname, ref in _first_per_page(refs).items():
        where = month_of(docname)
        if where is None:
            others.append(ref)
            continue
        month = Month.parse(where.month)
        years.setdefault(month.year, {}).setdefault(month, []).append(ref)

    def order(ref: Reference) -> tuple[str, str]:
        page = domain.pages.get(ref.docname)
        return (page.wbs if page else "", ref.docname)

    lines: list[nodes.Node] = []
    for year in sorted(years, reverse=True):
        chips: list[nodes.Node] = [
            _chip(app, domain, here, month.abbreviation, sorted(cited, key=order))
            for month, cited in sorted(years[year].items())
        ]
        lines.append(_line(str(year), chips))
    if others:
        chips = [_chip(app, domain, here, "", [ref]) for ref in sorted(others, key=order)]
        lines.append(_line("Also", chips))
    return lines
