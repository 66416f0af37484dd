"""The value-vs-effort matrix of the opportunity backlog: an SVG, each opportunity a point
labelled by its id (or the start of its text), in four named quadrants.

Value (for the customer, 1–5) runs up, effort (1–5) runs right; the quadrants split at 3:
quick wins (high value, low effort), big bets (high value, high effort), fill-ins (low value,
low effort) and money pits (low value, high effort). Opportunities at the same spot are
spread around it so that each stays readable. Text is escaped; the same backlog gives the
same bytes.
"""

from __future__ import annotations

import textwrap
from html import escape

WIDTH, HEIGHT, MARGIN = 640.0, 480.0, 56.0
QUADRANTS = (("Quick wins", "left", "top"), ("Big bets", "right", "top"),
             ("Fill-ins", "left", "bottom"), ("Money pits", "right", "bottom"))
_COLOURS = {"open": "#1565c0", "planned": "#6a1b9a", "doing": "#ef6c00", "done": "#2e7d32",
            "dropped": "#757575"}


def plotted(rows: list[dict]) -> list[dict]:
    """The backlog rows that have both a value and an effort on the 1–5 scale."""
    return [row for row in rows if isinstance(row.get("value"), int)
            and isinstance(row.get("effort"), int) and 1 <= row["value"] <= 5
            and 1 <= row["effort"] <= 5]


def label(row: dict) -> str:
    return row["id"] or textwrap.shorten(row["opportunity"], 28, placeholder="…")


def matrix_svg(rows: list[dict], title: str = "Value vs effort") -> str:
    """The matrix of the rows that have a value and an effort ("" when none has)."""
    points = plotted(rows)
    if not points:
        return ""
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def x(effort: float) -> float:
        return MARGIN + (effort - 0.5) / 5 * inner_w

    def y(value: float) -> float:
        return HEIGHT - MARGIN - (value - 0.5) / 5 * inner_h

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="matrix" role="img" '
             f'viewBox="0 0 {WIDTH:g} {HEIGHT:g}" width="{WIDTH:g}" height="{HEIGHT:g}" '
             f'aria-labelledby="matrix-title"><title id="matrix-title">{escape(title)}: '
             f'{len(points)} opportunities</title>',
             f'<rect x="{MARGIN:g}" y="{MARGIN:g}" width="{inner_w:g}" height="{inner_h:g}" '
             'fill="#fafafa" stroke="#90a4ae"/>',
             f'<line x1="{x(3):.1f}" y1="{MARGIN:g}" x2="{x(3):.1f}" y2="{HEIGHT - MARGIN:g}" '
             'stroke="#b0bec5" stroke-dasharray="4 3"/>',
             f'<line x1="{MARGIN:g}" y1="{y(3):.1f}" x2="{WIDTH - MARGIN:g}" y2="{y(3):.1f}" '
             'stroke="#b0bec5" stroke-dasharray="4 3"/>']
    for name, side, edge in QUADRANTS:
        qx = MARGIN + 8 if side == "left" else WIDTH - MARGIN - 8
        qy = MARGIN + 18 if edge == "top" else HEIGHT - MARGIN - 8
        anchor = "start" if side == "left" else "end"
        parts.append(f'<text class="quadrant" x="{qx:g}" y="{qy:g}" text-anchor="{anchor}" '
                     f'font-size="13" font-weight="bold" fill="#546e7a">{name}</text>')
    for tick in range(1, 6):
        parts.append(f'<text x="{x(tick):.1f}" y="{HEIGHT - MARGIN + 16:g}" font-size="11" '
                     f'text-anchor="middle" fill="#37474f">{tick}</text>')
        parts.append(f'<text x="{MARGIN - 10:g}" y="{y(tick) + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#37474f">{tick}</text>')
    parts.append(f'<text x="{WIDTH / 2:g}" y="{HEIGHT - 12:g}" font-size="12" '
                 'text-anchor="middle" fill="#37474f">effort →</text>')
    parts.append(f'<text x="16" y="{HEIGHT / 2:g}" font-size="12" text-anchor="middle" '
                 f'fill="#37474f" transform="rotate(-90 16 {HEIGHT / 2:g})">value for the '
                 'customer →</text>')
    for row, (px, py) in zip(points, _spread(points, x, y), strict=True):
        colour = _COLOURS.get(row["status"], _COLOURS["open"])
        name = escape(label(row))
        score = "" if row["score"] is None else f", score {row['score']:g}"
        left = row["effort"] >= 4  # labels on the right half read leftwards, inside the plot
        anchor = ' text-anchor="end"' if left else ""
        parts.append(f'<g class="point"><title>{escape(row["opportunity"])} (value '
                     f'{row["value"]}, effort {row["effort"]}{score}, {row["status"]})</title>'
                     f'<circle cx="{px:.1f}" cy="{py:.1f}" r="6" fill="{colour}"/>'
                     f'<text class="label" x="{px - 9 if left else px + 9:.1f}" '
                     f'y="{py + 4:.1f}" font-size="11" fill="#212121"'
                     f'{anchor}>{name}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


def _spread(points: list[dict], x, y) -> list[tuple[float, float]]:
    """Each point's place: its value and effort, stacked one above the other (labels
    clear of each other) when others share them."""
    groups: dict[tuple[int, int], list[int]] = {}
    for index, row in enumerate(points):
        groups.setdefault((row["effort"], row["value"]), []).append(index)
    places: list[tuple[float, float]] = [(0.0, 0.0)] * len(points)
    for (effort, value), members in groups.items():
        middle = (len(members) - 1) / 2
        for order, index in enumerate(members):
            places[index] = (x(effort), y(value) + (order - middle) * _STACK)
    return places


_STACK = 15.0  # the distance between points that share a value and an effort
