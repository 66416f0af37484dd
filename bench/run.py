"""Benchmark cjm against its peers on the same inputs, in one run, and report ratios.

usage: python bench/run.py [--runs N] [--output bench/RESULTS.md] [--only TEXT[|TEXT...]]

Each pair runs one unmeasured warm-up of both commands, then N measured runs that alternate
cjm and peer, so both see the same machine load. Wall time is start to exit of the process;
peak RSS is the largest resident set of that process (`wait4`, like `/usr/bin/time %M`);
"all processes" is the largest sum of the resident sets of the process and every process
under it, sampled every 10 ms (worker processes, mmdc's Chromium).
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
    #: Limits on cjm alone, for work no peer does: seconds, MiB over all its processes,
    #: pages of the PDF it writes to `pdf`.
    limits: tuple[float, float | None, int | None] | None = None
    pdf: Path | None = None
    #: The peer's time is multiplied by this (a sample of the work, spread over the cores).
    peer_scale: float = 1.0
    #: Most MiB over all of cjm's processes, besides the ratio.
    tree_mib: float | None = None
    #: cjm's command writes the seconds to report to this file (a latency, not its run).
    reads: Path | None = None
    warm_up: bool = True


@dataclass(frozen=True)
class Sample:
    seconds: float
    peak_kib: int
    tree_kib: int  # the largest sum over the process and its descendants


def measure(command: list[str]) -> Sample:
    """Run a command once, output discarded; its wall time, its peak RSS and the peak of
    the RSS summed over its process tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               cwd=ROOT)
    tree_kib, seen = 0, set()
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        tree = _tree(process.pid)
        seen.update(tree)
        tree_kib = max(tree_kib, sum(_rss_kib(each) for each in tree))
        time.sleep(0.01)
    elapsed = time.perf_counter() - start
    _outlived(seen - {process.pid})
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited with {process.returncode}")
    return Sample(elapsed, usage.ru_maxrss, max(tree_kib, usage.ru_maxrss))


def _outlived(pids: set[int], most_s: float = 10.0) -> None:
    """Wait for the processes a command left running (Chromium shutting down after mmdc
    exits) so they do not take the CPU from the next measured command."""
    deadline = time.perf_counter() + most_s
    while pids and time.perf_counter() < deadline:
        pids = {pid for pid in pids if Path(f"/proc/{pid}").exists()}
        time.sleep(0.01)


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (from /proc)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return [pid] + [each for child in children for each in _tree(int(child))]


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in status.splitlines()
                 if line.startswith("VmRSS:")), 0)


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
             peer("yamllint", [str(yamllint), str(small)]), "yamllint", 0.8),
        Pair("render Sally → SVG", [str(CJM), "render", sally, "-o", str(out / "sally.svg")],
             peer("mmdc", [*mmdc, str(out / "mmdc.svg")]), "mmdc", 0.15),
        Pair("render Sally → PDF", [str(CJM), "render", sally, "-o", str(out / "sally.pdf")],
             peer("mmdc", [*mmdc, str(out / "mmdc.pdf")]), "mmdc", 0.6),
        Pair("render journey-2000.yaml → PDF (A3)",
             [str(CJM), "render", str(big), "-o", str(out / "big.pdf")], None,
             "(no peer makes a legible one)", None, False, 1, (12.0, 300.0, 90),
             out / "big.pdf"),
        Pair("report 500 maps of 50 steps", [str(CJM), "report", str(folder_of_maps(out))],
             None, "(no peer reports across maps)", None, False, 3),
        Pair("report 500 maps of 50 steps, one process",
             [str(CJM), "report", "--jobs", "1", str(folder_of_maps(out))],
             None, "(the same, --jobs 1)", None, False, 3),
        Pair("lint a repository: 500 maps of 50 steps, library of 200",
             [str(CJM), "lint", str(repository_of_maps(out))],
             [str(CJM), "lint", str(repository_of_maps(out, library=False))],
             "the same maps, no library", 1.2, False, 3),
        Pair("report a repository: 500 maps of 50 steps, library of 200",
             [str(CJM), "report", str(repository_of_maps(out))],
             [str(CJM), "report", str(repository_of_maps(out, library=False))],
             "the same maps, no library", 1.2, False, 3),
        *team_scale(out),
        *(Pair(f"fmt --check a map with {count // 1000}k aliases",
               [str(CJM), "fmt", "--check", str(aliased)], [str(CJM), "lint", str(aliased)],
               "cjm lint of the same map", 4.0, False, 3)
          for count, aliased in ((n, map_of_aliases(out, n)) for n in (25_000, 100_000))),
        *(Pair(f"import a Mermaid diagram of {2 * size:,} {what}",
               [str(CJM), "import", str(hostile_diagram(out, what, 2 * size)), "-o",
                str(out / f"{what}-big.yaml"), "--force"],
               [str(CJM), "import", str(hostile_diagram(out, what, size)), "-o",
                str(out / f"{what}-half.yaml"), "--force"],
               f"the same, {size:,} (half)", 2.4, False, 3)
          for what, size in (("sections", 10_000), ("distinct actors", 3_000),
                             ("actors of one task", 1_000))),
    ]


