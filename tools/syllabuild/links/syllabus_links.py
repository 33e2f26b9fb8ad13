"""URLs in `syllabus.yaml`, each at its line, column and key path.

The YAML node tree is walked directly (not the syllabus model) so a URL is reported where it is
written, `syllabus.yaml:212:15: lectures[4].recordings[0].mirrors[1]`, even in a syllabus that
does not validate yet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from syllabuild.links.model import Link, Location

__all__ = ["LinkSourceError", "syllabus_links", "syllabus_values", "URL_PATTERN"]

# Stops before characters that end a URL in prose or Markdown: spaces, quotes, brackets, `<>`.
URL_PATTERN = re.compile(r"https?://[^\s<>\"'`)\]}]+")
_TRAILING = ".,;:!?"


class LinkSourceError(Exception):
    """A source file that cannot be read for links; the run stops with exit code 2."""


@lru_cache(maxsize=2)
def _compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, composed once per text for both readers below.

    libyaml's parser, where PyYAML has it, gives the same nodes and marks about ten times faster.
    Text it refuses is composed again by the pure-Python parser, whose error message is the one
    reported.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def syllabus_links(path: Path, *, relative_to: Path) -> list[Link]:
    """Every http(s) URL in the syllabus, with where it is written.

    Args:
        path: the syllabus file.
        relative_to: folder the reported path is relative to (the project root).

    Raises:
        LinkSourceError: the file cannot be read or is not YAML.
    """
    shown = _shown(path, relative_to)
    try:
        text = path.read_text(encoding="utf-8")
        root = _compose(text)
    except OSError as error:
        raise LinkSourceError(f"{shown}: cannot read: {error.strerror}") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown
        raise LinkSourceError(f"{where}: not valid YAML: {error.problem}") from None
    links: list[Link] = []
    if root is not None:
        _walk(root, "", text, shown, links)
    return links


def syllabus_values(path: Path, *, relative_to: Path) -> dict[str, Location]:
    """Every string value of the syllabus at its first place, for links generated from it.

    A relative link on a generated page (`files/week1.pdf`) is reported where the syllabus
    writes it. Unreadable or invalid YAML gives nothing: `syllabus_links` reports that.
    """
    shown = _shown(path, relative_to)
    try:
        root = _compose(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    values: dict[str, Location] = {}
    pending: list[tuple[yaml.Node, str]] = [(root, "")] if root is not None else []
    while pending:
        node, key_path = pending.pop()
        if isinstance(node, yaml.MappingNode):
            pending += [
                (value, f"{key_path}.{key.value}" if key_path else str(key.value)) for key, value in reversed(node.value)
            ]
        elif isinstance(node, yaml.SequenceNode):
            pending += [(item, f"{key_path}[{index}]") for index, item in reversed(list(enumerate(node.value)))]
        elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and node.value not in values:
            mark = node.start_mark
            values[node.value] = Location(shown, mark.line + 1, mark.column + 1, key_path)
    return values


def _walk(node: yaml.Node, key_path: str, text: str, shown: str, links: list[Link]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            child = f"{key_path}.{name}" if key_path else name
            _walk(value, child, text, shown, links)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, f"{key_path}[{index}]", text, shown, links)
    elif isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) and "://" in node.value:
        for url in urls_in(node.value):
            line, column = _position(text, node, url)
            links.append(Link(url, Location(shown, line, column, key_path)))


def urls_in(text: str) -> list[str]:
    """http(s) URLs in free text, without the punctuation that ends a sentence."""
    return [match.group().rstrip(_TRAILING) for match in URL_PATTERN.finditer(text)]


def _position(text: str, node: yaml.ScalarNode, url: str) -> tuple[int, int]:
    """1-based line and column of `url` as written, falling back to where the scalar starts."""
    start, end = node.start_mark.index, node.end_mark.index
    found = text.find(url, start, end)
    if found < 0:  # folded or escaped beyond recognition; the scalar's start is close enough
        return node.start_mark.line + 1, node.start_mark.column + 1
    line = text.count("\n", 0, found) + 1
    column = found - (text.rfind("\n", 0, found) + 1) + 1
    return line, column


def _shown(path: Path, relative_to: Path) -> str:
    try:
        return path.resolve().relative_to(relative_to.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
