"""The MkDocs side of a site in several languages: files, one nav per language, the switcher.

One MkDocs build holds every language (the default at the root, the others under `<lang>/`).
Each page is rendered with its own language's nav, its own `lang`/`dir`, Material's interface
words in its language (the `partials/language.html` override reads `syllabuild_lang`), and a
language switcher whose links lead to the same page in the other languages
(`partials/alternate.html` reads `syllabuild_alternates`).

Search stays inside a language: after the build, the search plugin's one index is split into
one per language folder (`he/search/search_index.json`, locations relative to `he/`), and each
page's `__config.base`, which Material's script resolves the index and the result links
against, points at its language's folder instead of the site root.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from jinja2 import TemplateNotFound
from mkdocs.utils import get_relative_url

from syllabuild.i18n.editions import Edition, edition_nav, nav_titles, prefix, split_language, variant
from syllabuild.i18n.messages import has_catalogue, messages_for
from syllabuild.i18n.untranslated import translation_gaps
from syllabuild.syllabus.source import Document

log = get_plugin_logger("syllabuild")


class MultilingualSite:
    """What the plugin needs to build one site with an edition per language."""

    def __init__(self, editions: list[Edition], nav: list | None, docs_dir: Path, build_nav) -> None:
        """
        Args:
            editions: the generated pages of each language, the default first.
            nav: the nav of mkdocs.yml, or None to generate one per language with `build_nav`.
            docs_dir: the folder of hand-written pages.
            build_nav: `(pages, docs_dir, lang) -> nav` for one language's pages.
        """
        self.languages = [edition.lang for edition in editions]
        self.default = self.languages[0]
        self.docs_dir = docs_dir
        self.navs: dict[str, list] = {}
        for edition in editions:
            one_language = list(nav) if nav is not None else build_nav(list(edition.pages), docs_dir, edition.lang)
            self.navs[edition.lang] = edition_nav(one_language, edition.lang, self.languages)
        self.navigations: dict[str, Navigation] = {}
        self.files: Files | None = None

    @property
    def folders(self) -> tuple[tuple[str, str], ...]:
        """(language, folder) of every edition, the default language (folder "") first."""
        return tuple((lang, prefix(lang, self.languages)) for lang in self.languages)

    def configure(self, config: MkDocsConfig) -> None:
        """Material's language selector, and which languages its own interface words exist in."""
        self.multilingual = len(self.languages) > 1
        # A one-language English site keeps whatever theme.language the user chose.
        self.localize_theme = self.multilingual or self.default != config.theme.get("language", "en")
        if self.multilingual and not config.extra.get("alternate"):
            config.extra["alternate"] = self.site_alternates()
        env = config.theme.get_env()
        self.theme_languages = set()
        for lang in self.languages:
            try:
                env.get_template(f"partials/languages/{lang}.html")
                self.theme_languages.add(lang)
            except TemplateNotFound:
                log.info("the theme has no interface words for '%s'; its pages show them in %s", lang, config.theme.get("language", "en"))

    @property
    def nav(self) -> list:
        """The default language's nav, for mkdocs.yml's `nav`."""
        return self.navs[self.default]

    # -- files -----------------------------------------------------------------------------
    def place_variants(self, files: Files, config: MkDocsConfig) -> None:
        """Move hand-written `page.he.md` to `he/page.md`, before the generated pages join."""
        for file in list(files):
            found = variant(file.src_uri, self.languages) if file.src_dir == config.docs_dir else None
            if found is None:
                continue
            lang, base = found
            files.remove(file)
            files.append(File.generated(config, prefix(lang, self.languages) + base, abs_src_path=file.abs_src_path,
                                        inclusion=self._inclusion(lang)))

    def add_fallbacks(self, files: Files, config: MkDocsConfig) -> None:
        """Give every language a copy of each page or file it has no version of; call last in `on_files`.

        Hand-written pages without a variant, and files other plugins generate (notebook pages,
        the calendar feed), then exist under every language folder, so relative links from a
        language's pages resolve inside that language.
        """
        theme_dirs = {os.path.normpath(folder) for folder in config.theme.dirs}
        for file in list(files):
            from_theme = file.src_dir is not None and os.path.normpath(file.src_dir) in theme_dirs
            if from_theme or split_language(file.src_uri, self.languages)[0] != self.default:
                continue
            for lang in self.languages[1:]:
                target = prefix(lang, self.languages) + file.src_uri
                if files.get_file_from_path(target) is not None:
                    continue
                files.append(_copy(file, target, config))
        self.mark_languages(files)

    def mark_languages(self, files: Files) -> None:
        """Keep other languages' pages out of the default nav (each has its own); call last."""
        for file in files:
            if split_language(file.src_uri, self.languages)[0] != self.default:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.files = files

    def _inclusion(self, lang: str) -> InclusionLevel:
        return InclusionLevel.UNDEFINED if lang == self.default else InclusionLevel.NOT_IN_NAV

    # -- navigation ------------------------------------------------------------------------
    def build_navigations(self, nav: Navigation, files: Files, config: MkDocsConfig) -> None:
        """One Navigation per language (MkDocs made the default one); call from `on_nav`."""
        self.navigations = {self.default: nav}
        original = config.nav
        try:
            for lang in self.languages[1:]:
                config.nav = self.navs[lang]
                self.navigations[lang] = get_navigation(files, config)
        finally:
            config.nav = original
        for lang in self.languages[1:]:
            # Those pages existed before their nav (as pages outside the default nav): name them now.
            for path, title in nav_titles(self.navs[lang]).items():
                file = files.get_file_from_path(path)
                if file is not None and file.page is not None:
                    file.page.title = title

    # -- pages -----------------------------------------------------------------------------
    def language(self, page: Page) -> str:
        return split_language(page.file.src_uri, self.languages)[0]

    def page_context(self, context: dict, page: Page, nav: Navigation) -> dict:
        """The page's own nav, language and switcher links; call from `on_page_context`."""
        lang, base = split_language(page.file.src_uri, self.languages)
        context["nav"] = self.navigations.get(lang, nav)
        if self.localize_theme and lang in self.theme_languages:
            context["syllabuild_lang"] = lang
        if self.multilingual:
            context["syllabuild_alternates"] = self.alternates(page)
        return context

    def post_build(self, site_dir: str) -> None:
        """Per-language sitemaps (Material's language selector) and search indexes; call from `on_post_build`."""
        write_sitemaps(site_dir, self.languages)
        split_search_index(site_dir, self.languages)

    def post_page(self, html: str, page: Page) -> str:
        """`dir` on `<html>` as well, and search in the page's language; call from `on_post_page`."""
        lang = self.language(page)
        if self.localize_theme:
            html = mark_direction(html, lang)
        if self.multilingual and lang != self.default:
            html = search_base(html, get_relative_url(prefix(lang, self.languages), page.url or "."))
        return html

    def alternates(self, page: Page) -> list[dict]:
        """The same page in every language: name, lang, link relative to `page`, current."""
        lang, base = split_language(page.file.src_uri, self.languages)
        links = []
        for other in self.languages:
            target = self.files.get_file_from_path(prefix(other, self.languages) + base) if self.files else None
            url = target.url if target is not None else prefix(other, self.languages)
            links.append({
                "name": messages_for(other).name,
                "lang": other,
                "link": get_relative_url(url or ".", page.url or "."),
                "current": other == lang,
            })
        return links

    def site_alternates(self) -> list[dict]:
        """Material's `extra.alternate`: each language's home page."""
        return [{"name": messages_for(lang).name, "lang": lang, "link": prefix(lang, self.languages) or "./"}
                for lang in self.languages]