#: A team's repository for the site rows: this many maps of this many steps.
SITE_MAPS, SITE_STEPS = 200, 30
#: Every how many-th of them is rendered alone for the single-map baseline.
SAMPLE_EVERY = 10


def team_scale(out: Path) -> list[Pair]:
    """#30's rows: a site of 200 maps cold (against the single-map renders it does, spread
    over the cores), without PDFs, rebuilt after one edit; the 2000-step poster after one
    edited step; serve's edit-to-page latency. Each uses a render cache of its own."""
    maps = site_of_maps(out)
    cache = out / "render-cache"
    cjm, cores = str(CJM), len(os.sched_getaffinity(0))
    with_cache = ["env", "-u", "CJM_NO_CACHE", f"CJM_CACHE_DIR={cache}"]
    fresh = f"rm -rf {cache} {out}/site && "
    sample = sorted(maps.glob("*.yaml"))[::SAMPLE_EVERY]
    singles = " && ".join(f"{cjm} render {m} -o {out}/single.{fmt} --no-cache"
                          for m in sample for fmt in ("pdf", "svg", "html"))
    edited = maps / "map-100.yaml"
    big = out / "big.yaml"
    shutil.copy(PEERS / "journey-2000.yaml", big)
    serve_ms = out / "serve-latency"
    return [
        Pair(f"site of {SITE_MAPS} maps × {SITE_STEPS} steps, PDFs, cold",
             ["sh", "-c", fresh + " ".join(with_cache) + f" {cjm} site {maps} -o {out}/site"],
             ["sh", "-c", singles],
             f"their single-map renders (PDF, SVG, HTML) ÷ {cores} cores (every "
             f"{SAMPLE_EVERY}th map, × {SAMPLE_EVERY})", 1.15, False, 1,
             peer_scale=SAMPLE_EVERY / cores, tree_mib=600.0, warm_up=False),
        Pair(f"site of {SITE_MAPS} maps × {SITE_STEPS} steps, --no-pdf, cold",
             ["sh", "-c", fresh + " ".join(with_cache) + f" {cjm} site {maps} -o {out}/site "
              "--no-pdf"], None, "(no peer builds a site)", None, False, 3, (30.0, 600.0, None),
             warm_up=False),
        Pair(f"site rebuild after editing one of the {SITE_MAPS} maps",
             ["sh", "-c", f"echo '# edited' $(date +%N) >> {edited} && " + " ".join(with_cache)
              + f" {cjm} site {maps} -o {out}/site-kept"], None,
             "(the first run builds it; not measured)", None, False, 5, (3.0, 600.0, None)),
        Pair("render journey-2000.yaml → PDF after editing one step",
             ["sh", "-c", f"sed -i 's/^        action: .* (step 1000)$/        action: Edited "
              f"'$(date +%N)' (step 1000)/' {big} && " + " ".join(with_cache)
              + f" {cjm} render {big} -o {out}/big-edited.pdf"], None,
             "(the first run prints it whole; not measured)", None, False, 3,
             (6.0, 600.0, None)),
        *[Pair("serve: an edit shows in the open page, journey-50.yaml",
             ["sh", "-c", " ".join(with_cache) + f" {sys.executable} "
              f"{ROOT / 'bench' / 'serve_latency.py'} {PEERS / 'journey-50.yaml'} --runs 7 "
              f"--seconds-to {serve_ms}"], None,
             "(median of 7 edits; its processes include Chromium's)", None, False, 1,
             (0.5, None, None),
             reads=serve_ms, warm_up=False)] * (shutil.which("node") is not None
                                                 and (ROOT / ".cache" / "mermaid").is_dir()),
    ]


