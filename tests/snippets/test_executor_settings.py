"""Choosing the executor: `snippets: executor/scheduler` in mkdocs.yml, $SYLLABUILD_DASK_SCHEDULER over both."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from snippet_helpers import snippet
from syllabuild.project import ProjectError, load_project
from syllabuild.snippets.engine import EngineSettings, SnippetEngine
from syllabuild.snippets.project import snippet_project

ENV = "SYLLABUILD_DASK_SCHEDULER"


def config(tmp_path: Path, snippets: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: Course\nplugins:\n  - syllabuild:\n      snippets:\n{snippets}", encoding="utf-8")
    return path


def test_bad_executor_settings_are_reported_at_their_lines(tmp_path):
    with pytest.raises(ProjectError) as caught:
        load_project(config(tmp_path, "        executor: cloud\n        scheduler: 10.0.0.5:8786\n"))
    assert caught.value.lines() == [
        "mkdocs.yml:5:19: plugins.syllabuild.snippets.executor: expected one of 'local' or 'dask', got \"cloud\"",
        'mkdocs.yml:6:20: plugins.syllabuild.snippets.scheduler: expected a dask scheduler address like '
        'tcp://HOST:PORT, got "10.0.0.5:8786"',
    ]
    with pytest.raises(ProjectError) as caught:
        load_project(config(tmp_path, "        executor: dask\n"))
    assert caught.value.lines() == [
        "mkdocs.yml:5:9: plugins.syllabuild.snippets: expected a scheduler address like tcp://HOST:PORT for "
        "executor: dask, got none ($SYLLABUILD_DASK_SCHEDULER alone also runs them on a cluster)",
    ]


def test_a_scheduler_without_executor_dask_is_a_setting_without_effect(tmp_path):
    project = load_project(config(tmp_path, "        scheduler: tcp://lab-01:8786\n"))
    assert project.warnings == (
        "mkdocs.yml:5:20: plugins.syllabuild.snippets.scheduler: given but not used: snippets.executor is local",)


def test_the_environment_variable_points_any_build_at_a_cluster(tmp_path, monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    local = load_project(config(tmp_path, "        workers: 2\n"))
    assert (snippet_project(local).engine.executor, snippet_project(local).engine.scheduler) == ("local", "")
    on_lab = load_project(config(tmp_path, "        executor: dask\n        scheduler: tcp://lab-01:8786\n"))
    assert snippet_project(on_lab).engine.scheduler == "tcp://lab-01:8786"
    monkeypatch.setenv(ENV, "tcp://10.1.2.3:8786")
    for project in (local, on_lab):
        engine = snippet_project(project).engine
        assert (engine.executor, engine.scheduler, engine.scheduler_source) == ("dask", "tcp://10.1.2.3:8786", ENV)


def test_a_malformed_address_in_the_environment_fails_the_runs_with_one_line(tmp_path):
    (tmp_path / "snippets").mkdir()
    engine = SnippetEngine(EngineSettings(tmp_path, tmp_path / ".cache", progress=False, executor="dask",
                                          scheduler="lab-01:8786", scheduler_source=ENV))
    try:
        (result,) = engine.results((snippet("print(1)\n"),))
    finally:
        engine.close()
    assert result.failure.whole_build
    assert result.failure.message == f'{ENV}: expected a dask scheduler address like tcp://HOST:PORT, got "lab-01:8786"'


def test_a_local_build_never_imports_dask(tmp_path):
    (tmp_path / "snippets").mkdir()
    code = ("import sys\nfrom pathlib import Path\n"
            "from syllabuild.snippets.engine import EngineSettings, SnippetEngine\n"
            "from syllabuild.snippets.model import Location, Snippet\n"
            f"root = Path({str(tmp_path)!r})\n"
            "engine = SnippetEngine(EngineSettings(root, root / '.cache', progress=False, preload=()))\n"
            "print(engine.results((Snippet('print(6 * 7)', Location('a.md', 1)),))[0].stdout.strip())\n"
            "engine.close()\n"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('dask', 'distributed')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split("\n")[:2] == ["42", "[]"], done.stderr
