"""Reading mkdocs.yml once: a round-trip parse that keeps positions and every tag.

ruamel.yaml's round-trip loader keeps the line and column of every key and value (so a bad
setting is reported where it is written) and keeps tags such as `!!python/name:` and `!ENV` as
tagged values, so adapters can derive a builder's own config from this one and dump it again
without importing the Python objects those tags name.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError

from syllabuild.problems import Problem

__all__ = ["ConfigFile", "ConfigFileError", "read_config_file", "shown_value"]

PLUGIN = "syllabuild"


class ConfigFileError(Exception):
    """mkdocs.yml cannot be read at all; carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class ConfigFile:
    """mkdocs.yml as written, and where each of syllabuild's settings is."""

    path: Path
    display_name: str
    data: CommentedMap
    """The whole file (round-trip data: copy it before changing it)."""
    plugin_options: object
    """What `plugins: - syllabuild:` holds (usually a mapping); None when it is listed bare."""
    plugin_key_path: tuple
    """Where those options are in `data` (for positions): `("plugins", 1, "syllabuild")`."""
    has_plugin: bool
    """Whether mkdocs.yml lists the syllabuild plugin at all."""

    def get(self, key: str, default=None):
        """A top-level value, with `!ENV` resolved."""
        return resolve_env(self.data.get(key, default)) if isinstance(self.data, dict) else default

    def position(self, path: tuple) -> tuple[int, int]:
        """(line, column), 1-based, of the value at `path` under the plugin options; the nearest enclosing one if absent."""
        full = (*self.plugin_key_path, *path)
        while full:
            found = _position(self.data, full)
            if found is not None:
                return found
            full = full[:-1]
        return (1, 1)

    def problem(self, path: tuple, message: str) -> Problem:
        line, column = self.position(path)
        dotted = ".".join(["plugins", PLUGIN, *(str(part) for part in path)])
        return Problem(self.display_name, line, column, dotted, message)

    def copy_data(self) -> CommentedMap:
        """A deep copy of the file's data, to derive a builder config from."""
        return copy.deepcopy(self.data)


def read_config_file(path: Path, *, display_name: str | None = None) -> ConfigFile:
    """Parse mkdocs.yml; raises `ConfigFileError` when it is missing or not YAML."""
    name = display_name or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigFileError([Problem(name, 0, 0, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigFileError([Problem(name, 0, 0, "", f"cannot read: {error}")]) from None
    try:
        data = YAML(typ="rt").load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise ConfigFileError([Problem(name, line, column, "", f"YAML syntax error: {error.problem or error}")]) from None
    if data is None:
        data = CommentedMap()
    if not isinstance(data, CommentedMap):
        raise ConfigFileError([Problem(name, 1, 1, "", "expected a mapping of settings (site_name: …)")])
    options, key_path, found = _plugin_entry(data)
    return ConfigFile(path, name, data, options, key_path, found)


def resolve_env(value):
    """MkDocs' `!ENV VAR` / `!ENV [VAR, OTHER, default]`: the first set variable, else the default."""
    if _tag(value) != "!ENV":
        return value
    if isinstance(value, TaggedScalar):
        return os.environ.get(str(value.value))
    names = [str(item) for item in value]
    for name in names[:-1]:
        if name in os.environ:
            return os.environ[name]
    return names[-1] if names else None


def _tag(value) -> str | None:
    tag = getattr(value, "tag", None)
    return str(tag) if tag is not None and getattr(tag, "value", None) is not None else None


def _plugin_entry(data: CommentedMap) -> tuple[object, tuple, bool]:
    plugins = data.get("plugins")
    if isinstance(plugins, dict):  # `plugins: {syllabuild: {...}}` is allowed by MkDocs too
        if PLUGIN in plugins:
            return plugins[PLUGIN], ("plugins", PLUGIN), True
        return None, (), False
    for index, entry in enumerate(plugins or ()):
        if entry == PLUGIN:
            return None, ("plugins", index), True
        if isinstance(entry, dict) and PLUGIN in entry:
            return entry[PLUGIN], ("plugins", index, PLUGIN), True
    return None, (), False


def _position(data, path: tuple) -> tuple[int, int] | None:
    """Position of the value at `path`, from ruamel's line/column records."""
    node = data
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        try:
            if isinstance(node, CommentedMap):
                if part not in node:
                    return None
                if last:
                    line, column = node.lc.value(part) if node[part] is not None else node.lc.key(part)
                    return line + 1, column + 1
            elif isinstance(node, CommentedSeq):
                if not isinstance(part, int) or part >= len(node):
                    return None
                if last:
                    line, column = node.lc.item(part)
                    return line + 1, column + 1
            else:
                return None
        except (KeyError, TypeError, AttributeError):
            return None
        node = node[part]
    return None


def shown_value(value) -> str:
    """A value as a message shows what was written: `"text"`, `nothing`, `a mapping`, `a list`, `3`."""
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)