def site_of_maps(out: Path) -> Path:
    """SITE_MAPS maps of SITE_STEPS steps (the peers' generator), each `varied`."""
    folder = out / "site-maps"
    folder.mkdir(exist_ok=True)
    for number in range(SITE_MAPS):
        path = folder / f"map-{number:03d}.yaml"
        subprocess.run([sys.executable, str(PEERS / "gen_yaml.py"), str(SITE_STEPS), str(path)],
                       check=True)
        path.write_text(varied(path.read_text(encoding="utf-8"), number), encoding="utf-8")
    return folder


def hostile_diagram(out: Path, what: str, count: int) -> Path:
    """A journey diagram with `count` sections (a task each), tasks with distinct actors,
    or actors of each of three tasks: import must grow linearly with it."""
    path = out / f"{what.replace(' ', '-')}-{count}.mmd"
    if what == "sections":
        body = "".join(f"  section S{n}\n    Task {n}: 3: Me\n" for n in range(count))
    elif what == "distinct actors":
        body = "  section A\n" + "".join(f"    Task {n}: 3: Actor {n}\n" for n in range(count))
    else:
        actors = ", ".join(f"A{n}" for n in range(count))
        body = "  section A\n" + "".join(f"    Task {n}: 3: {actors}\n" for n in range(3))
    path.write_text("journey\n" + body, encoding="utf-8")
    return path


