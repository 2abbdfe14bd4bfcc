"""Report pages are untrusted input: a fork's pull request builds a preview.

Report pages (``reports/YYYY-MM/*.md``) are parsed with docutils' file
insertion and raw output disabled and without file-level MyST configuration
(front matter cannot enable extensions or add ``<meta>`` tags), so nothing
outside the page is read. What the parser made is then neutralised: raw HTML
becomes visible text, links keep only the http, https and mailto schemes,
images and downloads stay only when their file lies inside the repository,
and images never load from another host.

The page checks (:mod:`dmreport.checks`) report each of these with file,
line and fix, in ``dmreport check`` and in the build; this module makes sure
that whatever slips past them reaches no output.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..checks.safety import inside, is_remote, is_safe_link
from ..core.ids import month_of

#: The raw output MyST itself makes: hard line breaks and strikethrough.
MYST_RAW = frozenset({"<br />\n", "\\\\\n", "<s>", "</s>"})


def _as_text(node: nodes.Element, text: str) -> nodes.Element:
    """Text that shows what was removed, where it stood."""
    if isinstance(node.parent, nodes.TextElement):
        return nodes.literal(text, text)
    return nodes.literal_block(text, text)


def neutralise(document: nodes.document, env: BuildEnvironment) -> None:
    """Remove from a parsed report page what could run in a browser, load
    from another host or read a file outside the repository."""
    root = Path(env.srcdir)
    for raw in list(document.findall(nodes.raw)):
        if raw.astext() not in MYST_RAW:
            raw.replace_self(_as_text(raw, raw.astext()))
    for meta in list(document.findall(nodes.meta)):
        meta.parent.remove(meta)
    for reference in list(document.findall(nodes.reference)):
        if not is_safe_link(reference.get("refuri", "")):
            reference.replace_self(nodes.inline("", reference.astext()))
    for image in list(document.findall(nodes.image)):
        uri = str(image.get("uri", ""))
        if is_remote(uri) or not inside(root, env.relfn2path(uri, env.docname)[1]):
            image.replace_self(nodes.inline("", str(image.get("alt", ""))))
    for download in list(document.findall(addnodes.download_reference)):
        target = str(download.get("reftarget", ""))
        if is_remote(target) or not inside(root, env.relfn2path(target, env.docname)[1]):
            download.replace_self(nodes.inline("", download.astext()))


class ReportParser(MystParser):
    """MyST for the site; for report pages, with nothing outside the page
    read and nothing unsafe written."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env: BuildEnvironment = document.settings.env
        if month_of(env.docname) is None:
            super().parse(inputstring, document)
            return
        # The settings object is shared by every page: change a copy.
        document.settings = document.settings.copy()
        document.settings.file_insertion_enabled = False
        document.settings.raw_enabled = False
        # The site's MyST configuration only (myst_parser keeps it on the
        # environment): front matter cannot change it.
        config: MdParserConfig = vars(env)["myst_config"]
        parser = create_md_parser(config, SphinxRenderer)
        parser.options["document"] = document
        parser.render(inputstring)
        neutralise(document, env)


def setup_untrusted(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.add_source_parser(ReportParser, override=True)
