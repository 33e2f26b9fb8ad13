"""Markdown that embeds a snippet file on a page; `service.py` executes it like any marked block."""


def file_reference(relpath: str) -> str:
    """Markdown that shows snippet file `relpath` (relative to the snippets folder) with its output."""
    return f'```python exec="on" file="{relpath}"\n```\n'
