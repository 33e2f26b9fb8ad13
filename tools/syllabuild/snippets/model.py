"""Immutable values passed between the stages of the snippet engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class ExecutorError(Exception):
    """The executor cannot run this build's code at all (a cluster it cannot reach, or whose workers
    differ from the build); one line, reported once for the whole build."""


class SnippetError(Exception):
    """A problem with a snippet's markup (bad option, missing file), reported at its location."""

    def __init__(self, location: Location, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


@dataclass(frozen=True)
class Location:
    """A line in a project file, written `lectures/03-mlp.md:42` (path relative to mkdocs.yml)."""

    path: str
    line: int

    def shifted(self, lines: int) -> Location:
        return Location(self.path, self.line + lines)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class SnippetOptions:
    """Per-snippet options; those in `key_fields` change the result and are part of the cache key."""

    timeout: float = 30
    """Time limit in seconds."""
    memory: int = 2 * 1024**3
    """Memory limit in bytes."""
    raises: str = ""
    """Name of the exception the snippet is expected to raise (`ValueError`, `torch.OutOfMemoryError`)."""
    figures: str = "svg"
    """Format of captured figures: `svg` or `png`."""
    max_output: int = 100 * 1024
    """Bytes of stdout (and of stderr) kept; longer output keeps its start and end around a note."""
    html: bool = False
    """Show rich HTML: the last expression's and each `display(obj)`'s `_repr_html_`, sanitised."""
    show_source: bool = True
    """Show the code on the page."""
    show_output: bool = True
    """Show stdout, stderr and figures on the page."""
    alt: str = ""
    """Alternative text of the snippet's figures; several figures: one text each, separated by `|`."""
    gpu: int = 0
    """GPUs (CUDA devices) the run needs, one device each; 0: none."""

    def key_fields(self) -> dict:
        fields = {"timeout": self.timeout, "memory": self.memory, "raises": self.raises, "figures": self.figures,
                  "max_output": self.max_output, "html": self.html}
        if self.gpu:  # absent when 0, so the keys of every run that needs no GPU stay as they were
            fields["gpu"] = self.gpu
        return fields


@dataclass(frozen=True)
class Snippet:
    """One piece of code to execute: a marked fenced block or a snippet file."""

    code: str
    """Normalized source (dedented, no trailing whitespace)."""
    location: Location
    """Where line 1 of `code` sits in the author's file."""
    options: SnippetOptions = SnippetOptions()
    session: str = ""
    """Blocks of one page with the same session run in one process, in order."""
    source_file: Path | None = None
    """Absolute path of the author's file (`__file__` of the snippet)."""


@dataclass(frozen=True)
class Run:
    """Snippets executed in one fresh process: a single block, or a session's blocks in order."""

    snippets: tuple[Snippet, ...]

    @property
    def gpu(self) -> int:
        """GPUs the run's process needs: the most any of its snippets asks for."""
        return max(snippet.options.gpu for snippet in self.snippets)

    def failed(self, message: str, *, whole_build: bool = False) -> tuple[SnippetResult, ...]:
        """Results of a run that could not be executed: its first snippet fails with `message`, the
        others are skipped (a notebook reports one failure, not one per cell)."""
        skipped = SnippetResult(Status.SKIPPED, failure=Failure("not run: an earlier block of its session failed"))
        return (SnippetResult(Status.CRASH, failure=Failure(message, whole_build=whole_build)),
                *(skipped for _ in self.snippets[1:]))


class Status(str, Enum):
    OK = "ok"
    ERROR = "error"
    """The code raised an exception (or did not raise the expected one)."""
    TIMEOUT = "timeout"
    MEMORY = "memory"
    CRASH = "crash"
    """The process died: segfault, `os._exit`, killed."""
    SKIPPED = "skipped"
    """An earlier block of the same session failed."""


@dataclass(frozen=True)
class Frame:
    """One frame of a user traceback; `block` indexes the run's snippets, -1 for a project module."""

    block: int
    line: int
    """Line within the block's code (or within the module file when `block` is -1)."""
    name: str
    source: str
    path: str = ""
    """Project-relative path of a local module (only when `block` is -1)."""


@dataclass(frozen=True)
class Failure:
    """Why a snippet did not succeed; frames are kept block-relative so prose edits never invalidate them."""

    message: str
    """One line: `ZeroDivisionError: division by zero`, `timed out after 30 s`, `exceeded 2 GiB`."""
    frames: tuple[Frame, ...] = ()
    whole_build: bool = False
    """The same for every run of the build (the executor refused it): reported once, not at each snippet."""


@dataclass(frozen=True)
class Figure:
    format: str
    data: bytes
    alt: str = ""
    """What the figure says, read from it when it was saved (titles, axis labels, legend); '' if nothing."""


@dataclass(frozen=True)
class SnippetResult:
    """What one snippet produced."""

    status: Status
    stdout: str = ""
    stderr: str = ""
    figures: tuple[Figure, ...] = ()
    failure: Failure | None = None
    """Set when status is not OK, and for an expected exception (shown as output)."""
    deps: tuple[str, ...] = field(default=())
    """Project files this snippet (and the session before it) read, relative to mkdocs.yml."""
    cached: bool = False
    modules: tuple[str, ...] = ()
    """Top-level names of the installed modules its process had loaded (preloaded or imported)."""

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    @property
    def cacheable(self) -> bool:
        """Kills depend on the machine's load; only deterministic outcomes are kept."""
        return self.status in (Status.OK, Status.ERROR)
