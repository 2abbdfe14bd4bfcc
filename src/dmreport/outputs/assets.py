"""What a page loads: only the styles and scripts it uses.

Every page would load what every extension adds to every page. A page
without sphinx-design's grids, cards or tabs loads none of its CSS and
JavaScript; a page without highlighted code no Pygments styles. Sphinx's
``doctools.js`` (keyboard navigation, off) and ``sphinx_highlight.js``
(search terms from Sphinx's own search, which the site does not use) are
never loaded. The site's own scripts load where they act: the month
switcher's on month pages, the sortable tables' and burndown menu's where
there are such tables or charts. The theme's FontAwesome script and fonts
are left out by ``_templates/layout.html``; ``_static/dmreport.css`` draws
the icons.
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

#: Scripts no page uses.
UNUSED_SCRIPTS = frozenset({"doctools.js", "sphinx_highlight.js"})
#: sphinx-design's assets, and the classes of its components.
DESIGN_FILES = frozenset({"sphinx-design.min.css", "design-tabs.js"})
DESIGN_CLASS = re.compile(r"""class=["'][^"']*\bsd-""")
PYGMENTS_FILE = "pygments.css"
HIGHLIGHT_CLASS = re.compile(r"""class=["'][^"']*\bhighlight""")
#: _static/dmreport-months.js fills the month switcher of month pages.
MONTHS_SCRIPT = "dmreport-months.js"
#: _static/dmreport-tables.js sorts and filters tables (the reference indexes
#: too), and picks a burndown.
TABLES_SCRIPT = "dmreport-tables.js"
TABLES_CLASS = re.compile(r"""class=["'][^"']*\bdmreport-(sortable|burndown|filterable)\b""")


def _name(asset: Any) -> str:
    """The file name of a Sphinx asset (``_static/x.js?v=1`` -> ``x.js``)."""
    filename = str(getattr(asset, "filename", "") or "")
    return filename.rsplit("/", 1)[-1].partition("?")[0]


def unused(body: str, month_page: bool) -> set[str]:
    """The file names of the assets a page does not use: a page with this
    ``body``, with the month switcher or without (``month_page``)."""
    names = set(UNUSED_SCRIPTS)
    if not DESIGN_CLASS.search(body):
        names |= DESIGN_FILES
    if not HIGHLIGHT_CLASS.search(body):
        names.add(PYGMENTS_FILE)
    if not month_page:
        names.add(MONTHS_SCRIPT)
    if not TABLES_CLASS.search(body):
        names.add(TABLES_SCRIPT)
    return names


def _trim(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    names = unused(str(context.get("body", "")), "dmreport_switcher" in context)
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if _name(asset) not in names]


def setup_assets(app: Sphinx) -> None:
    # Last, after every handler that adds a file to a page.
    app.connect("html-page-context", _trim, priority=900)
