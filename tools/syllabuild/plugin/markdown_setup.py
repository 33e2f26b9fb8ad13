"""What generated pages need from MkDocs: Markdown extensions, the course stylesheets, system fonts."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("syllabuild")


def _emoji_config() -> dict:
    from material.extensions import emoji

    return {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}


# Extensions the generated Markdown relies on; a user's own settings for them are kept.
REQUIRED_EXTENSIONS = {
    "toc": lambda: {"permalink": True},
    "tables": dict,
    "admonition": dict,
    "attr_list": dict,
    "md_in_html": dict,
    "def_list": dict,
    "pymdownx.details": dict,
    "pymdownx.superfences": dict,
    "pymdownx.tabbed": lambda: {"alternate_style": True},
    "pymdownx.tilde": dict,
    "pymdownx.highlight": lambda: {"anchor_linenums": True},
    "pymdownx.inlinehilite": dict,
    "pymdownx.emoji": _emoji_config,
}


GUARD = "syllabuild.guard"
"""The extension that stops a builder running on mkdocs.yml without syllabuild (see `syllabuild.guard`)."""

_MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}


def configure(config: MkDocsConfig, extra_css: tuple[str, ...], extra_javascript: tuple[str, ...]) -> None:
    """What generated pages need from MkDocs: Markdown extensions, the course assets, system fonts.

    The user's own settings for an extension are kept; the guard extension is removed, since
    here syllabuild itself is running.
    """
    if GUARD in config.markdown_extensions:
        config.markdown_extensions.remove(GUARD)
        config.mdx_configs.pop(GUARD, None)
    for name, defaults in REQUIRED_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs[name] = defaults()
    for path in extra_css:
        if path not in config.extra_css:
            config.extra_css.append(path)
    scripts = [str(script) for script in config.extra_javascript]
    for path in extra_javascript:
        if path not in scripts:
            config.extra_javascript.append(path)
    _system_fonts(config)


def _system_fonts(config: MkDocsConfig) -> None:
    """Material loads its fonts from Google Fonts unless `theme.font` is false.

    A course site must not send its students' requests to a third party, and must look right
    offline, so the font is always turned off; a font the user named is reported as not used.
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
