"""The MkDocs side of a site in several languages: one nav per language, the switcher, search.

One MkDocs build holds every edition of the generated tree (the default at the root, the
others under `<lang>/`).
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
import re
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from jinja2 import TemplateNotFound
from mkdocs.utils import get_relative_url

from syllabuild.i18n.messages import messages_for
from syllabuild.site.editions import edition_nav, nav_titles, prefix, split_language
from syllabuild.site.nav import PRUNE, prunes
from syllabuild.site.tree import GeneratedTree

log = get_plugin_logger("syllabuild")


class MultilingualSite:
    """What the plugin needs to build one site with an edition per language."""

    def __init__(self, tree: GeneratedTree) -> None:
        self.languages = [edition.lang for edition in tree.editions]
        self.default = self.languages[0]
        self.navs: dict[str, list] = {
            edition.lang: edition_nav(edition.nav, edition.lang, self.languages) for edition in tree.editions
        }
        self.navigations: dict[str, Navigation] = {}
        self.files: Files | None = None
        self.site_names = {edition.lang: edition.site_name for edition in tree.editions}
        self.site_name = ""

    def configure(self, config: MkDocsConfig) -> None:
        """Material's language selector, and which languages its own interface words exist in."""
        self.multilingual = len(self.languages) > 1
        self.site_name = config.site_name
        # A one-language English site keeps whatever theme.language the user chose.
        self.localize_theme = self.multilingual or self.default != config.theme.get("language", "en")
        if self.multilingual and not config.extra.get("alternate"):
            config.extra["alternate"] = self.site_alternates()
        features = config.theme.get("features") or []
        if any(prunes(nav, features) for nav in self.navs.values()):
            # Material renders the whole nav into every page; a long one makes the build
            # quadratic in the pages, and every page as heavy as the nav.
            config.theme["features"] = [*features, PRUNE]
            log.info("theme.features: %s added: with a nav this long, each page carries only its open "
                     "section's entries (a closed section is a link to its first page)", PRUNE)
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

    def mark_languages(self, files: Files) -> None:
        """Keep other languages' pages out of the default nav (each has its own); call last in `on_files`."""
        for file in files:
            if split_language(file.src_uri, self.languages)[0] != self.default:
                file.inclusion = InclusionLevel.NOT_IN_NAV
        self.files = files

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
            html = header_title(html, self.site_name, self.site_names.get(lang, ""))
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


def mark_direction(html: str, lang: str) -> str:
    """Put `dir` on the `<html>` element too (Material sets it on `<body>` only)."""
    return re.sub(r"<html\b(?![^>]*\sdir=)", f'<html dir="{messages_for(lang).direction}"', html, count=1)


def header_title(html: str, site_name: str, title: str) -> str:
    """The course title in the page's language in the header and `<title>`, where mkdocs.yml's `site_name` was.

    One MkDocs build has one `site_name`; the header partial and `<title>` of every theme print
    it, so the other editions' pages swap it for theirs there (and nowhere in the page's text).
    """
    if not title or not site_name or title == site_name:
        return html
    old, new = escape(site_name, quote=False), escape(title, quote=False)

    def swap(match: re.Match) -> str:
        return match.group(0).replace(old, new)

    html = re.sub(r"<title>[^<]*</title>", swap, html, count=1)
    return re.sub(r"<header\b.*?</header>", swap, html, count=1, flags=re.S)


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
