"""From notebook code cells to engine snippets, keeping every cell's line numbers.

A notebook runs as one session: a hidden setup snippet (the prelude) followed by one snippet per
non-empty code cell. Two rewrites make plain `exec` behave like a Jupyter kernel, both on the
cell's own lines so tracebacks still point at the author's line:

- the last expression of a cell is shown (`x` → `__syllabuild_show__((x))`), unless it ends in `;`;
- IPython magics become `pass` (environment magics such as `%matplotlib inline`, `!pip install`)
  or a clear error (anything that would change what the cell computes, like `%timeit`).
"""

from __future__ import annotations

import ast
import re

from syllabuild.snippets.display import DISPLAY_MARK
from syllabuild.snippets.fences import normalize_code

__all__ = ["DISPLAY_MARK", "SHOW", "cell_code", "prelude"]

SHOW = "__syllabuild_show__"

# Magics that only set up the environment the build already provides.
_IGNORED_MAGICS = ("matplotlib", "config", "load_ext", "autoreload", "pip", "conda", "time", "capture")
_MAGIC = re.compile(r"^(?P<indent>\s*)(?P<mark>%%|%|!)(?P<name>[\w-]*)")


def cell_code(source: str) -> str:
    """The code that runs for one cell: normalized, magics replaced, last expression shown."""
    code = normalize_code(source)
    if not code:
        return ""
    code = "\n".join(_replace_magic(line) for line in code.split("\n"))
    return _show_last_expression(code)


def _replace_magic(line: str) -> str:
    match = _MAGIC.match(line)
    if not match:
        return line
    indent, mark, name = match["indent"], match["mark"], match["name"]
    if mark == "!" and not name:  # `!= ` cannot start a line of Python, but be careful anyway
        return line
    if mark == "!" or name in _IGNORED_MAGICS:
        return f"{indent}pass  # {line.strip()}"
    message = f"IPython magic {mark}{name} is not supported in site builds; write it as Python"
    return f"{indent}raise NotImplementedError({message!r})"


def _show_last_expression(code: str) -> str:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code  # the engine reports it at the right line
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return code
    last = tree.body[-1]
    # ast offsets count UTF-8 bytes; edit encoded lines so the columns line up.
    lines = [line.encode() for line in code.split("\n")]
    first, end = last.lineno - 1, last.end_lineno - 1
    rest = lines[end][last.end_col_offset:].decode().split("#", 1)[0].strip()
    if rest.startswith(";"):
        return code
    if first == end:
        line = lines[first]
        lines[first] = (line[:last.col_offset] + f"{SHOW}((".encode()
                        + line[last.col_offset:last.end_col_offset] + b"))" + line[last.end_col_offset:])
    else:
        lines[end] = lines[end][:last.end_col_offset] + b"))" + lines[end][last.end_col_offset:]
        lines[first] = lines[first][:last.col_offset] + f"{SHOW}((".encode() + lines[first][last.col_offset:]
    return "\n".join(line.decode() for line in lines)


def prelude(uses_ipython: bool) -> str:
    """Setup code run before the first cell, in the same process (its output is never shown).

    It works in the notebook's folder as Jupyter does (relative paths and local modules resolve),
    installs `display()` and the last-expression hook, and makes `plt.show()` a no-op: the engine
    captures every figure left open at the end of a cell. The folder is found from `__file__` (the
    notebook's path), not written into the code, so a dask worker running a copy of the course
    works in its copy.
    """
    code = _PRELUDE.replace("DISPLAY_MARK", repr(DISPLAY_MARK))
    if uses_ipython:
        code += _IPYTHON_PATCH
    return code


_PRELUDE = '''
import base64 as _b64, builtins as _builtins, json as _json, os as _os, sys as _sys

_notebook_dir = _os.path.dirname(_os.path.abspath(__file__))
_os.chdir(_notebook_dir)
_sys.path.insert(0, _notebook_dir)

def _syllabuild_bundle(obj):
    try:
        import matplotlib.figure
        if isinstance(obj, matplotlib.figure.Figure):
            return None  # captured with the cell's other open figures
    except ImportError:
        pass
    data = {}
    method = getattr(obj, "_repr_mimebundle_", None)
    if callable(method):
        try:
            found = method()
        except Exception:
            found = None
        if isinstance(found, tuple):
            found = found[0]
        if isinstance(found, dict):
            data.update(found)
    for name, mime in (("_repr_html_", "text/html"), ("_repr_markdown_", "text/markdown"),
                       ("_repr_svg_", "image/svg+xml"), ("_repr_png_", "image/png"),
                       ("_repr_jpeg_", "image/jpeg"), ("_repr_latex_", "text/latex"),
                       ("_repr_json_", "application/json")):
        method = getattr(obj, name, None)
        if mime in data or not callable(method) or isinstance(obj, type):
            continue
        try:
            value = method()
        except Exception:
            continue
        if isinstance(value, tuple):
            value = value[0]
        if value is None:
            continue
        if isinstance(value, bytes):
            value = _b64.b64encode(value).decode()
        data[mime] = value
    data.setdefault("text/plain", repr(obj))
    return data

def _syllabuild_emit(kind, obj):
    data = _syllabuild_bundle(obj)
    if data is None:
        return
    _sys.stdout.flush()
    _sys.stdout.write(DISPLAY_MARK + _json.dumps({"kind": kind, "data": data}, default=str) + "\\n")
    _sys.stdout.flush()

def display(*objs, **kwargs):
    for obj in objs:
        _syllabuild_emit("display_data", obj)

def __syllabuild_show__(value):
    if value is not None:
        _syllabuild_emit("execute_result", value)
    return value

_builtins.display = display
_builtins.__syllabuild_show__ = __syllabuild_show__

import matplotlib.pyplot as _plt
_plt.show = lambda *args, **kwargs: None
del _plt
'''

_IPYTHON_PATCH = '''
import IPython.display as _ipd
import IPython.core.display_functions as _ipdf
_ipd.display = _ipdf.display = display
'''
