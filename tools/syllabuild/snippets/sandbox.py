"""What a run may change on the machine: its own scratch folder, nothing else.

Two layers, prepared by the worker before it forks the child (`prepare`: off the clock) and
entered by the child before any snippet code runs (`enter`):

- a home of its own: `$HOME`, the XDG folders, `MPLCONFIGDIR`, `TORCH_HOME` and `$TMPDIR` (and
  `tempfile`'s cached choice) point into the scratch folder, so `~/x`, caches and config files
  that libraries write land there and are deleted with it;
- where the kernel has Landlock (Linux 6.2 or later, ABI 3), writes anywhere outside the scratch
  folder (and `/dev/null`, `/dev/shm`) are refused with `PermissionError`; reading stays allowed
  everywhere, so the project's data files, modules and installed packages load as before.
  Elsewhere this layer is silently absent.

The worker's own preloading imports (`preloading`) run with a home of the pool's, deleted when
the pool ends: a library that writes under `~` when imported writes there.

Runs in the warm worker: standard library only.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
import tempfile
from contextlib import contextmanager
from functools import lru_cache

__all__ = ["PRIVATE_FOLDERS", "WORK_DIR", "enter", "landlock_abi", "preloading", "prepare", "release"]

WORK_DIR = "work"
"""The snippets' working directory, inside the run's scratch folder (beside its home and tmp)."""

PRIVATE_FOLDERS = {
    "HOME": "home",
    "XDG_CONFIG_HOME": "home/.config",
    "XDG_CACHE_HOME": "home/.cache",
    "XDG_DATA_HOME": "home/.local/share",
    "XDG_STATE_HOME": "home/.local/state",
    "MPLCONFIGDIR": "home/.config/matplotlib",
    "TORCH_HOME": "home/.cache/torch",
    "TMPDIR": "tmp",
}
"""Environment variable -> folder inside the run's scratch folder."""

# Landlock's system calls have the same numbers on every architecture but alpha.
_CREATE_RULESET, _ADD_RULE, _RESTRICT_SELF = 444, 445, 446
_CREATE_RULESET_VERSION = 1
_RULE_PATH_BENEATH = 1
_PR_SET_NO_NEW_PRIVS = 38
_MIN_ABI = 3
"""ABI 3 (Linux 6.2) is the first that also controls truncate(2); before it writes are not fully covered."""

# Every access that changes the file system (ABI 1: bits 1, 4–12; ABI 2: REFER; ABI 3: TRUNCATE).
# Reading and executing (bits 0, 2, 3) are not handled, hence allowed everywhere.
_WRITE_FILE, _TRUNCATE = 1 << 1, 1 << 14
_WRITES = _WRITE_FILE | _TRUNCATE | (1 << 13) | sum(1 << bit for bit in range(4, 13))
_FILE_WRITES = _WRITE_FILE | _TRUNCATE
"""The subset that applies to a single file (a rule on a file may only grant these)."""


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64)]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def prepare(scratch: str) -> int:
    """In the worker, before the fork: make the run's folders, and where Landlock exists a ruleset
    that allows writes only inside `scratch`. Returns the ruleset's descriptor (close-on-exec), or -1."""
    # Only the roots: like a fresh account's, the XDG folders are made by whatever writes there first.
    for relative in (WORK_DIR, PRIVATE_FOLDERS["HOME"], PRIVATE_FOLDERS["TMPDIR"]):
        os.mkdir(os.path.join(scratch, relative))
    return _write_ruleset(scratch)


