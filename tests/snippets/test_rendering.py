"""What a page shows: Material tabs with code and output, figures as asset files, failures as a box."""

from __future__ import annotations

from syllabuild.snippets.fences import SnippetSources
from syllabuild.snippets.pool import plan_workers
from syllabuild.snippets.service import SnippetService

PAGE = """# Page

```python exec="on"
import matplotlib.pyplot as plt
print("hello")
plt.plot([1, 2])
```

```python exec="on" source="hide"
print("only the output")
```

```python exec="on" output="hide"
print("only the code")
```

```python exec="on"
x = 1
```
"""


def test_code_and_output_as_tabs_with_figure_files(engine, project):
    service = SnippetService(SnippetSources(project), engine)
    page = service.page_markdown(PAGE, "lectures/01-intro.md", "lectures/01-intro.md")
    markdown = page.markdown
    # `===!` opens a new tab set: two snippets in a row must not merge into one set of four tabs.
    assert '===! "Code"' in markdown and '\n=== "Output"' in markdown
    assert "    hello" in markdown
    (asset,) = page.assets
    # A Markdown image relative to the page's file: every builder rewrites it for the page's URL.
    assert asset.startswith("assets/snippets/") and asset.endswith(".svg")
    assert f"![Figure 1](../{asset}){{ .syllabuild-figure loading=lazy }}" in markdown
    assert "only the output" in markdown and 'print("only the output")' not in markdown
    assert 'print("only the code")' in markdown and "\n    only the code" not in markdown
    assert markdown.rstrip().endswith("```python\nx = 1\n```")  # no output: plain code block
    assert page.assets[asset].startswith(b"<?xml")
    assert len(page.outputs) == 5  # three printed outputs, one without output, one figure


def test_failure_box_inside_an_admonition_keeps_its_indentation(engine, project):
    page = '!!! example\n\n    ```python exec="on"\n    {}["missing"]\n    ```\n'
    service = SnippetService(SnippetSources(project), engine)
    markdown = service.page_markdown(page, "docs/faq.md", "faq.md").markdown
    assert '    !!! failure "Snippet failed at docs/faq.md:4"' in markdown
    assert "        KeyError: 'missing'" in markdown


def test_workers_times_threads_never_exceed_the_cores():
    assert plan_workers(0, cores=2) == (2, 1)
    assert plan_workers(1, cores=2) == (1, 2)
    assert plan_workers(8, cores=2) == (2, 1)
    assert plan_workers(3, cores=16) == (3, 5)
