"""What every benchmark shares: running tools the way users run them, interleaved, checked, reported.

A benchmark describes each tool as a `Peer` (a project folder, the command users type, what to
do before a run, what its output must contain) and hands them to `interleave`, which runs every
peer once per round, rotating the order, for N rounds. A run that exits non-zero or whose check
finds missing work fails the whole benchmark (`BenchFailure`): a tool that skipped work is not
faster. Results are `Row`s of the final table (figures, ratio, goal, met?), printed and written
to bench/out/<name>.md and .json for `python -m bench` to gather.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
BIN = REPO / ".venv" / "bin"
"""The project's venv: `syllabuild`, `mkdocs`, `lychee`, `linkchecker` as users have them."""
ENV = {**{k: v for k, v in os.environ.items() if k != "MPLBACKEND"}, "NO_MKDOCS_2_WARNING": "1",
       "PYTHONDONTWRITEBYTECODE": "1"}
"""MPLBACKEND is left out: Jupyter kernels show figures only with their own (inline) backend."""


class BenchFailure(Exception):
    """A run failed or skipped work: the benchmark stops and says which tool, round and what."""


@dataclass(frozen=True)
class Timing:
    """Wall seconds of the rounds of one peer, and peak memory where it was sampled."""

    values: tuple[float, ...]
    peak_rss: tuple[int, ...] = ()
    """Bytes: the most the process tree's resident sets added up to, per run."""
    peak_pss: tuple[int, ...] = ()
    """Bytes: the same with shared pages split between the processes sharing them (what the tree really holds)."""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def __str__(self) -> str:
        if len(self.values) == 1:
            return f"{self.values[0]:.2f} s"
        return f"{self.median:.2f} s ({min(self.values):.2f}–{max(self.values):.2f})"


@dataclass
class Peer:
    """One tool on one project folder, run as users run it."""

    name: str
    folder: Path
    command: Sequence[str]
    prepare: Callable[[int], None] | None = None
    """Called with the round number before each timed run (clear caches, edit a file)."""
    check: Callable[[int, str], list[str]] | None = None
    """Called with the round number and the tool's output after each run; returns what is missing."""
    env: Mapping[str, str] = field(default_factory=lambda: ENV)
    sample_memory: bool = False


