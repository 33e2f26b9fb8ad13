"""`syllabuild links`: check every link of the course and say where each failure is written."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

__all__ = ["register", "run"]

_EXIT_CANNOT_RUN = 2


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "links",
        help="check links in the syllabus, pages, notebooks and built site",
        description="Check links. Exit status: 0 all good, 1 broken links, 2 the check could not run.",
    )
    parser.add_argument("--config", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    parser.add_argument("--offline", action="store_true", default=None, help="check internal links only")
    parser.add_argument("--online", dest="offline", action="store_false", help="also check external URLs (default)")
    parser.add_argument("--format", choices=("table", "json", "github"), default="table", help="report format")
    parser.add_argument("--site-dir", help="built site to check (default: site_dir of mkdocs.yml)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from syllabuild.links import check_project, render
    from syllabuild.links.model import LinkReport

    # The objects imported so far live until exit: keep the cyclic collector from walking them
    # again and again while thousands of responses are parsed (measured: ~4% of a 2,000-link run).
    gc.freeze()

    config_file = Path(args.config)
    try:
        mkdocs, plugin_config, problems = _read_mkdocs_yml(config_file)
    except OSError as error:
        mkdocs, plugin_config, problems = {}, None, [f"{config_file}: cannot read: {error.strerror}"]
    if problems:
        report = LinkReport(problems=tuple(problems))
    else:
        project_dir = config_file.resolve().parent
        offline = bool(plugin_config.links.offline) if args.offline is None else args.offline
        site_dir = Path(args.site_dir).resolve() if args.site_dir else project_dir / mkdocs.get("site_dir", "site")
        report = check_project(
            project_dir,
            plugin_config,
            offline=offline,
            site_dir=site_dir,
            docs_dir=mkdocs.get("docs_dir", "docs"),
            site_url=mkdocs.get("site_url"),
        )
    render(report, args.format, sys.stdout)
    return report.exit_code


def _plugin_options():
    from mkdocs.config import config_options as c
    from mkdocs.config.base import Config

    from syllabuild.links.config import LinksConfig

    class PluginOptions(Config):
        """The plugin options this command reads, with the defaults of `SyllabuildConfig`.

        Importing the plugin's own config imports the whole plugin (pages, syllabus model),
        which costs more than a link check of a small course; a test keeps the defaults equal.
        """

        syllabus = c.Type(str, default="syllabus.yaml")
        lectures_dir = c.Type(str, default="lectures")
        cache_dir = c.Type(str, default=".cache/syllabuild")
        links = c.SubConfig(LinksConfig)

    return PluginOptions


def _read_mkdocs_yml(path: Path):
    """mkdocs.yml as a dict and the validated `syllabuild` plugin settings, or the problems."""
    import yaml
    from mkdocs.utils.yaml import yaml_load

    with path.open(encoding="utf-8") as stream:
        try:
            mkdocs = yaml_load(stream) or {}
        except yaml.YAMLError as error:
            return {}, None, [f"{path}: not valid YAML: {error}"]
    options: dict = {}
    for entry in mkdocs.get("plugins") or []:
        if isinstance(entry, dict) and "syllabuild" in entry:
            options = entry["syllabuild"] or {}
    config = _plugin_options()(config_file_path=str(path))
    config.load_dict(options)
    failed, _ = config.validate()  # warnings: options for the rest of the plugin
    problems = [f"{path}: plugins.syllabuild.{key}: {error}" for key, error in failed]
    return mkdocs, config, problems


def main(argv: list[str] | None = None) -> int:
    """`python -m syllabuild.commands.links`: the same command without the other subcommands."""
    parser = argparse.ArgumentParser(prog="syllabuild")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["links", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
