"""The Sphinx extension: one ``setup`` wiring each capability's module,
one level above them: what the build records and computes (:mod:`.ext`) and
what it writes from that (:mod:`.outputs`)."""

from __future__ import annotations

from typing import Any

from documenteer.ext.bibtex import LsstBibtexStyle
from pybtex.plugin import register_plugin
from sphinx.application import Sphinx

from .ext.aggregates import setup_aggregates
from .ext.checks import setup_checks
from .ext.citations import setup_citations
from .ext.cited import setup_cited
from .ext.collectors import setup_collectors
from .ext.config import setup_config
from .ext.domain import ReportDomain
from .ext.editions import setup_editions
from .ext.memory import setup_memory
from .ext.milestones import setup_milestones
from .ext.parallel import setup_parallel
from .ext.plan import setup_plan
from .ext.roles import setup_roles
from .ext.state import setup_state
from .ext.untrusted import setup_untrusted
from .ext.wbs import setup_wbs
from .outputs.assets import setup_assets
from .outputs.feeds import setup_feeds
from .outputs.milestone_pages import setup_milestone_pages
from .outputs.pageinfo import setup_pageinfo
from .outputs.pdf import setup_pdf
from .outputs.removed import setup_removed
from .outputs.search import setup_search
from .outputs.switchers import setup_switchers

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
    setup_memory(app)
    return {
        "version": version,
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
