"""The cache keys on what changes a result: code, options, session chain, files read, versions."""

from __future__ import annotations

import os

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
