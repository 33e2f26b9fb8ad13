"""`syllabuild cache clear`: forget every stored snippet result (and other cached results)."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

__all__ = ["register", "run"]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("cache", help="manage the build cache", description="Manage the build cache.")
    actions = parser.add_subparsers(dest="action", required=True)
    clear = actions.add_parser("clear", help="delete the cache folder (snippet results, link results)")
    clear.add_argument("--config", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    clear.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from syllabuild.project import ProjectError, load_project
    from syllabuild.snippets.cache import SnippetCache

    try:
        layout = load_project(Path(args.config)).layout
    except ProjectError as error:
        print(error, file=sys.stderr)
        return 2
    entries = SnippetCache(layout.cache_dir, layout.root).clear()
    if layout.cache_dir.is_dir():
        shutil.rmtree(layout.cache_dir)
    print(f"removed {layout.cache_dir} ({entries} snippet results)")
    return 0
