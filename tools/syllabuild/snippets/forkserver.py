"""A warm worker: imports what the runs need once, then forks a fresh child for every run.

Started by `pool.py` as `python -m syllabuild.snippets.forkserver THREADS R:W [R:W ...]`: it reads
a `Warmup` (and a folder to do it in) from the first R, imports its modules once
(`libraries.warm`), then forks into one worker per pipe pair (so N workers cost one import).
Each worker reads `Job`s from R and answers each with a tuple of `SnippetResult`s on W
(length-prefixed pickles). Every run gets its own child in its own process group, so a timeout
or memory kill takes the snippet's children with it.
"""

from __future__ import annotations

import os
import pickle
import select
import shutil
import signal
import struct
import sys
import tempfile
import time
from dataclasses import dataclass

from syllabuild.snippets import libraries, runner, sandbox
from syllabuild.snippets.capture import read_output
from syllabuild.snippets.model import Failure, Figure, SnippetResult, Status
from syllabuild.snippets.preload import Warmup
from syllabuild.sizes import format_size
from syllabuild.snippets.options import format_seconds

_PAGE = os.sysconf("SC_PAGE_SIZE")
_POLL = 0.05
"""How often the memory of a running child is checked, in seconds."""


def read_message(fd: int) -> object | None:
    header = _read_exactly(fd, 4)
    if header is None:
        return None
    body = _read_exactly(fd, struct.unpack("!I", header)[0])
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, size: int) -> bytes | None:
    chunks, left = [], size
    while left:
        chunk = os.read(fd, left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def main(threads: int, channels: list[tuple[int, int]]) -> None:
    """Warm up once, then fork into one worker per channel; each answers jobs until its channel closes."""
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)  # stray prints from imports must not corrupt anything
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C in `mkdocs serve` is the parent's to handle
    hello = read_message(channels[0][0])
    if not (isinstance(hello, tuple) and isinstance(hello[0], Warmup)):
        return  # the pool went away before it said what to load
    warmup, home = hello
    libraries.warm(threads, warmup, home)
    runner.prepare(0)
    siblings = []
    for index, channel in enumerate(channels[1:], 1):
        pid = os.fork()
        if pid == 0:
            try:
                for other in channels[:index] + channels[index + 1:]:
                    for fd in other:
                        os.close(fd)
                serve(channel)
            finally:
                os._exit(0)
        siblings.append(pid)
        for fd in channel:
            os.close(fd)
    serve(channels[0])
    for pid in siblings:
        os.waitpid(pid, 0)
    shutil.rmtree(home, ignore_errors=True)  # the pool removes it too, should this process die first
    os._exit(0)  # the interpreter's own teardown of torch and matplotlib would hold up the build's end


def serve(channel: tuple[int, int]) -> None:
    """Say ready, then answer jobs from `channel` until it closes."""
    requests, replies = channel
    spare = Spare.fork(channel)
    try:
        runner.send(replies, ("ready", os.getpid()))
        while (job := read_message(requests)) is not None:
            runner.send(replies, run_job(job, channel, spare))
            # Fork the next child now, while the engine handles this reply: the fork is off the clock.
            spare = Spare.fork(channel)
    except BrokenPipeError:
        pass  # the build that started us has gone
    spare.discard()


@dataclass
class Spare:
    """A child forked ahead of time, waiting on a pipe for its job."""

    pid: int
    job_w: int
    status_r: int
    scratch: str

    @classmethod
    def fork(cls, close_in_child: tuple[int, ...] = ()) -> Spare:
        scratch = tempfile.mkdtemp(prefix="syllabuild-run-")
        ruleset = sandbox.prepare(scratch)
        job_r, job_w = os.pipe()
        status_r, status_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # child
            try:
                for fd in (job_w, status_r, *close_in_child):
                    os.close(fd)
                os.setsid()
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                job = read_message(job_r)
                if job is not None:
                    os.close(job_r)
                    runner.child_main(job, status_w, scratch, ruleset)
            finally:
                os._exit(70)
        sandbox.release(ruleset)
        os.close(job_r)
        os.close(status_w)
        return cls(pid, job_w, status_r, scratch)

    def discard(self) -> None:
        os.close(self.job_w)  # the child reads end-of-file and exits
        os.close(self.status_r)
        os.waitpid(self.pid, 0)
        shutil.rmtree(self.scratch, ignore_errors=True)


def run_job(job: runner.Job, close_in_child: tuple[int, ...] = (), spare: Spare | None = None
            ) -> tuple[SnippetResult, ...]:
    """Run `job` in a fresh child (`spare`, or one forked now), watch its time and memory, and turn
    what it reported into results."""
    refusal = cuda_refusal(job)
    if refusal:
        if spare is not None:
            spare.discard()
        return job.run.failed(refusal)
    runner.prepare(job.seed)
    child = spare or Spare.fork(close_in_child)
    try:
        runner.send(child.job_w, job)
    except BrokenPipeError:
        pass  # the child died before its job arrived; reported as a crash below
    os.close(child.job_w)
    try:
        messages, killed = _watch(child.pid, child.status_r, job)
        _, wait_status = os.waitpid(child.pid, 0)
        return _results(job, child.scratch, messages, killed, wait_status)
    finally:
        os.close(child.status_r)
        shutil.rmtree(child.scratch, ignore_errors=True)


