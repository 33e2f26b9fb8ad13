"""The dask executor's client side: runs go to a Dask distributed cluster instead of the local pool.

`DaskPool` has the local pool's interface (`submit(job) -> Future`, `idle`, `close`, `warmup`), so
the engine keeps the cache, progress and storage, and only cache misses reach the cluster. Each
run is one task keyed by its content address and the course's files (`task_key`), so the same run
submitted twice — two builds of one checkout sharing a cluster — runs once. The workers run it on warm pools of their
own (`cluster_worker.py`).

Connecting checks every worker's versions (`cluster_worker.CHECKED`) and refuses the build with one
line naming the first difference; a worker that joins later is checked by each of its tasks.
Workers that do not see the course's files where the build does get a copy (`course_copy`).

Runs are placed by Dask's resources: a run with `gpu="N"` asks for `GPU: N`, so it goes to a worker
started with `--resources GPU=…`; the others go to the workers without a GPU while there are any.
No run waits forever: one that no worker can take (a GPU run and no GPU worker, or no worker at
all) fails after `WORKER_WAIT` seconds, a run whose worker died is not run again
(`cluster_worker.run_task`), and a lost scheduler fails what was in flight.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field

from syllabuild.project.settings import scheduler_problem
from syllabuild.snippets.cache import snippet_keys
from syllabuild.snippets.cluster_worker import RunGuard, SnippetWorkers, difference, environment, prewarm, run_task
from syllabuild.snippets.course_copy import LIMIT, CourseFiles, sees
from syllabuild.snippets.engine import EngineSettings
from syllabuild.snippets.model import ExecutorError, SnippetResult
from syllabuild.snippets.preload import Warmup
from syllabuild.snippets.runner import Job

__all__ = ["CONNECT_TIMEOUT", "WORKER_WAIT", "DaskPool", "task_key"]

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")

CONNECT_TIMEOUT = 10
"""Seconds to reach the scheduler."""
WORKER_WAIT = 30.0
"""Seconds a run may wait with no worker able to take it before it fails."""
_WATCH = 1.0
"""Seconds between two looks at the cluster's workers while runs are in flight."""


def task_key(job: Job, course: str = "") -> str:
    """The run's content address as a Dask key: `syllabuild-run-<sha256 of its snippets' cache keys
    and the course's files>`.

    `course` is the fingerprint of the course's files (`CourseFiles.fingerprint`: each file's path,
    size and modification time). A run may read any of them (a data file, a helper module), which
    its cache key can only learn once it has run; with them in the key, two builds of one checkout
    share a task, and two courses (or two states of one) whose code is the same but whose data
    differ do not.
    """
    keys = snippet_keys(job.run.snippets, job.seed)
    return "syllabuild-run-" + hashlib.sha256("/".join((*keys, course)).encode()).hexdigest()[:32]


@dataclass
class _Task:
    job: Job
    future: object
    """The dask future."""
    waiters: list[Future] = field(default_factory=list)
    unable_since: float | None = None
    """Since when no worker of the cluster could take it (None: some worker can)."""


