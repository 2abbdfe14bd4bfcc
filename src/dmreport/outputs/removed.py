"""A page removed or renamed since the last build is not published any
more: Sphinx's incremental build leaves its old HTML in the output, where
links and search would still find it; this deletes it once the build ends
(the pages removed are noted at ``env-get-outdated``, see
:mod:`..ext.aggregates.freshness`)."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from ..ext.state import get_state


def _delete_removed(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: the HTML of the pages gone since the last build."""
    if exception is not None or app.builder.format != "html":
        return
    for docname in sorted(get_state(app).removed - app.env.found_docs):
        Path(app.outdir, app.builder.get_target_uri(docname)).unlink(missing_ok=True)


def setup_removed(app: Sphinx) -> None:
    app.connect("build-finished", _delete_removed)
