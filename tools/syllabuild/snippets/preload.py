"""What the warm workers import before they fork: the `preload` setting made into a `Warmup`.

`auto` preloads the installed modules that the runs to execute import, found by reading their
code (`ast`, no import). Imports of the course's own modules (a `helpers.py` in `snippets/`, a
module beside the notes) are followed into those files, but such modules are never preloaded
themselves: `serve` must see their edits. The worker skips a name it cannot find, and one that a
course folder would shadow (`libraries.warm`).

Torch's and matplotlib's first use is expensive beyond their import — the first optimizer made
imports `torch._dynamo` (~800 modules, most of a second), the first saved figure loads fonts — so
the worker rehearses it once, before forking, only when more runs use it than there are workers:
with fewer, each worker pays it at most once anyway, in parallel, and only if its run gets that
far. Torch's optimizers are a rehearsal of their own (`torch.optim`), counted by the runs that
name them, since most of torch's rehearsal is theirs and many runs never make one: a course of
ten snippets of which one trains would otherwise wait for the import of `torch._dynamo` before
any snippet starts.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from syllabuild.snippets.model import Snippet

__all__ = ["EXERCISED", "POOL_DEFAULT", "Warmup", "code_imports", "imported_names", "plan_warmup", "run_imports"]

EXERCISED = ("matplotlib", "torch", "torch.optim")
"""What the worker can rehearse the first use of (`libraries.warm`): libraries, and torch's optimizers."""


@dataclass(frozen=True)
class Warmup:
    """What a warm worker does once, before it forks: sent to it as its first message."""

    modules: tuple[str, ...] = ()
    """Imported in this order; names not installed, or shadowed by `local_dirs`, are skipped."""
    exercise: tuple[str, ...] = ()
    """Names of `EXERCISED` whose first use is rehearsed."""
    local_dirs: tuple[str, ...] = ()
    """The course's import folders: a module found there is the course's own, never preloaded (a
    run whose folders shadow a preloaded module gets it removed before its code runs)."""
    project_dir: str = ""
    """Nor is one that resolves inside the project (the worker's path starts with its folder)."""
    time_limit: float = 0
    """Seconds one import (or rehearsal) may take before it is given up, left to the runs (0: no limit)."""

    def covers(self, other: Warmup) -> bool:
        """Whether a worker warmed with `self` already has everything `other` asks for."""
        return set(other.modules) <= set(self.modules) and set(other.exercise) <= set(self.exercise)

    def merged(self, other: Warmup) -> Warmup:
        return Warmup(tuple(dict.fromkeys(self.modules + other.modules)),
                      tuple(sorted(set(self.exercise) | set(other.exercise))),
                      tuple(dict.fromkeys(self.local_dirs + other.local_dirs)), self.project_dir or other.project_dir,
                      max(self.time_limit, other.time_limit))

    def bare(self) -> Warmup:
        """Nothing to load: for a worker started again after this warm-up killed one."""
        return Warmup(local_dirs=self.local_dirs, project_dir=self.project_dir)


POOL_DEFAULT = Warmup(("torch", "matplotlib.pyplot"), EXERCISED)
"""A pool started on its own, for runs not known in advance (the test suite's shared pool)."""


def imported_names(code: str) -> tuple[set[str], set[tuple[int, str]]]:
    """(absolute module names, (level, name) of relative imports) that `code` imports, anywhere in it.

    `import a.b` gives `a.b`; `from a.b import c` gives `a.b` (c may be a name or a submodule).
    Code that makes torch optimizers without importing `torch.optim` (`torch.optim.SGD(…)`, `from
    torch import optim`) gives `torch.optim` too, which `import torch` loads anyway: it is what
    `plan_warmup` counts to rehearse optimizers. Code that does not parse imports nothing (its run
    reports the syntax error).
    """
    absolute: set[str] = set()
    relative: set[tuple[int, str]] = set()
    if "import" not in code:
        return absolute, relative
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return absolute, relative
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            absolute.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                relative.add((node.level, node.module or ""))
            elif node.module:
                absolute.add(node.module)
                if node.module == "torch" and any(alias.name == "optim" for alias in node.names):
                    absolute.add(_OPTIMIZERS)
        elif (isinstance(node, ast.Attribute) and node.attr == "optim" and isinstance(node.value, ast.Name)
              and node.value.id == "torch"):
            absolute.add(_OPTIMIZERS)
    return absolute, relative


