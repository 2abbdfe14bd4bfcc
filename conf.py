"""Sphinx configuration of the Rubin Observatory DM monthly reports site."""

import os

from documenteer.conf import get_asset_path

project = "Rubin Observatory DM Monthly Reports"
author = "Vera C. Rubin Observatory Data Management"
copyright = "2020-2026 Association of Universities for Research in Astronomy, Inc. (AURA)"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.bibtex",
    "dmreport",
]

root_doc = "index"
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
include_patterns = [
    "index.rst",
    "reports/**",
    "wbs/**",
    "milestones/**",
    "references/**",
]
exclude_patterns = ["_build", "**/.*"]
templates_path = ["_templates"]
nitpicky = True

# MyST: footnotes and heading anchors for links into any section.
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence", "deflist"]
myst_footnote_transition = False

# Citations (pybtex through sphinxcontrib-bibtex), shown author-year.
bibtex_bibfiles = ["data/citations.bib"]
bibtex_reference_style = "author_year"
bibtex_default_style = "alpha"

# Rubin Jira.
jira_uri_template = "https://rubinobs.atlassian.net/browse/{ticket}"

# HTML: pydata-sphinx-theme with the Rubin look; every asset is local.
html_theme = "pydata_sphinx_theme"
html_title = "DM Monthly Reports"
html_baseurl = "https://dm-monthly-reports.lsst.io/"
html_static_path = [
    "_static",
    get_asset_path("rubin-titlebar-imagotype-dark.svg"),
    get_asset_path("rubin-titlebar-imagotype-light.svg"),
    get_asset_path("rubin-favicon.svg"),
    get_asset_path("rubin-pydata-theme.css"),
]
html_css_files = ["rubin-pydata-theme.css", "dmreport.css"]
html_js_files = [
    ("dmreport-months.js", {"defer": "defer"}),
    ("dmreport-tables.js", {"defer": "defer"}),
]
html_favicon = get_asset_path("rubin-favicon-transparent-32px.png")
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {
    "logo": {
        "image_light": "_static/rubin-titlebar-imagotype-light.svg",
        "image_dark": "_static/rubin-titlebar-imagotype-dark.svg",
        "text": "DM Monthly Reports",
        "alt_text": "Rubin Observatory DM Monthly Reports - Home",
    },
    "navigation_with_keys": False,
    "show_toc_level": 2,
    # The top bar holds the site's four sections, never months: months are
    # reached through the month list and each month page's switcher.
    "header_links_before_dropdown": 4,
    "use_edit_page_button": True,
    # Pages of wide tables use the page's width: no "On this page" column.
    "secondary_sidebar_items": {
        "**": ["page-toc", "edit-this-page"],
        "reports/index": [],
        "milestones/index": [],
        **{
            f"references/{name}": []
            for name in ("index", "tickets", "documents", "citations", "milestones")
        },
    },
    "article_footer_items": ["dmreport-git.html"],
    # Editions, as on LSST the Docs: switcher.json at the site's root lists
    # main and the previews; the extension sets version_match to this edition.
    "navbar_end": ["version-switcher", "theme-switcher"],
    "switcher": {"json_url": "switcher.json", "version_match": "main"},
    "check_switcher": False,  # switcher.json is written by the build
    "show_version_warning_banner": False,  # a preview has its own banner
    "footer_start": ["copyright"],
    "footer_end": [],
}
# A month page's sidebar is its month: the switcher and the month's pages
# (the theme's navigation would list every page of every month); the pages of
# wide tables have none.
html_sidebars = {
    "index": [],
    "reports/index": [],
    "reports/*/*": ["dmreport-month.html"],
    "milestones/index": [],
    "references/**": [],
}
# "Edit this page" on GitHub.
html_context = {
    "github_user": "lsst-dm",
    "github_repo": "dm-monthly-reports",
    "github_version": "main",
    "doc_path": "",
    "default_mode": "auto",
}

# The edition being built: "main" (published) or a preview's name, e.g. the
# pull request's ("pr-17"); and the previews the version switcher lists.
dmreport_edition = os.environ.get("DMREPORT_EDITION", "main")
dmreport_editions = [name for name in os.environ.get("DMREPORT_EDITIONS", "").split(",") if name]
