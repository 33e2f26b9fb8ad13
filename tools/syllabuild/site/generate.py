"""Generate: run what the plan asks and write the whole course as plain files, atomically.

Every edition becomes one complete docs folder of the generated tree (`site.tree`): generated
pages, hand-written pages with their executed blocks already rendered, notebooks rendered to
Markdown, figures, the calendar and the course's stylesheets. The tree is written beside the
previous one and swapped in only when complete, so a builder never reads a half-written tree.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import pickle
import posixpath
import shutil
import threading
from pathlib import Path

from syllabuild.atomic import replace_cache_file, staging_folder, swap_in
from syllabuild.i18n.messages import messages_for
from syllabuild.markers import outputs_marker
from syllabuild.notebooks.execute import merge_results
from syllabuild.notebooks.model import NotebookPageMarkdown, NotebookPlan
from syllabuild.notebooks.site import colab_url, download_copy
from syllabuild.pages.feed import FEED_PATH
from syllabuild.pages.text import localize, split_front_matter
from syllabuild.project import Project
from syllabuild.site.plan import EditionPlan, SitePlan, notebook_page_path
from syllabuild.site.tree import EditionTree, GeneratedTree
from syllabuild.snippets.service import SnippetService

__all__ = ["generate"]

log = logging.getLogger("mkdocs.plugins.syllabuild")
notebook_log = logging.getLogger("mkdocs.plugins.syllabuild.notebooks")


def generate(plan: SitePlan, project: Project, snippets: SnippetService) -> GeneratedTree:
    """Execute the plan's snippets and notebooks (through `snippets`' engine and cache) and write the tree.

    Returns:
        The tree at `project.layout.generated_dir`, replaced as a whole.
    """
    layout = project.layout
    docs_rel = layout.relative(layout.docs_dir)
    locations = {id(page): page.source or f"{docs_rel}/{edition.prefix}{page.path}"
                 for edition in plan.editions for page in edition.pages}
    # Queue every run before rendering any page, so the workers run them side by side.
    for edition in plan.editions:
        snippets.submit_pages((locations[id(page)], page.markdown) for page in edition.pages)
    futures = {}
    if snippets.engine is not None:
        futures = {path: snippets.engine.submit(p.run) for path, p in plan.notebooks.items() if p.execute}
    if any(not future.done() for future in futures.values()):
        # Their pages will be rendered anew, by nbconvert: import it (~0.4 s) while they run.
        threading.Thread(target=importlib.import_module, args=("syllabuild.notebooks.page_markdown",),
                         name="syllabuild-nbconvert-import", daemon=True).start()
    executed = {path: _executed(p, futures.get(path)) for path, p in plan.notebooks.items()}
    for problem in plan.problems:
        notebook_log.warning("%s", problem)

    final = layout.generated_dir
    with staging_folder(final) as staging:
        writer = _Writer(staging, previous=final if final.is_dir() else None)
        trees = [_write_edition(writer, edition, plan, project, snippets, locations, executed) for edition in plan.editions]
        tree = GeneratedTree(final, tuple(trees), writer.digest())
        GeneratedTree(staging, tree.editions, tree.digest).write()
        swap_in(staging, final)
    log.debug("generated tree: %d written, the other files as they were", writer.changed)
    snippets.finish()
    _report_notebooks(executed)
    return tree


def _write_edition(writer: _Writer, edition: EditionPlan, plan: SitePlan, project: Project, snippets: SnippetService,
                   locations: dict[int, str], executed: dict) -> EditionTree:
    folder = edition.lang
    for page in edition.pages:
        rendered = snippets.page_markdown(page.markdown, locations[id(page)], page.path)
        markdown = _with_outputs_hash(rendered.markdown, rendered.outputs) if rendered.outputs else rendered.markdown
        writer.text(f"{folder}/{page.path}", markdown)
        for name, data in rendered.assets.items():
            writer.bytes(f"{folder}/{name}", data)
    for file in edition.files:
        writer.copy(f"{folder}/{file.path}", file.source)
    for path, source in plan.assets:
        writer.copy(f"{folder}/{path}", source)
    writer.bytes(f"{folder}/{FEED_PATH}", plan.calendar)
    _write_notebooks(writer, edition, plan, project, executed)
    return EditionTree(
        lang=edition.lang,
        prefix=edition.prefix,
        direction=edition.direction,
        folder=folder,
        nav=edition.nav,
        extra_css=plan.extra_css,
        extra_javascript=plan.extra_javascript,
        theme_language=edition.theme_language,
        sources={page.path: page.source for page in edition.pages if page.source},
        site_name=localize(plan.syllabus.course.title, edition.lang, plan.syllabus.course.languages[0]),
    )


def _write_notebooks(writer: _Writer, edition: EditionPlan, plan: SitePlan, project: Project, executed: dict) -> None:
    for entry in edition.notebooks:
        page = entry.page
        notebook_plan: NotebookPlan = plan.notebooks[page.source.path]
        markdown_path = notebook_page_path(page.page)
        base = posixpath.dirname(markdown_path)
        stem = posixpath.splitext(posixpath.basename(markdown_path))[0]
        rendered = _notebook_page(
            executed[page.source.path].notebook,
            title=entry.title,
            download=posixpath.relpath(page.download, base or "."),
            colab=colab_url(project.layout.repo_url, page.source.path),
            lang=edition.lang,
            asset_prefix=f"{stem}_files",
            cache_dir=project.layout.cache_dir,
        )
        writer.text(f"{edition.lang}/{markdown_path}", rendered.markdown)
        for name, data in rendered.assets.items():
            writer.bytes(f"{edition.lang}/{posixpath.join(base, name)}", data)
        writer.text(f"{edition.lang}/{page.download}", _dumps(download_copy(notebook_plan.notebook, page.source)))


# Rendered notebook pages of this process, by everything the rendering reads: `serve` rebuilds
# re-render only the notebooks whose outputs (or title, links, language) changed.
_NOTEBOOK_PAGES: dict[str, object] = {}
_NOTEBOOK_PAGES_KEPT = 64
NOTEBOOK_PAGES_DIR = "notebook-pages"
"""Rendered notebook pages kept between builds, in the project's cache folder, one file per key."""
_renderer: str | None = None


