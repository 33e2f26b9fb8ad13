"""The course's files for dask workers that do not see them: a copy, sent once per build.

Runs read the course's files — data beside a snippet (`Path(__file__).parent / "data.csv"`), the
course's own modules, a notebook's folder — at the paths of the build's machine. Workers on a
shared file system (lab machines, a SLURM cluster's home) see them there; a worker that does not
(CI points at a cluster elsewhere) gets a copy: the build lists the course's files (`git ls-files`
where it is a repository, else every file but hidden folders, the cache and the site), each worker
says whether it has them all at the same path with the same size and time (`sees`), and if one does
not, the build sends them once as a tar archive. Such a worker unpacks it once per content, into a
folder of its own, and runs each job there (`relocated`); what the runs report (read files, frames)
is relative to the course, so results are the same. A run that prints an absolute path prints the
copy's.

Standard library only: runs in the build and in the dask worker.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from syllabuild.snippets.model import Run
from syllabuild.snippets.preload import Warmup
from syllabuild.snippets.runner import Job

__all__ = ["LIMIT", "CourseFiles", "relocated", "sees", "unpacked"]

LIMIT = 512 * 1024**2
"""Most bytes of course files sent to the workers; a bigger course must be where the workers see it."""
_SKIPPED = {"__pycache__", "node_modules", "site"}


@dataclass(frozen=True)
class CourseFiles:
    """The files of the course at `root`: (path relative to it, size, modification time in ns) each."""

    root: str
    listing: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, root: str, excluded: tuple[str, ...] = ()) -> CourseFiles:
        """The course's files, without those under `excluded` (absolute folders: the cache, the site)."""
        names = _git_files(root) or _walked_files(root)  # none listed: a folder git ignores
        skip = tuple(os.path.relpath(folder, root) + os.sep for folder in excluded if folder.startswith(root + os.sep))
        listing = []
        for name in sorted(set(names)):
            if name.startswith(skip):
                continue
            try:
                stat = os.stat(os.path.join(root, name))
            except OSError:
                continue  # deleted, not committed yet
            listing.append((name, stat.st_size, stat.st_mtime_ns))
        return cls(root, tuple(listing))

    @property
    def size(self) -> int:
        return sum(size for _, size, _ in self.listing)

    @property
    def fingerprint(self) -> str:
        return hashlib.sha256(repr(self.listing).encode()).hexdigest()[:32]

    def pack(self) -> tuple[str, bytes]:
        """(sha256 of the archive, a tar archive of the files)."""
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w") as archive:
            for name, _, _ in self.listing:
                archive.add(os.path.join(self.root, name), arcname=name, recursive=False)
        data = buffer.getvalue()
        return hashlib.sha256(data).hexdigest()[:32], data


def sees(root: str, listing: tuple[tuple[str, int, int], ...]) -> bool:
    """Whether this machine has every listed file at `root`, with the same size and time (on the worker)."""
    for name, size, mtime in listing:
        try:
            stat = os.stat(os.path.join(root, name))
        except OSError:
            return False
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            return False
    return True


_unpacking = threading.Lock()
_FOLDER = "syllabuild-courses"
KEPT = 24 * 3600
"""Seconds a copy unused by any run is kept before a worker that unpacks another removes it."""


def unpacked(digest: str, data: bytes) -> str:
    """The folder the archive `digest` is unpacked in (once per machine), under its temp folder."""
    parent = os.path.join(tempfile.gettempdir(), _FOLDER)
    target = os.path.join(parent, digest)
    with _unpacking:
        if not os.path.isdir(target):
            os.makedirs(parent, exist_ok=True)
            _remove_stale(parent)
            staging = tempfile.mkdtemp(prefix=f".{digest}.", dir=parent)
            with tarfile.open(fileobj=io.BytesIO(data), mode="r") as archive:
                archive.extractall(staging, filter="data")
            try:
                os.rename(staging, target)
            except OSError:
                shutil.rmtree(staging, ignore_errors=True)  # another worker of this machine was first
        os.utime(target)  # in use: kept
    return target


def _remove_stale(parent: str) -> None:
    for entry in os.scandir(parent):
        try:
            if entry.is_dir() and time.time() - entry.stat().st_mtime > KEPT:
                shutil.rmtree(entry.path, ignore_errors=True)
        except OSError:
            pass


def relocated(job: Job, warmup: Warmup, root: str) -> tuple[Job, Warmup]:
    """`job` and `warmup` with the course's paths moved from the build's folder to `root` (a copy)."""
    old = job.project_dir

    def move(path: str) -> str:
        return root + path[len(old):] if path == old or path.startswith(old + os.sep) else path

    snippets = tuple(replace(snippet, source_file=Path(move(str(snippet.source_file))))
                     if snippet.source_file is not None else snippet for snippet in job.run.snippets)
    ignore = tuple(dict.fromkeys([*(move(folder) for folder in job.ignore_dirs), sys.prefix]))
    job = replace(job, run=Run(snippets), project_dir=root, import_dirs=tuple(move(d) for d in job.import_dirs),
                  ignore_dirs=ignore)
    warmup = replace(warmup, local_dirs=tuple(move(d) for d in warmup.local_dirs),
                     project_dir=move(warmup.project_dir) if warmup.project_dir else "")
    return job, warmup


def _git_files(root: str) -> list[str] | None:
    """Tracked and untracked-but-not-ignored files under `root`, if it is in a git work tree."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        listed = subprocess.run([git, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                                capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode != 0:
        return None
    return [name for name in os.fsdecode(listed.stdout).split("\0") if name]


def _walked_files(root: str) -> list[str]:
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in _SKIPPED
                         and not os.path.isfile(os.path.join(folder, name, "pyvenv.cfg"))]
        found += [os.path.relpath(os.path.join(folder, name), root) for name in files]
    return found
