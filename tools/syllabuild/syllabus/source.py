"""Safe YAML loading that remembers where every value came from.

PyYAML's composer gives a node tree with line/column marks; we build plain Python data from it
ourselves so that we can (a) record a position for every key path, (b) reject duplicate keys,
unknown tags and runaway aliases, and (c) avoid YAML 1.1 surprises that hurt course staff:
`10:30` stays the text "10:30" (not the sexagesimal number 630) and `no`/`on` stay text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from syllabuild.syllabus.errors import Problem, SyllabusError

KeyPath = tuple[str | int, ...]

# A billion-laughs document expands a few aliases into millions of nodes; no syllabus needs this many.
MAX_NODES = 200_000
MAX_FILE_BYTES = 5 * 1024 * 1024
"""A syllabus is read whole into memory and every page is built from it: 5 MB is hundreds of lectures."""
MAX_DEPTH = 64
"""Nesting levels of lists and mappings; a syllabus uses about ten, and PyYAML composes recursively."""
MAX_TEXT = 20_000
"""Characters of one value: a long Markdown description fits; a page's worth belongs in docs/."""
MAX_ITEMS = 2_000
"""Items of one list or keys of one mapping."""

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_LEADING_ZERO = re.compile(r"^0\d+$")
_YAML11_WORDS = re.compile(r"^(yes|no|on|off|y|n)$", re.IGNORECASE)


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class Document:
    """Plain data of a YAML file plus the position of every value and key in it."""

    path: Path
    display_name: str
    data: object
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    value_problems: list[Problem] = field(default_factory=list)
    """Problems in single values (impossible dates) that do not stop validation of the rest."""

    def position(self, path: KeyPath, *, key: bool = False) -> Position:
        """Where `path` is written; falls back to the nearest enclosing value."""
        table = self.keys if key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return Position(1, 1)

    def problem(self, path: KeyPath, message: str, *, key: bool = False) -> Problem:
        pos = self.position(path, key=key)
        return Problem(self.display_name, pos.line, pos.column, format_path(path), message)


def format_path(path: KeyPath) -> str:
    """`("lectures", 3, "date")` -> `lectures[3].date`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_document(path: Path, *, display_name: str | None = None) -> Document:
    """Read and parse a YAML file; raises SyllabusError listing every problem found."""
    name = display_name or path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SyllabusError([Problem(name, 0, 0, "", _too_big(size))])
        data = path.read_bytes()
    except FileNotFoundError:
        raise SyllabusError([Problem(name, 0, 0, "", "file not found")]) from None
    except IsADirectoryError:
        raise SyllabusError([Problem(name, 0, 0, "", "expected a file, got a folder")]) from None
    except OSError as error:
        raise SyllabusError([Problem(name, 0, 0, "", f"cannot be read ({error.strerror or error})")]) from None
    return parse_document(decode_text(data, name), path=path, display_name=name)


def decode_text(data: bytes, display_name: str) -> str:
    """`data` as UTF-8 text; raises SyllabusError at the line and column of the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start:error.start].decode("utf-8")) + 1  # the bytes before it are valid
        byte = data[error.start]
        raise SyllabusError([Problem(display_name, line, column, "",
                                     f"not valid UTF-8 text: byte 0x{byte:02x} ({error.reason}); save the file as UTF-8")]) from None


def _too_big(size: int) -> str:
    return (f"the file is {size / 1024 / 1024:.1f} MB, expected at most {MAX_FILE_BYTES // 1024 // 1024} MB; "
            "long texts belong in pages of docs/")


def parse_document(text: str, *, path: Path, display_name: str) -> Document:
    if len(text) > MAX_FILE_BYTES:
        raise SyllabusError([Problem(display_name, 0, 0, "", _too_big(len(text.encode("utf-8", "surrogatepass"))))])
    tab_problems = [
        Problem(display_name, number, line.index("\t") + 1, "", "tab character in indentation; YAML indents with spaces")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip())]
    ]
    if tab_problems:
        raise SyllabusError(tab_problems)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        raise SyllabusError([_syntax_problem(error, text, display_name)]) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - text.rfind("\n", 0, error.position)
        raise SyllabusError([Problem(display_name, line, column, "",
                                     f"character U+{error.character:04X} is not allowed in YAML text; remove it")]) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML raises marked errors for text input
        raise SyllabusError([Problem(display_name, 1, 1, "", f"YAML error: {error}")]) from None
    doc = Document(path=path, display_name=display_name, data=None)
    if node is None:
        raise SyllabusError([Problem(display_name, 1, 1, "", "the file is empty; expected a mapping with a `course:` key")])
    builder = _Builder(doc)
    doc.data = builder.build(node, ())
    if builder.problems:
        raise SyllabusError(builder.problems)
    return doc


