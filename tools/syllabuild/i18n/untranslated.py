"""Which per-language texts of syllabus.yaml lack a site language, and which name no site language.

A plain string is the same text in every language (names, codes, book titles) and is never
reported. A mapping such as `{en: Introduction}` on a site in English and Hebrew is: the Hebrew
page shows the English text, and staff want to know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from syllabuild.syllabus.source import Document, KeyPath, format_path

_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class TranslationGap:
    """One text that some site language does not have, or that names a language the site lacks."""

    file: str
    line: int
    column: int
    key: str
    """Where in the syllabus, e.g. `lectures[3].title`."""
    missing: tuple[str, ...] = ()
    """Site languages without this text: their pages show the default language's text."""
    unused: tuple[str, ...] = ()
    """Languages given for this text that are not site languages."""

    def __str__(self) -> str:
        problems = []
        if self.missing:
            problems.append(f"no {', '.join(self.missing)} text; those pages show the default language")
        if self.unused:
            problems.append(f"{', '.join(self.unused)} is not in course.languages; that text is never shown")
        return f"{self.file}:{self.line}:{self.column}: {self.key}: " + "; ".join(problems)


def translation_gaps(doc: Document, languages: list[str]) -> list[TranslationGap]:
    """Every per-language text of the syllabus that misses a site language or names an unknown one.

    Args:
        doc: the parsed syllabus.yaml, with the position of every value.
        languages: the site languages, the first being the default.
    """
    gaps: list[TranslationGap] = []
    site = set(languages)

    def visit(value: object, path: KeyPath) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, (*path, index))
        elif isinstance(value, dict):
            if _is_per_language(value, site):
                missing = tuple(lang for lang in languages if not value.get(lang))
                unused = tuple(lang for lang in value if lang not in site)
                if missing or unused:
                    pos = doc.position(path)
                    gaps.append(TranslationGap(doc.display_name, pos.line, pos.column, format_path(path), missing, unused))
                return
            for key, item in value.items():
                visit(item, (*path, key))

    visit(doc.data, ())
    return gaps


def _is_per_language(value: dict, site: set[str]) -> bool:
    # `{url: …}` has a key shaped like a language code: a text names at least one site language.
    return (
        bool(value)
        and all(isinstance(key, str) and _LANG.match(key) for key in value)
        and all(isinstance(item, str) for item in value.values())
        and any(key in site for key in value)
    )
