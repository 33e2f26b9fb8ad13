"""A progress bar with cached / run / failed counts, shown only while something executes."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING

from syllabuild.console import interactive

if TYPE_CHECKING:
    from rich.progress import Progress


_REFRESHES = 2
"""Redraws per second: rich's default of 10 takes ~20 ms of CPU a second from a build that runs snippets."""


class SnippetProgress:
    """Counts every snippet; the bar appears when the first one has to run."""

    def __init__(self, enabled: bool = True) -> None:
        # A live bar only for a person at a terminal; piped or in CI the summary line says it all.
        self.enabled = enabled and interactive()
        self.cached = self.ran = self.failed = self.queued = 0
        self._bar: Progress | None = None
        self._task = None
        self._lock = threading.Lock()
        self._started = 0.0

    def add_cached(self, count: int) -> None:
        with self._lock:
            self.cached += count
            self._refresh()

    def add_queued(self, count: int) -> None:
        with self._lock:
            if not self.queued:
                self._started = time.monotonic()
            self.queued += count
            if self.enabled and self._bar is None:
                from rich.console import Console  # only a person at a terminal gets the bar
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

                self._bar = Progress(TextColumn("[bold]snippets"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.description}"), TimeElapsedColumn(),
                                     console=Console(stderr=True), transient=True,
                                     refresh_per_second=_REFRESHES)
                self._task = self._bar.add_task("", total=0)
                self._bar.start()
            self._refresh()

    def add_done(self, count: int, failed: int) -> None:
        with self._lock:
            self.ran += count
            self.failed += failed
            self._refresh()

    def summary(self) -> str:
        return f"{self.ran} run, {self.cached} cached, {self.failed} failed"

    def finish(self) -> str | None:
        """Stop the bar; returns a summary line when anything ran, else None (quiet)."""
        with self._lock:
            if self._bar is not None:
                self._bar.stop()
                self._bar = None
            if not self.queued:
                return None
            return f"snippets: {self.summary()} in {time.monotonic() - self._started:.1f} s"

    def _refresh(self) -> None:
        if self._bar is not None:
            self._bar.update(self._task, total=self.queued, completed=self.ran,
                             description=f"{self.cached} cached · {self.ran} run · {self.failed} failed")