@contextmanager
def preloading(scratch: str, matplotlib: bool = False):
    """In the worker, around the imports it preloads: its home, the XDG folders and `$TMPDIR` are
    in `scratch`, an empty folder of the pool's (removed with the pool), so what a library writes
    or remembers about `~` while it is imported is not the machine's.

    Matplotlib alone still finds its folders of the machine (through links), as it did when the
    worker always preloaded it: its settings and styles, and its font list, which a run would
    otherwise build again (about a second); with `matplotlib` (the warm-up imports it) they are
    made if missing, as its import would. Children get their own folders as before.
    """
    home = os.path.join(scratch, PRIVATE_FOLDERS["HOME"])
    for relative in (PRIVATE_FOLDERS["HOME"], PRIVATE_FOLDERS["TMPDIR"]):
        os.mkdir(os.path.join(scratch, relative))
    for relative, target in _matplotlib_folders().items():
        try:
            if matplotlib:
                os.makedirs(target, exist_ok=True)
            if os.path.isdir(target):
                os.makedirs(os.path.join(home, os.path.dirname(relative)), exist_ok=True)
                os.symlink(target, os.path.join(home, relative))
        except OSError:
            pass  # matplotlib falls back to a folder of its own
    private = {name: os.path.join(scratch, relative) for name, relative in PRIVATE_FOLDERS.items()
               if name != "MPLCONFIGDIR"}  # one the machine sets is kept, as for the links above
    saved = {name: os.environ.get(name) for name in private}
    saved_tempdir = tempfile.tempdir
    os.environ.update(private)
    tempfile.tempdir = os.environ["TMPDIR"]
    try:
        yield
    finally:
        tempfile.tempdir = saved_tempdir
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _matplotlib_folders() -> dict[str, str]:
    """Matplotlib's configuration and cache folders on the machine, by where they go in a home."""
    if os.environ.get("MPLCONFIGDIR"):
        return {}
    home = os.path.expanduser("~")
    return {".config/matplotlib": os.path.join(os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config"),
                                               "matplotlib"),
            ".cache/matplotlib": os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache"),
                                              "matplotlib")}


def release(ruleset: int) -> None:
    """The worker's copy of a ruleset, once the child has its own."""
    if ruleset >= 0:
        os.close(ruleset)


def enter(scratch: str, ruleset: int) -> bool:
    """In the child: use the private home and temporary folder, then confine writes with `ruleset`.

    Returns whether writes are confined (False where Landlock is unavailable).
    """
    for name, relative in PRIVATE_FOLDERS.items():
        os.environ[name] = os.path.join(scratch, relative)
    # `tempfile` remembers the folder it chose on first use (the worker used it for the scratch).
    tempfile.tempdir = os.environ["TMPDIR"]
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # Python subprocesses importing project modules
    if ruleset < 0:
        return False
    try:
        no_new_privileges = _libc().prctl(_PR_SET_NO_NEW_PRIVS, *(ctypes.c_ulong(n) for n in (1, 0, 0, 0)))
        if no_new_privileges != 0:
            return False
        _syscall(_RESTRICT_SELF, ruleset, 0)
        return True
    except OSError:
        return False
    finally:
        os.close(ruleset)


@lru_cache(maxsize=1)
def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (other systems, old kernels, off)."""
    if sys.platform != "linux" or platform.machine() == "alpha":
        return 0
    try:
        version = _syscall(_CREATE_RULESET, None, 0, _CREATE_RULESET_VERSION)
    except OSError:
        return 0
    return max(0, version)


def _write_ruleset(scratch: str) -> int:
    """A Landlock ruleset handling every write, granting them under `scratch`, `/dev/null`, `/dev/shm`."""
    if landlock_abi() < _MIN_ABI:
        return -1
    try:
        attr = _RulesetAttr(_WRITES)
        ruleset = _syscall(_CREATE_RULESET, ctypes.byref(attr), ctypes.sizeof(attr), 0)
    except OSError:
        return -1
    try:
        _allow(ruleset, scratch, _WRITES)
    except OSError:
        os.close(ruleset)
        return -1
    for path, access in (("/dev/null", _FILE_WRITES), ("/dev/shm", _WRITES)):
        try:
            _allow(ruleset, path, access)
        except OSError:
            pass  # absent here (no /dev/shm in some containers): writes there are refused
    return ruleset


def _allow(ruleset: int, path: str, access: int) -> None:
    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    try:
        rule = _PathBeneathAttr(access, fd)
        _syscall(_ADD_RULE, ruleset, _RULE_PATH_BENEATH, ctypes.byref(rule), 0)
    finally:
        os.close(fd)


@lru_cache(maxsize=1)
def _libc():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int  # looked up now, in the worker, not in every child
    return libc


def _syscall(number: int, *args) -> int:
    converted = [ctypes.c_long(arg) if isinstance(arg, int) else arg for arg in args]
    result = _libc().syscall(ctypes.c_long(number), *converted)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result
