"""The checks report a deliberately broken page, by page and by what is wrong.

`tests/fixtures/broken_site/` holds a clean page (`/`) and a broken one (`/broken/`) with a
script error, a missing image, an unlabeled link, a third-party stylesheet, content wider than
a phone and an invalid end tag. A check that passed the broken page would pass a broken course.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_checks import (
    Problem,
    axe_problems,
    horizontal_overflow_problems,
    load_problems,
    media_problems,
    report,
    validator_problems,
)
from browser_harness import MOBILE, serve
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

BROKEN_SITE = Path(__file__).resolve().parents[1] / "fixtures" / "broken_site"


@pytest.fixture(scope="module")
def broken_url() -> Iterator[str]:
    with serve(BROKEN_SITE) as url:
        yield url


def _texts(problems: list[Problem], page: str) -> str:
    assert problems, "the check reported nothing"
    assert {problem.page for problem in problems} == {page}, report(problems)
    return report(problems)


def test_load_check_names_the_script_error_the_missing_asset_and_the_foreign_host(page: Page, broken_url: str):
    text = _texts(load_problems(page, broken_url + "broken/"), "/broken/")

    assert "script error: " in text and "undefinedFunctionInLectureScript" in text
    assert "/broken/missing-figure.png answered 404" in text
    assert "request to another host: GET https://fonts.example.invalid/css?family=Roboto" in text


def test_axe_check_names_the_unlabeled_link(page: Page, broken_url: str, axe_source: str):
    load_problems(page, broken_url + "broken/")

    text = _texts(axe_problems(page, axe_source), "/broken/")

    assert "axe link-name (serious): Links must have discernible text" in text
    assert '<a href="../"></a>' in text


def test_media_check_names_the_image_that_did_not_load(page: Page, broken_url: str):
    load_problems(page, broken_url + "broken/")

    assert media_problems(page) == [Problem("/broken/", "image not shown: missing-figure.png")]


def test_overflow_check_names_the_element_wider_than_a_phone(page: Page, broken_url: str):
    page.set_viewport_size(MOBILE)
    load_problems(page, broken_url + "broken/")

    text = _texts(horizontal_overflow_problems(page), "/broken/")

    assert "wider than the 375px viewport: p reaches" in text


def test_validator_check_names_the_stray_end_tag():
    problems = validator_problems(BROKEN_SITE, allowlist={})

    assert problems == [Problem("/broken/index.html", "invalid HTML (1x, line 20): Stray end tag 'span'.")]


def test_validator_check_reports_an_allowlist_entry_that_is_no_longer_needed():
    problems = validator_problems(BROKEN_SITE, allowlist={"Stray end tag 'span'.": "reason", "Gone.": "reason"})

    assert problems == [
        Problem("(validator allowlist)", "no page has this error any more, remove the entry: Gone.")
    ]


def test_every_check_passes_the_clean_page(page: Page, broken_url: str, axe_source: str):
    page.set_viewport_size(MOBILE)
    problems = load_problems(page, broken_url)
    problems += axe_problems(page, axe_source)
    problems += media_problems(page)
    problems += horizontal_overflow_problems(page)

    assert problems == [], report(problems)
