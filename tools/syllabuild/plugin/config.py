"""Plugin settings: one option per line, explicit defaults."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from syllabuild.i18n.config import I18nConfig
from syllabuild.links.config import LinksConfig
from syllabuild.snippets.config import SnippetsConfig


class SyllabuildConfig(Config):
    syllabus = c.Type(str, default="syllabus.yaml")
    """Path of the syllabus, relative to mkdocs.yml."""
    lectures_dir = c.Type(str, default="lectures")
    """Folder of lecture notes (Markdown) and notebooks, relative to mkdocs.yml."""
    snippets_dir = c.Type(str, default="snippets")
    """Folder of snippet files, relative to mkdocs.yml."""
    cache_dir = c.Type(str, default=".cache/syllabuild")
    """Cache folder (snippet results, link results), relative to mkdocs.yml."""
    now = c.Optional(c.Type(str))
    """Build the site as of this moment (release dates), e.g. 2024-03-01T12:00; unset: $SYLLABUILD_NOW, else now."""
    snippets = c.SubConfig(SnippetsConfig)
    links = c.SubConfig(LinksConfig)
    i18n = c.SubConfig(I18nConfig)
