"""What the course theme changes in every site's MkDocs configuration."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config

from syllabuild import theme


def _config(tmp_path: Path, theme_yaml: str):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Course\ntheme:\n{theme_yaml}", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def test_fonts_never_come_from_a_third_party_cdn(tmp_path: Path):
    config = _config(tmp_path, "  name: material\n")

    theme.apply(config)

    assert config.theme["font"] is False


def test_a_font_the_user_named_is_reported_as_not_loaded(tmp_path: Path, caplog):
    config = _config(tmp_path, "  name: material\n  font:\n    text: Inter\n")

    with caplog.at_level(logging.WARNING):
        theme.apply(config)

    assert config.theme["font"] is False
    assert "theme.font: {'text': 'Inter'} is not loaded" in caplog.text


def test_the_theme_stylesheet_and_script_are_added_once(tmp_path: Path):
    config = _config(tmp_path, "  name: material\n")

    theme.apply(config)
    theme.apply(config)

    assert config.extra_css.count(theme.STYLESHEET) == 1
    assert [str(script) for script in config.extra_javascript].count(theme.SCRIPT) == 1
    assert (theme.THEME_DIR / theme.STYLESHEET).is_file()
    assert (theme.THEME_DIR / theme.SCRIPT).is_file()
