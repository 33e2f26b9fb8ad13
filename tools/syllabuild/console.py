"""The console format of every command's log: the one MkDocs prints, whichever builder runs."""

from __future__ import annotations

import logging

__all__ = ["setup_logging"]


def setup_logging() -> None:
    """Print `INFO    -  message` lines for the `mkdocs` loggers syllabuild logs under, once."""
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.INFO)
