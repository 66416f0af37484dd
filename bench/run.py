"""Benchmark cjm against its peers on the same inputs, in one run, and report ratios.

usage: python bench/run.py [--runs N] [--output bench/RESULTS.md]

Each pair runs one unmeasured warm-up of both commands, then N measured runs that alternate
cjm and peer, so both see the same machine load. Wall time is start to exit of the process;
peak RSS is the largest resident set of that process (`wait4`, like `/usr/bin/time %M`).
Absolute times drift on shared machines; the ratio cjm/peer of the medians is what holds.
A peer that is not installed is skipped, and the table says so.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEERS = Path(os.environ.get("CJM_PEERS", ROOT.parent / "shared" / "peers"))
PEERS_DIR = Path(os.environ.get("PEERS_DIR", "/opt/peers"))
CJM = Path(sys.executable).parent / "cjm"


@dataclass(frozen=True)
class Pair:
    name: str
    cjm: list[str]
    peer: list[str] | None  # None: nothing to compare with, report cjm alone
    peer_name: str
    target: float | None  # the ratio to meet, at most
    rss_target: bool = False  # cjm's peak RSS must also be at most the peer's
    runs: int | None = None  # overrides --runs (slow commands)


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kib: int


def measure(command: list[str]) -> Sample:
    """Run a command once, output discarded; its wall time and peak RSS."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return Sample(elapsed, usage.ru_maxrss)


def pairs(out: Path) -> list[Pair]:
    big, small = PEERS / "journey-2000.yaml", PEERS / "journey-50.yaml"
    yamllint = PEERS_DIR / "venv" / "bin" / "yamllint"
    jsonschema = PEERS_DIR / "venv" / "bin" / "check-jsonschema"
    mmdc = [str(PEERS / "mmdc.sh"), str(PEERS / "journey-sally.mmd")]
    sally = str(ROOT / "samples" / "sally.yaml")
    have = {"yamllint": yamllint.exists(), "check-jsonschema": jsonschema.exists(),
            "mmdc": (PEERS_DIR / "mermaid" / "node_modules" / ".bin" / "mmdc").exists()}

    def peer(name: str, command: list[str]) -> list[str] | None:
        return command if have[name] else None

    return [
        Pair("lint journey-2000.yaml", [str(CJM), "lint", str(big)],
             peer("yamllint", [str(yamllint), str(big)]), "yamllint", 0.25, True, 5),
        Pair("lint journey-2000.yaml", [str(CJM), "lint", str(big)],
             peer("check-jsonschema", [str(jsonschema), "--schemafile",
                                       str(PEERS / "journey.schema.json"), str(big)]),
             "check-jsonschema", 0.3, False, 5),
        Pair("lint journey-50.yaml", [str(CJM), "lint", str(small)],
             peer("yamllint", [str(yamllint), str(small)]), "yamllint", 1.0),
        Pair("render Sally → SVG", [str(CJM), "render", sally, "-o", str(out / "sally.svg")],
             peer("mmdc", [*mmdc, str(out / "mmdc.svg")]), "mmdc", 0.15),
        Pair("render Sally → PDF", [str(CJM), "render", sally, "-o", str(out / "sally.pdf")],
             peer("mmdc", [*mmdc, str(out / "mmdc.pdf")]), "mmdc", 0.6),
        Pair("render journey-2000.yaml → PDF",
             [str(CJM), "render", str(big), "-o", str(out / "big.pdf")], None,
             "(no peer makes a legible one)", None, False, 1),
        Pair("report 500 maps of 50 steps", [str(CJM), "report", str(folder_of_maps(out))],
             None, "(no peer reports across maps)", None, False, 3),
        Pair("report 500 maps of 50 steps, one process",
             [str(CJM), "report", "--jobs", "1", str(folder_of_maps(out))],
             None, "(the same, --jobs 1)", None, False, 3),
    ]


