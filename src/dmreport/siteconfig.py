"""The site's Sphinx configuration, read for the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.config import Config

from .errors import DmreportError


def site_config(root: Path) -> dict[str, Any]:
    """The values of ``conf.py`` the commands need."""
    if not (root / "conf.py").is_file():
        raise DmreportError("no conf.py here", path=root, fix="pass --root DIR")
    config = Config.read(root.resolve())
    namespace = config._raw_config
    return {
        "html_baseurl": namespace.get("html_baseurl", ""),
        "jira_uri_template": namespace.get(
            "jira_uri_template", "https://rubinobs.atlassian.net/browse/{ticket}"
        ),
    }
