"""One headless Chromium, one HTTP server and one built sample course for the browser suite.

The suite never skips: without Debian's chromium, Java (for the Nu validator) or npm (for
axe-core) it fails and says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_harness import DESKTOP, serve
from playwright.sync_api import BrowserContext, Page

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE_CORE_VERSION = "4.11.4"
AXE_PREFIX = REPO / ".cache" / "browser-tests" / f"axe-core-{AXE_CORE_VERSION}"


@pytest.fixture(scope="session")
def _session_page(browser: BrowserContext) -> Page:
    return browser.pages[0] if browser.pages else browser.new_page()


@pytest.fixture
def page(_session_page: Page) -> Iterator[Page]:
    """The session's one tab, at desktop size; tests may resize it, it is reset afterwards."""
    _session_page.set_viewport_size(DESKTOP)
    # A tab left behind another one gets no rendering frames: Material's search never shows.
    _session_page.bring_to_front()
    yield _session_page
    _session_page.set_viewport_size(DESKTOP)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The text of axe-core's `axe.min.js`, installed from npm into a git-ignored cache."""
    script = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail(
                f"the accessibility checks need axe-core {AXE_CORE_VERSION} from npm and found no "
                "`npm` on PATH: run `apt-get install npm` (.ci/run does this)",
                pytrace=False,
            )
        command = [npm, "install", "--prefix", str(AXE_PREFIX), "--no-save", "--no-audit", "--no-fund",
                   f"axe-core@{AXE_CORE_VERSION}"]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        if completed.returncode != 0 or not script.exists():
            pytest.fail(f"`{' '.join(command)}` failed:\n{completed.stderr}", pytrace=False)
    return script.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def course_config() -> Path:
    """The sample course's mkdocs.yml: the repository's own, or `$SYLLABUILD_BROWSER_CONFIG`."""
    return Path(os.environ.get("SYLLABUILD_BROWSER_CONFIG", REPO / "mkdocs.yml"))


@pytest.fixture(scope="session")
def site_prefix(course_config: Path) -> str:
    """The path the course is published under (from `site_url`), such as `/deep-learning/`.

    The site is served under the same path as in production: Material's 404 page links its
    assets absolutely, so serving it elsewhere would hide or invent broken links.
    """
    from mkdocs.config import load_config

    path = urlsplit(load_config(str(course_config)).site_url or "/").path.strip("/")
    return f"/{path}/" if path else "/"


@pytest.fixture(scope="session", params=["mkdocs", "zensical"])
def builder(request) -> str:
    """Every browser check runs against the site of each builder."""
    return request.param


@pytest.fixture(scope="session")
def course_site(course_config: Path, site_prefix: str, builder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample course, built by `builder` into `<tmp>/<site prefix>`."""
    site = tmp_path_factory.mktemp(f"course-site-{builder}") / site_prefix.strip("/")
    command = [sys.executable, "-m", "syllabuild.cli", "build", "--builder", builder,
               "--config-file", str(course_config), "--site-dir", str(site)]
    completed = subprocess.run(
        command, cwd=course_config.parent, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if completed.returncode != 0:
        pytest.fail(f"building the sample course failed:\n{completed.stdout}\n{completed.stderr}", pytrace=False)
    return site


@pytest.fixture(scope="session")
def course_url(course_site: Path, site_prefix: str) -> Iterator[str]:
    """URL of the sample course's home page, served on 127.0.0.1 under its published path."""
    root = course_site
    for _ in site_prefix.strip("/").split("/") if site_prefix != "/" else []:
        root = root.parent
    with serve(root) as url:
        yield url.rstrip("/") + site_prefix


@pytest.fixture(scope="session")
def screenshots(builder: str) -> Path:
    """Folder for screenshots kept as test artifacts (git-ignored), one per builder."""
    folder = SCREENSHOTS / builder
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def reading_author(course_config: Path) -> str:
    """The family name of the first author of the sample course's first reading with authors."""
    from syllabuild.syllabus import load_syllabus

    syllabus = load_syllabus(course_config.parent / "syllabus.yaml", root=course_config.parent)
    references = list(syllabus.bibliography.values())
    references += [reading for lecture in syllabus.lectures for reading in lecture.readings]
    for reference in references:
        for author in getattr(reference, "authors", []):
            # "Goodfellow, Ian" or "Ian Goodfellow"
            return author.split(",")[0].strip() if "," in author else author.split()[-1]
    pytest.fail("the sample course's syllabus lists no reading with an author", pytrace=False)
