"""MkDocs plugin `syllabuild`: runs the course pipeline and feeds its generated tree to MkDocs.

Every handler either calls the pipeline or hands MkDocs what the pipeline produced; nothing
about the course is decided here. The MkDocs-only parts — one build holding every edition
with a nav per language, the language switcher, per-language search — live in `editions.py`.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from syllabuild.links.build_check import build_link_problems
from syllabuild.plugin import markdown_setup
from syllabuild.plugin.editions import MultilingualSite
from syllabuild.project import ProjectError, load_project
from syllabuild.project.theme_check import theme_problem
from syllabuild.site.pipeline import CourseBuild, CourseError, run_pipeline
from syllabuild.snippets.service import SnippetService
from syllabuild.theme import THEME_DIR

log = get_plugin_logger(__name__)


class SyllabuildPlugin(BasePlugin):
    """Generates the course from `syllabus.yaml` and builds it with MkDocs."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.is_serve = False
        self.now: str | None = None
        """`syllabuild build --now`: set by the command before the build."""
        self.setting_changes: dict = {}
        """Settings a command forces (`syllabuild check` runs every snippet)."""
        self.course: CourseBuild | None = None

    def load_config(self, options: dict, config_file_path: str | None = None):
        # The project layer reads these settings from mkdocs.yml itself, once, with positions,
        # for every command and builder alike: MkDocs only needs to accept them.
        return [], []

    # -- configuration ---------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            project = load_project(Path(config.config_file_path), site_dir=Path(config.site_dir))
        except ProjectError as error:
            raise PluginError(str(error)) from None
        if (wrong_theme := theme_problem(project.config)) is not None:
            raise PluginError(wrong_theme)
        if self.setting_changes:
            project = project.with_settings(**self.setting_changes)
        try:
            self.course = run_pipeline(project, now=self.now, keep_last_good=self.is_serve)
        except CourseError as error:
            # Stop before anything is written: the previous site stays as it was.
            raise PluginError(str(error)) from None
        tree = self.course.tree
        if "mkdocs-jupyter" in config.plugins:
            log.warning("plugins: mkdocs-jupyter is not needed: syllabuild renders the notebooks itself "
                        "(it would turn the notebook downloads into pages); remove it from mkdocs.yml")
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        markdown_setup.configure(config, tree.default.extra_css, tree.default.extra_javascript)
        self.editions = MultilingualSite(tree)
        config.nav = self.editions.nav
        self.editions.configure(config)
        return config

    # -- files and pages -------------------------------------------------------------------
    def _add_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """The generated tree replaces docs/: every edition's folder at its place in the site."""
        docs_dir = Path(config.docs_dir).resolve()
        kept = [file for file in files if file.src_dir is None or Path(file.src_dir).resolve() != docs_dir]
        tree = self.course.tree
        for edition in tree.editions:
            folder = tree.docs_dir(edition)
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    uri = edition.prefix + path.relative_to(folder).as_posix()
                    kept.append(File.generated(config, uri, abs_src_path=str(path)))
        return Files(kept)

    @event_priority(-100)
    def _keep_languages_apart(self, files: Files, *, config: MkDocsConfig) -> Files:
        # After every other plugin's on_files.
        self.editions.mark_languages(files)
        return files

    on_files = CombinedEvent(_add_files, _keep_languages_apart)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.editions.build_navigations(nav, files, config)
        return nav

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        return self.editions.page_context(context, page, nav)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.editions.post_page(output, page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.editions.post_build(config.site_dir)
        for line in build_link_problems(self.course.project, site_dir=Path(config.site_dir),
                                        page_sources=self.course.sources):
            log.warning("broken link: %s", line)

    def on_shutdown(self) -> None:
        SnippetService.shutdown()

    # -- serve -----------------------------------------------------------------------------
    def on_serve(self, server, *, config: MkDocsConfig, builder):
        layout = self.course.project.layout if self.course else None
        if layout is not None:
            for path in (layout.syllabus, layout.lectures_dir, layout.snippets_dir):
                if path.exists():
                    server.watch(str(path))
        return server
