"""Results kept between runs: successes for a jittered while, failures never.

One manifest file in the cache folder, replaced atomically. The key is the URL plus whether its
fragment was checked, so a success from a run that did not look for anchors is never taken for a
found anchor: everything else that changes a verdict (accepted statuses, timeouts, the anchors
made by scripts) can only turn a cached success into a failure, and failures are re-checked
anyway when the TTL ends. Only successes are kept: an unverifiable anchor or a page that timed
out is asked again on the next run.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from syllabuild.links.model import LinkResult, Verdict

__all__ = ["ResultCache"]

_FORMAT = 1
_JITTER = 0.25


class ResultCache:
    """Successful `LinkResult`s by URL, each trusted until its own jittered expiry."""

    def __init__(
        self,
        directory: Path | None,
        ttl: float,
        *,
        fragments: bool = False,
        clock: Callable[[], float] = time.time,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.path = directory / "results.json" if directory else None
        self.ttl = ttl
        self.prefix = "fragments " if fragments else ""
        self.clock = clock
        self.jitter = jitter
        self.entries: dict[str, dict] = {}
        self.changed = False
        if self.path and self.path.is_file():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}  # a damaged cache is only a slower run
            if data.get("format") == _FORMAT:
                now = self.clock()
                self.entries = {k: v for k, v in data.get("results", {}).items() if v.get("expires", 0) > now}

    def get(self, url: str) -> LinkResult | None:
        entry = self.entries.get(self.prefix + url)
        if entry is None or entry["expires"] <= self.clock():
            return None
        return LinkResult(url, Verdict.OK, entry.get("reason", ""), entry.get("status"), entry.get("final_url"), cached=True)

    def put(self, result: LinkResult) -> None:
        if result.verdict is not Verdict.OK or self.ttl <= 0 or result.cached:
            return
        # Jitter spreads expiries so a whole course's links are not all re-checked on one day.
        lifetime = self.ttl * (1 - _JITTER * self.jitter())
        self.entries[self.prefix + result.url] = {
            "status": result.status,
            "reason": result.reason,
            "final_url": result.final_url,
            "expires": self.clock() + lifetime,
        }
        self.changed = True

    def save(self) -> None:
        if not self.path or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"format": _FORMAT, "results": self.entries}, indent=0, sort_keys=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".results-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(payload)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
