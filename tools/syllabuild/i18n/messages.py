"""UI text, dates and text direction of one page language."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Mapping

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_day_names

from syllabuild.i18n.catalogues import CATALOGUES

_DAY = "EEE d MMM y"
_SHORT_DAY = "EEE d MMM"
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Messages:
    """The generated pages' own words in one language, with English as the fallback."""

    lang: str
    catalogue: Mapping[str, str]
    locale: Locale

    def __call__(self, message: str, **values: object) -> str:
        """The translation of `message` (an English text with `{name}` fields) filled with `values`."""
        text = self.catalogue.get(message, message)
        return text.format(**values) if values else text

    @property
    def direction(self) -> str:
        """`rtl` or `ltr`, as the `dir` attribute of HTML expects."""
        return "rtl" if self.locale.character_order == "right-to-left" else "ltr"

    @property
    def name(self) -> str:
        """The language's name in itself (English, עברית), for the language switcher."""
        name = self.locale.get_display_name(self.locale) or self.lang
        return name[:1].upper() + name[1:]

    def day(self, value: dt.date | None) -> str:
        """`Tue 2 Jan 2024`, `יום ג׳ 2 ינו׳ 2024`."""
        return format_date(value, _DAY, locale=self.locale) if value else self("TBA")

    def short_day(self, value: dt.date | None) -> str:
        """`Tue 2 Jan`: the year is clear from the term."""
        return format_date(value, _SHORT_DAY, locale=self.locale) if value else self("TBA")

    def moment(self, value: dt.datetime | None) -> str:
        """`Tue 2 Jan 2024, 23:59`."""
        return f"{self.day(value.date())}, {value:%H:%M}" if value else self("TBA")

    def weekday(self, name: str) -> str:
        """`tuesday` -> `Tuesday`, `יום שלישי`."""
        return get_day_names("wide", locale=self.locale)[_WEEKDAYS.index(name)]


@functools.cache
def messages_for(lang: str) -> Messages:
    """The messages of `lang`; a language without a catalogue gets English words, its own dates."""
    try:
        locale = Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale("en")
    base = lang.split("-")[0]
    return Messages(lang, CATALOGUES.get(lang, CATALOGUES.get(base, {})), locale)


def has_catalogue(lang: str) -> bool:
    """Whether the generated pages' own words exist in `lang` (else they show in English)."""
    return lang in CATALOGUES or lang.split("-")[0] in CATALOGUES
