"""What generated pages need from MkDocs: Markdown extensions, the nav, the course stylesheet."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from syllabuild.pages import GeneratedPage

COURSE_CSS = "assets/syllabuild/course.css"
THIS_WEEK_CSS = "assets/syllabuild/this-week.css"
RTL_CSS = "assets/syllabuild/rtl.css"
"""Mirrors the course boxes on right-to-left pages and keeps code left to right."""
THIS_WEEK_JS = "assets/syllabuild/this-week.js"
"""Fills "This week" on the home and schedule pages from the dates they embed."""


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


def ensure_extensions(config: MkDocsConfig) -> None:
    """Add the Markdown extensions generated pages need, unless the user configured them."""
    for name, defaults in REQUIRED_EXTENSIONS.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
            config.mdx_configs[name] = defaults()
    if COURSE_CSS not in config.extra_css:
        config.extra_css.insert(0, COURSE_CSS)
    if THIS_WEEK_CSS not in config.extra_css:
        config.extra_css.append(THIS_WEEK_CSS)
    if RTL_CSS not in config.extra_css:
        config.extra_css.append(RTL_CSS)
    if THIS_WEEK_JS not in [str(script) for script in config.extra_javascript]:
        config.extra_javascript.append(THIS_WEEK_JS)


def build_nav(pages: list[GeneratedPage], docs_dir: Path) -> list:
    """Generated pages in course order, then hand-written pages from docs/ in file order."""
    nav: list = []
    sections: dict[str, list] = {}
    generated = {page.path for page in pages}
    for page in pages:
        if page.section is None:
            nav.append({page.title: page.path})
            continue
        if page.section not in sections:
            sections[page.section] = []
            nav.append({page.section: sections[page.section]})
        sections[page.section].append(page.path if page.path.endswith("index.md") else {page.title: page.path})
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*.md")):
            relative = path.relative_to(docs_dir).as_posix()
            if relative not in generated:
                nav.append(relative)
    return nav
