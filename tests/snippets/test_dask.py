"""Snippets and notebooks on a real Dask cluster: a scheduler and worker processes on 127.0.0.1.

The cluster of this module has two plain workers and one that advertises `GPU=1` (a counter: this
machine has no GPU; the worker's CUDA_VISIBLE_DEVICES names device 3). Tests that take workers down
or that need a worker of another environment start a cluster of their own.
"""

from __future__ import annotations

import json
import operator
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from dask_cluster import LocalCluster
from snippet_helpers import snippet
from syllabuild.notebooks.execute import plan_notebook, read_notebook
from syllabuild.notebooks.model import NotebookSource
from syllabuild.snippets import cluster as cluster_module
from syllabuild.snippets.engine import EngineSettings, SnippetEngine
from syllabuild.snippets.model import Location, Snippet, SnippetOptions, Status

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ("mkdocs.yml", "syllabus.yaml", "lectures", "snippets", "docs")
ENV = "SYLLABUILD_DASK_SCHEDULER"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = LocalCluster(tmp_path_factory.mktemp("dask"))
    try:
        cluster.add_worker("cpu-1", env={"WORKER_TAG": "cpu-1"})
        cluster.add_worker("cpu-2", env={"WORKER_TAG": "cpu-2"})
        cluster.add_worker("gpu", resources="GPU=1", env={"WORKER_TAG": "gpu", "CUDA_VISIBLE_DEVICES": "3"})
        cluster.wait_for_workers()
        yield cluster
    finally:
        cluster.stop()


def syllabuild_build(course: Path, scheduler: str | None = None, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"
    if scheduler:
        env[ENV] = scheduler
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", "--strict", "-d", "site", *args],
                          cwd=course, capture_output=True, text=True, timeout=600, env=env)


def sample_copy(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name in SAMPLE:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, folder / name)
    return folder


def files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


def cluster_engine(project: Path, address: str) -> SnippetEngine:
    (project / "snippets").mkdir(parents=True, exist_ok=True)
    return SnippetEngine(EngineSettings(project, project / ".cache", progress=False, executor="dask",
                                        scheduler=address, scheduler_source=ENV))


@pytest.fixture(scope="module")
def sample_builds(cluster, tmp_path_factory):
    """The sample course built cold twice: on this machine's pool, and through the cluster."""
    folder = tmp_path_factory.mktemp("sample")
    local, remote = sample_copy(folder / "local"), sample_copy(folder / "cluster")
    built = syllabuild_build(local)
    assert built.returncode == 0, built.stderr[-3000:]
    since = time.time()
    on_cluster = syllabuild_build(remote, cluster.address)
    assert on_cluster.returncode == 0, on_cluster.stderr[-3000:]
    return local, remote, on_cluster, cluster.tasks_run(since)


def test_the_sample_course_builds_on_the_cluster_into_byte_identical_pages(sample_builds):
    local, remote, build, tasks = sample_builds
    assert "snippets run on the dask cluster at tcp://127.0.0.1:" in build.stderr
    summary = next(line for line in build.stderr.splitlines() if "snippets: " in line)
    assert " run, 0 cached, 0 failed" in summary and "notebooks: 3 run" in build.stderr
    runs = int(summary.split("snippets: ")[1].split(" run")[0])
    # Every run was a task of the cluster (a session is one task, a notebook is one task).
    assert len(tasks) == len(set(tasks)) and 3 < len(tasks) <= runs
    assert files(remote / "site") == files(local / "site")
    assert files(remote / ".cache/syllabuild/generated") == files(local / ".cache/syllabuild/generated")


def test_a_cache_hit_submits_nothing_to_the_cluster(cluster, sample_builds):
    _, remote, _, _ = sample_builds
    since = time.time()
    again = syllabuild_build(remote, cluster.address)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "snippets:" not in again.stderr and "dask cluster" not in again.stderr  # not even connected
    assert cluster.tasks_run(since) == []


def test_gpu_runs_go_to_the_gpu_worker_with_a_device_each_and_the_others_never_do(cluster, tmp_path):
    engine = cluster_engine(tmp_path, cluster.address)
    show = "import os\nprint(os.environ['WORKER_TAG'], repr(os.environ.get('CUDA_VISIBLE_DEVICES')))\n"
    try:
        gpu_runs = [engine.submit((snippet(f"{show}# gpu run {n}\n", f"lectures/a.md:{n}", gpu=1),))
                    for n in range(3)]
        cpu_runs = [engine.submit((snippet(f"{show}# cpu run {n}\n", f"lectures/b.md:{n}"),)) for n in range(6)]
        gpu_seen = {future.result()[0].stdout for future in gpu_runs}
        cpu_seen = {future.result()[0].stdout.split()[0] for future in cpu_runs}
    finally:
        engine.close()
    assert gpu_seen == {"gpu '3'\n"}
    assert cpu_seen <= {"cpu-1", "cpu-2"} and cpu_seen


