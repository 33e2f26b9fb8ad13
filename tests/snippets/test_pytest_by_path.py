"""`pytest snippets/x.py`, however the path is written, runs the snippet in the engine, never in pytest.

pytest's python plugin imports any `.py` file named on the command line; these tests run pytest in a
subprocess so that a regression shows up as a failed assertion, not as a killed or hung test run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

SETTINGS = "site_name: T\nplugins:\n  - syllabuild:\n      snippets:\n        workers: 2\n        timeout: 2\n" \
           "        memory: 512MiB\n"

MISBEHAVING = {
    "loop.py": "while True:\n    pass\n",
    "stuck_thread.py": "import threading\n\nthreading.Thread(target=threading.Event().wait).start()\n",
    "exits.py": "import os\n\nprint('bye', flush=True)\nos._exit(3)\n",
    "segfault.py": "import ctypes\n\nctypes.string_at(0)\n",
    "memory_hog.py": "chunks = []\nwhile True:\n    chunks.append(bytearray(16 * 2**20))\n",
    "reads_stdin.py": "import sys\n\nassert sys.stdin.read() == '', 'stdin is not empty'\n",
    "sets_global.py": "import builtins\n\nbuiltins.leaked = 1\n",
    "checks_global.py": "import builtins\n\nassert not hasattr(builtins, 'leaked'), 'a global leaked from sets_global.py'\n",
    "spawns.py": "import os, subprocess\n\nsubprocess.Popen(['sleep', '1000'], env={**os.environ, 'SPAWNED_BY': MARK})\n",
    "syntax_error.py": "values = (1,\n",
}


@pytest.fixture
def course(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makefile(".yml", mkdocs=SETTINGS)
    pytester.mkdir("snippets")
    return pytester


def _write(course: pytest.Pytester, name: str, code: str) -> None:
    course.path.joinpath("snippets", name).write_text(code.replace("MARK", repr(str(course.path))))


def _spawned_by(course: pytest.Pytester) -> list[int]:
    """Live processes whose environment carries this test's mark (the snippet's `sleep 1000`)."""
    mark = f"SPAWNED_BY={course.path}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark in (proc / "environ").read_bytes().split(b"\0") and (proc / "stat").read_text().split()[2] != "Z":
                found.append(int(proc.name))
        except (OSError, IndexError):
            continue
    return found


def test_each_misbehaving_file_named_on_the_command_line_runs_in_the_engine(course):
    for name, code in MISBEHAVING.items():
        _write(course, name, code)
    # sets_global.py before checks_global.py: in one process the global would reach the second.
    result = course.runpytest_subprocess(*(f"snippets/{name}" for name in MISBEHAVING), timeout=120)
    result.assert_outcomes(passed=5, failed=5)
    result.stdout.fnmatch_lines_random([
        "snippets/loop.py:1: timed out after 2 s",
        "snippets/exits.py:1: the process exited with status 3 before the snippet finished",
        "snippets/segfault.py:1: crashed with SIGSEGV",
        "snippets/memory_hog.py:1: exceeded 512 MiB",
        "snippets/syntax_error.py:1: SyntaxError: '(' was never closed",
    ])
    # The same report as a build: the message at the user's line, the user's frames, the output.
    result.stdout.fnmatch_lines([
        "snippets/exits.py:1: the process exited with status 3 before the snippet finished",
        "*",
        "the process exited with status 3 before the snippet finished",
        "",
        "--- stdout ---",
        "bye",
    ])
    result.stdout.fnmatch_lines([
        "snippets/syntax_error.py:1: SyntaxError: '(' was never closed",
        "",
        "Traceback (most recent call last):",
        '  File "snippets/syntax_error.py", line 1, in <module>',
        "    values = (1,",
        "SyntaxError: '(' was never closed",
    ])
    output = result.stdout.str() + result.stderr.str()
    assert "_pytest" not in output and "MemoryError" not in output and "reading from stdin" not in output
    assert _spawned_by(course) == []


@pytest.mark.parametrize("form", ["file", "item", "directory", "keyword", "absolute", "absolute from elsewhere"])
def test_every_way_of_naming_a_snippet_runs_it_in_the_engine(course, monkeypatch, form):
    _write(course, "exits.py", MISBEHAVING["exits.py"])
    _write(course, "fine.py", "print('fine')\n")
    args = {
        "file": ["snippets/exits.py"],
        "item": ["snippets/exits.py::line 1"],
        "directory": ["snippets"],
        "keyword": ["-k", "exits"],
        "absolute": [str(course.path / "snippets" / "exits.py")],
        "absolute from elsewhere": [str(course.path / "snippets" / "exits.py")],
    }[form]
    if form == "absolute from elsewhere":
        # No ini file: pytest roots the run at snippets/, below mkdocs.yml.
        monkeypatch.chdir(course.path / "snippets")
    result = course.runpytest_subprocess(*args, timeout=60)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=1 if form == "directory" else 0, failed=1)
    result.stdout.fnmatch_lines(["snippets/exits.py:1: the process exited with status 3 before the snippet finished"])
