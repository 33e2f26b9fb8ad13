"""The syllabus in several languages: UI words, untranslated-text report, per-language editions.

The editions (`i18n.editions`, pure) and their MkDocs side (`i18n.site`) are imported by path:
they build on `syllabuild.pages`, which itself uses the messages here.
"""

from syllabuild.i18n.config import I18nConfig
from syllabuild.i18n.messages import Messages, has_catalogue, messages_for
from syllabuild.i18n.untranslated import TranslationGap, translation_gaps

__all__ = [
    "I18nConfig",
    "Messages",
    "TranslationGap",
    "has_catalogue",
    "messages_for",
    "translation_gaps",
]
