"""Errors point at the author's file and line, with the traceback trimmed to the author's frames."""

from __future__ import annotations


from snippet_helpers import snippet

from syllabuild.snippets.fences import SnippetSources, find_blocks, snippet_from_file
from syllabuild.snippets.render import failure_location, format_traceback

GENERATED_PAGE = """# Lecture 3

Generated header text.

<!-- syllabuild:origin lectures/03-mlp.md:1 -->
Notes start here.

```python exec="on"
import torch

def forward(x):
    return torch.ones(2, 3) @ x

forward(torch.ones(2, 3))
```

```python
print("plain block: not executed")
```

````markdown
```python exec="on"
print("an example inside another fence: not executed")
```
````
"""


def test_blocks_are_located_through_the_origin_marker(project):
    blocks = find_blocks(GENERATED_PAGE, "docs/lectures/03-mlp.md", SnippetSources(project))
    assert len(blocks) == 1
    assert str(blocks[0].snippet.location) == "lectures/03-mlp.md:4"


def test_a_block_without_marker_is_located_in_its_docs_page(project):
    page = "Text\n\n!!! note\n\n    ```python exec=\"on\"\n    print(1)\n    ```\n"
    (block,) = find_blocks(page, "docs/faq.md", SnippetSources(project))
    assert str(block.snippet.location) == "docs/faq.md:6"
    assert block.snippet.code == "print(1)\n"


def test_failure_in_a_lecture_block_names_the_notes_line_and_only_user_frames(engine, project):
    (block,) = find_blocks(GENERATED_PAGE, "docs/lectures/03-mlp.md", SnippetSources(project))
    run = (block.snippet,)
    result = engine.results(run)[0]
    assert str(failure_location(result.failure, run, 0)) == "lectures/03-mlp.md:7"
    traceback = format_traceback(result.failure, run)
    assert 'File "lectures/03-mlp.md", line 9, in <module>' in traceback
    assert 'File "lectures/03-mlp.md", line 7, in forward' in traceback
    assert "torch/" not in traceback and "runner.py" not in traceback
    assert traceback.endswith("size mismatch") or "RuntimeError" in traceback.splitlines()[-1]


def test_failure_in_a_snippet_file_names_the_file_line(engine, project):
    path = project / "snippets" / "gd.py"
    path.write_text("import math\n\nvalues = [1, 2]\n\n\n\nprint(math.sqrt(-values[0]))\n")
    run = (snippet_from_file(path, SnippetSources(project)),)
    result = engine.results(run)[0]
    assert str(failure_location(result.failure, run, 0)) == "snippets/gd.py:7"
    assert format_traceback(result.failure, run).splitlines()[-1] == "ValueError: math domain error"


def test_syntax_errors_are_located_too(engine):
    run = (snippet("x = 1\nprint(x\n", where="lectures/01-intro.md:20"),)
    result = engine.results(run)[0]
    assert str(failure_location(result.failure, run, 0)).startswith("lectures/01-intro.md:2")
    assert result.failure.message.startswith("SyntaxError")


def test_bad_options_are_reported_with_expected_and_got(project):
    page = '```python exec="on" timeout="soon" colour="red"\nprint(1)\n```\n'
    (block,) = find_blocks(page, "docs/p.md", SnippetSources(project))
    assert block.snippet is None
    message = str(block.problem)
    assert message.startswith("docs/p.md:2: ")
    assert 'timeout: expected a number of seconds like "60", got "soon"' in message
    assert "unknown snippet option 'colour'" in message


def test_a_missing_snippet_file_is_reported_at_the_reference(project):
    page = 'x\n```python exec="on" file="nope.py"\n```\n'
    (block,) = find_blocks(page, "docs/p.md", SnippetSources(project))
    assert str(block.problem) == "docs/p.md:3: snippet file snippets/nope.py not found"
