"""The WBS registry inside Sphinx: loaded once per build, shown as a tree."""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.docutils import SphinxDirective

from .errors import DmreportError
from .registry import WBS_FILE, WbsElement, WbsRegistry, load_wbs


def registry(app: Sphinx) -> WbsRegistry:
    """The build's WBS registry (read at ``config-inited``)."""
    return app.dmreport_wbs  # type: ignore[attr-defined,no-any-return]


def _load(app: Sphinx, config: Config) -> None:
    try:
        app.dmreport_wbs = load_wbs(Path(app.srcdir))  # type: ignore[attr-defined]
    except DmreportError as exc:
        from sphinx.errors import ConfigError

        raise ConfigError(str(exc)) from None


class WbsTreeDirective(SphinxDirective):
    """``wbs-tree``: every registered element as a nested list."""

    def run(self) -> list[nodes.Node]:
        wbs = registry(self.env.app)
        self.env.note_dependency(str(Path(self.env.srcdir) / WBS_FILE))
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
    app.connect("config-inited", _load)
    app.add_directive("wbs-tree", WbsTreeDirective)
