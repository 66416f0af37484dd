"""The SVG timeline: the geometry of `timeline` drawn by Graphviz.

Every node is pinned where `timeline` placed it and Graphviz's `neato -n2` draws the result:
cards and labels are HTML-like labels whose text is escaped, so map text can never change
the graph's structure. Graphviz works in points with y upwards; `timeline` with y downwards.
"""

from __future__ import annotations

import functools
import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from cjm.core import lanes
from cjm.core.errors import CjmError, UsageError
from cjm.core.lanes import Lane
from cjm.core.model import (
    DEFAULT_LOW_MOMENT,
    DEFAULT_PNG_SCALE,
    EMOTION_MAX,
    EMOTION_MIN,
    JourneyMap,
    is_low,
)
from cjm.render import labels as lx
from cjm.render.funnel import BAR_COLOUR, BIGGEST_COLOUR, DROP_COLOUR
from cjm.render.series import (
    Curves,
    Series,
    curves_for,
    delta_colour,
    delta_text,
    persona_styles,
)
from cjm.render.timeline import (
    ACTION_SIZE,
    BAND_SIZE,
    CARD_PADDING,
    CARD_WIDTH,
    COLUMN_GAP,
    DETAIL_SIZE,
    FUNNEL_BAR,
    FUNNEL_HEIGHT,
    LANE_LABEL_WIDTH,
    LEVEL_SPACING,
    LINE_HEIGHT,
    MARGIN,
    MARK_SIZE,
    STRIP_PADDING,
    Band,
    Card,
    Row,
    Strip,
    Timeline,
    band_lines,
    columns_for,
    lay_out,
    width_for,
    wrap,
)

if TYPE_CHECKING:
    import graphviz

POINTS_PER_INCH = 72.0
TEXT_COLOUR, MUTED_COLOUR, RULE_COLOUR = "#212121", "#616161", "#bdbdbd"
LINK_COLOUR = "#1565c0"  # a link to the map that shows a step in detail
BLUEPRINT_LINE = "#546e7a"
LEGEND_HEIGHT = 40.0
LEGEND_LINE = 14.0  # a second legend line, for the funnel


def render_svg(journey: JourneyMap, columns: int, marks: dict[int, str] | None = None,
               curves: Curves | None = None, low_moment: int = DEFAULT_LOW_MOMENT) -> bytes:
    """The timeline of `journey` as SVG bytes; `marks` highlights steps by number; `curves`
    are the emotion lane's series (by default the map's own emotion); steps scored at or
    below `low_moment` are framed as low moments."""
    return _laid_out(timeline_graph(journey, columns, marks, curves, low_moment), "svg")


def accessible(svg: bytes, journey: JourneyMap) -> bytes:
    """A standalone SVG that says what it is: `role="img"`, the map's title as its `<title>`
    and a sentence on it as its `<desc>` (screen readers read both; the HTML page has its
    own heading and needs neither); its text colours darkened to WCAG AA contrast."""
    from html import escape  # xml.sax's would import urllib, ssl and http: 15 ms

    title = journey.title.value if journey.title else ""
    scores = [score for _, step in journey.steps()
              for _, score in journey.named_scores(step) if score is not None]
    steps, phases = journey.step_count, len(journey.phases)
    if journey.language == "nl":
        desc = f"Een klantreis van {steps} stappen in {phases} fasen"
        desc += f"; emotie van {min(scores)} tot {max(scores)} (1–5)." if scores else "."
    else:
        desc = f"A customer journey map of {steps} steps in {phases} phases"
        desc += f"; emotion from {min(scores)} to {max(scores)} (1–5)." if scores else "."
    text = svg.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start)
    head = (text[start:end] + ' role="img" aria-labelledby="cjm-title cjm-desc">'
            f'\n<title id="cjm-title">{escape(title)}</title>'
            f'\n<desc id="cjm-desc">{escape(desc)}</desc>')
    from cjm.render.contrast import readable_text  # text colours at AA, as on the page

    return readable_text(text[:start] + head + text[end + 1:]).encode("utf-8")


def render_png(journey: JourneyMap, columns: int, marks: dict[int, str] | None = None,
               curves: Curves | None = None, scale: float = DEFAULT_PNG_SCALE,
               low_moment: int = DEFAULT_LOW_MOMENT) -> bytes:
    """The timeline as a PNG, `scale` pixels per point (Graphviz draws it with cairo)."""
    graph = timeline_graph(journey, columns, marks, curves, low_moment)
    graph.graph_attr["dpi"] = f"{72 * scale:g}"
    return _laid_out(graph, "png")


