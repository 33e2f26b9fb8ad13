"""Notebook outputs on a page: HTML and Markdown outputs cleaned, printed text shown as a terminal shows it."""

from __future__ import annotations

import json
import re

import markdown
from nbformat import v4

from syllabuild.i18n import messages_for
from syllabuild.notebooks.outputs import cell_outputs
from syllabuild.notebooks.page_markdown import render_notebook_page
from syllabuild.plugin.markdown_setup import REQUIRED_EXTENSIONS
from syllabuild.snippets.display import DISPLAY_MARK
from syllabuild.snippets.model import SnippetResult, Status

UNSAFE_HTML = ('<style>body {display: none}</style><table onmouseover="steal()"><tr>'
               '<td style="position: fixed; inset: 0">1.5</td><td><a href="javascript:alert(1)">x</a></td></tr></table>'
               '<script>alert(2)</script><img src=x onerror="alert(3)"><iframe src="https://evil.example.org"></iframe>')


def page_html(cells: list) -> str:
    notebook = json.loads(json.dumps(v4.new_notebook(cells=cells)))
    page = render_notebook_page(notebook, title="T", download="t.ipynb", colab="", words=messages_for("en"),
                                asset_prefix="t_files")
    md = markdown.Markdown(extensions=list(REQUIRED_EXTENSIONS),
                           extension_configs={name: make() for name, make in REQUIRED_EXTENSIONS.items()})
    html = md.convert(page.markdown.split("---\n", 2)[2])
    return re.sub(r'<a id="__codelineno-[^"]*"[^>]*></a>', "", html)  # the per-line anchors of code blocks


def tags(html: str) -> list[str]:
    return re.findall(r"<[^>]*>", html)


def test_html_outputs_keep_their_table_and_lose_scripts_styles_and_handlers():
    cell = v4.new_code_cell("df", outputs=[
        v4.new_output("execute_result", {"text/html": UNSAFE_HTML, "text/plain": "frame"}, execution_count=1)])
    html = page_html([cell])
    assert '<div class="sb-nb-html"><table><tbody><tr><td>1.5</td><td><a rel="noopener noreferrer nofollow">x</a>' \
           "</td></tr></tbody></table></div>" in html
    for unsafe in ("script", "style", "onmouseover", "onerror", "javascript:", "<img", "<iframe"):
        assert not [tag for tag in tags(html) if unsafe in tag], unsafe
    assert "alert(2)" not in html and "display: none" not in html


def test_an_html_output_with_nothing_safe_left_shows_its_text():
    cell = v4.new_code_cell("widget", outputs=[
        v4.new_output("display_data", {"text/html": "<script>render()</script>", "text/plain": "Widget(value=3)"})])
    html = page_html([cell])
    assert "render()" not in html and "sb-nb-html" not in html
    assert "Widget(value=3)" in html


def test_markdown_outputs_are_rendered_then_cleaned():
    text = "**Loss** went down <script>alert(1)</script>\n\n[run](javascript:alert(2))\n{: onclick=\"alert(3)\" }"
    cell = v4.new_code_cell("show()", outputs=[
        v4.new_output("display_data", {"text/markdown": text, "text/plain": "<Md>"})])
    html = page_html([cell])
    assert "<strong>Loss</strong> went down" in html
    for unsafe in ("script", "onclick", "javascript:"):
        assert not [tag for tag in tags(html) if unsafe in tag], unsafe


def test_printed_text_shows_as_a_terminal_shows_it():
    cell = v4.new_code_cell("train()", outputs=[
        v4.new_output("stream", name="stdout", text="epoch 1\r\x1b[32mepoch 2\x1b[0m\n<b>loss</b>\x00\x08\n"),
        v4.new_output("error", ename="ValueError", evalue="<i>worse</i>", traceback=["ValueError: <i>worse</i>\r"]),
    ])
    html = page_html([cell])
    assert "<code>epoch 2\n&lt;b&gt;loss&lt;/b&gt;\n</code>" in html
    assert "&lt;i&gt;worse&lt;/i&gt;" in html
    assert "\x00" not in html and "\x1b" not in html and "\r" not in html and "<b>" not in html and "<i>" not in html


def test_a_printed_display_line_is_cleaned_like_any_html_output():
    """Code can print the engine's display mark itself; what it smuggles in is cleaned all the same."""
    forged = DISPLAY_MARK + json.dumps({"kind": "display_data",
                                        "data": {"text/html": '<b onclick="x()">bold</b><script>alert(1)</script>'}})
    outputs = cell_outputs(SnippetResult(Status.OK, stdout=f"before\n{forged}\nafter\n"), 1, None)
    html = page_html([v4.new_code_cell("print(...)", outputs=outputs)])
    assert '<div class="sb-nb-html"><b>bold</b></div>' in html
    assert "alert(1)" not in html and "onclick" not in html
