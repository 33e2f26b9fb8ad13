"""One edition of the site per language: which pages, at which paths, in which nav.

Pure functions over page paths. The default language lives at the site root, every other
language under `<lang>/` with the same page paths, so the equivalent of any page in another
language is found by swapping that prefix. Hand-written pages give a language variant as
`page.<lang>.md` beside `page.md` (the convention of mkdocs-static-i18n's suffix structure).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable

from syllabuild.pages import GeneratedPage, SiteContext
from syllabuild.syllabus.model import Syllabus


@dataclass(frozen=True)
class Edition:
    """The generated pages of one language."""

    lang: str
    prefix: str
    """`""` for the default language, `he/` for Hebrew."""
    pages: tuple[GeneratedPage, ...]
    """Paths as in a one-language site (`schedule.md`), not yet prefixed."""


def render_editions(
    syllabus: Syllabus, context: SiteContext, render: Callable[[Syllabus, SiteContext], list[GeneratedPage]]
) -> list[Edition]:
    """Every site language's pages, the default language first."""
    languages = syllabus.course.languages
    return [
        Edition(lang, prefix(lang, languages), tuple(render(syllabus, dataclasses.replace(context, lang=lang))))
        for lang in languages
    ]


def prefix(lang: str, languages: list[str]) -> str:
    """Folder of `lang` in the site: none for the default language."""
    return "" if lang == languages[0] else f"{lang}/"


def split_language(src_uri: str, languages: list[str]) -> tuple[str, str]:
    """`he/schedule.md` -> (`he`, `schedule.md`); `schedule.md` -> (default language, `schedule.md`)."""
    head, _, rest = src_uri.partition("/")
    if rest and head in languages[1:]:
        return head, rest
    return languages[0], src_uri


def variant(src_uri: str, languages: list[str]) -> tuple[str, str] | None:
    """`faq.he.md` -> (`he`, `faq.md`): a hand-written page's version in another language."""
    match = re.match(r"^(.+)\.([a-z]{2,3}(?:-[A-Za-z]{2,4})?)\.md$", src_uri)
    if match and match.group(2) in languages[1:]:
        return match.group(2), f"{match.group(1)}.md"
    return None


def edition_nav(nav: list, lang: str, languages: list[str]) -> list:
    """The nav of one language from a one-language nav: variants dropped, paths moved under `<lang>/`.

    Args:
        nav: a nav as mkdocs.yml writes it (strings, `{title: path}`, `{section: [...]}`), with
            the default language's paths.
        lang: the language whose nav this is.
        languages: the site languages, the default first.
    """
    folder = prefix(lang, languages)

    def place(path: str) -> str | None:
        if "://" in path or path.startswith(("/", "#", "mailto:")):
            return path
        if variant(path, languages) is not None or split_language(path, languages)[0] != languages[0]:
            return None  # another language's page: it joins that language's nav
        return folder + path

    return map_nav_paths(nav, place)


def map_nav_paths(nav, place: Callable[[str], str | None]):
    mapped = []
    for item in nav:
        if isinstance(item, str):
            new = place(item)
            if new is not None:
                mapped.append(new)
        elif isinstance(item, dict):
            entry = {}
            for title, value in item.items():
                if isinstance(value, str):
                    new = place(value)
                    if new is not None:
                        entry[title] = new
                else:
                    entry[title] = map_nav_paths(value, place)
            if entry:
                mapped.append(entry)
    return mapped


def nav_titles(nav: list) -> dict[str, str]:
    """Path -> title for every `{title: path}` entry of a nav."""
    found: dict[str, str] = {}
    for item in nav:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    found[value] = title
                else:
                    found.update(nav_titles(value))
    return found
