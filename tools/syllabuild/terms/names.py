"""The new term's name (`course.term`): as given with `--term`, else the old one with its year moved.

"Winter 2024" becomes "Winter 2025" and "2024/25" becomes "2025/26" when the dates move a year,
in every language the name is written in. A name without a year, or dates that move less than
half a year, cannot be told: staff then give it, since a stale name would label the new term's
site (and its archive, later) as the old one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["TermName", "moved_years", "new_term_name", "old_years", "parse_given_names"]

_YEAR = re.compile(r"(?<!\d)((?:19|20|21)\d{2})(?:([/–-])(\d{4}|\d{2}))?(?!\d)")
_GIVEN = re.compile(r"^([a-z]{2,3}(?:-[A-Za-z]{2,4})?)=(.*)$", re.DOTALL)

Name = str | dict[str, str]
"""A name as `course.term` holds it: one text, or one per language."""


@dataclass(frozen=True)
class TermName:
    """The term's name before and after, and which languages' names were derived rather than given."""

    old: Name | None
    new: Name | None
    derived: tuple[str, ...] = ()
    """Languages whose new name moved the old one's year (`""` for a name written once for all)."""

    @property
    def changed(self) -> bool:
        return self.new != self.old


def parse_given_names(given: Sequence[str], languages: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    """`--term` values as {language or "": name}, and the problems with them.

    `--term "Winter 2025"` names the term (in the site's first language when the name is written
    per language); `--term he="סמסטר חורף 2025"` names it in one language.
    """
    names: dict[str, str] = {}
    problems = []
    for value in given:
        match = _GIVEN.match(value)
        language, name = (match[1], match[2]) if match else ("", value)
        shown = f"--term {language}=" if language else "--term"
        if language and language not in languages:
            problems.append(f"{shown}: the site has no {language} pages (course.languages: {', '.join(languages)})")
        elif not name.strip():
            problems.append(f'{shown}: expected the new term\'s name, like "Winter 2025", got an empty one')
        elif language in names:
            problems.append(f'{shown}: given twice ("{names[language]}" and "{name}")')
        else:
            names[language] = name.strip()
    return names, problems


def new_term_name(old: Name | None, given: Mapping[str, str], languages: Sequence[str], years: int) -> tuple[TermName, list[str]]:
    """The new name from the old one, the names given and the years the dates move.

    Args:
        old: `course.term` as written.
        given: from `parse_given_names`.
        languages: the site's languages, the default first.
        years: whole years the dates move (0 for less than half a year).

    Returns:
        The name and the problems (one `--term: …` line each) that keep it from being told.
    """
    default = languages[0]
    if isinstance(old, dict):
        wanted = dict(given)
        if "" in wanted:  # one name, for the site's first language
            first = default if default in old else next(iter(old))
            if first in wanted:
                return TermName(old, old), [f'--term: given twice, as "{wanted[""]}" and as {first}="{wanted[first]}"']
            wanted[first] = wanted.pop("")
        unknown = [lang for lang in wanted if lang not in old]
        if unknown:
            return TermName(old, old), [f"--term {lang}=: the term's name (course.term) has no {lang} text; "
                                        f"write one in the file first" for lang in unknown]
        new, derived, problems = {}, [], []
        for lang, name in old.items():
            if lang in wanted:
                new[lang] = wanted[lang]
            elif (moved := moved_years(name, years)) is not None:
                new[lang], derived = moved, [*derived, lang]
            else:
                new[lang] = name
                problems.append(_cannot_tell(name, years, f'{lang}="…"', lang))
        return TermName(old, new, tuple(derived)), problems
    per_language = [lang for lang in given if lang and lang != default]
    if per_language:
        return TermName(old, old), [f"--term {lang}=: the term's name (course.term) is one text for every language; "
                                    f"give it without {lang}=" for lang in per_language]
    name = given.get("") or given.get(default)
    if name is not None:
        return TermName(old, name), []
    if old is None:
        return TermName(None, None), []
    moved = moved_years(old, years)
    if moved is None:
        return TermName(old, old), [_cannot_tell(old, years, '"…"')]
    return TermName(old, moved, ("",)), []


def moved_years(name: str, years: int) -> str | None:
    """`name` with every year in it moved by `years`; None when it has no year or the years do not move."""
    if years == 0 or not _YEAR.search(name):
        return None

    def moved(match: re.Match) -> str:
        first = str(int(match[1]) + years)
        if not match[2]:
            return first
        second = int(match[3]) + years
        return f"{first}{match[2]}{second % 100:02d}" if len(match[3]) == 2 else f"{first}{match[2]}{second}"

    return _YEAR.sub(moved, name)


def old_years(name: Name | None) -> set[str]:
    """The years the old name gives, as written ("2024"), to find text that names the old term."""
    texts = name.values() if isinstance(name, dict) else [name] if name else []
    return {match[1] for text in texts for match in _YEAR.finditer(text)}


def _cannot_tell(name: str, years: int, form: str, lang: str = "") -> str:
    which = f"the {lang} name" if lang else "the name"
    if years == 0:
        why = "the dates move less than half a year"
    else:
        why = "it has no year to move"
    return f'--term: cannot tell {which} of the new term from "{name}" ({why}); give it with --term {form}'
