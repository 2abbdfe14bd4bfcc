"""Sphinx extension for the Rubin Observatory DM monthly reports site."""

from __future__ import annotations

from typing import Any

from documenteer.ext import bibtex as documenteer_bibtex
from sphinx.application import Sphinx

from .aggregates import setup_aggregates
from .citations import setup_citations
from .collectors import setup_collectors
from .domain import ReportDomain
from .feeds import setup_feeds
from .gitinfo import setup_gitinfo
from .home import setup_home
from .lint import setup_lint
from .milestones import setup_milestones
from .pdf import setup_pdf
from .roles import setup_roles
from .search import setup_search
from .tracker import setup_tracker
from .wbs import setup_wbs

__version__ = "0.1.0"

#: Bump when the shape of the data stored in the environment changes.
ENV_VERSION = 8


def setup(app: Sphinx) -> dict[str, Any]:
    """Wire the features of the extension."""
    documenteer_bibtex.setup(app)  # the lsst_aa pybtex style for Rubin documents
    setup_roles(app)
    setup_citations(app)
    setup_wbs(app)
    app.add_domain(ReportDomain)
    setup_collectors(app)
    setup_aggregates(app)
    setup_milestones(app)
    setup_tracker(app)
    setup_home(app)
    setup_pdf(app)
    setup_lint(app)
    setup_gitinfo(app)
    setup_search(app)
    setup_feeds(app)
    return {
        "version": __version__,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
