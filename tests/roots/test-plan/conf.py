# Test root: three synthetic months of milestone records and a plan written by the
# tests (test data, not real reports or plan).
extensions = ["myst_parser", "dmreport"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
include_patterns = ["index.rst", "reports/**", "wbs/**", "milestones/**", "references/**"]
html_theme = "pydata_sphinx_theme"
bibtex_bibfiles = []
myst_heading_anchors = 4
nitpicky = True
