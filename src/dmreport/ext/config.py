"""The site's settings: declared once, read once at ``config-inited``, and
shared with the command line (which reads ``conf.py`` the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from sphinx.application import Sphinx
from sphinx.config import Config

from ..core.errors import DmreportError
from ..core.ids import DEFAULT_JIRA_URI


class ConfigValue(NamedTuple):
    name: str
    default: Any
    rebuild: Literal["env", "html"]  # what a change makes Sphinx redo
    kind: type


#: ``jira_uri_template`` is used while reading (roles, collected references),
#: so a change re-reads the pages.
CONFIG_VALUES = (
    ConfigValue("jira_uri_template", DEFAULT_JIRA_URI, "env", str),
    # Rows above which a reference index becomes one page per year, so that
    # no page grows past about 1 MB however long the archive.
    ConfigValue("dmreport_reference_split_rows", 1000, "html", int),
    # Whether month PDFs are built (set by ``dmreport build``); pages link them.
    ConfigValue("dmreport_pdf", False, "html", bool),
    # The edition being built: "main" (published) or a preview's name, which
    # shows draft months and says on every page that it is a preview.
    ConfigValue("dmreport_edition", "main", "html", str),
    # The previews the version switcher lists besides "main" and this edition.
    ConfigValue("dmreport_editions", [], "html", list),
)


@dataclass(frozen=True)
class Settings:
    """The configuration values the extension and the commands use."""

    jira_uri_template: str
    reference_split_rows: int
    pdf: bool
    html_baseurl: str
    edition: str = "main"
    editions: tuple[str, ...] = ()

    @property
    def preview(self) -> bool:
        """Whether this is a preview edition (drafts shown), not the published one."""
        return self.edition != "main"

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        return cls(
            jira_uri_template=str(config.jira_uri_template),
            reference_split_rows=int(config.dmreport_reference_split_rows),
            pdf=bool(config.dmreport_pdf),
            html_baseurl=str(config.html_baseurl or ""),
            edition=str(config.dmreport_edition or "main"),
            editions=tuple(str(name) for name in config.dmreport_editions or ()),
        )

    @classmethod
    def from_root(cls, root: Path) -> Settings:
        """The settings of the site at ``root``, read from its ``conf.py``."""
        if not (root / "conf.py").is_file():
            raise DmreportError("no conf.py here", path=root, fix="pass --root DIR")
        config = Config.read(root.resolve())
        for name, default, rebuild, kind in CONFIG_VALUES:
            config.add(name, default, rebuild, kind)
        config.add("html_baseurl", "", "html", str)  # registered by the HTML builder
        return cls.from_config(config)


def setup_config(app: Sphinx) -> None:
    for name, default, rebuild, kind in CONFIG_VALUES:
        app.add_config_value(name, default, rebuild, types=[kind])
