"""The course pipeline, end to end: project → syllabus → release policy → plan → generated tree.

This is what every adapter calls (the MkDocs plugin, the Zensical adapter, the commands).
Problems a user can fix come out as `CourseError`, one line each; the adapter decides how to
show them (a `PluginError`, an exit status).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from syllabuild.console import plural
from syllabuild.i18n.messages import has_catalogue
from syllabuild.i18n.untranslated import translation_gaps
from syllabuild.links.source_lines import PageSource
from syllabuild.pages import keep_compiled_templates
from syllabuild.pages.timeline import page_url
from syllabuild.project import Project
from syllabuild.project.archive import read_archive
from syllabuild.schedule.release import NowError, release_policy
from syllabuild.site.generate import generate
from syllabuild.site.notes import UnreadableSource
from syllabuild.site.orphans import orphan_files
from syllabuild.site.plan import SitePlan, plan_site
from syllabuild.site.tree import GeneratedTree
from syllabuild.snippets.service import SnippetService
from syllabuild.syllabus import SyllabusError, load_with_document
from syllabuild.syllabus.model import Syllabus
from syllabuild.syllabus.source import Document

__all__ = ["CourseBuild", "CourseError", "CoursePlan", "load_course", "page_sources", "plan_course", "run_pipeline"]

log = logging.getLogger("mkdocs.plugins.syllabuild")


class CourseError(Exception):
    """The course cannot be generated; `lines` says every reason, each at its file and line."""

    def __init__(self, lines: list[str], headline: str = "") -> None:
        self.lines = list(lines)
        self.headline = headline
        super().__init__("\n".join([headline, *self.lines]) if headline else "\n".join(self.lines))


@dataclass(frozen=True)
class CourseBuild:
    """One run of the pipeline."""

    project: Project
    plan: SitePlan
    tree: GeneratedTree
    problems: tuple[str, ...] = ()
    """Syllabus errors shown on every page: `serve` kept the last syllabus that worked."""
    sources: dict[str, PageSource] = field(default_factory=dict)
    """Built page (`faq/index.html`) -> its Markdown and the file staff edit (for link reports)."""


# The last syllabus that validated, per file: `serve` keeps showing a working site.
_LAST_GOOD: dict[Path, tuple[Syllabus, Document]] = {}


def load_course(project: Project, *, keep_last_good: bool = False) -> tuple[Syllabus, Document, tuple[str, ...]]:
    """The project's syllabus, validated; raises `CourseError` with every problem.

    Args:
        keep_last_good: on errors, return the last syllabus that worked (`serve`) with the
            problems to show, instead of raising.
    """
    layout = project.layout
    path = layout.syllabus
    try:
        syllabus, document = load_with_document(path, root=layout.root, snippets_dir=layout.relative(layout.snippets_dir))
    except SyllabusError as error:
        previous = _LAST_GOOD.get(path.resolve())
        if not keep_last_good or previous is None:
            raise CourseError(error.lines(), error.summary().split("\n", 1)[0]) from None
        for line in error.lines():
            log.error(line)
        return previous[0], previous[1], tuple(error.lines())
    _LAST_GOOD[path.resolve()] = (syllabus, document)
    return syllabus, document, ()


@dataclass(frozen=True)
class CoursePlan:
    """The course checked and planned: all a build knows before it runs code or writes a file."""

    syllabus: Syllabus
    document: Document
    plan: SitePlan
    problems: tuple[str, ...] = ()
    """Syllabus errors shown on every page: `serve` kept the last syllabus that worked."""


def run_pipeline(project: Project, *, now: str | None = None, keep_last_good: bool = False) -> CourseBuild:
    """Generate the whole course into the project's generated tree.

    Args:
        project: the loaded project.
        now: `--now` of the command, if any (see `release_policy` for the precedence).
        keep_last_good: `serve`: a broken syllabus shows the last good site with its errors.
    """
    course = plan_course(project, now=now, keep_last_good=keep_last_good)
    snippets = SnippetService.start(project)
    tree = generate(course.plan, project, snippets)
    return CourseBuild(project, course.plan, tree, course.problems, page_sources(course.plan, project))


def plan_course(project: Project, *, now: str | None = None, keep_last_good: bool = False) -> CoursePlan:
    """Check and plan the course: every problem of the course's sources, without running its code.

    What `syllabuild validate` runs, and the first half of every build, so that no problem of
    the syllabus, its files or its translations first shows as a failed build. Warnings are logged.

    Args:
        project: the loaded project.
        now: `--now` of the command, if any (see `release_policy` for the precedence).
        keep_last_good: `serve`: a broken syllabus shows the last good site with its errors.

    Raises:
        CourseError: every problem found, one line each.
    """
    for warning in project.warnings:
        log.warning("%s", warning)
    layout = project.layout
    # Every build checks the archived terms against their manifests: one changed file fails it.
    archived, archive_problems = read_archive(layout.archive_dir, root=layout.root)
    try:
        syllabus, document, problems = load_course(project, keep_last_good=keep_last_good)
    except CourseError as error:
        raise CourseError(error.lines + archive_problems, error.headline) from None
    if archive_problems:
        raise CourseError(archive_problems)
    try:
        policy = release_policy(syllabus.meetings.timezone, cli_now=now, settings_now=project.settings.now)
    except NowError as error:
        raise CourseError([str(error)]) from None
    if policy.source != "--now" and project.settings.now and policy.source != "mkdocs.yml":
        log.info("plugins.syllabuild.now is overridden by %s", policy.source)
    if not problems:
        report_translations(document, syllabus.course.languages, project.settings.i18n.untranslated)
        for line in orphan_files(syllabus, layout.root, layout.relative(layout.lectures_dir)):
            log.warning("%s", line)
    keep_compiled_templates(project.layout.cache_dir / "templates" / "pages")
    try:
        plan = plan_site(project, syllabus, policy, problems=problems, archived=archived)
    except UnreadableSource as error:
        raise CourseError(error.lines, f"{plural(len(error.lines), 'file')} of the course cannot be read:") from None
    if plan.untranslated and not problems:
        mode = project.settings.i18n.untranslated
        if mode == "error":
            raise CourseError([f"  {line}" for line in plan.untranslated],
                              f"{plural(len(plan.untranslated), 'untranslated title')} (i18n.untranslated: error):")
        if mode == "warn":
            for line in plan.untranslated:
                log.warning("untranslated: %s", line)
    return CoursePlan(syllabus, document, plan, problems)


def page_sources(plan: SitePlan, project: Project) -> dict[str, PageSource]:
    """Built page path (`he/faq/index.html`) -> its Markdown as planned and the file staff edit."""
    directory_urls = project.layout.use_directory_urls
    found = {}
    for edition in plan.editions:
        for page in edition.pages:
            name = edition.prefix + page.path
            url = page_url(name, directory_urls)
            built = url + "index.html" if directory_urls and (url.endswith("/") or not url) else url
            found[built] = PageSource(name, page.markdown, page.source)
    return found


def report_translations(doc: Document, languages: list[str], mode: str) -> None:
    """Log the texts missing a site language (`warn`), or stop on them (`error`).

    Args:
        doc: the parsed syllabus.yaml.
        languages: the site languages, the default first.
        mode: the `i18n.untranslated` setting: warn, error or ignore.
    """
    for lang in languages:
        if not has_catalogue(lang):
            log.warning("no interface words for language '%s': the generated pages' headings show in English "
                        "(dates and text direction are still %s)", lang, lang)
    if mode == "ignore" or len(languages) < 2:
        return
    gaps = translation_gaps(doc, languages)
    if not gaps:
        return
    if mode == "error":
        raise CourseError([f"  {gap}" for gap in gaps],
                          f"{plural(len(gaps), 'untranslated text')} in {doc.display_name} (i18n.untranslated: error):")
    for gap in gaps:
        log.warning("untranslated: %s", gap)
