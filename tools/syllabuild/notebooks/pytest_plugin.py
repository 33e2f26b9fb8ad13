"""pytest plugin part for notebooks: every notebook in `lectures/` is one test item.

It runs on the snippet plugin's engine and cache (`syllabuild.pytest_plugin`), so `make test` and
the site build agree. A failing notebook fails at its cell: `lectures/x.ipynb: cell 7, line 2`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabuild import pytest_plugin as snippets_plugin
from syllabuild.notebooks.execute import NotebookError, merge_results, plan_notebook, read_notebook
from syllabuild.notebooks.model import CellFailure, NotebookPlan, NotebookSource
from syllabuild.snippets.fences import normalize_code


class NotebookFailed(Exception):
    def __init__(self, failures: tuple[CellFailure, ...], plan: NotebookPlan) -> None:
        super().__init__(str(failures[0]))
        self.failures, self.plan = failures, plan


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "notebook: a course notebook executed by syllabuild")


def pytest_collect_file(file_path: Path, parent: pytest.Collector):
    if file_path.suffix != ".ipynb" or ".ipynb_checkpoints" in file_path.parts:
        return None
    project = snippets_plugin._project(parent.config)
    if project is None or not file_path.is_relative_to(project.project_dir / project.lectures_dir):
        return None
    return NotebookFile.from_parent(parent, path=file_path)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Queue every notebook at once, beside the snippets, so the warm workers stay busy."""
    items = [item for item in session.items if isinstance(item, NotebookItem) and item.plan.execute]
    if items and not session.config.option.collectonly:
        engine = snippets_plugin._engine(session.config)
        for item in items:
            engine.submit(item.plan.run)


class NotebookFile(pytest.File):
    def collect(self):
        project = snippets_plugin._project(self.config)
        relpath = self.path.relative_to(project.project_dir).as_posix()
        try:
            notebook = read_notebook(self.path, relpath)
        except NotebookError as error:
            yield BrokenNotebookItem.from_parent(self, name="notebook", problem=str(error))
            return
        plan = plan_notebook(NotebookSource(relpath), notebook, project.project_dir, project.sources.defaults)
        yield NotebookItem.from_parent(self, name="notebook", plan=plan)


class NotebookItem(pytest.Item):
    def __init__(self, *, plan: NotebookPlan, **kwargs) -> None:
        super().__init__(**kwargs)
        self.plan = plan
        self.add_marker("notebook")

    def runtest(self) -> None:
        if self.plan.problems:
            raise NotebookError("\n".join(self.plan.problems))
        if not self.plan.execute:
            pytest.skip("metadata.syllabuild.execute is false: the notebook is shown as committed")
        executed = merge_results(self.plan, snippets_plugin._engine(self.config).results(self.plan.run))
        if executed.failures:
            raise NotebookFailed(executed.failures, self.plan)

    def repr_failure(self, excinfo, style=None) -> str:
        if isinstance(excinfo.value, NotebookError):
            return str(excinfo.value)
        if not isinstance(excinfo.value, NotebookFailed):
            return super().repr_failure(excinfo)
        lines = []
        for failure in excinfo.value.failures:
            lines += [str(failure), ""]
            if failure.cell > 0:
                lines += _numbered_cell(self.plan.notebook["cells"][failure.cell - 1], failure.line) + [""]
            lines.append(failure.traceback)
        return "\n".join(lines)

    def reportinfo(self):
        return self.path, None, self.plan.source.path


class BrokenNotebookItem(pytest.Item):
    def __init__(self, *, problem: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise NotebookError(self.problem)

    def repr_failure(self, excinfo, style=None) -> str:
        return str(excinfo.value)


def _numbered_cell(cell: dict, failed: int) -> list[str]:
    """The cell's source with line numbers and a `>` at the failing line (as pytest shows code)."""
    source = cell.get("source", "")
    code = normalize_code("".join(source) if isinstance(source, list) else source)
    return [f"{'>' if number == failed else ' '} {number:3d} | {line}"
            for number, line in enumerate(code.split("\n"), 1) if line or number < failed]
