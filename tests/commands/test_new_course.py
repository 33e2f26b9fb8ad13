"""`syllabuild new course PATH`: a project that builds, tests and validates at once, written whole or not at all."""

from __future__ import annotations

import datetime as dt
import glob
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml

from syllabuild.cli import main
from syllabuild.commands import skeleton
from syllabuild.commands.skeleton import TEMPLATE, coming_monday, local_timezone
from syllabuild.project.config_file import read_config_file
from syllabuild.project.theme_check import theme_problem
from syllabuild.syllabus import parse_syllabus

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ANSWERS = ["--title", "Signals and Systems", "--timezone", "Europe/Berlin", "--start", "2026-03-02"]
TREE = [
    ".github/workflows/deploy.yml", ".gitignore", "Makefile", "README.md", "docs/faq.md",
    "lectures/01-introduction.md", "mkdocs.yml", "pytest.ini", "requirements.txt",
    "snippets/first_steps.py", "syllabus.schema.json", "syllabus.yaml",
]


def syllabuild(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """The installed `syllabuild` command, as staff run it."""
    script = Path(sys.executable).with_name("syllabuild")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "syllabuild.cli"]
    return subprocess.run([*command, *args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=600)


def files(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A course written by the real CLI into a new folder, before anything else ran in it."""
    parent = tmp_path_factory.mktemp("new-course")
    done = syllabuild("new", "course", "signals", *ANSWERS, cwd=parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith('signals: new course "Signals and Systems", 12 files; term Mon 2 Mar 2026 '
                                  "to Sun 31 May 2026, lectures on Mondays, times in Europe/Berlin\n")
    assert done.stderr == ""
    return parent / "signals"


def test_it_writes_the_whole_tree_and_nothing_beside_it(course: Path):
    assert files(course) == TREE
    assert sorted(path.name for path in course.parent.iterdir()) == ["signals"]  # no staging folder left


def test_pytest_in_the_new_project_runs_its_snippet_and_notes_block(course: Path):
    # Before any build: the snippets really run here, they are not read from a build's cache.
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-v"], cwd=course, env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"snippets/first_steps\.py::line 1 PASSED", done.stdout), done.stdout
    assert re.search(r"lectures/01-introduction\.md::line \d+ PASSED", done.stdout), done.stdout
    assert "2 passed" in done.stdout


def test_its_first_strict_build_needs_nothing_else(course: Path):
    done = syllabuild("build", "--strict", cwd=course)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr and "ERROR" not in done.stderr
    site = course / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Signals and Systems" in home and "Spring 2026" in home
    schedule = (site / "schedule" / "index.html").read_text(encoding="utf-8")
    assert "Introduction" in schedule and "Homework 1" in schedule
    lecture = (site / "lectures" / "01-introduction" / "index.html").read_text(encoding="utf-8")
    assert "step 5: w = 0.0512" in lecture  # the snippet's output
    assert "week 3: neural networks" in lecture  # the notes' exec block
    assert (site / "lectures" / "02-second-lecture" / "index.html").is_file()
    assert (site / "faq" / "index.html").is_file()  # the hand-written page


def test_its_zensical_build_succeeds_too(course: Path):
    done = syllabuild("build", "--builder", "zensical", "--strict", "--site-dir", "site-zensical", cwd=course)
    assert done.returncode == 0, done.stdout + done.stderr
    lecture = (course / "site-zensical" / "lectures" / "01-introduction" / "index.html").read_text(encoding="utf-8")
    assert "step 5: w = 0.0512" in lecture
    assert (course / "site-zensical" / "schedule" / "index.html").is_file()


def test_mkdocs_yml_uses_material_the_plugin_and_the_guard(course: Path):
    config = read_config_file(course / "mkdocs.yml")
    assert theme_problem(config) is None
    assert config.has_plugin and config.plugin_options == {"syllabus": "syllabus.yaml"}
    assert config.get("site_url") == "https://courses.example.edu/signals/"
    assert "syllabuild.guard" in config.get("markdown_extensions")


def test_the_schema_line_names_the_installed_schema_beside_the_file(course: Path):
    """yaml-language-server resolves a relative `$schema=` against the YAML file's folder."""
    text = (course / "syllabus.yaml").read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=syllabus.schema.json"
    copy = course / first.partition("$schema=")[2]
    assert copy.read_bytes() == skeleton.SHIPPED_SCHEMA.read_bytes()
    # What an editor shows on the fresh file: no problems (dates stay text, as YAML 1.2 reads them).
    data = yaml.safe_load(text)
    data = _dates_as_text(data)
    schema = yaml.safe_load(copy.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(data)] == []


def test_the_commented_examples_are_valid_once_uncommented(course: Path):
    text = (course / "syllabus.yaml").read_text(encoding="utf-8")
    # Indented comments that are YAML (`- …`, `key: …`, continuations), not prose.
    uncommented = re.sub(r"(?m)^(\s+)#(?: ((?:- |[a-z_]+:|  ).*))?$", lambda m: m[1] + (m[2] or "") if m[2] else "", text)
    syllabus = parse_syllabus(uncommented, name="syllabus.yaml")
    assert [lecture.number for lecture in syllabus.lectures] == [1, 2, 3, 4, 5]
    assert [meeting.kind for meeting in syllabus.meetings.weekly] == ["lecture", "tutorial"]
    assert syllabus.meetings.no_class and syllabus.course.prerequisites and syllabus.course.links
    assert next(a for a in syllabus.assignments if a.id == "exam").due is not None


def test_a_new_lecture_and_assignment_fit_the_skeletons_layout(course: Path, tmp_path: Path):
    path = tmp_path / "syllabus.yaml"
    path.write_text((course / "syllabus.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["new", "lecture", "Filters", "--syllabus", str(path)]) == 0
    assert main(["new", "assignment", "Homework 2", "--syllabus", str(path)]) == 0
    text = path.read_text(encoding="utf-8")
    assert "    topics: [A first topic, A second topic]\n\n  - number: 3\n    title: Filters\n\n  # More of" in text
    assert ("    # due: 2026-06-14T09:00  # the exam's date and time, once it is set\n\n"
            "  - id: hw2\n    kind: homework\n    title: Homework 2\n"
            "    release: 2026-03-09T12:00\n    due: 2026-03-16T23:59\n\ngrading:") in text


def test_a_folder_that_is_not_empty_is_refused_and_left_untouched(tmp_path: Path):
    target = tmp_path / "course"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n")
    done = syllabuild("new", "course", "course", *ANSWERS, cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "syllabuild new course: course: not empty; a new course goes into a new or empty folder\n"
    assert files(target) == ["notes.txt"] and (target / "notes.txt").read_text() == "mine\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["course"]


def test_an_empty_current_folder_becomes_the_course(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "course", ".", *ANSWERS]) == 0
    assert files(tmp_path) == TREE
    assert "  cd .\n" in capsys.readouterr().out


@pytest.mark.parametrize("existing", [False, True])
def test_a_failure_half_way_leaves_nothing(existing: bool, tmp_path: Path, monkeypatch, capsys):
    target = tmp_path / "course"
    if existing:
        target.mkdir()
    monkeypatch.setattr(skeleton, "SHIPPED_SCHEMA", tmp_path / "missing.schema.json")  # the last file fails
    assert main(["new", "course", str(target), *ANSWERS]) == 1
    assert capsys.readouterr().err == f"syllabuild new course: {target}: cannot write the course: No such file or directory\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == (["course"] if existing else [])
    assert not existing or files(target) == []


def test_every_bad_answer_is_reported_at_once_and_nothing_is_written(tmp_path: Path, capsys):
    arguments = ["--title", " ", "--language", "English", "--timezone", "Mars/Olympus", "--start", "2 March", "--weeks", "0"]
    assert main(["new", "course", str(tmp_path / "course"), *arguments]) == 1
    assert capsys.readouterr().err.splitlines() == [
        'syllabuild new course: --start: expected a date like 2026-03-02, got "2 March"',
        'syllabuild new course: --title: expected the course\'s name, like "Deep Learning", got an empty one',
        'syllabuild new course: --language: expected a language code like en, he or pt-BR, got "English"',
        'syllabuild new course: --timezone: expected a time zone like Europe/Berlin or UTC, got "Mars/Olympus"',
        "syllabuild new course: --weeks: expected a number of weeks from 1 to 52, got 0",
    ]
    assert list(tmp_path.iterdir()) == []


def test_the_answers_shape_the_dates_language_and_quoting(tmp_path: Path):
    title = 'Deep Learning: "the basics"'
    assert main(["new", "course", str(tmp_path / "dl"), "--title", title, "--language", "he", "--timezone", "Asia/Jerusalem",
                 "--start", "2026-10-20", "--weeks", "2", "--term", "Winter 2026/27",
                 "--site-url", "https://example.github.io/dl/"]) == 0
    syllabus = parse_syllabus((tmp_path / "dl" / "syllabus.yaml").read_text(encoding="utf-8"))
    assert syllabus.course.title == title and syllabus.course.term == "Winter 2026/27"
    assert syllabus.course.languages == ["he"] and syllabus.meetings.timezone == "Asia/Jerusalem"
    assert (syllabus.meetings.term.start, syllabus.meetings.term.end) == (dt.date(2026, 10, 20), dt.date(2026, 11, 2))
    assert syllabus.meetings.weekly[0].weekday == "tuesday"  # lectures on the start's weekday
    homework = syllabus.assignments[0]
    assert (homework.release, homework.due) == (dt.datetime(2026, 10, 20, 12, 0), dt.datetime(2026, 10, 27, 23, 59))
    config = read_config_file(tmp_path / "dl" / "mkdocs.yml")
    assert config.get("site_name") == title and config.data["theme"]["language"] == "he"
    assert config.get("site_url") == "https://example.github.io/dl/"
    assert (tmp_path / "dl" / "README.md").read_text(encoding="utf-8").startswith(f"# {title}\n")


def test_the_default_start_is_the_coming_monday():
    assert coming_monday(dt.date(2026, 3, 2)) == dt.date(2026, 3, 2)  # a Monday
    assert coming_monday(dt.date(2026, 3, 3)) == dt.date(2026, 3, 9)
    assert coming_monday(dt.date(2026, 3, 8)) == dt.date(2026, 3, 9)  # a Sunday


def test_the_default_time_zone_is_this_computers(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert local_timezone() == "Asia/Tokyo"
    monkeypatch.setenv("TZ", "not a zone")
    assert local_timezone() != "not a zone"


def test_a_wheel_ships_every_template_file():
    """setuptools globs package data like `glob.glob(recursive=True)`, which skips dot-files: the
    template stores them as `dot-*`, and the patterns in pyproject.toml must cover the rest."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["syllabuild"]
    package = TEMPLATE.parent.parent
    shipped = {Path(name) for pattern in patterns for name in glob.glob(str(package / pattern), recursive=True)}
    template = [path for path in TEMPLATE.rglob("*") if path.is_file() and "__pycache__" not in path.parts]
    assert template and not [path for path in template if path.name.startswith(".")]
    assert [path for path in template if path not in shipped] == []


def _dates_as_text(value):
    if isinstance(value, dict):
        return {key: _dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value
