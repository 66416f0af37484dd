"""What the PDF poster shows, page by page: a view of the map for the HTML theme.

Pages hold at most as many step columns as the paper fits at a readable width; phase
headers repeat on each page ("continued"), lanes that are empty in the whole map are left
out, and the emotion curve of a page is an SVG drawn in millimetres on the same grid as the
columns, so its points stand exactly over their steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from cjm.core import lanes
from cjm.core.model import (
    DEFAULT_LOW_MOMENT,
    EMOTION_MAX,
    EMOTION_MIN,
    JourneyMap,
    Phase,
    Step,
    is_low,
)
from cjm.render import labels as lx
from cjm.render.cells import cell
from cjm.render.detail import DetailLink, detail_link
from cjm.render.footnotes import Footnote, footnotes
from cjm.render.funnel import BAR_COLOUR, Bar, bars, figures, phase_notes
from cjm.render.series import (
    Curves,
    PersonaStyle,
    Series,
    curves_for,
    delta_colour,
    delta_text,
    persona_styles,
)

#: Paper sizes in millimetres (portrait: width, height).
PAPERS = {"A4": (210.0, 297.0), "A3": (297.0, 420.0), "letter": (215.9, 279.4)}
ORIENTATIONS = ("landscape", "portrait")
PAGE_MARGIN = 12.0
LANE_LABEL_WIDTH = 30.0
MIN_COLUMN_WIDTH = 40.0
MAX_COLUMNS = 10
CURVE_HEIGHT = 24.0
FUNNEL_HEIGHT = 13.0
SVG_FONTS = "DejaVu Sans, Noto Sans, sans-serif"


@dataclass(frozen=True)
class Paper:
    """A page size and orientation, and the grid it fits."""

    name: str
    orientation: str

    @property
    def size(self) -> tuple[float, float]:
        short, long = PAPERS[self.name]
        return (long, short) if self.orientation == "landscape" else (short, long)

    @property
    def columns(self) -> int:
        """How many step columns of at least MIN_COLUMN_WIDTH fit beside the lane labels."""
        free = self.size[0] - 2 * PAGE_MARGIN - LANE_LABEL_WIDTH
        return max(1, min(MAX_COLUMNS, int(free // MIN_COLUMN_WIDTH)))

    @property
    def column_width(self) -> float:
        return (self.size[0] - 2 * PAGE_MARGIN - LANE_LABEL_WIDTH) / self.columns

    @property
    def css_size(self) -> str:
        width, height = self.size
        return f"{width:g}mm {height:g}mm"


@dataclass(frozen=True)
class StepView:
    number: int
    step: Step
    #: Lane name → what its cell shows (see cjm.render.cells.cell).
    cells: dict[str, tuple[object, ...]]
    mark: str | None = None  # "added", "moved" or "changed" (render --diff)
    #: With several personas: each persona taking the step, with their score (or None).
    persona_scores: tuple[tuple[PersonaStyle, int | None], ...] = ()
    figures: str = ""  # its metrics, "conv. 31% · CSAT 3.8" (reached is in the funnel lane)
    low_moment: int = DEFAULT_LOW_MOMENT  # the score at or below which it is a low moment
    detail: DetailLink | None = None  # the map that shows the step in detail
    notes: tuple[int, ...] = ()  # the footnotes (insights) that back it

    @property
    def score(self) -> int | None:
        """The step's score; with several personas, the lowest of theirs."""
        if self.persona_scores:
            return min((score for _, score in self.persona_scores if score is not None),
                       default=None)
        return self.step.emotion.value if self.step.emotion else None

    @property
    def low(self) -> bool:
        return is_low(self.score, self.low_moment)

    @property
    def colour(self) -> str:
        return lx.emotion_colour(self.score)

    @property
    def face(self) -> str:
        return lx.FACES.get(self.score, "") if self.score is not None else ""


@dataclass(frozen=True)
class PhaseHeader:
    phase: Phase
    index: int
    span: int
    continued: bool
    fill: str
    note: str = ""  # the phase's drop-off, "↘ 38%", when the map has a funnel

    @property
    def name(self) -> str:
        return self.phase.name.value if self.phase.name else ""


@dataclass
class Page:
    steps: list[StepView] = field(default_factory=list)
    headers: list[PhaseHeader] = field(default_factory=list)
    curve: str = ""
    funnel: str = ""  # the funnel lane's inline SVG, when the map has one
    #: The grid's width in mm: a set width lets WeasyPrint use the fast fixed table layout.
    width: float = 0.0


@dataclass(frozen=True)
class Poster:
    journey: JourneyMap
    paper: Paper
    pages: list[Page]
    lanes: tuple[str, ...]
    words: dict[str, str]
    curves: Curves
    footnotes: list[Footnote] = field(default_factory=list)  # the insights, numbered