def _laid_out(graph: graphviz.Graph, fmt: str) -> bytes:
    """Graphviz's drawing of the pinned graph in `fmt` (neato, positions kept), from the
    render cache when the same source was drawn before by the same Graphviz."""
    from cjm.render import cache

    def draw() -> bytes:
        try:
            return graph.pipe(format=fmt, engine="neato", neato_no_op=2, quiet=True)
        except Exception as err:  # graphviz raises ExecutableNotFound or CalledProcessError
            raise _graphviz_error(err) from None

    return cache.cached(cache.key("graphviz", _graphviz_identity(), fmt, graph.source), draw)


@functools.cache
def _graphviz_identity() -> str:
    """Which Graphviz draws: its neato's path, size and time (an upgrade is another)."""
    import shutil

    found = shutil.which("neato")
    if found is None:
        return "none"
    info = Path(found).resolve().stat()
    return f"{found}|{info.st_size}|{info.st_mtime_ns}"


def timeline_graph(journey: JourneyMap, columns: int, marks: dict[int, str] | None = None,
                   curves: Curves | None = None, low_moment: int = DEFAULT_LOW_MOMENT
                   ) -> graphviz.Graph:
    """The timeline as a Graphviz graph with every node pinned (its `source` is what `neato`
    draws)."""
    steps_per_row = columns_for(journey.step_count, columns)
    width = width_for(steps_per_row) - 2 * MARGIN  # the header wraps to it, before layout
    header = _Header(journey, width)
    timeline = lay_out(journey, columns, header.height())
    return _Drawing(timeline, header, marks or {}, curves or curves_for(journey),
                    low_moment).graph()


class _Header:
    """Title, subtitle (persona, state, framework, size) and scenario, wrapped in full."""

    TITLE, SUBTITLE, SCENARIO = 18.0, 10.5, 9.0
    GAP = 4.0

    def __init__(self, journey: JourneyMap, width: float) -> None:
        words = lx.labels(journey.language)
        self.title = wrap(journey.title.value if journey.title else "", width, self.TITLE)
        self.subtitle = wrap(_subtitle(journey, words), width, self.SUBTITLE)
        self.scenario = wrap(journey.scenario.value, width, self.SCENARIO) if journey.scenario \
            else []

    def height(self) -> float:
        lines = (len(self.title) * self.TITLE + len(self.subtitle) * self.SUBTITLE
                 + len(self.scenario) * self.SCENARIO)
        return lines * LINE_HEIGHT + 3 * self.GAP + 12

    def html(self) -> str:
        """Rows of a table: title, subtitle and scenario, a little apart."""
        parts = [_font(_lines(self.title), self.TITLE, bold=True),
                 _font(_lines(self.subtitle), self.SUBTITLE, MUTED_COLOUR)]
        if self.scenario:
            parts.append(_font(_lines(self.scenario), self.SCENARIO, MUTED_COLOUR, italic=True))
        return "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="{self.GAP / 2:g}">'
                       f"{part}</TD></TR>" for part in parts)


def _subtitle(journey: JourneyMap, words: dict[str, str]) -> str:
    parts = []
    if journey.personas:
        parts.append(", ".join(style.name for style in persona_styles(journey)))
    if journey.persona and journey.persona.name:
        who = journey.persona.name.value
        if journey.persona.role:
            who += f", {journey.persona.role.value}"
        parts.append(who)
    if journey.state and journey.state.value in ("current", "future"):
        parts.append(words[journey.state.value])
    if journey.framework:
        parts.append(journey.framework.value)
    parts.append(lx.counted(journey.step_count, words["step"], words["steps"]))
    return " · ".join(parts)


def _graphviz_error(err: Exception) -> CjmError:
    import graphviz

    if isinstance(err, graphviz.ExecutableNotFound):
        return UsageError("Graphviz's `neato` was not found: install Graphviz "
                          "(Debian/Ubuntu: apt-get install graphviz)")
    return CjmError(f"Graphviz failed: {getattr(err, 'stderr', b'') or err}")


#: Control characters (YAML lets "\b" and the like into a value) that XML, and so
#: Graphviz's HTML-like labels, cannot hold: they are left out of the drawing.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def _html(text: str) -> str:
    """Text as the literal content of an HTML-like label. Graphviz expands escapes such as
    \\N (the node's name) even there, after entities, so a backslash is doubled; control
    characters are left out."""
    return escape(_CONTROL.sub("", text), quote=True).replace("\\", "\\\\")


