"""The milestone tables a site's month PDF prints: not ruled in columns, so
read from their layout. A header row "Milestone Title Dates Status" over
"Explanation"; then per record a row of those four cells (the title and
dates may wrap inside their columns) and the explanation across the width."""

from __future__ import annotations

import re

from ...core.ids import MILESTONE_ID
from .pdf_layout import Glyph, Line, TableArea

HEAD = ("milestone", "title", "dates", "status")
#: Points between two lines of one table; a larger gap ends it.
GAP = 12.0
#: How far (points) a line may start from a column's edge and still be in it.
SLACK = 2.0
RECORD = re.compile(rf"^{MILESTONE_ID}$")


def _texts(line: Line) -> list[str]:
    return ["".join(g.text for g in word) for word in line.words()]


def _cells(line: Line, starts: list[float]) -> list[list[Glyph]]:
    """The line's words, each in the column where it starts."""
    cells: list[list[Glyph]] = [[] for _ in starts]
    for word in line.words():
        column = max(i for i, x in enumerate(starts) if word[0].x0 >= x - SLACK or i == 0)
        cells[column].extend(word)
    return cells


def record_tables(items: list[Line | TableArea], page: int) -> list[Line | TableArea]:
    """``items`` with each printed milestone table made one :class:`TableArea`."""
    out: list[Line | TableArea] = []
    index = 0
    while index < len(items):
        head = items[index]
        if not isinstance(head, Line) or [t.casefold() for t in _texts(head)] != list(HEAD):
            out.append(head)
            index += 1
            continue
        starts = [word[0].x0 for word in head.words()]
        area = TableArea(page, head.top)
        header: list[list[Line]] = [[Line(page, list(word))] for word in head.words()]
        following = index + 1
        explanation: list[Line] = []
        nxt = items[following] if following < len(items) else None
        if isinstance(nxt, Line) and _texts(nxt) == ["Explanation"]:
            explanation, following = [nxt], following + 1
        area.rows.append([*header, explanation])
        previous: Line = explanation[0] if explanation else head
        row: list[list[Line]] | None = None
        while following < len(items):
            line = items[following]
            if not isinstance(line, Line) or line.top - previous.bottom > GAP:
                break
            words = _texts(line)
            at_start = abs(line.x0 - starts[0]) <= SLACK
            titled = any(abs(w[0].x0 - starts[1]) <= SLACK for w in line.words()[1:])
            if at_start and RECORD.match(words[0]) and titled:
                row = [[] for _ in range(len(starts) + 1)]
                area.rows.append(row)
            if row is None:
                break
            if at_start and row[0]:
                row[-1].append(line)  # the explanation, across the row
            else:
                for column, glyphs in enumerate(_cells(line, starts)):
                    if glyphs:
                        row[column].append(Line(page, glyphs))
            previous = line
            following += 1
        if len(area.rows) < 2:
            out.append(head)
            index += 1
            continue
        out.append(area)
        index = following
    return out