def _renderer_fingerprint() -> str:
    """What else decides a rendered page: syllabuild's and nbconvert's versions, our template and
    the message catalogue (read as files: importing the renderer imports nbconvert, ~1 s)."""
    global _renderer
    if _renderer is None:
        import importlib.util
        from importlib.metadata import version

        digest = hashlib.sha256(f"{version('syllabuild')}/{version('nbconvert')}".encode())
        for module in ("syllabuild.notebooks.page_markdown", "syllabuild.i18n.catalogues"):
            digest.update(Path(importlib.util.find_spec(module).origin).read_bytes())
        _renderer = digest.hexdigest()
    return _renderer


def _notebook_page(notebook: dict, *, title: str, download: str, colab: str, lang: str, asset_prefix: str,
                   cache_dir: Path | None = None):
    """The rendered page: from this process's memory, from `cache_dir`, or rendered by nbconvert.

    A warm build whose notebooks did not change never imports nbconvert.
    """
    key = hashlib.sha256(json.dumps([notebook, title, download, colab, lang, asset_prefix], sort_keys=True,
                                    ensure_ascii=False, default=str).encode()).hexdigest()
    rendered = _NOTEBOOK_PAGES.get(key)
    if rendered is not None:
        return rendered
    stored = None
    if cache_dir is not None:
        stored = cache_dir / NOTEBOOK_PAGES_DIR / f"{hashlib.sha256((key + _renderer_fingerprint()).encode()).hexdigest()}.pickle"
        rendered = _stored_page(stored)
    if rendered is None:
        # nbconvert (and what it imports) costs a second to import: only courses with notebooks pay.
        from syllabuild.notebooks.page_markdown import render_notebook_page

        rendered = render_notebook_page(notebook, title=title, download=download, colab=colab,
                                        words=messages_for(lang), asset_prefix=asset_prefix)
        if stored is not None:
            _store_page(stored, rendered)
    if len(_NOTEBOOK_PAGES) >= _NOTEBOOK_PAGES_KEPT:
        _NOTEBOOK_PAGES.pop(next(iter(_NOTEBOOK_PAGES)))
    _NOTEBOOK_PAGES[key] = rendered
    return rendered


