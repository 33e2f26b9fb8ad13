"""The libraries runs use: preloaded by the warm worker, or readied on import in a child.

The worker imports a `Warmup`'s modules once before it forks (`warm`), so its children start with
them loaded. A child that imports a library the worker did not preload gets it in the same state
as a preloaded one (`ImportWatch`): `random`, numpy and torch seeded, torch's threads set,
matplotlib's Agg backend and SVG salt, and the address space its import maps not counted against
the run's memory backstop. The watch also notes what the run imported, so that the cache can
record the versions of the installed modules a result came from (`installed_modules`).

Runs in the warm worker and its children: standard library only at import time.
"""

from __future__ import annotations

import gc
import importlib
import importlib.machinery
import importlib.util
import io
import os
import random
import resource
import signal
import site
import sys
import sysconfig
import warnings
from contextlib import contextmanager

from syllabuild.snippets import sandbox
from syllabuild.snippets.preload import Warmup

__all__ = ["ImportWatch", "installed_modules", "limit_address_space", "reset_state", "seed_worker", "unshadow",
           "warm"]

SVG_SALT = "syllabuild"
MEMORY_HEADROOM = 512 * 1024**2
"""Address space a run may map beyond its memory limit (the RSS watch is the real limit)."""
IMPORT_ROOM = 2 * 1024**3
"""Address space the imports of libraries the worker did not preload may add (torch maps ~600 MiB)."""

_threads = 1
_seed = 0
_readied: set[str] = set()
_preloaded: frozenset[str] = frozenset()
"""Top-level names of the installed modules the warm worker imported."""
_memory = 0
"""The run's memory limit, once `limit_address_space` has set the backstop."""
_import_depth = 0
_limit_before = 0


def warm(threads: int, warmup: Warmup, home: str) -> None:
    """In the worker, before it forks: import `warmup.modules`, rehearse `warmup.exercise`.

    The imports run in a private home, the pool's empty folder `home` (`sandbox.preloading`), so a
    library that writes under `~` or fixes its cache folder when imported does so there, not in
    the machine's.
    """
    global _threads, _preloaded
    _threads = threads
    before = _top_level_names()
    os.environ.setdefault("MPLBACKEND", "Agg")
    matplotlib = any(name.partition(".")[0] == "matplotlib" for name in warmup.modules)
    with sandbox.preloading(home, matplotlib), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nobody would see them: they belong to no run
        for name in warmup.modules:
            if _preloadable(name, warmup):
                try:
                    with _at_most(warmup.time_limit):
                        importlib.import_module(name)
                except BaseException:  # noqa: BLE001 - the run that imports it reports it (or its timeout)
                    pass
            _ready_loaded()
        for name in warmup.exercise:
            if name in sys.modules:
                try:
                    with _at_most(warmup.time_limit):
                        _EXERCISES[name]()
                except BaseException:  # noqa: BLE001 - a rehearsal that fails only costs its time
                    pass
    _preloaded = frozenset(name for name in _top_level_names() - before if _installed(name, warmup.project_dir))
    sandbox.landlock_abi()  # asked once here; every child inherits the answer
    # Children inherit these objects copy-on-write; a frozen heap keeps their collector off those pages.
    gc.freeze()


class _TooSlow(BaseException):
    """A preloading import ran out of time (a BaseException: the import's own handlers let it through)."""


@contextmanager
def _at_most(seconds: float):
    if not seconds:
        yield
        return

    def stop(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def seed_worker(seed: int) -> None:
    """Seed in the worker: numpy's first seeding (importing numpy.random) costs ~15 ms, later ones microseconds."""
    if "numpy" in sys.modules:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                importlib.import_module("numpy.random")
            except Exception:  # noqa: BLE001 - a run that uses it reports it
                pass
    reset_state(seed)
    _ready_loaded()


def reset_state(seed: int) -> None:
    """Seed `random` and the loaded libraries; the ones imported later are seeded by `ImportWatch`."""
    global _seed
    _seed = seed
    random.seed(seed)
    for name, ready in _READY.items():
        if name in sys.modules:
            ready(sys.modules[name], seed_only=True)


def unshadow(import_dirs: tuple[str, ...]) -> None:
    """In a child: drop preloaded modules that the run's own folders have a module of the same name for."""
    global _preloaded
    for name in _preloaded:
        spec = importlib.machinery.PathFinder.find_spec(name, list(import_dirs))
        if spec is not None and spec.origin is not None:
            for loaded in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
                del sys.modules[loaded]
            _preloaded = _preloaded - {name}


def limit_address_space(memory: int) -> None:
    """Backstop for one huge allocation (the RSS watch in the worker catches gradual growth)."""
    global _memory
    _memory = memory
    limit = _address_space() + memory + MEMORY_HEADROOM
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit + IMPORT_ROOM))