def test_a_gpu_run_that_no_worker_can_take_fails_instead_of_waiting(cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "WORKER_WAIT", 2.0)
    engine = cluster_engine(tmp_path, cluster.address)
    try:
        started = time.monotonic()
        (result,) = engine.results((snippet("print('two devices')\n", "lectures/03.md:12", gpu=2),))
    finally:
        engine.close()
    assert result.status is Status.CRASH and time.monotonic() - started < 30
    assert result.failure.message == (
        f'needs 2 GPUs (gpu="2") and no worker of the dask cluster at {cluster.address} has them (waited 2 s): '
        "start one with --resources GPU=2")


@pytest.fixture
def course(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".yml", mkdocs="site_name: T\nplugins:\n  - syllabuild\n")
    pytester.mkdir("snippets")
    pytester.mkdir("lectures")
    pytester.path.joinpath("snippets", "fine.py").write_text("print('fine')\n")
    pytester.path.joinpath("snippets", "exits.py").write_text("import os\nos._exit(3)\n")
    pytester.path.joinpath("lectures", "01-intro.md").write_text(
        "# Intro\n\n```python exec=\"on\" timeout=\"2\"\nwhile True:\n    pass\n```\n\n"
        "```python exec=\"on\" session=\"a\"\nx = 1\n```\n\n"
        "```python exec=\"on\" session=\"a\"\nassert x == 1\n```\n")
    return pytester


def test_pytest_runs_the_snippets_on_the_cluster_with_the_same_limits_and_messages(cluster, course, monkeypatch):
    monkeypatch.setenv(ENV, cluster.address)
    since = time.time()
    result = course.runpytest("snippets", "lectures")
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines_random([
        "lectures/01-intro.md:4: timed out after 2 s",
        "snippets/exits.py:1: the process exited with status 3 before the snippet finished",
    ])
    tasks = cluster.tasks_run(since)
    assert len(tasks) == 4 == len(set(tasks))  # fine, exits, the endless loop, session a: each ran once
    assert set(cluster.worker_addresses()) == {"cpu-1", "cpu-2", "gpu"}  # no worker went down


KILL_OWN_WORKER = '''import os, signal
pid = os.getppid()
while pid > 1 and b"dask" not in open(f"/proc/{pid}/cmdline", "rb").read():
    pid = int(open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1])
os.kill(pid, signal.SIGKILL)
'''


def test_a_run_that_takes_its_worker_down_is_reported_at_its_line_and_not_run_again(tmp_path):
    own = LocalCluster(tmp_path / "dask")
    try:
        own.add_worker("first")
        own.add_worker("second")
        own.wait_for_workers()
        engine = cluster_engine(tmp_path / "course", own.address)
        try:
            (result,) = engine.results((snippet(KILL_OWN_WORKER, "lectures/03.md:12"),))
            after = engine.results((snippet("print('the cluster still runs')\n", "lectures/03.md:30"),))
        finally:
            engine.close()
        survivors = own.worker_addresses()
    finally:
        own.stop()
    assert result.status is Status.CRASH
    assert result.failure.message.startswith("dask worker tcp://127.0.0.1:")
    assert result.failure.message.endswith(" was lost while running lectures/03.md:12; not run again")
    # Run again, the snippet would have killed the second worker too (Dask resubmits up to 3 times).
    assert len(survivors) == 1 and after[0].stdout == "the cluster still runs\n"


@pytest.mark.parametrize("fixture", ["snippets_course", "notebooks_course"])
def test_a_worker_with_other_versions_is_refused_in_one_line(tmp_path, fixture):
    fake = tmp_path / "fake-site" / "torch-2.12.0.dist-info"
    fake.mkdir(parents=True)
    (fake / "METADATA").write_text("Metadata-Version: 2.1\nName: torch\nVersion: 2.12.0\n")
    own = LocalCluster(tmp_path / "dask")
    try:
        own.add_worker("old-torch", env={"PYTHONPATH": str(fake.parent)})
        own.wait_for_workers()
        worker = next(iter(own.worker_addresses().values()))
        course = tmp_path / "course"
        shutil.copytree(ROOT / "tests/fixtures" / fixture, course)
        since = time.time()
        build = syllabuild_build(course, own.address)
        tasks = own.tasks_run(since)
    finally:
        own.stop()
    from importlib.metadata import version

    line = f"dask worker {worker} has torch 2.12.0; this build has torch {version('torch')}"
    assert build.returncode == 1
    # Said once for the build, not once per snippet, notebook or cell.
    assert build.stderr.count(line) == 1 and "snippet failed" not in build.stderr and "cell " not in build.stderr
    assert tasks == []


