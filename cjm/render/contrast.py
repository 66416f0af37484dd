"""Text colours at WCAG AA contrast: the page's and the standalone SVG's text is darkened,
where needed, until it reads on the darkest background it sits on."""

from __future__ import annotations

import functools
import re

#: The darkest background text sits on (the lanes' grey); text that reads on it reads on
#: every lighter one.
DARKEST_BACKGROUND = "#e3e8eb"
AA_CONTRAST = 4.5
_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{6})")
_SVG_TEXT_FILL = re.compile(r'(<text\b[^>]*?\bfill=")(#[0-9a-fA-F]{6})(")')


def readable_text(page: str) -> str:
    """The page with every text colour (CSS `color:`, SVG text `fill`) darkened, where
    needed, to reach AA contrast on the darkest background."""
    page = _COLOUR.sub(lambda m: f"color: {readable(m.group(1))}", page)
    return _SVG_TEXT_FILL.sub(lambda m: m.group(1) + readable(m.group(2)) + m.group(3), page)


@functools.cache
def readable(colour: str, background: str = DARKEST_BACKGROUND) -> str:
    """`colour`, darkened in small steps towards black until it has AA contrast with
    `background` (unchanged when it has already)."""
    red, green, blue = _rgb(colour)
    share = 1.0
    while contrast((red * share, green * share, blue * share), _rgb(background)) < AA_CONTRAST:
        share -= 0.02
    return "#" + "".join(f"{round(channel * share):02x}" for channel in (red, green, blue))


def _rgb(colour: str) -> tuple[float, float, float]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def contrast(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (channels 0–255)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue
