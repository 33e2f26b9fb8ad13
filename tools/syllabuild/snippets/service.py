"""What the MkDocs plugin calls: start the engine, rewrite page Markdown, write figure assets."""

from __future__ import annotations

import hashlib
import logging
import posixpath
from concurrent.futures import Future
from pathlib import Path
from typing import Iterable

from syllabuild.snippets.engine import EngineSettings, SnippetEngine
from syllabuild.snippets.fences import Block, SnippetSources, find_blocks, group_runs
from syllabuild.snippets.model import Snippet, SnippetResult, Status
from syllabuild.snippets.project import project_from_config
from syllabuild.snippets.render import failure_location, format_traceback, render_problem, render_snippet

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")

ASSET_DIR = "assets/snippets"

# One engine per settings, kept across `mkdocs serve` rebuilds so its workers stay warm.
_ENGINES: dict[EngineSettings, SnippetEngine] = {}


class SnippetService:
    """One build's view of the snippet engine."""

    def __init__(self, sources: SnippetSources, engine: SnippetEngine | None, docs_prefix: str) -> None:
        self.sources = sources
        self.engine = engine
        self.docs_prefix = docs_prefix
        self.assets: dict[str, bytes] = {}

    @classmethod
    def start(cls, plugin_config, project_dir: Path, docs_dir: str,
              pages: Iterable[tuple[str, str]] = ()) -> SnippetService:
        """Begin a build: queue every snippet found in `pages` ((docs path, Markdown) pairs) and in `docs_dir`.

        Only cache misses start the warm pool, so a build where nothing changed never loads torch.
        """
        project = project_from_config(plugin_config, project_dir)
        sources = project.sources
        docs = Path(docs_dir)
        docs_prefix = posixpath.relpath(docs.resolve().as_posix(), project_dir.resolve().as_posix())
        engine = None
        if plugin_config.snippets.execute:
            engine = _ENGINES.get(project.engine)
            if engine is None:  # new settings (mkdocs.yml edited during `serve`): retire the old workers
                SnippetService.shutdown()
                engine = _ENGINES[project.engine] = SnippetEngine(project.engine)
            engine.begin_build()
        service = cls(sources, engine, docs_prefix)
        if engine is not None:
            generated = dict(pages)
            for path in sorted(docs.rglob("*.md")) if docs.is_dir() else ():
                # A hand-written page replaces the generated one of the same path.
                generated[path.relative_to(docs).as_posix()] = path.read_text(encoding="utf-8")
            for page_path, markdown in generated.items():
                service._submit(find_blocks(markdown, service._page_path(page_path), sources))
        return service

    def page_markdown(self, markdown: str, page_path: str, page_url: str) -> str:
        """`markdown` with every executable block replaced by its source and output."""
        blocks = find_blocks(markdown, self._page_path(page_path), self.sources)
        if not blocks:
            return markdown
        futures = self._submit(blocks)
        lines = markdown.split("\n")
        for block in reversed(blocks):
            rendered = self._render(block, futures, page_url)
            lines[block.start:block.end + 1] = [block.indent + line if line else line
                                                for line in rendered.split("\n")]
        return "\n".join(lines)

    def post_build(self, site_dir: str) -> None:
        """Write the figures as asset files and report what ran."""
        target = Path(site_dir) / ASSET_DIR
        if self.assets:
            target.mkdir(parents=True, exist_ok=True)
        for name, data in sorted(self.assets.items()):
            path = target / name
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        if self.engine is not None:
            summary = self.engine.progress.finish()
            if summary:
                log.info(summary)

    @staticmethod
    def shutdown() -> None:
        """Stop every warm worker (end of `mkdocs serve` or of the build)."""
        while _ENGINES:
            _, engine = _ENGINES.popitem()
            engine.progress.finish()
            engine.close()

    # -- helpers -------------------------------------------------------------------------------
    def _page_path(self, page_path: str) -> str:
        return posixpath.normpath(posixpath.join(self.docs_prefix, page_path))

    def _submit(self, blocks: list[Block]) -> dict[Snippet, tuple[tuple[Snippet, ...], int, Future]]:
        found = {}
        if self.engine is None:
            return found
        for run in group_runs([block.snippet for block in blocks if block.snippet is not None]):
            future = self.engine.submit(run)
            for index, snippet in enumerate(run):
                found[id(snippet)] = (run, index, future)
        return found

    def _render(self, block: Block, futures, page_url: str) -> str:
        if block.problem is not None:
            log.warning("%s", block.problem)
            return render_problem(str(block.problem))
        snippet = block.snippet
        if id(snippet) not in futures:
            return render_snippet(snippet, None, (snippet,), 0, self._linker(page_url))
        run, index, future = futures[id(snippet)]
        result: SnippetResult = future.result()[index]
        if not result.ok and result.status is not Status.SKIPPED:
            where = failure_location(result.failure, run, index)
            log.warning("%s: snippet failed: %s\n%s", where, result.failure.message,
                        format_traceback(result.failure, run))
        return render_snippet(snippet, result, run, index, self._linker(page_url))

    def _linker(self, page_url: str):
        base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)

        def link(data: bytes, fmt: str) -> str:
            name = f"{hashlib.sha256(data).hexdigest()[:20]}.{fmt}"
            self.assets[name] = data
            return posixpath.relpath(f"{ASSET_DIR}/{name}", base or ".")

        return link
