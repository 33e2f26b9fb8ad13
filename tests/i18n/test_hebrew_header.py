"""The header of each edition names the course in the edition's language, in either builder."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from ruamel.yaml import YAML

from syllabuild.plugin.editions import header_title
from syllabuild.site.tree import GeneratedTree
from syllabuild.zensical.config import edition_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "zensical"))
from zensical_harness import FIXTURE  # noqa: E402

TREE = GeneratedTree.read(FIXTURE)
ENGLISH, HEBREW = TREE.editions

MATERIAL_PAGE = """<html><head><title>הרצאות - Deep Learning</title></head><body>
<header class="md-header"><a title="Deep Learning" aria-label="Deep Learning"></a>
<div class="md-header__topic"><span class="md-ellipsis">
            Deep Learning
          </span></div></header>
<article><p>Deep Learning is what this course teaches.</p></article></body></html>"""


def test_a_hebrew_page_of_the_mkdocs_build_shows_the_hebrew_title_in_its_header_and_title():
    page = header_title(MATERIAL_PAGE, "Deep Learning", "למידה עמוקה")
    head, body = page.split("<article>")
    assert "<title>הרצאות - למידה עמוקה</title>" in head
    assert '<span class="md-ellipsis">\n            למידה עמוקה\n' in head and "Deep Learning" not in head
    assert "<p>Deep Learning is what this course teaches.</p>" in body  # the page's own text stays


def test_a_page_without_a_translated_title_keeps_the_site_name():
    assert header_title(MATERIAL_PAGE, "Deep Learning", "") == MATERIAL_PAGE


def test_each_zensical_edition_names_the_course_in_its_language():
    hebrew, english = replace(HEBREW, site_name="למידה עמוקה"), replace(ENGLISH, site_name="Deep Learning course")
    tree = replace(TREE, editions=(english, hebrew))
    config = YAML().load("site_name: Deep Learning\n")
    assert edition_config(config, tree, hebrew)["site_name"] == "למידה עמוקה"
    assert edition_config(config, tree, english)["site_name"] == "Deep Learning"  # mkdocs.yml's own
    assert edition_config(config, TREE, HEBREW)["site_name"] == "Deep Learning"  # a tree without titles
