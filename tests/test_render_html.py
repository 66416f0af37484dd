"""The HTML page and the PNG timeline, checked in a real headless browser where it matters:
no console message, no request, every action in the DOM, lanes that collapse, AA contrast,
hostile text that stays text."""

from __future__ import annotations

import json
import os
import struct
import subprocess
from pathlib import Path

import pytest

from cjm.core.loader import load
from cjm.render.html import contrast, readable
from tests.conftest import ROOT, SAMPLES, run_cjm
from tests.test_report import NODE_MODULES, needs_browser

HOSTILE = ROOT / "tests" / "data" / "hostile.yaml"

#: Runs in the page: what a person could check by hand. Clicking the Touchpoints button
#: hides that lane's cells and clicking again shows them; every text's colour against the
#: background behind it (WCAG contrast), the lowest ratios first.
CHECKS = r"""
const visible = (selector) => [...document.querySelectorAll(selector)]
  .filter((element) => element.offsetParent !== null).length;
const button = document.querySelector('button[data-lane="touchpoints"]');
const before = visible("tr.lane-touchpoints td");
button.click();
const collapsed = visible("tr.lane-touchpoints td");
const pressed = button.getAttribute("aria-pressed");
button.click();
const again = visible("tr.lane-touchpoints td");
const rgb = (text) => text.match(/[\d.]+/g).slice(0, 4).map(Number);
const luminance = ([r, g, b]) => [r, g, b].map((c) => c / 255)
  .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
const background = (element) => {
  for (let node = element; node; node = node.parentElement) {
    const colour = rgb(getComputedStyle(node).backgroundColor);
    if (colour.length < 4 || colour[3] > 0) return colour;
  }
  return [255, 255, 255];
};
const ratios = [];
for (const element of document.querySelectorAll("main *:not(svg *):not(svg)")) {
  const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
  if (!own || element.offsetParent === null) continue;
  const [a, b] = [luminance(rgb(getComputedStyle(element).color)), luminance(background(element))];
  ratios.push([(Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), element.textContent.trim().slice(0, 40)]);
}
ratios.sort((x, y) => x[0] - y[0]);
return { before, collapsed, pressed, again, lowest: ratios.slice(0, 3),
         points: document.querySelectorAll("g.point[tabindex] title").length,
         svgTitle: document.querySelector(".timeline svg > title")?.textContent,
         svgDesc: document.querySelector(".timeline svg > desc")?.textContent };
"""


def render(tmp_path: Path, source: Path, suffix: str, *options: str) -> Path:
    out = tmp_path / f"{source.stem}.{suffix}"
    result = run_cjm("render", str(source), "-o", str(out), *options)
    assert result.returncode == 0, result.stderr
    return out


