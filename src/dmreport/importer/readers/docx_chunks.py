"""What a Word document embeds besides its own paragraphs.

An alternative chunk (``w:altChunk``) is a part in another format that Word
merges into the body when it opens the file: HTML (or XHTML) and plain text
chunks are read as paragraphs here; any other chunk (MHT, RTF, another Word
document) and embedded OLE objects (``w:object``) cannot be read, so the
import is refused naming them — their words are never counted as kept.
"""

from __future__ import annotations

from html.parser import HTMLParser

#: Elements that end a paragraph of an HTML chunk.
BLOCKS = frozenset(
    {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "blockquote",
     "pre", "dt", "dd", "caption", "title"}
)  # fmt: skip
#: Elements whose text is not shown.
HIDDEN = frozenset({"script", "style", "head", "template"})
HTML_TYPES = ("text/html", "application/xhtml+xml")


class _Text(HTMLParser):
    """The visible text of an HTML document, one string per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCKS:
            self.flush()
        elif tag == "td" or tag == "th":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self.hidden = max(self.hidden - 1, 0)
        elif tag in BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []


def chunk_paragraphs(content_type: str, data: bytes) -> list[str] | None:
    """The paragraphs of an alternative chunk, or None when its format
    cannot be read."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in HTML_TYPES:
        parser = _Text()
        parser.feed(data.decode("utf-8", errors="replace"))
        parser.close()
        parser.flush()
        return parser.blocks
    if kind == "text/plain":
        text = data.decode("utf-8", errors="replace")
        return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    return None
