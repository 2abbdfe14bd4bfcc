"""Sphinx extension and command line for the Rubin Observatory DM monthly
reports site. Importing the package loads nothing else: Sphinx comes in with
:func:`setup`, so the importer and the core work without it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Sphinx entry point (``extensions = ["dmreport"]``)."""
    from .extension import setup_extension

    return setup_extension(app, __version__)
