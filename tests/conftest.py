"""Shared fixtures: Sphinx's testing fixtures, test roots, the real repo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dmreport.outputs.pdf import have_latex
from dmreport.tools.build import BuildResult, build_site

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seeds" / "000_97711eb8520b48dc.txt"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where Sphinx's ``testroot`` marker finds ``roots/test-<name>``."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def seed() -> Path:
    """The real January 2020 export."""
    if not SEED.is_file():
        pytest.fail(f"the January 2020 export is missing: {SEED}")
    return SEED


@pytest.fixture(scope="session")
def built(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The real site, HTML and PDFs, built once with warnings as errors."""
    if not have_latex():
        pytest.fail("xelatex is missing; run scripts/install-system-packages.sh")
    return build_site(repo, tmp_path_factory.mktemp("site") / "html")


@pytest.fixture(scope="session")
def site(built: BuildResult) -> Path:
    """The real site's HTML output directory."""
    return built.html


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty copy of the repository: configuration and data, no months."""
    for name in ("conf.py", "index.rst"):
        shutil.copy(REPO / name, tmp_path / name)
    for name in ("wbs", "data", "_static", "_templates", "references", "milestones"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, tmp_path / name)
    (tmp_path / "reports").mkdir()
    shutil.copy(REPO / "reports" / "index.md", tmp_path / "reports" / "index.md")
    return tmp_path
