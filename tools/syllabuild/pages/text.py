"""Safe text for generated Markdown: staff-written YAML never becomes HTML or script.

Plain-text fields (titles, names) are escaped for both HTML and Markdown; Markdown fields
(descriptions, notes, policies) keep their Markdown but any raw HTML shows as text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Mapping

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~!])")
_URL_UNSAFE = {"(": "%28", ")": "%29", "<": "%3C", ">": "%3E", " ": "%20", '"': "%22"}


def localize(value: str | Mapping[str, str] | None, lang: str, default: str) -> str:
    """The text in `lang`, falling back to the default language, then to any language."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or value.get(default) or next(iter(value.values()), "")


def plain(text: str) -> str:
    """Escape text so Markdown and HTML show it literally."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("\n", " ")


def markdown(text: str) -> str:
    """Keep Markdown, neutralise raw HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;")


def url(value: str) -> str:
    """A URL that survives inside a Markdown link destination."""
    return "".join(_URL_UNSAFE.get(char, char) for char in value)


def slugify(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-")
    return slug or "page"


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def day(value: dt.date | None) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}" if value else "TBA"


def short_day(value: dt.date | None) -> str:
    return f"{value:%a} {value.day} {value:%b}" if value else "TBA"


def moment(value: dt.datetime | None) -> str:
    return f"{day(value.date())}, {value:%H:%M}" if value else "TBA"


def clock(start: dt.time, end: dt.time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def number(value: float) -> str:
    return f"{value:g}"


def split_front_matter(markdown: str) -> tuple[str, str]:
    """(the `---` front matter block with its closing line, the rest); ("", markdown) without one."""
    if markdown.startswith("---\n"):
        end = markdown.find("\n---\n", 4)
        if end != -1:
            return markdown[: end + 5], markdown[end + 5:]
    return "", markdown
