"""Report pages are untrusted input: a fork's pull request builds a preview.

Three layers, each enough on its own for what it covers:

1. **The gate** (:mod:`dmreport.checks.gate`), at ``config-inited``: every
   file under ``reports/`` is a page, an allowed picture or a refusal; a
   refused file is excluded from the build (never parsed, never copied);
   :mod:`.checks` reports it as a build warning with its path.
2. **Parsing**: every page is read with docutils' file insertion and raw
   output disabled and with the site's MyST configuration only (front matter
   cannot enable extensions or add ``<meta>`` tags); a page too deeply nested
   to parse safely is shown as its text. What the parser made of a report
   page is then neutralised: raw HTML becomes visible text, math becomes
   text (it would load a script), links keep only the http, https and mailto
   schemes, toctrees only pages and such links, and pictures and downloads
   only the month's own allowed pictures.
3. **The last pass**, before anything is written: links with another scheme
   become text on every page, and downloads and pictures a report page
   registered that are not its month's pictures are dropped from what the
   builder copies.

The page checks (:mod:`dmreport.checks`) report each case with file, line and
fix, in ``dmreport check`` and in the build.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from markdown_it.tree import SyntaxTreeNode
from myst_parser.config.main import MdParserConfig
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinxcontrib.bibtex.citation_target import parse_citation_targets
from sphinxcontrib.bibtex.nodes import bibliography

from ..checks.gate import REPORTS, Gate, classify
from ..checks.markup import DIRECTIVES
from ..checks.page import MAX_NESTING, deepest
from ..checks.safety import is_remote, is_safe_link
from ..checks.tokens import take
from ..core.ids import CITE_ROLE, REPORT_ROLES, month_of
from .state import get_state

#: The raw output MyST itself makes: hard line breaks and strikethrough.
MYST_RAW = frozenset({"<br />\n", "\\\\\n", "<s>", "</s>"})
UNSAFE_SETTINGS = {"file_insertion_enabled": False, "raw_enabled": False}


#: The month list: a page of the site that lives in ``reports/``.
MONTH_LIST = f"{REPORTS}/index"


def is_report(docname: str) -> bool:
    """Whether a document is a month's (or comes from a month's folder,
    whatever its name): anything in ``reports/`` but the month list."""
    return docname.startswith(REPORTS + "/") and docname != MONTH_LIST


def _as_text(node: nodes.Element, text: str) -> nodes.Element:
    """Text that shows what was removed, where it stood."""
    if isinstance(node.parent, nodes.TextElement):
        return nodes.literal(text, text)
    return nodes.literal_block(text, text)


def _allowed_file(env: BuildEnvironment, gate: Gate, uri: str) -> bool:
    """Whether a report page may show or offer ``uri``: a picture of its month."""
    where = month_of(env.docname)
    if is_remote(uri) or where is None:
        return False
    relative = env.relfn2path(uri, env.docname)[0]
    return gate.month_asset(Path(relative).as_posix(), where.month)


def neutralise(document: nodes.document, env: BuildEnvironment, gate: Gate) -> None:
    """Remove from a parsed report page what could run in a browser, load
    from another host, or publish a file that is not the month's picture."""
    _shown_as_text(document)
    for meta in list(document.findall(nodes.meta)):
        meta.parent.remove(meta)
    for image in list(document.findall(nodes.image)):
        if not _allowed_file(env, gate, str(image.get("uri", ""))):
            image.replace_self(nodes.inline("", str(image.get("alt", ""))))
    for download in list(document.findall(addnodes.download_reference)):
        if not _allowed_file(env, gate, str(download.get("reftarget", ""))):
            download.replace_self(nodes.inline("", download.astext()))


def _own_pages_only(toctree: addnodes.toctree, docname: str) -> None:
    """A toctree of a month's index lists the month's own pages (and http(s)
    addresses); a toctree anywhere else on a report page is removed."""
    where = month_of(docname)
    if where is None or where.stem != "index":
        toctree.parent.remove(toctree)
        return
    folder = f"{REPORTS}/{where.month}/"

    def own(ref: str) -> bool:
        return ref.startswith(folder) and "/" not in ref[len(folder) :]

    toctree["entries"] = [
        (title, ref)
        for title, ref in toctree["entries"]
        if own(ref) or (ref != "self" and "://" in ref and is_safe_link(ref))
    ]
    toctree["includefiles"] = [ref for ref in toctree["includefiles"] if own(ref)]


