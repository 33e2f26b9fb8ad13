"""A command pays only for what it uses: its own module, and nbconvert only for notebooks.

Importing everything cost more than a warm build of a small course (`validate` alone pulled in
the whole pipeline, the pipeline nbconvert), so these are the command's start-up time.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def modules_after(script: str, cwd: Path | None = None) -> set[str]:
    result = subprocess.run([sys.executable, "-c", script + "\nprint(' '.join(sorted(sys.modules)))"],
                            capture_output=True, text=True, cwd=cwd, timeout=300)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_a_command_imports_only_its_own_module():
    loaded = modules_after("import sys\nfrom syllabuild.cli import build_parser\nbuild_parser(['build'])")
    assert "syllabuild.commands.build" in loaded
    assert not {"syllabuild.commands.validate", "syllabuild.commands.new", "syllabuild.commands.schema",
                "syllabuild.site.pipeline", "syllabuild.syllabus", "mkdocs"} & loaded


def test_the_help_still_lists_every_command():
    result = subprocess.run([sys.executable, "-m", "syllabuild.cli", "--help"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    for command in ("build", "serve", "validate", "schema", "links", "cache", "new", "check"):
        assert command in result.stdout


def test_a_course_without_notebooks_is_built_without_nbconvert(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURES / "minimal_course", course)
    loaded = modules_after("import sys\nfrom syllabuild.cli import main\nassert main(['build']) == 0", cwd=course)
    assert "syllabuild.plugin.plugin" in loaded
    assert not {"nbconvert", "nbformat"} & loaded
