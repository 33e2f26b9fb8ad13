"""pytest plugin: every snippet file in `snippets/` and every marked block in `lectures/*.md` is a test.

Items run on the same engine and cache as the site build, so a passing build and a passing
`make test` prove the same thing. Items are named by line: `lectures/03-mlp.md::line 42`.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from syllabuild.snippets.engine import SnippetEngine
from syllabuild.snippets.fences import find_blocks, group_runs, snippet_from_file
from syllabuild.snippets.model import Snippet, SnippetError, SnippetResult
from syllabuild.project import ProjectError, default_project, load_project
from syllabuild.snippets.project import SnippetProject, snippet_project
from syllabuild.snippets.render import failure_location, format_traceback

# Notebooks in lectures/ are collected too, one item per notebook, on this module's engine.
pytest_plugins = ["syllabuild.notebooks.pytest_plugin"]

_PROJECT = pytest.StashKey[object]()
_ENGINE = pytest.StashKey[SnippetEngine]()
_LEFT = pytest.StashKey[int]()


class SnippetFailed(Exception):
    """A snippet did not succeed; carries what `repr_failure` shows."""

    def __init__(self, result: SnippetResult, run: tuple[Snippet, ...], index: int) -> None:
        super().__init__(result.failure.message if result.failure else result.status.value)
        self.result, self.run, self.index = result, run, index


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "snippet: a course snippet executed by syllabuild")


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    collectors = yield
    project = _project(parent.config)
    folder = file_path.parent
    if (file_path.suffix == ".py" and folder == project.project_dir / project.snippets_dir
            and not file_path.name.startswith(("_", "test_", "conftest"))):
        # pytest's python plugin makes a Module of every `.py` file named on the command line (and
        # of any that matches `python_files`, `--doctest-modules` too); collecting a Module imports
        # the file, which would run the snippet inside pytest without the engine's limits and
        # isolation. A snippet file is only ever a SnippetFile.
        others = [collector for collector in collectors if not isinstance(collector, pytest.Module)]
        return [*others, SnippetFile.from_parent(parent, path=file_path)]
    if file_path.suffix == ".md" and folder == project.project_dir / project.lectures_dir:
        return [*collectors, LectureSnippets.from_parent(parent, path=file_path)]
    return collectors


def pytest_collection_finish(session: pytest.Session) -> None:
    """Queue every collected snippet at once, so the warm workers run them in parallel."""
    items = [item for item in session.items if isinstance(item, SnippetItem)]
    if not items:
        return
    engine = _engine(session.config)
    session.config.stash[_LEFT] = len(items)
    for run in dict.fromkeys(item.run for item in items):
        engine.submit(run)


def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Stop the warm workers after the last snippet, so they do not sit through the other tests."""
    if isinstance(item, SnippetItem) and _LEFT in item.config.stash:
        item.config.stash[_LEFT] -= 1
        if item.config.stash[_LEFT] == 0:
            _engine(item.config).close()


def pytest_unconfigure(config: pytest.Config) -> None:
    engine = config.stash.get(_ENGINE, None)
    if engine is not None:
        engine.progress.finish()
        engine.close()


class SnippetItem(pytest.Item):
    def __init__(self, *, run: tuple[Snippet, ...], index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.run, self.index = run, index
        self.add_marker("snippet")

    @property
    def snippet(self) -> Snippet:
        return self.run[self.index]

    def runtest(self) -> None:
        result = _engine(self.config).results(self.run)[self.index]
        if not result.ok:
            raise SnippetFailed(result, self.run, self.index)

    def repr_failure(self, excinfo, style=None) -> str:
        if not isinstance(excinfo.value, SnippetFailed):
            return super().repr_failure(excinfo)
        result, run, index = excinfo.value.result, self.run, self.index
        lines = [f"{failure_location(result.failure, run, index)}: {result.failure.message}", "",
                 format_traceback(result.failure, run)]
        for name, text in (("stdout", result.stdout), ("stderr", result.stderr)):
            if text:
                lines += ["", f"--- {name} ---", text.rstrip()]
        return "\n".join(lines)

    def reportinfo(self):
        return self.path, self.snippet.location.line - 1, f"{self.snippet.location}"


class BrokenMarkupItem(pytest.Item):
    """A block whose options cannot be read fails as its own test."""

    def __init__(self, *, problem: SnippetError, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise self.problem

    def repr_failure(self, excinfo, style=None) -> str:
        return str(excinfo.value)


class SnippetFile(pytest.File):
    def collect(self):
        project = _project(self.config)
        try:
            snippet = snippet_from_file(self.path, project.sources)
        except SnippetError as problem:
            yield BrokenMarkupItem.from_parent(self, name="line 1", problem=problem)
            return
        yield SnippetItem.from_parent(self, name=f"line {snippet.location.line}", run=(snippet,), index=0)


class LectureSnippets(pytest.File):
    def collect(self):
        project = _project(self.config)
        relpath = self.path.relative_to(project.project_dir).as_posix()
        blocks = find_blocks(self.path.read_text(encoding="utf-8"), relpath, project.sources)
        runs = {id(s): (run, i) for run in group_runs([b.snippet for b in blocks if b.snippet]) for i, s in enumerate(run)}
        for block in blocks:
            name = f"line {block.start + 1}"
            if block.snippet is None:
                yield BrokenMarkupItem.from_parent(self, name=name, problem=block.problem)
                continue
            run, index = runs[id(block.snippet)]
            yield SnippetItem.from_parent(self, name=name, run=run, index=index)


def _project(config: pytest.Config) -> SnippetProject:
    """The project at pytest's rootdir, or the nearest folder above it with a mkdocs.yml (pytest
    roots a run without an ini file at the folder of the paths it is given: `pytest /abs/snippets/x.py`
    from elsewhere). Fixture projects deeper in `tests/` are never collected."""
    if _PROJECT not in config.stash:
        root = next((folder for folder in (config.rootpath, *config.rootpath.parents)
                     if (folder / "mkdocs.yml").is_file()), config.rootpath)
        config_file = root / "mkdocs.yml"
        try:
            project = load_project(config_file) if config_file.is_file() else default_project(root)
        except ProjectError as error:
            # A broken mkdocs.yml is the build's to report; the snippets still run with defaults.
            warnings.warn(pytest.PytestConfigWarning(f"{error}; running snippets with default settings"))
            project = default_project(root)
        config.stash[_PROJECT] = snippet_project(project, progress=False)
    return config.stash[_PROJECT]


def _engine(config: pytest.Config) -> SnippetEngine:
    if _ENGINE not in config.stash:
        config.stash[_ENGINE] = SnippetEngine(_project(config).engine)
    return config.stash[_ENGINE]
