"""The link check on a course MkDocs really built: no false alarms, planted breakage found."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from html_reference import reference, scanned

from syllabuild.project import load_project
from syllabuild.links import Verdict, check_project

COURSE = Path(__file__).resolve().parents[1] / "fixtures" / "minimal_course"


@pytest.fixture(scope="module")
def built_course(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("links-built") / "course"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("site", ".cache"))
    faq = course / "docs" / "faq.md"
    faq.write_text(
        faq.read_text()
        + "\n## Grading\n\nSee [the schedule](../schedule/#week-99) and [old notes](notes/old.md).\n"
        + "Back to [grading](#grading).\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=course, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        pytest.fail(f"the minimal course did not build:\n{result.stderr[-2000:]}")
    return course


def test_material_site_has_no_false_alarms_and_planted_breakage_is_found(built_course):
    report = check_project(load_project(built_course / "mkdocs.yml"), offline=True)
    assert not report.problems
    found = sorted((finding.link.url, finding.result.reason) for finding in report.findings)
    assert found == [
        ("../schedule/#week-99", "no anchor #week-99 on schedule/index.html"),
        ("notes/old.md", "no file faq/notes/old.md in the built site"),
    ]
    assert all(finding.result.verdict is Verdict.BROKEN for finding in report.findings)
    assert all(finding.link.location.path == "site/faq/index.html" for finding in report.findings)
    assert report.counts["ok"] > 20  # pages, theme assets and heading anchors were all looked at
    assert report.exit_code == 1


def test_every_built_page_is_read_as_pythons_html_parser_reads_it(built_course):
    pages = sorted((built_course / "site").rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert scanned(text) == reference(text), page
