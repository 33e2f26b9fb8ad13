"""Valid, self-contained HTML for notebook pages rendered by mkdocs-jupyter.

mkdocs-jupyter writes the notebook's stylesheets as `<style>` blocks inside the page body (not
allowed there by the HTML standard) and an empty MathJax `<script src="">`. We move the styles
into one content-addressed stylesheet linked from the head — the same file for every notebook,
so browsers cache it — and drop the empty script.
"""

from __future__ import annotations

import ast
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

_JUPYTER_MARK = 'class="jupyter-wrapper"'
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.DOTALL)
_EMPTY_SCRIPT = re.compile(r'<script src="">\s*</script>\s*')


@dataclass
class NotebookStyles:
    """Stylesheets collected from notebook pages during one build: site path -> CSS text."""

    files: dict[str, str] = field(default_factory=dict)

    def clean(self, html: str, *, base_url: str) -> str:
        """The page with its notebook `<style>` blocks replaced by one `<link>` in the head."""
        if _JUPYTER_MARK not in html:
            return html
        head, sep, body = html.partition("</head>")
        if not sep:
            return html
        css = "\n".join(_css_text(block) for block in _STYLE.findall(body))
        body = _EMPTY_SCRIPT.sub("", _STYLE.sub("", body))
        if not css:
            return head + sep + body
        path = f"assets/syllabuild/notebook-{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
        self.files[path] = css
        link = f'<link rel="stylesheet" href="{base_url.rstrip("/")}/{path}">\n'
        return head + link + sep + body

    def write(self, site_dir: Path) -> None:
        """Write the collected stylesheets into the built site."""
        for path, css in self.files.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(css, encoding="utf-8")


def _css_text(block: str) -> str:
    """A style block's CSS; mkdocs-jupyter writes its highlight CSS as a Python list literal."""
    block = block.strip()
    if block.startswith("['") and block.endswith("']"):
        try:
            return "\n".join(ast.literal_eval(block))
        except (ValueError, SyntaxError):
            return ""
    return block
