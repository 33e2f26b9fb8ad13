"""What a page shows: output stacked under its code, figures with alt text as asset files, failures as a box."""

from __future__ import annotations

import logging

from syllabuild.snippets.fences import SnippetSources
from syllabuild.snippets.model import SnippetOptions
from syllabuild.snippets.options import apply_options, header_attributes
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


def test_output_is_stacked_under_its_code_with_figure_files(engine, project):
    service = SnippetService(SnippetSources(project), engine)
    page = service.page_markdown(PAGE, "lectures/01-intro.md", "lectures/01-intro.md")
    markdown = page.markdown
    # Output shows without a click: no content tabs, the output fence right under the code.
    assert "===" not in markdown
    assert 'plt.plot([1, 2])\n```\n\n```{.text .sb-output}\nhello\n```' in markdown
    (asset,) = page.assets
    # A Markdown image relative to the page's file: every builder rewrites it for the page's URL.
    assert asset.startswith("assets/snippets/") and asset.endswith(".svg")
    assert f"](../{asset}){{ .syllabuild-figure loading=lazy }}" in markdown
    assert "![Figure 1]" not in markdown
    assert "```{.text .sb-output}\nonly the output\n```" in markdown and 'print("only the output")' not in markdown
    assert 'print("only the code")' in markdown and "\nonly the code\n" not in markdown
    assert markdown.rstrip().endswith("```python\nx = 1\n```")  # no output: plain code block
    assert page.assets[asset].startswith(b"<?xml")
    assert len(page.outputs) == 5  # three printed outputs, one without output, one figure


FIGURES = """# Figures

```python exec="on" alt="Two points joined by a rising line"
import matplotlib.pyplot as plt
plt.plot([1, 2])
```

```python exec="on"
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
fig.suptitle("Training")
ax.plot([3, 2, 1], label="train")
ax.plot([3, 3, 2], label="validation")
ax.set_xlabel("epoch")
ax.set_ylabel("loss")
ax.legend()
plt.figure()
plt.title("Weights")
plt.hist([1, 2, 2, 3])
```

```python exec="on"
import matplotlib.pyplot as plt
plt.plot([1, 2])
plt.figure()
plt.plot([2, 1])
```
"""


def test_figures_get_alt_text_from_the_option_or_from_what_they_say(engine, project, caplog):
    service = SnippetService(SnippetSources(project), engine)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.syllabuild.snippets"):
        markdown = service.page_markdown(FIGURES, "lectures/02-figs.md", "lectures/02-figs.md").markdown
    assert "![Two points joined by a rising line](" in markdown
    # Each figure of one snippet gets its own text, read from its titles, axis labels and legend.
    assert "![Training. loss against epoch (train, validation)](" in markdown
    assert "![Weights](" in markdown
    # The bare figures: each reported at the snippet's first line, as its failures are, so `--strict` fails.
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == [
        f'lectures/02-figs.md:23: figure {number} has no alternative text: add alt="…" to the snippet, '
        "or give the figure a title, axis labels or a legend"
        for number in (1, 2)
    ]
    assert "![](" in markdown


def test_alt_option_gives_several_figures_one_text_each(engine, project, caplog):
    page = ('```python exec="on" alt="Rising line | Falling line"\nimport matplotlib.pyplot as plt\n'
            'plt.plot([1, 2])\nplt.figure()\nplt.plot([2, 1])\n```\n')
    service = SnippetService(SnippetSources(project), engine)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.syllabuild.snippets"):
        markdown = service.page_markdown(page, "docs/faq.md", "faq.md").markdown
    assert "![Rising line](" in markdown and "![Falling line](" in markdown
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


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


def test_alt_option_in_a_snippet_file_header():
    attrs = header_attributes('# syllabuild: alt="Loss falls over ten epochs"\nimport matplotlib\n')
    options, problems = apply_options(SnippetOptions(), attrs)
    assert options.alt == "Loss falls over ten epochs" and problems == []
    _, problems = apply_options(SnippetOptions(), {"alt": " "})
    assert problems == ['alt: expected a description of the figure like "Training loss falls over 10 epochs", got ""']
