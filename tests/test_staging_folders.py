"""A killed build leaves its `.site-building-*` folder; the next build removes it, never a running build's."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from syllabuild.atomic import staging_folder

HOLDER = """
import sys, time
from pathlib import Path
from syllabuild.atomic import staging_folder
with staging_folder(Path(sys.argv[1])) as staging:
    print(staging, flush=True)
    time.sleep(600)
"""

# Holds a real build in its last step (the site is in the staging folder), once asked to.
HOLD_HOOK = """
import os, time
from pathlib import Path

def on_post_build(config):
    if "HOLD_BUILD" in os.environ:
        Path(os.environ["HOLD_BUILD"]).write_text(config.site_dir)
        time.sleep(600)
"""


def _staging(parent: Path) -> list[str]:
    return sorted(path.name for path in parent.iterdir() if path.name.startswith(".site-building-"))


def _hold(site: Path) -> tuple[subprocess.Popen, Path]:
    """Another build, in another process, inside its staging folder."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(site)], stdout=subprocess.PIPE, text=True)
    return holder, Path(holder.stdout.readline().strip())


def test_a_build_removes_the_folder_of_a_killed_build_but_not_of_a_running_one(tmp_path):
    site = tmp_path / "site"
    killed, killed_folder = _hold(site)
    running, running_folder = _hold(site)
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        (killed_folder / "index.html").write_text("half a site")
        with staging_folder(site) as mine:
            assert _staging(tmp_path) == sorted([mine.name, running_folder.name])
            (mine / "index.html").write_text("done")
        assert running_folder.is_dir()
    finally:
        running.kill()
        running.wait()
    assert _staging(tmp_path) == [running_folder.name]
    with staging_folder(site):
        pass
    assert _staging(tmp_path) == []


def test_a_failed_build_removes_its_own_folder(tmp_path):
    try:
        with staging_folder(tmp_path / "site") as staging:
            (staging / "index.html").write_text("half")
            raise RuntimeError("build failed")
    except RuntimeError:
        pass
    assert _staging(tmp_path) == []


def test_the_build_after_a_sigkilled_build_leaves_no_staging_folder(minimal_course):
    (minimal_course / "hold.py").write_text(HOLD_HOOK)
    config = minimal_course / "mkdocs.yml"
    config.write_text(config.read_text() + "hooks:\n  - hold.py\n")
    command = [sys.executable, "-m", "syllabuild.cli", "build"]
    assert subprocess.run(command, cwd=minimal_course, capture_output=True).returncode == 0
    published = sorted(path.relative_to(minimal_course / "site") for path in (minimal_course / "site").rglob("*"))

    held = minimal_course / "held"
    build = subprocess.Popen(command, cwd=minimal_course, env={**os.environ, "HOLD_BUILD": str(held)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while not held.exists() and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert held.exists(), "the build did not reach its last step"
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert _staging(minimal_course) == [Path(held.read_text()).name]
    assert sorted(path.relative_to(minimal_course / "site") for path in (minimal_course / "site").rglob("*")) == published

    assert subprocess.run(command, cwd=minimal_course, capture_output=True).returncode == 0
    assert _staging(minimal_course) == []
    assert sorted(path.relative_to(minimal_course / "site") for path in (minimal_course / "site").rglob("*")) == published
