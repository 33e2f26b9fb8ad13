"""Which notebooks become site pages, and where: pure functions, no MkDocs."""

from __future__ import annotations

import copy
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from syllabuild.notebooks.model import NotebookSource, Role
from syllabuild.schedule.release import ReleasePolicy

PAGE_DIR = "notebooks"
"""Notebook pages live under this folder of the site."""
_GITHUB = re.compile(r"^https?://github\.com/(?P<owner>[^/]+)/(?P<repo>[^/]+?)(?:\.git)?/?$")


@dataclass(frozen=True)
class NotebookPage:
    """Where one notebook appears on the site."""

    source: NotebookSource
    page: str
    """Docs path of the rendered page, e.g. `notebooks/tutorial-01-tensors-autograd.ipynb`."""
    download: str
    """Docs path of the downloadable copy, e.g. `notebooks/tutorial-01-tensors-autograd/tutorial-….ipynb`."""


def find_notebooks(syllabus, project_dir: Path, lectures_dir: str) -> list[NotebookSource]:
    """Notebooks the syllabus lists (exercise links) and every notebook in `lectures_dir` but drafts.

    A listed notebook waits for the later of its exercise's and its link's release.
    """
    found: dict[str, NotebookSource] = {}
    drafts: set[str] = set()
    for lecture in syllabus.lectures if syllabus is not None else ():
        for exercise in lecture.exercises:
            for link in exercise.materials:
                if not _is_local_notebook(link.url, project_dir):
                    continue
                if exercise.status == "draft" or link.status == "draft":
                    drafts.add(link.url)  # never a page, not even as a notebook of lectures_dir
                    continue
                role = Role.SOLUTION if link.kind == "solution" else Role.EXERCISE
                moments = [moment for moment in (exercise.release, link.release) if moment]
                # Naive moments are course time; an offset's few hours do not decide which is later here.
                release = max(moments, key=lambda moment: moment.replace(tzinfo=None)) if moments else None
                found.setdefault(link.url, NotebookSource(link.url, role, release))
    folder = project_dir / lectures_dir
    for path in sorted(folder.rglob("*.ipynb")) if folder.is_dir() else ():
        if ".ipynb_checkpoints" in path.parts:
            continue
        relpath = path.relative_to(project_dir).as_posix()
        if relpath not in drafts:
            found.setdefault(relpath, NotebookSource(relpath))
    return sorted(found.values(), key=lambda source: source.path)


def notebook_pages(sources: list[NotebookSource], lectures_dir: str, policy: ReleasePolicy) -> list[NotebookPage]:
    """The pages of the released notebooks; a notebook in `lectures_dir` keeps its sub-path there."""
    pages = []
    for source in sources:
        if not policy.visible(source.release):
            continue
        inside = posixpath.relpath(source.path, lectures_dir)
        name = inside if not inside.startswith("..") else source.path
        stem = name[: -len(".ipynb")]
        page = f"{PAGE_DIR}/{name}"
        pages.append(NotebookPage(source, page, f"{PAGE_DIR}/{stem}/{posixpath.basename(name)}"))
    return pages


def colab_url(repo_url: str, path: str, branch: str = "main") -> str:
    """`https://colab.research.google.com/github/<owner>/<repo>/blob/main/<path>`, or '' off GitHub."""
    match = _GITHUB.match(repo_url or "")
    if not match:
        return ""
    return f"https://colab.research.google.com/github/{match['owner']}/{match['repo']}/blob/{branch}/{path}"


def notebook_title(notebook: dict, fallback: str) -> str:
    """The first `# Heading` of a Markdown cell, as the nav shows it."""
    for cell in notebook.get("cells", ()):
        if cell.get("cell_type") != "markdown":
            continue
        for line in _text(cell.get("source", "")).splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    return fallback


def download_copy(notebook: dict, source: NotebookSource) -> dict:
    """What readers download: the repository's notebook, without outputs for an exercise."""
    if source.role is not Role.EXERCISE:
        return notebook
    stripped = copy.deepcopy(notebook)
    for cell in stripped.get("cells", ()):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return stripped


def _is_local_notebook(target: str | None, project_dir: Path) -> bool:
    return bool(target) and "://" not in target and target.endswith(".ipynb") and (project_dir / target).is_file()


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)
