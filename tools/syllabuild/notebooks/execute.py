"""One notebook = one engine session: plan the run, then merge the cells' results into a copy."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path

from syllabuild.notebooks.cells import cell_code, prelude
from syllabuild.notebooks.model import CellFailure, ExecutedNotebook, NotebookPlan, NotebookSource
from syllabuild.notebooks.outputs import cell_outputs
from syllabuild.snippets.fences import normalize_code
from syllabuild.snippets.model import Failure, Location, Snippet, SnippetOptions, SnippetResult, Status
from syllabuild.snippets.options import apply_options

EXPECTED_TAG = "raises-exception"
"""Cell tag (the one nbclient knows) for a cell that must raise."""
_SETTINGS = ("execute", "timeout", "memory", "figures", "gpu")


class NotebookError(Exception):
    """A notebook file that cannot be read as a notebook."""


def read_notebook(path: Path, relpath: str) -> dict:
    """The notebook as nbformat 4 JSON; older formats are converted."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise NotebookError(f"{relpath}: not a readable notebook: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells", data.get("worksheets")), list):
        raise NotebookError(f"{relpath}: not a notebook: expected a JSON object with 'cells', got something else")
    if data.get("nbformat", 4) < 4:
        import nbformat

        data = json.loads(nbformat.writes(nbformat.convert(nbformat.reads(json.dumps(data), as_version=3), 4)))
    return data


def plan_notebook(source: NotebookSource, notebook: dict, project_dir: Path,
                  defaults: SnippetOptions, execute: bool = True) -> NotebookPlan:
    """The session for `notebook`: pure, so its cache keys are known before anything runs."""
    settings = (notebook.get("metadata") or {}).get("syllabuild") or {}
    problems = []
    if not isinstance(settings, dict):
        problems.append(f"{source.path}: metadata.syllabuild: expected a mapping like {{execute: false}}, "
                        f"got {settings!r}")
        settings = {}
    unknown = sorted(set(settings) - set(_SETTINGS))
    for key in unknown:
        problems.append(f"{source.path}: metadata.syllabuild.{key}: unknown setting, expected one of "
                        f"{', '.join(_SETTINGS)}")
    if settings.get("execute", True) is False or not execute:
        return NotebookPlan(source, notebook, False, problems=tuple(problems))
    options, option_problems = apply_options(
        replace(defaults, figures="png"),
        {key: str(value) for key, value in settings.items() if key in _SETTINGS and key != "execute"})
    problems.extend(f"{source.path}: metadata.syllabuild.{message}" for message in option_problems)
    absolute = (project_dir / source.path).resolve()
    codes, cells = [], []
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        code = cell_code(_text(cell.get("source", "")))
        if code:
            codes.append(code)
            cells.append(index)
    setup = prelude(any("IPython" in code for code in codes))
    run = [Snippet(setup, Location(source.path, 0), options, source.path, absolute)]
    for code, index in zip(codes, cells):
        cell_options = options
        if EXPECTED_TAG in ((notebook["cells"][index].get("metadata") or {}).get("tags") or ()):
            cell_options = replace(options, raises="BaseException")
        run.append(Snippet(code, Location(source.path, index + 1), cell_options, source.path, absolute))
    return NotebookPlan(source, notebook, True, tuple(run), tuple(cells), tuple(problems))


def merge_results(plan: NotebookPlan, results: tuple[SnippetResult, ...] = ()) -> ExecutedNotebook:
    """A copy of the notebook with each cell's outputs, plus the failures to report."""
    if not plan.execute:
        return ExecutedNotebook(plan.source, plan.notebook, problems=plan.problems)
    notebook = copy.deepcopy(plan.notebook)
    for cell in notebook["cells"]:
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    failures, problems = [], list(plan.problems)
    setup = results[0]
    if not setup.ok and setup.failure.whole_build:  # no cell ran: one line, not one per cell
        failure = CellFailure(plan.source.path, 0, 0, setup.failure.message, "", whole_build=True)
        return ExecutedNotebook(plan.source, notebook, failures=(failure,), problems=tuple(problems))
    if not setup.ok:
        failures.append(CellFailure(plan.source.path, 0, 0, f"notebook setup failed: {setup.failure.message}",
                                    setup.failure.message))
    for number, (index, result) in enumerate(zip(plan.cells, results[1:]), 1):
        if result.status is Status.SKIPPED:
            break
        traceback = None
        if result.failure is not None:
            traceback = format_traceback(result.failure, plan)
            if not result.ok:
                failures.append(CellFailure(plan.source.path, index + 1, _failed_line(result.failure, number),
                                            result.failure.message, "\n".join(traceback)))
        cell = notebook["cells"][index]
        cell["execution_count"] = number
        cell["outputs"] = cell_outputs(result, number, traceback)
        for figure_number, figure in enumerate(result.figures, 1):
            if not figure.alt:
                problems.append(f"{plan.source.path}: cell {index + 1}: figure {figure_number} has no alternative "
                                "text: give the figure a title, axis labels or a legend")
    ran = any(not result.cached for result in results)
    return ExecutedNotebook(plan.source, notebook, tuple(failures), tuple(problems), ran)


def format_traceback(failure: Failure, plan: NotebookPlan) -> list[str]:
    """IPython-style lines (`Cell 4 (In [2]), line 3, in <module>`) for the author's frames only."""
    lines = []
    if failure.frames:
        lines.append("Traceback (most recent call last):")
        for frame in failure.frames:
            if frame.block < 0:
                lines.append(f'  File "{frame.path}", line {frame.line}, in {frame.name}')
            elif frame.block == 0:
                lines.append(f"  notebook setup, line {frame.line}, in {frame.name}")
            else:
                cell = plan.cells[frame.block - 1] + 1
                lines.append(f"  Cell {cell} (In [{frame.block}]), line {frame.line}, in {frame.name}")
            source = _cell_line(plan, frame.block, frame.line) if frame.block > 0 else frame.source
            if source:
                lines.append(f"    {source}")
    lines.append(failure.message)
    return lines


def _failed_line(failure: Failure, block: int) -> int:
    """The line in the failing cell itself (its innermost frame there), else 1."""
    lines = [frame.line for frame in failure.frames if frame.block == block]
    return lines[-1] if lines else 1


def _cell_line(plan: NotebookPlan, block: int, line: int) -> str:
    """The author's own line (the run has the last expression and magics rewritten)."""
    lines = normalize_code(_text(plan.notebook["cells"][plan.cells[block - 1]].get("source", ""))).split("\n")
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)
