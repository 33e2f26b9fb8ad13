"""Immutable values of the notebook stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from syllabuild.snippets.model import Snippet


class Role(str, Enum):
    """How a notebook is listed: a tutorial (any notebook in lectures/), an exercise or a solution."""

    TUTORIAL = "tutorial"
    EXERCISE = "exercise"
    SOLUTION = "solution"


@dataclass(frozen=True)
class NotebookSource:
    """A notebook of the project."""

    path: str
    """Relative to mkdocs.yml, e.g. `lectures/tutorial-01-tensors-autograd.ipynb`."""
    role: Role = Role.TUTORIAL
    release: dt.datetime | None = None
    """Solutions only: the moment the notebook joins the site."""


@dataclass(frozen=True)
class NotebookPlan:
    """What runs for one notebook: a setup snippet, then one snippet per non-empty code cell."""

    source: NotebookSource
    notebook: dict
    """The notebook as read (nbformat 4 JSON); never modified."""
    execute: bool
    """False when the notebook opts out (`metadata.syllabuild.execute: false`) or execution is off."""
    run: tuple[Snippet, ...] = ()
    cells: tuple[int, ...] = ()
    """Index in `notebook["cells"]` of each snippet of `run` after the setup snippet."""
    problems: tuple[str, ...] = ()
    """Unusable `metadata.syllabuild` settings, already located."""


@dataclass(frozen=True)
class CellFailure:
    """A cell that failed: where, what, and the traceback trimmed to the author's code."""

    notebook: str
    cell: int
    """1-based position among all the notebook's cells, as a reader counts them."""
    line: int
    """Line within the cell."""
    message: str
    traceback: str
    whole_build: bool = False
    """Nothing of the build could run (a refused cluster): the same message for every notebook."""

    def __str__(self) -> str:
        if self.whole_build:
            return self.message
        return f"{self.notebook}: cell {self.cell}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class ExecutedNotebook:
    """The notebook with fresh outputs (or as committed, when it does not execute)."""

    source: NotebookSource
    notebook: dict
    failures: tuple[CellFailure, ...] = ()
    problems: tuple[str, ...] = ()
    ran: bool = False
    """True when any cell ran now rather than coming from the cache."""


@dataclass(frozen=True)
class NotebookPageMarkdown:
    """A notebook page for the generated tree (`page_markdown.render_notebook_page`)."""

    markdown: str
    """The page's Markdown file, front matter included."""
    assets: dict[str, bytes]
    """Images the page shows (outputs, Markdown cell attachments): path relative to the Markdown
    file's folder (`tour_files/output_3_0.png`) -> bytes."""
