"""A page's MyST tokens, as every check and the gate read them (no Sphinx
involved).

A build checks each report page as it reads it, then parses it: the tokens
of the page the checks read last are kept for the build's parser to take,
so that a page is parsed once, when the site's MyST configuration parses as
the checks' does.
"""

from __future__ import annotations

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

#: The MyST configuration the checks read pages with (the site's, conf.py).
CONFIG = MdParserConfig(enable_extensions={"colon_fence", "deflist"})
PARSER = create_md_parser(CONFIG, RendererHTML)
#: What of a MyST configuration shapes the tokens (the rest, their rendering).
PARSING = ("commonmark_only", "gfm_only", "enable_extensions", "disable_syntax",
           "colon_fence_exact_match", "linkify_fuzzy_links", "strikethrough_single_tilde",
           "dmath_allow_labels", "dmath_allow_space", "dmath_allow_digits",
           "dmath_double_inline", "sub_delimiters", "enable_checkboxes")  # fmt: skip

_kept: tuple[str, list[Token]] | None = None


def parse(text: str) -> list[Token]:
    """The MyST tokens of ``text``."""
    return PARSER.parse(text)


def parse_page(text: str) -> list[Token]:
    """The MyST tokens of a page's whole text, kept for :func:`take`."""
    global _kept
    tokens = PARSER.parse(text)
    _kept = (text, tokens)
    return tokens


def _shape(config: MdParserConfig) -> tuple[object, ...]:
    return tuple(
        frozenset(value) if isinstance(value := getattr(config, name), list | set) else value
        for name in PARSING
    )


def take(text: str, config: MdParserConfig) -> list[Token] | None:
    """The tokens of the page :func:`parse_page` read last, once, if it is
    ``text`` and ``config`` parses as the checks do; else None."""
    global _kept
    kept, _kept = _kept, None
    if kept is None or kept[0] != text or _shape(config) != _shape(CONFIG):
        return None
    return kept[1]
