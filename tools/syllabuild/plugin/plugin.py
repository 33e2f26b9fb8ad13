"""MkDocs plugin `syllabuild`: each event handler calls the core and nothing else."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from syllabuild import theme as course_theme
from syllabuild.i18n.editions import render_editions
from syllabuild.i18n.site import MultilingualSite, report_translations
from syllabuild.links.build_check import build_link_problems
from syllabuild.pages import SiteContext, render_site
from syllabuild.plugin import markdown_setup
from syllabuild.notebooks.page_html import NotebookStyles
from syllabuild.notebooks.service import NotebookService
from syllabuild.plugin.config import SyllabuildConfig
from syllabuild.plugin.notes import read_notes
from syllabuild.plugin.state import last_good
from syllabuild.schedule.feed import FEED_PATH, calendar_feed
from syllabuild.schedule.release import NOW_VARIABLE, NowError, resolve_now, visible_at
from syllabuild.snippets.service import SnippetService
from syllabuild.syllabus import SyllabusError, load_with_document

log = get_plugin_logger(__name__)

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


class SyllabuildPlugin(BasePlugin[SyllabuildConfig]):
    """Generates the course pages from `syllabus.yaml` and joins snippet output to them."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project_dir = Path.cwd()
        self.syllabus = None
        self.problems: list[str] = []
        self.pages = []
        self.is_serve = False
        self.built_files = None

    # -- configuration ---------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path).resolve().parent
        self.strict = bool(config.strict)
        syllabus_path = self.project_dir / self.config.syllabus
        try:
            self.syllabus, document = load_with_document(syllabus_path, root=self.project_dir)
            last_good.remember(syllabus_path, self.syllabus)
            self.problems = []
        except SyllabusError as error:
            previous = last_good.recall(syllabus_path)
            if not self.is_serve or previous is None:
                # Stop before anything is written: the previous site stays as it was.
                raise PluginError(str(error)) from None
            for line in error.lines():
                log.error(line)
            self.syllabus = previous
            self.problems = error.lines()
        try:
            self.now = resolve_now(self.syllabus, self.config.now)
        except NowError as error:
            raise PluginError(f"plugins.syllabuild.now / ${NOW_VARIABLE}: {error}") from None
        self.notebooks = NotebookService.discover(self.config, self.project_dir, self.syllabus, self.now)
        # Release dates apply to the model, so unreleased material reaches no page, nav entry,
        # search index, sitemap or calendar.
        self.syllabus = visible_at(self.syllabus, self.now)
        config.theme.dirs.insert(_theme_insert_index(config), str(THEME_DIR))
        course_theme.apply(config)
        markdown_setup.ensure_extensions(config)
        self.context = SiteContext(
            project_dir=self.project_dir,
            lectures_dir=self.config.lectures_dir,
            snippets_dir=self.config.snippets_dir,
            problems=tuple(self.problems),
            repo_url=config.repo_url or "",
            notes=read_notes(self.syllabus, self.project_dir, self.config.lectures_dir),
            now=self.now,
            notebook_pages=self.notebooks.page_links(),
            feed=FEED_PATH,
            directory_urls=bool(config.use_directory_urls),
        )
        editions = render_editions(self.syllabus, self.context, render_site)
        self.pages = [page for edition in editions for page in edition.site_pages()]
        self.snippets = SnippetService.start(self.config, self.project_dir, config.docs_dir, [(p.path, p.markdown) for p in self.pages])
        self.notebooks.submit(self.snippets.engine)
        self.notebook_styles = NotebookStyles()
        self.editions = MultilingualSite(
            editions, config.nav, Path(config.docs_dir),
            lambda pages, docs_dir, lang: markdown_setup.build_nav(pages, docs_dir) + self.notebooks.nav(lang),
        )
        config.nav = self.editions.nav
        self.editions.configure(config)
        if not self.problems:
            report_translations(document, self.syllabus.course.languages, self.config.i18n.untranslated)
        return config

    # -- files and pages -------------------------------------------------------------------
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self.editions.place_variants(files, config)
        for page in self.pages:
            existing = files.get_file_from_path(page.path)
            if existing is not None:
                log.info("docs/%s is hand-written; it replaces the generated page", page.path)
                continue
            files.append(File.generated(config, page.path, content=page.markdown))
        if files.get_file_from_path(FEED_PATH) is None:
            urls = {file.src_uri: file.url for file in files.documentation_pages()}
            feed = calendar_feed(self.syllabus, stamp=self.now, site_url=config.site_url, page_urls=urls)
            files.append(File.generated(config, FEED_PATH, content=feed))
        files = self.notebooks.add_files(files, config, config.repo_url or "", self.editions.folders)
        self.editions.add_fallbacks(files, config)
        return files

    @event_priority(-100)
    def _keep_languages_apart(self, files: Files, *, config: MkDocsConfig) -> Files:
        # After every other plugin's on_files (mkdocs-jupyter re-creates notebook files).
        self.editions.mark_languages(files)
        return files

    on_files = CombinedEvent(_add_files, _keep_languages_apart)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.editions.build_navigations(nav, files, config)
        self.built_files = files  # for the link check, to report failures at their Markdown line
        return nav

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        return self.editions.page_context(context, page, nav)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self.editions.post_page(output, page)
        return self.notebook_styles.clean(output, base_url=_base_url(page))

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.snippets.page_markdown(markdown, page.file.src_uri, page.url)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.editions.post_build(config.site_dir)
        self.snippets.post_build(config.site_dir)
        self.notebook_styles.write(Path(config.site_dir))
        problems = build_link_problems(
            self.project_dir, self.config, site_dir=config.site_dir, docs_dir=config.docs_dir, site_url=config.site_url,
            files=self.built_files,
        )
        for line in problems:
            log.warning("broken link: %s", line)

    def on_shutdown(self) -> None:
        SnippetService.shutdown()

    # -- serve -----------------------------------------------------------------------------
    def on_serve(self, server, *, config: MkDocsConfig, builder):
        server.watch(str(self.project_dir / self.config.syllabus))
        for folder in (self.config.lectures_dir, self.config.snippets_dir):
            path = self.project_dir / folder
            if path.is_dir():
                server.watch(str(path))
        return server


def _base_url(page: Page) -> str:
    """Relative path from a page to the site root, as MkDocs' own `base_url`."""
    depth = page.url.count("/") if page.url else 0
    return "/".join([".."] * depth) or "."


def _theme_insert_index(config: MkDocsConfig) -> int:
    """Our overrides go after the user's custom_dir (which must win) and before Material's."""
    return 1 if config.theme.custom_dir else 0
