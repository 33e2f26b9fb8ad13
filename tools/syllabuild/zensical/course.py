"""`syllabuild build|serve --builder zensical`: the course pipeline, then Zensical over its tree."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from syllabuild.console import count_warnings, setup_logging
from syllabuild.links.build_check import build_link_problems
from syllabuild.project import Project, ProjectError, load_project
from syllabuild.project.theme_check import theme_problem
from syllabuild.site.archive import publish_archive
from syllabuild.site.pipeline import CourseBuild, CourseError, run_pipeline
from syllabuild.snippets.service import SnippetService
from syllabuild.zensical.build import ZensicalBuildError, build_site

__all__ = ["BuildFailed", "build", "serve"]

log = logging.getLogger("mkdocs.plugins.syllabuild")


class BuildFailed(Exception):
    """The build stopped; the message says why."""


def build(config_file: Path, *, site_dir: Path | None = None, strict: bool = False, now: str | None = None,
          setting_changes: dict | None = None, site_url: str | None = None, with_archive: bool = True) -> CourseBuild:
    """Generate the course and build it with Zensical into the site folder (swapped in when complete).

    `site_url` and `with_archive` as for MkDocs (`syllabuild.plugin.build.build`).
    """
    setup_logging()
    try:
        project = load_project(Path(config_file), site_dir=site_dir)
    except ProjectError as error:
        raise BuildFailed(str(error)) from None
    if (wrong_theme := theme_problem(project.config)) is not None:
        raise BuildFailed(wrong_theme)
    if setting_changes:
        project = project.with_settings(**setting_changes)
    changes = {**({"site_url": site_url} if site_url else {}), **({} if with_archive else {"archive_dir": None})}
    if changes:
        project = dataclasses.replace(project, layout=dataclasses.replace(project.layout, **changes))
    try:
        return _build(project, strict=strict, now=now)
    finally:
        SnippetService.shutdown()


def _build(project: Project, *, strict: bool, now: str | None, keep_last_good: bool = False) -> CourseBuild:
    counter = count_warnings().__enter__()
    try:
        course = run_pipeline(project, now=now, keep_last_good=keep_last_good)
        if strict and counter.count:
            raise BuildFailed(f"Aborted with {counter.count} warnings in strict mode; {project.layout.relative(project.layout.site_dir)}/ is untouched")

        def check_links(staging: Path) -> None:
            publish_archive(course.plan.archived, staging)
            for line in build_link_problems(project, site_dir=staging, page_sources=course.sources):
                log.warning("broken link: %s", line)
            if strict and counter.count:
                raise ZensicalBuildError(f"Aborted with {counter.count} warnings in strict mode")

        mkdocs_config = project.config.copy_data()
        if project.layout.site_url:
            mkdocs_config["site_url"] = project.layout.site_url
        for line in build_site(course.tree, mkdocs_config, site_dir=project.layout.site_dir,
                               work_dir=project.layout.cache_dir / "zensical", strict=strict, before_swap=check_links):
            log.warning("%s", line)
    except CourseError as error:
        raise BuildFailed(str(error)) from None
    except ZensicalBuildError as error:
        raise BuildFailed(str(error)) from None
    finally:
        counter.__exit__()
    return course


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, now: str | None = None) -> None:
    """Serve the course with live reload: any change to the sources regenerates and rebuilds it."""
    from syllabuild.zensical.serve import serve as serve_site

    setup_logging()
    try:
        project = load_project(Path(config_file))
    except ProjectError as error:
        raise BuildFailed(str(error)) from None
    layout = project.layout
    site_dir = layout.cache_dir / "zensical-serve" / "site"

    archived = []

    def regenerate():
        # A broken syllabus keeps the last good syllabus, with its errors shown on every page.
        course = run_pipeline(load_project(Path(config_file), site_dir=site_dir), now=now, keep_last_good=True)
        archived[:] = course.plan.archived
        return course.tree

    watch = [path for path in (layout.config_file, layout.syllabus, layout.docs_dir, layout.lectures_dir,
                               layout.snippets_dir) if path.exists()]
    try:
        serve_site(regenerate, watch, project.config.copy_data(), site_dir=site_dir,
                   work_dir=layout.cache_dir / "zensical", host=host, port=port,
                   before_swap=lambda staging: publish_archive(tuple(archived), staging))
    finally:
        SnippetService.shutdown()
