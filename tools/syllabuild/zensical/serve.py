"""Serve the Zensical build with live reload: regenerate, rebuild and reload on every change.

`zensical serve` builds one config and watches its docs folder; a syllabuild course is several
builds from a tree that is itself generated from the sources. So the watching and serving are
MkDocs' `LiveReloadServer` (a static server that injects the reload script into each page),
and each rebuild is `regenerate()` followed by `build_site`, which swaps the new site in only
when it built: a broken edit keeps the last good site on screen, with the error in the log.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer
from ruamel.yaml.comments import CommentedMap

from syllabuild.site.tree import GeneratedTree
from syllabuild.zensical.build import build_site

__all__ = ["serve"]

log = logging.getLogger("mkdocs.plugins.syllabuild.zensical")

# MkDocs' server polls every 0.5 s, then waits 0.1 s for the saves to stop: as long as a rebuild.
POLL_INTERVAL = 0.1
BUILD_DELAY = 0.05


def serve(
    regenerate: Callable[[], GeneratedTree],
    watch: list[Path],
    mkdocs_config: CommentedMap,
    *,
    site_dir: Path,
    work_dir: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    before_swap: Callable[[Path], None] | None = None,
) -> None:
    """Build the site, serve it at site_url's path and rebuild it when a watched file changes.

    Returns when interrupted (Ctrl-C).

    Args:
        regenerate: Writes the generated tree from the sources and returns it.
        watch: The sources to watch (files or folders, e.g. syllabus.yaml, lectures/, docs/).
        mkdocs_config: The project's mkdocs.yml, loaded round-trip by `ruamel.yaml.YAML()`.
        site_dir: Where the site is built and served from (a temporary folder, typically).
        work_dir: syllabuild's folder for Zensical's configs and cache (see `build_site`).
        host: The address to listen on.
        port: The port to listen on.
        before_swap: Called with each complete new site before it is served (see `build_site`).
    """
    site_dir = Path(site_dir).absolute()
    mount_path = urlsplit(str(mkdocs_config.get("site_url") or "/")).path or "/"
    server = LiveReloadServer(builder=lambda: None, host=host, port=port, root=str(site_dir), mount_path=mount_path,
                              polling_interval=POLL_INTERVAL)
    server.build_delay = BUILD_DELAY
    config = copy.deepcopy(mkdocs_config)
    # Absolute URLs (sitemap.xml, 404.html) then lead to this server, as with `mkdocs serve`.
    config["site_url"] = server.url

    def rebuild() -> None:
        # Never raise: LiveReloadServer would print a traceback and look stuck; the last good
        # site stays in site_dir (build_site swaps only on success) and the log says why.
        try:
            warnings = build_site(regenerate(), config, site_dir=site_dir, work_dir=work_dir, before_swap=before_swap)
        except Exception as error:  # noqa: BLE001 - a syllabus error or a Zensical one, shown either way
            log.error("%s", error)
            log.error("the site was not rebuilt: serving the last good version")
            return
        for warning in warnings:
            log.warning("%s", warning)

    server.builder = rebuild
    server.error_handler = lambda code: _error_page(site_dir, code)
    rebuild()
    for path in watch:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        log.info("shutting down")
    finally:
        server.shutdown()


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None
