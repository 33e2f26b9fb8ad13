"""The syllabus in several languages: the pages' own words and the untranslated-text report.

The editions themselves are planned in `syllabuild.site.editions`; their MkDocs side is in
`syllabuild.plugin.editions`.
"""

from syllabuild.i18n.messages import Messages, has_catalogue, messages_for
from syllabuild.i18n.untranslated import TranslationGap, translation_gaps

__all__ = [
    "Messages",
    "TranslationGap",
    "has_catalogue",
    "messages_for",
    "translation_gaps",
]
