"""How long `cjm serve` takes to show an edit in an open page: milliseconds from the write
of the map to the page's new title, in headless Chromium (tests/preview.mjs).

usage: python bench/serve_latency.py MAP [--runs N] [--seconds-to FILE]
(prints the median, in ms)
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / ".cache" / "mermaid" / "node_modules"


def latencies(source: Path, runs: int) -> list[float]:
    """Each run edits the map's title once and times the open page's reload."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "maps"
        folder.mkdir()
        path = folder / source.name
        text = source.read_text(encoding="utf-8")
        title = re.search(r"^title: (.*)$", text, re.M)
        assert title, f"{source}: no title line"
        path.write_text(text, encoding="utf-8")
        server = subprocess.Popen([str(Path(sys.executable).parent / "cjm"), "serve",
                                   str(folder), "--port", "0"], stdout=subprocess.PIPE,
                                  text=True, cwd=scratch)
        try:
            assert server.stdout is not None
            url = re.search(r"http://\S+/", server.stdout.readline()).group(0)  # type: ignore[union-attr]
            page = f"{url}maps/{path.stem}.html"
            return [_one(path, text, title, page, run) for run in range(runs)]
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=10)


def _one(path: Path, text: str, title: re.Match[str], page: str, run: int) -> float:
    before = f"{title.group(1)} {run}" if run else title.group(1)
    after = f"{title.group(1)} {run + 1}"
    browser = subprocess.Popen(["node", str(ROOT / "tests" / "preview.mjs"), page, after,
                                "5000"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True, env={**os.environ,
                                               "CJM_NODE_MODULES": str(NODE_MODULES)})
    assert browser.stdout is not None and browser.stdin is not None
    assert browser.stdout.readline() == "ready\n"
    path.write_text(text.replace(title.group(0), f"title: {after}", 1), encoding="utf-8")
    browser.stdin.write("go\n")
    browser.stdin.flush()
    seen = json.loads(browser.stdout.readline())
    browser.wait(timeout=10)
    assert seen.get("after") == after, (before, seen)
    return float(seen["ms"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("map", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds-to", type=Path, help="also write the median, in seconds")
    args = parser.parse_args()
    if shutil.which("node") is None or not NODE_MODULES.is_dir():
        sys.exit("serve_latency: needs node and puppeteer (scripts/setup-mermaid)")
    median = statistics.median(latencies(args.map, args.runs))
    print(f"{median:.0f}")
    if args.seconds_to is not None:
        args.seconds_to.write_text(f"{median / 1000:.3f}\n")


if __name__ == "__main__":
    main()
