"""Helpers shared by the engine tests: build a snippet, run one through an engine."""

from __future__ import annotations

from syllabuild.snippets.engine import SnippetEngine
from syllabuild.snippets.model import Location, Snippet, SnippetOptions, SnippetResult


def snippet(code: str, where: str = "lectures/01-intro.md:10", session: str = "", **options) -> Snippet:
    path, line = where.rsplit(":", 1)
    return Snippet(code, Location(path, int(line)), SnippetOptions(**options), session)


def run_one(engine: SnippetEngine, code: str, **options) -> SnippetResult:
    return engine.results((snippet(code, **options),))[0]
