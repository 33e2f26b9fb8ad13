"""The config derived for each edition: what it keeps from mkdocs.yml and what the edition decides."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from zensical_harness import FIXTURE
from ruamel.yaml import YAML

from syllabuild.site.tree import GeneratedTree
from syllabuild.zensical.config import edition_config, nav_paths, write_config

TREE = GeneratedTree.read(FIXTURE)
ENGLISH, HEBREW = TREE.editions


def config_from(text: str, edition=HEBREW, tree=TREE):
    return edition_config(YAML().load("site_name: x\n" + text), tree, edition)


def test_the_edition_decides_docs_nav_language_direction_and_files():
    config = config_from("extra_css: [mine.css, assets/syllabuild/course.css]\n"
                         "extra_javascript: [{path: mine.js, defer: true}]\n")
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")
    assert config["nav"] == HEBREW.nav
    assert (config["theme"]["language"], config["theme"]["direction"]) == ("he", "rtl")
    assert config["theme"]["font"] is False
    assert config["extra_css"] == ["assets/syllabuild/course.css", "assets/syllabuild/rtl.css", "mine.css"]
    scripts = [entry["path"] if isinstance(entry, dict) else entry for entry in config["extra_javascript"]]
    assert scripts == ["assets/syllabuild/course.js", "mine.js"]


def test_only_search_is_kept_of_the_plugins_in_either_spelling():
    listed = config_from("plugins:\n  - search:\n      separator: '[ ]+'\n  - syllabuild\n  - mkdocs-jupyter\n")
    assert listed["plugins"] == [{"search": {"separator": "[ ]+"}}]
    mapped = config_from("plugins:\n  syllabuild: {}\n  tags: {}\n")
    assert mapped["plugins"] == [{"search": {"enabled": False}}]  # mkdocs.yml had no search
    assert config_from("")["plugins"] == ["search"]


def test_the_guard_is_removed_in_either_spelling_of_markdown_extensions():
    listed = config_from("markdown_extensions:\n  - syllabuild.guard\n  - toc:\n      permalink: true\n  - tables\n")
    assert listed["markdown_extensions"] == [{"toc": {"permalink": True}}, "tables"]
    mapped = config_from("markdown_extensions:\n  syllabuild.guard: {}\n  tables: {}\n")
    assert dict(mapped["markdown_extensions"]) == {"tables": {}}


def test_site_url_and_the_language_selector_follow_the_editions_folder():
    hebrew = config_from("site_url: https://example.edu/course/\n")
    english = config_from("site_url: https://example.edu/course/\n", edition=ENGLISH)
    assert hebrew["site_url"] == "https://example.edu/course/he/"
    assert english["site_url"] == "https://example.edu/course/"
    assert [(alt["lang"], alt["name"], alt["link"]) for alt in hebrew["extra"]["alternate"]] == [
        ("en", "English", "../"), ("he", "עברית", "./")]
    assert [alt["link"] for alt in english["extra"]["alternate"]] == ["./", "he/"]
    nested = replace(HEBREW, prefix="lang/he/")
    deep = config_from("", edition=nested, tree=replace(TREE, editions=(ENGLISH, nested)))
    assert [alt["link"] for alt in deep["extra"]["alternate"]] == ["../../", "./"]


def test_one_edition_gets_no_language_selector():
    config = config_from("extra: {alternate: [{name: mine, link: /x/}]}\n", edition=ENGLISH,
                         tree=replace(TREE, editions=(ENGLISH,)))
    assert [alt["name"] for alt in config["extra"]["alternate"]] == ["mine"]


def test_the_written_config_keeps_python_name_tags_and_says_what_it_is(tmp_path: Path):
    config = config_from("markdown_extensions:\n  - pymdownx.emoji:\n"
                         "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n")
    write_config(config, tmp_path / "he" / "mkdocs.yml")
    text = (tmp_path / "he" / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.startswith("# Written by syllabuild from mkdocs.yml for the he edition")
    assert "emoji_index: !!python/name:material.extensions.emoji.twemoji\n" in text


def test_nav_paths_lists_pages_in_sections_and_leaves_out_urls():
    nav = YAML().load(io.StringIO("- index.md\n- Lectures:\n  - lectures/index.md\n  - One: lectures/01.md\n"
                                  "- Repo: https://example.edu/repo\n"))
    assert nav_paths(nav) == ["index.md", "lectures/index.md", "lectures/01.md"]


def test_a_long_nav_is_pruned_a_short_one_keeps_its_features():
    lectures = [{f"Lectures {n}–{n + 9}": [{f"{k}. Topic": f"lectures/{k:02d}.md"} for k in range(n, n + 10)]}
                for n in range(1, 120, 10)]
    long_ = replace(ENGLISH, nav=[{"Home": "index.md"}, {"Lectures": ["lectures/index.md", *lectures]}])
    features = "theme:\n  name: material\n  features: [navigation.sections]\n"
    assert config_from(features, edition=long_)["theme"]["features"] == ["navigation.sections", "navigation.prune"]
    assert list(config_from(features, edition=ENGLISH)["theme"]["features"]) == ["navigation.sections"]
    expand = "theme:\n  name: material\n  features: [navigation.expand]\n"
    assert list(config_from(expand, edition=long_)["theme"]["features"]) == ["navigation.expand"]