def _font(text: str, size: float, colour: str = TEXT_COLOUR, bold: bool = False,
          italic: bool = False) -> str:
    body = text
    if bold:
        body = f"<B>{body}</B>"
    if italic:
        body = f"<I>{body}</I>"
    return f'<FONT POINT-SIZE="{size:g}" COLOR="{colour}">{body}</FONT>'


def _lines(lines: tuple[str, ...] | list[str]) -> str:
    return '<BR ALIGN="LEFT"/>'.join(_html(line) for line in lines) + '<BR ALIGN="LEFT"/>'


def _lane_font(lane: Lane, text: str) -> str:
    """A lane's lines on the card: quotes muted and in italics, chips in slate."""
    if lane.shown == lanes.QUOTES:
        return _font(text, DETAIL_SIZE, MUTED_COLOUR, italic=True)
    if lane.shown == lanes.CHIPS:
        return _font(text, DETAIL_SIZE, "#37474f")
    return _font(text, DETAIL_SIZE)


class _Drawing:
    """Turns a Timeline into a graphviz.Graph with every node pinned."""

    def __init__(self, timeline: Timeline, header: _Header, marks: dict[int, str],
                 curves: Curves, low_moment: int) -> None:
        import graphviz

        self.timeline = timeline
        self.marks = marks
        self.curves = curves
        self.styles = persona_styles(timeline.journey)
        self.bars = timeline.bars
        self.header_text = header
        self.low_moment = low_moment
        self.words = lx.labels(timeline.journey.language, low_moment)
        self.height = timeline.height + LEGEND_HEIGHT + (LEGEND_LINE if self.bars else 0)
        self.dot = graphviz.Graph(
            "journey",
            graph_attr={"bgcolor": "white", "splines": "line", "outputorder": "nodesfirst",
                        "pad": "0", "fontname": lx.FONT},
            node_attr={"fontname": lx.FONT, "margin": "0", "penwidth": "1"},
            edge_attr={"fontname": lx.FONT},
        )
        self.count = 0

    def graph(self) -> graphviz.Graph:
        self.corners()
        self.header()
        for row in self.timeline.rows:
            self.row(row)
        self.legend()
        return self.dot

    # -- nodes -------------------------------------------------------------------

    def node(self, x: float, y: float, **attrs: str) -> str:
        """Add a node centred at (x, y) in timeline coordinates; returns its name."""
        self.count += 1
        name = f"n{self.count}"
        self.dot.node(name, pos=f"{x:.1f},{self.height - y:.1f}!", **attrs)
        return name

    def box(self, x: float, y: float, width: float, height: float, **attrs: str) -> str:
        """A fixed-size box with its top-left corner at (x, y)."""
        return self.node(x + width / 2, y + height / 2, shape="box", fixedsize="true",
                         width=f"{width / POINTS_PER_INCH:.3f}",
                         height=f"{height / POINTS_PER_INCH:.3f}", **attrs)

    def text(self, x: float, y: float, html: str, width: float | None = None) -> str:
        """An HTML-like label; with `width`, (x, y) is its left edge, else its centre."""
        size = f' WIDTH="{width:.0f}" FIXEDSIZE="FALSE"' if width else ""
        label = (f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0"><TR>'
                 f'<TD ALIGN="LEFT" BALIGN="LEFT"{size}>{html}</TD></TR></TABLE>>')
        return self.node(x + (width or 0) / 2, y, shape="plain", label=label)

    def corners(self) -> None:
        """Invisible nodes at the corners fix the drawing's size and margins."""
        for x, y in ((0.0, 0.0), (self.timeline.width, self.height)):
            self.node(x, y, shape="point", width="0.01", style="invis")

    def header(self) -> None:
        """The header's text block, filling the width above the first row."""
        width = self.timeline.width - 2 * MARGIN
        height = self.timeline.header_height
        label = (f'<<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="0" WIDTH="{width:.0f}" '
                 f'HEIGHT="{height:.0f}">{self.header_text.html()}</TABLE>>')
        self.node(MARGIN + width / 2, MARGIN + height / 2, shape="plain", label=label)

    def row(self, row: Row) -> None:
        for band in row.bands:
            self.band(band, row.band_height)
        for card in row.cards:
            self.card(card, row.card_height)
        self.lane(row)
        if row.funnel_height:
            self.funnel(row)
        for strip in row.strips:
            self.strip(row, strip)

    def strip(self, row: Row, strip: Strip) -> None:
        """A lane of the service blueprint under the row: its label, the labelled dashed
        line above it (the line of interaction, visibility or internal interaction), and
        each card's items under the card."""
        left = MARGIN + LANE_LABEL_WIDTH - 6
        right = row.cards[-1].x + CARD_WIDTH + 6
        lang = self.timeline.journey.language
        if strip.lane.line_above:
            ends = [self.node(x, strip.line_y, shape="point", width="0.01", style="invis")
                    for x in (MARGIN, right)]
            self.dot.edge(*ends, color=BLUEPRINT_LINE, penwidth="1.2", style="dashed")
            self.text(MARGIN, strip.line_y - 6, _font(
                _html(strip.lane.line_label(lang).upper()), 7, BLUEPRINT_LINE, bold=True),
                LANE_LABEL_WIDTH * 2)
        self.box(left, strip.top, right - left, strip.height, style="filled",
                 fillcolor="#f5f7f8", color="#eceff1", label="")
        label = wrap(strip.lane.label(lang), LANE_LABEL_WIDTH - 12, 8.5)
        self.text(MARGIN, strip.top + STRIP_PADDING + len(label) * 8.5 * LINE_HEIGHT / 2,
                  _font(_lines(label), 8.5, MUTED_COLOUR, bold=True), LANE_LABEL_WIDTH - 12)
        for card, lines in zip(row.cards, strip.lines, strict=True):
            if lines:
                height = len(lines) * DETAIL_SIZE * LINE_HEIGHT
                self.text(card.x + CARD_PADDING, strip.top + STRIP_PADDING + height / 2,
                          _font(_lines(lines), DETAIL_SIZE), CARD_WIDTH - 2 * CARD_PADDING)

    def band(self, band: Band, band_height: float) -> None:
        fill = lx.PHASE_FILLS[band.phase_index % len(lx.PHASE_FILLS)]
        lines = "<BR/>".join(_html(line) for line in band_lines(band.label, band.width))
        self.box(band.x, band.y, band.width, band_height, style="filled,rounded",
                 fillcolor=fill, color=RULE_COLOUR, label=f"<{_font(lines, BAND_SIZE, bold=True)}>")

    def card(self, card: Card, height: float) -> None:
        score = card.step.emotion.value if card.step.emotion else None
        if self.styles:
            scores = [s.value for style in self.styles if (s := card.step.score_for(style.id))]
            score = min(scores, default=None)
        low = is_low(score, self.low_moment)
        border = lx.emotion_colour(score) if low else RULE_COLOUR
        mark = self.marks.get(card.number)
        if mark:
            border = lx.MARK_COLOUR
        number = _font(f"{card.number}", ACTION_SIZE, lx.emotion_colour(score), bold=True)
        cell = f'<TD ALIGN="LEFT" BALIGN="LEFT" CELLPADDING="{CARD_PADDING:g}">'
        rows = [f"<TR>{cell}{number} {_font(_lines(card.text.action), ACTION_SIZE)}</TD></TR>"]
        for lane, lines in card.text.lanes:
            rows.append(f"<TR>{cell}{_lane_font(lane, _lines(lines))}</TD></TR>")
        if card.text.figures:
            rows.append(f"<TR>{cell}{_font(_lines(card.text.figures), DETAIL_SIZE, BAR_COLOUR)}"
                        "</TD></TR>")
        if card.text.detail:
            linked = cell[:-1] + (f' HREF="{_html(card.text.link or "")}" '
                                  f'TITLE="{_html(" ".join(card.text.detail))}">')
            rows.append(f"<TR>{linked}{_font(_lines(card.text.detail), DETAIL_SIZE, LINK_COLOUR)}"
                        "</TD></TR>")
        rows.append(f"<TR>{cell}{self.markers(card, score)}</TD></TR>")
        label = (f'<<TABLE BORDER="{2 if low or mark else 1}" COLOR="{border}" CELLBORDER="0" '
                 f'CELLSPACING="0" BGCOLOR="white" STYLE="rounded" '
                 f'WIDTH="{CARD_WIDTH:.0f}" HEIGHT="{height:.0f}">{"".join(rows)}</TABLE>>')
        self.node(card.centre_x, card.y + height / 2, shape="plain", label=label,
                  id=f"step-{card.number}")

    def markers(self, card: Card, score: int | None) -> str:
        """Face and score, then counts of pain points and opportunities (see the legend)."""
        marks = []
        if self.styles:
            marks += self.persona_scores(card)
        elif score is not None:
            marks.append(_font(f"{lx.FACES.get(score, '?')} {score}", MARK_SIZE,
                               lx.emotion_colour(score), bold=True))
        for lane in lanes.counted():
            count = len(lane.items(card.step))
            if count:
                marks.append(_font(f"{lane.mark} {count}", MARK_SIZE, lane.colour))
        if card.step.is_critical:
            marks.append(_font(lx.CRITICAL_MARK, MARK_SIZE, lx.CRITICAL_COLOUR, bold=True))
        mark = self.marks.get(card.number)
        if mark:
            marks.append(_font(_html(self.words[mark].upper()), MARK_SIZE, lx.MARK_COLOUR,
                               bold=True))
        return _font("    ", MARK_SIZE).join(marks) or _font(" ", MARK_SIZE)

    def persona_scores(self, card: Card) -> list[str]:
        """Each persona's marker, face and score ("–" when they have none) in their colour;
        personas who do not take the step are left out."""
        shown = []
        for style in self.styles:
            if not card.step.takes(style.id):
                continue
            score = card.step.score_for(style.id)
            text = f"{style.marker} {lx.FACES.get(score.value, '?')} {score.value}" if score \
                else f"{style.marker} –"
            shown.append(_font(_html(text), MARK_SIZE, style.colour, bold=True))
        return shown

    def lane(self, row: Row) -> None:
        left = MARGIN + LANE_LABEL_WIDTH - 6
        right = row.cards[-1].x + CARD_WIDTH + 6
        self.box(left, row.lane_top, right - left, row.lane_height, style="filled",
                 fillcolor="#fafafa", color="#eeeeee", label="")
        self.text(MARGIN + 2, row.lane_top + 14, _font(_html(self.words["emotion"]), 9,
                                                     MUTED_COLOUR, bold=True))
        for score in range(EMOTION_MIN, EMOTION_MAX + 1):
            y = row.level_y(score)
            self.text(left - 14, y, _font(f"{score} {lx.FACES[score]}", 7.5,
                                          lx.emotion_colour(score)))
            self.box(left + 2, y - 0.25, right - left - 4, 0.5, style="filled",
                     fillcolor="#e6e6e6", color="#e6e6e6", label="")
        self.curve(row)

    def curve(self, row: Row) -> None:
        """Every series of the lane over this row's steps, back to front, then the change
        from the baseline under the main curve's points."""
        start = row.cards[0].number - 1
        curves = self.curves.window(start, start + len(row.cards))
        for series in curves.series:
            self.series(row, series)
        if curves.deltas is not None:
            self.deltas(row, curves.main, curves.deltas)

    def series(self, row: Row, series: Series) -> None:
        """A point per scored step at its score's height, joined in order (see
        labels.curve_segments); a labelled series prints each score beside its point."""
        points: dict[int, str] = {}
        for index, (card, score) in enumerate(zip(row.cards, series.scores, strict=True)):
            if score is None:
                continue
            colour = series.colour_of(score)
            y = row.level_y(score) - series.nudge * LEVEL_SPACING
            x = card.centre_x + series.shift * (CARD_WIDTH + COLUMN_GAP)
            if series.marker:
                points[index] = self.node(x, y, shape="plaintext", label=series.marker,
                                          fontcolor=colour, fontsize="13", width="0.15",
                                          height="0.15", fixedsize="true",
                                          tooltip=f"{card.number}: {score} ({series.label})")
            elif series.thin:
                points[index] = self.node(x, y, shape="circle", fixedsize="true",
                                          width="0.1", style="filled", fillcolor="white",
                                          color=colour, label="",
                                          tooltip=f"{card.number}: {score} ({series.label})")
            else:
                points[index] = self.node(x, y, shape="circle", fixedsize="true",
                                          width="0.14", style="filled", fillcolor=colour,
                                          color="white", label="",
                                          tooltip=f"{card.number}: {score}")
            if series.labelled:
                self.text(x + 14, y - 7, _font(f"{score}", 8, colour, bold=True))
        for start, end, across_gap in lx.curve_segments(list(series.scores)):
            self.dot.edge(points[start], points[end], color=series.line_colour,
                          penwidth="1.2" if series.thin else "2",
                          style="dashed" if across_gap or series.dashed else "solid")

    def funnel(self, row: Row) -> None:
        """Under the emotion lane: a bar per measured step, as wide as its share of the
        widest step, its number above and its drop-off below (the biggest in red)."""
        top = row.funnel_top
        left = MARGIN + LANE_LABEL_WIDTH - 6
        self.box(left, top, row.cards[-1].x + CARD_WIDTH + 6 - left, FUNNEL_HEIGHT,
                 style="filled", fillcolor="#fafafa", color="#eeeeee", label="")
        self.text(MARGIN + 2, top + 14, _font(_html(self.words["funnel"]), 9, MUTED_COLOUR,
                                             bold=True))
        start = row.cards[0].number - 1
        for card, bar in zip(row.cards, self.bars[start:start + len(row.cards)], strict=True):
            if bar.reached is None:
                continue
            width = max(2.0, bar.share * CARD_WIDTH)
            bar_top = top + 14
            self.box(card.centre_x - width / 2, bar_top, width, FUNNEL_BAR, style="filled",
                     fillcolor=BAR_COLOUR, color=bar.drop_colour if bar.biggest else BAR_COLOUR,
                     penwidth="2" if bar.biggest else "1", label="",
                     tooltip=f"{card.number}: {bar.value_text}")
            self.text(card.centre_x, top + 7, _font(bar.value_text, 8, "#37474f", bold=True))
            if bar.drop_text:
                drop = bar.drop_text + (f" ({self.words['biggest_drop']})" if bar.biggest else "")
                self.text(card.centre_x, bar_top + FUNNEL_BAR + 8,
                          _font(_html(drop), 7.5, bar.drop_colour, bold=bar.biggest))

    def deltas(self, row: Row, main: Series, deltas: tuple[int | None, ...]) -> None:
        for card, score, delta in zip(row.cards, main.scores, deltas, strict=True):
            if score is not None and delta is not None:
                self.text(card.centre_x + 14, row.level_y(score) + 7,
                          _font(_html(delta_text(delta)), 7.5, delta_colour(delta)))

    def legend(self) -> None:
        words = self.words
        scale = "  ".join(_font(f"{lx.FACES[s]} {s}", 9, lx.emotion_colour(s), bold=True)
                          for s in range(EMOTION_MIN, EMOTION_MAX + 1))
        parts = [
            _font(_html(f"{words['legend']}:"), 9, MUTED_COLOUR, bold=True),
            _font(_html(f"{words['emotion']} 1–5"), 9, MUTED_COLOUR), scale,
            *(_font(f"{lane.mark} {_html(words[lane.name])} (n)", 9, lane.colour)
              for lane in lanes.counted_in_legend(
                  step for _, step in self.timeline.journey.steps())),
            _font(f"▭ {_html(words['low_moment'])}", 9, lx.EMOTION_COLOURS[1]),
        ]
        if self.marks:
            parts.append(_font(f"▭ {_html(words['marked'])}", 9, lx.MARK_COLOUR))
        if any(step.is_critical for _, step in self.timeline.journey.steps()):
            parts.append(_font(f"{lx.CRITICAL_MARK} {_html(words['critical'])}", 9,
                               lx.CRITICAL_COLOUR))
        for series in self.curves.in_legend:
            if series.marker:
                parts.append(_font(_html(series.label), 9, series.line_colour, bold=True))
            else:
                parts.append(_font(f"- - ○ {_html(series.label)}", 9, series.line_colour))
        if self.curves.deltas is not None:
            parts.append(_font(_html(f"+1 / −1 {words['delta']}"), 9, MUTED_COLOUR))
        lines = [_font("     ", 9).join(parts)]
        if self.bars:
            lines.append(_font("     ", 9).join([
                _font(_html(f"{words['funnel']}:"), 9, MUTED_COLOUR, bold=True),
                _font(f"▬ {_html(words['funnel_bar'])}", 9, BAR_COLOUR),
                _font(_html(f"−n% {words['drop_off']}"), 9, DROP_COLOUR),
                _font(_html(f"−n% ({words['biggest_drop']})"), 9, BIGGEST_COLOUR, bold=True),
                _font(_html(f"↘ n% {words['phase_drop']}"), 9, DROP_COLOUR)]))
        top = self.timeline.height + 6 + (LEGEND_LINE / 2 if self.bars else 0)
        self.text(MARGIN, top, '<BR ALIGN="LEFT"/>'.join(lines),
                  self.timeline.width - 2 * MARGIN)
