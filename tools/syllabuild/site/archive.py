"""Publishing the archived terms with the current site: copied in as they are, beside its pages.

A builder renders the current term only. The archived terms join the built site afterwards, file
for file as their manifests list them (checked by the pipeline before anything was built), so no
builder re-renders them and no current search index, sitemap or nav holds their pages. Beside them
goes `archive/current-pages.json`, the current site's pages, from which an archived page's banner
finds the same page on the current site.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from syllabuild.project.archive import ARCHIVE_FOLDER, CURRENT_PAGES, MANIFEST, ArchivedTerm, page_url

__all__ = ["publish_archive"]


def publish_archive(archived: tuple[ArchivedTerm, ...], site_dir: Path) -> None:
    """Put every archived term at `archive/<slug>/` of the built site, and the list of current pages.

    Files are hard-linked from the project where the file system allows (nothing is copied),
    else copied. Call it after the builder wrote the site and before its links are checked.
    Nothing is written for a project without archived terms.

    Args:
        archived: the terms the plan publishes (`SitePlan.archived`).
        site_dir: the built site (the staging folder of a build that swaps it in).
    """
    if not archived:
        return
    site_dir = Path(site_dir)
    folder = site_dir / ARCHIVE_FOLDER
    current = _current_pages(site_dir, {term.slug for term in archived})
    for term in archived:
        target = folder / term.slug
        if target.exists():
            shutil.rmtree(target)  # `serve` rebuilds into the same folder
        for path in [*term.files, MANIFEST]:
            destination = target / path
            destination.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(term.folder / path, destination)
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"pages": current}, ensure_ascii=False, separators=(",", ":"))
    (folder / CURRENT_PAGES).write_text(text + "\n", encoding="utf-8")


def _current_pages(site_dir: Path, slugs: set[str]) -> list[str]:
    """The URL of every page of the current site (`""`, `schedule/`, `he/schedule/`), relative to its root."""
    pages = []
    for directory, folders, names in os.walk(site_dir):
        base = Path(directory)
        relative = base.relative_to(site_dir).as_posix()
        if relative == ARCHIVE_FOLDER:
            folders[:] = [name for name in folders if name not in slugs]
        folders.sort()
        for name in sorted(names):
            if name.endswith(".html") and name != "404.html":
                pages.append(page_url(name if relative == "." else f"{relative}/{name}"))
    return sorted(pages)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)
