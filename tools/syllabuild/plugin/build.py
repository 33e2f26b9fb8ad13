"""`syllabuild build|serve --builder mkdocs`: MkDocs over the course pipeline (through the plugin)."""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from syllabuild.atomic import staging_folder, swap_in
from syllabuild.console import setup_logging
from syllabuild.schedule.release import NOW_VARIABLE
from syllabuild.site.pipeline import CourseBuild

__all__ = ["BuildFailed", "build", "serve"]

log = logging.getLogger("mkdocs.plugins.syllabuild")


class BuildFailed(Exception):
    """The build stopped; the message says why (already logged by MkDocs where it was a warning)."""


def build(config_file: Path, *, site_dir: Path | None = None, strict: bool = False, now: str | None = None,
          setting_changes: dict | None = None, site_url: str | None = None, with_archive: bool = True) -> CourseBuild:
    """Build into a sibling temporary folder, then swap it in place of the site folder.

    Args:
        config_file: mkdocs.yml.
        site_dir: output folder instead of mkdocs.yml's `site_dir`.
        strict: fail on any warning (a failing snippet, a broken link).
        now: show the site as of this moment (`--now`).
        setting_changes: settings a command forces, e.g. `{"snippets": {"execute": True}}`.
        site_url: where the site will be published instead of mkdocs.yml's `site_url`
            (`syllabuild term archive`: the term's folder under `archive/`).
        with_archive: publish the archived terms of `archive/` with the site (and check them).

    Returns:
        The pipeline's run (plan, tree, page sources).
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    setup_logging()
    try:
        overrides = {**({"site_dir": str(site_dir)} if site_dir else {}), **({"site_url": site_url} if site_url else {})}
        config = load_config(str(config_file), strict=strict, **overrides)
        plugin = _plugin(config)
        plugin.now, plugin.setting_changes, plugin.reuse_site = now, dict(setting_changes or {}), False
        plugin.layout_changes = {**({"site_url": site_url} if site_url else {}),
                                 **({} if with_archive else {"archive_dir": None})}
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


# How often `serve` looks for changed files, and how long it waits for the saves to stop. MkDocs
# polls every 0.5 s then waits 0.1 s, more than the rebuild of one page; polling (not inotify)
# is kept, as MkDocs does, for editors that replace files and folders mounted from elsewhere.
POLL_INTERVAL = 0.1
BUILD_DELAY = 0.05


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, now: str | None = None) -> None:
    """`mkdocs serve` with live reload, rebuilding only the pages that changed.

    As `mkdocs serve` does, but every rebuild after the first is a dirty one: the plugin keeps
    the pages whose files the pipeline left untouched, and builds every page when anything they
    all show changed (see `syllabuild.plugin.reuse`). The syllabus, lectures and snippets are
    watched besides docs/ and mkdocs.yml.
    """
    from mkdocs.livereload import LiveReloadServer

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if now:
        # The plugin reads its `now` on every rebuild from the environment, the next in
        # precedence after --now anyway.
        os.environ[NOW_VARIABLE] = now
    setup_logging()
    # Every rebuild is dirty on purpose, and kept accurate by the plugin: MkDocs' warning is not for us.
    logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)
    site_dir = tempfile.mkdtemp(prefix="syllabuild-serve-")
    server = None
    serving = False
    config = None
    try:
        config = _load(config_file, site_dir=site_dir, dev_addr=f"{host}:{port}")
        config.plugins.on_startup(command="serve", dirty=False)
        server = LiveReloadServer(builder=lambda: None, host=host, port=port, root=site_dir,
                                  mount_path=urlsplit(config.site_url or "/").path, polling_interval=POLL_INTERVAL)
        server.build_delay = BUILD_DELAY
        serve_url = server.url

        def rebuild(config: MkDocsConfig | None = None) -> None:
            first = config is not None
            try:
                for _ in range(2):  # the second time only when the first could not keep the other pages right
                    if config is None:
                        config = _load(config_file, site_dir=site_dir, dev_addr=f"{host}:{port}")
                    config.site_url = serve_url
                    plugin = _plugin(config)
                    plugin.reuse_site = True
                    mkdocs_build(config, serve_url=serve_url, dirty=True)
                    if not plugin.previous_site.full_build_needed:
                        return
                    log.info("a page's title changed: building every page")
                    config = None  # a build changes its config: the next one starts from mkdocs.yml
            except (Abort, ConfigurationError, PluginError, BuildFailed) as error:
                if first:
                    raise BuildFailed(str(error)) from None
                # Said already by MkDocs where it was a page's error; the last good site stays.
                log.error("%s", error)
                log.error("the site was not rebuilt: serving the last good version")

        server.builder = rebuild
        server.error_handler = lambda code: _error_page(site_dir, code)
        rebuild(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=rebuild)
        for item in config.watch:
            server.watch(item)
        serving = True
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
    finally:
        if serving:
            server.shutdown()
        if config is not None:
            config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)


def _load(config_file: Path, **options) -> MkDocsConfig:
    try:
        return load_config(str(config_file), **options)
    except (Abort, ConfigurationError) as error:
        raise BuildFailed(str(error)) from None


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    return not str(record.msg).startswith("A 'dirty' build is being performed")


def _error_page(site_dir: str, code: int) -> bytes | None:
    page = Path(site_dir) / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None


def _plugin(config: MkDocsConfig):
    plugin = config.plugins.get("syllabuild")
    if plugin is None:
        raise BuildFailed(f"{config.config_file_path}: the syllabuild plugin is not listed under `plugins:`")
    return plugin
