"""Theme overrides that every syllabuild site ships on top of Material for MkDocs.

This folder is a MkDocs theme directory: the plugin puts it after the user's `custom_dir` and
before Material's templates, so its `partials/` override Material's and its `assets/` are copied
into the site. `apply` adds the settings the templates alone cannot carry.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("syllabuild")

THEME_DIR = Path(__file__).resolve().parent
"""The theme directory itself (templates and static assets)."""

STYLESHEET = "assets/syllabuild/theme.css"
"""Site-relative URL of the stylesheet with the contrast and layout fixes."""

SCRIPT = "assets/syllabuild/theme.js"
"""Site-relative URL of the script that makes scrollable tables keyboard-reachable."""

_MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}

__all__ = ["SCRIPT", "STYLESHEET", "THEME_DIR", "apply"]


def apply(config: MkDocsConfig) -> None:
    """Force system fonts and add the theme's stylesheet and script to the site.

    Material loads its fonts from Google Fonts unless `theme.font` is false. A course site must
    not send its students' requests to a third party, and must look right offline, so the font
    is always turned off; a font the user named explicitly is reported as not used.

    Args:
        config: The MkDocs configuration, changed in place.
    """
    font = config.theme.get("font")
    if font and dict(font) != _MATERIAL_DEFAULT_FONT:
        log.warning(
            "theme.font: %s is not loaded: fonts from a third-party CDN are turned off "
            "(students' privacy, offline use); the site uses the system fonts. To use a "
            "specific font, ship its files in docs/ and reference them with extra_css.",
            dict(font),
        )
    config.theme["font"] = False
    if STYLESHEET not in config.extra_css:
        config.extra_css.append(STYLESHEET)
    if SCRIPT not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(SCRIPT)
