"""The package's floors: data flows one way, and only the adapters import a site builder.

project → syllabus → schedule → pages → site → terms → adapters (plugin/ for MkDocs, zensical/):
a module may import syllabuild modules of its own floor or below, never above.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tools" / "syllabuild"
FLOORS = [
    {"problems", "markers", "atomic", "console", "sizes"},
    {"project"},
    {"syllabus"},
    {"i18n", "schedule"},
    {"snippets"},
    {"notebooks"},
    {"pages"},
    {"links", "theme"},
    {"site"},
    {"guard"},
    {"plugin", "zensical"},
    {"commands", "cli", "pytest_plugin", "terms"},
]
ADAPTERS = {"plugin", "zensical"}
BUILDERS = {"mkdocs", "material", "zensical"}


def imports() -> dict[str, set[str]]:
    """Top-level part of syllabuild (`site`, `cli`) -> everything its modules import."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        part = parts[0][:-3] if len(parts) == 1 else parts[0]
        if part == "__init__":
            continue
        names = found.setdefault(part, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
    return found


def floor(part: str) -> int:
    return next(number for number, parts in enumerate(FLOORS) if part in parts)


def test_every_part_of_the_package_has_a_floor():
    assert set(imports()) <= set().union(*FLOORS)


def test_no_module_imports_from_a_floor_above_its_own():
    upward = []
    for part, names in imports().items():
        for name in names:
            pieces = name.split(".")
            if pieces[0] == "syllabuild" and len(pieces) > 1 and pieces[1] != part and floor(pieces[1]) > floor(part):
                upward.append(f"{part} imports {name}")
    assert upward == []


def test_only_the_adapters_import_a_site_builder():
    found = sorted(f"{part} imports {name}" for part, names in imports().items() if part not in ADAPTERS
                   for name in names if name.split(".")[0] in BUILDERS)
    assert found == []