_OPTIMIZERS = "torch.optim"


def _exercised_by(imports: frozenset[str]) -> set[str]:
    """The names of `EXERCISED` whose first use a run with these imports may pay."""
    used = {name.partition(".")[0] for name in imports}
    if any(name == _OPTIMIZERS or name.startswith(_OPTIMIZERS + ".") for name in imports):
        used.add(_OPTIMIZERS)
    return used & set(EXERCISED)


def run_imports(run: Iterable[Snippet], import_dirs: Iterable[str], seen: dict | None = None) -> frozenset[str]:
    """The installed (not the course's own) modules that `run`'s code imports, through its local modules.

    `seen`: local files already read, shared between the runs of one build (path -> their imports).
    """
    return code_imports((snippet.code for snippet in run), import_dirs, seen)


def code_imports(codes: Iterable[str], import_dirs: Iterable[str], seen: dict | None = None) -> frozenset[str]:
    """`run_imports` of code not (yet) made into snippets: the texts of one run, in order."""
    dirs = [Path(d) for d in import_dirs]
    seen = {} if seen is None else seen
    found: set[str] = set()
    for code in codes:
        names, _ = imported_names(code)
        for name in names:
            found |= _resolved(name, dirs, seen)
    return frozenset(found)


def _resolved(name: str, dirs: list[Path], seen: dict) -> set[str]:
    files = _local_files(name, dirs)
    if files is None:
        return set() if name.partition(".")[0] in sys.stdlib_module_names else {name}
    found: set[str] = set()
    for file in files:
        found |= _file_imports(file, dirs, seen)
    return found


def _local_files(name: str, dirs: list[Path]) -> list[Path] | None:
    """The course's files that importing `name` runs, or None when `name` is not the course's own."""
    parts = name.split(".")
    for folder in dirs:
        top = folder / parts[0]
        # A plain folder is a namespace package, which an installed package of that name wins over.
        if not ((folder / f"{parts[0]}.py").is_file() or (top / "__init__.py").is_file()
                or (len(parts) > 1 and top.is_dir())):
            continue
        files, here = [], folder
        for index, part in enumerate(parts):
            package = here / part
            if (package / "__init__.py").is_file():
                files.append(package / "__init__.py")
            elif index == len(parts) - 1 and (here / f"{part}.py").is_file():
                files.append(here / f"{part}.py")
            here = package
        return files
    return None


def _file_imports(file: Path, dirs: list[Path], seen: dict) -> set[str]:
    if file in seen:
        return seen[file]
    seen[file] = set()  # an import cycle between local modules ends here
    try:
        code = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return set()
    names, relative = imported_names(code)
    found: set[str] = set()
    for name in names:
        found |= _resolved(name, dirs, seen)
    for level, name in relative:
        base = file.parent
        for _ in range(level - 1):
            base = base.parent
        target = _local_files(name, [base]) if name else [base / "__init__.py"]
        for local in target or ():
            if local.is_file():
                found |= _file_imports(local, dirs, seen)
    seen[file] = found
    return found


def plan_warmup(preload: str | tuple[str, ...], runs: list[frozenset[str]], workers: int,
                local_dirs: Iterable[str] = (), project_dir: str = "", time_limit: float = 0) -> Warmup:
    """The warm-up for a pool about to execute `runs` (each: what `run_imports` found).

    Args:
        preload: the `preload` setting: `auto`, or the modules to import.
        runs: the imports of every run that has to execute (cache misses).
        workers: how many workers will share the warm-up.
        time_limit: the longest time limit of those runs: an import that takes longer in the
            worker is left to the runs, which report it as their own timeout.
    """
    users = Counter(used for imports in runs for used in _exercised_by(imports))
    modules = tuple(sorted(set().union(*runs))) if preload == "auto" else tuple(preload)
    preloaded = {name.partition(".")[0] for name in modules}
    exercise = tuple(name for name in EXERCISED if name.partition(".")[0] in preloaded and users[name] > workers)
    return Warmup(modules, exercise, tuple(dict.fromkeys(local_dirs)), project_dir, time_limit)
