"""The curves of the emotion lane, for both renderers: one drawing mechanism for every series.

A `Series` is one value per step of the map, in map order: the map's own emotion, a
baseline's curve behind it, and whatever else is "more series on the same timeline". Both
renderers draw each series the same way (points at `labels.emotion_offset` heights joined
as `labels.curve_segments` says), back to front, the map's own curve last and on top.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cjm.core.model import LEGIBLE_PERSONAS, JourneyMap
from cjm.render import labels as lx

EMOTION = "emotion"  # the key of a map's own curve when it has one persona
BASELINE_COLOUR = "#757575"
MAIN_LINE_COLOUR = "#455a64"
#: Okabe & Ito's colour-blind-safe palette, and a marker glyph (DejaVu Sans has them all)
#: per persona, so that print in greyscale still tells the personas apart.
PERSONA_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00")
PERSONA_MARKERS = ("●", "■", "▼", "★", "⬟")
assert len(PERSONA_COLOURS) == len(PERSONA_MARKERS) == LEGIBLE_PERSONAS
#: How far apart the curves of several personas are drawn, in emotion levels and in
#: columns, so that equal scores hide neither each other's lines nor markers.
PERSONA_SPREAD = (0.12, 0.07)


@dataclass(frozen=True)
class Series:
    """A curve: a score (or None) per step, and how it is drawn."""

    key: str  # "emotion", "baseline", …
    label: str  # its legend entry
    scores: tuple[int | None, ...]
    line_colour: str
    point_colour: str | None = None  # None: each point in the colour of its score
    dashed: bool = False  # the whole line dashed (else dashed only across unscored steps)
    thin: bool = False  # drawn lighter, behind the main curve
    labelled: bool = False  # each point's score printed beside it
    marker: str | None = None  # a glyph drawn as the point (else a filled circle)
    nudge: float = 0.0  # drawn this many emotion levels above the exact height
    shift: float = 0.0  # and this share of a column to the right of the column's centre

    def window(self, start: int, stop: int) -> Series:
        return replace(self, scores=self.scores[start:stop])

    def colour_of(self, score: int) -> str:
        return self.point_colour or lx.emotion_colour(score)


@dataclass(frozen=True)
class Curves:
    """Every series of the emotion lane, back to front (the map's own emotion last), and
    the change from the baseline per step, printed under the main curve's points."""

    series: tuple[Series, ...]
    deltas: tuple[int | None, ...] | None = None

    @property
    def main(self) -> Series:
        return self.series[-1]

    @property
    def in_legend(self) -> tuple[Series, ...]:
        """The series the legend names: all but the map's own single emotion curve."""
        return tuple(series for series in self.series if series.key != EMOTION)

    def window(self, start: int, stop: int) -> Curves:
        """The curves over steps start…stop-1 (a row of the timeline, a page of the poster)."""
        deltas = self.deltas[start:stop] if self.deltas is not None else None
        return Curves(tuple(s.window(start, stop) for s in self.series), deltas)


@dataclass(frozen=True)
class PersonaStyle:
    """How one persona of a map with several is drawn: colour and marker glyph."""

    id: str
    name: str
    colour: str
    marker: str


def persona_styles(journey: JourneyMap) -> tuple[PersonaStyle, ...]:
    """The styles of the map's `personas`, in order; empty for a map with one persona."""
    named = [(persona.id, persona.name or persona.id) for persona in journey.personas
             if persona.id is not None]
    return tuple(PersonaStyle(id.value, name.value, PERSONA_COLOURS[i % len(PERSONA_COLOURS)],
                              PERSONA_MARKERS[i % len(PERSONA_MARKERS)])
                 for i, (id, name) in enumerate(named))


def persona_series(journey: JourneyMap) -> tuple[Series, ...]:
    """A curve per persona, each in its colour with its marker, a little apart."""
    styles = persona_styles(journey)
    middle = (len(styles) - 1) / 2
    series = []
    for i, style in enumerate(styles):
        scores = tuple(score.value if (score := step.score_for(style.id)) else None
                       for _, step in journey.steps())
        series.append(Series(style.id, f"{style.marker} {style.name}", scores, style.colour,
                             style.colour, marker=style.marker,
                             nudge=(middle - i) * PERSONA_SPREAD[0],
                             shift=(i - middle) * PERSONA_SPREAD[1]))
    return tuple(series)


def emotion_series(journey: JourneyMap) -> Series:
    words = lx.labels(journey.language)
    scores = tuple(step.emotion.value if step.emotion else None for _, step in journey.steps())
    return Series(EMOTION, words["emotion"], scores, MAIN_LINE_COLOUR, labelled=True)


def curves_for(journey: JourneyMap, baseline: JourneyMap | None = None,
               baseline_name: str = "") -> Curves:
    """The curves of a map: its emotion, and with a `baseline` that map's curve behind it
    (matched step by step as `cjm compare` matches them) and the change per step."""
    if journey.personas:
        return Curves(persona_series(journey))
    main = emotion_series(journey)
    if baseline is None:
        return Curves((main,))
    from cjm.core.matching import baseline_scores

    words = lx.labels(journey.language)
    before = tuple(baseline_scores(baseline, journey))
    label = f"{words['baseline']}: {baseline_name}" if baseline_name else words["baseline"]
    behind = Series("baseline", label, before, BASELINE_COLOUR, BASELINE_COLOUR,
                    dashed=True, thin=True)
    deltas = tuple(None if a is None or b is None else a - b
                   for a, b in zip(main.scores, before, strict=True))
    return Curves((behind, main), deltas)


def delta_text(delta: int) -> str:
    return "±0" if delta == 0 else f"{delta:+d}".replace("-", "−")


def delta_colour(delta: int) -> str:
    if delta > 0:
        return lx.EMOTION_COLOURS[5]
    return lx.EMOTION_COLOURS[1] if delta < 0 else lx.UNSCORED_COLOUR