def build(journey: JourneyMap, paper: Paper, marks: dict[int, str] | None = None,
          curves: Curves | None = None, point_titles: bool = False,
          low_moment: int = DEFAULT_LOW_MOMENT) -> Poster:
    """The poster of a map on `paper`; `marks` highlights steps by number; `curves` are the
    emotion lane's series (by default the map's own emotion); with `point_titles`, each
    point of the curve names its step (a tooltip in a browser)."""
    curves = curves or curves_for(journey)
    names, doers, typed = journey.touchpoint_names(), journey.doer_names(), journey.metric_types()
    listed, backed = footnotes(journey)
    marks = marks or {}
    styles = persona_styles(journey)
    funnel = bars(journey)
    words = lx.labels(journey.language, low_moment)
    drawn = lanes.drawn()
    views = [(index, StepView(number, step,
                              {lane.name: cell(lane, step, names, styles, words, doers)
                               for lane in drawn},
                              marks.get(number), _persona_scores(step, styles),
                              figures(step, journey.language, not funnel, typed),
                              low_moment, detail_link(journey, step), backed.get(number, ())))
             for number, (index, step) in enumerate(
                 ((index, step) for index, phase in enumerate(journey.phases)
                  for step in phase.steps), start=1)]
    notes = phase_notes(journey)
    pages = []
    for start in range(0, len(views), paper.columns):
        chunk = views[start:start + paper.columns]
        page = Page([view for _, view in chunk], _headers(journey, chunk, notes))
        page.curve = curve_svg(page.steps, paper.column_width,
                               curves.window(start, start + len(chunk)), point_titles,
                               words.get("emotion", "Emotion"))
        if funnel:
            page.funnel = funnel_svg(funnel[start:start + len(chunk)], paper.column_width,
                                     lx.labels(journey.language))
        page.width = LANE_LABEL_WIDTH + len(page.steps) * paper.column_width
        pages.append(page)
    return Poster(journey, paper, pages, _lanes(journey, bool(funnel)), words, curves, listed)


def _persona_scores(step: Step, styles: tuple[PersonaStyle, ...]
                    ) -> tuple[tuple[PersonaStyle, int | None], ...]:
    return tuple((style, score.value if (score := step.score_for(style.id)) else None)
                 for style in styles if step.takes(style.id))


def _headers(journey: JourneyMap, chunk: list[tuple[int, StepView]],
             notes: list[str]) -> list[PhaseHeader]:
    headers: list[PhaseHeader] = []
    for index, view in chunk:
        if headers and headers[-1].index == index:
            last = headers[-1]
            headers[-1] = PhaseHeader(last.phase, index, last.span + 1, last.continued,
                                      last.fill, last.note)
            continue
        phase = journey.phases[index]
        continued = phase.steps[0] is not view.step
        fill = lx.PHASE_FILLS[index % len(lx.PHASE_FILLS)]
        headers.append(PhaseHeader(phase, index, 1, continued, fill, notes[index]))
    return headers


def _lanes(journey: JourneyMap, funnel: bool) -> tuple[str, ...]:
    """The lanes with something in them somewhere in the map, in their fixed order."""
    steps = [step for _, step in journey.steps()]
    return tuple(lane.name for lane in lanes.drawn()
                 if (funnel if lane.shown == lanes.METRICS
                     else any(lane.filled(step) for step in steps)))


