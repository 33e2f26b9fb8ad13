"""What happens inside one forked process: run a `Run`'s snippets, capture output, figures and reads.

The child works in `<scratch>/work`, with its own home (`sandbox`) and, where Landlock exists,
no writes outside its scratch folder. This module runs in the warm worker (`forkserver.py`) and
in its forked children; it never runs in the MkDocs process.
"""

from __future__ import annotations

import builtins
import importlib.util
import linecache
import os
import pickle
import re
import struct
import sys
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path

from syllabuild.snippets import display, libraries, sandbox
from syllabuild.snippets.capture import about_size
from syllabuild.snippets.model import Failure, Frame, Run, Status
from syllabuild.sizes import format_size

MAX_FIGURES = 20
"""Figures one snippet shows; more are reported on stderr."""
MAX_FIGURE_SIZE = 10 * 1024**2
"""Bytes of one saved figure; a bigger one is reported on stderr instead of shown."""
WRITE_HINT = "snippets may write only in their scratch folder: the working directory, $HOME and $TMPDIR"
"""Added to a `PermissionError` for a path outside the scratch folder where Landlock refused it."""
_BLOCK_PREFIX = "<syllabuild-block-"
_SHOW_WARNING = ".*non-interactive.*cannot be shown"
_MEMORY_WORDS = ("can't allocate memory", "not enough memory", "out of memory")
_confined_to = ""
"""The scratch folder, once Landlock confines this child's writes to it."""


@dataclass(frozen=True)
class Job:
    """A run plus what the child needs to know about the project."""

    run: Run
    project_dir: str
    import_dirs: tuple[str, ...]
    ignore_dirs: tuple[str, ...]
    """Reads under these (cache, virtualenv) are not dependencies."""
    seed: int = 0
    env: tuple[tuple[str, str], ...] = ()
    """Environment variables the child sets before any code runs: `CUDA_VISIBLE_DEVICES`, the
    devices the pool gave this run (`gpus.DeviceSlots`)."""

    @property
    def gpu(self) -> int:
        return self.run.gpu


_prepared_seed: int | None = None


def prepare(seed: int) -> None:
    """Seed once in the warm worker (numpy's first seeding costs ~15 ms, later ones microseconds).

    Children still seed again (the worker itself may draw from `random`, e.g. for temporary names).
    """
    global _prepared_seed
    if _prepared_seed != seed:
        libraries.seed_worker(seed)
        re.compile(_SHOW_WARNING, re.I)  # in `re`'s cache, which `filterwarnings` in each child then hits
        _prepared_seed = seed


def block_filename(index: int) -> str:
    return f"{_BLOCK_PREFIX}{index}>"


