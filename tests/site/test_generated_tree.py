"""The generated tree, compared file by file with checked-in golden copies.

The tree is what any builder renders: a change to a generated page shows up here as a diff of
plain Markdown. Regenerate the golden copies after an intended change with

    SYLLABUILD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/site/test_generated_tree.py

(or `make golden`) and review the diff.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from syllabuild.project import load_project
from syllabuild.site.pipeline import run_pipeline

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("SYLLABUILD_UPDATE_GOLDEN") == "1"
TEXT = {".md", ".ics", ".json", ".css", ".js", ".svg"}
# The moment both courses are shown at: mid-term, after the first homework is out.
NOW = {"minimal_course": "2025-03-12T12:00", "bilingual_course": "2025-03-12T12:00", "block_course": "2025-01-15T12:00",
       "archived_course": "2025-03-12T12:00"}


def generate(course: str, tmp_path: Path) -> Path:
    project_dir = tmp_path / course
    shutil.copytree(FIXTURES / course, project_dir)
    project = load_project(project_dir / "mkdocs.yml").with_settings(snippets={"execute": False})
    return run_pipeline(project, now=NOW[course]).tree.root


def files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def shown(path: str, data: bytes) -> bytes:
    """Text files as they are; other files by hash (their bytes are not worth a diff).

    The course stylesheets and scripts are the package's own files, copied: only their presence counts.
    """
    if "/assets/syllabuild/" in path:
        return b"(copied from syllabuild/theme/assets)\n"
    if path == "tree.json":  # its digest covers the copied assets too: checked on its own below
        tree = json.loads(data)
        return (json.dumps({**tree, "digest": "(digest)"}, ensure_ascii=False, indent=1) + "\n").encode()
    if Path(path).suffix in TEXT:
        return data
    return f"sha256 {hashlib.sha256(data).hexdigest()}\n".encode()


@pytest.mark.parametrize("course", sorted(NOW))
def test_generated_tree_matches_the_golden_copy(course, tmp_path):
    tree = {path: shown(path, data) for path, data in files(generate(course, tmp_path)).items()}
    golden = GOLDEN / course
    if UPDATE:
        shutil.rmtree(golden, ignore_errors=True)
        for path, data in tree.items():
            target = golden / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    expected = files(golden)
    assert sorted(tree) == sorted(expected), "files added or missing in the generated tree"
    for path in tree:
        assert tree[path].decode("utf-8", "replace") == expected[path].decode("utf-8", "replace"), path


def test_the_same_course_generates_the_same_tree(tmp_path):
    first = generate("bilingual_course", tmp_path / "one")
    second = generate("bilingual_course", tmp_path / "two")
    assert files(first) == files(second)
    assert json.loads((first / "tree.json").read_bytes())["digest"]


def test_the_tree_names_each_editions_folder_nav_and_direction(tmp_path):
    root = generate("bilingual_course", tmp_path)
    tree = json.loads((root / "tree.json").read_text(encoding="utf-8"))
    editions = {edition["lang"]: edition for edition in tree["editions"]}
    assert list(editions) == ["en", "he"]
    assert (editions["en"]["prefix"], editions["he"]["prefix"]) == ("", "he/")
    assert (editions["en"]["direction"], editions["he"]["direction"]) == ("ltr", "rtl")
    # The Hebrew edition has its own hand-written variant, and keeps where staff wrote it.
    assert editions["he"]["sources"]["faq.md"] == "docs/faq.he.md"
    assert (root / "he" / "faq.md").read_text(encoding="utf-8").startswith("# שאלות נפוצות")
    assert not (root / "he" / "faq.he.md").exists() and not (root / "en" / "faq.he.md").exists()
    # Every page the nav names exists in the edition's folder.
    for lang, edition in editions.items():
        for path in _nav_paths(edition["nav"]):
            assert (root / edition["folder"] / path).is_file(), (lang, path)


def test_planning_and_generating_never_import_a_site_builder(tmp_path):
    """The pipeline is builder-free: only the adapters import MkDocs or Zensical."""
    project_dir = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", project_dir)
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from syllabuild.project import load_project\n"
        "from syllabuild.site.pipeline import run_pipeline\n"
        f"project = load_project(Path({str(project_dir / 'mkdocs.yml')!r})).with_settings(snippets={{'execute': False}})\n"
        "run_pipeline(project, now='2025-03-12T12:00')\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in ('mkdocs', 'zensical', 'material')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert (project_dir / ".cache" / "syllabuild" / "generated" / "en" / "index.md").is_file()


def test_a_page_embedding_output_carries_the_hash_of_that_output(tmp_path):
    from syllabuild.site.generate import _with_outputs_hash

    page = "---\ntitle: \"x\"\n---\n\n# x\n"
    one = _with_outputs_hash(page, (b"1\n",))
    two = _with_outputs_hash(page, (b"2\n",))
    assert one.startswith("---\ntitle: \"x\"\n---\n<!-- syllabuild:outputs ")
    assert one != two  # a builder's cache keyed on page text cannot serve the old output


def _nav_paths(nav) -> list[str]:
    found = []
    for item in nav:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += [value] if isinstance(value, str) else _nav_paths(value)
    return found


def test_files_that_belong_to_no_lecture_are_reported(tmp_path, caplog):
    project_dir = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", project_dir)
    lectures = project_dir / "lectures"
    (lectures / "07-attention.md").write_text("# Attention\n")  # the syllabus has no lecture 7
    (lectures / "scratch.md").write_text("draft\n")
    (lectures / "05-perceptrons.md").write_text("# Perceptrons again\n")  # lecture 5 is Convolutions; 1 is Perceptrons
    (lectures / "old-lab.ipynb").write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    project = load_project(project_dir / "mkdocs.yml").with_settings(snippets={"execute": False})
    with caplog.at_level("WARNING"):
        run_pipeline(project, now=NOW["minimal_course"])
    warned = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert "lectures/07-attention.md: notes for lecture 7, but the syllabus has no lecture 7" in warned
    assert ("lectures/scratch.md: no lecture uses these notes: name it NN-title.md after its lecture number, "
            "or set `notes:` on the lecture") in warned
    assert ("lectures/05-perceptrons.md: joins lecture 5 (Convolutions) by its number, but its name is lecture 1's "
            "title; rename it 01-perceptrons.md") in warned
    assert any(line.startswith("lectures/old-lab.ipynb: no lecture lists this notebook") for line in warned)
    assert not any("02-backprop.md" in line for line in warned)  # lecture 2's notes, by number


def test_the_hebrew_nav_names_notebooks_in_hebrew_and_reports_the_ones_it_cannot(tmp_path, caplog):
    project_dir = tmp_path / "course"
    shutil.copytree(FIXTURES / "notebooks_course", project_dir)
    syllabus = project_dir / "syllabus.yaml"
    text = syllabus.read_text(encoding="utf-8")
    text = text.replace("  term: Spring 2025\n", "  term: Spring 2025\n  languages: [en, he]\n")
    text = text.replace("{title: A tour of outputs, notebook:", "{title: {en: A tour of outputs, he: סיור בפלטים}, notebook:")
    syllabus.write_text(text, encoding="utf-8")
    project = load_project(project_dir / "mkdocs.yml").with_settings(snippets={"execute": False})
    with caplog.at_level("WARNING"):
        course = run_pipeline(project, now="2025-03-12T12:00")
    hebrew = {edition.lang: edition for edition in course.plan.editions}["he"]
    titles = {entry.page.source.path: entry.title for entry in hebrew.notebooks}
    assert titles["lectures/tour.ipynb"] == "סיור בפלטים"
    warned = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert ("untranslated: lectures/committed.ipynb: no he title for its page in the he nav (it shows the notebook's "
            "own heading); give the exercise that lists it a title per language ({en: …, he: …})") in warned
    assert not any("lectures/tour.ipynb" in line for line in warned)


def test_generating_again_keeps_the_files_that_did_not_change(tmp_path):
    """A builder that rebuilds only what changed (serve) goes by modification times: a notes
    edit must leave every other file of the tree as it was, and rewrite that lecture's page."""
    project_dir = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", project_dir)
    project = load_project(project_dir / "mkdocs.yml").with_settings(snippets={"execute": False})
    root = run_pipeline(project, now=NOW["minimal_course"]).tree.root
    before = {path: path.stat() for path in root.rglob("*") if path.is_file()}
    notes = project_dir / "lectures" / "02-backprop.md"
    notes.write_text(notes.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    root = run_pipeline(project, now=NOW["minimal_course"]).tree.root
    after = {path: path.stat() for path in root.rglob("*") if path.is_file()}
    assert after.keys() == before.keys()
    changed = sorted(path.relative_to(root).as_posix() for path in after
                     if (after[path].st_ino, after[path].st_mtime_ns) != (before[path].st_ino, before[path].st_mtime_ns))
    assert changed == ["en/lectures/02-backpropagation.md", "tree.json"]
    assert "One more sentence." in (root / "en" / "lectures" / "02-backpropagation.md").read_text(encoding="utf-8")