def _resolvable(role: str, text: str) -> bool:
    """Whether a citation role's keys can be resolved later (sphinxcontrib-
    bibtex stops the build on a malformed target); other roles: True."""
    if not role.startswith(CITE_ROLE):
        return True
    try:
        list(parse_citation_targets(text))
    except ValueError:
        return False
    return True


class ReportRenderer(SphinxRenderer):
    """MyST's renderer; on a report page only the report roles and
    directives run (:data:`dmreport.core.ids.REPORT_ROLES`,
    :data:`dmreport.checks.markup.DIRECTIVES`), nested ones too: any other,
    and ``{eval-rst}``, is shown as its text, and so is a role or directive
    that fails on the page's text."""

    def _report(self) -> bool:
        return self.sphinx_env is not None and is_report(self.sphinx_env.docname)

    def render_myst_role(self, token: SyntaxTreeNode) -> None:
        name = token.meta["name"]
        if not self._report():
            super().render_myst_role(token)
            return
        text = f"{{{name}}}`{token.content}`"
        if name not in REPORT_ROLES or not _resolvable(name, token.content):
            self.current_node += _as_written(nodes.literal(text, text))
            return
        try:
            super().render_myst_role(token)
        except Exception:  # a role that fails on a page's text: shown as text
            self.current_node += _as_written(nodes.literal(text, text))

    def render_restructuredtext(self, token: SyntaxTreeNode) -> None:
        if self._report():
            self.current_node += nodes.literal_block(token.content, token.content)
            return
        super().render_restructuredtext(token)

    def run_directive(
        self,
        name: str,
        first_line: str,
        content: str,
        position: int,
        additional_options: dict[str, str] | None = None,
        *,
        block_text: str | None = None,
    ) -> list[nodes.Element]:
        if not self._report():
            return super().run_directive(
                name, first_line, content, position, additional_options, block_text=block_text
            )
        text = block_text or content
        if name not in DIRECTIVES:
            return [_as_written(nodes.literal_block(text, text))]
        if name == "bibliography":
            # the works the page cites: no other bibliography file, no filter
            first_line, content, additional_options = "", "", None
        try:
            return super().run_directive(
                name, first_line, content, position, additional_options, block_text=block_text
            )
        except Exception:  # a directive that fails on a page's text: shown as text
            return [_as_written(nodes.literal_block(text, text))]


def _as_written(node: nodes.Element) -> nodes.Element:
    """Markup the page cannot render, kept as written and marked as such
    (the site's style underlines it; ``dmreport check`` names it)."""
    node["classes"].append("dmreport-as-written")
    return node


def _refused(document: nodes.document, text: str, why: str) -> None:
    """A page the build will not parse: its text, shown as text."""
    note = nodes.paragraph("", f"This page is not shown: {why}.")
    document += nodes.section("", nodes.title("", "Page not shown"), note, ids=["page-not-shown"])
    document += nodes.literal_block(text, text)


