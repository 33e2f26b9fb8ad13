"""Printed text as a terminal would show it, safe to put in a page.

Programs write for terminals: progress bars redraw a line with `\\r`, spinners step back with
`\\b`, warnings come in colour. A page is not a terminal, and Python-Markdown reads a `\\r` as a
line break, so a progress bar printed inside an indented block (a list item, the failure box)
would start an unindented line there and end the block: the rest of the output became page
markup. Every text output (snippet and notebook streams, tracebacks) goes through
`terminal_text` before it is written into a page.
"""

from __future__ import annotations

import re

__all__ = ["drop_controls", "terminal_text"]

# CSI (colours, cursor moves), OSC (titles, hyperlinks; ended by BEL or ST), other two-byte escapes.
_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
# Every C0 and C1 control but tab and newline; the second also spares `\b` and `\r`, which
# move the cursor (control characters that do not take a cell go before the redrawing).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_INVISIBLE = re.compile(r"[\x00-\x07\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Lone surrogates cannot be written as UTF-8 at all.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def terminal_text(text: str) -> str:
    """`text` as its last screen state: colours stripped, each line as `\\r` and `\\b` left it.

    `"10%\\r50%\\r100%\\n"` shows `100%`; `"abc\\rX"` shows `Xbc`, as a terminal overwrites;
    other control characters are dropped (tab and newline stay), lone surrogates become U+FFFD.
    """
    text = _INVISIBLE.sub("", _ESCAPE.sub("", text))
    if "\r" in text or "\b" in text:
        text = "\n".join(_redrawn(line) if "\r" in line or "\b" in line else line for line in text.split("\n"))
    return drop_controls(text)


def drop_controls(text: str) -> str:
    """`text` without control characters other than tab and newline (NUL, ESC, `\\r`, …)."""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", text))


def _redrawn(line: str) -> str:
    if "\b" not in line:
        shown = ""
        for part in line.split("\r"):
            shown = part + shown[len(part):]
        return shown
    cells: list[str] = []
    column = 0
    for char in line:
        if char == "\r":
            column = 0
        elif char == "\b":
            column = max(0, column - 1)
        else:
            if column < len(cells):
                cells[column] = char
            else:
                cells.append(char)
            column += 1
    return "".join(cells)