def cuda_refusal(job: runner.Job) -> str:
    """Why a GPU run cannot be forked from this process, or ''.

    CUDA does not survive `fork`: a child of a process that has initialised it cannot use the GPU.
    The warm-up never touches CUDA (`PYTORCH_NVML_BASED_CUDA_CHECK` keeps `torch.cuda.is_available`
    off the driver), so this only fires if something in this process did.
    """
    torch = sys.modules.get("torch")
    cuda = getattr(torch, "cuda", None)
    if job.gpu and cuda is not None and cuda.is_initialized():
        return ("not run: the snippet worker initialised CUDA while preloading, and CUDA does not survive fork: "
                "take the module that does it out of snippets.preload")
    return ""


def _watch(pid: int, status_r: int, job: runner.Job) -> tuple[list[tuple], Failure | None]:
    snippets = job.run.snippets
    pidfd = os.pidfd_open(pid)
    buffer, messages, killed = b"", [], None
    current = snippets[0].options
    deadline = time.monotonic() + current.timeout
    sources = [pidfd, status_r]
    try:
        while True:
            ready, _, _ = select.select(sources, [], [], max(0.0, min(_POLL, deadline - time.monotonic())))
            if status_r in ready:
                chunk = os.read(status_r, 1 << 16)
                if not chunk:
                    sources.remove(status_r)
                buffer += chunk
                buffer, new = _split_messages(buffer)
                for message in new:
                    messages.append(message)
                    if message[0] == "start":
                        current = snippets[message[1]].options
                        deadline = time.monotonic() + current.timeout
            if pidfd in ready:
                break
            if time.monotonic() >= deadline:
                killed = Failure(f"timed out after {format_seconds(current.timeout)}")
                break
            if _rss(pid) > current.memory:
                killed = Failure(f"exceeded {format_size(current.memory)}")
                break
    finally:
        _kill_group(pid)
        os.close(pidfd)
    os.set_blocking(status_r, False)
    try:
        while chunk := os.read(status_r, 1 << 16):
            buffer += chunk
    except BlockingIOError:
        pass
    messages.extend(_split_messages(buffer)[1])
    return messages, killed


def _split_messages(buffer: bytes) -> tuple[bytes, list[tuple]]:
    messages = []
    while len(buffer) >= 4:
        size = struct.unpack("!I", buffer[:4])[0]
        if len(buffer) < 4 + size:
            break
        messages.append(pickle.loads(buffer[4:4 + size]))
        buffer = buffer[4 + size:]
    return buffer, messages


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _results(job, scratch, messages, killed, wait_status) -> tuple[SnippetResult, ...]:
    stdout, stderr = os.path.join(scratch, "stdout"), os.path.join(scratch, "stderr")
    done = {m[1]: m for m in messages if m[0] == "done"}
    unfinished = min((i for i in range(len(job.run.snippets)) if i not in done), default=-1)
    if any(m[2] is not Status.OK for m in done.values()):
        unfinished = -1  # the child stopped on purpose after a failed block
    results, out_at, err_at = [], 0, 0
    for index, snippet in enumerate(job.run.snippets):
        if index in done:
            _, _, status, failure, out_end, err_end, figure_names, deps, modules = done[index]
            figures = tuple(Figure(snippet.options.figures, _read(os.path.join(scratch, name)), alt)
                            for name, alt in figure_names)
            limit = snippet.options.max_output
            results.append(SnippetResult(status, read_output(stdout, out_at, out_end, limit),
                                         read_output(stderr, err_at, err_end, limit), figures, failure, deps,
                                         modules=modules))
            out_at, err_at = out_end, err_end
        elif index == unfinished:
            failure = killed or Failure(_death(wait_status))
            status = Status.CRASH
            if killed is not None:
                status = Status.TIMEOUT if killed.message.startswith("timed out") else Status.MEMORY
            limit = snippet.options.max_output
            results.append(SnippetResult(status, read_output(stdout, out_at, None, limit),
                                         read_output(stderr, err_at, None, limit), (), failure))
        else:
            failure = Failure("not run: an earlier block of its session failed")
            results.append(SnippetResult(Status.SKIPPED, failure=failure))
    return tuple(results)


def _death(wait_status: int) -> str:
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"crashed with {name}"
    return f"the process exited with status {os.waitstatus_to_exitcode(wait_status)} before the snippet finished"


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


if __name__ == "__main__":
    main(int(sys.argv[1]), [tuple(int(fd) for fd in arg.split(":")) for arg in sys.argv[2:]])
