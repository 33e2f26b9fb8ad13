"""A notebook as one session on the engine: outputs per cell, errors at their cell and line, caching."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from syllabuild.notebooks import NotebookSource, merge_results, plan_notebook, read_notebook
from syllabuild.snippets.engine import EngineSettings, SnippetEngine
from syllabuild.snippets.model import SnippetOptions


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "lectures").mkdir()
    return tmp_path


@pytest.fixture
def engine(project: Path, warm_pool) -> SnippetEngine:
    engine = SnippetEngine(EngineSettings(project, project / ".cache", progress=False), pool=warm_pool)
    yield engine
    engine.close()


def write(project: Path, *cells, name: str = "nb.ipynb") -> str:
    notebook = new_notebook(cells=list(cells))
    nbformat.write(notebook, project / "lectures" / name)
    return f"lectures/{name}"


def execute(engine: SnippetEngine, project: Path, path: str):
    plan = plan_notebook(NotebookSource(path), read_notebook(project / path, path), project, SnippetOptions())
    engine.begin_build()
    return merge_results(plan, engine.results(plan.run))


def outputs(executed, cell: int) -> list[dict]:
    return executed.notebook["cells"][cell]["outputs"]


def test_cells_share_one_session_and_show_what_jupyter_shows(engine, project):
    path = write(project,
                 new_markdown_cell("# Title"),
                 new_code_cell("%matplotlib inline\nx = 21\nprint('printed')\nx * 2"),
                 new_code_cell("x  # a later cell sees earlier names;"),
                 new_code_cell("x;"),
                 new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\ndisplay('shown')"),
                 new_code_cell("class Page:\n    def _repr_html_(self):\n        return '<i>rich</i>'\nPage()"))
    executed = execute(engine, project, path)
    assert executed.failures == ()
    assert outputs(executed, 1) == [
        {"output_type": "stream", "name": "stdout", "text": "printed\n"},
        {"output_type": "execute_result", "execution_count": 1, "data": {"text/plain": "42"}, "metadata": {}}]
    assert outputs(executed, 2)[0]["data"] == {"text/plain": "21"}
    assert outputs(executed, 3) == []  # a trailing `;` hides the value, as in Jupyter
    shown, figure = outputs(executed, 4)
    assert shown["data"] == {"text/plain": "'shown'"} and "image/png" in figure["data"]
    assert outputs(executed, 5)[0]["data"]["text/html"] == "<i>rich</i>"
    assert [cell.get("execution_count") for cell in executed.notebook["cells"]] == [None, 1, 2, 3, 4, 5]


def test_a_failing_cell_is_reported_at_its_cell_and_line_and_later_cells_do_not_run(engine, project):
    path = write(project,
                 new_markdown_cell("# Title"),
                 new_code_cell("def divide(a):\n    return a / 0"),
                 new_code_cell("{}['key']", metadata={"tags": ["raises-exception"]}),
                 new_code_cell("y = 1\ndivide(y)\nprint('unreachable')"),
                 new_code_cell("print('never')"))
    executed = execute(engine, project, path)
    (failure,) = executed.failures
    assert str(failure) == "lectures/nb.ipynb: cell 4, line 2: ZeroDivisionError: division by zero"
    assert failure.traceback.splitlines() == [
        "Traceback (most recent call last):",
        "  Cell 4 (In [3]), line 2, in <module>",
        "    divide(y)",
        "  Cell 2 (In [1]), line 2, in divide",
        "    return a / 0",
        "ZeroDivisionError: division by zero"]
    assert outputs(executed, 2)[0]["ename"] == "KeyError"  # expected: shown, not a failure
    assert outputs(executed, 3)[-1]["output_type"] == "error"
    assert outputs(executed, 4) == []


def test_a_cell_tagged_to_raise_fails_when_it_does_not(engine, project):
    path = write(project, new_code_cell("1 + 1", metadata={"tags": ["raises-exception"]}))
    (failure,) = execute(engine, project, path).failures
    assert failure.cell == 1 and "expected BaseException to be raised" in failure.message


def test_markdown_edits_never_rerun_but_the_files_cells_read_do(engine, project):
    (project / "lectures" / "rate.txt").write_text("0.5")
    cells = [new_markdown_cell("# One"), new_code_cell("print(open('rate.txt').read())")]
    path = write(project, *cells)
    assert execute(engine, project, path).ran
    cells[0]["source"] = "# Two"
    write(project, *cells)
    again = execute(engine, project, path)
    assert not again.ran and "".join(again.notebook["cells"][0]["source"]) == "# Two"
    (project / "lectures" / "rate.txt").write_text("0.1")
    changed = execute(engine, project, path)
    assert changed.ran and outputs(changed, 1)[0]["text"] == "0.1\n"


def test_a_notebook_can_opt_out_and_keep_its_committed_outputs(engine, project):
    cell = new_code_cell("print(1)", outputs=[new_output("stream", name="stdout", text="kept\n")])
    notebook = new_notebook(cells=[cell], metadata={"syllabuild": {"execute": False}})
    nbformat.write(notebook, project / "lectures" / "kept.ipynb")
    path = "lectures/kept.ipynb"
    plan = plan_notebook(NotebookSource(path), read_notebook(project / path, path), project, SnippetOptions())
    assert not plan.execute and plan.run == ()
    assert "".join(merge_results(plan).notebook["cells"][0]["outputs"][0]["text"]) == "kept\n"


def test_unknown_settings_and_unreadable_files_are_named(project):
    notebook = json.loads(nbformat.writes(new_notebook(metadata={"syllabuild": {"exec": False, "timeout": "soon"}})))
    plan = plan_notebook(NotebookSource("lectures/a.ipynb"), notebook, project, SnippetOptions())
    assert plan.problems == (
        "lectures/a.ipynb: metadata.syllabuild.exec: unknown setting, expected one of execute, timeout, memory, figures, gpu",
        'lectures/a.ipynb: metadata.syllabuild.timeout: expected a number of seconds like "60", got "soon"')
    (project / "lectures" / "bad.ipynb").write_text("{not json")
    with pytest.raises(Exception, match="lectures/bad.ipynb: not a readable notebook"):
        read_notebook(project / "lectures" / "bad.ipynb", "lectures/bad.ipynb")


def test_a_figure_output_carries_what_the_figure_says_as_its_alt_text(engine, project):
    path = write(project,
                 new_code_cell("import matplotlib.pyplot as plt\nplt.plot([3, 1], label='train')\n"
                               "plt.title('Loss')\nplt.xlabel('epoch')\nplt.legend()"),
                 new_code_cell("plt.figure()\nplt.plot([1, 2])\nplt.show()"))
    executed = execute(engine, project, path)
    (titled,) = [o for o in outputs(executed, 0) if o["output_type"] == "display_data"]
    assert titled["metadata"] == {"alt": "Loss: epoch (train)"}
    (bare,) = outputs(executed, 1)
    # Nothing to say: no alt in the metadata (the page falls back to "Output of cell N"), and a warning.
    assert "image/png" in bare["data"] and bare["metadata"] == {}
    assert executed.problems == (f"{path}: cell 2: figure 1 has no alternative text: give the figure a title, "
                                 "axis labels or a legend",)
