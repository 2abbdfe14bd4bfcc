# Test root: four synthetic months over two years citing one key of every
# reference family (test data, not real reports).
extensions = ["myst_parser", "sphinx_design", "dmreport"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
include_patterns = ["index.rst", "reports/**", "wbs/**", "references/**", "milestones/**"]
exclude_patterns = ["**/.*"]
bibtex_bibfiles = ["data/citations.bib"]
bibtex_reference_style = "author_year"
myst_heading_anchors = 4
nitpicky = True
html_theme = "pydata_sphinx_theme"