def send(fd: int, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(struct.pack("!I", len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def child_main(job: Job, status_fd: int, scratch: str, ruleset: int = -1) -> None:
    """Entry point of the forked child; always ends with `os._exit`.

    `scratch` and `ruleset` come from `sandbox.prepare`, run by the worker before the fork.
    """
    global _confined_to
    os.environ.update(job.env)
    _redirect_stdio(scratch)
    if sandbox.enter(scratch, ruleset):
        _confined_to = scratch
    os.chdir(os.path.join(scratch, sandbox.WORK_DIR))
    snippets = job.run.snippets
    libraries.limit_address_space(max(s.options.memory for s in snippets))
    libraries.reset_state(job.seed)  # cheap here: `prepare` paid for numpy's first seeding in the worker
    libraries.unshadow(job.import_dirs)
    reads: set[str] = set()
    sys.addaudithook(_read_recorder(reads))
    watch = libraries.ImportWatch(job.project_dir)
    sys.meta_path.insert(0, watch)
    sys.path[:0] = list(job.import_dirs)
    sys.dont_write_bytecode = True
    # `Path(__file__).parent` finds files beside the snippet file or the lecture notes.
    first_file = snippets[0].source_file or Path(job.project_dir) / snippets[0].location.path
    namespace = {"__name__": "__main__", "__builtins__": builtins, "__doc__": None, "__file__": str(first_file)}
    # Course code often ends with plt.show(); figures are captured anyway, so Agg's warning is noise.
    warnings.filterwarnings("ignore", message=_SHOW_WARNING)
    if any(s.options.html for s in snippets):
        display.install(any("IPython" in s.code for s in snippets))
    for index, snippet in enumerate(snippets):
        name = block_filename(index)
        linecache.cache[name] = (len(snippet.code), None, snippet.code.splitlines(True), name)
        display.show_html(snippet.options.html)
        send(status_fd, ("start", index))
        status, failure = _execute(snippet, name, namespace, job)
        figures = _save_figures(index, snippet.options.figures, scratch)
        deps = _dependencies(reads, job)
        modules = libraries.installed_modules(watch.imported, job.project_dir)
        sys.stdout.flush()
        sys.stderr.flush()
        send(status_fd, ("done", index, status, failure, os.lseek(1, 0, os.SEEK_CUR),
                         os.lseek(2, 0, os.SEEK_CUR), figures, deps, modules))
        if status is not Status.OK:
            break
    os._exit(0)


def _execute(snippet, name, namespace, job) -> tuple[Status, Failure | None]:
    expected = snippet.options.raises
    try:
        body, last = display.compile_block(snippet.code, name, snippet.options.html)
        exec(body, namespace)
        if last is not None:
            display.show(eval(last, namespace), "execute_result")
    except BaseException as error:  # noqa: BLE001 - the snippet's own failure is the result
        failure = _failure(error, job)
        if expected and _matches(error, expected):
            return Status.OK, failure
        if _is_memory_error(error):
            return Status.MEMORY, Failure(f"exceeded {format_size(snippet.options.memory)}", failure.frames)
        return Status.ERROR, failure
    if expected:
        return Status.ERROR, Failure(f"expected {expected} to be raised, but the snippet finished normally")
    return Status.OK, None


def _matches(error: BaseException, expected: str) -> bool:
    for cls in type(error).__mro__:
        if expected in (cls.__name__, cls.__qualname__, f"{cls.__module__}.{cls.__qualname__}"):
            return True
    return False


def _is_memory_error(error: BaseException) -> bool:
    if isinstance(error, MemoryError):
        return True
    return isinstance(error, RuntimeError) and any(word in str(error) for word in _MEMORY_WORDS)


def _failure(error: BaseException, job: Job) -> Failure:
    """The exception with the traceback trimmed to frames in the snippets and in project modules."""
    message = "".join(traceback.format_exception_only(type(error), error)).strip()
    frames = []
    summaries = traceback.extract_tb(error.__traceback__)
    if isinstance(error, SyntaxError) and error.filename and error.filename.startswith(_BLOCK_PREFIX):
        summaries.append(traceback.FrameSummary(error.filename, error.lineno or 1, "<module>",
                                                line=(error.text or "").strip()))
        message = f"SyntaxError: {error.msg}"
    if _confined_to and isinstance(error, PermissionError) and _outside_scratch(error.filename):
        message = f"{message} ({WRITE_HINT})"
    for summary in summaries:
        if summary.filename.startswith(_BLOCK_PREFIX):
            block = int(summary.filename[len(_BLOCK_PREFIX):-1])
            frames.append(Frame(block, summary.lineno or 0, summary.name, (summary.line or "").strip()))
            continue
        relpath = _project_path(summary.filename, job)
        if relpath:
            frames.append(Frame(-1, summary.lineno or 0, summary.name, (summary.line or "").strip(), relpath))
    return Failure(message, tuple(frames))


def _outside_scratch(path) -> bool:
    if not isinstance(path, (str, bytes, os.PathLike)):
        return False
    absolute = os.path.abspath(os.fsdecode(path))
    return absolute != _confined_to and not absolute.startswith(_confined_to + os.sep)


def _project_path(path: str, job: Job) -> str:
    """`path` relative to the project when it is the author's own file, else ''."""
    if not path or path.startswith("<"):
        return ""
    absolute = os.path.abspath(path)
    if not absolute.startswith(job.project_dir + os.sep):
        return ""
    if "__pycache__" in absolute or any(absolute.startswith(d + os.sep) for d in job.ignore_dirs):
        return ""
    return Path(absolute).relative_to(job.project_dir).as_posix()


def _read_recorder(reads: set[str]):
    write_flags = os.O_WRONLY | os.O_RDWR

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not isinstance(args[0], (str, os.PathLike)):
            return
        mode, flags = args[1], args[2]
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            return
        if mode is None and isinstance(flags, int) and flags & write_flags:
            return
        reads.add(os.path.abspath(os.fspath(args[0])))

    return hook


def _dependencies(reads: set[str], job: Job) -> tuple[str, ...]:
    # Imports show up as reads too (of the .py, or of its cached .pyc): no walk over sys.modules,
    # which would touch thousands of inherited objects and copy their pages.
    paths = {_source_of(path) for path in reads}
    found = {_project_path(path, job) for path in paths}
    return tuple(sorted(p for p in found if p and os.path.isfile(os.path.join(job.project_dir, p))))


def _source_of(path: str) -> str:
    if "__pycache__" in path and path.endswith(".pyc"):
        try:
            return importlib.util.source_from_cache(path)
        except ValueError:
            return path
    return path


def _redirect_stdio(scratch: str) -> None:
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout"), (2, "stderr")):
        target = os.open(os.path.join(scratch, name), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(target, fd)
        os.close(target)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)  # noqa: SIM115


def _save_figures(index: int, fmt: str, scratch: str = ".") -> tuple[tuple[str, str], ...]:
    """Save open figures into `scratch` (absolute: the code may have changed directory).

    Returns (file name, alt text) pairs: the text is read from the figure as it is saved, since
    the page only ever gets the picture.
    """
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is None:
        return ()
    saved = []
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    numbers = pyplot.get_fignums()
    if len(numbers) > MAX_FIGURES:
        print(f"{len(numbers) - MAX_FIGURES} more figures not shown: a snippet shows at most {MAX_FIGURES}",
              file=sys.stderr)
    for number, figure_number in enumerate(numbers[:MAX_FIGURES], 1):
        name = f"figure-{index}-{number}.{fmt}"
        path = os.path.join(scratch, name)
        figure = pyplot.figure(figure_number)
        try:
            figure.savefig(path, format=fmt, metadata=metadata, bbox_inches="tight")
        except Exception as error:  # noqa: BLE001 - a figure that cannot be drawn is reported, not fatal
            print(f"figure {number} could not be saved: {error}", file=sys.stderr)
            continue
        size = os.path.getsize(path)
        if size > MAX_FIGURE_SIZE:
            os.remove(path)
            print(f"figure {number} not shown: it is {about_size(size)} as {fmt.upper()}, over the "
                  f"{format_size(MAX_FIGURE_SIZE)} a figure may have", file=sys.stderr)
            continue
        try:
            alt = describe_figure(figure)
        except Exception:  # noqa: BLE001 - an odd artist costs the figure its derived text, never the run
            alt = ""
        saved.append((name, alt))
    pyplot.close("all")
    return tuple(saved)


def describe_figure(figure) -> str:
    """Alt text from what a matplotlib figure says: its suptitle, then per axes title, axis labels, legend.

    `Training: loss against epoch (train, validation)`; '' when the figure has no words at all.
    """
    parts = []
    suptitle = _plain(figure.get_suptitle())
    if suptitle:
        parts.append(suptitle)
    panels = []
    for axes in figure.get_axes():
        title = "; ".join(t for t in (_plain(axes.get_title(loc)) for loc in ("left", "center", "right")) if t)
        x, y = _plain(axes.get_xlabel()), _plain(axes.get_ylabel())
        labels = f"{y} against {x}" if x and y else x or y
        legend = axes.get_legend()
        entries = [_plain(text.get_text()) for text in legend.get_texts()] if legend is not None else []
        entries = ", ".join(e for e in entries if e)
        panel = ": ".join(p for p in (title, labels) if p)
        if entries:
            panel = f"{panel} ({entries})" if panel else entries
        if panel:
            panels.append(panel)
    for legend in getattr(figure, "legends", ()):
        entries = ", ".join(e for e in (_plain(t.get_text()) for t in legend.get_texts()) if e)
        if entries:
            panels.append(entries)
    if panels:
        parts.append("; ".join(panels))
    return ". ".join(parts)


def _plain(text: str) -> str:
    """One line of text without mathtext dollars (`$w_1$` reads as `w_1`)."""
    return " ".join(str(text or "").replace("$", "").split())
