"""A cold build's warm pool, started before the build plans its pages.

A build that runs snippets waits for the pool's warm-up (importing torch and matplotlib and
rehearsing their first use: about two seconds on two cores) after it has planned its pages, half
a second in. When the snippet cache holds no result — a first build, a CI runner without a
restored cache — every snippet will run, so the pool starts at once instead, warmed for what the
course's code imports: the fences of every page under `lectures/` and `docs/` (with the snippet
files they name) and every notebook there, read as `preload: auto` reads the runs (`ast`, no
import), so it is what the build would have preloaded, and a little more where a page is not
published yet. The build's engine takes the pool over (`engine.start_early`) and keeps it.

With results in the cache nothing is started early: such a build usually runs nothing, or the few
runs that changed, whose imports are known only once the pages are planned. Only the local pool
is started so; a build on a cluster connects when it knows its runs.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from syllabuild.notebooks.cells import prelude
from syllabuild.project import Project
from syllabuild.snippets.engine import start_early
from syllabuild.snippets.fences import find_blocks, group_runs
from syllabuild.snippets.preload import code_imports, plan_warmup
from syllabuild.snippets.project import snippet_project

__all__ = ["cache_has_results", "start_pool_early"]

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")


def cache_has_results(cache_dir: Path) -> bool:
    """Whether the snippet cache under `cache_dir` (the project's `cache_dir`) holds any result."""
    folder = cache_dir / "snippets"
    try:
        return any(not entry.name.startswith(".") for entry in folder.iterdir())
    except OSError:
        return False


def start_pool_early(project: Project) -> bool:
    """Start the warm pool of a build whose snippet cache is empty; True if one was started."""
    snippets = snippet_project(project)
    engine = snippets.engine
    if not project.settings.snippets.execute or engine.executor != "local" or cache_has_results(engine.cache_dir):
        return False
    import_dirs = [str(engine.project_dir.resolve() / engine.snippets_dir)]
    runs = _course_runs(project, snippets, import_dirs)
    if not runs:
        return False
    from syllabuild.snippets.pool import WarmPool, plan_workers

    workers, threads = plan_workers(engine.workers)
    warmup = plan_warmup(engine.preload, runs, workers, import_dirs, str(engine.project_dir.resolve()),
                         snippets.sources.defaults.timeout)
    if not warmup.modules:
        return False  # nothing to import ahead: the pool starts in a moment, when the runs are known
    log.debug("no cached snippet results: the pool starts now, preloading %s", ", ".join(warmup.modules))
    start_early(engine, WarmPool(workers, threads, warmup))
    return True


def _course_runs(project: Project, snippets, import_dirs: list[str]) -> list[frozenset[str]]:
    """The imports of each run the course's pages and notebooks may hold (unreadable ones are left to the build)."""
    layout = project.layout
    seen: dict = {}
    runs: list[frozenset[str]] = []
    folders = dict.fromkeys(folder.resolve() for folder in (layout.lectures_dir, layout.docs_dir) if folder.is_dir())
    for folder in folders:
        for page in sorted(folder.rglob("*.md")):
            try:
                text = page.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if "```" not in text and "~~~" not in text:
                continue
            blocks = find_blocks(text, layout.relative(page), snippets.sources)
            for run in group_runs([block.snippet for block in blocks if block.snippet is not None]):
                dirs = import_dirs + ([str(run[0].source_file.parent)] if run[0].source_file is not None else [])
                runs.append(code_imports((snippet.code for snippet in run), dirs, seen))
        for notebook in sorted(folder.rglob("*.ipynb")):
            if ".ipynb_checkpoints" in notebook.parts:
                continue
            try:
                cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells") or []
                codes = ["".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
                         for cell in cells if cell.get("cell_type") == "code"]
            except (OSError, ValueError, AttributeError, KeyError, TypeError):
                continue
            if codes:
                runs.append(code_imports([prelude("IPython" in "".join(codes)), *codes],
                                         [str(notebook.parent), *import_dirs], seen))
    return runs
