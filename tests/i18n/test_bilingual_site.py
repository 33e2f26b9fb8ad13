"""A course in English and Hebrew, built with the real MkDocs: what a reader of each edition sees."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "bilingual_course"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(course: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", *extra], cwd=course,
                          capture_output=True, text=True, env=ENV)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    course = tmp_path_factory.mktemp("bilingual") / "course"
    shutil.copytree(FIXTURE, course)
    result = build(course)
    assert result.returncode == 0, result.stderr
    return course / "site", result.stderr


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article_text(html: str) -> str:
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def switcher(html: str) -> dict[str, str]:
    """Language -> href of the header's language selector."""
    links = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)"[^>]*class="md-select__link"', html)
    return {lang: href for href, lang in links}


def nav_labels(html: str) -> list[str]:
    nav = html.split('md-nav--primary', 1)[1].split('class="md-content"', 1)[0]
    return [label.strip() for label in re.findall(r'md-ellipsis">\s*([^<]+?)\s*<', nav)]


PAGES = ["", "schedule", "lectures", "lectures/01-perceptrons", "lectures/02-backpropagation", "readings", "grading", "faq"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_exists_in_both_languages(built, path):
    site, _ = built
    assert (site / path / "index.html").is_file()
    assert (site / "he" / path / "index.html").is_file()


@pytest.mark.parametrize("path", ["", "schedule", "lectures/01-perceptrons", "faq"])
def test_hebrew_pages_read_right_to_left_and_english_left_to_right(built, path):
    site, _ = built
    hebrew, english = page(site, f"he/{path}"), page(site, path)
    assert 'lang="he"' in html_tag(hebrew) and 'dir="rtl"' in html_tag(hebrew)
    assert 'lang="en"' in html_tag(english) and 'dir="ltr"' in html_tag(english)
    assert '<body dir="rtl"' in hebrew and '<body dir="ltr"' in english


def test_home_shows_each_languages_own_texts(built):
    site, _ = built
    hebrew, english = article_text(page(site, "he/")), article_text(page(site, ""))
    assert "רשתות נוירונים 101" in hebrew and "קורס קטן בשתי שפות" in hebrew
    assert "תוצאות למידה" in hebrew and "לאמן פרספטרון" in hebrew
    assert "Neural Networks 101" in english and "Learning outcomes" in english
    assert "רשתות" not in english


def test_schedule_in_hebrew_has_hebrew_headings_and_dates(built):
    site, _ = built
    text = article_text(page(site, "he/schedule"))
    assert "שבוע תאריך מה פרטים" in text  # the column headings, in reading order
    assert "יום א׳ 2 מרץ" in text and "הרצאה 1" in text and "פרספטרונים" in text
    english = article_text(page(site, "schedule"))
    assert "Week Date What Details" in english and "Sun 2 Mar" in english and "Lecture 1" in english


def test_untranslated_field_falls_back_to_default_language_and_is_reported(built):
    site, stderr = built
    assert "Backpropagation" in article_text(page(site, "he/lectures/02-backpropagation"))
    assert "syllabus.yaml:24:12: lectures[1].title: no he text" in stderr
    assert "lectures[0].title" not in stderr  # translated texts are not reported


def test_switcher_links_the_same_page_in_the_other_language(built):
    site, _ = built
    for path in ["schedule", "lectures/01-perceptrons", "faq"]:
        english_page = site / path / "index.html"
        hebrew_page = site / "he" / path / "index.html"
        to_hebrew = switcher(english_page.read_text(encoding="utf-8"))["he"]
        to_english = switcher(hebrew_page.read_text(encoding="utf-8"))["en"]
        assert (english_page.parent / to_hebrew / "index.html").resolve() == hebrew_page.resolve()
        assert (hebrew_page.parent / to_english / "index.html").resolve() == english_page.resolve()


def test_each_language_has_its_own_nav(built):
    site, _ = built
    hebrew, english = nav_labels(page(site, "he/schedule")), nav_labels(page(site, "schedule"))
    assert hebrew[:4] == ["דף הבית", "שבוע אחר שבוע", "לוח זמנים", "הרצאות"]
    assert "1. פרספטרונים" in hebrew and "שאלות נפוצות" in hebrew
    assert english[:4] == ["Home", "Week by week", "Schedule", "Lectures"]
    assert "Frequently asked questions" in english and "שאלות נפוצות" not in english


def test_hand_written_page_uses_its_language_variant_and_code_stays_left_to_right(built):
    site, _ = built
    hebrew = page(site, "he/faq")
    assert "מריצים את הבדיקות" in article_text(hebrew)
    assert "Run the tests" in article_text(page(site, "faq"))
    assert not (site / "faq.he").exists()
    css = (site / "assets" / "syllabuild" / "rtl.css").read_text(encoding="utf-8")
    assert "assets/syllabuild/rtl.css" in hebrew
    assert re.search(r'\[dir="rtl"\] \.md-typeset pre[^{]*\{[^}]*direction: ltr', css)


def test_material_interface_words_follow_the_page_language(built):
    site, _ = built
    hebrew = page(site, "he/schedule")
    assert "בחירת שפה" in hebrew  # Material's label of the language selector, in Hebrew
    assert "Select language" in page(site, "schedule")


def test_untranslated_error_mode_stops_the_build_with_every_gap(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    config = (course / "mkdocs.yml").read_text(encoding="utf-8")
    (course / "mkdocs.yml").write_text(config.replace("  - syllabuild\n", "  - syllabuild:\n      i18n: {untranslated: error}\n"))
    result = build(course)
    assert result.returncode == 1
    assert "1 untranslated text in syllabus.yaml" in result.stderr
    assert "lectures[1].title: no he text" in result.stderr
    assert not (course / "site").exists()


def test_each_language_searches_its_own_pages_only(built):
    import json
    from urllib.parse import urljoin

    site, _ = built
    english = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    hebrew = json.loads((site / "he/search/search_index.json").read_text(encoding="utf-8"))["docs"]
    assert english and hebrew
    assert not any(doc["location"].startswith("he/") for doc in english)
    assert not any(re.search("[\u0590-\u05ff]", doc["title"]) for doc in english)
    assert any(re.search("[\u0590-\u05ff]", doc["title"]) for doc in hebrew)
    # Material fetches the index and resolves results against __config.base: a Hebrew page's
    # base is the Hebrew folder, so its search reads he/search/ and its results land in he/.
    for page_url, html_path in [("he/schedule/", "he/schedule/index.html"), ("he/", "he/index.html"),
                                ("schedule/", "schedule/index.html")]:
        html = (site / html_path).read_text(encoding="utf-8")
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S).group(1))
        base = urljoin("https://example.org/" + page_url, config["base"])
        language_root = "https://example.org/he/" if page_url.startswith("he/") else "https://example.org/"
        assert urljoin(base, "search/search_index.json") == language_root + "search/search_index.json", page_url
    for doc in hebrew:
        path = doc["location"].split("#")[0]
        assert (site / "he" / path / "index.html").is_file(), doc["location"]
