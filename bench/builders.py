"""Benchmark: the sample course built by each builder, cold, warm and after one snippet edit.

    .venv/bin/python -m bench.builders [--repeat 3]

Setups, each in its own copy of the sample course (mkdocs.yml, syllabus.yaml, docs/, lectures/,
snippets/) under bench/out/builders/, run the way users run them:

- `syllabuild build` (MkDocs, the default builder);
- `syllabuild build --builder zensical`;
- `before`: the same command with the code of the commit before the pipeline (`BEFORE`, a git
  worktree, MkDocs event handlers + mkdocs-jupyter) — the warm MkDocs build must not be slower;
- `plain MkDocs`: MkDocs alone (no plugin, no execution) on the generated tree, both editions —
  the floor: what rendering the same pages costs without syllabuild.

Scenarios: `cold` (no cache, no site), `warm` (nothing changed), `edit` (one snippet file changed,
so one snippet runs again). Runs are interleaved (every setup once per round), each run is
checked to have written every page of the reference build, and the table gives the median with
min–max of the rounds, and ratios to the MkDocs build and to the floor.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.courses import floor_project
from bench.harness import load_average

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "builders"
BEFORE = "1d3246d"
"""The last commit whose build lived in MkDocs event handlers."""
SOURCES = ("mkdocs.yml", "syllabus.yaml", "docs", "lectures", "snippets")
EDITED = "snippets/gd_paths.py"
SCENARIOS = ("cold", "warm", "edit")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def copy_course(target: Path, source: Path = REPO) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in SOURCES:
        (shutil.copytree if (source / name).is_dir() else shutil.copy)(source / name, target / name)
    return target


def syllabuild(course: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "syllabuild.cli", "build", "-f", str(course / "mkdocs.yml"), *args]


def setups(rounds_dir: Path) -> dict[str, tuple[Path, list[str], dict]]:
    """name -> (course folder, command, environment)."""
    found = {}
    mkdocs = copy_course(rounds_dir / "mkdocs")
    found["syllabuild + MkDocs"] = (mkdocs, syllabuild(mkdocs), ENV)
    zensical = copy_course(rounds_dir / "zensical")
    found["syllabuild + Zensical"] = (zensical, syllabuild(zensical, "--builder", "zensical"), ENV)
    worktree = rounds_dir / "before-src"
    if not worktree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(worktree), BEFORE], cwd=REPO, check=True,
                       capture_output=True)
    before = copy_course(rounds_dir / "before", worktree)
    env = {**ENV, "PYTHONPATH": str(worktree / "tools")}
    found["before (MkDocs handlers)"] = (before, syllabuild(before), env)
    return found


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


def prepare(course: Path, scenario: str, round_number: int) -> None:
    if scenario == "cold":
        shutil.rmtree(course / ".cache", ignore_errors=True)
        shutil.rmtree(course / "site", ignore_errors=True)
    elif scenario == "edit":
        path = course / EDITED
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if "# bench edit" not in line]
        path.write_text("\n".join(lines) + f"\nprint('edit {round_number}')  # bench edit\n", encoding="utf-8")


def timed(commands: list[list[str]], env: dict, cwd: Path) -> float:
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds per scenario (default: 3)")
    args = parser.parse_args(argv)
    print(f"load average before: {load_average()}", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    runs = setups(OUT)
    # A first build of each setup: the reference page set, and the tree the floor renders.
    reference = None
    for name, (course, command, env) in runs.items():
        timed([command], env, course)
        built = pages(course / "site")
        reference = reference or built
        if built != reference:
            raise SystemExit(f"{name} built other pages than the MkDocs build: {sorted(built ^ reference)[:5]}")
    floor_dir = OUT / "floor"
    floor_commands = floor_project(runs["syllabuild + MkDocs"][0] / ".cache" / "syllabuild" / "generated",
                                   REPO / "mkdocs.yml", floor_dir)

    times: dict[tuple[str, str], list[float]] = {}
    for scenario in SCENARIOS:
        for number in range(args.repeat):
            for name, (course, command, env) in runs.items():
                prepare(course, scenario, number)
                times.setdefault((scenario, name), []).append(timed([command], env, course))
                if pages(course / "site") != reference:
                    raise SystemExit(f"{name} ({scenario}) did not write every page")
            if scenario == "cold":
                for site in floor_dir.glob("*/site"):
                    shutil.rmtree(site)
            times.setdefault((scenario, "plain MkDocs (floor)"), []).append(timed(floor_commands, ENV, floor_dir))
            floor_pages = pages(floor_dir / "en" / "site") | {f"he/{p}" for p in pages(floor_dir / "he" / "site")}
            if floor_pages != reference:
                raise SystemExit("the floor did not write every page")

    names = [*runs, "plain MkDocs (floor)"]
    print(f"\nSample course, {len(reference)} pages, 2 editions; median (min–max) of {args.repeat} interleaved rounds, seconds\n")
    print("| build | " + " | ".join(names) + " |")
    print("| --- |" + " --- |" * len(names))
    for scenario in SCENARIOS:
        cells = []
        for name in names:
            values = times[(scenario, name)]
            cells.append(f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})")
        print(f"| {scenario} | " + " | ".join(cells) + " |")
    print()
    for scenario in SCENARIOS:
        median = {name: statistics.median(times[(scenario, name)]) for name in names}
        mkdocs, zensical = median["syllabuild + MkDocs"], median["syllabuild + Zensical"]
        print(f"{scenario}: Zensical / MkDocs = {zensical / mkdocs:.2f}x; MkDocs / before = "
              f"{mkdocs / median['before (MkDocs handlers)']:.2f}x; MkDocs / floor = {mkdocs / median['plain MkDocs (floor)']:.2f}x; "
              f"Zensical / floor = {zensical / median['plain MkDocs (floor)']:.2f}x")
    print(f"load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
