"""Where links are found: the location printed must be the place staff edit."""

from __future__ import annotations

import json

from syllabuild.links.cache import ResultCache
from syllabuild.links.model import LinkResult, Verdict
from syllabuild.links.page_links import markdown_links, notebook_links
from syllabuild.links.syllabus_links import syllabus_links

SYLLABUS = """\
course:
  title: "Deep Learning"
lectures:
  - title: Intro
  - title: Convolutions
    recordings:
      - url: https://video.example.org/conv
        mirrors:
          - https://mirror-a.example.org/conv
          - 'https://mirror-b.example.org/conv'
    notes: |
      Read https://arxiv.org/abs/1512.03385 first,
      then (https://d2l.ai/chapter_convolutional-neural-networks/index.html).
"""


def test_syllabus_urls_are_located_by_line_column_and_key_path(tmp_path):
    (tmp_path / "syllabus.yaml").write_text(SYLLABUS)
    found = [str(link.location) + " " + link.url for link in syllabus_links(tmp_path / "syllabus.yaml", relative_to=tmp_path)]
    assert found == [
        "syllabus.yaml:7:14: lectures[1].recordings[0].url https://video.example.org/conv",
        "syllabus.yaml:9:13: lectures[1].recordings[0].mirrors[0] https://mirror-a.example.org/conv",
        "syllabus.yaml:10:14: lectures[1].recordings[0].mirrors[1] https://mirror-b.example.org/conv",
        "syllabus.yaml:12:12: lectures[1].notes https://arxiv.org/abs/1512.03385",
        "syllabus.yaml:13:13: lectures[1].notes https://d2l.ai/chapter_convolutional-neural-networks/index.html",
    ]


def test_markdown_links_skip_code_and_keep_parentheses():
    text = "\n".join(
        [
            "See [Wikipedia](https://en.wikipedia.org/wiki/Adam_(optimizer)) and https://pytorch.org.",
            "```python",
            "requests.get('https://in-a-fence.example.org')",
            "```",
            "Run `curl https://in-code.example.org` then <https://autolink.example.org/x>.",
            '<a href="https://raw-html.example.org/">raw</a> ![plot](https://img.example.org/p.png "Plot")',
            "[ref]: https://reference.example.org/def",
        ]
    )
    found = [(link.location.line, link.location.column, link.url) for link in markdown_links(text, "lectures/a.md")]
    assert found == [
        (1, 17, "https://en.wikipedia.org/wiki/Adam_(optimizer)"),
        (1, 69, "https://pytorch.org"),
        (5, 46, "https://autolink.example.org/x"),
        (6, 10, "https://raw-html.example.org/"),
        (6, 57, "https://img.example.org/p.png"),
        (7, 8, "https://reference.example.org/def"),
    ]


def test_notebook_links_name_the_cell_and_the_line_of_the_file(tmp_path):
    notebook = {
        "cells": [
            {"cell_type": "code", "source": ["x = 'https://code.example.org'\n"], "metadata": {}, "outputs": []},
            {"cell_type": "markdown", "source": ["# Lab\n", "Data: [here](https://data.example.org/set)\n"], "metadata": {}},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = tmp_path / "lab.ipynb"
    path.write_text(json.dumps(notebook, indent=1))
    (link,) = notebook_links(path, "lectures/lab.ipynb")
    assert link.url == "https://data.example.org/set"
    assert link.location.where == "cell 2, line 2"
    assert "https://data.example.org/set" in path.read_text().splitlines()[link.location.line - 1]


def test_cached_success_expires_within_the_jittered_ttl_and_failures_are_not_kept(tmp_path):
    now = [1000.0]
    ok = LinkResult("https://a.example.org", Verdict.OK, "200 OK", 200)
    broken = LinkResult("https://b.example.org", Verdict.BROKEN, "404 Not Found", 404)
    cache = ResultCache(tmp_path, ttl=100, clock=lambda: now[0], jitter=lambda: 1.0)
    cache.put(ok)
    cache.put(broken)
    cache.save()

    reopened = ResultCache(tmp_path, ttl=100, clock=lambda: now[0])
    assert reopened.get(ok.url).verdict is Verdict.OK
    assert reopened.get(broken.url) is None
    now[0] += 76  # full jitter took a quarter off the 100 s
    assert ResultCache(tmp_path, ttl=100, clock=lambda: now[0]).get(ok.url) is None


def test_damaged_cache_is_ignored(tmp_path):
    (tmp_path / "results.json").write_text("{not json")
    assert ResultCache(tmp_path, ttl=100).get("https://a.example.org") is None
