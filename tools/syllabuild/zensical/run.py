"""Run `zensical build` on one config and read what it printed.

Zensical 0.0.73 colours its output whatever the environment says (NO_COLOR, TERM=dumb), draws
each warning as a source excerpt in a box, and on failure prints a Python traceback (sometimes
two: Zensical's own around the one from the page's Markdown extension). This module turns that
into one line per warning and one message for the failure.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click

__all__ = ["ZensicalRun", "ZensicalWarning", "executable", "run_zensical"]

log = logging.getLogger("mkdocs.plugins.syllabuild.zensical")

_WARNING = re.compile(r"^Warning: (?P<message>.+?)\s*$")
_LOCATION = re.compile(r"^\s*╭─+\[ (?P<location>.+?) \]")
_EXCERPT = re.compile(r"^\s*(\d+\s*)?[│╭╰─┬]")
"""A line of the box Zensical draws around a warning's source excerpt."""
_NOISE = re.compile(
    r"^(Build started|Build finished in .*|No issues found|\d+ issues? found|stack backtrace:"
    r"|note: Some details are omitted.*)$"
)
_PANIC = re.compile(r"^thread .* panicked at ")
"""A Rust panic: its message follows on the next line, and again in the final `PanicException`."""
_WRAPPERS = {"RuntimeError: ": "", "Python error: ": "", "pyo3_runtime.PanicException: ": "Zensical crashed: "}
"""How Zensical's Rust side wraps an error raised in Python (the guard's, a Markdown
extension's), and a panic of its own; the wrapping is dropped or said in words."""


@dataclass(frozen=True)
class ZensicalWarning:
    """One warning Zensical printed."""

    message: str
    """What is wrong, e.g. `page does not exist`."""
    location: str | None = None
    """`path:line:column` in the docs folder, when Zensical gave one."""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


@dataclass(frozen=True)
class ZensicalRun:
    """The outcome of one `zensical build`."""

    returncode: int
    warnings: tuple[ZensicalWarning, ...] = ()
    failure: str = ""
    """Zensical's error, trimmed to what matters (empty when the build succeeded)."""

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def executable() -> str | None:
    """The `zensical` program: the one next to this Python (its venv) first, then PATH.

    Returns:
        Its path, or None when Zensical is not installed.
    """
    # Not sys.executable resolved: a venv's python is a symlink out of the venv's bin/.
    return shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which("zensical")


def run_zensical(config_file: Path, *, strict: bool = False) -> ZensicalRun:
    """Build the project of `config_file` with Zensical, in a subprocess.

    Args:
        config_file: A derived config (`mkdocs.yml` format).
        strict: Pass `--strict`: Zensical then fails the build on any warning.

    Returns:
        The exit status, the warnings and, on failure, the trimmed error. A missing Zensical
        is a failed run too (status 127).
    """
    program = executable()
    if program is None:
        return ZensicalRun(127, failure="Zensical is not installed: `pip install zensical` (in syllabuild's venv)")
    command = [program, "build", "--config-file", str(config_file), *(["--strict"] if strict else [])]
    log.debug("running %s", " ".join(command))
    completed = subprocess.run(
        command,
        cwd=config_file.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        # Hebrew page paths and texts come back in warnings and errors.
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    lines = click.unstyle(completed.stdout).splitlines()
    warnings = _warnings(lines)
    failure = "" if completed.returncode == 0 else _failure(lines, completed.returncode)
    return ZensicalRun(completed.returncode, warnings, failure)


def _warnings(lines: list[str]) -> tuple[ZensicalWarning, ...]:
    found = []
    for index, line in enumerate(lines):
        if match := _WARNING.match(line):
            where = _LOCATION.match(lines[index + 1]) if index + 1 < len(lines) else None
            found.append(ZensicalWarning(match["message"], where["location"] if where else None))
    return tuple(found)


def _failure(lines: list[str], returncode: int) -> str:
    """The lines that say why the build failed: no tracebacks, warning boxes or progress lines."""
    kept: list[str] = []
    skip_next = in_traceback = False
    for line in lines:
        if skip_next:
            skip_next = False
            continue
        if _PANIC.match(line):
            skip_next = True
            continue
        if line.startswith("Traceback (most recent call last):"):
            in_traceback = True
            continue
        if in_traceback and (not line or line[0].isspace()):
            continue
        in_traceback = False
        if not line.strip() or _NOISE.match(line) or _WARNING.match(line) or _EXCERPT.match(line):
            continue
        for wrapper, said in _WRAPPERS.items():
            if line.startswith(wrapper):
                line = said + line.removeprefix(wrapper)
        if line not in kept:
            kept.append(line)
    return "\n".join(kept) or f"zensical build exited with status {returncode} and said nothing"
