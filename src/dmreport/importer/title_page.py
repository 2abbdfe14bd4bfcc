"""The title page of a report, before its first part: the title block
(whose words name the report and whose date names the month), metadata,
a change record and a table of contents. The month's landing page shows
what they say, so the layout replaces them; the cover's facts stay."""

from __future__ import annotations

from ..core.dates import dates_in
from .blocks import Block
from .cover import states_a_fact
from .shape import Decisions
from .vocabulary import TOC_ENTRY, front_section, is_metadata_line, is_title_line, name_words


class TitlePage:
    """Recognises the lines of the title page, and reads the report's name
    and month from its title block."""

    def __init__(self, log: Decisions) -> None:
        self.log = log
        #: The title page's section: "change record", "table of contents" or "".
        self.section = ""
        #: The title's first full date (an issue date, perhaps): month, line.
        self.dated: tuple[str, int] | None = None

    def is_contents_entry(self, text: str) -> bool:
        """A line of the table of contents: it names a part, it is not one."""
        return self.section == "table of contents" and bool(TOC_ENTRY.search(text))

    def take(self, block: Block, text: str) -> bool:
        """Take a line of the title page (title, date, metadata, change record,
        contents); say whether the layout replaces it. A cover's facts are
        not replaced: they stay on the landing page."""
        shape = self.log.shape
        section = front_section(text)
        if section:
            self.section, reason = section, section
        elif self.section == "table of contents" and TOC_ENTRY.search(text):
            reason = self.section
        elif is_metadata_line(text) or states_a_fact(text):
            # the cover: kept on the landing page, its facts read; a date of
            # issue still tells the month when nothing else does
            if (dated := dates_in(text)) and not shape.month and not self.dated:
                self.dated = (dated[0].month, block.line)
            return False
        elif is_title_line(text):
            reason = "title block (the month's landing page shows it)"
            self._name(text)
            months = [d for d in dates_in(text) if d.day is None]
            if months and not shape.month:
                shape.month, shape.month_line = months[0].month, block.line
            elif (dated := dates_in(text)) and not shape.month and not self.dated:
                self.dated = (dated[0].month, block.line)
        elif self.section == "change record":
            reason = self.section
        else:
            return False
        self.log.replace(block, "", reason)
        return True

    def _name(self, text: str) -> None:
        """Add a title line's words, its date aside, to the report's name."""
        words = name_words(text)
        if words:
            self.log.shape.name = f"{self.log.shape.name} {words}".strip()