class DaskPool:
    """Runs `Job`s as tasks on the cluster at `address`; the local pool's interface."""

    def __init__(self, client, address: str) -> None:
        self.client, self.address = client, address
        self.warmup = Warmup()
        self.failed: tuple[str, ...] = ()
        """The local pool's list of modules that killed a worker when preloaded: each worker keeps its own."""
        self.threads = 1
        """Worker threads of the cluster when it was connected (what the warm-up is planned for)."""
        self._versions = environment()
        self._fingerprint = ""
        """The course's files as this build found them (part of every task key)."""
        self._course: tuple[str, str, object] | None = None
        """(fingerprint of the course's files, digest of their copy or '', the copy's dask future or None)."""
        self._warmed = ""
        """Which workers were sent the warm-up: `cpu` (those CPU runs go to) or `all`."""
        self._lock = threading.Lock()
        self._tasks: dict[str, _Task] = {}
        self._workers: tuple[float, dict] = (0.0, {})
        self._closed = threading.Event()
        self._watcher = threading.Thread(target=self._watch, name="syllabuild-cluster-watch", daemon=True)
        self._finished: queue.SimpleQueue = queue.SimpleQueue()
        """(key, dask future) of the tasks that ended, for `_collect` to fetch their results in batches."""
        self._collector = threading.Thread(target=self._collect, name="syllabuild-cluster-results", daemon=True)

    @classmethod
    def connect(cls, settings: EngineSettings) -> DaskPool:
        """Connect to the engine's scheduler and check its workers.

        Raises:
            ExecutorError: no address, a malformed one, an unreachable scheduler, or a worker whose
                versions differ from the build's (one line each).
        """
        address, source = settings.scheduler, settings.scheduler_source or "snippets.scheduler"
        problem = scheduler_problem(address)
        if problem:
            raise ExecutorError(f"{source}: {problem}")
        from distributed import Client

        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False, name="syllabuild")
        except (OSError, TimeoutError) as error:
            raise ExecutorError(f"could not reach the dask scheduler at {address} ({source}) within "
                                f"{CONNECT_TIMEOUT} s: {_reason(error)}") from None
        pool = cls(client, address)
        try:
            pool._check_workers()
            try:
                client.register_plugin(RunGuard())
                client.register_plugin(SnippetWorkers())
            except Exception as error:  # noqa: BLE001 - the scheduler (or a worker) cannot unpickle syllabuild's
                raise ExecutorError(f"the dask cluster at {address} cannot load syllabuild ({_reason(error)}): "
                                    "run the scheduler and the workers in this build's environment") from None
        except ExecutorError:
            client.close()
            raise
        pool._watcher.start()
        pool._collector.start()
        log.info("snippets run on the dask cluster at %s (%d workers, %d threads)", address,
                 len(pool._worker_info(fresh=True)), pool.threads)
        return pool

    def warm(self, warmup: Warmup, jobs: list[Job], excluded: tuple[str, ...] = ()) -> None:
        """Get the workers ready for `jobs`: the course's files where they need a copy, and the warm-up
        widened to cover `warmup` too, started now on the workers the jobs may go to (a GPU worker does
        not load torch for a build of CPU runs).

        Raises:
            ExecutorError: a worker needs a copy of a course too big to send.
        """
        self._copy_course(jobs[0].project_dir, excluded)
        merged = self.warmup.merged(warmup)
        gpu = any(job.gpu for job in jobs)
        if merged == self.warmup and (self._warmed == "all" or self._warmed == "cpu" and not gpu):
            return
        self.warmup, self._warmed = merged, "all" if gpu else "cpu"
        plain = self._plain_workers()
        self.client.run(prewarm, merged, workers=None if gpu or not plain else plain, on_error="ignore")

    def _copy_course(self, root: str, excluded: tuple[str, ...]) -> None:
        """Send the course's files to the cluster when a worker does not see them at `root` (once per content)."""
        files = CourseFiles.of(root, excluded)
        self._fingerprint = files.fingerprint
        if self._course is not None and self._course[0] == files.fingerprint:
            return
        seen = self.client.run(sees, root, files.listing, on_error="return")
        if not seen:
            return  # no worker yet: asked again with the next runs
        if all(answer is True for answer in seen.values()):
            self._course = (files.fingerprint, "", None)
            return
        if files.size > LIMIT:
            raise ExecutorError(f"the course's files ({_mib(files.size)}) are more than the {_mib(LIMIT)} sent to "
                                f"dask workers that do not see them at {root}: put the course where every worker "
                                "sees it at that path (a shared folder)")
        digest, data = files.pack()
        (future,) = self.client.scatter({f"syllabuild-course-{digest}": data}, hash=False).values()
        self._course = (files.fingerprint, digest, future)
        log.info("sent the course's %d files (%s) to the dask cluster: not every worker sees them at %s",
                 len(files.listing), _mib(len(data)), root)

    def submit(self, job: Job) -> Future:
        """A future of the run's results, in snippet order (the local pool's `submit`)."""
        future: Future = Future()
        key = task_key(job, self._fingerprint)
        with self._lock:
            task = self._tasks.get(key)
            if task is not None:  # the same run is in flight already
                task.waiters.append(future)
                return future
            _, digest, course = self._course or ("", "", None)
            payload = pickle.dumps((key, job, self.warmup, self._versions, digest), protocol=pickle.HIGHEST_PROTOCOL)
            try:
                dask_future = self.client.submit(run_task, payload, course, key=key, retries=0, **self._placement(job))
            except Exception as error:  # noqa: BLE001 - the scheduler went away since the last build
                future.set_result(job.run.failed(f"lost the dask scheduler at {self.address}: {_reason(error)}",
                                                 whole_build=True))
                return future
            self._tasks[key] = _Task(job, dask_future, [future])
        dask_future.add_done_callback(lambda done, key=key: self._finished.put((key, done)))
        return future

    def idle(self) -> bool:
        with self._lock:
            return not self._tasks

    def alive(self) -> bool:
        """Still connected (a `serve` that outlived its scheduler connects again)."""
        return self.client.status == "running"

    def close(self) -> None:
        self._closed.set()
        self._finished.put(None)
        with self._lock:
            keys = list(self._tasks)
        for key in keys:
            self._settle(key, lambda job: job.run.failed("not run: the snippet engine was closed first"))
        try:
            self.client.close(timeout=CONNECT_TIMEOUT)
        except Exception:  # noqa: BLE001 - a scheduler gone already is closed enough
            pass

    # -- helpers -------------------------------------------------------------------------------
    def _check_workers(self) -> None:
        found = self.client.run(environment, on_error="return")
        for worker, versions in sorted(found.items()):
            if isinstance(versions, BaseException):
                raise ExecutorError(f"dask worker {worker} cannot run syllabuild: {_reason(versions)}")
            refusal = difference(worker, versions, self._versions)
            if refusal:
                raise ExecutorError(refusal)
        self.threads = max(1, sum(info.get("nthreads", 1) for info in self._worker_info(fresh=True).values()))

    def _worker_info(self, fresh: bool = False) -> dict:
        """Address -> the scheduler's information on each worker (asked at most once a second)."""
        asked, workers = self._workers
        if fresh or time.monotonic() - asked > _WATCH:
            workers = dict(self.client.scheduler_info(n_workers=-1).get("workers", {}))
            self._workers = (time.monotonic(), workers)
        return workers

    def _placement(self, job: Job) -> dict:
        """GPU runs need GPU resources; the others keep off GPU workers while there are others."""
        if job.gpu:
            return {"resources": {"GPU": job.gpu}}
        plain = self._plain_workers()
        return {"workers": plain, "allow_other_workers": True} if plain else {}

    def _plain_workers(self) -> list[str] | None:
        """The workers without a GPU, where the cluster has both kinds; None: every worker is alike."""
        workers = self._worker_info()
        plain = [address for address, info in workers.items() if not _gpus(info)]
        return plain if plain and len(plain) < len(workers) else None

    def _collect(self) -> None:
        """Fetch the results of the tasks that ended, all that ended meanwhile in one request."""
        while (item := self._finished.get()) is not None:
            ended = [item]
            while True:
                try:
                    item = self._finished.get_nowait()
                except queue.Empty:
                    break
                if item is None:
                    return
                ended.append(item)
            finished = [(key, done) for key, done in ended if done.status == "finished"]
            try:
                values = self.client.gather([done for _, done in finished]) if finished else []
            except Exception:  # noqa: BLE001 - one of them was lost meanwhile: each on its own below
                values = [None] * len(finished)
            for (key, done), results in zip(finished, values):
                if results is None:
                    self._ended(key, done)
                else:
                    self._settle(key, lambda job, results=results: results)
            for key, done in ended:
                if done.status != "finished":
                    self._ended(key, done)

    def _ended(self, key: str, dask_future) -> None:
        status = dask_future.status
        if status == "finished":
            try:
                results = dask_future.result()
            except Exception as error:  # noqa: BLE001 - lost between finishing and being fetched
                self._settle(key, lambda job, error=error: job.run.failed(self._lost(job, error)))
                return
            self._settle(key, lambda job: results)
        elif status == "error":
            error = dask_future.exception()
            self._settle(key, lambda job: job.run.failed(self._lost(job, error)))
        else:  # cancelled: the scheduler went away, or the watch gave up on it
            self._settle(key, lambda job: job.run.failed(
                f"lost the dask scheduler at {self.address} while running {job.run.snippets[0].location}",
                whole_build=True))

    def _lost(self, job: Job, error: BaseException) -> str:
        where = job.run.snippets[0].location
        if type(error).__name__ == "KilledWorker":
            return f"dask worker lost while running {where}; not run again"
        return f"the dask task of {where} failed: {_reason(error)}"

    def _settle(self, key: str, results) -> None:
        """Give the run's waiters its results (`results(job)`), once; forget the dask future."""
        with self._lock:
            task = self._tasks.pop(key, None)
        if task is None:
            return
        outcome: tuple[SnippetResult, ...] = results(task.job)
        task.future.release()
        for waiter in task.waiters:
            waiter.set_result(outcome)

    def _watch(self) -> None:
        """Fail the runs that no worker could take for `WORKER_WAIT` seconds."""
        while not self._closed.wait(_WATCH):
            with self._lock:
                pending = [(key, task) for key, task in self._tasks.items() if task.future.status == "pending"]
            if not pending:
                continue
            try:
                workers = self._worker_info()
            except Exception:  # noqa: BLE001 - the scheduler is gone: the futures are cancelled by the client
                continue
            now = time.monotonic()
            for key, task in pending:
                need = task.job.gpu
                able = any(_gpus(info) >= need for info in workers.values()) if need else bool(workers)
                if able:
                    task.unable_since = None
                    continue
                task.unable_since = task.unable_since or now
                if now - task.unable_since >= WORKER_WAIT:
                    self._give_up(key, task, need)

    def _give_up(self, key: str, task: _Task, need: int) -> None:
        wait = f"{WORKER_WAIT:g} s"
        if need:
            needs = "a GPU" if need == 1 else f"{need} GPUs"
            message = (f'needs {needs} (gpu="{need}") and no worker of the dask cluster at {self.address} has '
                       f"{'one' if need == 1 else 'them'} (waited {wait}): start one with --resources GPU={need}")
            whole = False
        else:
            message = f"the dask cluster at {self.address} has had no worker for {wait}"
            whole = True
        self._settle(key, lambda job: job.run.failed(message, whole_build=whole))  # and forgets the task


def _gpus(info: dict) -> float:
    return (info.get("resources") or {}).get("GPU", 0)


def _mib(size: int) -> str:
    return f"{size / 1024**2:,.1f} MiB"


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
