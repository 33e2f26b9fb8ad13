"""The worker side of the dask executor: every dask worker runs its tasks on a warm pool of its own.

`cluster.py` registers `SnippetWorkers` on the cluster, so every worker, present or joining later,
keeps one `WarmPool` — the forkserver of `pool.py`, a subprocess of the dask worker, with one warm
process per worker thread. A task (`run_task`) is one run: it hands its `Job` to that pool and
returns the pool's results, so a run on the cluster is the local code path (time and memory kills,
the sandbox, a crash or `os._exit` reported at the user's line) with the worker's imports paid once.

A run that takes its dask worker down with it (the kernel's OOM killer picked the worker) is not run
again. The scheduler resubmits a task whose worker died (up to `allowed-failures` times, 3 by
default), so `RunGuard`, a scheduler plugin, remembers on which worker each task started (one
round trip when it starts; forgotten when the task ends); a second start of the same key returns
"lost while running" instead of running the code again.

Runs in the dask worker and scheduler (imported when they unpickle a task or a plugin); it never
imports torch itself.
"""

from __future__ import annotations

import pickle
import platform
import threading
from functools import lru_cache
from importlib import metadata

from distributed import SchedulerPlugin, WorkerPlugin, get_worker
from distributed.utils import sync

import syllabuild
from syllabuild.snippets.course_copy import relocated, unpacked
from syllabuild.snippets.gpus import DeviceSlots
from syllabuild.snippets.model import SnippetResult
from syllabuild.snippets.pool import WarmPool, warm_pool_for
from syllabuild.snippets.preload import Warmup
from syllabuild.snippets.runner import Job

__all__ = ["CHECKED", "PLUGIN", "RunGuard", "SnippetWorkers", "difference", "environment", "prewarm", "run_task"]

PLUGIN = "syllabuild-snippets"
"""Name of the worker plugin (registered once per cluster)."""
CHECKED = ("python", "syllabuild", "torch", "numpy", "matplotlib")
"""What a worker must have in the same version as the build: cached results depend on them."""
RUN_THREADS = 1
"""Torch (and OpenMP) threads per run: one run per worker thread, one thread each, as a local build
with the default `workers: 0` — the thread count changes float results, and a run's output must not
depend on which executor ran it. A worker's parallelism is its `--nthreads`."""
GUARD = "syllabuild-runs"
"""Name of the scheduler plugin."""
_STARTED = "syllabuild_run_started"
"""The scheduler's handler (added by `RunGuard`) that a task calls when it starts."""


@lru_cache(maxsize=1)
def environment() -> dict[str, str]:
    """This process's versions of `CHECKED` ('' where one is not installed), read without importing them."""
    found = {"python": platform.python_version(), "syllabuild": syllabuild.__version__}
    for name in CHECKED[2:]:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


def difference(worker: str, theirs: dict[str, str], ours: dict[str, str]) -> str:
    """'' when a worker's versions are the build's, else one line naming the first difference."""
    for name in CHECKED:
        have, want = theirs.get(name, ""), ours.get(name, "")
        if have != want:
            has = f"{name} {have}" if have else f"no {name}"
            wants = f"{name} {want}" if want else f"no {name}"
            return f"dask worker {worker} has {has}; this build has {wants}"
    return ""


class SnippetWorkers(WorkerPlugin):
    """One warm pool per dask worker, sized to its threads, warmed for what the builds ask."""

    idempotent = True
    """Registered once: a second build's registration keeps the running pools (and their imports)."""
    name = PLUGIN

    def __init__(self, warmup: Warmup | None = None) -> None:
        self.warmup = warmup or Warmup()

    def setup(self, worker) -> None:
        self._worker = worker
        self._lock = threading.Lock()
        self._pool: WarmPool | None = None
        self._unloadable: set[str] = set()
        self.gpus = DeviceSlots.of_worker(int(worker.state.total_resources.get("GPU", 0)),
                                          f"dask worker {worker.address}")
        self.ready(self.warmup)

    def teardown(self, worker) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    def ready(self, warmup: Warmup) -> WarmPool:
        """The pool, replaced by one warmed for `warmup` too if it lacks part of it and is idle."""
        with self._lock:
            self._pool = warm_pool_for(self._pool, warmup, self._worker.state.nthreads, RUN_THREADS,
                                       self._unloadable, self.gpus)
            return self._pool


def prewarm(warmup: Warmup, dask_worker=None) -> None:
    """Start (or widen) the worker's warm-up now, before its first task (called with `Client.run`)."""
    _plugin(dask_worker or get_worker()).ready(warmup)


class RunGuard(SchedulerPlugin):
    """On the scheduler: the worker each syllabuild task started on, until the task ends."""

    idempotent = True
    name = GUARD

    async def start(self, scheduler) -> None:
        self._started: dict[str, str] = {}
        scheduler.handlers[_STARTED] = self.started

    def started(self, key: str, worker: str) -> str:
        """Note that `key` starts on `worker`; the worker it started on before, '' if none (a handler)."""
        before = self._started.get(key, "")
        self._started[key] = worker
        return before

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        if finish in ("memory", "erred", "forgotten"):
            self._started.pop(key, None)


def run_task(payload: bytes, course: bytes | None = None) -> tuple[SnippetResult, ...]:
    """One run on this worker's pool.

    Args:
        payload: the pickled (key, job, warmup, the build's versions, the course copy's digest).
        course: the course's files (`course_copy`), when some worker does not see them where the build does.
    """
    key, job, warmup, versions, digest = pickle.loads(payload)
    job: Job
    worker = get_worker()
    refusal = difference(worker.address, environment(), versions)
    if refusal:
        return job.run.failed(refusal, whole_build=True)
    if course is not None:
        job, warmup = relocated(job, warmup, unpacked(digest, course))
    lost_on = sync(worker.loop, getattr(worker.scheduler, _STARTED), key=key, worker=worker.address)
    if lost_on:
        return job.run.failed(f"dask worker {lost_on} was lost while running {job.run.snippets[0].location}; "
                              "not run again")
    return _plugin(worker).ready(warmup).submit(job).result()


_SETUP = threading.Lock()


def _plugin(worker) -> SnippetWorkers:
    with _SETUP:
        plugin = worker.plugins.get(PLUGIN)
        if plugin is None:  # the plugin is added before a worker takes tasks; this is a fallback
            plugin = worker.plugins[PLUGIN] = SnippetWorkers()
            plugin.setup(worker)
        return plugin
