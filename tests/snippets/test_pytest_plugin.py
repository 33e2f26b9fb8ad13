"""`make test` runs every snippet: files in snippets/ and marked blocks in lectures/, named by line."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]


@pytest.fixture
def course(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".yml", mkdocs="site_name: T\nplugins:\n  - syllabuild:\n      snippets:\n        workers: 2\n")
    pytester.mkdir("snippets")
    pytester.mkdir("lectures")
    pytester.path.joinpath("snippets", "ok.py").write_text("print('fine')\n")
    pytester.path.joinpath("snippets", "_helper.py").write_text("def boom():\n    raise ValueError('bad')\n")
    pytester.path.joinpath("snippets", "broken.py").write_text("from _helper import boom\n\n\nboom()\n")
    pytester.path.joinpath("lectures", "01-intro.md").write_text(
        "# Intro\n\n```python exec=\"on\" session=\"a\"\nx = 1\n```\n\n"
        "```python exec=\"on\" session=\"a\"\nassert x == 2, 'x is not 2'\n```\n\n"
        "```python exec=\"on\" raises=\"ZeroDivisionError\"\n1 / 0\n```\n\n"
        "```python\nnot executed\n```\n")
    return pytester


def test_snippets_are_items_named_by_file_and_line(course):
    result = course.runpytest("--collect-only", "-q", "snippets", "lectures")
    result.stdout.fnmatch_lines_random([
        "snippets/ok.py::line 1",
        "snippets/broken.py::line 1",
        "lectures/01-intro.md::line 3",
        "lectures/01-intro.md::line 7",
        "lectures/01-intro.md::line 11",
    ])
    assert "_helper" not in result.stdout.str()


def test_a_broken_snippet_fails_at_its_line_with_user_frames_only(course):
    result = course.runpytest("snippets", "lectures")
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines_random([
        "snippets/broken.py:4: ValueError: bad",
        '  File "snippets/broken.py", line 4, in <module>',
        '  File "snippets/_helper.py", line 2, in boom',
        "lectures/01-intro.md:8: AssertionError: x is not 2",
    ])
    assert "runner.py" not in result.stdout.str()
    # The same cache as the site build: a second run executes nothing and gives the same verdicts.
    assert course.path.joinpath(".cache", "syllabuild", "snippets").is_dir()
    course.runpytest("snippets", "lectures").assert_outcomes(passed=3, failed=2)