def test_an_unreachable_scheduler_fails_the_build_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1)
    engine = cluster_engine(tmp_path, "tcp://127.0.0.1:9")
    try:
        first, second = (engine.submit((snippet(f"print({n})\n", f"lectures/a.md:{n}"),)) for n in (1, 2))
        failures = {future.result()[0].failure for future in (first, second)}
    finally:
        engine.close()
    (failure,) = failures
    assert failure.whole_build
    assert failure.message.startswith(f"could not reach the dask scheduler at tcp://127.0.0.1:9 ({ENV}) within 1 s: ")


def test_workers_that_do_not_see_the_course_run_a_copy_of_it_with_the_same_results(cluster, tmp_path, monkeypatch,
                                                                                   warm_pool):
    # Every worker answers that it lacks the course's files at the build's path, as one elsewhere would.
    monkeypatch.setattr(cluster_module, "sees", operator.is_)
    course = tmp_path / "course"
    (course / "snippets").mkdir(parents=True)
    (course / "lectures").mkdir()
    (course / "snippets" / "helpers.py").write_text("def scale(x):\n    return 3 * x\n")
    (course / "snippets" / "start.txt").write_text("14\n")
    code = ("from pathlib import Path\nfrom helpers import scale\n"
            "print(scale(int((Path(__file__).parent / 'start.txt').read_text())))\n")
    (course / "snippets" / "reads.py").write_text(code)
    (course / "lectures" / "notes.txt").write_text("relative to the notebook\n")
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
         "source": "print(open('notes.txt').read().strip())\nimport os\n'syllabuild-courses' in os.getcwd()"}]}
    (course / "lectures" / "t.ipynb").write_text(json.dumps(notebook))
    reads = (Snippet(code, Location("snippets/reads.py", 1), SnippetOptions(), "", course / "snippets" / "reads.py"),)
    plan = plan_notebook(NotebookSource("lectures/t.ipynb"), read_notebook(course / "lectures" / "t.ipynb", "t"),
                         course, SnippetOptions())
    results = {}
    for where in ("local", "cluster"):
        shutil.rmtree(course / ".cache", ignore_errors=True)
        settings = EngineSettings(course, course / ".cache", progress=False)
        engine = (cluster_engine(course, cluster.address) if where == "cluster"
                  else SnippetEngine(settings, pool=warm_pool))
        try:
            results[where] = (engine.results(reads)[0], engine.results(plan.run)[1])
        finally:
            engine.close()
    (local_read, local_cell), (read, cell) = results["local"], results["cluster"]
    assert (read.stdout, read.deps) == (local_read.stdout, local_read.deps) == ("42\n", ("snippets/helpers.py",
                                                                                           "snippets/start.txt"))
    assert cell.stdout.startswith("relative to the notebook\n") and cell.stdout == local_cell.stdout.replace(
        "False", "True")  # the same output, but the cluster's ran in a copy of the course


def test_the_same_run_submitted_twice_runs_once_unless_the_course_files_differ(cluster, tmp_path):
    # A second long, so that the second build's submission finds the first one's task in flight:
    # Dask shares a key while some client holds it, and forgets a finished one that nobody holds.
    code = "import time\nfrom pathlib import Path\ntime.sleep(1)\nprint(Path('data.txt').read_text().strip())\n"
    read = "import os\nos.chdir(os.path.dirname(__file__))\n" + code
    courses = {}
    for name, data in (("one", "first"), ("two", "second")):
        course = courses[name] = tmp_path / name
        (course / "snippets").mkdir(parents=True)
        (course / "snippets" / "data.txt").write_text(data + "\n")
    runs = {name: (Snippet(read, Location("snippets/read.py", 1), SnippetOptions(), "",
                           course / "snippets" / "read.py"),) for name, course in courses.items()}
    since = time.time()
    engines = [cluster_engine(courses["one"], cluster.address) for _ in range(2)]  # two builds of one checkout
    other = cluster_engine(courses["two"], cluster.address)  # the same code, other data
    try:
        futures = [engine.submit(runs["one"]) for engine in engines] + [other.submit(runs["two"])]
        for engine in (*engines, other):
            engine.warm()
        outputs = [future.result()[0].stdout for future in futures]
    finally:
        for engine in (*engines, other):
            engine.close()
    assert outputs == ["first\n", "first\n", "second\n"]
    assert len(cluster.tasks_run(since)) == 2  # one task for the two builds of "one", one for "two"
