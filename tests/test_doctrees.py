"""Doctree snapshots of the test roots: the shape the extension gives a
month's pages (roles, milestone tables, empty sections, references), resolved
for HTML. A change in shape shows as a diff against tests/test_doctrees/;
``pytest --force-regen`` rewrites the snapshots after a deliberate change."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinxpages import warnings

PAGES = {
    "months": (
        "reports/2020-01/index",
        "reports/2020-01/summary",
        "reports/2020-01/alert-production",
    ),
    "milestones": ("reports/2020-01/milestones",),
}


def _snapshot(app, docname: str) -> str:
    """The resolved doctree as text, with the machine's paths taken out."""
    doctree = app.env.get_and_resolve_doctree(docname, app.builder)
    text = doctree.pformat()
    return text.replace(str(Path(app.srcdir)), "<srcdir>")


@pytest.mark.parametrize(
    ("root", "docname"), [(root, page) for root, pages in PAGES.items() for page in pages]
)
def test_doctree_shape(root: str, docname: str, make_app, rootdir, tmp_path, file_regression):
    app = make_app("html", srcdir=tmp_path / root, freshenv=True)
    app.build()
    assert warnings(app) == []
    basename = f"{root}-{docname.replace('/', '-')}"
    file_regression.check(_snapshot(app, docname), basename=basename, extension=".txt")


@pytest.fixture(autouse=True)
def _copy_root(request, rootdir: Path, tmp_path: Path) -> None:
    """Each test builds its own copy of its test root."""
    import shutil

    root = request.node.callspec.params["root"]
    shutil.copytree(rootdir / f"test-{root}", tmp_path / root)
