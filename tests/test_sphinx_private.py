"""The private parts of Sphinx the preview and the benchmark use
(``tools/sphinx_private.py``), each exercised on a real Sphinx project: an
upgrade of Sphinx that changes one fails here, and the pin in
requirements.txt is the release this covers."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import sphinx
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from dmreport.tools.sphinx_private import (
    COVERED,
    USED,
    HookedSphinx,
    Hooks,
    doctrees_into,
    forget_doctrees_read,
    outputs_into,
)

REQUIREMENTS = Path(__file__).parents[1] / "requirements.txt"


def _project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("project = 'p'\n")
    (src / "index.rst").write_text("Title\n=====\n\nText.\n")
    (src / "other.rst").write_text("Other\n=====\n\nMore text.\n")
    return src


def _app(src: Path, cls: type[Sphinx] = Sphinx) -> Sphinx:
    return cls(str(src), str(src), str(src / "_out"), str(src / "_doctrees"), "html",
               status=None, warning=None)  # fmt: skip


def test_the_pin_is_the_release_covered() -> None:
    assert sphinx.version_info[:2] == COVERED
    pinned = re.search(r"^Sphinx==(\d+)\.(\d+)\.", REQUIREMENTS.read_text(), re.M | re.I)
    assert pinned and (int(pinned[1]), int(pinned[2])) == COVERED


def test_the_private_methods_keep_their_signatures() -> None:
    assert list(inspect.signature(Sphinx._load_existing_env).parameters) == ["self", "filename"]
    assert list(inspect.signature(Sphinx._init_builder).parameters) == ["self"]
    for owner, names in USED.items():
        for name in names:
            if owner is Sphinx:
                assert callable(getattr(owner, name)), name


def test_each_private_part_does_what_is_used(tmp_path: Path) -> None:
    src = _project(tmp_path)
    loaded: list[float] = []
    ready: list[Sphinx] = []

    class Hooked(HookedSphinx):
        hooks = Hooks(loaded.append, ready.append)

    with docutils_namespace():
        app = _app(src, Hooked)
        assert ready == [app] and not loaded  # no environment to load yet
        app.build()
    with docutils_namespace():
        again = _app(src, Hooked)
        assert len(ready) == 2 and len(loaded) == 1 and loaded[0] >= 0
        env, builder = again.env, again.builder
        for name in USED[type(env)]:
            assert isinstance(getattr(env, name), dict), name
        env.get_doctree("index")
        assert "index" in env._pickled_doctree_cache
        forget_doctrees_read(env)
        assert env._pickled_doctree_cache == {}
        # Doctrees and pages of a reading and writing go where they are told.
        doctrees, pages = tmp_path / "doctrees-aside", tmp_path / "pages-aside"
        doctrees_into(builder, str(doctrees))
        outputs_into(builder, str(pages))
        builder.read_doc("other")
        assert (doctrees / "other.doctree").is_file()
        assert "other" in env._write_doc_doctree_cache
        builder.prepare_writing({"other"})
        builder.write_documents({"other"})
        assert "More text." in (pages / "other.html").read_text("utf-8")
