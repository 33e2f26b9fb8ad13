"""Notebook pages as plain Markdown (nbconvert), checked as readers see them: through Python-Markdown.

Plain function calls: no MkDocs build, no kernel. Outputs are filled in by hand, as
syllabuild's engine would (stream, execute_result, display_data, error).
Set SYLLABUILD_UPDATE_GOLDEN=1 to rewrite `golden/tour.md` after an intended change.
"""

from __future__ import annotations

import base64
import copy
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load
from nbformat import v4

from syllabuild.i18n import messages_for
from syllabuild.notebooks.page_markdown import NotebookPageMarkdown, render_notebook_page

ROOT = Path(__file__).resolve().parents[2]
LECTURES = ROOT / "tests" / "fixtures" / "notebooks_course" / "lectures"
GOLDEN = Path(__file__).resolve().parent / "golden" / "tour.md"
COLAB = "https://colab.research.google.com/github/example-university/nn-101/blob/main/lectures/tour.ipynb"
# The smallest valid PNG (1x1) and a JPEG header: only the bytes matter here.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00fake"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
# What IPython writes for `{}['missing']`: colours and a frame line.
ANSI_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mKeyError\x1b[0m                                  Traceback (most recent call last)",
    "Cell \x1b[0;32mIn[5], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m {}[\x1b[38;5;124m'missing'\x1b[39m]",
    "\x1b[0;31mKeyError\x1b[0m: 'missing'",
]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def executed_tour() -> dict:
    """tour.ipynb with the outputs syllabuild's engine gives it (the traceback as IPython colours it)."""
    notebook = json.loads((LECTURES / "tour.ipynb").read_text(encoding="utf-8"))
    cells = notebook["cells"]
    fill = {
        1: [v4.new_output("stream", name="stdout", text="slope is 3.0\n"),
            v4.new_output("execute_result", {"text/plain": "6.0"}, execution_count=1)],
        2: [v4.new_output("display_data", {"text/html": '<b class="shown-bold">bold</b>', "text/plain": "<Bold>"}),
            v4.new_output("stream", name="stdout", text="after display\n")],
        3: [v4.new_output("display_data", {"image/png": b64(PNG), "text/plain": "<Figure>"})],
        5: [v4.new_output("error", ename="KeyError", evalue="'missing'", traceback=ANSI_TRACEBACK)],
    }
    for number, index in enumerate(range(1, len(cells)), 1):
        cells[index]["execution_count"] = number
        cells[index]["outputs"] = json.loads(json.dumps(fill.get(index, [])))
    return notebook


def render(notebook: dict, **overrides) -> NotebookPageMarkdown:
    arguments = {"title": "A tour of outputs", "download": "tour/tour.ipynb", "colab": COLAB,
                 "words": messages_for("en"), "asset_prefix": "tour_files", **overrides}
    return render_notebook_page(notebook, **arguments)


def notebook_of(*cells, metadata=None) -> dict:
    notebook = v4.new_notebook(cells=list(cells), metadata=metadata or {})
    return json.loads(json.dumps(notebook))  # a plain dict, as the pipeline holds it


def site_markdown(config: Path = ROOT / "mkdocs.yml") -> markdown.Markdown:
    """Python-Markdown with the site's `markdown_extensions`, read as MkDocs reads them."""
    with config.open(encoding="utf-8") as stream:
        items = yaml_load(stream).get("markdown_extensions") or ["toc", "tables", "fenced_code"]
    extensions, configs = [], {}
    for item in items:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        if name.startswith("syllabuild."):
            continue  # syllabuild's own tripwire (syllabuild.guard) is stripped before builders run
        extensions.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def html_of(page: NotebookPageMarkdown, md: markdown.Markdown | None = None) -> tuple[str, dict]:
    """The page's HTML body and front matter, as MkDocs would produce them.

    Without the per-line anchors the site's `anchor_linenums` adds to code blocks, which only
    make the assertions harder to read.
    """
    body, meta = get_data(page.markdown)
    html = (md or site_markdown()).convert(body)
    return re.sub(r'<a id="__codelineno-[^"]*"[^>]*></a>', "", html), meta