def map_of_aliases(out: Path, count: int) -> Path:
    """A map whose steps name one anchored touchpoint `count` times in all (0.9 MB at 100k):
    formatting must grow with the input, as lint does."""
    path = out / f"aliases-{count}.yaml"
    lines = ["title: Aliases", "touchpoints:", "  - &t web", "phases:", "  - name: A",
             "    steps:"]
    for number in range(count // 10):
        lines += [f"      - action: step {number}", "        touchpoints: [" +
                  ", ".join(["*t"] * 10) + "]"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def folder_of_maps(out: Path, count: int = 500) -> Path:
    """`count` maps of 50 steps: journey-50.yaml with its own title, persona and scores."""
    folder = out / "maps"
    if folder.is_dir():
        return folder
    folder.mkdir()
    text = (PEERS / "journey-50.yaml").read_text(encoding="utf-8")
    for number in range(count):
        (folder / f"map-{number:03d}.yaml").write_text(varied(text, number), encoding="utf-8")
    return folder


def varied(text: str, number: int) -> str:
    """A generated map made map `number` of many: its own title and some of its scores."""
    text = text.replace("emotion: 2", f"emotion: {2 + number % 3}", number % 7)
    return text.replace("title: ", f"title: Map {number}, ", 1)


def repository_of_maps(out: Path, library: bool = True) -> Path:
    """A journey repository: the maps of `folder_of_maps` with a metric and a blueprint item
    on every step, naming a library of 200 entries (touchpoints, personas, teams, systems,
    metrics) by id; without `library`, the same maps, each with its own persona, and no
    library."""
    folder = out / ("repository" if library else "repository-without-library")
    if folder.is_dir():
        return folder
    (folder / "maps").mkdir(parents=True)
    (folder / ".cjm.toml").write_text('maps = ["maps/*.yaml"]\n', encoding="utf-8")
    _write_maps(out, folder / "maps", library)
    if not library:
        return folder
    (folder / "library").mkdir()
    base = ("website", "email", "social-ad", "mobile-app", "review-site", "support-chat")
    touchpoints = [*base, *(f"tp-{n:03d}" for n in range(114))]
    library = ["touchpoints:"] + [f"  - {{id: {id}, name: Touchpoint {id}, channel: owned, "
                                  f"owner: team-{n % 30}}}" for n, id in enumerate(touchpoints)]
    library += ["personas:"] + [f"  - {{id: persona-{n}, name: Persona {n}, role: Role {n}}}"
                                for n in range(20)]
    library += ["teams:"] + [f"  - {{id: team-{n}, name: Team {n}}}" for n in range(30)]
    library += ["systems:"] + [f"  - {{id: system-{n}, name: System {n}, owner: team-{n}}}"
                               for n in range(20)]
    library += ["metrics:"] + [f"  - {{id: metric-{n}, name: Metric {n}, kind: rate, "
                               "target: 10%}" for n in range(10)]
    (folder / "library" / "shared.yaml").write_text("\n".join(library) + "\n", encoding="utf-8")
    return folder


def _write_maps(out: Path, folder: Path, library: bool) -> None:
    for source in sorted(folder_of_maps(out).glob("*.yaml")):
        number = int(source.stem.split("-")[1])
        text = source.read_text(encoding="utf-8")
        if library:
            text = text.replace("persona:\n  name: Sally\n  role: Team lead\n",
                                f"persona: persona-{number % 20}\n")
        text = text.replace("website", f"tp-{number % 114:03d}").replace(
            "        thoughts:", f"        metrics: {{metric-{number % 10}: {20 + number % 30}%}}"
                                f"\n        backstage: [{{text: Work, by: team-{number % 30}}}]"
                                "\n        thoughts:")
        (folder / source.name).write_text(text, encoding="utf-8")


@dataclass(frozen=True)
class Result:
    pair: Pair
    cjm: list[Sample]
    peer: list[Sample]
    pages: int = 0  # of the PDF cjm wrote, when the pair counts them

    @staticmethod
    def median(samples: list[Sample]) -> tuple[float, float]:
        return (statistics.median(s.seconds for s in samples),
                statistics.median(s.peak_kib for s in samples) / 1024)

    def row(self) -> str:
        cjm_s, cjm_mib = self.median(self.cjm)
        tree_mib = statistics.median(s.tree_kib for s in self.cjm) / 1024
        pair = self.pair
        if not self.peer:
            skipped = "not installed, skipped" if pair.peer is None and pair.target else "—"
            target, met = self.limits(cjm_s, tree_mib)
            return (f"| {pair.name} | {pair.peer_name} | {cjm_s:.3f} | {skipped} | — | "
                    f"{cjm_mib:.1f} | {tree_mib:.1f} | — | {target} | {met} |")
        peer_s, peer_mib = self.median(self.peer)
        peer_s *= pair.peer_scale
        peer_tree = statistics.median(s.tree_kib for s in self.peer) / 1024
        ratio = cjm_s / peer_s
        met = pair.target is None or ratio <= pair.target
        if pair.rss_target:
            met = met and cjm_mib <= peer_mib
        target = f"≤ {pair.target}" + (" and RSS ≤ peer" if pair.rss_target else "")
        if pair.tree_mib is not None:
            met = met and tree_mib <= pair.tree_mib
            target += f", ≤ {pair.tree_mib:g} MiB all"
        return (f"| {pair.name} | {pair.peer_name} | {cjm_s:.3f} | {peer_s:.3f} | "
                f"**{ratio:.2f}** | {cjm_mib:.1f} | {tree_mib:.1f} | "
                f"{peer_mib:.1f} ({peer_tree:.0f} all) | {target} | "
                f"{'yes' if met else '**no**'} |")

    def limits(self, seconds: float, tree_mib: float) -> tuple[str, str]:
        """The limits of work no peer does, and which of them were met."""
        if self.pair.limits is None:
            return "—", "finishes"
        most_s, most_mib, most_pages = self.pair.limits
        pages = self.pages
        checks = [(f"≤ {most_s:g} s", seconds <= most_s)]
        if most_mib is not None:
            checks.append((f"≤ {most_mib:g} MiB all", tree_mib <= most_mib))
        if most_pages is not None:
            checks.append((f"≤ {most_pages} pages ({pages})", pages <= most_pages))
        return (", ".join(text for text, _ in checks),
                ", ".join("yes" if ok else "**no**" for _, ok in checks))


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def run(pair: Pair, runs: int) -> Result:
    runs = pair.runs or runs
    if pair.warm_up:
        measure(pair.cjm)
        if pair.peer:
            measure(pair.peer)
    cjm: list[Sample] = []
    peer: list[Sample] = []
    for _ in range(runs):
        sample = measure(pair.cjm)
        if pair.reads is not None:  # what the command measured itself
            sample = Sample(float(pair.reads.read_text()), sample.peak_kib, sample.tree_kib)
        cjm.append(sample)
        if pair.peer:
            peer.append(measure(pair.peer))
    return Result(pair, cjm, peer, _pages(pair.pdf) if pair.pdf else 0)


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
        "pairs, 1 for the 2000-step PDF, 3 for the reports). Wall time in seconds; peak RSS "
        "of the measured process in MiB, and the peak of the RSS summed over it and all its "
        "worker processes (sampled every 10 ms; shared pages count once per process, so "
        "the sum is an upper bound). mmdc's own RSS is its node process; the sum in "
        "brackets includes the Chromium it drives.",
        "",
        "| what | peer | cjm s | peer s | ratio cjm/peer | cjm MiB | cjm MiB, all processes "
        "| peer MiB | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *(result.row() for result in results),
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--only", default="", help="run the pairs whose name has this text "
                                                   "(several: TEXT|TEXT)")
    args = parser.parse_args()
    if not CJM.exists():
        sys.exit(f"bench: {CJM} not found; run bench/run with the project's venv")
    if not PEERS.is_dir():
        sys.exit(f"bench: peer inputs not found at {PEERS} (set CJM_PEERS)")
    os.environ["CJM_NO_CACHE"] = "1"  # every row renders for real; the cache rows turn it on
    # cjm's bytecode, as `pip install` compiles it for every user (and did for the peers):
    # an editable install under PYTHONDONTWRITEBYTECODE would compile it on every start
    import compileall

    compileall.compile_dir(ROOT / "cjm", quiet=1)
    with tempfile.TemporaryDirectory() as scratch:
        results = []
        for pair in pairs(Path(scratch)):
            if not any(text in pair.name for text in args.only.split("|")):
                continue
            if pair.peer is None and pair.target is not None:
                print(f"bench: {pair.peer_name} is not installed, skipping its comparison "
                      f"(install the peers with {PEERS / 'setup.sh'})", file=sys.stderr)
            print(f"bench: {pair.name} vs {pair.peer_name}", file=sys.stderr)
            results.append(run(pair, args.runs))
    table = report(results, args.runs)
    if args.only and args.output.is_file():  # some rows again: the others stay as they were
        table = merged(args.output.read_text(encoding="utf-8"), table)
    args.output.write_text(table, encoding="utf-8")
    print(table)


def merged(before: str, now: str) -> str:
    """The table `before` with the rows that `now` measured again replaced (a row is named
    by its first two cells) and its new rows added at the end of the table; the text
    around the table is `before`'s."""
    def key(row: str) -> str:
        return "|".join(row.split("|")[1:3])

    fresh = {key(row): row for row in now.splitlines() if row.startswith("| ") and
             not row.startswith("| what") and not row.startswith("| ---")}
    lines = before.splitlines()
    rows = [n for n, line in enumerate(lines) if line.startswith("| ")]
    if not rows:
        return now
    out = [fresh.pop(key(line), line) if n in rows[2:] else line for n, line in enumerate(lines)]
    end = rows[-1] + 1
    return "\n".join(out[:end] + list(fresh.values()) + out[end:]) + "\n"


if __name__ == "__main__":
    shutil.which("dot") or sys.exit("bench: Graphviz is not installed; run scripts/setup")
    main()
