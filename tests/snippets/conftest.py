from __future__ import annotations

from pathlib import Path

import pytest

from syllabuild.snippets.engine import EngineSettings, SnippetEngine


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
