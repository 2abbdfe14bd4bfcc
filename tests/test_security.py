"""Report pages are untrusted input (a fork's pull request builds a preview).

A page tries every way MyST, docutils and Sphinx offer to read a file outside
the repository, run script in a reader's browser or load from another host.
``dmreport check`` and the strict build reject it with file and line; a
lenient build (what a preview or ``./dev serve`` would show) writes the page,
and no output of any builder holds a byte of the outside file.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main

from dmreport.checks import Code, check_paths
from dmreport.core.errors import DmreportError
from dmreport.outputs.pagefind import build_search_index
from dmreport.tools.build import build_site

TEST_ROOT = Path(__file__).resolve().parent / "roots" / "test-months"
PAGE = "reports/2020-01/alert-production.md"
#: What the outside file holds; no output may contain it.
TOKEN = "OUTSIDE-7f3c9e1a-TOKEN"

ATTACK = """\
---
wbs: "1.02C.03"
title: "Alert Production"
myst:
  enable_extensions: ["html_image", "substitution"]
  html_meta:
    "http-equiv=refresh": "0;url=https://example.org/"
  substitutions:
    sum: "{{ 6 * 7 }}"
---
# 1.02C.03: Alert Production

## Current accomplishments

### 02C.03.04 – Alert Generation Pipeline

- Work on {jira}`DM-201`; {{ sum }}.
- Links: [relative](../../../@NAME@), [rooted](/../@NAME@), [absolute](@ABS@),
  [through a link](inside.txt), [script](javascript:alert(1)), <vbscript:msgbox>.
- Images: ![outside](../../../@IMAGE@), ![host](https://example.org/pixel.png),
  ![through a link](inside.png).
- <span onclick="alert(2)">Hover</span> <img src="../../../@IMAGE@">

```{include} ../../../@NAME@
```

```{include} @ABS@
```

```{include} inside.txt
```

```{literalinclude} ../../../@NAME@
```

```{csv-table} Rows
:file: ../../../@NAME@
```

```{raw} html
:file: ../../../@NAME@
```

```{raw} html
<script>alert(3)</script>
```

<iframe src="https://example.org/"></iframe>

```{eval-rst}
.. include:: ../../../@NAME@

.. image:: ../../../@IMAGE@

:download:`download <../../../@NAME@>` and `link <javascript:alert(4)>`_

.. meta::
   :http-equiv=refresh: 0;url=https://example.org/
```

```{figure} ../../../@IMAGE@
:target: javascript:alert(5)

A figure.
```

## Planned activities

- More work.

## Staffing update

- None.

## References

```{bibliography}
```
"""


@pytest.fixture(scope="module")
def attacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the test root whose report page reaches for ``secret.txt``
    beside the repository (directly, by absolute path and through symbolic
    links inside the repository)."""
    base = tmp_path_factory.mktemp("attack")
    secret = base / "secret.txt"
    secret.write_text(f"{TOKEN}\n", encoding="utf-8")
    shutil.copyfile(secret, base / "secret.png")
    root = base / "repo"
    shutil.copytree(TEST_ROOT, root, ignore=shutil.ignore_patterns("_build"))
    month = root / "reports" / "2020-01"
    (month / "inside.txt").symlink_to(secret)
    (month / "inside.png").symlink_to(base / "secret.png")
    text = (
        ATTACK.replace("@NAME@", "secret.txt")
        .replace("@IMAGE@", "secret.png")
        .replace("@ABS@", str(secret))
    )
    (root / PAGE).write_text(text, encoding="utf-8")
    return root


def _holding_token(folder: Path) -> list[str]:
    """Every file under ``folder`` that holds the token, compressed or not."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":  # Pagefind's index files are gzipped
            data = gzip.decompress(data)
        if TOKEN.encode() in data:
            found.append(path.relative_to(folder).as_posix())
    return found


def test_check_rejects_every_attempt(attacked: Path) -> None:
    problems = [p for p in check_paths(attacked, [attacked / PAGE])]
    codes = {problem.code for problem in problems}
    assert {
        Code.FRONT_MATTER_SCHEMA,  # myst: in the front matter
        Code.FILE_OUTSIDE,
        Code.UNSAFE_LINK,
        Code.FOREIGN_IMAGE,
        Code.EVENT_HANDLER,
        Code.INCLUDE_OUTSIDE,
        Code.RAW_DIRECTIVE,
        Code.IFRAME,
        Code.UNKNOWN_DIRECTIVE,  # eval-rst
    } <= codes
    assert all(problem.path == PAGE and problem.line > 1 for problem in problems)
    result = subprocess.run(
        [sys.executable, "-m", "dmreport", "check", "--root", str(attacked)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(rf"^{PAGE}:\d+:\d+: DMR019 include of ", result.stdout, re.M)


def test_strict_build_fails_with_the_page_and_line(attacked: Path, tmp_path: Path) -> None:
    with pytest.raises(DmreportError, match="the html build failed"):
        build_site(attacked, tmp_path / "html", pdf=False)


@pytest.fixture(scope="module")
def lenient(attacked: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What a preview would publish: the HTML written despite the warnings,
    its search index, and the LaTeX sources of the PDF."""
    out = tmp_path_factory.mktemp("lenient")
    html = build_site(attacked, out / "html", pdf=False, strict=False).html
    build_search_index(html)
    status = build_main(
        ["-q", "-b", "latex", "-d", str(out / "doctrees-latex"), str(attacked), str(out / "latex")]
    )
    assert status == 0
    return out


def test_no_output_holds_the_outside_file(lenient: Path) -> None:
    written = [p for p in lenient.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in written)  # the search index
    assert any(p.suffix == ".doctree" for p in written)
    assert any(p.suffix == ".tex" for p in written)
    assert (lenient / "html" / "reports" / "2020-01" / "alert-production.html").is_file()
    assert _holding_token(lenient) == []
    assert not list(lenient.rglob("_downloads/*/*"))
    assert not list(lenient.rglob("secret*"))


def test_the_page_runs_and_loads_nothing(lenient: Path) -> None:
    page = lenient / "html" / "reports" / "2020-01" / "alert-production.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    article = soup.select_one("article")
    assert article is not None
    assert "More work." in article.get_text()
    assert not article.select("script, iframe, meta")
    assert not soup.select('meta[http-equiv], meta[name="http-equiv=refresh"]')
    for element in article.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
    for link in article.select("a[href]"):
        assert not re.match(r"\s*(javascript|vbscript|data|file):", link["href"], re.I), link
    for image in article.select("img"):
        assert "://" not in image["src"] and not image["src"].startswith("//"), image
    # Front matter configures nothing: no substitution was made.
    assert "{{ sum }}" in article.get_text() and "42" not in article.get_text()
    # What was removed shows as text, so a reader sees what the writer wrote.
    assert '<span onclick="alert(2)">' in article.get_text()
