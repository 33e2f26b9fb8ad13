"""A pool of warm workers (`forkserver.py` processes) fed from one queue."""

from __future__ import annotations

import logging
import os
import queue
import subprocess
import sys
import threading
from concurrent.futures import Future

from syllabuild.snippets.forkserver import read_message
from syllabuild.snippets.model import Failure, SnippetResult, Status
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


class WarmPool:
    """Starts its workers at once (torch loads in the background) and runs `Job`s on them."""

    def __init__(self, workers: int, threads: int) -> None:
        self.workers, self.threads = workers, threads
        self._jobs: queue.Queue = queue.Queue()
        self._threads = [threading.Thread(target=self._serve, name=f"syllabuild-worker-{n}", daemon=True)
                         for n in range(workers)]
        self._processes: list[subprocess.Popen] = []
        self._lock = threading.Lock()
        self._closed = False
        for thread in self._threads:
            thread.start()

    def submit(self, job: Job) -> Future:
        """A future of the run's `SnippetResult`s, in snippet order."""
        future: Future = Future()
        self._jobs.put((job, future))
        return future

    def close(self) -> None:
        self._closed = True
        for _ in self._threads:
            self._jobs.put(None)
        with self._lock:
            processes = list(self._processes)
        for process in processes:
            _stop(process)

    def _start_worker(self) -> subprocess.Popen | None:
        env = dict(os.environ, OMP_NUM_THREADS=str(self.threads), MKL_NUM_THREADS=str(self.threads),
                   MPLBACKEND="Agg", PYTHONHASHSEED="0")
        process = subprocess.Popen([sys.executable, "-m", "syllabuild.snippets.forkserver", str(self.threads)],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, close_fds=True)
        with self._lock:
            self._processes.append(process)
        hello = read_message(process.stdout.fileno())
        if not (isinstance(hello, tuple) and hello[0] == "ready"):
            log.error("a snippet worker failed to start (exit status %s)", process.wait())
            return None
        return process

    def _serve(self) -> None:
        process = self._start_worker()
        while (item := self._jobs.get()) is not None:
            job, future = item
            if process is None or process.poll() is not None:
                process = self._start_worker()
            if process is None:
                future.set_result(_all_failed(job, "the snippet worker could not start"))
                continue
            try:
                send(process.stdin.fileno(), job)
                reply = read_message(process.stdout.fileno())
            except (BrokenPipeError, OSError):
                reply = None
            if reply is None:
                future.set_result(_all_failed(job, "the snippet worker died"))
                process = None
            else:
                future.set_result(reply)
        if process is not None:
            _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        try:
            process.stdin.close()
            process.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()


def _all_failed(job: Job, message: str) -> tuple[SnippetResult, ...]:
    return tuple(SnippetResult(Status.CRASH, failure=Failure(message)) for _ in job.run.snippets)
