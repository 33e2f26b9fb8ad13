"""Reading snippet options from fence attributes and from `# syllabuild:` header comments."""

from __future__ import annotations

import re
from dataclasses import replace

from syllabuild.sizes import MIN_OUTPUT, SizeError, parse_size
from syllabuild.snippets.model import SnippetOptions

_ATTR = re.compile(r"""([A-Za-z_][\w-]*)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s}]+))?""")
_HEADER = re.compile(r"^#\s*syllabuild:\s*(.*)$")

# Attributes that select or place a snippet rather than configure how it runs.
MARKUP_KEYS = ("exec", "session", "file")
OPTION_KEYS = ("timeout", "memory", "raises", "figures", "source", "output", "alt", "html", "max_output", "gpu")
_TRUE, _FALSE = ("on", "true", "yes", "1"), ("off", "false", "no", "0")


class OptionError(ValueError):
    """An option with a value we cannot use; the message follows 'expected X, got Y'."""


def parse_attributes(text: str) -> dict[str, str]:
    """`exec="on" session=mlp` → `{"exec": "on", "session": "mlp"}` (bare words map to "on")."""
    attrs = {}
    for match in _ATTR.finditer(text):
        value = match.group(2)
        if value is None:
            value = "on"
        elif value[:1] in "\"'":
            value = value[1:-1]
        attrs[match.group(1)] = value
    return attrs


def header_attributes(code: str) -> dict[str, str]:
    """Options written in a snippet file's leading comments: `# syllabuild: raises=ValueError`."""
    attrs: dict[str, str] = {}
    for line in code.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            attrs.update(parse_attributes(match.group(1)))
    return attrs


def apply_options(base: SnippetOptions, attrs: dict[str, str]) -> tuple[SnippetOptions, list[str]]:
    """Return `base` updated from `attrs`, plus one message per unusable attribute."""
    problems, changes = [], {}
    for key, value in attrs.items():
        if key in MARKUP_KEYS:
            continue
        parse = _PARSERS.get(key)
        if parse is None:
            problems.append(f"unknown snippet option {key!r}: expected one of {', '.join(OPTION_KEYS + MARKUP_KEYS)}")
            continue
        try:
            changes.update(parse(value))
        except (OptionError, SizeError) as error:
            problems.append(f"{key}: {error}")
    return replace(base, **changes), problems


def format_seconds(seconds: float) -> str:
    return f"{seconds:g} s"


def _timeout(value: str) -> dict:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if seconds <= 0:
        raise OptionError(f'expected a number of seconds like "60", got "{value}"')
    return {"timeout": seconds}


def _choice(field: str, choices: tuple[str, ...], to_value=lambda v: v):
    def parse(value: str) -> dict:
        if value not in choices:
            raise OptionError(f"expected {' or '.join(repr(c) for c in choices)}, got {value!r}")
        return {field: to_value(value)}
    return parse


def _raises(value: str) -> dict:
    if not re.fullmatch(r"[A-Za-z_][\w.]*", value):
        raise OptionError(f'expected an exception name like "ValueError", got "{value}"')
    return {"raises": value}


def _html(value: str) -> dict:
    word = value.lower()
    if word not in _TRUE + _FALSE:
        raise OptionError(f'expected "true" or "false", got "{value}"')
    return {"html": word in _TRUE}


def _alt(value: str) -> dict:
    if not value.strip():
        raise OptionError('expected a description of the figure like "Training loss falls over 10 epochs", got ""')
    return {"alt": value.strip()}


def _gpu(value: str) -> dict:
    if not (value.isascii() and value.isdigit()):
        raise OptionError(f'expected a number of GPUs like "1", got "{value}"')
    return {"gpu": int(value)}


_PARSERS = {
    "timeout": _timeout,
    "memory": lambda value: {"memory": parse_size(value)},
    "raises": _raises,
    "figures": _choice("figures", ("svg", "png")),
    "source": _choice("show_source", ("show", "hide"), lambda v: v == "show"),
    "output": _choice("show_output", ("show", "hide"), lambda v: v == "show"),
    "alt": _alt,
    "html": _html,
    "max_output": lambda value: {"max_output": parse_size(value, MIN_OUTPUT)},
    "gpu": _gpu,
}