def curve_svg(steps: list[StepView], column_width: float, curves: Curves,
              point_titles: bool = False, label: str = "Emotion") -> str:
    """An inline SVG (mm units) of the emotion lane over `steps`: gridlines at each level,
    then every series of `curves` back to front (a point per scored step at its column's
    centre, joined in order), then the change from the baseline under the main points. Its
    `<title>`, what a tagged PDF gives as the figure's text: `label` and each score."""
    width, height, padding = len(steps) * column_width, CURVE_HEIGHT, 4.0
    scored = [f"{view.number}. {view.step.action.value if view.step.action else ''}: {score}"
              for view, score in zip(steps, curves.main.scores, strict=False)
              if score is not None]
    parts = [_svg_open(width, height, f"{label}: " + "; ".join(scored))]
    for score in range(EMOTION_MIN, EMOTION_MAX + 1):
        y = lx.emotion_offset(score, height, padding)
        parts.append(f'<line x1="0" y1="{y:.2f}" x2="{width:.2f}" y2="{y:.2f}" '
                     'stroke="#e0e0e0" stroke-width="0.2"/>')

    level = (height - 2 * padding) / (EMOTION_MAX - EMOTION_MIN)

    for series in curves.series:
        def at(i: int, score: int, series: Series = series) -> tuple[float, float]:
            return ((i + 0.5 + series.shift) * column_width,
                    lx.emotion_offset(score, height, padding) - series.nudge * level)

        parts += _series_svg(series, at, [_point_title(view, series) for view in steps]
                             if point_titles else None)
    deltas = curves.deltas or ()
    for i, (after, delta) in enumerate(zip(curves.main.scores, deltas, strict=False)):
        if after is not None and delta is not None:
            x, y = (i + 0.5) * column_width, lx.emotion_offset(after, height, padding)
            parts.append(f'<text x="{x + 2.2:.2f}" y="{y + 3.6:.2f}" font-size="2.6" '
                         f'fill="{delta_colour(delta)}">{delta_text(delta)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def funnel_svg(bars: tuple[Bar, ...], column_width: float, words: dict[str, str]) -> str:
    """An inline SVG (mm units) of the funnel lane over a page's steps: a bar per measured
    step, as wide as its share of the widest step, its number above and its drop-off below
    (the biggest in red, named)."""
    width, height, bar_top, bar_height = len(bars) * column_width, FUNNEL_HEIGHT, 4.5, 4.0
    measured = "; ".join(f"{bar.value_text}" + (f" ({bar.drop_text})" if bar.drop_text else "")
                         for bar in bars if bar.reached is not None)
    parts = [_svg_open(width, height, f"{words.get('funnel', 'Funnel')}: {measured}")]
    for i, bar in enumerate(bars):
        if bar.reached is None:
            continue
        centre = (i + 0.5) * column_width
        span = max(0.6, bar.share * (column_width - 4))
        outline = (f' stroke="{bar.drop_colour}" stroke-width="0.5"' if bar.biggest else "")
        parts.append(f'<rect x="{centre - span / 2:.2f}" y="{bar_top}" width="{span:.2f}" '
                     f'height="{bar_height}" fill="{BAR_COLOUR}"{outline}/>')
        parts.append(f'<text x="{centre:.2f}" y="3.4" font-size="2.8" font-weight="bold" '
                     f'text-anchor="middle" fill="#37474f">{bar.value_text}</text>')
        if bar.drop_text:
            label = bar.drop_text + (f" ({words['biggest_drop']})" if bar.biggest else "")
            weight = ' font-weight="bold"' if bar.biggest else ""
            parts.append(f'<text x="{centre:.2f}" y="{bar_top + bar_height + 3.2:.2f}" '
                         f'font-size="2.6"{weight} text-anchor="middle" '
                         f'fill="{bar.drop_colour}">{escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(width: float, height: float, title: str) -> str:
    """An inline SVG's start tag, in mm, and its title (a figure's text for screen readers);
    its font named, since an SVG does not take the page's (else WeasyPrint draws its figures
    in whatever sans-serif comes first)."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}mm" '
            f'height="{height:g}mm" viewBox="0 0 {width:.2f} {height:g}" '
            f'font-family="{SVG_FONTS}" role="img"><title>{escape(title)}</title>')


def _point_title(view: StepView, series: Series) -> str:
    action = view.step.action.value if view.step.action else ""
    return f"{view.number}. {action}" + (f" ({series.label})" if series.key != "emotion"
                                         else "")


def _series_svg(series: Series, at: Callable[[int, int], tuple[float, float]],
                titles: list[str] | None = None) -> list[str]:
    """One series: its line segments, then its points (and scores, when labelled); with
    `titles`, each point is focusable and names its step."""
    points = {i: at(i, score) for i, score in enumerate(series.scores) if score is not None}
    parts = []
    width = 0.4 if series.thin else 0.6
    for start, end, across_gap in lx.curve_segments(list(series.scores)):
        (x1, y1), (x2, y2) = points[start], points[end]
        dashes = ' stroke-dasharray="1.2,0.8"' if across_gap or series.dashed else ""
        parts.append(f'<line x1="{x1:.2f}" y1="{y1:.2f}" x2="{x2:.2f}" y2="{y2:.2f}" '
                     f'stroke="{series.line_colour}" stroke-width="{width}"{dashes}/>')
    for i, (x, y) in points.items():
        score = series.scores[i]
        assert score is not None
        colour = series.colour_of(score)
        if titles:
            parts.append(f'<g class="point" tabindex="0"><title>{escape(titles[i])}: {score}'
                         '</title>')
        if series.marker:
            parts.append(f'<text x="{x:.2f}" y="{y + 1.3:.2f}" font-size="3.8" '
                         f'text-anchor="middle" fill="{colour}">{series.marker}</text>')
        elif series.thin:
            parts.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="0.9" fill="white" '
                         f'stroke="{colour}" stroke-width="0.3"/>')
        else:
            parts.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="1.4" fill="{colour}" '
                         'stroke="white" stroke-width="0.3"/>')
        if titles:  # what the tooltip says, as text that shows on keyboard focus (and hover)
            parts.append(f'<text class="point-label" x="{x:.2f}" y="{y - 3.2:.2f}" '
                         'font-size="3.2" text-anchor="middle" fill="#212121" stroke="white" '
                         f'stroke-width="0.8" paint-order="stroke">{escape(titles[i])}: '
                         f'{score}</text></g>')
        if series.labelled:
            parts.append(f'<text x="{x + 2.2:.2f}" y="{y - 1.6:.2f}" font-size="3" '
                         f'font-weight="bold" fill="{colour}">{score}</text>')
    return parts
