"""What the MkDocs plugin calls: find notebooks, run them on the snippet engine, add their pages."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import posixpath
import tempfile
from concurrent.futures import Future
from pathlib import Path

from syllabuild.i18n.messages import messages_for
from syllabuild.notebooks.execute import (NotebookError, executed_json, merge_results, plan_notebook,
                                          read_notebook)
from syllabuild.notebooks.model import ExecutedNotebook, NotebookPlan
from syllabuild.notebooks.site import (NotebookPage, colab_url, download_copy, find_notebooks,
                                       notebook_pages, notebook_title, with_links)
from syllabuild.snippets.project import project_from_config

log = logging.getLogger("mkdocs.plugins.syllabuild.notebooks")

EXECUTED_DIR = "notebooks/pages"
"""Under the cache folder: the executed copies that mkdocs-jupyter renders."""


class NotebookService:
    """One build's notebooks: released ones become pages, executed through the snippet engine."""

    def __init__(self, project_dir: Path, cache_dir: Path, pages: list[NotebookPage],
                 withheld: list[str], plans: dict[str, NotebookPlan], problems: list[str]) -> None:
        self.project_dir = project_dir
        self.cache_dir = cache_dir
        self.pages = pages
        self.withheld = withheld
        self.plans = plans
        self.problems = problems
        self.futures: dict[str, Future] = {}

    @classmethod
    def discover(cls, plugin_config, project_dir: Path, syllabus, now: dt.datetime | None = None,
                 execute: bool = True) -> NotebookService:
        """Find and read the notebooks and plan their runs; nothing executes yet."""
        project = project_from_config(plugin_config, project_dir, progress=False)
        now = now or dt.datetime.now(dt.timezone.utc)
        sources = find_notebooks(syllabus, project_dir, plugin_config.lectures_dir)
        pages = notebook_pages(sources, plugin_config.lectures_dir, now)
        shown = {page.source.path for page in pages}
        withheld = [source.path for source in sources if source.path not in shown]
        plans, problems = {}, []
        execute = execute and plugin_config.snippets.execute
        for page in pages:
            try:
                notebook = read_notebook(project_dir / page.source.path, page.source.path)
            except NotebookError as error:
                problems.append(str(error))
                continue
            plans[page.source.path] = plan_notebook(page.source, notebook, project_dir,
                                                    project.sources.defaults, execute)
        pages = [page for page in pages if page.source.path in plans]
        return cls(project_dir, project.cache_dir, pages, withheld, plans, problems)

    def page_links(self) -> dict[str, str | None]:
        """Repository path → docs page of each notebook; None for a solution not yet released."""
        links: dict[str, str | None] = {path: None for path in self.withheld}
        links.update({page.source.path: page.page for page in self.pages})
        return links

    def nav(self, lang: str = "en") -> list:
        """A nav section listing the notebook pages, titled in `lang` (empty when there are none)."""
        if not self.pages:
            return []
        entries = [{notebook_title(self.plans[p.source.path].notebook, p.page): p.page} for p in self.pages]
        return [{messages_for(lang)("Notebooks"): entries}]

    def submit(self, engine) -> None:
        """Queue every notebook that executes on `engine` (the snippet engine; None: execution is off)."""
        if engine is None:
            return
        for path, plan in self.plans.items():
            if plan.execute:
                self.futures[path] = engine.submit(plan.run)

    def executed(self) -> list[tuple[NotebookPage, ExecutedNotebook]]:
        """Every page with its executed notebook (waits for the runs); logs problems and failures."""
        for problem in self.problems:
            log.warning("%s", problem)
        done = []
        ran = failed = 0
        for page in self.pages:
            plan = self.plans[page.source.path]
            future = self.futures.get(page.source.path)
            if plan.execute and future is None:
                plan = NotebookPlan(plan.source, plan.notebook, False, problems=plan.problems)
            executed = merge_results(plan, future.result() if future is not None else ())
            for problem in executed.problems:
                log.warning("%s", problem)
            for failure in executed.failures:
                log.warning("%s\n%s", failure, failure.traceback)
            ran += executed.ran
            failed += bool(executed.failures)
            done.append((page, executed))
        if ran:
            log.info("notebooks: %d run, %d from cache, %d failed", ran, len(done) - ran, failed)
        return done

    def add_files(self, files, config, repo_url: str = "", editions: tuple[tuple[str, str], ...] = (("en", ""),)):
        """Add each notebook page (its executed copy) and its download to MkDocs' `files`.

        Args:
            editions: (language, folder) of each site language, the default (folder "") first;
                every language gets its own page, whose buttons are in that language.
        """
        from mkdocs.structure.files import File

        for page, executed in self.executed():
            download = File.generated(config, page.download, content=_dumps(download_copy(
                self.plans[page.source.path].notebook, page.source)))
            # The page's URL as mkdocs-jupyter gives it: that of a Markdown page at the same path.
            url = File.generated(config, page.page[: -len(".ipynb")] + ".md", content="").url
            base = url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)
            # Every language folder mirrors the site, so the same relative link finds its download.
            link = posixpath.relpath(download.url, base or ".")
            for lang, folder in editions:
                shown = ExecutedNotebook(executed.source, with_links(executed.notebook, link,
                                                                      colab_url(repo_url, page.source.path), messages_for(lang)))
                self._write(folder + page.page, executed_json(shown))
                # A file under a source folder rather than File.generated: mkdocs-jupyter finds the
                # notebook through `src_dir`, which generated files lack.
                files.append(File(folder + page.page, src_dir=str(self.cache_dir / EXECUTED_DIR),
                                  dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls))
            files.append(download)
        return files

    def _write(self, page: str, text: str) -> Path:
        """The executed copy on disk (mkdocs-jupyter reads files); rewritten only when it changed."""
        path = self.cache_dir / EXECUTED_DIR / page
        try:
            if path.read_text(encoding="utf-8") == text:
                return path
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, staging = tempfile.mkstemp(prefix=".", suffix=".ipynb", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(staging, path)
        return path


def _dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
