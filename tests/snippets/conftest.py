from __future__ import annotations

from pathlib import Path

import pytest

from syllabuild.snippets.engine import EngineSettings, SnippetEngine
from syllabuild.snippets.model import Location, Snippet, SnippetOptions, SnippetResult
from syllabuild.snippets.pool import WarmPool


@pytest.fixture(scope="session")
def warm_pool():
    """One pair of warm workers for all engine tests (torch loads once)."""
    pool = WarmPool(workers=2, threads=1)
    yield pool
    pool.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "snippets").mkdir()
    return tmp_path


@pytest.fixture
def engine(project: Path, warm_pool) -> SnippetEngine:
    settings = EngineSettings(project, project / ".cache" / "syllabuild", progress=False)
    engine = SnippetEngine(settings, pool=warm_pool)
    yield engine
    engine.close()


def snippet(code: str, where: str = "lectures/01-intro.md:10", session: str = "", **options) -> Snippet:
    path, line = where.rsplit(":", 1)
    return Snippet(code, Location(path, int(line)), SnippetOptions(**options), session)


def run_one(engine: SnippetEngine, code: str, **options) -> SnippetResult:
    return engine.results((snippet(code, **options),))[0]