def _stored_page(path: Path):
    """The page stored at `path`, or None (absent, or unreadable: it is rendered again)."""
    try:
        markdown, assets = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        return None
    if not isinstance(markdown, str) or not isinstance(assets, dict):
        return None
    return NotebookPageMarkdown(markdown, assets)


def _store_page(path: Path, rendered) -> None:
    """Keep `rendered` at `path`, written whole or not at all; a cache that cannot be written is skipped."""
    if not replace_cache_file(path, pickle.dumps((rendered.markdown, dict(rendered.assets)),
                                                 protocol=pickle.HIGHEST_PROTOCOL)):
        log.debug("notebook page not cached: %s could not be written", path)


def _executed(plan: NotebookPlan, future):
    if plan.execute and future is None:
        plan = NotebookPlan(plan.source, plan.notebook, False, problems=plan.problems)
    return merge_results(plan, future.result() if future is not None else ())


def _report_notebooks(executed: dict) -> None:
    ran = failed = 0
    for notebook in executed.values():
        for problem in notebook.problems:
            notebook_log.warning("%s", problem)
        for failure in notebook.failures:
            if not failure.whole_build:  # a refused cluster: the snippet engine said it once for the build
                notebook_log.warning("%s\n%s", failure, failure.traceback)
        ran += notebook.ran
        failed += bool(notebook.failures)
    if ran:
        notebook_log.info("notebooks: %d run, %d from cache, %d failed", ran, len(executed) - ran, failed)


def _with_outputs_hash(markdown: str, outputs: tuple[bytes, ...]) -> str:
    """The outputs marker after the front matter (a builder's render cache keys on page text)."""
    head, rest = split_front_matter(markdown)
    return head + outputs_marker(outputs) + "\n" + ("" if head else "\n") + rest


def _dumps(notebook: dict) -> str:
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


class _Writer:
    """Writes files under a staging root and hashes what it wrote.

    A file whose bytes the previous tree already holds is hard-linked from there instead of
    written: it keeps its modification time, so a builder that rebuilds only what changed
    (`syllabuild serve`, `mkdocs serve --dirty`) sees only the pages that did change.
    """

    def __init__(self, root: Path, previous: Path | None = None) -> None:
        self.root = root
        self.previous = previous
        self._hashes: dict[str, str] = {}
        self.changed = 0
        """Files whose bytes the previous tree did not have."""

    def text(self, path: str, text: str) -> None:
        self.bytes(path, text.encode("utf-8"))

    def bytes(self, path: str, data: bytes) -> None:
        target = self._target(path)
        self._hashes[path] = hashlib.sha256(data).hexdigest()
        if not self._kept(path, data, target):
            target.write_bytes(data)
            self.changed += 1

    def copy(self, path: str, source: Path) -> None:
        target = self._target(path)
        try:
            os.link(source, target)  # same file system: no bytes copied, and the source's mtime
        except OSError:
            shutil.copy2(source, target)
        self._hashes[path] = hashlib.sha256(source.read_bytes()).hexdigest()

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(sorted(self._hashes.items())).encode()).hexdigest()

    def _kept(self, path: str, data: bytes, target: Path) -> bool:
        """Link the previous tree's file at `path` to `target` if it holds `data`."""
        if self.previous is None:
            return False
        old = self.previous / path
        try:
            if old.stat().st_size != len(data) or old.read_bytes() != data:
                return False
            os.link(old, target)
        except OSError:
            return False
        return True

    def _target(self, path: str) -> Path:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()
        return target
