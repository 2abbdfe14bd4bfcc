"""Month-to-month navigation on each month's WBS page: the same element a
month before and after, and its history (HTML only)."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..domain import get_domain
from .base import link, month_label


class MonthNavigation(SphinxPostTransform):
    """Previous and next month of the same WBS element, and its history."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        app = self.app
        docname = self.env.docname
        domain = get_domain(app)
        page = domain.pages.get(docname)
        if page is None or f"wbs/{page.slug}" not in self.env.all_docs:
            return
        before, after = domain.neighbours().get(docname, (None, None))
        paragraph = nodes.paragraph(classes=["dmreport-month-nav"])
        if before:
            label = month_label(domain, domain.pages[before].month)
            paragraph += link(app, docname, before, f"← {label}")
            paragraph += nodes.Text(" · ")
        paragraph += link(app, docname, f"wbs/{page.slug}", f"History of {page.title}")
        if after:
            label = month_label(domain, domain.pages[after].month)
            paragraph += nodes.Text(" · ")
            paragraph += link(app, docname, after, f"{label} →")
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is not None:
            top.insert(1, paragraph)
