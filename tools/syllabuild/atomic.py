"""Replacing a whole folder or file at once: a reader sees the old one or the new one, never a mix.

A build writes into a hidden sibling (`staging_folder`), then `swap_in` puts it in place. A build
that is killed (SIGKILL, a lost terminal, power) leaves its sibling behind; the next build removes
it, but never the sibling of a build still running: each build holds a lock on its own folder.
A file that staff edit (syllabus.yaml) is replaced the same way, by `replace_text`.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["replace_cache_file", "replace_text", "staging_folder", "swap_in"]


@contextmanager
def staging_folder(final: Path) -> Iterator[Path]:
    """A new empty folder `.NAME-building-*` beside `final` to build into, then `swap_in`.

    The folder is locked (`flock` on the folder itself, so nothing extra is published) until the
    block ends; the kernel drops the lock when the process dies, however it dies. So every call
    first removes the siblings whose lock it can take: those of builds that did not finish. The
    folder does not outlive the block: swap it in, or it is removed.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(final)
    staging, handle = _new_locked_folder(final)
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # still there: the block raised, or did not swap it in
        os.close(handle)


def remove_stale_staging(final: Path) -> list[Path]:
    """Remove the staging folders of `final` that no running build holds; returns them."""
    prefix = _prefix(final)
    try:
        candidates = [path for path in final.parent.iterdir() if path.name.startswith(prefix)]
    except FileNotFoundError:
        return []
    removed = []
    for folder in candidates:
        try:
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue  # gone already, or not a folder: not ours to touch
        try:
            if _try_lock(handle):
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder)
        finally:
            os.close(handle)
    return removed


def swap_in(staging: Path, final: Path) -> None:
    """Put the complete folder `staging` at `final` (a sibling), removing what was there."""
    old = final.with_name(f".{final.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def replace_text(path: Path, text: str) -> None:
    """Write `text` to `path` all at once: a reader, or a crash, finds the old file or the new one.

    The text goes to a hidden sibling first, onto the disk, then takes the file's place; the file
    keeps its permissions (a temporary file's 0600 would hide a syllabus from the rest of its group).
    """
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def replace_cache_file(path: Path, data: bytes) -> bool:
    """Put `data` at `path` whole (another process reads the old file or the new one), for a cache.

    Not synced to disk: a cache file lost in a crash is only made again. Returns False when it
    could not be written, which for a cache only means making it again next time.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        return False
    return True


def _prefix(final: Path) -> str:
    return f".{final.name}-building-"


def _new_locked_folder(final: Path) -> tuple[Path, int]:
    """A new staging folder and the open handle that holds its lock."""
    while True:
        staging = Path(tempfile.mkdtemp(prefix=_prefix(final), dir=final.parent))
        try:
            staging.chmod(0o755)  # mkdtemp's 0700 would hide the published site from the web server
            handle = os.open(staging, os.O_RDONLY | os.O_DIRECTORY)
        except FileNotFoundError:
            continue  # another build's cleanup took it before it was locked
        locked = _try_lock(handle)
        if locked is None:
            return staging, handle  # no locks on this file system: never cleaned up, never lost
        if locked and os.fstat(handle).st_nlink > 0:
            return staging, handle
        os.close(handle)  # another build's cleanup holds it or has removed it: take a new one


def _try_lock(handle: int) -> bool | None:
    """Lock without waiting: True when locked, False when someone holds it, None when unsupported."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as error:
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
            return False
        return None
    return True