def installed_modules(imported: set[str], project_dir: str) -> tuple[str, ...]:
    """Top-level names of the installed (not standard, not the course's) modules a run has loaded:
    the preloaded ones and those it imported. Their distributions' versions go in its cache entry."""
    found = set(_preloaded)
    found.update(name for name in imported if name not in found and _installed(name, project_dir))
    return tuple(sorted(found))


class ImportWatch:
    """First in a child's `sys.meta_path`: notes every top-level name the run imports, and readies
    the libraries the worker did not preload when they are imported.

    Only installed top-level modules (and numpy.random) are wrapped, not the standard library's
    or the course's: their loader runs, then the library is readied and the loader put back.
    """

    def __init__(self, project_dir: str) -> None:
        self.imported: set[str] = set()
        self._project_dir = project_dir

    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        self.imported.add(top)
        if name not in _READY and ("." in name or top in sys.stdlib_module_names):
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None) if finder is not self else None
            spec = find(name, path, target) if find is not None else None
            if spec is None:
                continue
            if (spec.loader is not None and hasattr(spec.loader, "exec_module")
                    and (name in _READY or not _course_path(spec.origin or "", self._project_dir))):
                spec.loader = _ThenReady(spec.loader, name)
            return spec
        return None


class _ThenReady:
    """A loader that readies its module once the real loader has run it."""

    def __init__(self, loader, name: str) -> None:
        self._loader, self._name = loader, name

    def __getattr__(self, attribute):
        return getattr(self._loader, attribute)

    def create_module(self, spec):
        _imports_map(True)
        try:
            create = getattr(self._loader, "create_module", None)
            return create(spec) if create is not None else None
        except BaseException:
            _imports_map(False)
            raise

    def exec_module(self, module) -> None:
        try:
            self._loader.exec_module(module)
        finally:
            module.__loader__ = self._loader
            if getattr(module, "__spec__", None) is not None:
                module.__spec__.loader = self._loader
            _imports_map(False)
        ready = _READY.get(self._name)
        if ready is not None:
            ready(module)


def _imports_map(starting: bool) -> None:
    """Lift the address-space backstop while a library's import maps its files; set it again after,
    from the address space the run has then (as if the worker had preloaded the library)."""
    global _import_depth, _limit_before
    _import_depth += 1 if starting else -1
    if _import_depth != (1 if starting else 0) or not _memory:
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if starting:
            _limit_before = soft
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        else:
            limit = min(hard, max(_limit_before, _address_space() + _memory + MEMORY_HEADROOM))
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


# -- readying each library ----------------------------------------------------------------------
def _ready_torch(torch, seed_only: bool = False) -> None:
    if not seed_only:
        # One inter-op thread, as when the worker rehearsed torch; the run's intra-op threads.
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass  # already set
        torch.set_num_threads(_threads)
    torch.manual_seed(_seed)


def _ready_numpy_random(numpy_random, seed_only: bool = False) -> None:
    numpy_random.seed(_seed)


def _ready_matplotlib(matplotlib, seed_only: bool = False) -> None:
    if not seed_only:
        matplotlib.use("Agg")
    matplotlib.rcParams["svg.hashsalt"] = SVG_SALT


_READY = {"torch": _ready_torch, "numpy.random": _ready_numpy_random, "matplotlib": _ready_matplotlib}
"""What a library needs once imported, by module name; called with seed_only=True before each run."""


def _ready_loaded() -> None:
    for name, ready in _READY.items():
        if name in sys.modules and name not in _readied:
            _readied.add(name)
            ready(sys.modules[name])


@contextmanager
def _torch_rehearsal():
    """torch and its `nn`, single-threaded for the rehearsal: an OpenMP pool started here would not
    survive the fork. The runs' thread count and seed are set again afterwards."""
    import torch
    from torch import nn

    torch.set_num_threads(1)
    try:
        yield torch, nn
    finally:
        torch.set_num_threads(_threads)
        torch.manual_seed(_seed)


