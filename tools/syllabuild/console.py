"""How commands talk: colour and live progress on a terminal, plain lines when piped or in CI.

Every command logs under the `mkdocs` logger (MkDocs' strict mode counts those warnings), so
one handler serves builds with either builder. On a terminal it is rich's, with the level in
colour; piped, in CI (`$CI`) or with `$NO_COLOR`, it prints MkDocs' own `LEVEL   -  message`
lines, which log collectors and tests read. `$FORCE_COLOR` turns colour on anywhere.
"""

from __future__ import annotations

import logging
import os
import sys

__all__ = ["count_warnings", "interactive", "plural", "setup_logging"]


def interactive(stream=None) -> bool:
    """Whether output goes to a person at a terminal (colour, progress bars) rather than a log."""
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR") or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


def plural(count: int, word: str, many: str | None = None) -> str:
    """`1 assignment`, `2 assignments`, `0 problems` (`many` for irregular plurals)."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def setup_logging() -> None:
    """Show the `mkdocs` loggers syllabuild logs under, once per process."""
    mkdocs_log = logging.getLogger("mkdocs")
    if mkdocs_log.handlers:
        return
    if interactive():
        from rich.console import Console
        from rich.logging import RichHandler

        handler: logging.Handler = RichHandler(console=Console(stderr=True), show_time=False, show_path=False,
                                               markup=False, rich_tracebacks=False, highlighter=None)
        handler.setFormatter(logging.Formatter("%(message)s"))
    else:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)


class count_warnings(logging.Handler):  # noqa: N801 - used as a context manager, like contextlib's
    """Counts the warnings logged under `mkdocs` while the `with` block runs."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:  # errors are what stopped the build, said on their own
            self.count += 1

    def __enter__(self) -> count_warnings:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)
