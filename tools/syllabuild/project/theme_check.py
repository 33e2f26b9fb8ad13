"""Whether mkdocs.yml asks for the Material theme, which every generated page is written for.

Without it MkDocs still builds, with its own theme: the pages' icons and cards then have no
stylesheet, and the first inline SVG fills the screen. One line at `theme.name` says why instead.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from syllabuild.problems import Problem
from syllabuild.project.config_file import ConfigFile, resolve_env, shown_value

__all__ = ["THEME", "theme_problem"]

THEME = "material"
"""The theme name syllabuild's pages and templates need."""
_NEEDS = f"syllabuild needs the Material theme (theme: {{name: {THEME}}})"


def theme_problem(config: ConfigFile) -> str | None:
    """The one line that says mkdocs.yml does not use the Material theme, or None when it does.

    Args:
        config: mkdocs.yml as `read_config_file` read it (for the positions).

    Returns:
        `mkdocs.yml:3:9: theme.name: syllabuild needs the Material theme (theme: {name: material}),
        got "readthedocs"`, or None.
    """
    data = config.data
    if "theme" not in data or data["theme"] is None:
        # MkDocs then uses its own theme, "mkdocs".
        line, column = _at(data, "theme", value=False)
        return str(Problem(config.display_name, line, column, "theme",
                           f'{_NEEDS}, got none (MkDocs then uses its own theme, "mkdocs")'))
    theme = data["theme"]
    if isinstance(theme, CommentedMap):
        if "name" not in theme or theme["name"] is None:
            line, column = _at(theme, "name", value=False) if "name" in theme else _at(data, "theme")
            return str(Problem(config.display_name, line, column, "theme.name", f"{_NEEDS}, got none"))
        name = resolve_env(theme["name"])
        if name == THEME:
            return None
        line, column = _at(theme, "name")
        return str(Problem(config.display_name, line, column, "theme.name", f"{_NEEDS}, got {shown_value(name)}"))
    name = resolve_env(theme)
    if name == THEME:
        return None
    line, column = _at(data, "theme")
    return str(Problem(config.display_name, line, column, "theme", f"{_NEEDS}, got {shown_value(name)}"))


def _at(mapping, key: str, *, value: bool = True) -> tuple[int, int]:
    """1-based (line, column) of `mapping[key]` (or of the key), else the start of the file."""
    try:
        line, column = mapping.lc.value(key) if value else mapping.lc.key(key)
    except (AttributeError, KeyError, TypeError):
        return 1, 1
    return line + 1, column + 1


