"""Benchmark: the same course built on the local pool and on a 2-worker Dask cluster on this machine.

    .venv/bin/python -m bench.cluster [--repeat 5] [--quick]

The cluster is what `README.md` tells staff to start: `dask scheduler` and two `dask worker …
--nthreads 1` processes on 127.0.0.1, started once by the benchmark and kept up across the rounds,
as a lab's or CI's cluster is; builds reach it through $SYLLABUILD_DASK_SCHEDULER. Both peers are
`syllabuild build` on their own copy of one course from `syllabuild new course`, cold (no cache,
no site) every round, interleaved.

Rows, in this order (the cluster's workers keep what a build preloaded, so the order matters):
100, 200 and 400 trivial snippets (one `print` each, 100 per page) on workers that have preloaded
nothing, as the local pool for such a course: the cluster's time over the local pool's per
snippet, fitted as a fixed part per build plus a part per task, and how that part grows with the
number of tasks (linear or better: no more per task, all in, at 400 than at 100); the 10
realistic torch/matplotlib snippets of `bench.snippets` (local pool vs cluster, as a ratio: on 2
cores the cluster cannot be faster in CPU, but its workers keep torch loaded between builds); and
400 trivial snippets again with `preload: [torch, matplotlib.pyplot]` on both (a fork of a process
holding torch costs more). Every run is checked for every page and output marker, and the
cluster's for its log line saying where the snippets ran.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time
from pathlib import Path

from bench import verify
from bench.courses import (
    SYLLABUILD_BUILD,
    Lecture,
    clear,
    lecture_pages,
    realistic_lectures,
    syllabuild_course,
    trivial_block,
)
from bench.harness import BIN, ENV, OUT, BenchFailure, Peer, Report, Row, Timing, arguments, interleave, main, rounds

FOLDER = OUT / "cluster"
WORKERS = 2
PER_PAGE = 100
GOAL_MS = 30


class Cluster:
    """`dask scheduler` and `WORKERS` `dask worker` processes on 127.0.0.1 (no nanny, one thread each)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.processes = folder, []
        scheduler_file = folder / "scheduler.json"
        scheduler_file.unlink(missing_ok=True)
        self._start("scheduler", ["scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(scheduler_file)])
        self.address = json.loads(self._wait(scheduler_file))["address"]
        for n in range(WORKERS):
            self._start(f"worker-{n}", ["worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                        "--memory-limit", "0", "--host", "127.0.0.1"])
        from distributed import Client

        with Client(self.address, set_as_default=False, timeout=60) as client:
            client.wait_for_workers(WORKERS, timeout=60)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def _start(self, name: str, arguments: list[str]) -> None:
        with open(self.folder / f"{name}.log", "wb") as log:
            self.processes.append(subprocess.Popen([str(BIN / "dask"), *arguments], stdout=log,
                                                   stderr=subprocess.STDOUT, cwd=self.folder, env=ENV))

    def _wait(self, path: Path) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if path.is_file() and path.read_text().strip():
                return path.read_text()
            time.sleep(0.1)
        raise BenchFailure(f"the dask scheduler did not start: {(self.folder / 'scheduler.log').read_text()[-2000:]}")


def peers(name: str, lectures: list[Lecture], cluster: Cluster, snippets: dict | None = None) -> list[Peer]:
    """The local and the cluster build of one course (each its own copy), cold, checked."""
    expected = {marker: figures for lecture in lectures for marker, figures in lecture.expected.items()}
    found = []
    for where, env in (("local pool", ENV), ("cluster", {**ENV, "SYLLABUILD_DASK_SCHEDULER": cluster.address})):
        course = syllabuild_course(FOLDER / f"{name}-{where.split()[0]}", lectures, snippets=snippets)
        check = verify.site_check(course, expected, lecture_pages(lectures))

        def checked(round_: int, output: str, check=check, where=where) -> list[str]:
            problems = check(round_, output)
            if where == "cluster" and "snippets run on the dask cluster at" not in output:
                problems.append("the build did not say it ran on the cluster")
            return problems

        found.append(Peer(where, course, SYLLABUILD_BUILD, prepare=lambda _, course=course: clear(course),
                          check=checked, env=env))
    return found


def realistic(args, report: Report, cluster: Cluster) -> None:
    count = 3 if args.quick else 10
    times = interleave(peers("realistic", realistic_lectures(count), cluster), rounds(args, 5), "realistic")
    ratio = times["cluster"].median / times["local pool"].median
    report.rows.append(Row(f"cold, {count} torch/matplotlib snippets: local pool vs 2-worker Dask cluster",
                           f"cluster {times['cluster']}", f"local pool {times['local pool']}", f"{ratio:.2f}×",
                           "— (2 cores: the cluster cannot be faster)", None))


def trivial_lectures(size: int, per_page: int) -> list[Lecture]:
    return [Lecture(p, f"Trivial {p}", tuple(trivial_block(p * 1000 + k) for k in range(per_page)))
            for p in range(1, size // per_page + 1)]


def trivial(args, report: Report, cluster: Cluster) -> None:
    sizes = (50, 100, 200) if args.quick else (100, 200, 400)
    per_page = 50 if args.quick else PER_PAGE
    overhead: dict[int, float] = {}
    builds: dict[int, dict[str, Timing]] = {}
    for size in sizes:
        builds[size] = interleave(peers(f"trivial-{size}", trivial_lectures(size, per_page), cluster),
                                  rounds(args, 5), f"{size} trivial")
        overhead[size] = (builds[size]["cluster"].median - builds[size]["local pool"].median) / size * 1000
    # What the cluster adds to a build: a fixed part (importing distributed, connecting, checking the
    # workers) and a part per task; fitted by least squares, and per extra task as the tasks double.
    extra = {size: overhead[size] * size / 1000 for size in sizes}
    mean_n, mean_e = sum(sizes) / len(sizes), sum(extra.values()) / len(sizes)
    per_task = (sum((n - mean_n) * (extra[n] - mean_e) for n in sizes) / sum((n - mean_n) ** 2 for n in sizes))
    fixed = mean_e - per_task * mean_n
    steps = [(a, b, (extra[b] - extra[a]) / (b - a) * 1000) for a, b in itertools.pairwise(sizes)]
    # Linear (or better): with 4× the tasks, the cost per task, all in, is no higher (a fixed part makes it
    # fall); a cost growing faster than the tasks would make it rise. 5 ms of allowance for the noise.
    linear = overhead[sizes[-1]] <= overhead[sizes[0]] + 5
    report.rows.append(Row(
        f"{', '.join(map(str, sizes))} trivial snippets: per task on the cluster over the local pool",
        f"{per_task * 1000:+.1f} ms per task, + {fixed:.2f} s per build (least squares)",
        "; ".join(f"{size}: local {builds[size]['local pool']}, cluster {builds[size]['cluster']}" for size in sizes),
        "; ".join(f"{size}: {overhead[size]:+.1f} ms" for size in sizes) + " each, all in",
        f"≤ {GOAL_MS} ms per task", per_task * 1000 <= GOAL_MS))
    report.rows.append(Row(
        "the cluster's cost as the tasks grow: per task all in, and per extra task as they double",
        f"{sizes[0]}: {overhead[sizes[0]]:+.1f} ms, {sizes[-1]}: {overhead[sizes[-1]]:+.1f} ms per task",
        "; ".join(f"{a}→{b}: {step:+.1f} ms per extra task" for a, b, step in steps), "—",
        f"linear or better: per task at {sizes[-1]} ≤ at {sizes[0]} + 5 ms", linear))


def preloaded(args, report: Report, cluster: Cluster) -> None:
    """The largest trivial course again, both pools preloading torch and matplotlib (as the sample course
    does): a fork of a process holding torch costs more, and the cluster's workers hold it already."""
    size, per_page = (200, 50) if args.quick else (400, PER_PAGE)
    preload = {"preload": ["torch", "matplotlib.pyplot"]}
    times = interleave(peers(f"preloaded-{size}", trivial_lectures(size, per_page), cluster, preload),
                       rounds(args, 5), f"{size} trivial, preloaded")
    per = (times["cluster"].median - times["local pool"].median) / size * 1000
    report.rows.append(Row(f"{size} trivial snippets, `preload: [torch, matplotlib.pyplot]`",
                           f"cluster {times['cluster']}", f"local pool {times['local pool']}", f"{per:+.1f} ms each",
                           f"≤ {GOAL_MS} ms per task", per <= GOAL_MS))


def body() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    report = Report("cluster", args)
    cluster = Cluster(FOLDER / "dask")
    try:
        trivial(args, report, cluster)  # first: the workers' pools hold nothing yet, as the local pool's
        realistic(args, report, cluster)
        preloaded(args, report, cluster)
    finally:
        cluster.stop()
    report.notes.append("cluster: the workers stay up across rounds and rows (as a lab's or CI's cluster does), so "
                        "their warm pools keep what an earlier build preloaded (torch, from the realistic row on); "
                        "the local pool starts with each build")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main(body))