def folder_of_maps(out: Path, count: int = 500) -> Path:
    """`count` maps of 50 steps: journey-50.yaml with its own title, persona and scores."""
    folder = out / "maps"
    if folder.is_dir():
        return folder
    folder.mkdir()
    text = (PEERS / "journey-50.yaml").read_text(encoding="utf-8")
    for number in range(count):
        varied = text.replace("emotion: 2", f"emotion: {2 + number % 3}", number % 7)
        (folder / f"map-{number:03d}.yaml").write_text(
            varied.replace("title: ", f"title: Map {number}, ", 1), encoding="utf-8")
    return folder


@dataclass(frozen=True)
class Result:
    pair: Pair
    cjm: list[Sample]
    peer: list[Sample]

    @staticmethod
    def median(samples: list[Sample]) -> tuple[float, float]:
        return (statistics.median(s.seconds for s in samples),
                statistics.median(s.peak_kib for s in samples) / 1024)

    def row(self) -> str:
        cjm_s, cjm_mib = self.median(self.cjm)
        pair = self.pair
        if not self.peer:
            skipped = "not installed, skipped" if pair.peer is None and pair.target else "—"
            return (f"| {pair.name} | {pair.peer_name} | {cjm_s:.3f} | {skipped} | — | "
                    f"{cjm_mib:.1f} | — | — | {'finishes' if pair.target is None else '—'} |")
        peer_s, peer_mib = self.median(self.peer)
        ratio = cjm_s / peer_s
        met = pair.target is None or ratio <= pair.target
        if pair.rss_target:
            met = met and cjm_mib <= peer_mib
        target = f"≤ {pair.target}" + (" and RSS ≤ peer" if pair.rss_target else "")
        return (f"| {pair.name} | {pair.peer_name} | {cjm_s:.3f} | {peer_s:.3f} | "
                f"**{ratio:.2f}** | {cjm_mib:.1f} | {peer_mib:.1f} | {target} | "
                f"{'yes' if met else '**no**'} |")


def run(pair: Pair, runs: int) -> Result:
    runs = pair.runs or runs
    measure(pair.cjm)
    if pair.peer:
        measure(pair.peer)
    cjm: list[Sample] = []
    peer: list[Sample] = []
    for _ in range(runs):
        cjm.append(measure(pair.cjm))
        if pair.peer:
            peer.append(measure(pair.peer))
    return Result(pair, cjm, peer)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), "0")
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
            f"{int(memory) / 1024 / 1024:.0f} GiB, Python {platform.python_version()}")


def report(results: list[Result], runs: int) -> str:
    lines = [
        "# cjm against its peers",
        "",
        f"Measured {date.today().isoformat()} on {machine()} by `bash bench/run` "
        f"(median of {runs} alternating runs after a warm-up; 5 for the 2000-step lint "
        "pairs, 1 for the 2000-step PDF, 3 for the reports). Wall time in seconds, peak RSS "
        "of the measured process in MiB (for the parallel report: the largest of its "
        "processes). mmdc's RSS is its node process only: the Chromium it drives runs in "
        "other processes (about 480 MiB summed PSS, per the peers' README).",
        "",
        "| what | peer | cjm s | peer s | ratio cjm/peer | cjm MiB | peer MiB | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *(result.row() for result in results),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    if not CJM.exists():
        sys.exit(f"bench: {CJM} not found; run bench/run with the project's venv")
    if not PEERS.is_dir():
        sys.exit(f"bench: peer inputs not found at {PEERS} (set CJM_PEERS)")
    with tempfile.TemporaryDirectory() as scratch:
        results = []
        for pair in pairs(Path(scratch)):
            if pair.peer is None and pair.target is not None:
                print(f"bench: {pair.peer_name} is not installed, skipping its comparison "
                      f"(install the peers with {PEERS / 'setup.sh'})", file=sys.stderr)
            print(f"bench: {pair.name} vs {pair.peer_name}", file=sys.stderr)
            results.append(run(pair, args.runs))
    table = report(results, args.runs)
    args.output.write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    shutil.which("dot") or sys.exit("bench: Graphviz is not installed; run scripts/setup")
    main()
