"""Rich outputs (`display(obj)`, a notebook cell's last value) travel in stdout as marked lines.

A marked line is `DISPLAY_MARK` + JSON `{"kind": …, "data": {mime: value}}` + newline, written
between the text the code prints, so the order of prints and displays survives the capture
and the cache. This module owns that format: the notebook prelude writes it, and so does the
forked child for snippets with `html=true` (`install`, `compile_block`, `show`, run by
`runner`); `render` and `notebooks.outputs` read it back (`split_stdout`).
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import sys
from dataclasses import dataclass

__all__ = ["DISPLAY_MARK", "Display", "compile_block", "display_line", "html_bundle", "install", "show",
           "show_html", "split_stdout"]

DISPLAY_MARK = "\x02syllabuild-display "
"""Prefix of a stdout line carrying one rich output (JSON) between the code's printed text."""

_html = False
"""In the child: whether the block running now shows rich HTML."""


@dataclass(frozen=True)
class Display:
    """One rich output: `kind` is `display_data` or `execute_result`; `data` maps MIME types to values."""

    kind: str
    data: dict


def display_line(kind: str, data: dict) -> str:
    return DISPLAY_MARK + json.dumps({"kind": kind, "data": data}, default=str) + "\n"


def html_bundle(obj: object) -> dict | None:
    """`{"text/html": …, "text/plain": …}` of an object with an HTML form, else None."""
    method = getattr(obj, "_repr_html_", None)
    if isinstance(obj, type) or not callable(method):
        return None
    try:
        html = method()
    except Exception:  # noqa: BLE001 - a broken repr shows as no rich output, as in Jupyter
        return None
    if isinstance(html, tuple):
        html = html[0]
    if not isinstance(html, str):
        return None
    return {"text/html": html, "text/plain": repr(obj)}


def compile_block(code: str, name: str, html: bool):
    """(module code, last expression's code or None): with `html` the last expression's value shows."""
    if not html:
        return compile(code, name, "exec", dont_inherit=True), None
    tree = ast.parse(code, name)
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return compile(tree, name, "exec", dont_inherit=True), None
    last = ast.Expression(tree.body.pop().value)
    return compile(tree, name, "exec", dont_inherit=True), compile(last, name, "eval", dont_inherit=True)


def install(patch_ipython: bool) -> None:
    """A builtin `display(obj)` as in Jupyter, also as `IPython.display.display` when the code uses IPython."""
    builtins.display = _display
    if patch_ipython:
        try:
            import IPython.core.display_functions as display_functions
            import IPython.display
        except ImportError:
            return
        IPython.display.display = display_functions.display = _display


def show_html(on: bool) -> None:
    """Whether the next block's displays show as HTML (its `html` option)."""
    global _html
    _html = on


def _display(*objects, **_options) -> None:
    for obj in objects:
        show(obj, "display_data")


def show(value, kind: str) -> None:
    """A marked stdout line with `value`'s HTML (in an `html=true` block); else `display` prints its repr.

    A block's last value without an HTML form shows nothing, as a script's would; figures are
    captured with the other open figures.
    """
    figure = sys.modules.get("matplotlib.figure")
    if value is None or (figure is not None and isinstance(value, figure.Figure)):
        return
    bundle = html_bundle(value) if _html else None
    sys.stdout.flush()
    if bundle is not None:
        sys.stdout.write(display_line(kind, bundle))
    elif kind == "display_data":
        sys.stdout.write(repr(value) + "\n")
    sys.stdout.flush()


def split_stdout(stdout: str) -> list[str | Display]:
    """Printed text (runs of whole lines) and the rich outputs between them, in order.

    A marked line that is not valid JSON (cut short by the output limit) stays text.
    """
    parts: list[str | Display] = []
    text: list[str] = []
    # Not str.splitlines: it also splits at control characters that printed text may contain.
    for line in re.findall(r"[^\n]*\n|[^\n]+$", stdout):
        shown = _parsed(line) if line.startswith(DISPLAY_MARK) else None
        if shown is None:
            text.append(line)
            continue
        if text:
            parts.append("".join(text))
            text.clear()
        parts.append(shown)
    if text:
        parts.append("".join(text))
    return parts


def _parsed(line: str) -> Display | None:
    try:
        shown = json.loads(line[len(DISPLAY_MARK):])
    except ValueError:
        return None
    if not isinstance(shown, dict) or not isinstance(shown.get("data"), dict):
        return None
    return Display(str(shown.get("kind", "display_data")), shown["data"])
