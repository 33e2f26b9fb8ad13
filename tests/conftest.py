from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import CHROMIUM_ARGS, DESKTOP
from playwright.sync_api import BrowserContext, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def minimal_course(tmp_path: Path) -> Path:
    """A writable copy of tests/fixtures/minimal_course."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", target)
    return target


@pytest.fixture(scope="session")
def warm_pool():
    """One pair of warm snippet workers for the engine and notebook tests (torch loads once)."""
    from syllabuild.snippets.pool import WarmPool

    pool = WarmPool(workers=2, threads=1)
    yield pool
    pool.close()


# One Chromium for every suite that drives a browser: Playwright's sync API cannot start a
# second instance while the first one's event loop is running.
@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Debian's Chromium, headless, with an empty profile; fails if it is not installed."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "the browser tests need Debian's Chromium and found no `chromium` on PATH: "
            "run `apt-get install chromium` (.ci/run does this)",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=DESKTOP,
        )
        try:
            yield context
        finally:
            context.close()
