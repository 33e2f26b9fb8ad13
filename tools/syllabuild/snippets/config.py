"""Settings of the snippet engine, under `plugins: - syllabuild: snippets:` in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class SnippetsConfig(Config):
    execute = c.Type(bool, default=True)
    """Run snippets at build time; off gives source-only pages."""
    timeout = c.Type((int, float), default=30)
    """Default time limit of one snippet, in seconds (per block: `timeout="60"`)."""
    memory = c.Type(str, default="2GiB")
    """Default memory limit of one snippet, like `2GiB` or `512MiB` (per block: `memory="4GiB"`)."""
    workers = c.Type(int, default=0)
    """Warm worker processes; 0 picks one per core. Workers × torch threads never exceed the cores."""
    figures = c.Choice(("svg", "png"), default="svg")
    """Default format of captured matplotlib figures (per block: `figures="png"`)."""
    seed = c.Type(int, default=0)
    """Seed of `random`, numpy and torch before every snippet."""
    progress = c.Type(bool, default=True)
    """Show a progress bar while snippets run."""
