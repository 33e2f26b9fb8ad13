"""What a student sees on a phone and a desktop, in both languages and with both builders."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_checks import Problem, horizontal_overflow_problems, report
from browser_harness import DESKTOP, MOBILE
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

HEBREW_TITLE = "למידה עמוקה"
"""The sample course's title in Hebrew (syllabus.yaml `course.title.he`)."""

_HIDDEN_COLUMNS_JS = """
() => [...document.querySelectorAll(".md-content table")]
  .filter((table) => table.getBoundingClientRect().right > innerWidth + 1
                     || table.getBoundingClientRect().left < -1)
  .map((table) => `a table reaches ${Math.round(table.getBoundingClientRect().right)}px: ` +
                  [...table.querySelectorAll("th")].map((th) => th.innerText.trim()).join(" | "))
"""

_LECTURES_OUTSIDE_JS = """
() => {
  const inside = (element) => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.left >= -1 && rect.right <= innerWidth + 1;
  };
  const items = [...document.querySelectorAll(".sb-lectures > ul > li")];
  const found = items.length ? [] : ["the lectures index lists no lecture"];
  for (const item of items) {
    // <li><p><strong>1. <a>title</a></strong> — date</p><p>summary</p></li>; no <p> without a summary
    const [line, summary] = item.querySelectorAll(":scope > p");
    const title = item.querySelector("a");
    const name = title ? title.innerText.trim() : item.innerText.slice(0, 40);
    if (!title || !inside(title)) found.push(`${name}: title off screen`);
    if (!inside(line || item)) found.push(`${name}: date off screen`);
    if (summary && !inside(summary)) found.push(`${name}: summary off screen`);
  }
  return found;
}
"""


def _page_paths(site: Path, prefix: str) -> list[str]:
    return sorted(prefix + file.relative_to(site).as_posix().removesuffix("index.html")
                  for file in site.rglob("*.html")
                  if not file.relative_to(site).as_posix().startswith("assets/") and file.name != "404.html")


def test_no_page_of_either_language_scrolls_sideways_or_hides_a_column_on_a_phone(
        page: Page, course_url: str, course_site: Path, site_prefix: str):
    paths = _page_paths(course_site, site_prefix)
    assert any(path.startswith(site_prefix + "he/") for path in paths), paths
    page.set_viewport_size(MOBILE)
    problems: list[Problem] = []
    for path in paths:
        page.goto(urljoin(course_url, path))
        problems += horizontal_overflow_problems(page)
        problems += [Problem(path, what) for what in page.evaluate(_HIDDEN_COLUMNS_JS)]

    assert problems == [], "\n" + report(problems)


@pytest.mark.parametrize("edition", ["", "he/"])
def test_every_lecture_on_the_index_shows_its_title_date_and_summary_on_a_phone(
        page: Page, course_url: str, screenshots: Path, edition: str):
    page.set_viewport_size(MOBILE)
    page.goto(urljoin(course_url, edition + "lectures/"))
    page.screenshot(path=screenshots / f"lectures-{edition.strip('/') or 'en'}-phone.png", full_page=True)

    assert page.evaluate(_LECTURES_OUTSIDE_JS) == []


@pytest.mark.parametrize("edition", ["", "he/"])
def test_the_home_page_shows_the_primary_navigation_on_a_desktop(page: Page, course_url: str, edition: str):
    page.set_viewport_size(DESKTOP)
    page.goto(urljoin(course_url, edition))
    navigation = page.locator(".md-sidebar--primary")

    assert navigation.is_visible()
    # Readings is reached from the home page without the search box or a lecture page.
    assert navigation.locator("a[href*='readings']").first.is_visible()


def test_the_hebrew_header_shows_the_hebrew_course_title(page: Page, course_url: str):
    page.goto(urljoin(course_url, "he/lectures/"))
    header = page.locator(".md-header__topic").first.inner_text().strip()

    assert header == HEBREW_TITLE
    assert page.title().endswith(HEBREW_TITLE)
    page.goto(course_url)
    assert page.locator(".md-header__topic").first.inner_text().strip() == "Deep Learning"
