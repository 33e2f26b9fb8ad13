"""Settings of the multilingual site, nested under the plugin as `i18n:`."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class I18nConfig(Config):
    untranslated = c.Choice(("warn", "error", "ignore"), default="warn")
    """What a per-language text that lacks one of the site languages does to the build:
    `warn` logs it (so `--strict` fails), `error` stops the build, `ignore` stays quiet.
    A plain string is the same text in every language and is never reported."""