def _exercise_torch() -> None:
    with _torch_rehearsal() as (torch, nn):
        model = _model(nn)
        loss = nn.functional.cross_entropy(model(torch.randn(4, 1, 6, 6)), torch.tensor([0, 1, 0, 1]))
        loss.backward()
        nn.functional.binary_cross_entropy_with_logits(torch.zeros(2), torch.ones(2))
        nn.functional.mse_loss(torch.zeros(2), torch.ones(2))
        for recurrent in (nn.RNN(2, 2, batch_first=True), nn.LSTM(2, 2, batch_first=True), nn.GRU(2, 2)):
            recurrent(torch.randn(1, 3, 2))
        q = torch.randn(1, 2, 4)
        nn.functional.scaled_dot_product_attention(q, q, q)
        nn.MultiheadAttention(4, 2, batch_first=True)(q, q, q)
        torch.softmax(q, -1).sum().item()
        import torch.utils.data  # noqa: F401


def _model(nn):
    return nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Dropout(0.1), nn.Linear(8, 2))


def _exercise_optimizers() -> None:
    with _torch_rehearsal() as (torch, nn):
        model = _model(nn)
        # Making the first optimizer imports torch._dynamo: most of torch's first-use time.
        for optimizer in (torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
                          torch.optim.Adam(model.parameters()), torch.optim.AdamW(model.parameters())):
            optimizer.zero_grad()
            loss = nn.functional.cross_entropy(model(torch.randn(4, 1, 6, 6)), torch.tensor([0, 1, 0, 1]))
            loss.backward()
            optimizer.step()


def _exercise_matplotlib() -> None:
    import matplotlib.pyplot as plt
    import numpy

    fig, (left, right) = plt.subplots(1, 2)
    grid = numpy.linspace(0, 1, 16)
    left.plot(grid, grid, "o-", label="$w_1$")
    left.scatter(grid, grid, c=grid, cmap="coolwarm")
    left.contourf(grid, grid, numpy.outer(grid, grid), levels=5)
    left.contour(grid, grid, numpy.outer(grid, grid), levels=5)
    left.bar([1, 2], [1, 2])
    left.hist(grid)
    left.legend()
    left.set_yscale("log")
    fig.colorbar(right.imshow(numpy.outer(grid, grid)))
    left.set_title("warm")
    for fmt in ("svg", "png"):
        fig.savefig(io.BytesIO(), format=fmt, bbox_inches="tight")
    plt.close("all")


_EXERCISES = {"torch": _exercise_torch, "torch.optim": _exercise_optimizers, "matplotlib": _exercise_matplotlib}


# -- which modules count ------------------------------------------------------------------------
def _top_level_names() -> set[str]:
    return {name.partition(".")[0] for name in list(sys.modules)}


def _preloadable(name: str, warmup: Warmup) -> bool:
    """Installed, and not the course's own (in its folders, or inside the project but not in an environment)."""
    top = name.partition(".")[0]
    if top in sys.modules:
        return True
    try:
        local = importlib.machinery.PathFinder.find_spec(top, list(warmup.local_dirs))
        if local is not None and local.origin is not None:
            return False
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return False
    if spec is None:
        return False
    places = [spec.origin] if spec.origin else list(spec.submodule_search_locations or ())
    return bool(places) and not any(_course_path(place, warmup.project_dir) for place in places)


def _installed(name: str, project_dir: str) -> bool:
    """A loaded top-level module that is installed: not standard, not syllabuild, not the course's."""
    if name in sys.stdlib_module_names or name.startswith("__") or name == "syllabuild":
        return False
    module = sys.modules.get(name)
    path = getattr(module, "__file__", None) or next(iter(getattr(module, "__path__", None) or ()), None)
    if not isinstance(path, str) or not path:
        return False  # not loaded, built in, or made up at run time
    path = os.path.abspath(path)
    packages = _SITE_PACKAGES
    if _under(path, _STANDARD) and not _under(path, packages):
        return False  # `_sysconfigdata_*` and the like
    return _under(path, packages) or not _course_path(path, project_dir)


def _course_path(path: str, project_dir: str) -> bool:
    """Inside the project, and not in an environment there (a `.venv` in the project is not the course's)."""
    absolute = os.path.abspath(path)
    return bool(project_dir) and _under(absolute, (project_dir,)) and not _under(absolute, _ENVIRONMENTS)


def _under(path: str, folders) -> bool:
    return any(path.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)


def _folders(*paths) -> tuple[str, ...]:
    return tuple(dict.fromkeys(os.path.abspath(path) for path in paths if path))


_SITE_PACKAGES = _folders(*site.getsitepackages(), site.getusersitepackages(),
                          sysconfig.get_path("purelib"), sysconfig.get_path("platlib"))
_STANDARD = _folders(sysconfig.get_path("stdlib"), sysconfig.get_path("platstdlib"))
_ENVIRONMENTS = _folders(sys.prefix, sys.exec_prefix, sys.base_prefix, *_SITE_PACKAGES)
