"""A build with nothing cached starts its warm pool at once, while it plans its pages."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

import syllabuild.site.pipeline as pipeline
import syllabuild.snippets.pool as pool_module
from syllabuild.cli import main
from syllabuild.snippets.service import SnippetService

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "snippets_course"
STARTED: list[int] = []
"""Process ids of the warm-up processes the pools of a test started."""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def events(monkeypatch) -> list[tuple]:
    """('pool', its modules) each time a warm pool starts, ('plan',) when the build plans its pages."""
    seen: list[tuple] = []
    real_pool, real_plan = pool_module.WarmPool.__init__, pipeline.plan_site

    def pool(self, workers, threads, warmup=pool_module.POOL_DEFAULT, gpus=None):
        seen.append(("pool", warmup.modules))
        real_pool(self, workers, threads, warmup, gpus)
        STARTED.extend(process.pid for process in self._processes)

    def plan(*args, **kwargs):
        seen.append(("plan",))
        return real_plan(*args, **kwargs)

    STARTED.clear()
    monkeypatch.setattr(pool_module.WarmPool, "__init__", pool)
    monkeypatch.setattr(pipeline, "plan_site", plan)
    return seen


def build(course: Path) -> int:
    """`syllabuild build --strict`, as a fresh process would run it: no worker left from a build before."""
    SnippetService.shutdown()
    try:
        return main(["build", "-f", str(course / "mkdocs.yml"), "--strict"])
    finally:
        SnippetService.shutdown()  # what the command's exit does to the workers


def test_a_cold_build_starts_one_pool_before_planning_warmed_for_what_the_course_imports(course, events, caplog):
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.syllabuild")
    assert build(course) == 0

    assert events == [("pool", ("matplotlib.pyplot",)), ("plan",)]  # one pool, started first, and kept
    page = (course / "site" / "lectures" / "01-gradient-descent" / "index.html").read_text(encoding="utf-8")
    assert "after one step: 4.0" in page
    assert "snippets: 6 run, 0 cached, 0 failed" in caplog.text


def test_a_build_with_cached_results_starts_no_pool_until_a_run_needs_one(course, events):
    assert build(course) == 0
    events.clear()

    assert build(course) == 0  # nothing changed: nothing runs, no pool
    assert events == [("plan",)]

    notes = course / "lectures" / "02-networks.md"
    notes.write_text(notes.read_text().replace("plt.plot([0, 1, 4, 9])", "plt.plot([0, 1, 4, 16])"))
    events.clear()
    assert build(course) == 0
    assert events == [("plan",), ("pool", ("matplotlib.pyplot",))]  # after planning, for the one run


def test_a_build_that_stops_before_its_runs_leaves_no_worker_behind_and_says_nothing_of_it(course, events, caplog):
    (course / "syllabus.yaml").write_text("course: [not, a, mapping\n", encoding="utf-8")

    SnippetService.shutdown()
    assert main(["build", "-f", str(course / "mkdocs.yml"), "--strict"]) == 1

    assert events == [("pool", ("matplotlib.pyplot",))]  # the syllabus stopped it before any plan
    assert not _forkservers(), "a pool started early outlived the failed build"
    assert "syllabus" in caplog.text and "worker" not in caplog.text  # the syllabus's problem, and only it


def _forkservers() -> list[str]:
    """Those of `STARTED` still running (not even a zombie)."""
    alive = []
    for pid in STARTED:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        if "State:\tZ" not in status:
            alive.append(str(pid))
    return alive


def test_the_build_keeps_a_pool_started_early_even_if_it_lacks_a_module_and_replaces_it_later():
    # Replacing it would wait for its warm-up to finish and then pay a second one; the runs import
    # what it lacks themselves. A later build (`serve`) gets a pool with both, as for any pool.
    from syllabuild.snippets.engine import EngineSettings, discard_early, start_early
    from syllabuild.snippets.preload import Warmup

    early = pool_module.WarmPool(1, 1, Warmup(("json",)))
    start_early(EngineSettings(Path("."), Path(".cache")), early)
    assert early.started_early
    discard_early()  # no engine took it over: it is killed
    assert all(process.poll() is not None for process in early._processes)

    kept = pool_module.WarmPool(1, 1, Warmup(("json",)))
    kept.started_early = True
    try:
        assert pool_module.warm_pool_for(kept, Warmup(("csv",)), 1, 1, set()) is kept
        replaced = pool_module.warm_pool_for(kept, Warmup(("csv",)), 1, 1, set())
        assert replaced is not kept and set(replaced.warmup.modules) == {"json", "csv"}
        replaced.close()
    finally:
        kept.close()
