"""`cjm report` written out: text, Markdown (for a pull-request comment), JSON, CSV (for a
spreadsheet) and a self-contained HTML page with the coverage as a heat map."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from cjm.core.markup import spreadsheet_safe
from cjm.views.library_report import ENTITY_SECTIONS
from cjm.views.report import SECTIONS, Report

TITLES = {
    "summary": "Maps", "coverage": "Touchpoint coverage (maps/steps per phase)",
    "pains": "Recurring pain points", "opportunities": "Opportunities, by priority",
    "emotion": "Emotion by phase", "low-moments": "Low moments",
    "blueprint": "Service blueprint: who does what, and the fail points",
    "touchpoints": "Library touchpoints: where each appears",
    "personas": "Library personas: the maps that follow each",
    "teams": "Library teams: where each works behind the journey",
    "systems": "Library systems: where each works behind the journey",
    "metrics": "Library metrics, aggregated by kind",
    "evidence": "Evidence: steps and pain points backed by observed or reported insight",
}
#: The title of the opportunities section when it is a scored backlog.
BACKLOG_TITLE = "Opportunity backlog, by score (value × confidence ÷ effort)"
#: GitHub refuses comments over 65,536 characters; the Markdown stays under this.
MARKDOWN_LIMIT = 60_000


def headline(report: Report) -> str:
    broken = sum(1 for m in report.maps if m.problem)
    maps = len(report.maps)
    return (f"{maps} map{'s' if maps != 1 else ''}"
            + (f", {broken} of them could not be read" if broken else ""))


# -- tables: the one shape every text format is made from -------------------------------------

def table(report: Report, section: str) -> tuple[list[str], list[list[str]]]:
    """A section as a header and rows of text cells."""
    if section == "summary":
        return (["map", "title", "persona", "state", "framework", "steps", "errors",
                 "warnings", "problem"],
                [[r["map"], r["title"], r["persona"], r["state"], r["framework"],
                  str(r["steps"]), str(r["errors"]), str(r["warnings"]), r["problem"]]
                 for r in report.summary])
    if section == "coverage":
        return (["touchpoint", "maps", "steps", *(name for _, name in report.phases)],
                [[r["touchpoint"], str(r["maps"]), str(r["steps"]),
                  *(_cell(r["phases"].get(key)) for key, _ in report.phases)]
                 for r in report.coverage])
    if section == "pains":
        return (["pain point", "maps", "where"],
                [[r["pain"], str(r["maps"]), "; ".join(f"{w['map']} ({w['step']})"
                                                       for w in r["where"])]
                 for r in report.pains])
    if section == "opportunities" and report.scored:
        return (["score", "status", "opportunity", "id", "owner", "priority", "value", "effort",
                 "confidence", "steps", "link"],
                [[_number(r["score"]), r["status"], r["opportunity"], r["id"], r["owner"],
                  r["priority"], _number(r["value"]), _number(r["effort"]), r["confidence"],
                  "; ".join(_place(w) for w in r["steps"]), r["link"]]
                 for r in report.opportunities])
    if section == "evidence":
        return (["map", "steps", "steps backed", "pain points", "pain points backed",
                 "low moments without evidence"],
                [[r["map"], str(r["steps"]), _share(r["steps_backed"], r["steps"]),
                  str(r["pains"]), _share(r["pains_backed"], r["pains"]),
                  "; ".join(f"{u['phase']}: {u['step']} ({u['emotion']}, {u['insights']})"
                            for u in r["unbacked_low_moments"]) or "–"]
                 for r in report.evidence])
    if section == "opportunities":
        return (["priority", "opportunity", "owner", "map", "phase", "step"],
                [[r["priority"] or "–", r["opportunity"], r["owner"], r["map"], r["phase"],
                  r["step"]] for r in report.opportunities])
    if section == "emotion":
        return (["phase", "mean", "min", "scores", "maps", "lowest step"],
                [[r["phase"], f"{r['mean']:g}", str(r["min"]), str(r["scores"]),
                  str(r["maps"]), _where(r["lowest"])] for r in report.emotion])
    if section == "blueprint":
        return (["who", "lane", "what", "map", "phase", "step"],
                [[r["who"] or "–", r["lane"], r["what"], r["map"], r["phase"], r["step"]]
                 for r in report.blueprint])
    if section in ENTITY_SECTIONS:
        return _entity_table(getattr(report, section), section)
    if section == "metrics":
        return (["metric", "name", "kind", "measured", "maps", "aggregate", "target", "met",
                 "missed"],
                [[r["id"], r["name"], r["kind"], str(r["measurements"]), str(r["maps"]),
                  r["aggregate"], r["target"] or "–", str(r["met"]), str(r["missed"])]
                 for r in report.metrics])
    return (["map", "phase", "step", "persona", "emotion"],
            [[r["map"], r["phase"], r["step"], r["persona"], str(r["emotion"])]
             for r in report.low_moments])


def _entity_table(rows: list[dict], section: str) -> tuple[list[str], list[list[str]]]:
    """A library section: each entry, its details, and where it appears (or that it is
    used nowhere)."""
    details = [key for key in ("channel", "role", "owner") if rows and key in rows[0]]
    counts = ["maps"] if section == "personas" else ["maps", "steps"]
    return (["id", "name", *details, *counts, "where"],
            [[r["id"], r["name"], *(r[key] for key in details), *(str(r[key]) for key in counts),
              "; ".join(_place(w) for w in r["where"]) if r["used"] else "used nowhere"]
             for r in rows])


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _share(part: int, whole: int) -> str:
    return f"{part} ({round(100 * part / whole)}%)" if whole else "0"


def title(report: Report, section: str) -> str:
    """A section's title (the opportunities' says how they are ranked)."""
    return BACKLOG_TITLE if section == "opportunities" and report.scored else TITLES[section]


def _place(where: dict) -> str:
    inside = ": ".join(part for part in (where["phase"], where["step"]) if part)
    return f"{where['map']} ({inside})" if inside else where["map"]


def _cell(counts: dict | None) -> str:
    return f"{counts['maps']}/{counts['steps']}" if counts else ""


def _where(lowest: dict) -> str:
    who = f", {lowest['persona']}" if lowest["persona"] else ""
    return f"{lowest['map']} ({lowest['step']}{who})"


# -- formats ----------------------------------------------------------------------------------

def as_text(report: Report, sections: tuple[str, ...] = SECTIONS) -> str:
    lines = [f"cjm report: {headline(report)}"]
    for section in sections:
        header, rows = table(report, section)
        lines += ["", f"{title(report, section)}: {len(rows) or 'none'}"]
        if rows:
            widths = [max(len(cell) for cell in column) for column in zip(header, *rows,
                                                                            strict=True)]
            for row in (header, *rows):
                lines.append("  " + "  ".join(cell.ljust(width) for cell, width in
                                              zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def as_markdown(report: Report, sections: tuple[str, ...] = SECTIONS) -> str:
    """Tables for a pull-request comment; long sections are cut (saying how many rows are
    left out) until the whole fits GitHub's limit."""
    for most in (50, 20, 10, 5, 0):
        text = _markdown(report, sections, most)
        if len(text) <= MARKDOWN_LIMIT:
            return text
    return text


