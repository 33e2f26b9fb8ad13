"""Lecture notebooks: executed on the snippet engine (one notebook = one session), rendered to Markdown pages with nbconvert."""

from syllabuild.notebooks.execute import NotebookError, merge_results, plan_notebook, read_notebook
from syllabuild.notebooks.model import CellFailure, ExecutedNotebook, NotebookPlan, NotebookSource, Role
from syllabuild.notebooks.site import NotebookPage, colab_url, find_notebooks, notebook_pages

__all__ = [
    "CellFailure", "ExecutedNotebook", "NotebookError", "NotebookPage", "NotebookPlan", "NotebookSource", "Role",
    "colab_url", "find_notebooks", "merge_results", "notebook_pages", "plan_notebook", "read_notebook",
]
