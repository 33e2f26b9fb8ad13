"""`syllabuild build|serve --builder mkdocs`: MkDocs over the course pipeline (through the plugin)."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from syllabuild.atomic import staging_folder, swap_in
from syllabuild.console import setup_logging
from syllabuild.schedule.release import NOW_VARIABLE
from syllabuild.site.pipeline import CourseBuild

__all__ = ["BuildFailed", "build", "serve"]


class BuildFailed(Exception):
    """The build stopped; the message says why (already logged by MkDocs where it was a warning)."""


def build(config_file: Path, *, site_dir: Path | None = None, strict: bool = False, now: str | None = None,
          setting_changes: dict | None = None) -> CourseBuild:
    """Build into a sibling temporary folder, then swap it in place of the site folder.

    Args:
        config_file: mkdocs.yml.
        site_dir: output folder instead of mkdocs.yml's `site_dir`.
        strict: fail on any warning (a failing snippet, a broken link).
        now: show the site as of this moment (`--now`).
        setting_changes: settings a command forces, e.g. `{"snippets": {"execute": True}}`.

    Returns:
        The pipeline's run (plan, tree, page sources).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    setup_logging()
    try:
        config = load_config(str(config_file), strict=strict, **({"site_dir": str(site_dir)} if site_dir else {}))
        plugin = _plugin(config)
        plugin.now, plugin.setting_changes = now, dict(setting_changes or {})
        final = Path(config.site_dir)
        with staging_folder(final) as staging:
            config.site_dir = str(staging)
            mkdocs_build(config)
            swap_in(staging, final)
    except (Abort, ConfigurationError, PluginError) as error:
        raise BuildFailed(str(error)) from None
    course = plugin.course
    # The plugin saw the staging folder as the site folder; the caller's is where it now is.
    layout = dataclasses.replace(course.project.layout, site_dir=final.resolve())
    return dataclasses.replace(course, project=dataclasses.replace(course.project, layout=layout))


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, now: str | None = None) -> None:
    """`mkdocs serve` with live reload; syllabus, lectures and snippets are watched too."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if now:
        # MkDocs makes a new plugin for every rebuild: the moment travels in the environment,
        # which is the next in precedence after --now anyway.
        os.environ[NOW_VARIABLE] = now
    setup_logging()
    try:
        mkdocs_serve(str(config_file), dev_addr=f"{host}:{port}", livereload=True)
    except (Abort, ConfigurationError, PluginError) as error:
        raise BuildFailed(str(error)) from None


def _plugin(config: MkDocsConfig):
    plugin = config.plugins.get("syllabuild")
    if plugin is None:
        raise BuildFailed(f"{config.config_file_path}: the syllabuild plugin is not listed under `plugins:`")
    return plugin
