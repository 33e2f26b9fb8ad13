"""A real Dask cluster on 127.0.0.1 for the tests: `dask scheduler` and `dask worker` processes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT = 60


class LocalCluster:
    """A scheduler and the workers added to it, each its own process (no nanny: a killed worker stays dead)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.processes: list[subprocess.Popen] = []
        self.workers: dict[str, subprocess.Popen] = {}
        scheduler_file = folder / "scheduler.json"
        self._start("scheduler", [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(scheduler_file)])
        deadline = time.monotonic() + START_TIMEOUT
        while not scheduler_file.is_file() or not scheduler_file.read_text().strip():
            if time.monotonic() > deadline or self.processes[0].poll() is not None:
                raise RuntimeError(f"the dask scheduler did not start:\n{self.log('scheduler')}")
            time.sleep(0.1)
        self.address = json.loads(scheduler_file.read_text())["address"]
        self._client = None

    def add_worker(self, name: str, *, resources: str = "", env: dict[str, str] | None = None) -> None:
        command = [DASK, "worker", self.address, "--name", name, "--nthreads", "1", "--no-nanny",
                   "--no-dashboard", "--memory-limit", "0", "--host", "127.0.0.1"]
        if resources:
            command += ["--resources", resources]
        self.workers[name] = self._start(name, command, env)

    def wait_for_workers(self) -> None:
        client = self.client()
        try:
            client.wait_for_workers(len(self.workers), timeout=START_TIMEOUT)
        except TimeoutError:
            logs = "\n".join(self.log(name)[-2000:] for name in self.workers)
            raise RuntimeError(f"the dask workers did not start:\n{logs}") from None
        client.get_task_stream()  # the scheduler records tasks from now on (without a dashboard it waits to be asked)

    def client(self):
        """A client of the tests' own, to look at the scheduler (its task stream, its workers)."""
        if self._client is None:
            from distributed import Client

            self._client = Client(self.address, set_as_default=False, timeout=START_TIMEOUT)
        return self._client

    def worker_addresses(self) -> dict[str, str]:
        """Worker name -> address, of the workers alive now."""
        workers = self.client().scheduler_info(n_workers=-1)["workers"]
        return {info["name"]: address for address, info in workers.items()}

    def tasks_run(self, since: float) -> list[str]:
        """Keys of the syllabuild tasks that finished (or failed) on the cluster since `since` (time.time())."""
        stream = self.client().get_task_stream(start=since)
        return [record["key"] for record in stream if str(record["key"]).startswith("syllabuild-run-")]

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        if self._client is not None:
            self._client.close()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> subprocess.Popen:
        with open(self.folder / f"{name}.log", "wb") as log:
            process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=self.folder,
                                       env={**os.environ, **(env or {})})
        self.processes.append(process)
        return process
