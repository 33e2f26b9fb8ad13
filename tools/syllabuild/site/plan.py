"""The site plan: from syllabus + layout + release policy, every file of every edition (pure).

The plan says what the site is — editions, navigation, generated and hand-written pages,
notebook pages and their runs, the calendar, assets — before anything executes or is written.
It reads the project's source files (notes, docs/, notebooks) but writes nothing and needs no
builder, so it is tested with plain function calls.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

from syllabuild.i18n.messages import messages_for
from syllabuild.notebooks.execute import NotebookError, plan_notebook, read_notebook
from syllabuild.notebooks.model import NotebookPlan
from syllabuild.notebooks.site import NotebookPage, find_notebooks, notebook_pages, notebook_title
from syllabuild.pages import SiteContext, render_site
from syllabuild.pages.feed import FEED_PATH, cached_calendar_feed
from syllabuild.pages.site import PAST_TERMS_PAGE
from syllabuild.pages.timeline import page_url
from syllabuild.project import Project
from syllabuild.project.archive import ArchivedTerm
from syllabuild.schedule.release import ReleasePolicy, visible_at
from syllabuild.site.editions import Edition, map_nav_paths, nav_titles, prefix, render_editions, variant
from syllabuild.site.nav import course_nav, lecture_groups
from syllabuild.site.notes import UnreadableSource, read_notes, read_source
from syllabuild.snippets.project import snippet_project
from syllabuild.syllabus.model import Syllabus
from syllabuild.theme import ASSETS

__all__ = ["EditionPlan", "HandWrittenFile", "NotebookEntry", "PlannedPage", "SitePlan", "notebook_page_path", "plan_site"]

log = logging.getLogger("mkdocs.plugins.syllabuild")


@dataclass(frozen=True)
class PlannedPage:
    """A Markdown page of one edition, before its executable blocks run."""

    path: str
    """Path in the edition's docs folder (`lectures/01-perceptrons.md`)."""
    markdown: str
    title: str | None = None
    section: str | None = None
    """Nav section of a generated page."""
    source: str | None = None
    """Project-relative file staff edit (`docs/faq.he.md`); None for a page generated from the syllabus."""


@dataclass(frozen=True)
class HandWrittenFile:
    """A file of docs/ copied as it is (images, PDFs, stylesheets of the course)."""

    path: str
    source: Path


@dataclass(frozen=True)
class NotebookEntry:
    """A notebook page of one edition."""

    page: NotebookPage
    title: str


@dataclass(frozen=True)
class EditionPlan:
    """Everything one language's docs folder will hold."""

    lang: str
    prefix: str
    direction: str
    pages: tuple[PlannedPage, ...]
    files: tuple[HandWrittenFile, ...]
    notebooks: tuple[NotebookEntry, ...]
    nav: list
    theme_language: str


@dataclass(frozen=True)
class SitePlan:
    """The whole site, before anything runs."""

    editions: tuple[EditionPlan, ...]
    syllabus: Syllabus
    """The course as the site may show it (release dates applied)."""
    policy: ReleasePolicy
    notebooks: dict[str, NotebookPlan] = field(default_factory=dict)
    """Repository path -> the run of each notebook that has a page."""
    calendar: bytes = b""
    assets: tuple[tuple[str, Path], ...] = ()
    """(path in every docs folder, source file) of the course stylesheets and scripts."""
    extra_css: tuple[str, ...] = ()
    extra_javascript: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    """Notebook files that could not be read, already located."""
    archived: tuple[ArchivedTerm, ...] = ()
    """The archived terms the site publishes unchanged under `archive/<slug>/`, newest first."""
    untranslated: tuple[str, ...] = ()
    """Titles a language's edition has no translation for (notebook pages), one line each."""

    @property
    def default(self) -> EditionPlan:
        return self.editions[0]


