"""Notebook pages come out as valid HTML: no <style> in the body, no empty script."""

from __future__ import annotations

from pathlib import Path

from syllabuild.notebooks.page_html import NotebookStyles

PAGE = """<html><head><title>t</title></head><body><article>
<div class="jupyter-wrapper">
<style type="text/css">.jp-Cell { margin: 0 }</style>
<script src=""> </script>
<div class="jp-Cell">x = 1</div>
</div>
<style>
['pre { line-height: 125%; }', 'span.err { color: red }']
</style>
</article></body></html>"""


def test_styles_move_to_one_linked_stylesheet(tmp_path: Path):
    styles = NotebookStyles()
    html = styles.clean(PAGE, base_url="../..")
    head, body = html.split("</head>")
    assert "<style" not in html and '<script src="">' not in html
    [(path, css)] = styles.files.items()
    assert f'<link rel="stylesheet" href="../../{path}">' in head
    assert ".jp-Cell { margin: 0 }" in css and "span.err { color: red }" in css and "['" not in css
    assert "x = 1" in body
    styles.write(tmp_path)
    assert (tmp_path / path).read_text() == css


def test_pages_without_notebooks_are_untouched():
    page = "<html><head></head><body><style>.a{}</style></body></html>"
    assert NotebookStyles().clean(page, base_url=".") == page
