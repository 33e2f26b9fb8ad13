"""Rich HTML outputs (a table, an object's `_repr_html_`), cleaned with nh3 and made inert for Markdown.

Only markup for tables and text survives: no scripts, styles, event handlers, forms, frames,
images or `javascript:` links. The cleaned HTML is then written so that Markdown cannot change
it wherever the block lands (top level, a list item, an admonition): one line, newlines as
`&#10;`, and the characters Markdown acts on (`[`, `*`, `{`, …) as character references, so
text such as `[x](javascript:…)` or `{: onclick=… }` inside a cell stays text.
"""

from __future__ import annotations

import nh3

__all__ = ["html_block", "safe_html"]

_TAGS = {
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "time", "tr", "u", "ul", "var", "wbr",
}
# No `id` (it could take over the page's own anchors and scripts' lookups), no `style`.
_ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "abbr": {"title"},
    "col": {"span", "align"},
    "colgroup": {"span", "align"},
    "ol": {"start", "reversed", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "tr": {"align"},
    "time": {"datetime"},
}
_OPTIONS = {"tags": _TAGS, "attributes": _ATTRIBUTES, "url_schemes": {"http", "https", "mailto"},
            "link_rel": "noopener noreferrer nofollow", "clean_content_tags": {"script", "style"}}
_INERT = str.maketrans({char: f"&#{ord(char)};" for char in "\n\\`*_{}[]~"})


def safe_html(html: str) -> str:
    """`html` with everything but table and text markup removed (scripts and styles with their content)."""
    return nh3.clean(html, **_OPTIONS).strip()


def html_block(html: str, css_class: str) -> str:
    """A raw HTML block of the cleaned `html` in a `<div class="css_class">`, on one line; '' when
    nothing is left to show."""
    clean = safe_html(html)
    if not clean:
        return ""
    return f'<div class="{css_class}">{clean.translate(_INERT)}</div>'
