"""An archived term in Chromium: its banner at the top on a laptop and a phone, axe clean, leading to the current site.

tests/fixtures/archived_course's Spring 2025 term is archived with `syllabuild term archive`, then
the course moves on (its second lecture is renamed, so that page is gone from the current site)
and is built; the site is served under its published path, /nn101/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_checks import axe_problems, horizontal_overflow_problems, load_problems, report, validator_problems
from browser_harness import DESKTOP, MOBILE, serve
from playwright.sync_api import Page
from test_course_site import VALIDATOR_ALLOWLIST

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "archived_course"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NOW = "2025-05-01T12:00"
ARCHIVED = "archive/spring-2025/"


def _syllabuild(*args: str, cwd: Path) -> None:
    completed = subprocess.run([sys.executable, "-m", "syllabuild.cli", *args], cwd=cwd, capture_output=True, text=True,
                               env=ENV, timeout=600)
    if completed.returncode != 0:
        pytest.fail(f"syllabuild {' '.join(args)} failed:\n{completed.stderr}", pytrace=False)


@pytest.fixture(scope="module")
def archived_site(builder: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The course after its term was archived and the next one began, built by `builder` into `<tmp>/nn101`."""
    root = tmp_path_factory.mktemp(f"archived-term-{builder}")
    course = root / "course"
    shutil.copytree(FIXTURE, course)
    _syllabuild("term", "archive", "--builder", builder, "--now", NOW, cwd=course)
    syllabus = course / "syllabus.yaml"
    syllabus.write_text(syllabus.read_text(encoding="utf-8").replace(
        "title: {en: Backpropagation, he: התפשטות לאחור}", "title: {en: Backpropagation in depth, he: התפשטות לאחור לעומק}"),
        encoding="utf-8")
    site = root / "www" / "nn101"
    _syllabuild("build", "--strict", "--builder", builder, "--now", NOW, "--site-dir", str(site), cwd=course)
    return site


@pytest.fixture(scope="module")
def site_url(archived_site: Path) -> Iterator[str]:
    with serve(archived_site.parent) as url:
        yield url + "nn101/"


@pytest.mark.parametrize("size", [DESKTOP, MOBILE], ids=["laptop", "phone"])
@pytest.mark.parametrize("path", ["schedule/", "he/schedule/", "lectures/02-backpropagation/"])
def test_an_archived_page_shows_its_banner_at_the_top_and_is_axe_clean(page: Page, site_url: str, screenshots: Path,
                                                                       axe_source: str, path: str, size: dict):
    page.set_viewport_size(size)
    problems = load_problems(page, urljoin(site_url, ARCHIVED + path))
    banner = page.locator("aside.sb-archived")
    assert banner.count() == 1 and banner.is_visible()
    box = banner.bounding_box()
    assert box["y"] == 0 and box["x"] == 0 and abs(box["width"] - size["width"]) <= 16, box  # a scrollbar aside
    words = "בארכיון: סמסטר אביב 2025." if path.startswith("he/") else "Archived: Spring 2025."
    assert words in banner.inner_text()
    page.screenshot(path=screenshots / f"archived-{path.strip('/').replace('/', '-')}-{size['width']}.png")
    problems += horizontal_overflow_problems(page) + axe_problems(page, axe_source)
    assert problems == [], "\n" + report(problems)


@pytest.mark.parametrize(("path", "current"), [
    ("schedule/", "schedule/"),
    ("he/schedule/", "he/schedule/"),
    ("he/lectures/01-perceptrons/", "he/lectures/01-perceptrons/"),
    ("lectures/02-backpropagation/", ""),  # renamed since: the current home
    ("he/lectures/02-backpropagation/", "he/"),  # the current home in its language
])
def test_the_banner_leads_to_the_same_page_of_the_current_site(page: Page, site_url: str, path: str, current: str):
    problems = load_problems(page, urljoin(site_url, ARCHIVED + path))
    assert problems == [], "\n" + report(problems)
    link = page.locator("aside.sb-archived a")
    assert link.evaluate("a => a.href") == urljoin(site_url, current)
    link.click()
    page.wait_for_url(urljoin(site_url, current))
    page.wait_for_load_state("networkidle")  # its search worker, before the next test leaves the page
    assert page.locator("aside.sb-archived").count() == 0  # the current site has no banner
    assert page.locator("article").count() == 1


def test_the_current_site_leads_to_its_past_terms(page: Page, site_url: str):
    problems = load_problems(page, urljoin(site_url, "he/archive/"))
    assert problems == [], "\n" + report(problems)
    page.locator("article a", has_text="סמסטר אביב 2025").click()
    page.wait_for_url(urljoin(site_url, ARCHIVED + "he/"))
    page.wait_for_load_state("networkidle")
    assert "בארכיון: סמסטר אביב 2025." in page.locator("aside.sb-archived").inner_text()


def test_the_archived_pages_are_valid_html(archived_site: Path, builder: str):
    problems = [problem for problem in validator_problems(archived_site / ARCHIVED, VALIDATOR_ALLOWLIST[builder])
                if problem.page != "(validator allowlist)"]  # entries the sample course needs, not these pages
    assert problems == [], "\n" + report(problems)
