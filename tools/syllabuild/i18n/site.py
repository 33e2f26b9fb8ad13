"""The MkDocs side of a site in several languages: files, one nav per language, the switcher.

One MkDocs build holds every language (the default at the root, the others under `<lang>/`).
Each page is rendered with its own language's nav, its own `lang`/`dir`, Material's interface
words in its language (the `partials/language.html` override reads `syllabuild_lang`), and a
language switcher whose links lead to the same page in the other languages
(`partials/alternate.html` reads `syllabuild_alternates`).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from syllabuild.i18n.editions import Edition, edition_nav, nav_titles, prefix, split_language, variant
from syllabuild.i18n.messages import messages_for


class MultilingualSite:
    """What the plugin needs to build one site with an edition per language."""

    def __init__(self, editions: list[Edition], nav: list | None, docs_dir: Path, build_nav) -> None:
        """
        Args:
            editions: the generated pages of each language, the default first.
            nav: the nav of mkdocs.yml, or None to generate one per language with `build_nav`.
            docs_dir: the folder of hand-written pages.
            build_nav: `(pages, docs_dir) -> nav` for one language's pages.
        """
        self.languages = [edition.lang for edition in editions]
        self.default = self.languages[0]
        self.docs_dir = docs_dir
        self.navs: dict[str, list] = {}
        for edition in editions:
            one_language = list(nav) if nav is not None else build_nav(list(edition.pages), docs_dir)
            self.navs[edition.lang] = edition_nav(one_language, edition.lang, self.languages)
        self.navigations: dict[str, Navigation] = {}
        self.files: Files | None = None

    @property
    def nav(self) -> list:
        """The default language's nav, for mkdocs.yml's `nav`."""
        return self.navs[self.default]

    # -- files -----------------------------------------------------------------------------
    def place_variants(self, files: Files, config: MkDocsConfig) -> None:
        """Move hand-written `page.he.md` to `he/page.md`, before the generated pages join."""
        for file in list(files):
            found = variant(file.src_uri, self.languages) if self._hand_written(file) else None
            if found is None:
                continue
            lang, base = found
            files.remove(file)
            files.append(File.generated(config, prefix(lang, self.languages) + base, abs_src_path=file.abs_src_path,
                                        inclusion=self._inclusion(lang)))

    def add_fallbacks(self, files: Files, config: MkDocsConfig) -> None:
        """Give every language a copy of each hand-written file it has no version of."""
        for file in list(files):
            if not self._hand_written(file) or split_language(file.src_uri, self.languages)[0] != self.default:
                continue
            for lang in self.languages[1:]:
                target = prefix(lang, self.languages) + file.src_uri
                if files.get_file_from_path(target) is None:
                    files.append(File.generated(config, target, abs_src_path=file.abs_src_path,
                                                inclusion=self._inclusion(lang)))
        self.files = files

    def inclusion(self, path: str) -> InclusionLevel:
        """Pages of other languages are not in the default nav (they have their own)."""
        return self._inclusion(split_language(path, self.languages)[0])

    def _inclusion(self, lang: str) -> InclusionLevel:
        return InclusionLevel.UNDEFINED if lang == self.default else InclusionLevel.NOT_IN_NAV

    def _hand_written(self, file: File) -> bool:
        return file.generated_by is None and file.abs_src_path is not None and Path(file.abs_src_path).is_relative_to(self.docs_dir)

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
        context["syllabuild_lang"] = lang
        context["syllabuild_alternates"] = self.alternates(page)
        return context

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
