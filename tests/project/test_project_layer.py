"""The project layer: mkdocs.yml read once into a layout and settings, every problem at its line."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.project import ProjectError, load_project

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def write(tmp_path: Path, plugin_block: str, extra: str = "") -> Path:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Course\n{extra}plugins:\n  - search\n  - syllabuild:\n{plugin_block}", encoding="utf-8")
    return config


def test_defaults_resolve_against_the_folder_of_mkdocs_yml(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Course\nsite_url: https://x.example.edu/c/\nplugins:\n  - syllabuild\n")
    project = load_project(config)
    layout = project.layout
    assert layout.root == tmp_path.resolve()
    assert (layout.syllabus, layout.docs_dir, layout.snippets_dir) == (
        tmp_path / "syllabus.yaml", tmp_path / "docs", tmp_path / "snippets")
    assert layout.cache_dir == tmp_path / ".cache" / "syllabuild"
    assert layout.site_url == "https://x.example.edu/c/"
    assert project.settings.snippets.execute and project.warnings == ()


def test_every_bad_setting_is_reported_at_once_at_its_line(tmp_path):
    config = write(tmp_path, (
        "      snippets:\n"
        "        timeout: soon\n"
        "        workers: -1\n"
        "        memory: lots\n"
        "      links:\n"
        "        exclude: ['(unclosed']\n"
        "      i18n:\n"
        "        untranslated: maybe\n"
    ))
    with pytest.raises(ProjectError) as caught:
        load_project(config)
    assert caught.value.lines() == [
        'mkdocs.yml:6:18: plugins.syllabuild.snippets.timeout: expected a number, got "soon"',
        "mkdocs.yml:7:18: plugins.syllabuild.snippets.workers: expected a number of at least 0, got -1",
        'mkdocs.yml:8:17: plugins.syllabuild.snippets.memory: expected a size like "2GiB" or "512MiB", got "lots"',
        "mkdocs.yml:10:18: plugins.syllabuild.links.exclude: expected a regular expression, got '(unclosed' "
        "(missing ), unterminated subpattern at position 0)",
        "mkdocs.yml:12:23: plugins.syllabuild.i18n.untranslated: expected one of 'warn', 'error' or 'ignore', got \"maybe\"",
    ]


def test_settings_given_but_never_used_are_warnings(tmp_path):
    config = write(tmp_path, (
        "      snipets_dir: code\n"
        "      snippets:\n"
        "        execute: false\n"
        "        workers: 4\n"
    ))
    project = load_project(config)
    assert project.warnings == (
        "mkdocs.yml:5:20: plugins.syllabuild.snipets_dir: unknown setting, ignored; did you mean 'snippets_dir'?",
        "mkdocs.yml:8:18: plugins.syllabuild.snippets.workers: given but not used: snippets.execute is false",
    )


def test_a_snippets_dir_that_is_not_snippets_is_used_everywhere(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "snippets_course", course)
    (course / "snippets").rename(course / "code")
    config = course / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - syllabuild:\n", "  - syllabuild:\n      snippets_dir: code\n", 1))
    assert load_project(config).layout.snippets_dir == course / "code"
    # `syllabuild validate` finds the snippet files the lectures name in code/, not snippets/.
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "validate"], cwd=course, capture_output=True,
                            text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    assert "syllabus.yaml: OK" in result.stdout


def test_validate_reports_a_snippet_missing_from_the_configured_folder(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "snippets_course", course)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - syllabuild:\n", "  - syllabuild:\n      snippets_dir: code\n", 1))
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "validate"], cwd=course, capture_output=True,
                            text=True, env=ENV)
    assert result.returncode == 1
    assert "snippet file not found: code/" in result.stderr
