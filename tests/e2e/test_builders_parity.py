"""Both builders render the same course: the sample built with MkDocs and with Zensical, compared."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
SOURCES = ("mkdocs.yml", "syllabus.yaml", "docs", "lectures", "snippets")


def build(builder: str, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", "build", "--strict", "--builder", builder,
                           "-d", str(site)], cwd=ROOT, capture_output=True, text=True, env=ENV, timeout=900)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    built = {}
    for builder in ("mkdocs", "zensical"):
        site = tmp_path_factory.mktemp(builder) / "site"
        result = build(builder, site)
        assert result.returncode == 0, f"{builder}:\n{result.stderr[-4000:]}"
        built[builder] = site
    return built


def pages(site: Path) -> set[str]:
    # 404 pages are the builder's own (Zensical writes one per edition).
    return {path.relative_to(site).as_posix() for path in site.rglob("index.html")}


def article(html: str) -> str:
    body = html.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_both_builders_publish_the_same_pages_in_both_languages(sites):
    mkdocs, zensical = pages(sites["mkdocs"]), pages(sites["zensical"])
    assert mkdocs == zensical
    assert any(page.startswith("he/lectures/") for page in mkdocs)
    assert len([page for page in mkdocs if page.startswith("notebooks/")]) == 3


def test_hebrew_pages_are_right_to_left_in_both(sites):
    for site in sites.values():
        home = (site / "he" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<html[^>]*\bdir="rtl"', home) and re.search(r'<html[^>]*\blang="he"', home)
        english = (site / "index.html").read_text(encoding="utf-8")
        assert not re.search(r'<html[^>]*\bdir="rtl"', english)


def test_executed_output_and_figures_are_on_the_same_pages(sites):
    for page in sorted(pages(sites["mkdocs"])):
        shown = {}
        for builder, site in sites.items():
            html = (site / page).read_text(encoding="utf-8")
            figures = re.findall(r'<img[^>]*class="syllabuild-figure"[^>]*>|<img[^>]*src="[^"]*assets/snippets/[^"]*"', html)
            shown[builder] = (len(figures), html.count('class="sb-output'))
            for figure in figures:
                src = re.search(r'src="([^"]+)"', figure).group(1)
                assert (site / page).parent.joinpath(src).resolve().is_file(), (builder, page, src)
        assert shown["mkdocs"] == shown["zensical"], page


def test_notebook_pages_have_their_download_and_colab_links(sites):
    for builder, site in sites.items():
        for page in (site / "notebooks").glob("*/index.html"):
            html = page.read_text(encoding="utf-8")
            download = re.search(r'href="([^"]+\.ipynb)"', html).group(1)
            assert page.parent.joinpath(download).resolve().is_file(), (builder, page)
            assert "colab.research.google.com/github/example-university/deep-learning/" in html


def test_calendar_and_the_dates_for_this_week_are_identical(sites):
    assert (sites["mkdocs"] / "calendar.ics").read_bytes() == (sites["zensical"] / "calendar.ics").read_bytes()
    dates = {}
    for builder, site in sites.items():
        html = (site / "index.html").read_text(encoding="utf-8")
        dates[builder] = json.loads(re.search(r'<script type="application/json" id="sb-dates">(.*?)</script>', html).group(1))
        assert "this-week.js" in html
    assert dates["mkdocs"] == dates["zensical"]


def test_the_pages_say_the_same_things(sites):
    for page in ("index.html", "schedule/index.html", "grading/index.html", "he/readings/index.html"):
        texts = [article((site / page).read_text(encoding="utf-8")) for site in sites.values()]
        # The same words in the same order; the builders differ only in markup around them.
        words = [re.findall(r"\w+", text) for text in texts]
        assert words[0] == words[1], page


def test_each_edition_searches_its_own_pages(sites):
    zensical = sites["zensical"]
    english = json.loads((zensical / "search.json").read_text(encoding="utf-8"))
    hebrew = json.loads((zensical / "he" / "search.json").read_text(encoding="utf-8"))
    assert english["items"] and hebrew["items"]
    assert not any(item["location"].startswith("he/") for item in english["items"])
    mkdocs_hebrew = json.loads((sites["mkdocs"] / "he" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(mkdocs_hebrew["docs"]) > 0


def test_a_bare_zensical_build_stops_with_one_line_instead_of_a_half_site(tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    for name in SOURCES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, course / name)
    zensical = Path(sys.executable).with_name("zensical")
    result = subprocess.run([str(zensical), "build"], cwd=course, capture_output=True, text=True, env=ENV, timeout=300)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Run `syllabuild build --builder zensical`" in output
    assert not (course / "site").exists() or not list((course / "site").rglob("index.html"))  # no course page
