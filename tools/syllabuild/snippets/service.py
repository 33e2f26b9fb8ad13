"""What a build calls: start the engine, and rewrite page Markdown with each block's output."""

from __future__ import annotations

import hashlib
import logging
import posixpath
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Iterable

from syllabuild.snippets.engine import SnippetEngine
from syllabuild.snippets.fences import Block, SnippetSources, find_blocks, group_runs
from syllabuild.snippets.model import Snippet, SnippetResult, Status
from syllabuild.project import Project
from syllabuild.snippets.project import snippet_project
from syllabuild.snippets.render import (failure_location, figure_alts, format_traceback, render_problem,
                                        render_snippet)

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")

ASSET_DIR = "assets/snippets"
"""Figures go here, in each edition's docs folder, named by the hash of their bytes."""


@dataclass(frozen=True)
class RenderedPage:
    """A page with its executed blocks rendered."""

    markdown: str
    assets: dict[str, bytes] = field(default_factory=dict)
    """Figure files it links: path in the docs folder -> bytes."""
    outputs: tuple[bytes, ...] = ()
    """Every output it embeds, in page order (for the page's outputs hash)."""

# One engine per settings, kept across `mkdocs serve` rebuilds so its workers stay warm.
_ENGINES: dict[object, SnippetEngine] = {}


class SnippetService:
    """One build's view of the snippet engine: queue every run, then render pages with their output."""

    def __init__(self, sources: SnippetSources, engine: SnippetEngine | None) -> None:
        self.sources = sources
        self.engine = engine
        self._warned: set[str] = set()

    @classmethod
    def start(cls, project: Project, pages: Iterable[tuple[str, str]] = ()) -> SnippetService:
        """Begin a build: queue every snippet found in `pages` ((location path, Markdown) pairs).

        The location path names the file staff edit (`docs/faq.md`), so failures point at it.
        Only cache misses start the warm pool, so a build where nothing changed never loads torch.
        """
        snippets = snippet_project(project)
        engine = None
        if project.settings.snippets.execute:
            engine = _ENGINES.get(snippets.engine)
            if engine is None:  # new settings (mkdocs.yml edited during `serve`): retire the old workers
                SnippetService.shutdown()
                engine = _ENGINES[snippets.engine] = SnippetEngine(snippets.engine)
            engine.begin_build()
        service = cls(snippets.sources, engine)
        service.submit_pages(pages)
        return service

    def submit_pages(self, pages: Iterable[tuple[str, str]]) -> None:
        """Queue the runs of `pages` ((location path, Markdown) pairs); identical runs are queued once."""
        for location, markdown in pages:
            self._submit(find_blocks(markdown, location, self.sources))

    def page_markdown(self, markdown: str, location: str, page_path: str) -> RenderedPage:
        """`markdown` with every executable block replaced by its source and output.

        Args:
            markdown: the page's Markdown.
            location: the file its lines come from, for messages (`docs/faq.md`).
            page_path: the page's path in its docs folder (`faq.md`): figure links are relative to it.
        """
        blocks = find_blocks(markdown, location, self.sources)
        if not blocks:
            return RenderedPage(markdown)
        futures = self._submit(blocks)
        lines = markdown.split("\n")
        assets: dict[str, bytes] = {}
        outputs: list[bytes] = []
        for block in reversed(blocks):
            rendered = self._render(block, futures, self._linker(page_path, assets), outputs)
            lines[block.start:block.end + 1] = [block.indent + line if line else line
                                                for line in rendered.split("\n")]
        return RenderedPage("\n".join(lines), assets, tuple(reversed(outputs)))

    def finish(self) -> None:
        """Report what ran."""
        if self.engine is not None:
            summary = self.engine.progress.finish()
            if summary:
                log.info(summary)

    @staticmethod
    def shutdown() -> None:
        """Stop every warm worker (end of `serve` or of the build)."""
        while _ENGINES:
            _, engine = _ENGINES.popitem()
            engine.progress.finish()
            engine.close()

    # -- helpers -------------------------------------------------------------------------------
    def _submit(self, blocks: list[Block]) -> dict[Snippet, tuple[tuple[Snippet, ...], int, Future]]:
        found = {}
        if self.engine is None:
            return found
        for run in group_runs([block.snippet for block in blocks if block.snippet is not None]):
            future = self.engine.submit(run)
            for index, snippet in enumerate(run):
                found[id(snippet)] = (run, index, future)
        return found

    def _render(self, block: Block, futures, linker, outputs: list[bytes]) -> str:
        if block.problem is not None:
            self._warn(str(block.problem))
            return render_problem(str(block.problem))
        snippet = block.snippet
        if id(snippet) not in futures:
            return render_snippet(snippet, None, (snippet,), 0, linker)
        run, index, future = futures[id(snippet)]
        result: SnippetResult = future.result()[index]
        if not result.ok and result.status is not Status.SKIPPED and result.failure.whole_build:
            pass  # the engine said it once for the whole build (`SnippetEngine._say_whole_build`)
        elif not result.ok and result.status is not Status.SKIPPED:
            where = failure_location(result.failure, run, index)
            self._warn(f"{where}: snippet failed: {result.failure.message}\n{format_traceback(result.failure, run)}")
        if result.ok and snippet.options.show_output:
            for number, alt in enumerate(figure_alts(snippet, result), 1):
                if not alt:
                    self._warn(f'{snippet.location}: figure {number} has no alternative text: add alt="…" to the '
                               "snippet, or give the figure a title, axis labels or a legend")
        outputs.append((result.stdout + "\0" + result.stderr).encode("utf-8", "replace"))
        outputs.extend(figure.data for figure in result.figures)
        return render_snippet(snippet, result, run, index, linker)

    def _warn(self, message: str) -> None:
        """Log `message` once per build: every language edition renders the same lecture notes."""
        if message not in self._warned:
            self._warned.add(message)
            log.warning("%s", message)

    @staticmethod
    def _linker(page_path: str, assets: dict[str, bytes]):
        folder = posixpath.dirname(page_path)

        def link(data: bytes, fmt: str) -> str:
            name = f"{ASSET_DIR}/{hashlib.sha256(data).hexdigest()[:20]}.{fmt}"
            assets[name] = data
            return posixpath.relpath(name, folder or ".")

        return link
