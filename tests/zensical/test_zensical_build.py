"""The fixture course in English and Hebrew, built with the real Zensical: what a reader of each edition sees."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from zensical_harness import FIXTURE, PAGES, Course, file_of, hrefs, html_tag, read, resolve
from ruamel.yaml import YAML

from syllabuild.zensical import build_site

EDITIONS = {"en": "", "he": "he/"}
"""Each edition's folder in the built site."""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, list[str]]:
    """The fixture built once: (site, work_dir, warnings)."""
    base = tmp_path_factory.mktemp("zensical")
    shutil.copytree(FIXTURE, base / "course")
    course = Course(base / "course")
    warnings = build_site(course.tree, course.config, site_dir=base / "site", work_dir=base / "work")
    return base / "site", base / "work", warnings


def test_the_fixture_builds_without_warnings(built):
    _, _, warnings = built
    assert warnings == []


@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_is_built_at_its_url_in_both_editions(built, lang, page):
    site, _, _ = built
    assert file_of(site, EDITIONS[lang] + page).is_file()


@pytest.mark.parametrize("page", PAGES)
def test_hebrew_pages_read_right_to_left_and_english_left_to_right(built, page):
    site, _, _ = built
    hebrew, english = read(site, "he/" + page), read(site, page)
    assert 'lang="he"' in html_tag(hebrew) and 'dir="rtl"' in html_tag(hebrew)
    assert 'lang="en"' in html_tag(english) and 'dir="ltr"' in html_tag(english)
    assert '<body dir="rtl"' in hebrew and '<body dir="ltr"' in english


def test_hebrew_pages_have_hebrew_interface_words(built):
    site, _, _ = built
    hebrew, english = read(site, "he/"), read(site, "")
    assert 'aria-label="חיפוש"' in hebrew and 'aria-label="Search"' in english


def nav_links(html: str) -> dict[str, str]:
    """Label -> href of each page link in the primary nav."""
    nav = html.split("md-nav--primary", 1)[1].split('class="md-content"', 1)[0]
    return {re.sub(r"\s+", " ", label).strip(): href for href, label in
            re.findall(r'<a href="([^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">([^<]+)</span>', nav)}


def test_the_nav_shows_the_lectures_section_in_each_language(built):
    site, _, _ = built
    sections = [("", "Lectures", "Backpropagation"), ("he/", "הרצאות", "התפשטות לאחור")]
    for prefix, section, lecture in sections:
        html = read(site, prefix + "schedule/")
        nav = html.split("md-nav--primary", 1)[1]
        assert "md-nav__item--section" in nav and section in nav
        assert resolve(prefix + "schedule/", nav_links(html)[lecture]) == prefix + "lectures/02-backprop/"


def test_lecture_content_is_rendered(built):
    site, _, _ = built
    for prefix in EDITIONS.values():
        html = read(site, prefix + "lectures/01-intro/")
        assert '<div class="admonition note">' in html
        assert "<table>" in html and "<th>" in html
        assert '<div class="highlight"><pre>' in html and '<span class="kn">import</span>' in html
        figure = re.search(r'<img alt="[^"]+" src="([^"]+)"', html).group(1)
        assert file_of(site, resolve(prefix + "lectures/01-intro/", figure)).is_file()


@pytest.mark.parametrize("lang", EDITIONS)
def test_each_edition_searches_only_its_own_pages(built, lang):
    site, _, _ = built
    index = json.loads((site / EDITIONS[lang] / "search.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == [lang]
    assert sorted(item["location"] for item in index["items"]) == sorted(PAGES)
    titles = " ".join(item["title"] for item in index["items"])
    assert ("Lecture" in titles) == (lang == "en") and ("הרצאה" in titles) == (lang == "he")


@pytest.mark.parametrize("page", PAGES)
def test_the_editions_stylesheets_and_scripts_are_linked_and_present(built, page):
    site, _, _ = built
    for prefix, own in [("", ["course.css"]), ("he/", ["course.css", "rtl.css"])]:
        html = read(site, prefix + page)
        sheets = [resolve(prefix + page, href) for href in hrefs(html, 'rel="stylesheet"')]
        wanted = [f"{prefix}assets/syllabuild/{name}" for name in own]
        assert [sheet for sheet in sheets if "/syllabuild/" in sheet] == wanted
        assert all(file_of(site, sheet).is_file() for sheet in sheets)
        stylesheet = file_of(site, f"{prefix}assets/syllabuild/course.css")
        assert "syllabuild-fixture" in stylesheet.read_text(encoding="utf-8")
        scripts = re.findall(r'<script src="([^"]*syllabuild[^"]*)"', html)
        assert [resolve(prefix + page, script) for script in scripts] == [f"{prefix}assets/syllabuild/course.js"]


def test_the_language_selector_links_each_editions_home(built):
    site, _, _ = built
    for page in ["lectures/01-intro/", "he/lectures/01-intro/", "", "he/"]:
        links = dict((lang, href) for href, lang in
                     re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" class="md-select__link"', read(site, page)))
        assert {lang: resolve(page, href) for lang, href in links.items()} == {"en": "", "he": "he/"}


def test_each_edition_has_its_own_sitemap_and_404_page(built):
    site, _, _ = built
    english = (site / "sitemap.xml").read_text(encoding="utf-8")
    hebrew = (site / "he" / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://courses.example.edu/deep-learning/lectures/01-intro/" in english and "/he/" not in english
    assert hebrew.count("<loc>https://courses.example.edu/deep-learning/he/") == len(PAGES)
    assert 'lang="he"' in html_tag(read(site, "he/404.html"))


def test_the_derived_configs_leave_out_what_only_syllabuild_and_mkdocs_understand(built):
    _, work, _ = built
    for lang in EDITIONS:
        text = (work / lang / "mkdocs.yml").read_text(encoding="utf-8")
        config = YAML().load(text)
        assert config["plugins"] == ["search"]
        assert "syllabuild.guard" not in text and "mkdocs-jupyter" not in text
        assert "!!python/name:material.extensions.emoji.twemoji" in text
        assert config["theme"]["language"] == lang and config["docs_dir"] == "docs"


def test_zensicals_cache_stays_in_the_work_dir(built):
    site, work, _ = built
    assert (work / "he" / ".cache").is_dir()
    assert not any(path.name == ".cache" for path in site.parent.joinpath("course").rglob("*"))
    assert not any(path.name == ".cache" for path in site.rglob("*"))
