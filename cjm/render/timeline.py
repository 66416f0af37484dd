"""Geometry of the SVG timeline: which step goes in which row and where everything stands.

The timeline wraps into rows of at most `columns` steps (balanced, so the last row is not a
stub), so its width stays bounded however long the journey is. Each row has phase bands
on top (a phase split over rows says "continued"), the step cards, and an emotion lane whose
points stand at the exact height of their score. All sizes are in points, y grows downwards.
Text is wrapped here, by a conservative estimate of DejaVu Sans' widths, so it is never
clipped: Graphviz grows a card rather than cut its text.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field, replace

from cjm.core import lanes
from cjm.core.lanes import Lane
from cjm.core.library import MetricType
from cjm.core.model import EMOTION_MAX, EMOTION_MIN, JourneyMap, Phase, Step
from cjm.render.cells import cell, cell_texts, quotes
from cjm.render.detail import MARK, DetailLink, detail_link
from cjm.render.funnel import Bar, bars, figures, phase_notes
from cjm.render.labels import emotion_offset, labels
from cjm.render.series import PersonaStyle, persona_styles

DEFAULT_COLUMNS = 6
MARGIN = 24.0
LANE_LABEL_WIDTH = 84.0
CARD_WIDTH = 176.0
COLUMN_GAP = 16.0
BAND_SIZE = 9.5
BAND_PADDING = 6.0
BAND_GAP = 8.0
LANE_GAP = 12.0
LEVEL_SPACING = 13.0
LANE_PADDING = 10.0
ROW_GAP = 30.0
CARD_PADDING = 4.0
#: Average advance of DejaVu Sans as a share of the font size, rounded up for safety.
CHAR_WIDTH = 0.6
LINE_HEIGHT = 1.25

ACTION_SIZE, DETAIL_SIZE, MARK_SIZE = 10.0, 8.5, 9.0
#: The funnel lane: a value line, the bar, a drop-off line, and padding.
FUNNEL_HEIGHT, FUNNEL_BAR = 48.0, 12.0
#: The service blueprint's lanes: padding around their text, and the room a labelled line
#: takes above a lane.
STRIP_PADDING, STRIP_LINE_GAP = 6.0, 22.0


@dataclass(frozen=True)
class CardText:
    """A step's text, wrapped to the card's width: the action, then each lane the card
    shows as lines (those with any), then the metrics."""

    action: tuple[str, ...]
    lanes: tuple[tuple[Lane, tuple[str, ...]], ...] = ()
    figures: tuple[str, ...] = ()  # metrics, e.g. "conv. 31% · CSAT 3.8"
    detail: tuple[str, ...] = ()  # "↗ Onboarding": the map that shows the step in detail
    link: str | None = None  # where the detail map's SVG is

    def height(self) -> float:
        """Estimated card height: its lines plus the marker line and paddings."""
        details = sum(len(lines) for _, lines in self.lanes) + len(self.figures) \
            + len(self.detail)
        lines = len(self.action) * ACTION_SIZE + MARK_SIZE + details * DETAIL_SIZE
        cells = 2 + len(self.lanes) + bool(self.figures) + bool(self.detail)
        return lines * 1.2 + cells * 2 * CARD_PADDING + 2


@dataclass(frozen=True)
class Card:
    number: int
    step: Step
    phase_index: int
    text: CardText
    x: float  # left edge
    y: float  # top edge

    @property
    def centre_x(self) -> float:
        return self.x + CARD_WIDTH / 2


@dataclass(frozen=True)
class Band:
    """The label above the steps of one phase within one row."""

    phase: Phase
    phase_index: int
    continued: bool
    label: str
    x: float
    y: float
    width: float


@dataclass(frozen=True)
class Strip:
    """A lane of the service blueprint across one row: its items per card, wrapped, and the
    labelled line drawn above it (none for the evidence lane)."""

    lane: Lane
    top: float  # of the lane's text, under the line when there is one
    height: float
    lines: tuple[tuple[str, ...], ...]  # per card of the row

    @property
    def line_y(self) -> float:
        return self.top - STRIP_LINE_GAP / 2


@dataclass(frozen=True)
class Row:
    cards: tuple[Card, ...]
    bands: tuple[Band, ...]
    top: float
    band_height: float
    card_height: float
    lane_top: float
    funnel_height: float = 0.0  # the funnel lane under the emotion lane; 0: none
    strips: tuple[Strip, ...] = ()  # the service blueprint under them (none: no blueprint)

    @property
    def lane_height(self) -> float:
        return (EMOTION_MAX - EMOTION_MIN) * LEVEL_SPACING + 2 * LANE_PADDING

    @property
    def funnel_top(self) -> float:
        return self.lane_top + self.lane_height + LANE_GAP

    @property
    def bottom(self) -> float:
        if self.strips:
            return self.strips[-1].top + self.strips[-1].height
        return self.journey_bottom

    @property
    def journey_bottom(self) -> float:
        """The bottom of the journey's lanes (emotion, funnel), above any blueprint."""
        if self.funnel_height:
            return self.funnel_top + self.funnel_height
        return self.lane_top + self.lane_height

    def level_y(self, score: int) -> float:
        """The y of an emotion score in this row's lane (5 at the top)."""
        return self.lane_top + emotion_offset(score, self.lane_height, LANE_PADDING)


