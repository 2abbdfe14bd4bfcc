"""Jira and Rubin document roles, from documenteer, made parallel safe and
builder agnostic.

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


def _with_text_separators(role: RoleFunction) -> RoleFunction:
    def text_role(*args: Any, **kwargs: Any) -> tuple[list[nodes.Node], list[Any]]:
        result, messages = role(*args, **kwargs)
        converted: list[nodes.Node] = [
            nodes.Text(node.astext())
            if isinstance(node, nodes.raw) and node.get("format") == "html"
            else node
            for node in result
        ]
        return converted, messages

    return text_role


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
        app.add_role(name, lsstdocushare.lsst_doc_shortlink_role)
    for name in TECHNOTE_ROLES:
        app.add_role(name, lsstdocushare.lsstio_doc_shortlink_role)
