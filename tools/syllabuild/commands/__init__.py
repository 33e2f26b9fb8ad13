"""The `syllabuild` subcommands, one module each (registered in `syllabuild.cli`)."""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["open_project"]


def open_project(config_file: Path, fallback_dir: Path | None = None):
    """The project of `config_file`, or the default layout of `fallback_dir` when there is none
    (without `fallback_dir`, a missing `config_file` is one of the problems).

    None after printing the settings' problems (each at its line of mkdocs.yml) on stderr.
    """
    from syllabuild.project import ProjectError, default_project, load_project

    try:
        if fallback_dir is not None and not config_file.is_file():
            return default_project(fallback_dir)
        return load_project(config_file)
    except ProjectError as error:
        for line in error.lines():
            print(line, file=sys.stderr)
        return None
