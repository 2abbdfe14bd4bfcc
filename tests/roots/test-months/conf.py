# Test root: three synthetic months of test data (not real reports).
extensions = ["myst_parser", "sphinx_design", "dmreport"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
include_patterns = ["index.rst", "reports/**", "wbs/**", "references/**"]
exclude_patterns = ["**/.*"]
bibtex_bibfiles = ["data/citations.bib"]
bibtex_reference_style = "author_year"
myst_heading_anchors = 4
nitpicky = True
html_theme = "pydata_sphinx_theme"
