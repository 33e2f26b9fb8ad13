"""Notebook benchmark: the same N notebooks built by mkdocs-jupyter (`execute: true`) and by syllabuild.

    python -m bench.notebooks [--notebooks 6]

The notebooks are the course's tutorials (lectures/tutorial-*.ipynb), repeated until there are N;
each copy starts with its own `VARIANT = k` cell so no two copies share a cache entry. Four builds
of MkDocs Material sites, in one run, each in a fresh `python -m mkdocs build`:

- mkdocs-jupyter: `execute: true` (a Jupyter kernel per notebook), its cache off;
- syllabuild cold: notebooks run on the warm fork-server pool, empty cache;
- syllabuild warm: the same build again, nothing changed (median of 3);
- no execution: syllabuild with `snippets: execute: false` (notebooks rendered as committed), median
  of 3 runs after a first one.

Targets: cold ≤ 0.2 × mkdocs-jupyter; warm ≤ 1.2 × the build that does not execute.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "notebooks"

SYLLABUS = """course: {title: Notebook bench, code: "000001", term: Spring 2025}
lectures:
  - {number: 1, title: Notebooks}
"""
THEME = "theme:\n  name: material\n  font: false\n"


def notebooks(count: int) -> list[tuple[str, dict]]:
    sources = sorted((ROOT / "lectures").glob("tutorial-*.ipynb"))
    made = []
    for k in range(count):
        source = sources[k % len(sources)]
        notebook = json.loads(source.read_text(encoding="utf-8"))
        variant = {"cell_type": "code", "execution_count": None, "id": f"variant-{k}", "metadata": {},
                   "outputs": [], "source": f"VARIANT = {k}"}
        notebook["cells"].insert(1, variant)
        made.append((f"{source.stem}-{k:02d}.ipynb", notebook))
    return made


def project(folder: Path, config: str, notebook_dir: str, files: list[tuple[str, dict]]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / notebook_dir).mkdir(parents=True)
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "index.md").write_text("# Bench\n")
    for name, notebook in files:
        (folder / notebook_dir / name).write_text(json.dumps(notebook), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    (folder / "syllabus.yaml").write_text(SYLLABUS, encoding="utf-8")
    return folder


def build(folder: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=folder, env=env,
                            capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"build in {folder} failed:\n{result.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=int, default=6)
    args = parser.parse_args()
    files = notebooks(args.notebooks)
    jupyter = project(OUT / "mkdocs-jupyter", "site_name: Bench\n" + THEME + (
        "plugins:\n  - mkdocs-jupyter:\n      execute: true\n      include: ['*.ipynb']\n      cache: false\n"),
        "docs", files)
    ours = project(OUT / "syllabuild", "site_name: Bench\n" + THEME + (
        "plugins:\n  - syllabuild:\n      snippets: {progress: false}\n"
        "  - mkdocs-jupyter:\n      execute: false\n      include: ['*.ipynb']\n"), "lectures", files)
    plain = project(OUT / "no-execution", "site_name: Bench\n" + THEME + (
        "plugins:\n  - syllabuild:\n      snippets: {execute: false, progress: false}\n"
        "  - mkdocs-jupyter:\n      execute: false\n      include: ['*.ipynb']\n"), "lectures", files)

    times = {}
    times["mkdocs-jupyter execute: true"] = build(jupyter)
    times["syllabuild cold"] = build(ours)
    times["syllabuild warm"] = statistics.median(build(ours) for _ in range(3))
    build(plain)
    times["no execution (warm)"] = statistics.median(build(plain) for _ in range(3))

    print(f"{args.notebooks} notebooks, {os.cpu_count()} cores")
    for name, seconds in times.items():
        print(f"  {name:<30} {seconds:7.2f} s")
    cold = times["syllabuild cold"] / times["mkdocs-jupyter execute: true"]
    warm = times["syllabuild warm"] / times["no execution (warm)"]
    print(f"cold: syllabuild / mkdocs-jupyter = {cold:.2f}x  (target <= 0.2x)")
    print(f"warm: syllabuild / no execution   = {warm:.2f}x  (target <= 1.2x)")


if __name__ == "__main__":
    main()
