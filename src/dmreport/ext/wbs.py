"""The WBS registry shown as a tree (``wbs-tree``)."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..core.registry import WBS_FILE, WbsElement
from .state import get_state, note_data


class WbsTreeDirective(SphinxDirective):
    """``wbs-tree``: every registered element as a nested list."""

    def run(self) -> list[nodes.Node]:
        wbs = get_state(self.env.app).wbs
        note_data(self.env, WBS_FILE)
        children: dict[str | None, list[WbsElement]] = {}
        for element in wbs.elements:
            parent = wbs.parent(element.code)
            children.setdefault(parent.code if parent else None, []).append(element)

        def branch(code: str | None) -> nodes.bullet_list:
            items = nodes.bullet_list()
            for element in children.get(code, []):
                item = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.literal(text=element.code)
                para += nodes.Text(" ")
                if element.slug:
                    para += addnodes.pending_xref(
                        "",
                        nodes.inline(text=element.title),
                        refdomain="std",
                        reftype="doc",
                        reftarget=f"/wbs/{element.slug}",
                        refexplicit=True,
                        refwarn=True,
                    )
                else:
                    para += nodes.Text(element.title)
                item += para
                if element.code in children:
                    item += branch(element.code)
                items += item
            return items

        return [branch(None)]


def setup_wbs(app: Sphinx) -> None:
    app.add_directive("wbs-tree", WbsTreeDirective)
