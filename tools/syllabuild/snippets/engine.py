"""The snippet engine: cached results, or a run on an executor's pool; the one entry point for builds and tests.

Executors (`EXECUTORS`): `local`, the warm pool of this machine (`pool.py`), and `dask`, a Dask
distributed cluster (`cluster.py`, imported only when a build uses it). Either takes `Job`s and
gives back results; the cache, progress and the results' storage stay here, so only cache misses
are ever submitted and results are stored the same way whichever executor ran them.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import syllabuild
from syllabuild.snippets.cache import DamagedEntry, SnippetCache, snippet_keys
from syllabuild.snippets.model import ExecutorError, Run, Snippet, SnippetResult
from syllabuild.snippets.progress import SnippetProgress
from syllabuild.snippets.runner import Job

if TYPE_CHECKING:
    from syllabuild.snippets.pool import WarmPool

# The pool, its fork server and the import scanner (`pool`, `preload`) are imported when a run has
# to execute: a build whose snippets all come from the cache never loads them.

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")


QUIET = 0.05
"""Seconds without a new run after which waiting runs start anyway (a build asks for a result sooner)."""


@dataclass(frozen=True)
class EngineSettings:
    project_dir: Path
    cache_dir: Path
    snippets_dir: str = "snippets"
    workers: int = 0
    seed: int = 0
    progress: bool = True
    preload: str | tuple[str, ...] = "auto"
    """`auto` or module names (the `snippets.preload` setting)."""
    executor: str = "local"
    """A key of `EXECUTORS`: `local` or `dask`."""
    scheduler: str = ""
    """The dask scheduler's address (`tcp://HOST:PORT`), for `executor` dask."""
    scheduler_source: str = ""
    """Where the address was given, for messages: `SYLLABUILD_DASK_SCHEDULER` or `snippets.scheduler`."""


_STARTED_EARLY: dict[EngineSettings, WarmPool] = {}
"""Pools started before their build planned its pages (`start_early`), by the settings they were started for."""


def start_early(settings: EngineSettings, pool: WarmPool) -> None:
    """Give `pool` to the next engine made with `settings` (a cold build's pool, started at once)."""
    discard_early()
    pool.started_early = True
    _STARTED_EARLY[settings] = pool


def discard_early() -> None:
    """Stop the pools started early that no engine took over (the build failed before its runs)."""
    while _STARTED_EARLY:
        _STARTED_EARLY.popitem()[1].kill()