def run(peer: Peer, round_: int, label: str) -> tuple[float, int, int]:
    """One timed run of `peer`: (seconds, peak RSS, peak PSS of its process tree; 0 unless sampled)."""
    if peer.prepare:
        peer.prepare(round_)
    start = time.perf_counter()
    process = subprocess.Popen(list(peer.command), cwd=peer.folder, env=dict(peer.env), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    sampler = _MemorySampler(process.pid) if peer.sample_memory else None
    output, _ = process.communicate()
    seconds = time.perf_counter() - start
    peaks = sampler.stop() if sampler else (0, 0)
    where = f"{label}: {peer.name}, round {round_ + 1}"
    if process.returncode != 0:
        raise BenchFailure(f"{where}: `{' '.join(map(str, peer.command))}` exited {process.returncode}:\n{output[-3000:]}")
    problems = peer.check(round_, output) if peer.check else []
    if problems:
        shown = "\n  ".join(problems[:10]) + (f"\n  … and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise BenchFailure(f"{where}: missing work:\n  {shown}")
    return seconds, *peaks


def interleave(peers: Sequence[Peer], count: int, label: str) -> dict[str, Timing]:
    """Every peer once per round, `count` rounds, the order rotating each round, so a busy moment hits them alike."""
    values: dict[str, list[tuple[float, int, int]]] = {peer.name: [] for peer in peers}
    for round_ in range(count):
        shift = round_ % len(peers)
        for peer in [*peers[shift:], *peers[:shift]]:
            values[peer.name].append(run(peer, round_, label))
            print(f"  {label}, round {round_ + 1}/{count}: {peer.name} {values[peer.name][-1][0]:.2f} s", flush=True)
    timings = {}
    for peer in peers:
        runs = values[peer.name]
        memory = peer.sample_memory
        timings[peer.name] = Timing(tuple(r[0] for r in runs), tuple(r[1] for r in runs) if memory else (),
                                    tuple(r[2] for r in runs) if memory else ())
    return timings


class _MemorySampler:
    """Adds up the memory of a process and all its descendants every 50 ms, keeping the peak."""

    def __init__(self, pid: int) -> None:
        self.pid, self.rss, self.pss = pid, 0, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._done.wait(0.05):
            rss = pss = 0
            for pid in _tree(self.pid):
                rss += _status_kib(pid, "VmRSS") * 1024
                pss += _rollup_kib(pid, "Pss") * 1024
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)

    def stop(self) -> tuple[int, int]:
        self._done.set()
        self._thread.join()
        return self.rss, self.pss


def _tree(root: int) -> list[int]:
    """The process and its descendants, from /proc (psutil is not a dependency)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _status_kib(pid: int, key: str) -> int:
    return _field(Path(f"/proc/{pid}/status"), key)


def _rollup_kib(pid: int, key: str) -> int:
    return _field(Path(f"/proc/{pid}/smaps_rollup"), key)


def _field(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


# -- the report ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    """One line of the final table."""

    build: str
    ours: str
    """syllabuild's figure, e.g. `4.10 s (3.90–4.60)`."""
    peer: str
    """The peer's figure, with its name; `—` where there is none."""
    ratio: str
    goal: str
    met: bool | None
    """None where the row has no goal of its own (context)."""


HEADER = ("build", "syllabuild", "peer", "ratio", "goal", "met?")


def table(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + " --- |" * len(HEADER)]
    for row in rows:
        met = "—" if row.met is None else "met" if row.met else "**not met**"
        lines.append(f"| {row.build} | {row.ours} | {row.peer} | {row.ratio} | {row.goal} | {met} |")
    return "\n".join(lines)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'s' * (count != 1)}"


def mib(size: int) -> str:
    return f"{size / 2**20:,.0f} MiB"


class Report:
    """A benchmark's rows and notes; `finish` prints them and writes bench/out/<name>.md and .json."""

    def __init__(self, name: str, args: argparse.Namespace) -> None:
        self.name, self.args = name, args
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.load_before = load_average()
        print(f"{name}: load average before: {self.load_before}", flush=True)

    def finish(self) -> int:
        load_after = load_average()
        notes = [f"{self.name}: load average before: {self.load_before}; after: {load_after}", *self.notes]
        if self.args.quick:
            notes.insert(0, "--quick: smaller sizes than the goals are set for; the met? column is only indicative")
        text = table(self.rows) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
        print(f"\n{text}", flush=True)
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{self.name}.md").write_text(text, encoding="utf-8")
        (OUT / f"{self.name}.json").write_text(json.dumps({"rows": [asdict(row) for row in self.rows], "notes": notes},
                                                          indent=1, ensure_ascii=False), encoding="utf-8")
        return 0


def arguments(description: str, *, rounds: int = 5) -> argparse.ArgumentParser:
    """The options every benchmark takes: `--repeat N` rounds, `--quick` for small sizes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--repeat", type=int, default=None,
                        help=f"interleaved rounds (default: {rounds}; 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to see that it all works")
    return parser


def rounds(args: argparse.Namespace, default: int) -> int:
    """Rounds for one scenario: --repeat if given, else `default` (2 with --quick)."""
    if args.repeat is not None:
        return args.repeat
    return min(default, 2) if args.quick else default


def main(body: Callable[[], int]) -> int:
    """Run a benchmark's body; a `BenchFailure` is printed as such and exits 1."""
    try:
        return body()
    except BenchFailure as failure:
        print(f"\nBENCHMARK FAILED: {failure}", flush=True)
        return 1
