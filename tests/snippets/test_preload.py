"""Only what the course uses: the workers preload what the runs import, and the cache checks the
versions of what a run had loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from snippet_helpers import run_one, snippet

from syllabuild.project import ProjectError, load_project
from syllabuild.snippets.cache import snippet_keys
from syllabuild.snippets.engine import EngineSettings, SnippetEngine
from syllabuild.snippets.pool import WarmPool
from syllabuild.snippets.preload import Warmup, plan_warmup, run_imports

LOADED = "import sys\nprint(*(name in sys.modules for name in ('torch', 'matplotlib', 'numpy')))\n"
SEEDED = ("import random, numpy, torch\nprint(random.random(), numpy.random.rand(), torch.rand(1).item(), "
          "torch.get_num_interop_threads())\n")


@pytest.fixture(scope="module")
def bare_pool():
    """Workers that preloaded nothing, as `preload: []` or a course of plain Python gets them."""
    pool = WarmPool(workers=2, threads=1, warmup=Warmup())
    yield pool
    pool.close()


def own_engine(project: Path, pool: WarmPool | None = None, **settings) -> SnippetEngine:
    return SnippetEngine(EngineSettings(project, project / ".cache", progress=False, **settings), pool=pool)


def test_a_course_whose_snippets_use_neither_library_never_imports_them(project):
    engine = own_engine(project)  # preload: auto, the default of a new course
    try:
        result = run_one(engine, "x = 2\n" + LOADED)
        assert result.stdout == "False False False\n"
        assert engine._pool.warmup.modules == () and engine._pool.warmup.exercise == ()
    finally:
        engine.close()


def test_serve_keeps_its_workers_and_restarts_an_idle_pool_only_for_a_module_it_lacks(project):
    engine = own_engine(project)
    try:
        run_one(engine, "print(1)\n")
        bare = engine._pool
        engine.begin_build()  # a rebuild: an edit now imports numpy
        assert run_one(engine, "import numpy\nprint(numpy.ones(2).sum())\n").stdout == "2.0\n"
        loaded = engine._pool
        assert loaded is not bare and loaded.warmup.modules == ("numpy",)
        assert all(process.poll() is not None for process in bare._processes)  # the old workers are gone
        engine.begin_build()
        run_one(engine, "print(2)\n")
        assert engine._pool is loaded
    finally:
        engine.close()


def test_auto_preloads_the_installed_modules_runs_import_through_course_modules_but_not_those(project):
    (project / "snippets" / "helpers.py").write_text("import json\nfrom numpy import linalg\nfrom . import x\n")
    (project / "snippets" / "plots").mkdir()
    (project / "snippets" / "plots" / "__init__.py").write_text("def f():\n    import matplotlib.pyplot\n")
    dirs = [str(project / "snippets")]
    found = run_imports((snippet("import helpers, plots\nimport torch.nn as nn\nfrom os import path\n"),), dirs)
    assert found == {"numpy", "matplotlib.pyplot", "torch.nn"}  # not helpers or plots, nor json or os
    assert run_imports((snippet("values = (1,\nimport torch\n"),), dirs) == frozenset()  # its run reports the error

    plan = plan_warmup("auto", [found], workers=2, local_dirs=dirs)
    assert plan.modules == ("matplotlib.pyplot", "numpy", "torch.nn") and plan.exercise == ()
    assert plan_warmup(("torch",), [found], workers=2).modules == ("torch",)
    assert plan_warmup([], [found], workers=2).modules == ()


def test_first_use_is_rehearsed_only_when_more_runs_use_a_library_than_there_are_workers():
    torch_runs = [frozenset({"torch", "numpy"})] * 3
    assert plan_warmup("auto", torch_runs, workers=2).exercise == ("torch",)
    assert plan_warmup("auto", torch_runs, workers=3).exercise == ()
    plotting = [frozenset({"matplotlib.pyplot"})] * 5
    assert plan_warmup(("torch",), plotting, workers=2).exercise == ()  # only what is preloaded


def test_optimizers_are_rehearsed_only_when_more_runs_make_one_than_there_are_workers(project):
    # Making the first optimizer imports torch._dynamo (about a second): one run that trains among
    # ten must not hold the other nine back, as a rehearsal before any run starts would.
    dirs = [str(project / "snippets")]
    training = [run_imports((snippet(code),), dirs) for code in (
        "import torch\nopt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)\n",
        "from torch import nn, optim\noptim.Adam(nn.Linear(2, 2).parameters())\n",
        "import torch.optim as optim\n",
        "from torch.optim.lr_scheduler import StepLR\n",
    )]
    plain = run_imports((snippet("import torch\nprint(torch.zeros(2).sum())\n"),), dirs)
    assert all(any(name.startswith("torch.optim") for name in imports) for imports in training)
    assert "torch.optim" not in plain

    assert plan_warmup("auto", [training[0]] + [plain] * 9, workers=2).exercise == ("torch",)
    assert plan_warmup("auto", training[:3] + [plain] * 7, workers=2).exercise == ("torch", "torch.optim")
    assert plan_warmup("auto", training + [plain], workers=4).exercise == ("torch",)
    assert plan_warmup("auto", [training[3]] * 3, workers=2).exercise == ("torch", "torch.optim")


def test_a_library_imported_by_the_run_itself_is_seeded_and_set_up_as_a_preloaded_one(engine, bare_pool, tmp_path):
    bare = own_engine(tmp_path, bare_pool)
    preloaded = run_one(engine, SEEDED)  # the shared pool preloaded torch, matplotlib and numpy
    imported = run_one(bare, SEEDED)
    assert imported.ok and imported.stdout == preloaded.stdout
    figure = "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.title('t')\n"
    assert run_one(bare, figure).figures == run_one(engine, figure).figures  # Agg, the same SVG salt


def test_importing_a_library_does_not_use_up_the_memory_backstop(bare_pool, tmp_path):
    # The worker used to preload torch: its address space was not the run's to count. Imported by
    # the run, a library's mapped files are left out of the backstop the same way.
    code = ("import resource\ndef room():\n    soft, _ = resource.getrlimit(resource.RLIMIT_AS)\n"
            "    return soft - int(open('/proc/self/statm').read().split()[0]) * resource.getpagesize()\n"
            "before = room()\nimport torch\nprint(round((room() - before) / 2**20))\n")
    result = run_one(own_engine(tmp_path, bare_pool), code, memory=300 * 2**20)
    assert result.ok, result.failure
    assert abs(int(result.stdout)) < 64  # the same room after as before (it would be ~600 MiB less)
    huge = run_one(own_engine(tmp_path, bare_pool), "import torch\nx = torch.ones(2**34)\n", memory=256 * 2**20)
    assert huge.failure.message == "exceeded 256 MiB"


def test_a_preloaded_module_never_hides_a_course_module_of_the_same_name(tmp_path):
    pool = WarmPool(workers=1, threads=1, warmup=Warmup(("numpy",)))
    try:
        (tmp_path / "snippets").mkdir()
        (tmp_path / "snippets" / "numpy.py").write_text("WHOSE = 'the course'\n")
        result = run_one(own_engine(tmp_path, pool), "import numpy\nprint(numpy.WHOSE)\n")
        assert result.stdout == "the course\n"
    finally:
        pool.close()


def _manifest(engine: SnippetEngine, code: str) -> dict:
    (key,) = snippet_keys((snippet(code),), engine.settings.seed)
    return json.loads((engine.cache.root / key / "manifest.json").read_text())["entry"]


def test_an_entry_is_run_again_when_a_package_it_had_loaded_changes_version(engine, monkeypatch):
    code = "import torch\nprint(torch.ones(2).sum().item())\n"
    first = run_one(engine, code)
    installed = engine.cache.packages.version("torch")
    assert _manifest(engine, code)["versions"]["torch"] == installed != ""
    engine.begin_build()
    assert run_one(engine, code).cached

    versions = engine.cache.packages
    upgraded = lambda name, real=versions.version: "99.0" if name == "torch" else real(name)  # noqa: E731
    monkeypatch.setattr(versions, "version", upgraded)
    engine.begin_build()
    again = run_one(engine, code)
    assert not again.cached and again.stdout == first.stdout


def test_an_entry_that_loaded_no_package_survives_an_upgrade(bare_pool, tmp_path, monkeypatch):
    engine = own_engine(tmp_path, bare_pool)
    code = "import json\nprint(json.dumps([1]))\n"
    assert not run_one(engine, code).cached
    assert _manifest(engine, code)["versions"] == {}
    monkeypatch.setattr(engine.cache.packages, "version", lambda name: "99.0")
    engine.begin_build()
    assert run_one(engine, code).cached


def test_preload_is_auto_or_a_list_of_module_names(tmp_path):
    config = tmp_path / "mkdocs.yml"
    base = "site_name: Course\nplugins:\n  - syllabuild:\n      snippets:\n        preload: "
    config.write_text(base + "[torch, matplotlib.pyplot]\n")
    assert load_project(config).settings.snippets.preload == ("torch", "matplotlib.pyplot")
    config.write_text("site_name: Course\nplugins:\n  - syllabuild\n")
    assert load_project(config).settings.snippets.preload == "auto"
    for given, shown in (("torch", '"torch"'), ("[torch, 'my lib']", '"my lib"'), ("[3]", "3")):
        config.write_text(base + given + "\n")
        with pytest.raises(ProjectError) as caught:
            load_project(config)
        assert caught.value.lines() == [f"mkdocs.yml:5:18: plugins.syllabuild.snippets.preload: expected auto or a "
                                        f"list of module names like [torch, matplotlib.pyplot], got {shown}"]


@pytest.mark.parametrize("module, code, failure", [
    ("crashes", "import ctypes\nctypes.string_at(0)\n", "crashed with SIGSEGV"),
    ("hangs", "import time\ntime.sleep(60)\n", "timed out after 2 s"),
])
def test_a_module_that_crashes_or_hangs_when_imported_fails_its_own_runs_only(project, tmp_path_factory, monkeypatch,
                                                                            module, code, failure):
    installed = tmp_path_factory.mktemp("site")  # outside the project, as an installed package is
    (installed / f"{module}.py").write_text(code)
    monkeypatch.setenv("PYTHONPATH", str(installed))
    engine = own_engine(project)
    try:
        bad = engine.submit((snippet(f"import {module}\n", timeout=2),))
        good = engine.submit((snippet("print('fine')\n", where="lectures/01-intro.md:20", timeout=2),))
        assert good.result()[0].stdout == "fine\n"
        assert bad.result()[0].failure.message == failure
    finally:
        engine.close()


def test_what_a_preloaded_module_writes_under_home_when_imported_never_reaches_the_machine(
        project, tmp_path_factory, monkeypatch):
    installed, home = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("home")
    (installed / "settles_in.py").write_text(  # as keras writes ~/.keras/keras.json when imported
        "import os\nHOME = os.path.expanduser('~')\nopen(os.path.join(HOME, 'settled'), 'w').close()\n")
    monkeypatch.setenv("PYTHONPATH", str(installed))
    monkeypatch.setenv("HOME", str(home))
    engine = own_engine(project)
    try:
        result = run_one(engine, f"import settles_in\nprint(settles_in.HOME == {str(home)!r})\n")
        assert engine._pool.warmup.modules == ("settles_in",)  # imported by the worker, not by the run
        assert result.stdout == "False\n" and not (home / "settled").exists()
    finally:
        engine.close()