class SnippetEngine:
    """Runs snippets at most once per distinct input: cache first, then the executor's pool.

    Runs that have to execute wait until every run of the build is known — the first time anyone
    waits for a result, or `QUIET` seconds after the last one came in — so the pool starts once,
    preloading what they import (`preload.plan_warmup`).
    """

    def __init__(self, settings: EngineSettings, pool: WarmPool | None = None) -> None:
        """`pool`: share workers with other engines (tests); a shared pool is not closed by `close`."""
        self.settings = settings
        self.cache = SnippetCache(settings.cache_dir, settings.project_dir)
        self.progress = SnippetProgress(settings.progress)
        self._owns_pool = pool is None
        self._pool = pool if pool is not None else _STARTED_EARLY.pop(settings, None)
        self._lock = threading.Lock()
        self._quiet = threading.Condition(self._lock)
        self._pending: dict[tuple[str, ...], Future] = {}
        self._waiting: list[tuple[tuple[str, ...], Job, frozenset[str], Future]] = []
        """Runs to execute that the pool has not been given yet: (keys, job, imports, future)."""
        self._last_submit = 0.0
        self._starter: threading.Thread | None = None
        self._scanned: dict = {}
        """Local module files read for their imports during this build."""
        self._unloadable: set[str] = set()
        self._said: set[str] = set()
        """Whole-build failures reported during this build (each is said once, not at every run)."""
        """Modules whose preloading killed a worker of ours: the runs import them themselves."""

    def warm(self) -> None:
        """Give the runs queued so far to the workers now (starting them if need be)."""
        with self._lock:
            self._start_waiting()

    def submit(self, run: tuple[Snippet, ...]) -> Future:
        """A future of the run's results; cached runs complete at once, identical runs share one future."""
        keys = snippet_keys(run, self.settings.seed)
        with self._lock:
            future = self._pending.get(keys)
            if future is not None:
                return future
            cached = [self._cached(key, snippet) for key, snippet in zip(keys, run)]
            if all(result is not None for result in cached):
                future = Future()
                self.progress.add_cached(len(run))
                future.set_result(tuple(cached))
            else:
                self.progress.add_queued(len(run))
                future = _Awaited(self.warm)
                job = self._job(run)
                from syllabuild.snippets.preload import run_imports

                imports = run_imports(run, job.import_dirs, self._scanned) if self._owns_pool else frozenset()
                self._waiting.append((keys, job, imports, future))
                self._last_submit = time.monotonic()
                if self._starter is None:
                    self._starter = threading.Thread(target=self._start_when_quiet, name="syllabuild-pool-start",
                                                     daemon=True)
                    self._starter.start()
            self._pending[keys] = future
            return future

    def results(self, run: tuple[Snippet, ...]) -> tuple[SnippetResult, ...]:
        return self.submit(run).result()

    def begin_build(self) -> None:
        """Forget the previous build's futures (files may have changed), counts and package versions."""
        with self._lock:
            self._pending.clear()
            self._scanned.clear()
            self.cache.packages.forget()
            self.progress = SnippetProgress(self.settings.progress)
            self._said.clear()

    def close(self) -> None:
        with self._lock:
            waiting, self._waiting = self._waiting, []
            if self._pool is not None and self._owns_pool:
                self._pool.close()
                self._pool = None
        if waiting:
            from syllabuild.snippets.pool import all_failed

            for _, job, _, future in waiting:
                future.set_result(all_failed(job, "not run: the snippet engine was closed first"))

    def _start_when_quiet(self) -> None:
        with self._lock:
            while self._waiting:
                left = self._last_submit + QUIET - time.monotonic()
                if left <= 0:
                    self._start_waiting()
                    break
                self._quiet.wait(left)
            self._starter = None

    def _start_waiting(self) -> None:
        """Send the waiting runs to the pool (with the lock held)."""
        if not self._waiting:
            return
        waiting, self._waiting = self._waiting, []
        try:
            pool = self._ready_pool([imports for _, _, imports, _ in waiting], [job for _, job, _, _ in waiting])
        except ExecutorError as refusal:
            # Nothing can run: every run fails with the one line (reported once), and the next build tries again.
            for _, job, _, future in waiting:
                self.progress.add_done(len(job.run.snippets), 1)
                results = job.run.failed(str(refusal), whole_build=True)
                self._say_whole_build(results)
                future.set_result(results)
            return
        for keys, job, _, future in waiting:
            pool.submit(job).add_done_callback(partial(self._finish, keys, future))

    def _ready_pool(self, imports: list[frozenset[str]], jobs: list[Job]):
        """The pool for these runs, warm for what they import (`EXECUTORS` makes or reuses it).

        Raises:
            ExecutorError: the executor cannot run them at all (an unreachable or refused cluster).
        """
        if not self._owns_pool and self._pool is not None:
            return self._pool
        self._pool = EXECUTORS[self.settings.executor](self, imports, jobs)
        if self._pool.warmup.modules:
            self.cache.packages.prefetch()  # their cache entries will record the versions of what they load
        return self._pool

    def warmup_for(self, imports: list[frozenset[str]], jobs: list[Job], workers: int):
        """The warm-up that `workers` workers about to run `jobs` (which import `imports`) should do."""
        local_dirs = [folder for job in jobs for folder in job.import_dirs]
        time_limit = max(snippet.options.timeout for job in jobs for snippet in job.run.snippets)
        from syllabuild.snippets.preload import plan_warmup

        return plan_warmup(self.settings.preload, imports, workers, local_dirs, jobs[0].project_dir, time_limit)

    def _say_whole_build(self, results: tuple[SnippetResult, ...]) -> None:
        """Log a failure of the whole build (a refused cluster) once, for every page and notebook it stops."""
        for result in results:
            failure = result.failure
            if failure is not None and failure.whole_build and failure.message not in self._said:
                self._said.add(failure.message)
                log.warning("%s", failure.message)

    def _finish(self, keys, future: Future, done: Future) -> None:
        results: tuple[SnippetResult, ...] = done.result()
        self._say_whole_build(results)
        for key, result in zip(keys, results):
            self.cache.store(key, result)
        self.progress.add_done(len(results), sum(1 for r in results if not r.ok))
        future.set_result(results)

    def _cached(self, key: str, snippet: Snippet) -> SnippetResult | None:
        try:
            return self.cache.load(key)
        except DamagedEntry as damage:
            # The entry is gone now, so each damaged entry is reported once; the run replaces it.
            log.warning("cache entry for %s was damaged (%s); ran it again", snippet.location, damage)
            return None

    def _job(self, run: tuple[Snippet, ...]) -> Job:
        project = self.settings.project_dir.resolve()
        import_dirs = [str(project / self.settings.snippets_dir)]
        if run[0].source_file is not None:
            import_dirs.insert(0, str(run[0].source_file.parent))
        ignore = (str(self.settings.cache_dir.resolve()), sys.prefix, str(Path(syllabuild.__file__).parent),
                  str(project / ".git"))
        return Job(Run(run), str(project), tuple(dict.fromkeys(import_dirs)), ignore, self.settings.seed)


def _local_pool(engine: SnippetEngine, imports: list[frozenset[str]], jobs: list[Job]) -> WarmPool:
    """This machine's warm pool: started now with the runs' warm-up, or the running one if warm enough."""
    from syllabuild.snippets.pool import plan_workers, warm_pool_for

    workers, threads = plan_workers(engine.settings.workers)
    return warm_pool_for(engine._pool, engine.warmup_for(imports, jobs, workers), workers, threads,
                         engine._unloadable)


def _dask_pool(engine: SnippetEngine, imports: list[frozenset[str]], jobs: list[Job]):
    """The cluster at `scheduler`: connected (and its workers checked) on the first run to execute."""
    try:
        from syllabuild.snippets.cluster import DaskPool
    except ImportError as error:
        raise ExecutorError(f"snippets.executor dask needs Dask distributed, which is not installed here ({error})") from None
    pool = engine._pool
    if not (isinstance(pool, DaskPool) and pool.alive()):
        if pool is not None:  # its scheduler went away since the last build
            pool.close()
            engine._pool = None
        pool = DaskPool.connect(engine.settings)
    try:
        pool.warm(engine.warmup_for(imports, jobs, pool.threads), jobs, (str(engine.settings.cache_dir.resolve()),))
    except ExecutorError:
        if pool is not engine._pool:
            pool.close()
        raise
    return pool


EXECUTORS = {"local": _local_pool, "dask": _dask_pool}
"""`snippets.executor` -> (engine, the imports of the runs to execute, their jobs) -> a pool for them."""


class _Awaited(Future):
    """The future of a run still waiting for the pool: waiting for its result starts the pool."""

    def __init__(self, start) -> None:
        super().__init__()
        self._start = start

    def result(self, timeout=None):
        self._start()
        return super().result(timeout)

    def exception(self, timeout=None):
        self._start()
        return super().exception(timeout)
