"""`make test` runs every notebook in lectures/: one item per notebook, failing at the right cell."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

pytest_plugins = ["pytester"]


def test_notebooks_are_items_and_a_broken_one_fails_at_its_cell(pytester: pytest.Pytester):
    pytester.makefile(".yml", mkdocs="site_name: T\nplugins:\n  - syllabuild:\n      snippets:\n        workers: 2\n")
    lectures = pytester.mkdir("lectures")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Fine"), new_code_cell("print('ok')")]),
                   lectures / "fine.ipynb")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Broken"), new_code_cell("import math"),
                                       new_code_cell("a = 1\nb = math.sqrt(-a)\nprint(b)")]),
                   lectures / "broken.ipynb")
    nbformat.write(new_notebook(cells=[new_code_cell("raise SystemExit")], metadata={"syllabuild": {"execute": False}}),
                   lectures / "shown-as-committed.ipynb")

    collected = pytester.runpytest("--collect-only", "-q", "lectures")
    collected.stdout.fnmatch_lines_random(["lectures/fine.ipynb::notebook", "lectures/broken.ipynb::notebook"])

    result = pytester.runpytest("lectures")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines([
        "lectures/broken.ipynb: cell 3, line 2: ValueError: math domain error",
        "",
        "    1 | a = 1",
        ">   2 | b = math.sqrt(-a)",
        "    3 | print(b)",
        "",
        "Traceback (most recent call last):",
        "  Cell 3 (In [2]), line 2, in <module>",
        "    b = math.sqrt(-a)",
        "ValueError: math domain error",
    ])
