"""One Zensical config per edition, derived from the project's mkdocs.yml.

The derived config is the user's mkdocs.yml (a deep copy, so `!!python/name:` tags survive the
dump) with what the edition decides put over it: its docs folder, nav, interface language and
direction, stylesheets and scripts, and a language selector linking every edition's home. What
only syllabuild or MkDocs understands is taken out: the `syllabuild` and `mkdocs-jupyter`
plugins (their work is already in the generated tree) and the guard extension (which exists
to stop exactly the builds that lack syllabuild).
"""

from __future__ import annotations

import copy
import logging
import posixpath
from collections.abc import Iterable
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from syllabuild.guard import EXTENSION as GUARD_EXTENSION
from syllabuild.i18n.messages import messages_for
from syllabuild.site.nav import PRUNE, prunes
from syllabuild.site.tree import EditionTree, GeneratedTree

__all__ = ["DOCS_FOLDER", "SITE_FOLDER", "edition_config", "nav_paths", "write_config"]

log = logging.getLogger("mkdocs.plugins.syllabuild.zensical")

DOCS_FOLDER = "docs"
"""The edition's docs, next to its config: Zensical wants `docs_dir` relative and inside the config's folder."""
SITE_FOLDER = "site"
"""Zensical's output for one edition, next to its config (`site_dir` must be inside the config's folder too)."""

_SUPPORTED_PLUGINS = {"search"}
"""Plugins the derived config keeps; Zensical would silently ignore most others."""
_REPLACED_PLUGINS = {"syllabuild", "mkdocs-jupyter"}
"""Plugins whose output is already in the generated tree: dropped without a word."""
_PROJECT_PATHS = ("watch",)
"""Settings holding paths relative to mkdocs.yml, meaningless next to the derived config
(`syllabuild serve` watches the sources itself)."""


def edition_config(
    mkdocs_config: CommentedMap,
    tree: GeneratedTree,
    edition: EditionTree,
    *,
    custom_dir: Path | None = None,
) -> CommentedMap:
    """The Zensical config that builds `edition` alone, from `DOCS_FOLDER` into `SITE_FOLDER`.

    Args:
        mkdocs_config: The project's mkdocs.yml, loaded round-trip by `ruamel.yaml.YAML()`;
            not changed.
        tree: The generated tree `edition` belongs to (for the language selector).
        edition: The edition to build.
        custom_dir: An absolute theme overrides folder, or None for Zensical's own templates.

    Returns:
        A new mapping, ready for `write_config`.
    """
    config = copy.deepcopy(mkdocs_config)
    if not isinstance(config, CommentedMap):  # a plain dict works too
        config = CommentedMap(config)
    # mkdocs.yml's own header would describe the wrong file: say what this one is.
    config.ca.comment = None
    config.yaml_set_start_comment(f"Written by syllabuild from mkdocs.yml for the {edition.lang} edition, "
                                  "on every build: edit mkdocs.yml instead.")
    config["docs_dir"] = DOCS_FOLDER
    config["site_dir"] = SITE_FOLDER
    for key in _PROJECT_PATHS:
        config.pop(key, None)
    if config.get("site_url") and edition.prefix:
        # Zensical writes 404.html and sitemap.xml with absolute URLs from site_url: an edition
        # under he/ must know it lives there.
        config["site_url"] = str(config["site_url"]).rstrip("/") + "/" + edition.prefix
    if edition.site_name and edition != tree.default:
        # The header shows site_name: an edition in another language names the course in it
        # (the default edition keeps mkdocs.yml's own).
        config["site_name"] = edition.site_name
    if edition.nav:
        config["nav"] = copy.deepcopy(edition.nav)
    else:
        config.pop("nav", None)  # Zensical then lists the folder's pages itself.
    # Settings syllabuild overrides are reported once per build, with the default edition.
    report = edition == tree.default
    config["theme"] = _theme(config.get("theme"), edition, custom_dir, report=report)
    config["extra_css"] = _merged(edition.extra_css, config.get("extra_css") or [])
    config["extra_javascript"] = _merged(edition.extra_javascript, config.get("extra_javascript") or [])
    config["plugins"] = _plugins(config.get("plugins"), report=report)
    if "markdown_extensions" in config:
        config["markdown_extensions"] = _without_guard(config["markdown_extensions"])
    if len(tree.editions) > 1:
        extra = config.get("extra") or CommentedMap()
        extra["alternate"] = _alternates(tree, edition)
        config["extra"] = extra
    return config