def _copy(file: File, target: str, config: MkDocsConfig) -> File:
    outside_docs = file.src_dir is not None and os.path.normpath(file.src_dir) != os.path.normpath(config.docs_dir)
    if outside_docs and file.abs_src_path is not None:
        # A file under a plugin's own folder (executed notebooks): mkdocs-jupyter reads a
        # notebook at src_dir/src_uri, so the copy is written there, inside that plugin's cache.
        copy_path = Path(file.src_dir) / target
        copy_path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file.abs_src_path, copy_path)
        return File(target, src_dir=file.src_dir, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    if file.abs_src_path is not None:
        return File.generated(config, target, abs_src_path=file.abs_src_path)
    return File.generated(config, target, content=file.content_bytes)


def mark_direction(html: str, lang: str) -> str:
    """Put `dir` on the `<html>` element too (Material sets it on `<body>` only)."""
    return re.sub(r"<html\b(?![^>]*\sdir=)", f'<html dir="{messages_for(lang).direction}"', html, count=1)


_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*)"[^"]*"')


def search_base(html: str, base: str) -> str:
    """Point Material's `__config.base` at `base` (the page's language folder, relative to the page).

    Material's script fetches `search/search_index.json` and resolves search results against
    this base only (assets use their own relative URLs), so the page searches its language.
    """
    return _CONFIG_BASE.sub(lambda match: match.group(1) + json.dumps(base), html, count=1)


