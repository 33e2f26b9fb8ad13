"""`syllabuild build`: the static site, written atomically — a failed build leaves site/ untouched."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from syllabuild.schedule.release import NOW_VARIABLE

log = logging.getLogger("mkdocs.plugins.syllabuild")


def register(subparsers) -> None:
    parser = subparsers.add_parser("build", help="build the site into site/ (atomically)")
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", help="path of mkdocs.yml")
    parser.add_argument("-d", "--site-dir", default=None, help="output folder (default: site_dir of mkdocs.yml)")
    parser.add_argument("-s", "--strict", action="store_true", help="fail on warnings and on any failing snippet")
    parser.add_argument("--now", default=None, metavar="MOMENT",
                        help="build the site as students see it at this moment, e.g. 2024-03-01T12:00 (course time zone)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        return build_site(Path(args.config_file), site_dir=args.site_dir, strict=args.strict, now=args.now)
    except (Abort, ConfigurationError, PluginError) as error:
        logging.getLogger("mkdocs").error(str(error))
        return 1


def build_site(config_file: Path, *, site_dir: str | None = None, strict: bool = False, now: str | None = None,
               configure: Callable[[MkDocsConfig], None] | None = None) -> int:
    """Build into a sibling temporary folder, then swap it in place of the site folder.

    `now` previews the site at another moment (release dates); it reaches the plugin through
    $SYLLABUILD_NOW for this build only. `configure` may change the loaded config first
    (`syllabuild check` forces every snippet to run).
    """
    with _preview_moment(now):
        return _build_site(config_file, site_dir=site_dir, strict=strict, configure=configure)


@contextlib.contextmanager
def _preview_moment(now: str | None):
    if now is None:
        yield
        return
    previous = os.environ.get(NOW_VARIABLE)
    os.environ[NOW_VARIABLE] = now
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(NOW_VARIABLE, None)
        else:
            os.environ[NOW_VARIABLE] = previous


def _build_site(config_file: Path, *, site_dir: str | None, strict: bool, configure=None) -> int:
    _setup_logging()
    config = load_config(str(config_file), strict=strict, **({"site_dir": site_dir} if site_dir else {}))
    if configure is not None:
        configure(config)
    final = Path(config.site_dir)
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}-building-", dir=final.parent))
    config.site_dir = str(staging)
    try:
        mkdocs_build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, final)
    return 0


def _swap(staging: Path, final: Path) -> None:
    old = final.with_name(f".{final.name}-previous")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def _setup_logging() -> None:
    mkdocs_log = logging.getLogger("mkdocs")
    if not mkdocs_log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        mkdocs_log.addHandler(handler)
        mkdocs_log.setLevel(logging.INFO)
