"""The sample course's Hebrew pages in headless Chromium: right to left, code left to right.

Screenshots of the Hebrew home and schedule pages go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory) -> str:
    site = tmp_path_factory.mktemp("sample-course") / "site"
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", "--strict", "-d", str(site)],
                            cwd=REPO, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def page(browser):
    """A tab of the session's shared Chromium (see tests/conftest.py)."""
    tab = browser.new_page()
    tab.set_viewport_size({"width": 1280, "height": 800})
    try:
        yield tab
    finally:
        tab.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def test_hebrew_home_reads_right_to_left(page, site_url):
    page.goto(site_url + "he/")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["he", "rtl"]
    assert page.locator("article h1").inner_text().startswith("למידה עמוקה")
    heading = page.locator("article h1").bounding_box()
    article = page.locator("article").bounding_box()
    # The heading hugs the right edge of the article, as Hebrew text does.
    assert article["x"] + article["width"] - (heading["x"] + heading["width"]) < 40
    screenshot(page, "i18n-he-home.png")


def test_hebrew_schedule_table_runs_right_to_left(page, site_url):
    page.goto(site_url + "he/schedule/")
    headers = page.locator("article table th")
    assert headers.first.inner_text() == "שבוע"
    week, details = headers.first.bounding_box(), headers.last.bounding_box()
    assert week["x"] > details["x"]  # the first column (week) is the rightmost one
    assert page.locator("article table").get_by_text("הרצאה 1", exact=True).count() == 1
    screenshot(page, "i18n-he-schedule.png")


def test_code_stays_left_to_right_on_hebrew_pages(page, site_url):
    page.goto(site_url + "he/lectures/01-introduction/")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    code = page.locator("article pre").first
    assert code.evaluate("el => getComputedStyle(el).direction") == "ltr"


def test_switcher_goes_to_the_same_page_in_english_and_back(page, site_url):
    page.goto(site_url + "he/schedule/")
    page.goto(page.locator('a.md-select__link[hreflang="en"]').evaluate("a => a.href"))
    assert page.url == site_url + "schedule/"
    assert page.locator("article h1").inner_text().startswith("Schedule")
    page.goto(page.locator('a.md-select__link[hreflang="he"]').evaluate("a => a.href"))
    assert page.url == site_url + "he/schedule/"