class _RunawayError(yaml.composer.ComposerError):
    """Valid YAML that would compose without end: a recursive alias, a runaway nesting."""


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display_name: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if isinstance(error, _RunawayError):
        return Problem(display_name, mark.line + 1, mark.column + 1, "", str(error.problem))
    what = error.problem or "invalid YAML"
    if error.context:
        what = f"{error.context}: {what}"
    if "flow" in (error.context or "") and "stream end" not in what:
        what += ' (inside { } or [ ], quote text that contains "," "?" ":" "#")'
    opened = error.context_mark
    if error.context == "while scanning a quoted scalar" and opened is not None and \
            ("end of stream" in what or "document separator" in what):
        # The scanner only notices at the end of the file; the mistake is where the quote opens.
        mark = opened
        quote = text[opened.index] if opened.index < len(text) else '"'
        what = f"the quoted text that starts here is never closed; add the closing {quote}"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(display_name, line, col, "", f"YAML syntax error: {what}")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what it would compose by recursion without end.

    A recursive alias (`a: &x [*x]`) is a value inside itself, and a document nested thousands of
    levels deep exhausts Python's stack in PyYAML's recursive composer.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._open_anchors: list[str] = []
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self._open_anchors:
                raise _RunawayError(
                    None, None, f"the alias *{event.anchor} is inside the value &{event.anchor} it names, "
                    "which would repeat forever", event.start_mark)
            return super().compose_node(parent, index)
        if self._depth >= MAX_DEPTH:
            raise _RunawayError(
                None, None, f"values are nested more than {MAX_DEPTH} levels deep", event.start_mark)
        anchor = getattr(event, "anchor", None)
        self._depth += 1
        if anchor is not None:
            self._open_anchors.append(anchor)
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1
            if anchor is not None:
                self._open_anchors.pop()


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = yaml.SafeLoader("")

    def _problem(self, node: yaml.Node, path: KeyPath, message: str) -> None:
        self.problems.append(
            Problem(self.doc.display_name, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path), message)
        )

    def build(self, node: yaml.Node, path: KeyPath) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._problem(node, (), f"the document expands to more than {MAX_NODES} values; are aliases (*name) repeating each other?")
            return None
        self.doc.values.setdefault(path, Position(node.start_mark.line + 1, node.start_mark.column + 1))
        if len(path) > MAX_DEPTH:  # aliases nest what the composer saw as shallow
            self._problem(node, path, f"values are nested more than {MAX_DEPTH} levels deep")
            return None
        if node.tag not in _STANDARD_TAGS:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._problem(node, path, f"YAML tag {tag} is not allowed; write plain values")
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and len(node.value) > MAX_ITEMS:
            what = "keys" if isinstance(node, yaml.MappingNode) else "items"
            self._problem(node, path, f"expected at most {MAX_ITEMS} {what}, got {len(node.value)}")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, index)) for index, child in enumerate(node.value)]
        if len(node.value) > MAX_TEXT:
            self._problem(node, path, f"expected at most {MAX_TEXT} characters, got {len(node.value)}; "
                                      "long texts belong in pages of docs/")
            return None
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict:
        result: dict = {}
        written_here = {id(key) for key, _ in node.value}
        merged: set[str] = set()
        try:
            self.constructor.flatten_mapping(node)  # resolves `<<: *defaults` merge keys
        except yaml.constructor.ConstructorError as error:
            self._problem(node, path, str(error.problem))
            return result
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                self._problem(key_node, path, "keys must be plain names")
                continue
            key = str(key) if not isinstance(key, int) else key
            child = (*path, str(key))
            if str(key) in merged and id(key_node) in written_here:
                merged.discard(str(key))  # a key written here overrides one merged in with `<<:`
            elif str(key) in result:
                first = self.doc.keys[child]
                self._problem(key_node, child, f"duplicate key '{key}' (first defined on line {first.line})")
                continue
            if id(key_node) not in written_here:
                merged.add(str(key))
            self.doc.keys[child] = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[str(key)] = self.build(value_node, child)
        return result

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath) -> object:
        if node.style is not None or node.tag == "tag:yaml.org,2002:str":
            return node.value
        if node.tag == "tag:yaml.org,2002:int" and (_CLOCK.match(node.value) or _LEADING_ZERO.match(node.value)):
            return node.value  # 10:30 is a time and 046211 a course code, not YAML 1.1 numbers
        if node.tag == "tag:yaml.org,2002:bool" and _YAML11_WORDS.match(node.value):
            return node.value
        if node.tag == "tag:yaml.org,2002:timestamp":
            try:
                return self.constructor.construct_yaml_timestamp(node)
            except ValueError as error:
                self.doc.value_problems.append(Problem(
                    self.doc.display_name, node.start_mark.line + 1, node.start_mark.column + 1,
                    format_path(path), f'impossible date "{node.value}" ({error})'))
                return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.constructor.ConstructorError):
            return node.value
