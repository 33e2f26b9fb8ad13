"""The snippet engine: cached results, or a run on the warm pool; the one entry point for builds and tests."""

from __future__ import annotations

import logging
import sys
import threading
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path

import syllabuild
from syllabuild.snippets.cache import DamagedEntry, SnippetCache, snippet_keys
from syllabuild.snippets.model import Run, Snippet, SnippetResult
from syllabuild.snippets.pool import WarmPool, plan_workers
from syllabuild.snippets.progress import SnippetProgress
from syllabuild.snippets.runner import Job

log = logging.getLogger("mkdocs.plugins.syllabuild.snippets")


@dataclass(frozen=True)
class EngineSettings:
    project_dir: Path
    cache_dir: Path
    snippets_dir: str = "snippets"
    workers: int = 0
    seed: int = 0
    progress: bool = True


class SnippetEngine:
    """Runs snippets at most once per distinct input: cache first, then the warm pool."""

    def __init__(self, settings: EngineSettings, pool: WarmPool | None = None) -> None:
        """`pool`: share workers with other engines (tests); a shared pool is not closed by `close`."""
        self.settings = settings
        self.cache = SnippetCache(settings.cache_dir, settings.project_dir)
        self.progress = SnippetProgress(settings.progress)
        self._pool = pool
        self._owns_pool = pool is None
        self._lock = threading.Lock()
        self._pending: dict[tuple[str, ...], Future] = {}

    def warm(self) -> None:
        """Start the workers now, so torch imports while other work happens."""
        with self._lock:
            self._ensure_pool()

    def submit(self, run: tuple[Snippet, ...]) -> Future:
        """A future of the run's results; cached runs complete at once, identical runs share one future."""
        keys = snippet_keys(run, self.settings.seed)
        with self._lock:
            future = self._pending.get(keys)
            if future is not None:
                return future
            cached = [self._cached(key, snippet) for key, snippet in zip(keys, run)]
            future = Future()
            if all(result is not None for result in cached):
                self.progress.add_cached(len(run))
                future.set_result(tuple(cached))
            else:
                self.progress.add_queued(len(run))
                job_future = self._ensure_pool().submit(self._job(run))
                job_future.add_done_callback(lambda done: self._finish(keys, done.result(), future))
            self._pending[keys] = future
            return future

    def results(self, run: tuple[Snippet, ...]) -> tuple[SnippetResult, ...]:
        return self.submit(run).result()

    def begin_build(self) -> None:
        """Forget the previous build's futures (files may have changed) and counts."""
        with self._lock:
            self._pending.clear()
            self.progress = SnippetProgress(self.settings.progress)

    def close(self) -> None:
        with self._lock:
            if self._pool is not None and self._owns_pool:
                self._pool.close()
                self._pool = None

    def _finish(self, keys, results: tuple[SnippetResult, ...], future: Future) -> None:
        for key, result in zip(keys, results):
            self.cache.store(key, result)
        self.progress.add_done(len(results), sum(1 for r in results if not r.ok))
        future.set_result(results)

    def _cached(self, key: str, snippet: Snippet) -> SnippetResult | None:
        try:
            return self.cache.load(key)
        except DamagedEntry as damage:
            # The entry is gone now, so each damaged entry is reported once; the run replaces it.
            log.warning("cache entry for %s was damaged (%s); ran it again", snippet.location, damage)
            return None

    def _ensure_pool(self) -> WarmPool:
        if self._pool is None:
            self._pool = WarmPool(*plan_workers(self.settings.workers))
        return self._pool

    def _job(self, run: tuple[Snippet, ...]) -> Job:
        project = self.settings.project_dir.resolve()
        import_dirs = [str(project / self.settings.snippets_dir)]
        if run[0].source_file is not None:
            import_dirs.insert(0, str(run[0].source_file.parent))
        ignore = (str(self.settings.cache_dir.resolve()), sys.prefix, str(Path(syllabuild.__file__).parent),
                  str(project / ".git"))
        return Job(Run(run), str(project), tuple(dict.fromkeys(import_dirs)), ignore, self.settings.seed)
