"""Serving while staff edit: changes appear, mistakes are shown, the last good site stays up.

Every way staff serve a course: plain `mkdocs serve`, `syllabuild serve` (MkDocs, rebuilding
only the pages that changed) and `syllabuild serve --builder zensical`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, predicate, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never satisfied the condition; last page:\n{last[:2000]}")


SERVE = {
    "mkdocs serve": lambda port: [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--livereload"],
    "syllabuild serve": lambda port: [
        sys.executable, "-m", "syllabuild.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
    "syllabuild serve --builder zensical": lambda port: [
        sys.executable, "-m", "syllabuild.cli", "serve", "--builder", "zensical", "--dev-addr", f"127.0.0.1:{port}"],
}


@pytest.fixture(params=sorted(SERVE))
def served(minimal_course: Path, request):
    port = free_port()
    process = subprocess.Popen(
        SERVE[request.param](port),
        cwd=minimal_course, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        yield minimal_course, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_editing_the_syllabus_updates_the_served_site_and_errors_keep_the_last_good_one(served):
    course, url = served
    wait_for(url + "lectures/", lambda page: "Perceptrons" in page)
    syllabus = course / "syllabus.yaml"
    good = syllabus.read_text()

    syllabus.write_text(good.replace("title: Convolutions", "title: Convolutional networks"))
    wait_for(url + "lectures/", lambda page: "Convolutional networks" in page)

    syllabus.write_text(good.replace("    title: Perceptrons\n", "    title: Perceptrons\n    date: March 5\n"))
    page = wait_for(url + "lectures/", lambda page: "The syllabus has errors" in page)
    assert "lectures[0].date: expected a date like 2024-03-05, got" in page
    assert "Convolutional networks" in page  # still the last good version
    assert 'title: "Lectures"' not in page  # the front matter stays front matter under the banner

    syllabus.write_text(good)
    page = wait_for(url + "lectures/", lambda page: "The syllabus has errors" not in page and "Convolutions" in page)


def test_syllabuild_serve_rebuilds_the_changed_pages_and_keeps_the_others_right(minimal_course, tmp_path):
    """Rebuilds after the first build only the pages whose sources changed (dirty builds):
    what every page shows (the nav), and the search index, must still be those of the new sources."""
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(SERVE["syllabuild serve"](port), cwd=minimal_course, stdout=output,
                                   stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_for(url + "faq/", lambda page: "Convolutions" in page)
        notes = minimal_course / "lectures" / "02-backprop.md"
        notes.write_text(notes.read_text() + "\nA sentence added while serving.\n")
        wait_for(url + "lectures/02-backpropagation/", lambda page: "A sentence added while serving." in page)
        index = wait_for(url + "search/search_index.json", lambda text: "A sentence added while serving." in text)
        assert '"location":"faq/' in index  # the pages not rebuilt are still found

        # A lecture's title is in every page's nav: every page is rebuilt.
        syllabus = minimal_course / "syllabus.yaml"
        good = syllabus.read_text()
        syllabus.write_text(good.replace("title: Convolutions", "title: Convolutional networks"))
        page = wait_for(url + "faq/", lambda page: "Convolutional networks" in page)
        assert "Convolutions<" not in page

        # A YAML mistake is the syllabus' error, as in a build, not a link's.
        syllabus.write_text(good.replace("    title: Perceptrons\n", "    title: [Perceptrons\n"))
        wait_for(url + "lectures/", lambda page: "The syllabus has errors" in page)
        time.sleep(1)
        shown = log.read_text()
        assert "syllabus.yaml:23:12: YAML syntax error" in shown
        assert "broken link" not in shown
    finally:
        process.terminate()
        process.wait(timeout=10)
