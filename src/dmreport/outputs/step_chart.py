"""A milestone's finish as each source stated it, month by month: a step
chart drawn as inline SVG (no script, no image file, cheap at thousands of
milestone pages).

The x-axis is the month a finish was stated (an export's month, a report's
month); the y-axis is the finish stated then. Each series holds its value
until the next statement, so a slip is a step up. The page's tables hold the
same data for screen readers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import date

#: (month stated, finish stated) in the order stated.
Series = Sequence[tuple[str, str]]

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 32, 56
#: Series name -> its colour and dash (colour-blind safe, told apart by dash too).
STYLES = {
    "Plan exports": ("#0072b2", ""),
    "Reports": ("#d55e00", "6 4"),
}


def as_day(value: str) -> date | None:
    """``2020-03-31`` or ``2020-03`` (its first day); anything else is None."""
    try:
        if len(value) == 7:
            return date.fromisoformat(value + "-01")
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def step_chart(title: str, series: dict[str, Series]) -> str:
    """The chart as an ``<svg>`` element, or ``""`` when no series has two dates."""
    points = {
        name: [(when, said) for m, v in values if (when := as_day(m)) and (said := as_day(v))]
        for name, values in series.items()
    }
    points = {name: sorted(p) for name, p in points.items() if p}
    if not points:
        return ""
    xs = [x for p in points.values() for x, _ in p]
    ys = [y for p in points.values() for _, y in p]
    x0, x1 = min(xs), max(max(xs), min(xs).replace(year=min(xs).year + 1))
    y0 = min(ys).replace(month=1, day=1)
    y1 = max(ys).replace(year=max(ys).year + 1, month=1, day=1)
    span_x, span_y = (x1 - x0).days or 1, (y1 - y0).days or 1

    def px(day: date) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - x0).days / span_x

    def py(day: date) -> float:
        return HEIGHT - BOTTOM - (HEIGHT - TOP - BOTTOM) * (day - y0).days / span_y

    parts = [
        f'<svg class="dmreport-step-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{html.escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{html.escape(title)}</title>",
    ]
    for year in range(y0.year, y1.year + 1):
        y = py(date(year, 1, 1))
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{year}</text>'
        )
    for year in range(x0.year, x1.year + 1):
        x = px(date(year, 1, 1))
        if LEFT <= x <= WIDTH - RIGHT:
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" class="grid"/>'
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">{year}</text>'
            )
    parts.append(
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - BOTTOM + 30}" text-anchor="end">'
        "month stated →</text>"
        f'<text x="12" y="14">finish ↑</text>'
    )
    legend_x = LEFT
    for name, values in points.items():
        colour, dash = STYLES.get(name, ("#555", ""))
        path = [f"M{px(values[0][0]):.1f},{py(values[0][1]):.1f}"]
        for when, said in values[1:]:
            path.append(f"H{px(when):.1f}V{py(said):.1f}")
        path.append(f"H{px(x1):.1f}")
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<path d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
        )
        parts.extend(
            f'<circle cx="{px(when):.1f}" cy="{py(said):.1f}" r="3" fill="{colour}"/>'
            for when, said in values
        )
        legend_y = HEIGHT - 14
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" '
            f'stroke="{colour}" stroke-width="2"{dashed}/>'
            f'<text x="{legend_x + 30}" y="{legend_y}">{html.escape(name)}</text>'
        )
        legend_x += 200
    parts.append("</svg>")
    return "".join(parts)
