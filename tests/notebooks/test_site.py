"""Which notebooks become pages, where, and what readers download: pure functions."""

from __future__ import annotations

import datetime as dt

from zoneinfo import ZoneInfo

from syllabuild.notebooks import NotebookSource, Role, colab_url, notebook_pages
from syllabuild.schedule.release import ReleasePolicy

UTC = ZoneInfo("UTC")
from syllabuild.notebooks.site import download_copy

NOW = dt.datetime(2025, 3, 10, 12, 0, tzinfo=dt.timezone.utc)


def test_solutions_join_the_site_at_their_release_moment():
    sources = [NotebookSource("lectures/ex.ipynb", Role.EXERCISE),
               NotebookSource("lectures/ex-solution.ipynb", Role.SOLUTION, NOW + dt.timedelta(minutes=1)),
               NotebookSource("lectures/week2/cnn.ipynb")]
    pages = notebook_pages(sources, "lectures", ReleasePolicy(NOW, UTC))
    assert [(p.page, p.download) for p in pages] == [
        ("notebooks/ex.ipynb", "notebooks/ex/ex.ipynb"),
        ("notebooks/week2/cnn.ipynb", "notebooks/week2/cnn/cnn.ipynb")]
    later = notebook_pages(sources, "lectures", ReleasePolicy(NOW + dt.timedelta(minutes=1), UTC))
    assert "notebooks/ex-solution.ipynb" in [p.page for p in later]


def test_colab_links_come_from_a_github_repo_url():
    assert colab_url("https://github.com/uni/dl.git", "lectures/a.ipynb") == (
        "https://colab.research.google.com/github/uni/dl/blob/main/lectures/a.ipynb")
    assert colab_url("https://gitlab.com/uni/dl", "lectures/a.ipynb") == ""


def test_exercise_downloads_have_no_outputs():
    notebook = {"cells": [{"cell_type": "code", "source": "1", "outputs": [{"output_type": "stream"}],
                           "execution_count": 3}]}
    stripped = download_copy(notebook, NotebookSource("lectures/ex.ipynb", Role.EXERCISE))
    assert stripped["cells"][0]["outputs"] == [] and stripped["cells"][0]["execution_count"] is None
    assert download_copy(notebook, NotebookSource("lectures/t.ipynb")) is notebook
