"""The cache keys on what changes a result: code, options, session chain, files read, versions."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from snippet_helpers import run_one, snippet

from syllabuild.snippets.cache import SnippetCache, snippet_keys
from syllabuild.snippets.fences import SnippetSources, find_blocks, normalize_code
from syllabuild.snippets.model import SnippetResult, Status


def test_second_request_is_a_cache_hit(engine):
    first = run_one(engine, "import random\nprint(random.random())\n")
    engine.begin_build()
    second = run_one(engine, "import random\nprint(random.random())\n")
    assert not first.cached and second.cached
    assert second.stdout == first.stdout


def test_editing_prose_keeps_keys_and_editing_code_or_options_changes_them(project):
    sources = SnippetSources(project)
    page = "Intro.\n\n```python exec=\"on\"\nprint(1)\n```\n"
    edited_prose = "A much longer intro.\n\nWith a second paragraph.\n\n" + page
    keys = [snippet_keys((b.snippet,)) for b in find_blocks(page, "docs/p.md", sources)]
    assert keys == [snippet_keys((b.snippet,)) for b in find_blocks(edited_prose, "docs/p.md", sources)]
    assert snippet_keys((snippet("print(1)\n"),)) != snippet_keys((snippet("print(2)\n"),))
    assert snippet_keys((snippet("print(1)\n"),)) != snippet_keys((snippet("print(1)\n", timeout=5),))
    trailing_space = snippet(normalize_code("    print(1)   \n\n\n"))
    assert snippet_keys((trailing_space,)) == snippet_keys((snippet("print(1)\n"),))


def test_a_later_block_depends_on_the_session_before_it():
    tail = snippet("print(x)\n", session="s")
    with_one = snippet_keys((snippet("x = 1\n", session="s"), tail))
    with_two = snippet_keys((snippet("x = 2\n", session="s"), tail))
    assert with_one[1] != with_two[1]


def test_editing_a_data_file_or_a_local_module_reruns_the_snippet(engine, project):
    (project / "data.txt").write_text("1\n")
    (project / "snippets" / "_helper.py").write_text("FACTOR = 10\n")
    code = f"from _helper import FACTOR\nprint(int(open({str(project / 'data.txt')!r}).read()) * FACTOR)\n"
    first = run_one(engine, code)
    assert first.stdout == "10\n"
    assert set(first.deps) == {"data.txt", "snippets/_helper.py"}

    engine.begin_build()
    assert run_one(engine, code).cached
    (project / "data.txt").write_text("2\n")
    engine.begin_build()
    after_data = run_one(engine, code)
    (project / "snippets" / "_helper.py").write_text("FACTOR = 100\n")
    engine.begin_build()
    after_module = run_one(engine, code)
    assert (after_data.cached, after_data.stdout) == (False, "20\n")
    assert (after_module.cached, after_module.stdout) == (False, "200\n")


def test_kills_are_not_cached_but_exceptions_are(engine):
    run_one(engine, "import time\ntime.sleep(5)\n", timeout=0.5)
    run_one(engine, "1 / 0\n")
    engine.begin_build()
    assert not run_one(engine, "import time\ntime.sleep(5)\n", timeout=0.5).cached
    assert run_one(engine, "1 / 0\n").cached


def test_an_interrupted_write_never_leaves_a_readable_entry(tmp_path):
    cache = SnippetCache(tmp_path / "cache", tmp_path)
    result = SnippetResult(Status.OK, stdout="hi\n")
    cache.store("a" * 32, result)
    # A build killed mid-write leaves only a hidden staging folder, never the key's folder.
    (cache.root / ".bbbb.tmp").mkdir()
    (cache.root / ".bbbb.tmp" / "manifest.json").write_text("{trunc")
    assert cache.load("b" * 32) is None
    assert cache.load("a" * 32).stdout == "hi\n"
    assert sorted(p.name for p in cache.root.iterdir() if not p.name.startswith(".")) == ["a" * 32]
    cache.store("a" * 32, SnippetResult(Status.OK, stdout="new\n"))  # replacing an entry
    assert cache.load("a" * 32).stdout == "new\n"
    assert not [p for p in os.listdir(cache.root) if p.startswith(".a")]


def test_cache_clear_command_empties_the_cache_next_to_mkdocs_yml(tmp_path, capsys):
    from syllabuild.cli import main

    (tmp_path / "mkdocs.yml").write_text("site_name: T\nplugins:\n  - syllabuild:\n      cache_dir: build-cache\n")
    SnippetCache(tmp_path / "build-cache", tmp_path).store("c" * 32, SnippetResult(Status.OK, stdout="x\n"))
    assert main(["cache", "clear", "--config", str(tmp_path / "mkdocs.yml")]) == 0
    assert not (tmp_path / "build-cache").exists()
    assert "1 snippet results" in capsys.readouterr().out


FIGURE_AND_OUTPUT = "import matplotlib.pyplot as plt\nprint('hello from the cache')\nplt.plot([1, 3, 2])\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12] + "…"


def _flip_first_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[0] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["truncated figure", "flipped stdout byte", "deleted figure", "edited manifest"])
def test_a_damaged_entry_is_run_again_and_reported_once(engine, caplog, damage):
    first = run_one(engine, FIGURE_AND_OUTPUT)
    (key,) = snippet_keys((snippet(FIGURE_AND_OUTPUT),), engine.settings.seed)
    entry = engine.cache.root / key
    svg, stdout = entry / "figure-1.svg", entry / "stdout.txt"
    if damage == "truncated figure":
        svg.write_bytes(b"")
        problem = f"figure 1: expected sha256 {_sha(first.figures[0].data)}, got {_sha(b'')}"
    elif damage == "flipped stdout byte":
        _flip_first_byte(stdout)
        problem = f"stdout: expected sha256 {_sha(first.stdout.encode())}, got {_sha(stdout.read_bytes())}"
    elif damage == "deleted figure":
        svg.unlink()
        problem = "figure 1: figure-1.svg is missing"
    else:
        manifest = entry / "manifest.json"
        recorded = json.loads(manifest.read_text())["sha256"]
        manifest.write_text(manifest.read_text().replace('"ok"', '"error"'))
        edited = json.dumps(json.loads(manifest.read_text())["entry"], sort_keys=True, separators=(",", ":"))
        problem = f"manifest.json: expected sha256 {recorded[:12]}…, got {_sha(edited.encode())}"

    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.syllabuild.snippets"):
        for _ in range(3):
            engine.begin_build()
            again = run_one(engine, FIGURE_AND_OUTPUT)
            assert (again.status, again.stdout, again.figures) == (first.status, first.stdout, first.figures)
    warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
    assert warnings == [f"cache entry for lectures/01-intro.md:10 was damaged ({problem}); ran it again"]
    assert again.cached  # the run replaced the damaged entry


def test_a_truncated_cached_figure_is_never_published(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "snippets_course", course)
    command = [sys.executable, "-m", "mkdocs", "build"]
    env = {"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"}
    assert subprocess.run(command, cwd=course, capture_output=True, timeout=300, env=env).returncode == 0
    (published,) = (course / "site" / "assets" / "snippets").rglob("*.svg")
    original = published.read_bytes()
    (cached,) = (course / ".cache" / "syllabuild" / "snippets").glob("*/figure-1.svg")
    cached.write_bytes(b"")

    again = subprocess.run(command, cwd=course, capture_output=True, text=True, timeout=300, env=env)
    assert again.returncode == 0, again.stderr
    (republished,) = (course / "site" / "assets" / "snippets").rglob("*.svg")
    assert republished.read_bytes() == original
    damaged = [line for line in again.stderr.splitlines() if "was damaged" in line]
    assert damaged == [(f"WARNING -  cache entry for lectures/02-networks.md:4 was damaged (figure 1: expected sha256 "
                        f"{_sha(original)}, got {_sha(b'')}); ran it again")]
    assert "snippets: 1 run, 5 cached, 0 failed" in again.stderr
