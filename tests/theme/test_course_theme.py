"""What the course theme changes in every site's MkDocs configuration."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import load_config

from syllabuild import theme
from syllabuild.plugin import markdown_setup


def _apply(config) -> None:
    markdown_setup.configure(config, tuple(p for p, _ in theme.ASSETS if p.endswith(".css")),
                             tuple(p for p, _ in theme.ASSETS if p.endswith(".js")))


def _config(tmp_path: Path, theme_yaml: str):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Course\ntheme:\n{theme_yaml}", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def test_fonts_never_come_from_a_third_party_cdn(tmp_path: Path):
    config = _config(tmp_path, "  name: material\n")

    _apply(config)

    assert config.theme["font"] is False


def test_a_font_the_user_named_is_reported_as_not_loaded(tmp_path: Path, caplog):
    config = _config(tmp_path, "  name: material\n  font:\n    text: Inter\n")

    with caplog.at_level(logging.WARNING):
        _apply(config)

    assert config.theme["font"] is False
    assert "theme.font: {'text': 'Inter'} is not loaded" in caplog.text


def test_the_theme_stylesheet_and_script_are_added_once(tmp_path: Path):
    config = _config(tmp_path, "  name: material\n")

    _apply(config)
    _apply(config)

    for path, source in theme.ASSETS:
        listed = config.extra_css if path.endswith(".css") else [str(script) for script in config.extra_javascript]
        assert listed.count(path) == 1, path
        assert source.is_file(), source