@dataclass(frozen=True)
class Timeline:
    journey: JourneyMap
    rows: tuple[Row, ...]
    width: float
    header_height: float
    height: float
    columns: int
    bars: tuple[Bar, ...] = ()  # the funnel lane's bars, one per step (none: no funnel)


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of `text` that fit `width` points at font `size`; newlines are kept."""
    chars = max(8, int(width / (size * CHAR_WIDTH)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, chars, break_long_words=True,
                               break_on_hyphens=True) or [""]
    return lines


def band_lines(label: str, width: float) -> list[str]:
    """A phase band's label, wrapped to the band."""
    return wrap(label, width - 2 * BAND_PADDING, BAND_SIZE)


def columns_for(step_count: int, max_columns: int) -> int:
    """Steps per row: at most `max_columns`, balanced over the rows needed."""
    if step_count == 0:
        return 1
    if max_columns <= 0:
        return step_count
    rows = math.ceil(step_count / max_columns)
    return math.ceil(step_count / rows)


def card_text(step: Step, touchpoint_names: dict[str, str],
              styles: tuple[PersonaStyle, ...] = (), lang: str = "en",
              with_reached: bool = True, detail: DetailLink | None = None,
              typed: dict[str, MetricType] | None = None) -> CardText:
    inner = CARD_WIDTH - 2 * CARD_PADDING - 2
    action = wrap(step.action.value if step.action else "", inner - 14, ACTION_SIZE)
    shown_lanes = []
    for lane in lanes.drawn():
        if lane.card == lanes.LINES:
            lines = tuple(_card_lines(lane, step, touchpoint_names, styles, inner))
            if lines:
                shown_lanes.append((lane, lines))
    shown = figures(step, lang, with_reached, typed)
    linked = tuple(wrap(f"{MARK} {detail.title}", inner, DETAIL_SIZE)) if detail else ()
    return CardText(tuple(action), tuple(shown_lanes),
                    tuple(wrap(shown, inner, DETAIL_SIZE) if shown else ()), linked,
                    detail.href(".svg") if detail else None)


def _card_lines(lane: Lane, step: Step, names: dict[str, str],
                styles: tuple[PersonaStyle, ...], width: float) -> list[str]:
    """A lane's text on the card, wrapped: chips on one line, a quote or an item each."""
    if lane.shown == lanes.QUOTES:
        return [line for who, quote in quotes(lane, step, styles)
                for line in wrap(f"{who}: “{quote}”" if who else f"“{quote}”", width,
                                 DETAIL_SIZE)]
    items = cell(lane, step, names, styles, {})
    if lane.shown == lanes.CHIPS:
        joined = " · ".join(str(item) for item in items)
        return wrap(joined, width, DETAIL_SIZE) if joined else []
    return [line for item in items for line in wrap(f"· {item}", width, DETAIL_SIZE)]


def width_for(columns: int) -> float:
    """The timeline's width with `columns` steps a row (see columns_for)."""
    return 2 * MARGIN + LANE_LABEL_WIDTH + columns * (CARD_WIDTH + COLUMN_GAP)


