"""The week view at a fixed moment: the current week open and marked, past weeks folded, on a phone and a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_checks import axe_problems, horizontal_overflow_problems, report
from browser_harness import DESKTOP, MOBILE
from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

MOMENT_MS = 1707213600000
"""2024-02-06 12:00 in Asia/Jerusalem: week 6 of the sample course's term (from 2 January 2024)."""

# Only this tab's clock: the browser context is shared by the whole suite, so Playwright's
# context-wide `clock.install` would move every later test to 2024 too.
_FIXED_CLOCK = f"""
(() => {{
  const fixed = {MOMENT_MS};
  Date.now = () => fixed;
}})();
"""

_WEEKS_JS = """
() => [...document.querySelectorAll("details.sb-week")].map((card) => ({
  week: Number(card.dataset.week), open: card.open, current: card.classList.contains("sb-week-current"),
  badge: !!card.querySelector("summary .sb-this-week"), visible: card.getBoundingClientRect().height > 0,
}))
"""


@pytest.fixture
def tab(browser: BrowserContext) -> Iterator[Page]:
    """A tab of its own whose clock says 6 February 2024, noon in the course time zone."""
    tab = browser.new_page()
    tab.add_init_script(_FIXED_CLOCK)
    tab.bring_to_front()
    yield tab
    tab.close()


def _check_weeks(tab: Page) -> None:
    tab.wait_for_selector("details.sb-week-current")
    weeks = tab.evaluate(_WEEKS_JS)
    assert len(weeks) >= 10, weeks
    current = [w for w in weeks if w["current"]]
    assert [w["week"] for w in current] == [6] and current[0]["open"] and current[0]["badge"], weeks
    assert all(not w["open"] for w in weeks if w["week"] < 6), "past weeks stay folded"
    assert all(not w["open"] for w in weeks if w["week"] > 6), "later weeks stay folded"
    countdown = tab.inner_text("#sb-countdown")
    assert countdown.strip(), "the next deadline counts down"


@pytest.mark.parametrize(("edition", "size", "name"), [
    ("", DESKTOP, "week-en-desktop"), ("", MOBILE, "week-en-phone"), ("he/", MOBILE, "week-he-phone"),
    ("he/", DESKTOP, "week-he-desktop"),
])
def test_the_week_view_opens_and_marks_the_current_week(tab: Page, course_url: str, screenshots: Path,
                                                          axe_source: str, edition: str, size: dict, name: str):
    tab.set_viewport_size(size)
    tab.goto(urljoin(course_url, edition + "weeks/"))
    _check_weeks(tab)
    tab.locator("details.sb-week-current").scroll_into_view_if_needed()
    tab.screenshot(path=screenshots / f"{name}.png", full_page=True)
    problems = horizontal_overflow_problems(tab) + axe_problems(tab, axe_source)
    assert problems == [], "\n" + report(problems)


def test_home_links_prominently_to_the_week_view(page: Page, course_url: str):
    page.goto(course_url)
    link = page.locator(".sb-week-link a, a.sb-week-link").first
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/weeks/")
    assert page.locator("details.sb-week").count() >= 10