def in_browser(page: Path, checks: str = CHECKS) -> dict:
    env = {**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES), "CJM_BROWSER_EVAL": checks}
    result = subprocess.run(["node", str(ROOT / "tests" / "browser.mjs"), page.as_uri()],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_readable_darkens_only_what_lacks_contrast() -> None:
    assert readable("#212121") == "#212121"
    for colour in ("#ef6c00", "#9e9d24", "#e69f00", "#43a047"):
        darker = readable(colour)
        red, green, blue = (int(darker[i:i + 2], 16) for i in (1, 3, 5))
        assert contrast((red, green, blue), (0xe3, 0xe8, 0xeb)) >= 4.5


@needs_browser
@pytest.mark.parametrize("name", ["team-tool-personas.yaml", "sally-future.yaml"])
def test_the_page_in_a_browser(tmp_path: Path, name: str) -> None:
    page = render(tmp_path, SAMPLES / name, "html")
    seen = in_browser(page)
    assert (seen["console"], seen["errors"], seen["requests"]) == ([], [], [])
    journey = load(SAMPLES / name).map
    assert journey is not None and journey.title
    assert seen["title"] == journey.title.value
    dom = seen["dom"]
    for _, step in journey.steps():
        assert step.action and step.action.value.replace("'", "&#39;") in dom
    result = seen["result"]
    steps = sum(1 for _ in journey.steps())
    assert (result["before"], result["collapsed"], result["pressed"], result["again"]) == (
        steps, 0, "false", steps)
    assert result["lowest"][0][0] >= 4.5, result["lowest"]
    assert result["points"] >= steps  # every scored point names its step
    assert result["svgTitle"] == journey.title.value and "steps" in result["svgDesc"]


@needs_browser
def test_hostile_text_stays_text_in_the_page(tmp_path: Path) -> None:
    page = render(tmp_path, HOSTILE, "html")
    seen = in_browser(page, "return [...document.querySelectorAll('script')].length;")
    assert (seen["console"], seen["errors"], seen["requests"]) == ([], [], [])
    assert seen["result"] == 1  # the page's own script only
    assert "&lt;img src=file:///etc/passwd&gt;" in seen["dom"]
    assert "<img" not in seen["dom"]


def test_the_page_is_self_contained_and_the_same_each_time(tmp_path: Path) -> None:
    page = render(tmp_path, SAMPLES / "daniela-kinderwagen.yaml", "html", "--data",
                  str(SAMPLES / "daniela-kinderwagen.metrics.csv"))
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/", "")
    assert "https://" not in text and "<link" not in text and " src=" not in text
    assert "Trechter" in text and 'lang="nl"' in text
    (tmp_path / "again").mkdir()
    again = render(tmp_path / "again", SAMPLES / "daniela-kinderwagen.yaml", "html", "--data",
                   str(SAMPLES / "daniela-kinderwagen.metrics.csv"))
    assert again.read_bytes() == page.read_bytes()


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_png_timeline_scales_and_is_slide_ready_by_default(tmp_path: Path) -> None:
    one = render(tmp_path, SAMPLES / "sally.yaml", "png", "--scale", "1")
    (tmp_path / "default").mkdir()
    default = render(tmp_path / "default", SAMPLES / "sally.yaml", "png")
    (width, height), (width2, height2) = png_size(one), png_size(default)
    assert abs(width2 - 2 * width) <= 2 and abs(height2 - 2 * height) <= 2
    assert width2 > 2000  # axis labels of about 12 px, not 6
    assert render(tmp_path / "default", SAMPLES / "sally.yaml", "png").read_bytes() == \
        default.read_bytes()


@needs_browser
def test_a_focused_emotion_point_shows_its_step_and_score(tmp_path: Path) -> None:
    """Tabbing to a point shows its label as text on the page, not only as a tooltip."""
    page = render(tmp_path, SAMPLES / "sally.yaml", "html")
    checks = """
    const point = document.querySelector("g.point[tabindex]");
    const label = point.querySelector(".point-label");
    const before = getComputedStyle(label).visibility;
    point.focus();
    return {before, after: getComputedStyle(label).visibility, text: label.textContent,
            focused: document.activeElement === point};
    """
    result = in_browser(page, checks)["result"]
    assert result == {"before": "hidden", "after": "visible", "focused": True,
                      "text": "1. Realises she has an organisation problem at work: 2"}, result


def _printed_words(pdf: Path) -> str:
    """The words of a printed PDF that lie inside their page's box."""
    import html
    import re as regex

    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    inside = []
    for width, height, body in regex.findall(
            r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, regex.S):
        for x0, y0, x1, y1, word in regex.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>", body):
            if 0 <= float(x0) and 0 <= float(y0) and float(x1) <= float(width) \
                    and float(y1) <= float(height):
                inside.append(html.unescape(word))
    return " ".join(inside)


@needs_browser
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_the_page_prints_every_step_on_the_paper(tmp_path: Path, paper: str,
                                                 orientation: str) -> None:
    """Printed with Chromium, as the print dialog does (portrait: as a reader who turns
    the page's landscape request down), every action lies inside the page box."""
    page = render(tmp_path, SAMPLES / "sally.yaml", "html")
    pdf = tmp_path / "printed.pdf"
    turn = ('const s = document.createElement("style"); s.textContent = "@page { size: '
            f'{orientation} }}"; document.head.append(s); return 1;')
    env = {**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES), "CJM_BROWSER_EVAL": turn,
           "CJM_PRINT_PAPER": paper, "CJM_PRINT_LANDSCAPE": "1" if orientation == "landscape"
           else "0"}
    subprocess.run(["node", str(ROOT / "tests" / "browser.mjs"), page.as_uri(), str(pdf)],
                   env=env, check=True, capture_output=True, timeout=120)
    words = _printed_words(pdf)
    journey = load(SAMPLES / "sally.yaml").map
    assert journey is not None
    assert not [step.action.value for _, step in journey.steps()
                if step.action and " ".join(step.action.value.split()) not in words]


@needs_browser
@pytest.mark.parametrize("name", ["gezin-kinderwagen-personas.yaml", "daniela-kinderwagen.yaml"])
def test_on_a_phone_nothing_overlaps_and_nothing_is_wider_than_the_screen(
        tmp_path: Path, name: str) -> None:
    page = render(tmp_path, SAMPLES / name, "html")
    checks = """
    const boxes = [...document.querySelectorAll(".cover h2, .cover h3, .cover p, .cover li")]
      .map((e) => e.getBoundingClientRect()).filter((r) => r.width && r.height);
    let overlaps = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 &&
          b.top < a.bottom - 1) overlaps++;
    }
    return {width: document.documentElement.scrollWidth, overlaps};
    """
    env = {**os.environ, "CJM_NODE_MODULES": str(NODE_MODULES), "CJM_BROWSER_EVAL": checks,
           "CJM_BROWSER_WIDTH": "390"}
    result = subprocess.run(["node", str(ROOT / "tests" / "browser.mjs"), page.as_uri()],
                            env=env, capture_output=True, text=True, timeout=120, check=True)
    seen = json.loads(result.stdout)["result"]
    assert seen == {"width": 390, "overlaps": 0}, seen
