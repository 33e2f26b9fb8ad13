"""`syllabuild term archive` and what every build does with archive/: real archives and builds of a small course.

tests/fixtures/archived_course is a course in two languages that already has one archived term
(archive/spring-2024/, cut down to a page per language); each test archives its own copy's
current term (Spring 2025) with `syllabuild term archive`, then builds.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.links.project import archived_folders
from syllabuild.links.site_links import read_site

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NOW = "2025-05-01T12:00"
"""After the Spring 2025 term: what staff archive."""
SITE_URL = "https://courses.example.edu/nn101/"


def syllabuild(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "syllabuild.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=ENV, timeout=600)


def copy_course(tmp_path: Path, name: str = "archived_course") -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / name, course)
    return course


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def text(html: str) -> str:
    """The article's text, tags removed, whitespace collapsed."""
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)).strip()


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def archived(request, tmp_path_factory) -> tuple[Path, str]:
    """A copy of the course whose Spring 2025 term was archived, then built, by one builder."""
    builder = request.param
    course = copy_course(tmp_path_factory.mktemp(f"archived-{builder}"))
    result = syllabuild("term", "archive", "--builder", builder, "--now", NOW, cwd=course)
    assert result.returncode == 0, result.stderr
    assert "Archived Spring 2025 into archive/spring-2025/" in result.stderr
    result = syllabuild("build", "--strict", "--builder", builder, "--now", NOW, cwd=course)
    assert result.returncode == 0, result.stderr
    assert "broken link" not in result.stderr
    return course, builder


# -- the archive -------------------------------------------------------------------------------
def test_the_archive_is_the_built_term_with_a_manifest_of_every_file(archived):
    course, builder = archived
    folder = course / "archive" / "spring-2025"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    files = {path: data for path, data in tree(folder).items() if path != "manifest.json"}
    assert manifest["files"] == {path: sha256(data) for path, data in files.items()}
    assert (manifest["term"], manifest["languages"], manifest["start"], manifest["end"]) == (
        {"en": "Spring 2025", "he": "סמסטר אביב 2025"}, ["en", "he"], "2025-03-02", "2025-04-30")
    assert (manifest["builder"], manifest["site_url"]) == (builder, SITE_URL + "archive/spring-2025/")
    for page in ["index.html", "he/index.html", "schedule/index.html", "he/schedule/index.html",
                 "lectures/02-backpropagation/index.html", "he/lectures/02-backpropagation/index.html",
                 "calendar.ics", "he/calendar.ics", "sitemap.xml"]:
        assert page in files, page
    # The web server's 404 page is the current site's; the older term is not copied into this one.
    assert not [path for path in files if path.endswith("404.html") or path.startswith(("archive/", "he/archive/"))]
    # Absolute URLs say where the term now lives.
    assert f"URL:{SITE_URL}archive/spring-2025/lectures/" in files["calendar.ics"].decode()
    assert f'<link rel="canonical" href="{SITE_URL}archive/spring-2025/he/schedule/">' in files["he/schedule/index.html"].decode()
    # The older term is as it was.
    assert tree(course / "archive" / "spring-2024") == tree(FIXTURES / "archived_course" / "archive" / "spring-2024")


def test_every_archived_page_carries_the_banner_first_in_its_language(archived):
    course, _ = archived
    folder = course / "archive" / "spring-2025"
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) >= 20
    for page in pages:
        path = page.relative_to(folder).as_posix()
        html = page.read_text(encoding="utf-8")
        assert html.count('class="sb-archived"') == 1, path
        banner = re.search(r"<body\b[^>]*>(<aside [^>]*>)(.*?)</aside>", html, re.S)
        assert banner, f"{path}: the banner is not the first thing in <body>"
        home = "../" * (path.count("/") + 2)  # out of archive/spring-2025/: the current site's root
        if path.startswith("he/"):
            assert 'lang="he" dir="rtl"' in banner.group(1) and 'aria-label="סמסטר בארכיון"' in banner.group(1), path
            assert "<strong>בארכיון: סמסטר אביב 2025.</strong>" in banner.group(2), path
            assert f'<a href="{home}">לאתר הקורס הנוכחי</a>' in banner.group(2), path
        else:
            assert 'lang="en" dir="ltr"' in banner.group(1), path
            assert "<strong>Archived: Spring 2025.</strong>" in banner.group(2), path
            assert f'<a href="{home}">See the current course</a>' in banner.group(2), path


