"""Words and colours shared by the renderers: lane labels per language, emotion encoding."""

from __future__ import annotations

from itertools import pairwise

from cjm.core.lanes import PAIN_COLOUR, lane_labels  # noqa: F401 - renderers' red
from cjm.core.model import DEFAULT_LOW_MOMENT, EMOTION_MAX, EMOTION_MIN

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "all_maps": "all maps", "no_problems": "No problems found.",
        "continued": "continued", "persona": "Persona",
        "scenario": "Scenario",
        "legend": "Legend", "low_moment": "low moment (emotion ≤ {low})", "state": "state",
        "current": "current state", "future": "future state", "page": "Page", "of": "of",
        "pain": "pain point", "pains_n": "pain points", "opportunity": "opportunity",
        "opportunities_n": "opportunities", "owner": "owner", "priority": "priority", "by": "by",
        "low": "low", "medium": "medium", "high": "high", "step": "step", "steps": "steps",
        "added": "new", "changed": "changed", "moved": "moved",
        "marked": "new or changed since the compared version",
        "baseline": "baseline", "delta": "change from the baseline",
        "drop_off": "drop-off from the step before",
        "biggest_drop": "biggest drop-off", "phase_drop": "lost in the phase",
        "funnel_bar": "customers who reach the step",
        "metric_conversion": "conv.", "metric_csat": "CSAT", "metric_nps": "NPS",
        "metric_ces": "CES", "metric_time": "time", "metric_reached": "reached",
        "lanes": "Lanes", "timeline": "Timeline", "show_lane": "show or hide the lane",
        "critical": "moment of truth", "insights_heading": "Insights behind the map",
        "status": "status", "value": "value", "effort": "effort", "confidence": "confidence",
        "link": "link", "score": "score", "open": "open", "planned": "planned",
        "doing": "doing", "done": "done", "dropped": "dropped", "observed": "observed",
        "reported": "reported", "assumed": "assumed", "participants": "participants",
    },
    "nl": {
        "all_maps": "alle kaarten", "no_problems": "Geen problemen gevonden.",
        "continued": "vervolg", "persona": "Persona",
        "scenario": "Scenario",
        "legend": "Legenda", "low_moment": "dieptepunt (emotie ≤ {low})", "state": "staat",
        "current": "huidige situatie", "future": "gewenste situatie", "page": "Pagina",
        "of": "van", "pain": "pijnpunt", "pains_n": "pijnpunten", "opportunity": "kans",
        "opportunities_n": "kansen", "owner": "eigenaar", "priority": "prioriteit", "by": "door",
        "low": "laag", "medium": "middel", "high": "hoog", "step": "stap", "steps": "stappen",
        "added": "nieuw", "changed": "gewijzigd", "moved": "verplaatst",
        "marked": "nieuw of gewijzigd sinds de vergeleken versie",
        "baseline": "uitgangssituatie", "delta": "verschil met de uitgangssituatie",
        "drop_off": "uitval sinds de vorige stap",
        "biggest_drop": "grootste uitval", "phase_drop": "uitval in de fase",
        "funnel_bar": "klanten die de stap bereiken",
        "metric_conversion": "conversie", "metric_csat": "CSAT", "metric_nps": "NPS",
        "metric_ces": "CES", "metric_time": "tijd", "metric_reached": "bereikt",
        "lanes": "Banen", "timeline": "Tijdlijn", "show_lane": "toon of verberg de baan",
        "critical": "moment van de waarheid", "insights_heading": "Inzichten achter de kaart",
        "status": "status", "value": "waarde", "effort": "inspanning",
        "confidence": "zekerheid", "link": "link", "score": "score", "open": "open",
        "planned": "gepland", "doing": "bezig", "done": "klaar", "dropped": "geschrapt",
        "observed": "waargenomen", "reported": "gerapporteerd", "assumed": "aangenomen",
        "participants": "deelnemers",
    },
}

#: The mark of a moment of truth (`critical: true`), and its colour.
CRITICAL_MARK, CRITICAL_COLOUR = "★", "#6a1b9a"

#: Emotion score → colour, from red (1) to green (5); never the only signal (see FACES).
EMOTION_COLOURS = {1: "#c62828", 2: "#ef6c00", 3: "#9e9d24", 4: "#43a047", 5: "#1b5e20"}
#: Emotion score → a face glyph that DejaVu Sans has, printed beside the score.
FACES = {1: "☹", 2: "☹", 3: "•", 4: "☺", 5: "☺"}
UNSCORED_COLOUR = "#9e9e9e"
#: Pastel fills that tell neighbouring phases apart.
#: The colour of steps that `render --diff` marks as new, moved or changed.
MARK_COLOUR = "#1565c0"
PHASE_FILLS = ("#e3f2fd", "#fff8e1", "#f3e5f5", "#e8f5e9", "#fbe9e7", "#e0f7fa", "#fce4ec",
               "#f1f8e9")
FONT = "DejaVu Sans"


def emotion_offset(score: int, height: float, padding: float) -> float:
    """How far below the top of an emotion lane `height` high a score is drawn: 5 at the
    top, 1 at the bottom, `padding` from the edges; scores outside 1–5 at the nearest end.
    The SVG timeline and the PDF poster both draw their curves with it."""
    clamped = min(max(score, EMOTION_MIN), EMOTION_MAX)
    step = (height - 2 * padding) / (EMOTION_MAX - EMOTION_MIN)
    return padding + (EMOTION_MAX - clamped) * step


def curve_segments(scores: list[int | None]) -> list[tuple[int, int, bool]]:
    """The emotion curve's segments over steps in order: (from, to, across_a_gap) joining each
    scored step to the next scored one; `across_a_gap` when unscored steps lie between (both
    renderers draw those dashed)."""
    scored = [index for index, score in enumerate(scores) if score is not None]
    return [(a, b, b - a > 1) for a, b in pairwise(scored)]


def timeline_description(lang: str, steps: int, phases: int) -> str:
    """What the timeline shows, in a sentence, for assistive technology."""
    if lang == "nl":
        return (f"Tijdlijn van {steps} stappen in {phases} fasen: per stap de actie, de "
                "contactpunten, de gedachten en de emotie, met de emotiecurve eronder.")
    return (f"Timeline of {steps} steps in {phases} phases: for each step the action, the "
            "touchpoints, the thoughts and the emotion, with the emotion curve beneath.")


def labels(lang: str, low_moment: int = DEFAULT_LOW_MOMENT) -> dict[str, str]:
    """The labels of a language (English for any other): the lanes' and the renders' own,
    the low moment's with its threshold."""
    words = {**lane_labels(lang), **LABELS.get(lang, LABELS["en"])}
    words["low_moment"] = words["low_moment"].format(low=low_moment)
    return words


def emotion_colour(score: int | None) -> str:
    return EMOTION_COLOURS.get(score, UNSCORED_COLOUR) if score is not None else UNSCORED_COLOUR


def counted(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
