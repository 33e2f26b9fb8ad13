"""A run changes nothing outside its scratch folder: its own home, and (with Landlock) no writes elsewhere."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from snippet_helpers import run_one

from syllabuild.snippets.model import Status
from syllabuild.snippets.runner import WRITE_HINT
from syllabuild.snippets.sandbox import landlock_abi

REAL_HOME = Path(os.path.expanduser("~"))
landlock = pytest.mark.skipif(landlock_abi() < 3, reason="this kernel has no Landlock ABI 3 (Linux 6.2+)")


def test_home_config_cache_and_temporary_folders_belong_to_the_run(engine):
    name = f"syllabuild-test-{uuid.uuid4().hex}"
    code = (
        "import os, pathlib, tempfile\n"
        f"pathlib.Path('~/{name}').expanduser().write_text('x')\n"
        f"config = pathlib.Path(os.environ['XDG_CONFIG_HOME'], '{name}')\n"
        "config.mkdir(parents=True)\n(config / 'settings.toml').write_text('x')\n"
        "for folder in (pathlib.Path.home(), os.path.expanduser('~'), os.environ['XDG_CACHE_HOME'],\n"
        "               os.environ['MPLCONFIGDIR'], os.environ['TORCH_HOME'], tempfile.gettempdir(), os.getcwd()):\n"
        "    print(pathlib.Path(folder).relative_to(pathlib.Path.home().parent))\n"
    )
    result = run_one(engine, code)
    assert result.ok, result.failure
    assert result.stdout.split("\n") == ["home", "home", "home/.cache", "home/.config/matplotlib",
                                         "home/.cache/torch", "tmp", "work", ""]
    assert not (REAL_HOME / name).exists()
    assert not (REAL_HOME / ".config" / name).exists()


def test_a_shell_started_by_the_snippet_has_the_private_home_too(engine):
    result = run_one(engine, "import os, subprocess\n"
                             "print(subprocess.run(['sh', '-c', 'echo $HOME'], capture_output=True, text=True).stdout"
                             " == os.environ['HOME'] + '\\n', os.environ['HOME'] != " + repr(str(REAL_HOME)) + ")\n")
    assert result.stdout == "True True\n"


@landlock
def test_writes_outside_the_scratch_folder_are_refused(engine, project):
    outside = project / "lectures" / "written.txt"
    (project / "lectures").mkdir()
    (project / "lectures" / "data.txt").write_text("2.5\n")
    code = ("from pathlib import Path\nimport subprocess\n"
            "print(float((Path(__file__).parent / 'data.txt').read_text()))\n"  # reading the project still works
            f"print(subprocess.run(['touch', {str(outside)!r}], capture_output=True, text=True).stderr, end='')\n"
            f"Path({str(outside)!r}).write_text('x')\n")
    result = run_one(engine, code)
    assert result.status is Status.ERROR
    assert result.failure.message == f"PermissionError: [Errno 13] Permission denied: '{outside}' ({WRITE_HINT})"
    assert WRITE_HINT == "snippets may write only in their scratch folder: the working directory, $HOME and $TMPDIR"
    assert result.stdout == f"2.5\ntouch: cannot touch '{outside}': Permission denied\n"
    assert not outside.exists()


@landlock
def test_torch_and_matplotlib_work_inside_the_confined_run(engine):
    code = ("import torch, matplotlib.pyplot as plt\nfrom torch.utils.data import DataLoader\n"
            "torch.save(torch.ones(3), 'weights.pt')\nprint(torch.load('weights.pt').sum().item())\n"
            "print(sum(len(b) for b in DataLoader(list(range(10)), batch_size=2, num_workers=2)))\n"
            "plt.plot([1, 2])\nplt.title('rising')\n")
    result = run_one(engine, code)
    assert result.ok, result.failure
    assert result.stdout == "3.0\n10\n"
    assert [figure.alt for figure in result.figures] == ["rising"]
