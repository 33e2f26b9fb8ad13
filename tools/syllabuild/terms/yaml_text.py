"""Editing a YAML file as text, at the places the parser marks, so that nothing else changes.

A round trip through a YAML library rewrites what it does not model (ruamel.yaml drops the blank
line after a list it empties, and comments ride on the node before them). Here the text is
edited only where a value is replaced, an entry removed or a list emptied; comments, quoting,
flow or block style and blank lines elsewhere stay byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import yaml

__all__ = ["TextEdits", "content_end", "entries", "items", "scalar_text", "value"]

Entry = tuple[int, yaml.ScalarNode, yaml.Node]
"""(index in the mapping, key node, value node)."""


@dataclass(frozen=True)
class _Edit:
    start: int
    end: int
    text: str


class TextEdits:
    """Edits of one text, collected and then applied at once (`applied`)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self._edits: dict[int, _Edit] = {}

    def replace(self, start: int, end: int, text: str) -> None:
        """Put `text` in place of `self.text[start:end]`; a second edit at `start` (an alias's) is dropped."""
        self._edits.setdefault(start, _Edit(start, end, text))

    def applied(self) -> str:
        out, last = [], len(self.text)
        for edit in sorted(self._edits.values(), key=lambda e: (e.start, e.end), reverse=True):
            if edit.end > last:
                raise AssertionError(f"overlapping edits at offset {edit.start}")
            out += [self.text[edit.end:last], edit.text]
            last = edit.start
        out.append(self.text[:last])
        return "".join(reversed(out))

    def set_scalar(self, node: yaml.ScalarNode, value: str, *, flow: bool) -> None:
        """`node` replaced by `value`, quoted as it was where that reads back (see `scalar_text`)."""
        self.replace(node.start_mark.index, content_end(node), scalar_text(value, node, flow=flow))

    def empty_list(self, key: yaml.ScalarNode, items: yaml.Node) -> None:
        """`key: []`; a comment on the key's own line stays, those among the items go with them."""
        if not isinstance(items, yaml.SequenceNode) or not items.value:
            return
        if items.flow_style:
            self.replace(items.start_mark.index, items.end_mark.index, "[]")
            return
        colon = self.text.index(":", key.end_mark.index) + 1
        self.replace(colon, colon, " []")
        self.replace(self.line_end(colon), self.line_end(content_end(items) - 1), "")

    def remove_entry(self, mapping: yaml.MappingNode, index: int) -> None:
        """Remove entry `index` of `mapping` with the comments inside it; the lines after it stay."""
        key, node = mapping.value[index]
        end = max(key.end_mark.index, content_end(node))
        if mapping.flow_style:
            if index > 0:  # `, recordings: […]`
                self.replace(content_end(mapping.value[index - 1][1]), end, "")
            else:
                self.replace(key.start_mark.index, mapping.value[1][0].start_mark.index if len(mapping.value) > 1 else end, "")
            return
        line = self.line_start(key.start_mark.index)
        if self.text[line:key.start_mark.index].strip() and index + 1 < len(mapping.value):
            # `- recordings: …` shares its line with the item's dash: the next key takes its place.
            self.replace(key.start_mark.index, mapping.value[index + 1][0].start_mark.index, "")
        else:
            self.replace(line, self.line_end(end - 1), "")

    def line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def line_end(self, offset: int) -> int:
        """Just past the line break of the line holding `offset` (the end of the text on the last line)."""
        found = self.text.find("\n", offset)
        return len(self.text) if found < 0 else found + 1

    def line_before(self, offset: int) -> str:
        """The line that ends just before the line starting at `offset`."""
        return self.text[self.line_start(offset - 1):offset]


def entries(node: yaml.Node | None) -> dict[str, Entry]:
    """A mapping's entries by key; {} for anything else."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: (i, key, child) for i, (key, child) in enumerate(node.value) if isinstance(key, yaml.ScalarNode)}


def value(found: dict[str, Entry], key: str) -> yaml.Node | None:
    return found[key][2] if key in found else None


def items(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def content_end(node: yaml.Node) -> int:
    """Where the node's own text ends: a block collection's end mark lies past the comments after it."""
    if isinstance(node, yaml.ScalarNode):
        if node.style in ("|", ">"):  # a block scalar's end mark includes the line breaks after it
            written = node.end_mark.buffer[node.start_mark.index:node.end_mark.index]
            return node.start_mark.index + len(written.rstrip())
        return node.end_mark.index
    if getattr(node, "flow_style", False):
        return node.end_mark.index
    children = [child for pair in node.value for child in pair] if isinstance(node, yaml.MappingNode) else node.value
    return max((content_end(child) for child in children), default=node.start_mark.index)


def scalar_text(text: str, like: yaml.ScalarNode | None, *, flow: bool) -> str:
    """`text` as a YAML scalar: quoted as `like` was, plain where plain reads back as `text`, else double-quoted."""
    style = like.style if like is not None else None
    if style == "'":
        return "'" + text.replace("'", "''") + "'"
    if style != '"' and _plain_reads_back(text, flow=flow):
        return text
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _plain_reads_back(text: str, *, flow: bool) -> bool:
    document = f"[{text}]" if flow else f"k: {text}"
    try:
        loaded = yaml.safe_load(document)
    except yaml.YAMLError:
        return False
    return loaded == ([text] if flow else {"k": text})
