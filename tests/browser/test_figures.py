"""Executed output on the sample site, as a student sees it: shown without a click, figures described
for screen readers, legible in dark mode, and not covered by the copy button on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from browser_harness import MOBILE
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

_BARE_ALT = re.compile(r"^\s*(figure|output)?\s*\d*\s*$", re.IGNORECASE)
"""Alt text that says nothing about the figure: '', 'Figure 2', '3'."""

_OUTPUTS = """() => {
  const luminance = (rgb) => {
    const [r, g, b] = rgb.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const colour = (element) => {
    // The first opaque background at or above `element`: what the eye sees behind it.
    for (let node = element; node; node = node.parentElement) {
      const parts = getComputedStyle(node).backgroundColor.match(/[\\d.]+/g).map(Number);
      if (parts.length < 4 || parts[3] > 0.5) return parts.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const figures = [...document.querySelectorAll(".md-content img.syllabuild-figure")].map((img) => {
    const card = colour(img), page = colour(img.parentElement);
    const [light, dark] = [luminance(card), luminance(page)].sort((a, b) => b - a);
    return {src: img.getAttribute("src"), alt: img.getAttribute("alt") || "",
            contrast: (light + 0.05) / (dark + 0.05), cardLuminance: luminance(card)};
  });
  const outputs = [...document.querySelectorAll(".md-content .sb-output")].map((box) => ({
    text: box.innerText.trim().slice(0, 40),
    visible: box.checkVisibility() && box.getBoundingClientRect().height > 0,
    direction: getComputedStyle(box).direction,
    inTab: !!box.closest(".tabbed-set"),
    coveredBy: [...box.querySelectorAll("button, .md-clipboard, .md-code__nav")]
      .filter((b) => b.checkVisibility() && b.getBoundingClientRect().width > 0).length,
  }));
  return {figures, outputs};
}"""


@pytest.fixture(scope="session")
def output_pages(course_site: Path, course_url: str) -> list[str]:
    """URLs of the sample site's pages that show executed output (snippets and notebooks)."""
    urls = []
    for html in sorted(course_site.rglob("*.html")):
        text = html.read_text(encoding="utf-8", errors="replace")
        if "sb-output" in text or "syllabuild-figure" in text:
            urls.append(urljoin(course_url, html.relative_to(course_site).as_posix().removesuffix("index.html")))
    assert urls, "the sample course shows no executed output: the checks below would test nothing"
    return urls


def _outputs(page: Page, url: str, scheme: str = "default") -> dict:
    page.goto(url, wait_until="load")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', {scheme!r})")
    return page.evaluate(_OUTPUTS)


def test_every_executed_figure_has_alt_text_that_describes_it(page: Page, output_pages: list[str]):
    problems = []
    found = 0
    for url in output_pages:
        for figure in _outputs(page, url)["figures"]:
            found += 1
            if _BARE_ALT.match(figure["alt"]):
                problems.append(f"{url}: {figure['src']}: alt text {figure['alt']!r} says nothing about the figure")
    assert found, "no executed figure on the sample site"
    assert problems == [], "\n".join(problems)


def test_output_is_visible_on_load_left_to_right_and_never_behind_a_tab(page: Page, output_pages: list[str]):
    problems = []
    for url in output_pages:
        for output in _outputs(page, url)["outputs"]:
            if not output["visible"] or output["inTab"]:
                problems.append(f"{url}: output {output['text']!r} is hidden until the student clicks")
            if output["direction"] != "ltr":
                problems.append(f"{url}: output {output['text']!r} runs {output['direction']}, code runs ltr")
    assert problems == [], "\n".join(problems)


def test_figures_sit_on_a_light_card_in_dark_mode(page: Page, output_pages: list[str]):
    problems = []
    for url in output_pages:
        for figure in _outputs(page, url, "slate")["figures"]:
            # The figures are drawn on white: the card must be light, and stand out from the dark page.
            if figure["cardLuminance"] < 0.8 or figure["contrast"] < 3:
                problems.append(f"{url}: {figure['src']}: card luminance {figure['cardLuminance']:.2f}, "
                                f"contrast with the page {figure['contrast']:.2f}:1 (expected a light card, ≥ 3:1)")
    assert problems == [], "\n".join(problems)


def test_the_copy_button_never_covers_output_on_a_phone(page: Page, output_pages: list[str]):
    page.set_viewport_size(MOBILE)
    problems = []
    for url in output_pages:
        for output in _outputs(page, url)["outputs"]:
            if output["coveredBy"]:
                problems.append(f"{url}: output {output['text']!r} has a copy button over its text on a phone")
    assert problems == [], "\n".join(problems)
