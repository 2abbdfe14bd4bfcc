"""Jira and Rubin document roles, from documenteer, made parallel safe and
builder agnostic, one role per series of :mod:`dmreport.core.ids`.

documenteer 1.4.5's ``jira`` extension does not declare itself parallel safe
and separates tickets with HTML-only raw nodes (lost in LaTeX). We register
its role functions ourselves and turn those separators into text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from documenteer.ext import jira, lsstdocushare
from docutils import nodes
from sphinx.application import Sphinx

from ..core.ids import DOCUMENT_SERIES, JIRA_ROLES
from ..core.registry import DOCUMENTS_FILE
from .state import get_state, note_data

RoleFunction = Callable[..., tuple[list[nodes.Node], list[nodes.system_message]]]

#: documenteer's role functions for :data:`~dmreport.core.ids.JIRA_ROLES`, in order.
TICKET_ROLES: tuple[RoleFunction, ...] = (
    jira.jira_role,
    jira.jira_bracket_role,
    jira.jira_parens_role,
)
#: documenteer's role function for each kind of document host.
HOST_ROLES: dict[str, RoleFunction] = {
    "docushare": lsstdocushare.lsst_doc_shortlink_role,
    "lsstio": lsstdocushare.lsstio_doc_shortlink_role,
}


def _whole(node: nodes.Node) -> nodes.Node:
    """Keep an id on one line (an ``inline`` that LaTeX boxes, CSS too)."""
    if isinstance(node, nodes.reference):
        return nodes.inline("", "", node, classes=["dmreport-nowrap"])
    return node


def _with_text_separators(role: RoleFunction) -> RoleFunction:
    def text_role(*args: Any, **kwargs: Any) -> tuple[list[nodes.Node], list[Any]]:
        result, messages = role(*args, **kwargs)
        converted: list[nodes.Node] = [
            nodes.Text(node.astext())
            if isinstance(node, nodes.raw) and node.get("format") == "html"
            else _whole(node)
            for node in result
        ]
        return converted, messages

    return text_role


def _with_document_title(role: RoleFunction) -> RoleFunction:
    """Show the document's title (from data/documents.bib) as the link's tooltip."""

    def titled_role(*args: Any, **kwargs: Any) -> tuple[list[nodes.Node], list[Any]]:
        result, messages = role(*args, **kwargs)
        env = args[4].document.settings.env
        note_data(env, DOCUMENTS_FILE)
        titles = get_state(env.app).document_titles
        for node in result:
            if isinstance(node, nodes.reference) and node.astext() in titles:
                node["reftitle"] = titles[node.astext()]
        return [_whole(node) for node in result], messages

    return titled_role


def setup_roles(app: Sphinx) -> None:
    """Register the ticket roles and one role per document series."""
    for name, role in zip(JIRA_ROLES, TICKET_ROLES, strict=True):
        app.add_role(name, _with_text_separators(role))
    for series in DOCUMENT_SERIES:
        app.add_role(series.role, _with_document_title(HOST_ROLES[series.host]))