def test_the_archived_links_still_work_from_their_new_place(archived):
    """Checked as the built site serves them: every archived term's links resolve inside the site."""
    course, _ = archived
    site = course / "site"
    links = read_site(site, relative_to=course, base_path="/nn101/")
    broken = [f"{link.location}: {link.url}: {result.reason}" for link, result in links.internal.items()
              if result.verdict.value != "ok"]
    assert broken == []
    archived_pages = {link.location.path for link in links.internal if "/archive/spring-2025/" in link.location.path}
    assert len(archived_pages) >= 20


# -- every build -------------------------------------------------------------------------------
def test_the_build_publishes_every_archived_term_byte_for_byte(archived):
    course, _ = archived
    for slug in ("spring-2024", "spring-2025"):
        kept = tree(course / "archive" / slug)
        published = tree(course / "site" / "archive" / slug)
        assert published == kept, slug
        manifest = json.loads(kept["manifest.json"])
        assert {path: sha256(data) for path, data in published.items() if path != "manifest.json"} == manifest["files"]


def test_the_current_search_finds_no_archived_page(archived):
    course, builder = archived
    site = course / "site"
    indexes = {"mkdocs": ["search/search_index.json", "he/search/search_index.json"],
               "zensical": ["search.json", "he/search.json"]}[builder]
    for index in indexes:
        data = json.loads((site / index).read_text(encoding="utf-8"))
        locations = [entry["location"] for entry in data.get("docs", data.get("items", []))]
        assert "archive/" in locations, index  # the past terms page is a page of the current site
        assert [location for location in locations if location.startswith("archive/spring")] == [], index
    for sitemap in ("sitemap.xml", "he/sitemap.xml"):
        assert "/archive/spring" not in (site / sitemap).read_text(encoding="utf-8")


def test_the_past_terms_page_lists_every_term_with_its_dates(archived):
    course, _ = archived
    site = course / "site"
    english = text((site / "archive" / "index.html").read_text(encoding="utf-8"))
    assert "Spring 2025 : Sun 2 Mar 2025 – Wed 30 Apr 2025 Spring 2024 : Sun 3 Mar 2024 – Tue 30 Apr 2024" in english
    hebrew_html = (site / "he" / "archive" / "index.html").read_text(encoding="utf-8")
    assert "סמסטר אביב 2025" in text(hebrew_html) and "יום א׳ 2 מרץ 2025" in text(hebrew_html)
    assert re.findall(r'<a href="([^"]+)">סמסטר אביב', hebrew_html) == ["../../archive/spring-2025/he/",
                                                                       "../../archive/spring-2024/he/"]
    # Every page of the current site links to it.
    for page, title in [("index.html", "Past terms"), ("schedule/index.html", "Past terms"),
                        ("he/index.html", "סמסטרים קודמים")]:
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r'href="[^"]*archive/"[^>]*>\s*(<span[^>]*>)?\s*' + title, html), page


def test_the_current_pages_are_listed_for_the_banners(archived):
    course, _ = archived
    pages = json.loads((course / "site" / "archive" / "current-pages.json").read_text(encoding="utf-8"))["pages"]
    assert {"", "schedule/", "he/schedule/", "lectures/02-backpropagation/", "archive/", "he/archive/"} <= set(pages)
    assert not [page for page in pages if page.startswith("archive/spring") or page.endswith("404.html")]


def test_the_link_check_reads_no_archived_page(tmp_path):
    """Links into an archived term are checked; its own pages were checked when it was archived."""
    site = tmp_path / "site"
    (site / "archive" / "spring-2024").mkdir(parents=True)
    (site / "archive" / "spring-2024" / "manifest.json").write_text("{}")
    (site / "archive" / "spring-2024" / "index.html").write_text('<a href="../../nowhere/">old</a>')
    (site / "index.html").write_text('<a href="archive/spring-2024/">past</a> <a href="archive/fall-2023/">gone</a>')
    assert archived_folders(site) == ("archive/spring-2024/",)
    links = read_site(site, relative_to=tmp_path, frozen=archived_folders(site))
    verdicts = {link.url: result.verdict.value for link, result in links.internal.items()}
    assert verdicts == {"archive/spring-2024/": "ok", "archive/fall-2023/": "broken"}


