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


def test_code_and_output_as_tabs_with_figure_files(engine, project, tmp_path):
    service = SnippetService(SnippetSources(project), engine, "docs")
    markdown = service.page_markdown(PAGE, "lectures/01-intro.md", "lectures/01-intro/")
    # `===!` opens a new tab set: two snippets in a row must not merge into one set of four tabs.
    assert '===! "Code"' in markdown and '\n=== "Output"' in markdown
    assert "    hello" in markdown
    (asset,) = service.assets
    assert f'src="../../assets/snippets/{asset}"' in markdown
    assert "only the output" in markdown and 'print("only the output")' not in markdown
    assert 'print("only the code")' in markdown and "\n    only the code" not in markdown
    assert markdown.rstrip().endswith("```python\nx = 1\n```")  # no output: plain code block

    service.post_build(str(tmp_path / "site"))
    assert (tmp_path / "site" / "assets" / "snippets" / asset).read_bytes().startswith(b"<?xml")


def test_failure_box_inside_an_admonition_keeps_its_indentation(engine, project):
    page = '!!! example\n\n    ```python exec="on"\n    {}["missing"]\n    ```\n'
    service = SnippetService(SnippetSources(project), engine, "docs")
    markdown = service.page_markdown(page, "faq.md", "faq/")
    assert '    !!! failure "Snippet failed at docs/faq.md:4"' in markdown
    assert "        KeyError: 'missing'" in markdown


def test_workers_times_threads_never_exceed_the_cores():
    assert plan_workers(0, cores=2) == (2, 1)
    assert plan_workers(1, cores=2) == (1, 2)
    assert plan_workers(8, cores=2) == (2, 1)
    assert plan_workers(3, cores=16) == (3, 5)