def plan_site(project: Project, syllabus: Syllabus, policy: ReleasePolicy, *, problems: tuple[str, ...] = (),
              archived: tuple[ArchivedTerm, ...] = ()) -> SitePlan:
    """Plan every edition of the course.

    Args:
        project: the project layout and settings.
        syllabus: the validated syllabus, before release dates apply.
        policy: the release policy (what is public now).
        problems: syllabus errors to show on every page (`serve` keeps the last good syllabus).
        archived: the project's archived terms (`project.archive.read_archive`): each edition
            gets a past terms page listing them, at the end of its nav.
    """
    layout = project.layout
    lectures_dir = layout.relative(layout.lectures_dir)
    sources = find_notebooks(syllabus, layout.root, lectures_dir)
    shown = notebook_pages(sources, lectures_dir, policy)
    plans, notebook_problems = _notebook_plans(project, shown)
    shown = [page for page in shown if page.source.path in plans]
    links: dict[str, str | None] = {source.path: None for source in sources}
    links.update({page.source.path: notebook_page_path(page.page) for page in shown})

    visible = visible_at(syllabus, policy)
    context = SiteContext(
        project_dir=layout.root,
        lectures_dir=lectures_dir,
        snippets_dir=layout.relative(layout.snippets_dir),
        problems=problems,
        repo_url=layout.repo_url,
        notes=read_notes(visible, layout.root, lectures_dir),
        now=policy.now,
        notebook_pages=links,
        feed=FEED_PATH,
        directory_urls=layout.use_directory_urls,
        archived=archived,
    )
    editions = render_editions(visible, context, render_site)
    languages = [edition.lang for edition in editions]
    hand_written = _docs_files(layout.docs_dir)
    user_nav = _plain(project.config.get("nav")) if project.config is not None else None
    titles = {edition.lang: _notebook_titles(syllabus, edition.lang, languages[0]) for edition in editions}
    planned = tuple(
        _edition(edition, languages, hand_written, layout, shown, plans, user_nav, titles[edition.lang],
                 lecture_groups(visible, edition.lang))
        for edition in editions
    )
    untranslated = tuple(
        f"{page.source.path}: no {lang} title for its page in the {lang} nav (it shows the notebook's own heading); "
        f"give the exercise that lists it a title per language ({{{languages[0]}: …, {lang}: …}})"
        for lang in languages[1:] for page in shown if page.source.path not in titles[lang]
    )
    urls = {page.path: page_url(page.path, layout.use_directory_urls) for page in planned[0].pages}
    calendar = cached_calendar_feed(visible, stamp=policy.now, site_url=layout.site_url, page_urls=urls,
                                    cache_dir=layout.cache_dir / "calendar")
    return SitePlan(
        editions=planned,
        syllabus=visible,
        policy=policy,
        notebooks=plans,
        calendar=calendar,
        assets=ASSETS,
        extra_css=tuple(path for path, _ in ASSETS if path.endswith(".css")),
        extra_javascript=tuple(path for path, _ in ASSETS if path.endswith(".js")),
        problems=tuple(notebook_problems),
        archived=archived,
        untranslated=untranslated,
    )