def split_search_index(site_dir: str, languages: list[str]) -> None:
    """Keep the default language's pages in `search/search_index.json`; move each other language's
    pages to `<lang>/search/search_index.json`, their locations relative to `<lang>/`."""
    main = Path(site_dir) / "search" / "search_index.json"
    if len(languages) < 2 or not main.is_file():
        return
    index = json.loads(main.read_text(encoding="utf-8"))
    docs: dict[str, list] = {lang: [] for lang in languages}
    for doc in index.get("docs", []):
        lang, location = _location_language(doc["location"], languages)
        docs[lang].append({**doc, "location": location})
    for lang in languages:
        target = Path(site_dir) / prefix(lang, languages) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({**index, "docs": docs[lang]}, ensure_ascii=False, separators=(",", ":"))
        target.write_text(text, encoding="utf-8")


def _location_language(location: str, languages: list[str]) -> tuple[str, str]:
    """`he/schedule/#week-1` -> (`he`, `schedule/#week-1`); `he/` -> (`he`, ``)."""
    for lang in languages[1:]:
        if location == lang or location.startswith((f"{lang}/", f"{lang}#")):
            return lang, location[len(lang):].lstrip("/")
    return languages[0], location


def write_sitemaps(site_dir: str, languages: list[str]) -> None:
    """A `sitemap.xml` in every language folder, with that language's pages.

    Material's language selector fetches the sitemap under each alternate link to find the
    same page in that language; without one, every page would request a missing file.
    """
    main = Path(site_dir) / "sitemap.xml"
    if len(languages) < 2 or not main.is_file():
        return
    text = main.read_text(encoding="utf-8")
    head, _, rest = text.partition("<url>")
    entries = ["<url>" + entry for entry in rest.split("<url>")] if rest else []
    tail = "</urlset>\n"
    entries = [entry.replace("</urlset>", "").rstrip() + "\n" for entry in entries]
    for lang in languages[1:]:
        own = [entry for entry in entries if re.search(rf"<loc>[^<]*/{re.escape(lang)}/", entry)]
        target = Path(site_dir) / lang / "sitemap.xml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(head + "    ".join(own) + tail, encoding="utf-8")


def report_translations(doc: Document, languages: list[str], mode: str) -> None:
    """Log the texts missing a site language (`warn`), or stop the build on them (`error`).

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
        lines = "\n".join(f"  {gap}" for gap in gaps)
        raise PluginError(f"{len(gaps)} untranslated text(s) in {doc.display_name} (i18n.untranslated: error):\n{lines}")
    for gap in gaps:
        log.warning("untranslated: %s", gap)
