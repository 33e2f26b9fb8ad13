"""A pool of warm workers (`forkserver.py` processes) fed from one queue."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from dataclasses import dataclass, replace

from syllabuild.snippets.forkserver import read_message
from syllabuild.snippets.gpus import DeviceSlots
from syllabuild.snippets.model import Failure, SnippetResult, Status
from syllabuild.snippets.preload import POOL_DEFAULT, Warmup
from syllabuild.snippets.runner import Job, send

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def plan_workers(requested: int, cores: int | None = None) -> tuple[int, int]:
    """(workers, torch threads per worker) with workers × threads ≤ cores."""
    cores = cores or available_cores()
    workers = min(requested, cores) if requested > 0 else cores
    return workers, max(1, cores // workers)


@dataclass
class _Channel:
    """The engine's end of one worker: jobs go out on `requests`, results come back on `replies`."""

    requests: int
    replies: int
    process: subprocess.Popen


class WarmPool:
    """One process does the `warmup` once, then forks into `workers` warm workers that run `Job`s.

    Starting it returns at once; the modules load in the background while the build goes on.
    """

    def __init__(self, workers: int, threads: int, warmup: Warmup = POOL_DEFAULT, gpus: DeviceSlots | None = None
                 ) -> None:
        """`gpus`: the devices runs with `gpu="N"` get; None: this machine's, found at the first such run."""
        self.workers, self.threads, self.warmup = workers, threads, warmup
        self._gpus = gpus
        self.failed: tuple[str, ...] = ()
        """Modules of a warm-up that killed its worker (not preloaded again)."""
        self._jobs: queue.Queue = queue.Queue()
        self._unfinished = 0
        self._lock = threading.Lock()
        self._processes: list[subprocess.Popen] = []
        self._homes: list[str] = []
        """Each worker process's folder for its preloading (`sandbox.preloading`)."""
        self._channels: list[_Channel] = []
        self.started_early = False
        """Started before its build knew its runs (`engine.start_early`): that build keeps it whatever it lacks."""
        self._killed = False
        channels = self._launch(workers)
        self._threads = [threading.Thread(target=self._serve, args=(channel,), name=f"syllabuild-worker-{n}",
                                          daemon=True) for n, channel in enumerate(channels)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job) -> Future:
        """A future of the run's `SnippetResult`s, in snippet order."""
        future: Future = Future()
        with self._lock:
            self._unfinished += 1
        self._jobs.put((job, future))
        return future

    def idle(self) -> bool:
        """No job queued or running."""
        with self._lock:
            return self._unfinished == 0

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)
        with self._lock:
            channels, processes = list(self._channels), list(self._processes)
            self._channels.clear()
        for channel in channels:
            _close(channel.requests)  # each worker reads end-of-file and exits
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        with self._lock:
            homes, self._homes = self._homes, []
        for home in homes:
            shutil.rmtree(home, ignore_errors=True)

    def kill(self) -> None:
        """Stop at once, warm-up or not: for a pool that no build took over."""
        with self._lock:
            self._killed = True  # its workers' deaths are not news
            processes = list(self._processes)
        for process in processes:
            process.kill()
        self.close()

    def _launch(self, count: int) -> list[_Channel]:
        """Start one warm-up process that forks into `count` workers, one channel each."""
        ours, theirs = [], []
        for _ in range(count):
            job_r, job_w = os.pipe()
            reply_r, reply_w = os.pipe()
            ours.append((job_w, reply_r))
            theirs.append((job_r, reply_w))
        # NVML-based `torch.cuda.is_available()`: the CUDA driver itself is never initialised before a fork.
        env = dict(os.environ, OMP_NUM_THREADS=str(self.threads), MKL_NUM_THREADS=str(self.threads),
                   MPLBACKEND="Agg", PYTHONHASHSEED="0", PYTORCH_NVML_BASED_CUDA_CHECK="1")
        command = [sys.executable, "-m", "syllabuild.snippets.forkserver", str(self.threads)]
        command += [f"{r}:{w}" for r, w in theirs]
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, env=env,
                                   pass_fds=[fd for pair in theirs for fd in pair])
        for pair in theirs:
            for fd in pair:
                os.close(fd)
        home = tempfile.mkdtemp(prefix="syllabuild-preload-")
        with self._lock:
            self._homes.append(home)
        try:
            send(ours[0][0], (self.warmup, home))
        except OSError:
            pass  # it died at once; its channel reads as closed
        channels = [_Channel(requests, replies, process) for requests, replies in ours]
        with self._lock:
            self._processes.append(process)
            self._channels.extend(channels)
        return channels

    def _serve(self, channel: _Channel | None) -> None:
        channel = self._ready(channel)
        while (item := self._jobs.get()) is not None:
            job, future = item
            gpus = self._devices() if job.gpu or self._gpus is not None else None
            shortfall = gpus.shortfall(job.gpu) if gpus is not None else ""
            if channel is None and not shortfall:
                channel = self._ready(self._launch(1)[0])
            if channel is None or shortfall:
                with self._lock:
                    self._unfinished -= 1
                future.set_result(job.run.failed(shortfall) if shortfall
                                  else all_failed(job, "the snippet worker could not start"))
                continue
            devices = gpus.acquire(job.gpu) if job.gpu else ()
            if gpus is not None:
                job = replace(job, env=job.env + gpus.environment(devices))
            try:
                send(channel.requests, job)
                reply = read_message(channel.replies)
            except OSError:
                reply = None
            finally:
                if devices:
                    gpus.release(devices)
            with self._lock:
                self._unfinished -= 1
            if reply is None:
                future.set_result(all_failed(job, "the snippet worker died"))
                channel = None
            else:
                future.set_result(reply)


    def _devices(self) -> DeviceSlots:
        with self._lock:
            if self._gpus is None:
                self._gpus = DeviceSlots.local()  # looked for at the first GPU run, never by a build without one
            return self._gpus

    def _ready(self, channel: _Channel | None) -> _Channel | None:
        """Wait for the worker's hello; None if it died while warming up.

        A warm-up that kills its worker (a preloaded module that crashes when imported) is not
        tried again: the next worker starts bare, and the runs that import the module report it.
        """
        if channel is None:
            return None
        try:
            hello = read_message(channel.replies)
        except OSError:
            hello = None
        if isinstance(hello, tuple) and hello[0] == "ready":
            return channel
        try:
            status = channel.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            status = None  # that worker's siblings live on
        with self._lock:
            if self._killed:
                return None
            warmup, preloading = self.warmup, bool(self.warmup.modules or self.warmup.exercise)
            self.warmup = warmup.bare()
            self.failed = tuple(dict.fromkeys(self.failed + warmup.modules))
        if preloading:
            log.info("preloading %s stopped a snippet worker (exit status %s); the runs import what they need "
                     "themselves", ", ".join(warmup.modules), status)
        else:
            log.error("a snippet worker failed to start (exit status %s)", status)
        return None


def warm_pool_for(old: WarmPool | None, warmup: Warmup, workers: int, threads: int, unloadable: set[str],
                  gpus: DeviceSlots | None = None) -> WarmPool:
    """`old` if its warm-up covers `warmup` (or it is busy), else a new pool warmed with both.

    An idle pool that lacks part of the warm-up (a `serve` rebuild runs code that imports something
    new) is replaced by one with both, so later runs find it loaded. Modules whose preloading killed
    a worker of an earlier pool (collected in `unloadable`) are left to the runs.
    """
    if old is not None:
        unloadable.update(old.failed)
    warmup = replace(warmup, modules=tuple(name for name in warmup.modules if name not in unloadable))
    if old is not None:
        if old.warmup.covers(warmup) or not old.idle() or old.started_early:
            # A pool started early has its warm-up (or most of it) done or under way: replacing it
            # would cost more than the runs importing what it lacks themselves.
            old.started_early = False
            return old
        warmup = old.warmup.merged(warmup)
        old.close()
    return WarmPool(workers, threads, warmup, gpus)


def _close(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def all_failed(job: Job, message: str) -> tuple[SnippetResult, ...]:
    return tuple(SnippetResult(Status.CRASH, failure=Failure(message)) for _ in job.run.snippets)
