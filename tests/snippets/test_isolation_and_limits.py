"""Each run is a fresh process: crashes, exits and changed globals never reach the next snippet."""

from __future__ import annotations

import os

from snippet_helpers import run_one, snippet

from syllabuild.snippets.model import Status


def test_changed_globals_do_not_leak(engine):
    run_one(engine, "import torch, matplotlib\ntorch.set_default_dtype(torch.float64)\n"
                    "matplotlib.rcParams['lines.linewidth'] = 9\nimport builtins\nbuiltins.leaked = 1\n")
    result = run_one(engine, "import torch, matplotlib, builtins\nprint(torch.get_default_dtype(), "
                             "matplotlib.rcParams['lines.linewidth'], hasattr(builtins, 'leaked'))\n")
    assert result.stdout == "torch.float32 1.5 False\n"


def test_a_crash_is_reported_and_the_next_snippet_runs(engine):
    crashed = run_one(engine, "import ctypes\nctypes.string_at(0)\n")
    exited = run_one(engine, "import os\nprint('bye', flush=True)\nos._exit(3)\n")
    after = run_one(engine, "print('still here')\n")
    assert (crashed.status, crashed.failure.message) == (Status.CRASH, "crashed with SIGSEGV")
    assert exited.status is Status.CRASH and "status 3" in exited.failure.message
    assert exited.stdout == "bye\n"
    assert after.stdout == "still here\n"


def test_time_limit_kills_the_snippet_and_its_children(engine):
    result = run_one(engine, "import subprocess, time\np = subprocess.Popen(['sleep', '60'])\n"
                             "print(p.pid, flush=True)\ntime.sleep(60)\n", timeout=1)
    assert (result.status, result.failure.message) == (Status.TIMEOUT, "timed out after 1 s")
    child = int(result.stdout)
    try:
        os.kill(child, 0)
        alive = not open(f"/proc/{child}/stat").read().split()[2] == "Z"
    except ProcessLookupError:
        alive = False
    assert not alive


def test_memory_limit_stops_gradual_growth_and_one_huge_allocation(engine):
    growth = run_one(engine, "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 2**20))\n",
                     memory=256 * 2**20)
    huge = run_one(engine, "import torch\nx = torch.ones(2**34)\n", memory=256 * 2**20)
    assert (growth.status, growth.failure.message) == (Status.MEMORY, "exceeded 256 MiB")
    assert (huge.status, huge.failure.message) == (Status.MEMORY, "exceeded 256 MiB")


def test_reading_stdin_gets_end_of_file(engine):
    result = run_one(engine, "import sys\nprint(repr(sys.stdin.read()))\n")
    assert result.stdout == "''\n"


def test_seeds_are_fixed_and_cwd_is_a_scratch_folder(engine):
    code = "import os, random, numpy, torch\nprint(random.random(), numpy.random.rand(), torch.rand(1).item())\n"
    first = run_one(engine, code)
    second = run_one(engine, code + "print(os.getcwd() != " + repr(str(engine.settings.project_dir)) + ")\n")
    assert second.stdout.startswith(first.stdout)
    assert second.stdout.endswith("True\n")


def test_figures_are_captured_without_savefig_and_svg_is_stable(engine):
    code = "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.figure()\nplt.bar([1, 2], [3, 4])\n"
    first = run_one(engine, code)
    again = run_one(engine, code + "# same figure, new cache key\n")
    png = run_one(engine, code, figures="png")
    assert [f.format for f in first.figures] == ["svg", "svg"]
    assert first.figures == again.figures
    assert png.figures[0].data.startswith(b"\x89PNG")


def test_stdout_and_stderr_include_output_of_c_code(engine):
    result = run_one(engine, "import os, sys\nprint('py')\nos.system('echo from-shell')\n"
                             "print('warn', file=sys.stderr)\n")
    assert "py\n" in result.stdout and "from-shell\n" in result.stdout
    assert result.stderr == "warn\n"


def test_a_session_shares_names_and_stops_at_the_first_failure(engine):
    run = (snippet("x = 2\n", session="s"), snippet("print(x * 21)\n1 / 0\n", session="s"),
           snippet("print('not reached')\n", session="s"))
    first, second, third = engine.results(run)
    assert first.ok and second.stdout == "42\n"
    assert second.status is Status.ERROR
    assert third.status is Status.SKIPPED and third.stdout == ""


def test_expected_exception(engine):
    raised = run_one(engine, "raise KeyError('k')\n", raises="LookupError")
    missing = run_one(engine, "pass\n", raises="KeyError")
    assert raised.ok and raised.failure.message == "KeyError: 'k'"
    assert not missing.ok
    assert missing.failure.message == "expected KeyError to be raised, but the snippet finished normally"


def test_plt_show_is_harmless_and_file_is_the_notes_file(engine):
    result = run_one(engine, "import matplotlib.pyplot as plt\nplt.plot([1])\nplt.show()\nprint(__file__)\n")
    assert result.stderr == ""
    assert len(result.figures) == 1
    assert result.stdout == f"{engine.settings.project_dir / 'lectures' / '01-intro.md'}\n"
