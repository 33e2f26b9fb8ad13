"""The deploy workflows (ours and the one `syllabuild new course` writes) pass zizmor's audits.

zizmor runs offline with its strictest persona: every action pinned to a commit SHA, each job
only the permissions it uses, no checkout credentials left where an artifact could carry them.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "tools" / "syllabuild" / "commands" / "course_template" / "dot-github" / "workflows"
ZIZMOR = Path(sys.executable).parent / "zizmor"


def zizmor(folder: Path) -> subprocess.CompletedProcess:
    if not ZIZMOR.exists():
        pytest.fail(f"zizmor is not installed in {ZIZMOR.parent}: run `make setup`")
    return subprocess.run([str(ZIZMOR), "--offline", "--persona", "pedantic", "--format", "plain",
                           "--no-progress", *map(str, sorted(folder.glob("*.yml")))], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("folder", [ROOT / ".github" / "workflows", TEMPLATE], ids=["project", "new-course"])
def test_workflows_have_no_findings(folder: Path):
    result = zizmor(folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_a_tag_pinned_action_or_broad_permission_is_caught(tmp_path: Path):
    """The check is live: undo one pin and one job-level permission and zizmor names both."""
    broken = tmp_path / "workflows"
    shutil.copytree(ROOT / ".github" / "workflows", broken)
    deploy = broken / "deploy.yml"
    text = deploy.read_text(encoding="utf-8")
    text = text.replace("actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0", "actions/checkout@v4")
    text = text.replace("permissions: {}\n", "permissions:\n  contents: read\n  pages: write\n  id-token: write\n", 1)
    deploy.write_text(text, encoding="utf-8")
    result = zizmor(broken)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout + result.stderr
    assert "excessive-permissions" in result.stdout + result.stderr
