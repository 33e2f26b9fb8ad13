"""What the snippet engine needs from a project: sources, defaults and engine settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from syllabuild.project import Project
from syllabuild.project.settings import SCHEDULER_ENV
from syllabuild.snippets.engine import EngineSettings
from syllabuild.snippets.fences import SnippetSources
from syllabuild.snippets.model import SnippetOptions
from syllabuild.sizes import parse_size

__all__ = ["SnippetProject", "snippet_project"]


@dataclass(frozen=True)
class SnippetProject:
    project_dir: Path
    snippets_dir: str
    lectures_dir: str
    cache_dir: Path
    sources: SnippetSources
    engine: EngineSettings


def snippet_project(project: Project, *, progress: bool = True) -> SnippetProject:
    """The snippet side of `project` (its `snippets:` settings and folders)."""
    layout, snippets = project.layout, project.settings.snippets
    defaults = SnippetOptions(timeout=float(snippets.timeout), memory=parse_size(snippets.memory),
                              figures=snippets.figures, max_output=parse_size(snippets.max_output))
    snippets_dir = layout.relative(layout.snippets_dir)
    executor, scheduler, source = snippets.executor, snippets.scheduler or "", "snippets.scheduler in mkdocs.yml"
    if os.environ.get(SCHEDULER_ENV, "").strip():  # CI points at a cluster without editing files
        executor, scheduler, source = "dask", os.environ[SCHEDULER_ENV].strip(), SCHEDULER_ENV
    engine = EngineSettings(layout.root, layout.cache_dir, snippets_dir, snippets.workers, snippets.seed,
                            progress and snippets.progress, snippets.preload, executor, scheduler, source)
    return SnippetProject(layout.root, snippets_dir, layout.relative(layout.lectures_dir), layout.cache_dir,
                          SnippetSources(layout.root, snippets_dir, defaults), engine)
