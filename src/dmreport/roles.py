"""Jira and Rubin document roles, from documenteer, made parallel safe and
builder agnostic.

documenteer 1.4.5's ``jira`` extension does not declare itself parallel safe
and separates tickets with HTML-only raw nodes (lost in LaTeX). We register
its role functions ourselves and turn those separators into text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from documenteer.ext import jira, lsstdocushare
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from .errors import DmreportError
from .registry import CITATIONS_FILE, DOCUMENTS_FILE, citation_label, load_bib

RoleFunction = Callable[..., tuple[list[nodes.Node], list[nodes.system_message]]]

#: documenteer's docushare roles (ls.st links) and lsst.io technote roles.
DOCUSHARE_ROLES = (
    "ldm",
    "lse",
    "lpm",
    "lts",
    "lep",
    "lca",
    "lcr",
    "lcn",
    "lso",
    "dmtr",
)
TECHNOTE_ROLES = ("sqr", "dmtn", "smtn", "sitcomtn", "pstn", "rtn", "ittn", "tstn")


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
        inliner = args[4]
        titles = getattr(inliner.document.settings.env.app, "dmreport_document_titles", {})
        for node in result:
            if isinstance(node, nodes.reference) and node.astext() in titles:
                node["reftitle"] = titles[node.astext()]
        return [_whole(node) for node in result], messages

    return titled_role


def _load_document_titles(app: Sphinx, config: Any) -> None:
    path = Path(app.srcdir) / DOCUMENTS_FILE
    titles: dict[str, str] = {}
    if path.is_file():
        try:
            bib = load_bib(path)
        except DmreportError as exc:
            raise ConfigError(str(exc)) from None
        for key, entry in bib.entries.items():
            handle = entry.fields.get("handle", key)
            titles[handle] = str(entry.fields.get("title", "")).replace("{", "").replace("}", "")
    app.dmreport_document_titles = titles  # type: ignore[attr-defined]
    labels: dict[str, str] = {}
    citations = Path(app.srcdir) / CITATIONS_FILE
    if citations.is_file():
        try:
            works = load_bib(citations)
        except DmreportError as exc:
            raise ConfigError(str(exc)) from None
        labels = {key: citation_label(works, key) for key in works.entries}
    app.dmreport_citation_labels = labels  # type: ignore[attr-defined]


def setup_roles(app: Sphinx) -> None:
    """Register the ticket and document roles."""
    app.add_config_value(
        "jira_uri_template",
        default="https://rubinobs.atlassian.net/browse/{ticket}",
        rebuild="html",
        types=[str],
    )
    app.add_role("jira", _with_text_separators(jira.jira_role))
    app.add_role("jirab", _with_text_separators(jira.jira_bracket_role))
    app.add_role("jirap", _with_text_separators(jira.jira_parens_role))
    for name in DOCUSHARE_ROLES:
        app.add_role(name, _with_document_title(lsstdocushare.lsst_doc_shortlink_role))
    for name in TECHNOTE_ROLES:
        app.add_role(name, _with_document_title(lsstdocushare.lsstio_doc_shortlink_role))
    app.connect("config-inited", _load_document_titles)