class ReportParser(MystParser):
    """MyST for the site: nothing outside the page read, the site's MyST
    configuration only, and for report pages nothing unsafe written."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env: BuildEnvironment = document.settings.env
        # The settings object is shared by every page: change a copy.
        document.settings = document.settings.copy()
        for name, value in UNSAFE_SETTINGS.items():
            setattr(document.settings, name, value)
        gate = get_state(env.app).gate
        # The site's MyST configuration only (myst_parser keeps it on the
        # environment): front matter cannot change it.
        config: MdParserConfig = vars(env)["myst_config"]
        parser = create_md_parser(config, ReportRenderer)
        parser.options["document"] = document
        if not is_report(env.docname):
            parser.render(inputstring)
            return
        source = f"{env.docname}.md"
        if source not in gate.pages or Path(env.srcdir, source).is_symlink():
            parser.render("")  # MyST's settings for its transforms, no content
            _refused(document, "", "it is not a page of a month (see the build's warnings)")
            return
        # Parsed once: measured, then rendered (the checks' tokens, or read here).
        tokens = take(inputstring, config) or parser.parse(inputstring, {})
        if deepest(tokens)[0] > MAX_NESTING:
            parser.render("")
            _refused(document, inputstring, f"it nests more than {MAX_NESTING} levels deep")
            return
        parser.renderer.render(tokens, parser.options, {})
        # What the page's toctrees include shapes the whole site: a month
        # includes its own pages only (a toctree elsewhere could loop).
        for toctree in list(document.findall(addnodes.toctree)):
            _own_pages_only(toctree, env.docname)
        neutralise(document, env, gate)


# -- the gate ----------------------------------------------------------------


def apply_gate(app: Sphinx, config: Config) -> None:
    """``config-inited`` (and before each rebuild of a kept application):
    classify ``reports/``; refused files are excluded from the build."""
    state = get_state(app)
    if state.site_excludes is None:
        state.site_excludes = list(config.exclude_patterns)
    state.gate = classify(Path(app.srcdir))
    config.exclude_patterns = [*state.site_excludes, *state.gate.exclude_patterns()]


# -- the last pass -----------------------------------------------------------


def last_pass(doctree: nodes.document) -> int:
    """Links with an unsafe scheme, raw HTML and math become text, on every
    page (a report page's parts are shown on others). Returns how many
    nodes it changed."""
    return _shown_as_text(doctree)


def _shown_as_text(doctree: nodes.document) -> int:
    """Links with an unsafe scheme, raw HTML (but the LaTeX the extension
    writes and MyST's line breaks) and math, as text; how many there were."""
    found: list[nodes.Element] = [
        r for r in doctree.findall(nodes.reference) if not is_safe_link(r.get("refuri", ""))
    ]
    found += [
        raw
        for raw in doctree.findall(nodes.raw)
        if "latex" not in raw.get("format", "") and raw.astext() not in MYST_RAW
    ]
    found += [*doctree.findall(nodes.math), *doctree.findall(nodes.math_block)]
    for node in found:
        node.replace_self(
            nodes.inline("", node.astext())
            if isinstance(node, nodes.reference)
            else _as_text(node, node.astext())
        )
    return len(found)


def _last_pass(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: the last pass over every page before it is written."""
    last_pass(doctree)
    gate = get_state(app).gate
    where = month_of(docname)
    for image in list(doctree.findall(nodes.image)):
        # Pictures copied from the sources (charts are drawn into the output):
        # on a month's page its own, elsewhere any month's.
        candidates: dict[str, str] = image.get("candidates", {})
        copied = [Path(path).as_posix() for path in candidates.values() if path in app.env.images]
        allowed = [
            file in gate.assets if where is None else gate.month_asset(file, where.month)
            for file in copied
            if file.startswith(REPORTS + "/") or is_report(docname)
        ]
        if is_remote(str(image.get("uri", ""))) or not all(allowed):
            image.replace_self(nodes.inline("", str(image.get("alt", ""))))
    if not is_report(docname):
        return
    # A bibliography left unresolved would stop the writer.
    for unresolved in list(doctree.findall(bibliography)):
        unresolved.parent.remove(unresolved)


def files_to_copy(env: BuildEnvironment, gate: Gate) -> list[str]:
    """Drop from what the builder copies every download and picture that
    a report page registered and that is not its month's picture; returns
    the files dropped."""
    dropped = []
    for filename, (docnames, _) in list(env.dlfiles.items()):
        if any(is_report(doc) for doc in docnames) and not _month_file(gate, filename, docnames):
            del env.dlfiles[filename]
            dropped.append(filename)
    for filename, (docnames, _) in list(env.images.items()):
        if any(is_report(doc) for doc in docnames) and not _month_file(gate, filename, docnames):
            del env.images[filename]
            dropped.append(filename)
    return dropped


def _month_file(gate: Gate, filename: str, docnames: set[str]) -> bool:
    return all(
        (where := month_of(doc)) is not None and gate.month_asset(filename, where.month)
        for doc in docnames
        if is_report(doc)
    )


def _check_files(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the files the builder copies, checked last; no page
    loads a math script (math is shown as text)."""
    files_to_copy(env, get_state(app).gate)
    equations: dict[str, bool] = env.get_domain("math").data["has_equations"]
    for docname in equations:
        equations[docname] = False


def setup_untrusted(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    app.add_source_parser(ReportParser, override=True)
    app.connect("config-inited", apply_gate, priority=450)
    app.connect("doctree-resolved", _last_pass, priority=900)
    app.connect("env-updated", _check_files)