def write_config(config: CommentedMap, path: Path) -> None:
    """Write a derived config as YAML: TOML could not carry the `!!python/name:` tags.

    Args:
        config: A mapping from `edition_config`.
        path: Where to write it (`<work_dir>/<lang>/mkdocs.yml`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as stream:
        YAML().dump(config, stream)


def nav_paths(nav: Iterable) -> list[str]:
    """The page paths a nav (as mkdocs.yml writes it) links to, external URLs left out.

    Args:
        nav: An edition's nav: `[{title: path}, {section: [...]}, path]`.

    Returns:
        The paths, relative to the edition's folder, in nav order.
    """
    paths: list[str] = []
    for item in nav:
        values = item.values() if isinstance(item, dict) else [item]
        for value in values:
            if isinstance(value, str):
                if "://" not in value and not value.startswith(("mailto:", "/")):
                    paths.append(value.strip())
            elif isinstance(value, list):
                paths.extend(nav_paths(value))
    return paths


def _theme(theme, edition: EditionTree, custom_dir: Path | None, *, report: bool) -> CommentedMap:
    if isinstance(theme, str) or theme is None:
        theme = CommentedMap(name=theme or "material")
    theme["language"] = edition.theme_language
    # Zensical takes the direction from its language file, which says ltr when
    # theme_language fell back to `en` for a right-to-left language it lacks.
    theme["direction"] = edition.direction
    if theme.get("font") and report:
        log.warning("theme.font: %s is not loaded: fonts from a third-party CDN are turned off "
                    "(students' privacy, offline use); the site uses the system fonts", theme["font"])
    # Like syllabuild's MkDocs theme: no Google Fonts request from every student's browser.
    theme["font"] = False
    features = list(theme.get("features") or [])
    if prunes(edition.nav, features):
        # As with MkDocs: a long nav is rendered into each page as far as its open section only.
        theme["features"] = [*features, PRUNE]
        if report:
            log.info("theme.features: %s added: with a nav this long, each page carries only its open "
                     "section's entries (a closed section is a link to its first page)", PRUNE)
    if custom_dir is not None:
        theme["custom_dir"] = str(custom_dir)
    return theme


def _merged(edition_files: Iterable, user_files: Iterable) -> list:
    """The edition's files, then the user's own that the edition does not list (dict entries too)."""
    def path_of(entry) -> str:
        return str(entry.get("path", "")) if isinstance(entry, dict) else str(entry)

    merged = list(edition_files)
    seen = {path_of(entry) for entry in merged}
    for entry in user_files:
        if path_of(entry) not in seen:
            merged.append(entry)
            seen.add(path_of(entry))
    return merged


def _plugins(plugins, *, report: bool) -> list:
    if plugins is None:
        return ["search"]  # MkDocs' default, and Zensical's.
    kept: list = []
    dropped: list[str] = []
    for name, options in _plugin_entries(plugins):
        if str(name).removeprefix("material/") in _SUPPORTED_PLUGINS:
            kept.append({name: options} if options else name)
        elif name not in _REPLACED_PLUGINS:
            dropped.append(str(name))
    if dropped and report:
        log.info("plugins not used with Zensical: %s", ", ".join(dropped))
    if not kept:
        # Zensical turns search on unless told otherwise; mkdocs.yml listed plugins without it.
        kept.append({"search": {"enabled": False}})
    return kept


def _plugin_entries(plugins):
    """`(name, options)` of each plugin, whether mkdocs.yml lists them or maps them."""
    if isinstance(plugins, dict):
        yield from plugins.items()
        return
    for item in plugins:
        yield next(iter(item.items())) if isinstance(item, dict) else (item, None)


def _without_guard(extensions):
    if isinstance(extensions, dict):
        return CommentedMap((name, options) for name, options in extensions.items() if name != GUARD_EXTENSION)
    return [entry for entry in extensions
            if (entry if isinstance(entry, str) else next(iter(entry), None)) != GUARD_EXTENSION]


def _alternates(tree: GeneratedTree, edition: EditionTree) -> list[dict]:
    """Every edition's home, relative to this edition's root: Zensical's `url` filter then makes
    the link relative to each page, so the selector works under any site_url path."""
    return [{"name": messages_for(other.lang).name, "link": _relative(other.prefix, edition.prefix), "lang": other.lang}
            for other in tree.editions]


def _relative(target_prefix: str, base_prefix: str) -> str:
    """The folder `target_prefix` as seen from the folder `base_prefix` (`""` is the site root)."""
    relative = posixpath.relpath(target_prefix.strip("/") or ".", base_prefix.strip("/") or ".")
    return "./" if relative == "." else relative + "/"
