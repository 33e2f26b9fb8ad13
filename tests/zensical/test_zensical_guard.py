"""The guard: a builder pointed at mkdocs.yml without syllabuild stops with one line, before any page."""

from __future__ import annotations

import io
import subprocess
import sys
import types

import click
import markdown
import pytest
from zensical_harness import FIXTURE, Course
from mkdocs.config import load_config
from ruamel.yaml import YAML

from syllabuild.guard import MESSAGE, GuardError
from syllabuild.zensical.run import executable


def test_inside_zensical_python_markdown_refuses_to_load_the_guard(monkeypatch):
    monkeypatch.setitem(sys.modules, "zensical", types.ModuleType("zensical"))
    with pytest.raises(GuardError) as failure:
        markdown.Markdown(extensions=["syllabuild.guard"])
    assert str(failure.value) == MESSAGE and "\n" not in MESSAGE


def test_outside_zensical_the_guard_is_quiet_so_mkdocs_loads_the_config(tmp_path):
    # MkDocs builds every listed extension while validating markdown_extensions, before
    # `plugins` is even loaded: there the syllabuild plugin generates the course itself.
    assert "zensical" not in sys.modules  # the adapter runs Zensical in a subprocess
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nmarkdown_extensions:\n  - syllabuild.guard\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    assert "syllabuild.guard" in config.markdown_extensions
    assert markdown.markdown("*x*", extensions=["syllabuild.guard"]) == "<p><em>x</em></p>"


def test_a_bare_zensical_build_on_mkdocs_yml_fails_with_the_one_line_and_writes_no_page(course: Course):
    result = subprocess.run([executable(), "build", "-f", "mkdocs.yml"], cwd=course.root,
                            capture_output=True, text=True, encoding="utf-8", check=False)
    output = click.unstyle(result.stdout + result.stderr)
    assert result.returncode == 1
    # Zensical wraps it: `RuntimeError: Python error: GuardError: <MESSAGE>`, then a traceback.
    assert f"GuardError: {MESSAGE}" in output
    pages = [path.relative_to(course.root / "site").as_posix() for path in (course.root / "site").rglob("*.html")]
    assert pages == ["404.html"]  # a theme template; no page of the course


def test_the_fixture_lists_the_same_markdown_extensions_as_the_projects_mkdocs_yml():
    def extensions(path) -> tuple[bool, str]:
        listed = YAML().load(path)["markdown_extensions"]
        stream = io.StringIO()
        YAML().dump([entry for entry in listed if entry != "syllabuild.guard"], stream)
        return "syllabuild.guard" in listed, stream.getvalue()

    assert extensions(FIXTURE / "mkdocs.yml") == extensions(FIXTURE.parents[2] / "mkdocs.yml")

