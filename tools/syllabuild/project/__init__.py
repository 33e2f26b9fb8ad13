"""The project layer: mkdocs.yml read once into a frozen layout and syllabuild's settings.

Every command, the MkDocs plugin, the Zensical adapter and the pytest plugin start here;
nothing else parses mkdocs.yml. All problems of the settings are reported at once, each at
its line; settings that are given but can have no effect are warnings.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from syllabuild.problems import Problem
from syllabuild.project.archive import ARCHIVE_FOLDER
from syllabuild.project.config_file import ConfigFile, ConfigFileError, read_config_file, shown_value
from syllabuild.project.layout import Layout
from syllabuild.project.settings import I18nSettings, LinkSettings, Settings, SnippetSettings

__all__ = [
    "ConfigFile", "I18nSettings", "Layout", "LinkSettings", "Project", "ProjectError", "Settings",
    "SnippetSettings", "default_project", "load_project",
]


class ProjectError(Exception):
    """mkdocs.yml or its syllabuild settings cannot be used; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.path))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [str(problem) for problem in self.problems]


@dataclass(frozen=True)
class Project:
    """One course project, as mkdocs.yml describes it."""

    layout: Layout
    settings: Settings
    config: ConfigFile | None = None
    """The parsed mkdocs.yml (None for a project without one)."""
    warnings: tuple[str, ...] = ()
    """Settings given but unknown or without effect, one line each, at their position."""

    def with_settings(self, **changes) -> Project:
        """A copy with some settings changed: `with_settings(snippets={"execute": True})`."""
        settings = _update(self.settings, changes)
        return dataclasses.replace(self, settings=settings)


def load_project(config_file: Path, *, site_dir: Path | None = None) -> Project:
    """Read `config_file` (mkdocs.yml) into a `Project`; raises `ProjectError` listing every problem.

    Args:
        config_file: the project's mkdocs.yml; its folder is the project root.
        site_dir: build into this folder instead of mkdocs.yml's `site_dir`.
    """
    config_file = Path(config_file)
    try:
        config = read_config_file(config_file)
    except ConfigFileError as error:
        raise ProjectError(error.problems) from None
    warnings: list[str] = []
    settings = _settings(config, warnings)
    root = config_file.resolve().parent
    problems: list[Problem] = []
    docs = config.get("docs_dir", "docs")
    site = config.get("site_dir", "site")
    for key, value in (("docs_dir", docs), ("site_dir", site)):
        if not isinstance(value, str) or not value:
            problems.append(_top_problem(config, key, f"expected a folder name, got {value!r}"))
    if problems:
        raise ProjectError(problems)
    layout = Layout(
        config_file=config_file.resolve(),
        root=root,
        syllabus=root / settings.syllabus,
        docs_dir=root / docs,
        lectures_dir=root / settings.lectures_dir,
        snippets_dir=root / settings.snippets_dir,
        cache_dir=root / settings.cache_dir,
        site_dir=Path(site_dir).resolve() if site_dir is not None else root / site,
        site_url=config.get("site_url") or None,
        repo_url=config.get("repo_url") or "",
        use_directory_urls=config.get("use_directory_urls", True) is not False,
        archive_dir=root / ARCHIVE_FOLDER,
    )
    return Project(layout, settings, config, tuple(warnings))


def default_project(root: Path) -> Project:
    """A project with every setting at its default (no readable mkdocs.yml)."""
    root = root.resolve()
    settings = Settings()
    layout = Layout(root / "mkdocs.yml", root, root / settings.syllabus, root / "docs", root / settings.lectures_dir,
                    root / settings.snippets_dir, root / settings.cache_dir, root / "site",
                    archive_dir=root / ARCHIVE_FOLDER)
    return Project(layout, settings)


# -- settings ----------------------------------------------------------------------------------
def _settings(config: ConfigFile, warnings: list[str]) -> Settings:
    options = config.plugin_options
    if options is None:
        options = {}
    if not isinstance(options, dict):
        raise ProjectError([config.problem((), f"expected a mapping of settings, got {shown_value(options)}")])
    cleaned = _known_only(config, Settings, dict(options), (), warnings)
    try:
        settings = Settings.model_validate(cleaned)
    except ValidationError as error:
        raise ProjectError([_validation_problem(config, detail) for detail in error.errors()]) from None
    warnings += _without_effect(config, options)
    return settings


def _known_only(config: ConfigFile, model: type[BaseModel], options: dict, path: tuple, warnings: list[str]) -> dict:
    """`options` without keys `model` does not know; each one dropped is a warning (with a guess)."""
    known = list(model.model_fields)
    kept = {}
    for key, value in options.items():
        key = str(key)
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known settings: {', '.join(known)}"
            warnings.append(str(config.problem((*path, key), f"unknown setting, ignored{hint}")))
            continue
        annotation = model.model_fields[key].annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
            value = _known_only(config, annotation, dict(value), (*path, key), warnings)
        kept[key] = value
    return kept


def _without_effect(config: ConfigFile, options: dict) -> list[str]:
    """Settings that are valid but that another setting turns off."""
    found = []
    for section, switch in (("snippets", "execute"), ("links", "enabled")):
        given = options.get(section)
        if isinstance(given, dict) and given.get(switch) is False:
            for key in given:
                if key != switch and key in (SnippetSettings if section == "snippets" else LinkSettings).model_fields:
                    found.append(str(config.problem((section, key), f"given but not used: {section}.{switch} is false")))
    snippets = options.get("snippets")
    if isinstance(snippets, dict) and snippets.get("scheduler") and snippets.get("executor", "local") == "local":
        found.append(str(config.problem(("snippets", "scheduler"), "given but not used: snippets.executor is local")))
    return found


def _validation_problem(config: ConfigFile, detail: dict) -> Problem:
    path = tuple(part for part in detail["loc"] if not (isinstance(part, str) and part.startswith(("function-", "json-"))))
    if detail["type"] == "value_error":
        message = str((detail.get("ctx") or {}).get("error", detail["msg"]))
        if ", got " in message:  # our own validators say what they got
            return config.problem(path, message)
    return config.problem(path, f"{_expected(detail)}, got {shown_value(detail.get('input'))}")


def _expected(detail: dict) -> str:
    kind, context = detail["type"], detail.get("ctx") or {}
    if kind in ("bool_type", "bool_parsing"):
        return "expected true or false"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "expected a whole number"
    if kind in ("float_type", "float_parsing"):
        return "expected a number"
    if kind in ("string_type",):
        return "expected text"
    if kind == "literal_error":
        return f"expected one of {context.get('expected', '')}"
    if kind in ("greater_than", "greater_than_equal"):
        bound = context.get("gt", context.get("ge"))
        return f"expected a number {'above' if 'gt' in context else 'of at least'} {bound}"
    if kind in ("dict_type", "model_type"):
        return "expected a mapping"
    if kind in ("tuple_type", "list_type"):
        return "expected a list"
    if kind == "value_error":
        return str(context.get("error", detail["msg"]))
    return detail["msg"]


def _top_problem(config: ConfigFile, key: str, message: str) -> Problem:
    line, column = (1, 1)
    if key in config.data:
        line, column = (value + 1 for value in config.data.lc.value(key))
    return Problem(config.display_name, line, column, key, message)


def _update(model: BaseModel, changes: dict) -> BaseModel:
    values = {}
    for key, value in changes.items():
        current = getattr(model, key)
        values[key] = _update(current, value) if isinstance(current, BaseModel) and isinstance(value, dict) else value
    return model.model_copy(update=values)
