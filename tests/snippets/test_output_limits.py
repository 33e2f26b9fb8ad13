"""Output has a size: a page keeps the start and end of a flood of prints and says how much was cut."""

from __future__ import annotations

import re

import pytest
from snippet_helpers import run_one

from syllabuild.project import ProjectError, load_project
from syllabuild.snippets.fences import SnippetSources, find_blocks
from syllabuild.snippets.project import snippet_project
from syllabuild.snippets.service import SnippetService

LINES = 812_345
LINE = "line {:06d} " + "x" * 52  # 64 characters and a newline
FLOOD = f'for i in range({LINES}):\n    print({LINE!r}.format(i))\n'
NOTICE = re.compile(r"… (\S+ \S+) \(([\d,]+) lines\) cut from the middle of this output; "
                    r"the limit is max_output: 100 KiB or 2,048 lines …")


def test_50_mb_of_prints_keep_their_start_and_end_and_say_what_was_cut(engine, project):
    page = f'```python exec="on"\n{FLOOD}```\n'
    (block,) = find_blocks(page, "docs/p.md", SnippetSources(project))
    result = engine.results((block.snippet,))[0]
    lines = result.stdout.split("\n")
    assert lines[0] == LINE.format(0) and lines[-2] == LINE.format(LINES - 1) and lines[-1] == ""
    (notice,) = [line for line in lines if line.startswith("…")]
    size, cut = NOTICE.fullmatch(notice).groups()
    kept = [line for line in lines if line.startswith("line ")]
    assert len(kept) + int(cut.replace(",", "")) == LINES  # every line is either shown or counted
    assert [int(line[5:11]) for line in kept] == sorted(int(line[5:11]) for line in kept)
    assert size == "50.3 MiB"
    assert len(result.stdout.encode()) < 100 * 1024 + 200

    rendered = SnippetService(SnippetSources(project), engine).page_markdown(page, "docs/p.md", "p.md")
    assert len(rendered.markdown.encode()) < 110 * 1024
    # The cache holds what the page shows, not the flood.
    cached = [path for path in (project / ".cache" / "syllabuild" / "snippets").rglob("*") if path.is_file()]
    assert 0 < sum(path.stat().st_size for path in cached) < 120 * 1024


def test_many_short_lines_are_cut_by_their_count(engine):
    result = run_one(engine, "for i in range(5000):\n    print(i)\n", max_output=100 * 1024)
    lines = result.stdout.split("\n")
    assert lines[:2] == ["0", "1"] and lines[1023] == "1023" and lines[-2] == "4999"
    assert lines[1024] == ("… 14.4 KiB (2,952 lines) cut from the middle of this output; "
                           "the limit is max_output: 100 KiB or 2,048 lines …")
    assert len(lines) == 2048 + 2


def test_stderr_and_a_killed_snippet_are_cut_too(engine):
    code = "import sys, time\nsys.stderr.write('e' * 10**6 + '\\nlast words\\n')\nprint('o' * 10**6, flush=True)\ntime.sleep(60)\n"
    result = run_one(engine, code, timeout=3, max_output=4096)
    assert result.failure.message == "timed out after 3 s"
    assert len(result.stdout) < 4096 + 200 and len(result.stderr) < 4096 + 200
    assert result.stderr.endswith("\nlast words\n")
    assert "cut from the middle of this output; the limit is max_output: 4 KiB or 81 lines …" in result.stderr


def test_max_output_is_a_setting_and_a_block_option(tmp_path, engine, project):
    (tmp_path / "mkdocs.yml").write_text("site_name: C\nplugins:\n  - syllabuild:\n      snippets:\n"
                                         "        max_output: 1MiB\n", encoding="utf-8")
    defaults = snippet_project(load_project(tmp_path / "mkdocs.yml")).sources.defaults
    assert defaults.max_output == 1024**2
    page = '```python exec="on" max_output="2KiB"\nprint("y" * 10000)\n```\n'
    markdown = SnippetService(SnippetSources(project), engine).page_markdown(page, "docs/p.md", "p.md").markdown
    assert "… 7.8 KiB cut from the middle of this output; the limit is max_output: 2 KiB or 40 lines …" in markdown


@pytest.mark.parametrize(("value", "message"), [
    ("100B", 'expected a size of at least 1 KiB, got "100B"'),
    ("lots", 'expected a size like "2GiB" or "512MiB", got "lots"'),
])
def test_max_output_setting_is_checked_at_its_line(tmp_path, value, message):
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: C\nplugins:\n  - syllabuild:\n      snippets:\n        max_output: {value}\n",
                      encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_project(config)
    assert caught.value.lines() == [f"mkdocs.yml:5:21: plugins.syllabuild.snippets.max_output: {message}"]


def test_a_snippet_shows_at_most_20_figures(engine):
    result = run_one(engine, "import matplotlib.pyplot as plt\nfor i in range(25):\n    plt.figure()\n"
                             "    plt.title(f'figure {i}')\n    plt.plot([i])\n", figures="png")
    assert len(result.figures) == 20 and result.figures[-1].alt == "figure 19"
    assert result.stderr.endswith("\n5 more figures not shown: a snippet shows at most 20\n")
