"""The Sphinx extension: one ``setup`` wiring each capability's module."""

from __future__ import annotations

from typing import Any

from documenteer.ext.bibtex import LsstBibtexStyle
from pybtex.plugin import register_plugin
from sphinx.application import Sphinx

from ..outputs.assets import setup_assets
from ..outputs.feeds import setup_feeds
from ..outputs.milestone_pages import setup_milestone_pages
from ..outputs.pageinfo import setup_pageinfo
from ..outputs.pdf import setup_pdf
from ..outputs.removed import setup_removed
from ..outputs.search import setup_search
from ..outputs.switchers import setup_switchers
from .aggregates import setup_aggregates
from .checks import setup_checks
from .citations import setup_citations
from .cited import setup_cited
from .collectors import setup_collectors
from .config import setup_config
from .domain import ReportDomain
from .editions import setup_editions
from .milestones import setup_milestones
from .parallel import setup_parallel
from .plan import setup_plan
from .roles import setup_roles
from .state import setup_state
from .untrusted import setup_untrusted
from .wbs import setup_wbs

#: Bump when the shape of the data stored in the environment changes.
ENV_VERSION = 12


def setup_extension(app: Sphinx, version: str) -> dict[str, Any]:
    """Wire the features of the extension."""
    setup_config(app)
    setup_state(app)
    setup_untrusted(app)
    # documenteer's lsst_aa pybtex style for Rubin documents
    register_plugin("pybtex.style.formatting", "lsst_aa", LsstBibtexStyle)
    setup_roles(app)
    setup_citations(app)
    setup_wbs(app)
    app.add_domain(ReportDomain)
    setup_collectors(app)
    setup_aggregates(app)
    setup_cited(app)
    setup_milestones(app)
    setup_plan(app)
    setup_pdf(app)
    setup_checks(app)
    setup_pageinfo(app)
    setup_removed(app)
    setup_milestone_pages(app)
    setup_search(app)
    setup_feeds(app)
    setup_editions(app)
    setup_switchers(app)
    setup_assets(app)
    setup_parallel(app)
    return {
        "version": version,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