def _markdown(report: Report, sections: tuple[str, ...], most: int) -> str:
    lines = [f"### Journey map report: {headline(report)}"]
    for section in sections:
        header, rows = table(report, section)
        lines += ["", f"**{title(report, section)}**: {len(rows) or 'none'}"]
        if not rows or not most:
            continue
        lines += ["", "| " + " | ".join(_md(cell) for cell in header) + " |",
                  "|" + "|".join(" --- " for _ in header) + "|"]
        lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows[:most]]
        if len(rows) > most:
            lines += ["", f"*… and {len(rows) - most} more (`cjm report --format json` has "
                          "them all)*"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return (" ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
            .replace("<", "&lt;").replace(">", "&gt;"))


def as_json(report: Report, sections: tuple[str, ...] = SECTIONS) -> str:
    document: dict[str, object] = {
        "version": 1, "maps": len(report.maps),
        "unreadable": sum(1 for m in report.maps if m.problem),
        "phases": [{"key": key, "name": name} for key, name in report.phases]}
    for section in sections:
        document[section] = getattr(report, section.replace("-", "_"))
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def as_csv(report: Report, sections: tuple[str, ...] = SECTIONS) -> str:
    """One table per section, each under a line with its title and followed by a blank
    line; a byte-order mark so that spreadsheet programs read it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for index, section in enumerate(sections):
        header, rows = table(report, section)
        if len(sections) > 1:
            if index:
                writer.writerow([])
            writer.writerow([title(report, section)])
        writer.writerow(header)
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return "\ufeff" + out.getvalue()



def as_html(report: Report, sections: tuple[str, ...] = SECTIONS,
            theme: Path | None = None) -> str:
    """A page with no outside requests: the tables, and the coverage as a heat map."""
    from cjm.render.jinja import environment, theme_roots
    tables = {section: table(report, section) for section in sections}
    widest = max((counts["maps"] for row in report.coverage
                  for counts in row["phases"].values()), default=1)
    heat = [[(_cell(row["phases"].get(key)), *_heat(row["phases"].get(key), widest))
             for key, _ in report.phases] for row in report.coverage]
    from cjm.views.matrix import matrix_svg

    matrix = matrix_svg(report.opportunities) if report.scored else ""
    return environment(theme_roots(theme)).get_template("report.html.j2").render(
        headline=headline(report), sections=sections,
        titles={section: title(report, section) for section in sections}, tables=tables,
        heat=heat, matrix=matrix)


def _heat(counts: dict | None, widest: int) -> tuple[str, str]:
    """A heat-map cell's background and text colour: deeper blue for a touchpoint that
    more maps use in that phase."""
    if not counts:
        return "#ffffff", "#212121"
    share = counts["maps"] / widest
    red, green, blue = (round(255 - share * (255 - c)) for c in (57, 73, 171))
    return f"#{red:02x}{green:02x}{blue:02x}", "#ffffff" if share > 0.5 else "#212121"


FORMATS = {"text": as_text, "markdown": as_markdown, "json": as_json, "csv": as_csv,
           "html": as_html}