@pytest.mark.parametrize("command", [("build", "--builder", "mkdocs"), ("build", "--builder", "zensical"), ("mkdocs",),
                                     ("validate",)])
def test_a_changed_added_or_deleted_archived_file_stops_the_build_at_its_path(tmp_path, command):
    course = copy_course(tmp_path)
    folder = course / "archive" / "spring-2024"
    with (folder / "index.html").open("a", encoding="utf-8") as page:
        page.write("<!-- edited -->\n")
    (folder / "notes.txt").write_text("notes\n")
    (folder / "he" / "index.html").unlink()
    (course / "site").mkdir()
    (course / "site" / "index.html").write_text("the last good site\n")
    if command == ("mkdocs",):
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=course, capture_output=True, text=True,
                                env=ENV, timeout=600)
    else:
        result = syllabuild(*command, cwd=course)
    assert result.returncode == 1
    expected = (GOLDEN / "archive_changed.txt").read_text(encoding="utf-8")
    if command == ("validate",):
        assert result.stderr == expected
    else:
        for line in expected.splitlines()[:-1]:
            assert line in result.stderr
    assert tree(course / "site") == {"index.html": b"the last good site\n"}


def test_archive_folders_that_are_no_archived_term_stop_the_build(tmp_path):
    course = copy_course(tmp_path)
    archive = course / "archive"
    shutil.copytree(archive / "spring-2024", archive / "spring-2023")  # renamed: its pages say where they were
    (archive / "fall-2023").mkdir()
    (archive / "fall-2023" / "index.html").write_text("hi\n")  # no manifest
    (archive / "README.md").write_text("notes\n")
    (archive / "winter-2023").mkdir()
    (archive / "winter-2023" / "manifest.json").write_text('{"format": 1}\n')
    result = syllabuild("validate", cwd=course)
    assert (result.returncode, result.stderr) == (1, (GOLDEN / "archive_unreadable.txt").read_text(encoding="utf-8"))
    result = syllabuild("build", cwd=course)
    assert result.returncode == 1 and "archive/fall-2023/: no manifest.json" in result.stderr


# -- refusals, and nothing half-written --------------------------------------------------------
def test_a_syllabus_with_problems_is_not_archived(tmp_path):
    course = copy_course(tmp_path)
    syllabus = course / "syllabus.yaml"
    syllabus.write_text(syllabus.read_text(encoding="utf-8").replace("  code:", "  cdoe:"), encoding="utf-8")
    before = tree(course)
    result = syllabuild("term", "archive", cwd=course)
    assert result.returncode == 1
    assert result.stderr == syllabuild("validate", cwd=course).stderr
    assert "course.cdoe: unknown key 'cdoe'; did you mean 'code'?" in result.stderr
    assert tree(course) == before


def test_an_archived_term_is_never_replaced(tmp_path):
    course = copy_course(tmp_path)
    before = tree(course / "archive")
    result = syllabuild("term", "archive", "--slug", "spring-2024", cwd=course)
    assert result.returncode == 1
    assert ("ERROR   -  archive/spring-2024/ exists already (archived on 2024-07-01): archived terms are never replaced; "
            "to archive this one as well, give it another folder with --slug, e.g. --slug spring-2024-2\n") in result.stderr
    assert tree(course / "archive") == before


@pytest.mark.parametrize(("slug", "expected"), [
    ("Spring 2025", "--slug Spring 2025: expected a folder name of lowercase letters, digits and hyphens, like winter-2024"),
    ("winter_2025", "--slug winter_2025: expected a folder name of lowercase letters, digits and hyphens, like winter-2024"),
])
def test_a_folder_name_that_is_no_slug_is_refused(tmp_path, slug, expected):
    course = copy_course(tmp_path)
    result = syllabuild("term", "archive", "--slug", slug, cwd=course)
    assert result.returncode == 1 and expected in result.stderr
    assert sorted(path.name for path in (course / "archive").iterdir()) == [".gitattributes", "spring-2024"]