class _Buttons(HTMLParser):
    """The links of `<p class="sb-notebook-links">`: (text, href, has `download`, classes)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.found, self.link = 0, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and "sb-notebook-links" in (attrs.get("class") or "").split():
            self.depth += 1
        elif tag == "a" and self.depth:
            self.link = [attrs.get("href"), "download" in attrs, attrs.get("class"), ""]

    def handle_data(self, data):
        if self.link is not None:
            self.link[3] += data

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            href, download, classes, text = self.link
            self.found.append((text, href, download, classes))
            self.link = None
        elif tag == "p" and self.depth:
            self.depth -= 1


def buttons(html: str) -> list[tuple[str, str, bool, str]]:
    parser = _Buttons()
    parser.feed(html)
    return parser.found


def test_tour_reads_like_the_notebook():
    page = render(executed_tour())
    html, meta = html_of(page)
    assert meta == {"title": "A tour of outputs"}
    assert '<h1 id="a-tour-of-outputs">A tour of outputs' in html
    # The buttons right after the title cell, before the first code.
    assert buttons(html) == [("Download notebook", "tour/tour.ipynb", True, "md-button"),
                             ("Open in Colab", COLAB, False, "md-button")]
    assert html.index("Prose that never") < html.index("sb-notebook-links") < html.index("slope")
    # Code is highlighted as Python; printed text and results are plain (unhighlighted) text blocks.
    assert '<span class="nb">print</span><span class="p">(</span>' in html
    # Output sits right under its code, in the same labelled block as snippet output, never behind a tab.
    assert '<div class="sb-output highlight"><pre><span></span><code>slope is 3.0\n</code></pre></div>' in html
    assert "<code>6.0\n</code>" in html and "<code>after display\n</code>" in html
    # The HTML output is an element, not escaped text.
    assert '<div class="sb-nb-html"><b class="shown-bold">bold</b></div>' in html
    assert "&lt;b class" not in html.split("sb-nb-html")[1] and "markdown=" not in html
    # The figure is a file next to the page, with the bytes of the output.
    assert '<img alt="Output of cell 4" class="syllabuild-figure" src="tour_files/output_3_0.png" />' in html
    assert page.assets == {"tour_files/output_3_0.png": PNG}
    # The expected error: its name and message, without terminal colours.
    assert "KeyError: 'missing'\n</code>" in html and "Traceback (most recent call last)" in html
    assert "\x1b" not in page.markdown and "data:image" not in page.markdown
    # `hidden = 42;` shows its code and nothing else.
    assert "hidden" in html


def test_tour_matches_the_golden_file():
    page = render(executed_tour())
    if os.environ.get("SYLLABUILD_UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(page.markdown, encoding="utf-8", newline="\n")
    assert page.markdown == GOLDEN.read_text(encoding="utf-8"), (
        "the tour page changed; if intended, rerun with SYLLABUILD_UPDATE_GOLDEN=1 and review the diff")


def test_rendering_is_deterministic_and_leaves_the_notebook_alone():
    notebook = executed_tour()
    before = copy.deepcopy(notebook)
    first, second = render(notebook), render(notebook)
    assert first == second
    assert list(first.assets) == sorted(first.assets)
    assert notebook == before
    assert str(ROOT) not in first.markdown and str(Path.cwd()) not in first.markdown


def test_buttons_are_escaped_translated_and_first_without_a_title_cell():
    notebook = notebook_of(v4.new_code_cell("x = 1"), v4.new_markdown_cell("# Late title"))
    page = render(notebook, download='week 1/a "b" & c.ipynb', colab="", words=messages_for("he"))
    html, _ = html_of(page)
    assert buttons(html) == [("הורדת המחברת", 'week 1/a "b" & c.ipynb', True, "md-button")]
    assert "Colab" not in page.markdown
    assert html.index("sb-notebook-links") < html.index('<span class="n">x</span>') < html.index("Late title")


def test_front_matter_title_is_always_one_quoted_string():
    for title in ("yes", "0o17", 'Week 1: "Tensors" # intro', "למידה עמוקה", "a\u2028b", "- [x]"):
        page = render(notebook_of(v4.new_markdown_cell("# T")), title=title)
        head = page.markdown.split("\n")
        assert head[0] == "---" and head[1].startswith('title: "') and head[2] == "---"
        assert get_data(page.markdown)[1] == {"title": title}


def test_fences_outlast_backticks_in_code_and_output():
    code = 'doc = """\n```python\nprint(1)\n```\n"""\nprint(doc)'
    cell = v4.new_code_cell(code, outputs=[v4.new_output("stream", text="````\nfenced\n````\n")])
    page = render(notebook_of(cell))
    assert f"````python\n{code}\n````\n" in page.markdown
    assert "`````{.text .sb-output}\n````\nfenced\n````\n`````\n" in page.markdown
    html, _ = html_of(page)
    assert html.count('<div class="highlight">') == 1 and html.count('<div class="sb-output highlight">') == 1
    assert "fenced" in html and "<p>fenced" not in html and "<p>print(1)" not in html


def test_language_comes_from_the_notebook_metadata():
    cell = v4.new_code_cell("x <- 1")
    page = render(notebook_of(cell, metadata={"language_info": {"name": "R"}}))
    assert "```r\nx <- 1\n```" in page.markdown
    assert "```python\nx = 1\n```" in render(notebook_of(v4.new_code_cell("x = 1"))).markdown


def test_markdown_cells_and_markdown_outputs_are_markdown():
    note = v4.new_markdown_cell("# Notes\n\n!!! note\n    Tensors *carry* gradients.")
    shown = v4.new_code_cell("show()", outputs=[
        v4.new_output("display_data", {"text/markdown": "**Loss** went down", "text/plain": "<Md>"})])
    html, _ = html_of(render(notebook_of(note, shown)))
    assert '<div class="admonition note">' in html and "<em>carry</em>" in html
    assert "<p><strong>Loss</strong> went down</p>" in html


def test_raw_cells_pass_only_as_markdown_or_html():
    cells = [v4.new_raw_cell("<aside>raw html</aside>", metadata={"format": "text/html"}),
             v4.new_raw_cell("*raw md*", metadata={"raw_mimetype": "text/markdown"}),
             v4.new_raw_cell(r"\section{latex}", metadata={"format": "text/latex"}),
             v4.new_raw_cell("no format at all")]
    page = render(notebook_of(*cells))
    html, _ = html_of(page)
    assert '<div class="sb-nb-html">\n<aside>raw html</aside>\n</div>' in html
    assert "<em>raw md</em>" in html
    assert "latex" not in html and "no format" not in html


def test_images_become_files_with_alt_text():
    figures = v4.new_code_cell("figures()", outputs=[
        v4.new_output("display_data", {"image/svg+xml": SVG, "text/plain": "<Figure>"}),
        v4.new_output("display_data", {"image/jpeg": b64(JPEG), "text/plain": "<Photo>"}),
        # A PIL image carries PNG and JPEG: the page shows the PNG and ships only that file.
        v4.new_output("display_data", {"image/png": b64(PNG), "image/jpeg": b64(JPEG), "text/plain": "<PIL>"},
                      metadata={"alt": "Loss [log] per epoch"}),
    ])
    page = render(notebook_of(v4.new_markdown_cell("# Figures"), figures), asset_prefix="figures_files")
    assert page.assets == {"figures_files/output_1_0.svg": SVG.encode(),
                           "figures_files/output_1_1.jpg": JPEG,
                           "figures_files/output_1_2.png": PNG}
    html, _ = html_of(page)
    assert '<img alt="Output of cell 2" class="syllabuild-figure" src="figures_files/output_1_0.svg" />' in html
    assert '<img alt="Output of cell 2" class="syllabuild-figure" src="figures_files/output_1_1.jpg" />' in html
    assert '<img alt="Loss [log] per epoch" class="syllabuild-figure" src="figures_files/output_1_2.png" />' in html
    assert "data:" not in page.markdown and "<PIL>" not in html


def test_markdown_cell_attachments_become_files_too():
    cell = v4.new_markdown_cell("![A diagram](attachment:diagram.png)",
                                attachments={"diagram.png": {"image/png": b64(PNG)}})
    page = render(notebook_of(cell))
    assert page.assets == {"tour_files/diagram.png": PNG}
    assert '<img alt="A diagram" src="tour_files/diagram.png" />' in html_of(page)[0]


def test_errors_and_streams_lose_terminal_colours():
    cell = v4.new_code_cell("warn(); fail()", outputs=[
        v4.new_output("stream", name="stderr", text="\x1b[33mUserWarning\x1b[0m: slow\n"),
        v4.new_output("error", ename="ValueError", evalue="bad shape", traceback=[]),
    ])
    page = render(notebook_of(cell))
    assert "```{.text .sb-output}\nUserWarning: slow\n```" in page.markdown
    assert "```{.text .sb-output}\nValueError: bad shape\n```" in page.markdown
    assert "\x1b[" not in page.markdown


def test_latex_shows_only_when_an_output_has_nothing_else():
    cell = v4.new_code_cell("sympy()", outputs=[
        v4.new_output("execute_result", {"text/latex": "$x^{2}$", "text/plain": "x**2"}, execution_count=1),
        v4.new_output("display_data", {"text/latex": r"$\alpha_1$"})])
    page = render(notebook_of(cell))
    assert "```{.text .sb-output}\nx**2\n```" in page.markdown and "x^{2}" not in page.markdown
    assert "```{.latex .sb-output}\n$\\alpha_1$\n```" in page.markdown


def test_page_still_reads_without_the_sites_extensions():
    """The fixture course sets no markdown_extensions: MkDocs' defaults (toc, tables, fenced_code)."""
    md = site_markdown(ROOT / "tests" / "fixtures" / "notebooks_course" / "mkdocs.yml")
    html, _ = html_of(render(executed_tour()), md)
    assert '<div class="sb-nb-html"><b class="shown-bold">bold</b></div>' in html
    assert '<code class="language-python">' in html and "<code class=\"language-text\">slope is 3.0" in html
    assert '<img alt="Output of cell 4" src="tour_files/output_3_0.png" />' in html


@pytest.mark.parametrize("prefix", ["", "/abs_files", "../up_files", "a\\b"])
def test_asset_prefix_is_a_relative_folder(prefix):
    with pytest.raises(ValueError, match="asset_prefix"):
        render(notebook_of(), asset_prefix=prefix)
