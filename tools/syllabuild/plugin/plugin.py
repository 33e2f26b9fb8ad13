"""MkDocs plugin `syllabuild`: runs the course pipeline and feeds its generated tree to MkDocs.

Every handler either calls the pipeline or hands MkDocs what the pipeline produced; nothing
about the course is decided here. The MkDocs-only parts — one build holding every edition
with a nav per language, the language switcher, per-language search — live in `editions.py`;
what a `serve` rebuild may keep of the previous site, in `reuse.py`.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from syllabuild.links.build_check import build_link_problems
from syllabuild.plugin import markdown_setup
from syllabuild.plugin.editions import MultilingualSite
from syllabuild.plugin.reuse import PreviousSite
from syllabuild.project import Project, ProjectError, load_project
from syllabuild.project.theme_check import theme_problem
from syllabuild.site.archive import publish_archive
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
        self.layout_changes: dict = {}
        """Layout a command forces (`syllabuild term archive`: the archive's site_url, no archived terms)."""
        self.project: Project | None = None
        self.course: CourseBuild | None = None
        self.reuse_site = False
        """Keep the previous build's pages that did not change (`serve`; see `reuse.PreviousSite`)."""
        self.previous_site = PreviousSite()
        self._link_check: threading.Thread | None = None

    def load_config(self, options: dict, config_file_path: str | None = None):
        # The project layer reads these settings from mkdocs.yml itself, once, with positions,
        # for every command and builder alike: MkDocs only needs to accept them.
        return [], []

    # -- configuration ---------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"
        # `mkdocs serve --dirty`; `syllabuild serve` sets it itself (see `plugin.build.serve`).
        self.reuse_site = dirty

    @event_priority(100)
    def _load_project(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before every other plugin's on_config: the search plugin compiles theme templates there.
        self._wait_for_link_check()
        try:
            self.project = load_project(Path(config.config_file_path), site_dir=Path(config.site_dir))
        except ProjectError as error:
            raise PluginError(str(error)) from None
        if self.layout_changes:
            layout = dataclasses.replace(self.project.layout, **self.layout_changes)
            self.project = dataclasses.replace(self.project, layout=layout)
        if (wrong_theme := theme_problem(self.project.config)) is not None:
            raise PluginError(wrong_theme)
        layout = self.project.layout
        _theme_environments(config, layout.cache_dir / "templates" / "theme", layout.root.resolve())
        return config

    def _run_pipeline(self, config: MkDocsConfig) -> MkDocsConfig:
        project = self.project
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

    on_config = CombinedEvent(_load_project, _run_pipeline)

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
        if self.reuse_site:
            reused = self.previous_site.start(config, self.course.tree, files, self.course.problems)
            log.debug("dirty build: %s", "only the changed pages" if reused else "every page (the navigation changed)")
        return nav

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        if self.reuse_site:
            self.previous_site.built(page)
        return self.editions.page_context(context, page, nav)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self.editions.post_page(output, page)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.reuse_site:
            self.previous_site.finish(config, self.editions.files)
        self.editions.post_build(config.site_dir)
        # After the builder's own files (sitemaps, search indexes), which never list them.
        publish_archive(self.course.plan.archived, Path(config.site_dir))
        if self.course.problems:
            # `serve` shows the last syllabus that worked, whose errors are logged above; the
            # links of a syllabus that does not load cannot be checked.
            log.info("links not checked: the syllabus has errors")
            return
        if not self.is_serve:
            _check_links(self.course, Path(config.site_dir))
            return
        # While serving, the browsers reload first and the links are checked meanwhile; the
        # next build waits for the check, which reads the site folder that build rewrites.
        self._link_check = threading.Thread(target=_check_links, args=(self.course, Path(config.site_dir)),
                                            name="syllabuild link check", daemon=True)
        self._link_check.start()

    def _wait_for_link_check(self) -> None:
        if self._link_check is not None:
            self._link_check.join()
            self._link_check = None

    def on_build_error(self, *, error: Exception) -> None:
        self.previous_site.failed()

    def on_shutdown(self) -> None:
        self._wait_for_link_check()
        SnippetService.shutdown()

    # -- serve -----------------------------------------------------------------------------
    def on_serve(self, server, *, config: MkDocsConfig, builder):
        layout = self.course.project.layout if self.course else None
        if layout is not None:
            for path in (layout.syllabus, layout.lectures_dir, layout.snippets_dir):
                if path.exists():
                    server.watch(str(path))
        return server


def _check_links(course: CourseBuild, site_dir: Path) -> None:
    try:
        lines = build_link_problems(course.project, site_dir=site_dir, page_sources=course.sources)
    except Exception as error:  # noqa: BLE001 - in serve's thread: say it, keep serving
        if threading.current_thread() is threading.main_thread():
            raise
        log.error("links not checked: %s: %s", type(error).__name__, error)
        return
    for line in lines:
        log.warning("broken link: %s", line)


def _theme_environments(config: MkDocsConfig, compiled: Path, project_dir: Path) -> None:
    """Every Jinja environment of the theme keeps its compiled templates in `compiled`, and
    lists the installed theme's files once per process.

    Compiling Material's templates (some forty for a page, each environment anew: the build's,
    the search plugin's, the language check's) costs more than rendering the pages with them;
    the cache checks each template's source, so an edited override is compiled again. Listing
    the theme (some 14,000 files, its icons) is done on every build, so on every `serve`
    rebuild; an installed theme does not change meanwhile (a `custom_dir` in the project may,
    and is listed each time).
    """
    try:
        compiled.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # a read-only project: compile as MkDocs does
    theme = config.theme
    make_env = type(theme).get_env.__get__(theme)

    def get_env():
        env = make_env()
        env.bytecode_cache = FileSystemBytecodeCache(str(compiled))
        if not any(Path(folder).resolve().is_relative_to(project_dir) for folder in theme.dirs):
            env.list_templates = functools.partial(_listed_once, env, tuple(theme.dirs), tuple(theme.static_templates))
        return env

    theme.get_env = get_env


_THEME_LISTINGS: dict[tuple, list[str]] = {}


def _listed_once(env, dirs: tuple, static_templates: tuple, extensions=None, filter_func=None) -> list[str]:
    if filter_func is not None and getattr(filter_func, "__module__", None) != "mkdocs.structure.files":
        return type(env).list_templates(env, extensions, filter_func)  # someone else's filter: may read anything
    # MkDocs' filter (for the theme's static files) reads the static templates and constants only.
    key = (dirs, static_templates, tuple(extensions or ()), getattr(filter_func, "__code__", None))
    if key not in _THEME_LISTINGS:
        _THEME_LISTINGS[key] = type(env).list_templates(env, extensions, filter_func)
    return list(_THEME_LISTINGS[key])
