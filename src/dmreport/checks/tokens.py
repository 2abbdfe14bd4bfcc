"""A page's MyST tokens, as every check and the gate read them (no Sphinx
involved)."""

from __future__ import annotations

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

PARSER = create_md_parser(
    MdParserConfig(enable_extensions={"colon_fence", "deflist"}), RendererHTML
)


def parse(text: str) -> list[Token]:
    """The MyST tokens of ``text``."""
    return PARSER.parse(text)
