"""Without Material the pages build into one giant icon: mkdocs.yml's theme is checked, at its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from syllabuild.project.config_file import read_config_file
from syllabuild.project.theme_check import theme_problem

NEEDS = "syllabuild needs the Material theme (theme: {name: material})"
CASES = {
    "another theme by name": (
        "site_name: Course\ntheme:\n  name: readthedocs\nplugins: [syllabuild]\n",
        f'mkdocs.yml:3:9: theme.name: {NEEDS}, got "readthedocs"'),
    "another theme, short form": (
        "site_name: Course\ntheme: mkdocs\n",
        f'mkdocs.yml:2:8: theme: {NEEDS}, got "mkdocs"'),
    "no theme at all": (
        "site_name: Course\nplugins: [syllabuild]\n",
        f'mkdocs.yml:1:1: theme: {NEEDS}, got none (MkDocs then uses its own theme, "mkdocs")'),
    "an empty theme": (
        "site_name: Course\ntheme:\nplugins: [syllabuild]\n",
        f'mkdocs.yml:2:1: theme: {NEEDS}, got none (MkDocs then uses its own theme, "mkdocs")'),
    "a custom theme without a name": (
        "site_name: Course\ntheme:\n  name: null\n  custom_dir: overrides\n",
        f"mkdocs.yml:3:3: theme.name: {NEEDS}, got none"),
    "a theme from the environment": (
        "site_name: Course\ntheme:\n  name: !ENV [SYLLABUILD_TEST_UNSET_THEME, readthedocs]\n",
        f'mkdocs.yml:3:9: theme.name: {NEEDS}, got "readthedocs"'),
}


@pytest.mark.parametrize("name", CASES)
def test_a_theme_that_is_not_material_is_one_line_at_its_place(name: str, tmp_path: Path):
    text, expected = CASES[name]
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert theme_problem(read_config_file(tmp_path / "mkdocs.yml")) == expected


@pytest.mark.parametrize("text", [
    "theme:\n  name: material\n  font: false\n",
    "theme: material\n",
    "theme:\n  name: !ENV [SYLLABUILD_TEST_UNSET_THEME, material]\n",
])
def test_material_passes(text: str, tmp_path: Path):
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    assert theme_problem(read_config_file(tmp_path / "mkdocs.yml")) is None


def test_the_sample_course_uses_material():
    sample = Path(__file__).resolve().parents[2] / "mkdocs.yml"
    assert theme_problem(read_config_file(sample)) is None


def test_a_build_without_the_material_theme_stops_with_that_one_line(tmp_path):
    import os
    import shutil
    import subprocess
    import sys

    course = tmp_path / "course"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "minimal_course", course)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text().replace("  name: material\n", "  name: readthedocs\n"))
    for builder in ("mkdocs", "zensical"):
        result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", "--builder", builder], cwd=course,
                                capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 1, builder
        assert 'mkdocs.yml:3:9: theme.name: syllabuild needs the Material theme (theme: {name: material}), got "readthedocs"' in result.stderr, builder
        assert "Traceback" not in result.stderr
        assert not (course / "site").exists()
