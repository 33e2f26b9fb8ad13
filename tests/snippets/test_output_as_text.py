"""Printed output reaches the page as text, as a terminal shows it; HTML only where a block opts in, cleaned."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from syllabuild.plugin.markdown_setup import REQUIRED_EXTENSIONS
from syllabuild.snippets.fences import SnippetSources
from syllabuild.snippets.model import SnippetOptions
from syllabuild.snippets.options import apply_options
from syllabuild.snippets.service import SnippetService
from syllabuild.snippets.terminal import terminal_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Markup in every place output lands: top level, a list item, an admonition, the failure box;
# `\r` is what let it out (Markdown reads it as a line break, ending the indented block).
MARKUP = '''# Output

```python exec="on"
import sys
print("<b>top</b> <script>alert(1)</script>")
print("<img src=x onerror=alert(2)>", file=sys.stderr)
```

- In a list:

    ```python exec="on"
    print("line\\r<b>in the list</b>\\r")
    ```

!!! note

    ```python exec="on"
    print("<div>in the note</div>\\r<b>still the note</b>")
    ```

```python exec="on"
print("first\\r<b>broke out</b> <img src=x onerror=alert(3)>\\r")
raise ValueError("<i>bad</i>\\r<b>worse</b>")
```
'''


def page_html(text: str) -> str:
    """The page as MkDocs renders it: Python-Markdown with the extensions syllabuild requires."""
    md = markdown.Markdown(extensions=list(REQUIRED_EXTENSIONS),
                           extension_configs={name: make() for name, make in REQUIRED_EXTENSIONS.items()})
    return md.convert(text)


def elements(html: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*>", html)


def render(engine, project, page: str) -> str:
    return SnippetService(SnippetSources(project), engine).page_markdown(page, "docs/out.md", "out.md").markdown


def test_printed_markup_is_text_wherever_the_block_sits(engine, project):
    text = render(engine, project, MARKUP)
    html = page_html(text)
    for tag in ("b", "i", "script", "img"):
        assert elements(html, tag) == [], tag
    assert elements(html, "div").count("<div>") == 0
    for shown in ("&lt;b&gt;top&lt;/b&gt;", "&lt;img src=x onerror=alert(2)&gt;", "&lt;b&gt;in the list&lt;/b&gt;",
                  "&lt;b&gt;still the note&lt;/b&gt;", "&lt;b&gt;broke out&lt;/b&gt;", "&lt;b&gt;worse&lt;/b&gt;"):
        assert shown in html, shown
    assert "\r" not in text


def test_progress_bars_show_their_last_state_and_control_bytes_are_dropped(engine, project):
    page = ('```python exec="on"\nimport sys\nfor i in range(101):\n    print(f"\\rtraining {i:3d}%", end="")\n'
            'print()\nprint("\\x1b[31mred\\x1b[0m and \\x00NUL\\x07 and tab\\there")\n'
            'sys.stdout.flush()\nsys.stdout.buffer.write(b"bytes \\xff\\xfe end\\n")\n'
            'print("spinner -\\b\\\\\\b|\\b/")\n```\n')
    text = render(engine, project, page)
    output = text.split("```{.text .sb-output}\n", 1)[1].split("\n```", 1)[0]
    assert output.split("\n") == ["training 100%", "red and NUL and tab\there", "bytes \ufffd\ufffd end", "spinner /"]
    html = page_html(text)
    assert "\x00" not in html and "\x1b" not in html and "\x07" not in html


def test_terminal_text_is_what_a_terminal_shows():
    assert terminal_text("10%\r50%\r100%\n") == "100%\n"
    assert terminal_text("abc\rX") == "Xbc"  # a redraw overwrites, it does not erase
    assert terminal_text("ab\b\bxy") == "xy"
    assert terminal_text("Windows\r\nline\r\n") == "Windows\nline\n"
    assert terminal_text("\x1b]8;;https://x.example.org\x07link\x1b]8;;\x07 \x1b[1;32mok\x1b[0m") == "link ok"
    assert terminal_text("lone \ud800 surrogate\x7f\x85") == "lone \ufffd surrogate"


TABLE = '''class Table:
    def _repr_html_(self):
        return ('<style>td {color: red}</style><table class="dataframe" onclick="steal()">'
                '<thead><tr><th colspan="2" style="position:fixed;top:0">loss</th></tr></thead>'
                '<tbody><tr><td>0.5</td><td><b>0.25</b> [x](javascript:alert(1)) {: onclick=alert(2) }</td></tr></tbody>'
                '</table><script>alert(3)</script><a href="javascript:alert(4)">run</a>'
                '<a href="https://example.org/docs">docs</a><img src="https://tracker.example.org/p.gif">')
'''


def test_html_option_shows_a_cleaned_table(engine, project):
    page = (f'```python exec="on" html="true"\n{TABLE}\ndisplay(Table())\nprint("between")\nTable()\n```\n\n'
            '- In a list:\n\n    ```python exec="on" html\n'
            + "".join(f"    {line}\n" for line in TABLE.splitlines()) + '    Table()\n    ```\n')
    html = page_html(render(engine, project, page))
    # Both displays and the last expression's value, in order with the printed text.
    assert len(elements(html, "table")) == 3
    assert html.index("<table") < html.index(">between\n") < html.rindex("<table")
    assert '<th colspan="2">loss</th>' in html and "<b>0.25</b>" in html
    assert '<a href="https://example.org/docs" rel="noopener noreferrer nofollow">docs</a>' in html
    shown = re.findall(r'<div class="sb-output sb-html">.*?</div>', html)
    assert len(shown) == 3
    tags = [tag for block in shown for tag in re.findall(r"<[^>]*>", block)]
    for unsafe in ("<script", "<style", "onclick", "javascript:", "style=", "<img", "tracker"):
        assert not [tag for tag in tags if unsafe in tag], unsafe
    assert not [block for block in shown if "alert(3)" in block or "color: red" in block]  # their content too
    # A cell's text stays text even where Markdown reads the block (in the list item): no link, no attribute.
    assert shown[2].count("&#91;x&#93;(javascript:alert(1)) &#123;: onclick=alert(2) &#125;") == 1


def test_without_the_option_html_is_printed_text(engine, project):
    page = f'```python exec="on"\n{TABLE}\nprint(Table()._repr_html_())\nTable()\n```\n'
    html = page_html(render(engine, project, page))
    output = html.split('class="sb-output', 1)[1]
    assert elements(html, "table") == [] and '&lt;table class="dataframe" onclick="steal()"&gt;' in output
    assert output.count("&lt;table") == 1  # the last expression is not shown, as in a script


def test_html_option_values():
    assert apply_options(SnippetOptions(), {"html": "on"})[0].html
    assert not apply_options(SnippetOptions(), {"html": "false"})[0].html
    assert apply_options(SnippetOptions(), {"html": "maybe"})[1] == ['html: expected "true" or "false", got "maybe"']


EVIL_PAGE = '''# FAQ

- A list item:

    ```python exec="on"
    print("line\\r<b>escaped</b>\\r\\x00")
    ```

```python exec="on" html="true"
class T:
    def _repr_html_(self):
        return '<table><tr><td onclick="x()">cell</td></tr></table><script>alert(1)</script>'
T()
```

```python exec="on"
print("before\\r<b>in the box</b>\\r")
1 / 0
```
'''


@pytest.mark.parametrize("builder", ["mkdocs", "zensical"])
def test_built_sites_show_output_as_text(tmp_path, builder):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", course)
    (course / "docs" / "faq.md").write_text(EVIL_PAGE, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", "--builder", builder,
                             "--site-dir", str(tmp_path / "site")], cwd=course, capture_output=True, text=True,
                            timeout=600, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "site" / "faq" / "index.html").read_bytes()
    assert b"\x00" not in data
    article = data.decode().split("<article", 1)[1].split("</article>", 1)[0]
    assert elements(article, "b") == [] and elements(article, "script") == []
    assert [tag for tag in re.findall(r"<[^>]*>", article) if "onclick" in tag] == []
    assert "&lt;b&gt;escaped&lt;/b&gt;" in article and "&lt;b&gt;in the box&lt;/b&gt;" in article
    assert "<td>cell</td>" in article


def test_ipython_display_works_in_html_blocks(engine, project):
    page = ('```python exec="on" html\nfrom IPython.display import HTML, display\n'
            'display(HTML("<em>shown</em><script>alert(1)</script>"))\n```\n')
    html = page_html(render(engine, project, page))
    assert '<div class="sb-output sb-html"><em>shown</em></div>' in html and "alert(1)" not in html.split("sb-html")[1]