# -- editions ----------------------------------------------------------------------------------
def _edition(edition: Edition, languages: list[str], hand_written: list[Path], layout, notebooks: list[NotebookPage],
             plans: dict[str, NotebookPlan], user_nav: list | None, titles: dict[str, str],
             groups: dict[str, str]) -> EditionPlan:
    docs = layout.docs_dir
    docs_rel = layout.relative(docs)
    default = edition.lang == languages[0]
    pages: dict[str, PlannedPage] = {
        page.path: PlannedPage(page.path, page.markdown, page.title, page.section) for page in edition.pages
    }
    generated = set(pages)
    files: list[HandWrittenFile] = []
    own_variants = {}
    for path in hand_written:
        relative = path.relative_to(docs).as_posix()
        found = variant(relative, languages)
        if found is not None:
            if found[0] == edition.lang:
                own_variants[found[1]] = path
            continue
    unreadable: list[str] = []

    def page_text(source: Path) -> str:
        try:
            return read_source(source, layout.root, confined=False)
        except UnreadableSource as error:
            unreadable.extend(error.lines)
            return ""

    for path in hand_written:
        relative = path.relative_to(docs).as_posix()
        if variant(relative, languages) is not None:
            continue
        if not relative.endswith(".md"):
            files.append(HandWrittenFile(relative, path))
            continue
        source = own_variants.pop(relative, path)
        if relative in generated and default:
            log.info("%s/%s is hand-written; it replaces the generated page", docs_rel, relative)
        pages[relative] = PlannedPage(relative, page_text(source), source=layout.relative(source))
    for relative, source in own_variants.items():  # a variant with no default-language page
        pages[relative] = PlannedPage(relative, page_text(source), source=layout.relative(source))
    if unreadable:
        raise UnreadableSource(unreadable)
    words = messages_for(edition.lang)
    entries = tuple(NotebookEntry(page, titles.get(page.source.path) or notebook_title(plans[page.source.path].notebook, page.page))
                    for page in notebooks)
    past_terms = next((page for page in edition.pages if page.path == PAST_TERMS_PAGE), None)
    if user_nav is not None:
        nav = _nav_without_variants(user_nav, languages)
    else:
        nav = course_nav([page for page in edition.pages if page is not past_terms],
                         [p for p in pages if p not in generated], groups)
        if entries:
            nav.append({words("Notebooks"): [{entry.title: notebook_page_path(entry.page.page)} for entry in entries]})
    if past_terms is not None and PAST_TERMS_PAGE not in nav_titles(nav).keys() | set(_nav_strings(nav)):
        nav.append({past_terms.title: PAST_TERMS_PAGE})  # last: the current term comes first
    return EditionPlan(
        lang=edition.lang,
        prefix=prefix(edition.lang, languages),
        direction=words.direction,
        pages=tuple(pages.values()),
        files=tuple(files),
        notebooks=entries,
        nav=nav,
        theme_language=edition.lang,
    )


def _nav_without_variants(nav: list, languages: list[str]) -> list:
    """mkdocs.yml's own nav for an edition: entries naming another language's variant are dropped."""
    return map_nav_paths(nav, lambda path: path if variant(path, languages) is None else None)


def _nav_strings(nav: list) -> list[str]:
    """The entries of a nav given as a bare path (`- faq.md`)."""
    found = []
    for item in nav:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found += [path for value in item.values() if isinstance(value, list) for path in _nav_strings(value)]
    return found


def notebook_page_path(page: str) -> str:
    """A notebook page's Markdown file: `notebooks/tour.ipynb` is written as `notebooks/tour.md`."""
    return page[: -len(".ipynb")] + ".md" if page.endswith(".ipynb") else page


def _notebook_titles(syllabus: Syllabus, lang: str, default: str) -> dict[str, str]:
    """Notebook path -> its page title in `lang`, from the exercise that lists it.

    The default language's edition keeps the notebook's own first heading (the author's title);
    another edition takes the exercise's title in its language, where the syllabus gives one.
    """
    if lang == default:
        return {}
    found = {}
    for lecture in syllabus.lectures:
        for exercise in lecture.exercises:
            if isinstance(exercise.title, dict) and exercise.title.get(lang):
                for link in exercise.materials:
                    if link.url.endswith(".ipynb"):
                        found.setdefault(link.url, str(exercise.title[lang]))
    return found


# -- sources -----------------------------------------------------------------------------------
def _docs_files(docs: Path) -> list[Path]:
    """Every file of docs/ a builder would publish (MkDocs' default: no dot-files, no `templates/`)."""
    if not docs.is_dir():
        return []
    found = []
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts) or relative.parts[0] == "templates":
            continue
        found.append(path)
    return found


def _notebook_plans(project: Project, pages: list[NotebookPage]) -> tuple[dict[str, NotebookPlan], list[str]]:
    layout = project.layout
    defaults = snippet_project(project, progress=False).sources.defaults
    plans, problems = {}, []
    for page in pages:
        try:
            notebook = read_notebook(layout.root / page.source.path, page.source.path)
        except NotebookError as error:
            problems.append(str(error))
            continue
        plans[page.source.path] = plan_notebook(page.source, notebook, layout.root, defaults,
                                                project.settings.snippets.execute)
    return plans, problems


def _plain(value):
    """Round-trip YAML data as plain lists and dicts (the nav as mkdocs.yml writes it)."""
    return json.loads(json.dumps(value)) if value is not None else None