def test_the_folder_is_named_after_the_term_or_must_be_given(tmp_path):
    course = copy_course(tmp_path)
    syllabus = course / "syllabus.yaml"
    original = syllabus.read_text(encoding="utf-8")
    syllabus.write_text(original.replace("term: {en: Spring 2025, he: סמסטר אביב 2025}", "term: {en: Été 2025, he: קיץ 2025}"),
                        encoding="utf-8")
    result = syllabuild("term", "archive", "--now", NOW, cwd=course)
    assert result.returncode == 0, result.stderr
    assert json.loads((course / "archive" / "ete-2025" / "manifest.json").read_text())["term"] == {"en": "Été 2025",
                                                                                                 "he": "קיץ 2025"}
    syllabus.write_text(original.replace("  term: {en: Spring 2025, he: סמסטר אביב 2025}\n", ""), encoding="utf-8")
    result = syllabuild("term", "archive", cwd=course)
    assert result.returncode == 1
    assert "syllabus.yaml names no course.term: give the archive's folder with --slug" in result.stderr


def test_a_link_that_would_leave_the_archived_folder_is_refused(tmp_path):
    """Without site_url a root-relative link passes the build's own check, but would lead into the current site."""
    course = copy_course(tmp_path)
    config = course / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"site_url: {SITE_URL}\n", ""), encoding="utf-8")
    faq = course / "docs" / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8") + "\nSee the [grading](/grading/).\n", encoding="utf-8")
    assert syllabuild("build", "--strict", cwd=course).returncode == 0
    before = tree(course / "archive")
    result = syllabuild("term", "archive", "--now", NOW, cwd=course)
    assert result.returncode == 1
    assert ("ERROR   -  1 link would not work from archive/spring-2025/ (make them relative):\n"
            "  docs/faq.md:9:19: /grading/\nnothing was archived\n") in result.stderr
    assert tree(course / "archive") == before


def test_a_failing_build_leaves_nothing_behind(tmp_path):
    course = copy_course(tmp_path)
    shutil.rmtree(course / "archive")
    faq = course / "docs" / "faq.md"
    faq.write_text(faq.read_text(encoding="utf-8") + '\n```python exec="on"\nraise RuntimeError("half way")\n```\n',
                   encoding="utf-8")
    result = syllabuild("term", "archive", cwd=course)
    assert result.returncode == 1
    assert "RuntimeError: half way" in result.stderr and "nothing was archived" in result.stderr
    assert not (course / "archive").exists()
    assert not list((course / ".cache" / "syllabuild").glob(".archive-*"))
    # Fixed, it archives: git is told never to convert the archived files' line endings.
    faq.write_text(faq.read_text(encoding="utf-8").replace('raise RuntimeError("half way")', 'print("whole")'),
                   encoding="utf-8")
    assert syllabuild("term", "archive", "--now", NOW, cwd=course).returncode == 0
    assert sorted(path.name for path in (course / "archive").iterdir()) == [".gitattributes", "spring-2025"]
    assert (course / "archive" / ".gitattributes").read_text() == "* -text\n"


def test_what_a_killed_archive_left_is_ignored_then_cleared(tmp_path):
    """A killed archive (SIGKILL, power) leaves its hidden staging folders: no build takes them for a term."""
    course = copy_course(tmp_path)
    staging = course / "archive" / ".spring-2025-building-x1y2z3"
    (staging / "he").mkdir(parents=True)
    (staging / "he" / "index.html").write_text("half\n")
    build = course / ".cache" / "syllabuild" / ".archive-building-x1y2z3" / "site"
    build.mkdir(parents=True)
    (build / "index.html").write_text("half\n")
    assert syllabuild("validate", cwd=course).returncode == 0
    assert syllabuild("build", cwd=course).returncode == 0
    assert sorted(path.name for path in (course / "site" / "archive").iterdir()) == [
        "current-pages.json", "index.html", "spring-2024"]
    assert syllabuild("term", "archive", "--now", NOW, cwd=course).returncode == 0
    assert sorted(path.name for path in (course / "archive").iterdir()) == [".gitattributes", "spring-2024", "spring-2025"]
    assert not list((course / ".cache" / "syllabuild").glob(".archive-*"))