def lay_out(journey: JourneyMap, max_columns: int = DEFAULT_COLUMNS,
            header_height: float = 70.0) -> Timeline:
    """Place every step of the journey on the timeline."""
    funnel = bars(journey)
    steps = [step for _, step in journey.steps()]
    blueprint = tuple(lane for lane in lanes.drawn() if lane.blueprint and lane.card != lanes.COUNT
                      and any(lane.filled(step) for step in steps))
    look = _Look(journey.touchpoint_names(), persona_styles(journey), journey.language,
                 bool(funnel), phase_notes(journey), blueprint, journey.doer_names(),
                 journey.metric_types())
    indexed = [(phase_index, step) for phase_index, phase in enumerate(journey.phases)
               for step in phase.steps]
    columns = columns_for(len(indexed), max_columns)
    rows: list[Row] = []
    top = MARGIN + header_height
    for start in range(0, len(indexed), columns):
        row = _row(journey, indexed[start:start + columns], start, top, look)
        rows.append(row)
        top = row.bottom + ROW_GAP
    width = width_for(columns)
    return Timeline(journey, tuple(rows), width, header_height, top - ROW_GAP + MARGIN, columns,
                    funnel)


@dataclass(frozen=True)
class _Look:
    """What every row of a map is drawn with."""

    touchpoint_names: dict[str, str]
    styles: tuple[PersonaStyle, ...]
    lang: str
    funnel: bool  # a funnel lane under the emotion lane
    phase_notes: list[str]  # per phase, its drop-off for the band ("" for none)
    blueprint: tuple[Lane, ...] = ()  # the blueprint lanes the map fills, drawn in strips
    doers: dict[str, str] = field(default_factory=dict)  # the library's teams and systems
    typed: dict[str, MetricType] = field(default_factory=dict)  # the library's metrics


def _row(journey: JourneyMap, chunk: list[tuple[int, Step]], first_number: int, top: float,
         look: _Look) -> Row:
    cards = [Card(first_number + i + 1, step, phase_index,
                  card_text(step, look.touchpoint_names, look.styles, look.lang,
                            with_reached=not look.funnel, detail=detail_link(journey, step),
                            typed=look.typed),
                  MARGIN + LANE_LABEL_WIDTH + i * (CARD_WIDTH + COLUMN_GAP), 0.0)
             for i, (phase_index, step) in enumerate(chunk)]
    bands = _bands(journey, cards, top, look.phase_notes)
    most_lines = max(len(band_lines(band.label, band.width)) for band in bands)
    band_height = most_lines * BAND_SIZE * LINE_HEIGHT + 2 * BAND_PADDING
    card_top = top + band_height + BAND_GAP
    placed = tuple(replace(card, y=card_top) for card in cards)
    card_height = max(card.text.height() for card in placed)
    row = Row(placed, tuple(bands), top, band_height, card_height,
              card_top + card_height + LANE_GAP, FUNNEL_HEIGHT if look.funnel else 0.0)
    if not look.blueprint:
        return row
    return replace(row, strips=_strips(placed, look, row.journey_bottom + LANE_GAP))


def _strips(cards: tuple[Card, ...], look: _Look, top: float) -> tuple[Strip, ...]:
    """The blueprint's lanes under a row, one after the other, each as tall as its fullest
    card; a lane with a line above it starts under the line and its label."""
    strips = []
    width = CARD_WIDTH - 2 * CARD_PADDING
    for lane in look.blueprint:
        if lane.line_above:
            top += STRIP_LINE_GAP
        lines = tuple(tuple(line for text in cell_texts(lane, card.step, look.lang,
                                                        look.doers)
                            for line in wrap(text, width, DETAIL_SIZE)) for card in cards)
        most = max((len(card_lines) for card_lines in lines), default=0)
        height = max(1, most) * DETAIL_SIZE * LINE_HEIGHT + 2 * STRIP_PADDING
        strips.append(Strip(lane, top, height, lines))
        top += height
    return tuple(strips)


def _bands(journey: JourneyMap, cards: list[Card], top: float,
           notes: list[str]) -> list[Band]:
    continued_word = labels(journey.language)["continued"]
    bands: list[Band] = []
    group: list[Card] = []
    for card in (*cards, None):
        if group and (card is None or card.phase_index != group[0].phase_index):
            index = group[0].phase_index
            phase = journey.phases[index]
            continued = phase.steps[0] is not group[0].step
            width = group[-1].x + CARD_WIDTH - group[0].x
            name = phase.name.value if phase.name else ""
            label = name.upper() + (f" ({continued_word})" if continued else "")
            if notes[index] and not continued:
                label += f"  {notes[index]}"
            bands.append(Band(phase, index, continued, label, group[0].x, top, width))
            group = []
        if card is not None:
            group.append(card)
    return bands
