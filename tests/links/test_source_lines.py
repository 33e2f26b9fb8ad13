"""Failures found in the built site are reported at the Markdown (or syllabus) line that wrote them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.links import Finding, Link, LinkResult, Location, Verdict
from syllabuild.links.source_lines import PageSource, relocate

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "links_sources"


@pytest.fixture(scope="module")
def build_warnings(tmp_path_factory) -> list[str]:
    course = tmp_path_factory.mktemp("links-sources") / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("site", ".cache"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=course, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        pytest.fail(f"the course did not build:\n{result.stderr[-2000:]}")
    prefix = "syllabuild: broken link: "
    return [line.split(prefix, 1)[1] for line in result.stderr.splitlines() if prefix in line]


def test_hand_written_page_failures_point_at_the_markdown_line(build_warnings):
    assert "docs/faq.md:6:45: exam.md: no file faq/exam.md in the built site" in build_warnings
    # A reference definition, and a link whose target MkDocs left as written.
    assert "docs/faq.md:13:10: ../forum/: no file forum/index.html in the built site" in build_warnings
    assert "docs/faq.md:7:54: ../schedule/#week-99: no anchor #week-99 on schedule/index.html" in build_warnings


def test_language_variant_failures_point_at_the_variant_file(build_warnings):
    assert "docs/faq.he.md:3:31: exam.md: no file he/faq/exam.md in the built site" in build_warnings


def test_lecture_notes_failures_point_at_the_notes_line(build_warnings):
    assert "lectures/02-backprop.md:3:33: handout.pdf: no file lectures/02-backpropagation/handout.pdf in the built site" in build_warnings
    assert "lectures/02-backprop.md:3:33: handout.pdf: no file he/lectures/02-backpropagation/handout.pdf in the built site" in build_warnings


def test_generated_page_failures_point_at_the_syllabus_value(build_warnings):
    assert (
        "syllabus.yaml:25:14: lectures[1].summary: slides-02.pdf: no file lectures/02-backpropagation/slides-02.pdf in the built site"
        in build_warnings
    )


def test_a_summary_link_is_reported_on_every_page_that_shows_the_summary(build_warnings):
    # The lectures table shows each summary as Markdown too, so its relative link breaks there as well.
    assert ("syllabus.yaml:25:14: lectures[1].summary: slides-02.pdf: no file lectures/slides-02.pdf in the built site"
            in build_warnings)


def test_no_failure_is_left_at_an_html_line(build_warnings):
    assert len(build_warnings) == 10
    assert not [line for line in build_warnings if ".html:" in line]


def _finding(url: str, path: str, line: int, column: int = 5) -> Finding:
    return Finding(Link(url, Location(path, line, column)), LinkResult(url, Verdict.BROKEN, "no file"))


def test_generated_page_without_the_link_in_the_syllabus_names_the_page():
    sources = {"schedule/index.html": PageSource("schedule.md", "# Schedule\n\n| a | b |\n")}
    [moved] = relocate([_finding("week-1/", "site/schedule/index.html", 120)], sources, site_prefix="site/", syllabus_urls={})
    assert str(moved.link.location) == "site/schedule/index.html:120:5: schedule.md (generated from syllabus.yaml)"


def test_origin_marker_lines_and_repeated_links_in_order():
    markdown = (
        "# Lecture 2\n\n[generated](gone.md)\n\n## Notes\n\n"
        "<!-- syllabuild:origin lectures/02-x.md:1 -->\n"
        "Intro.\n\n```\n[code](gone.md)\n```\nSee [a](gone.md) and [b](../schedule.md#week-9).\n[c](gone.md)\n"
    )
    sources = {"lectures/02/index.html": PageSource("lectures/02.md", markdown)}
    page = "site/lectures/02/index.html"
    findings = [
        _finding("gone.md", "site/assets/x.html", 1),
        _finding("gone.md", page, 330),
        _finding("gone.md", page, 300),
        _finding("gone.md", page, 310),
        _finding("../../schedule/#week-9", page, 310, 40),
        _finding("elsewhere.md", page, 320),
    ]
    moved = [str(f.link.location) for f in relocate(findings, sources, site_prefix="site/")]
    assert moved == [
        "site/assets/x.html:1:5",
        "lectures/02-x.md:7:5",
        "site/lectures/02/index.html:300:5: lectures/02.md (generated from syllabus.yaml)",
        "lectures/02-x.md:6:9",
        "lectures/02-x.md:6:26",
        "site/lectures/02/index.html:320:5: lectures/02.md (generated from syllabus.yaml)",
    ]


def test_hand_written_page_link_not_found_keeps_the_html_location():
    sources = {"faq/index.html": PageSource("faq.md", "# FAQ\n", "docs/faq.md")}
    [moved] = relocate([_finding("x.md", "site/faq/index.html", 9)], sources, site_prefix="site/")
    assert str(moved.link.location) == "site/faq/index.html:9:5"
