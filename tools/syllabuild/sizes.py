"""Memory sizes as staff write them (`2GiB`, `512MiB`): one parser for settings and snippet options."""

from __future__ import annotations

import re

__all__ = ["MIN_OUTPUT", "SizeError", "format_size", "parse_size"]

MIN_OUTPUT = 1024
"""The smallest output limit (`max_output`): room for a start, an end and the note between them."""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB|K|M|G|T)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1000, "kib": 1024, "m": 1024**2, "mb": 1000**2, "mib": 1024**2,
          "g": 1024**3, "gb": 1000**3, "gib": 1024**3, "t": 1024**4, "tb": 1000**4, "tib": 1024**4}


class SizeError(ValueError):
    """Not a size; the message follows 'expected X, got Y'."""


def parse_size(text: str, minimum: int = 0) -> int:
    """`2GiB` → 2147483648; a size under `minimum` is an error."""
    match = _SIZE.match(text)
    if not match:
        raise SizeError(f'expected a size like "2GiB" or "512MiB", got "{text}"')
    size = int(float(match.group(1)) * _UNITS[(match.group(2) or "").lower()])
    if size < minimum:
        raise SizeError(f'expected a size of at least {format_size(minimum)}, got "{text}"')
    return size


def format_size(size: int) -> str:
    """2147483648 → `2 GiB`."""
    for unit, factor in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}"
    return f"{size} B"
