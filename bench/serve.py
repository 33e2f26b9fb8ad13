"""Benchmark: `syllabuild serve` — from saving a file to the new content being served.

    .venv/bin/python -m bench.serve [--repeat 5] [--quick]

A copy of the sample course (mkdocs.yml, syllabus.yaml, docs/, lectures/, snippets/) under
bench/out/serve/, served by `syllabuild serve` on a free 127.0.0.1 port. The snippet cache of the
repository's own build is copied in when there is one, so the first build (untimed) is quick.
Then, taking turns, each round:

- syllabus edit: lecture 2's summary in syllabus.yaml gets a new word; the lectures page is polled
  (not its title: the lecture's URL is made from the title, so the page would move);
- notes edit: a new sentence at the end of lectures/02-optimization.md; its page is polled.

The time is from the write to the first answer that holds the new text (polled every 50 ms; an
answer waits while a rebuild runs, as a browser's does), median (min–max) of the rounds. After
each reload the page must still show every figure it showed at the start, each image non-empty.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

from bench.harness import BIN, ENV, OUT, REPO, BenchFailure, Report, Row, Timing, arguments, main, rounds

FOLDER = OUT / "serve"
SOURCES = ("mkdocs.yml", "syllabus.yaml", "docs", "lectures", "snippets")
NOTES = "lectures/02-optimization.md"
NOTES_PAGE = "lectures/02-optimization/"
SUMMARY = "momentum and adaptive learning rates promise, and when."
"""From lecture 2's summary in the sample syllabus.yaml (the edit adds a word after it)."""
SUMMARY_PAGE = "lectures/"
POLL = 0.05
_IMG = re.compile(r"""<img\b[^>]*\bsrc="([^"]+)\"""")


def copy_course(target) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for name in SOURCES:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, target / name)
    cache = REPO / ".cache" / "syllabuild" / "snippets"
    if cache.is_dir():
        shutil.copytree(cache, target / ".cache" / "syllabuild" / "snippets")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, b""


def figures(base: str, page: str, html: str) -> list[str]:
    """The page's figure images that answer with a non-empty body; problems for those that do not."""
    problems = []
    for src in _IMG.findall(html):
        if src.startswith("data:"):
            continue
        status, body = fetch(urllib.parse.urljoin(base + page, src))
        if status != 200 or not body:
            problems.append(f"{page}: image {src} answers {status} with {len(body)} bytes")
    return problems


def wait_for(url: str, marker: str, started: float, limit: float) -> tuple[float, str]:
    """Seconds from `started` until `url` answers with `marker` in it; the page."""
    while True:
        status, body = fetch(url)
        text = body.decode("utf-8", "replace")
        if status == 200 and marker in text:
            return time.perf_counter() - started, text
        if time.perf_counter() - started > limit:
            raise BenchFailure(f"serve: {marker!r} not on {url} after {limit:.0f} s")
        time.sleep(POLL)


def body() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    report = Report("serve", args)
    course = FOLDER / "course"
    copy_course(course)
    port = free_port()
    log_path = FOLDER / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([str(BIN / "syllabuild"), "serve", "-a", f"127.0.0.1:{port}"], cwd=course, env=ENV,
                                  stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        started = time.perf_counter()
        base = None
        while base is None:  # the URL holds site_url's path (/deep-learning/)
            served = re.search(r"Serving on (http://\S+)", log_path.read_text(errors="replace"))
            base = served.group(1).rstrip("/") + "/" if served else None
            if server.poll() is not None:
                raise BenchFailure(f"serve: `syllabuild serve` exited {server.returncode}; see {log_path}")
            if time.perf_counter() - started > 900:
                raise BenchFailure(f"serve: not serving after 900 s; see {log_path}")
            time.sleep(0.2)
        if fetch(base + SUMMARY_PAGE)[0] != 200:
            raise BenchFailure(f"serve: {base + SUMMARY_PAGE} does not answer; see {log_path}")
        print(f"  serve: first build served after {time.perf_counter() - started:.1f} s (untimed)", flush=True)
        pages = {page: fetch(base + page)[1].decode() for page in (SUMMARY_PAGE, NOTES_PAGE)}
        shown = {page: len(_IMG.findall(html)) for page, html in pages.items()}
        syllabus, notes = course / "syllabus.yaml", course / NOTES
        original = {syllabus: syllabus.read_text(encoding="utf-8"), notes: notes.read_text(encoding="utf-8")}
        if SUMMARY not in original[syllabus]:
            raise BenchFailure(f"serve: {SUMMARY!r} is not in the sample syllabus.yaml any more; update bench/serve.py")
        times: dict[str, list[float]] = {"syllabus": [], "notes": []}
        n = rounds(args, 5)
        for round_ in range(n):
            for kind in (("syllabus", "notes") if round_ % 2 == 0 else ("notes", "syllabus")):
                marker = f"Benchedit{kind}{round_}"
                if kind == "syllabus":
                    path, page = syllabus, SUMMARY_PAGE
                    text = original[syllabus].replace(SUMMARY, f"{SUMMARY[:-1]} (and {marker}).", 1)
                else:
                    path, page = notes, NOTES_PAGE
                    text = original[notes].rstrip() + f"\n\nA sentence added in the editor: {marker}.\n"
                time.sleep(1.0)  # let the previous rebuild (and the file watcher) settle
                start = time.perf_counter()
                path.write_text(text, encoding="utf-8")
                seconds, html = wait_for(base + page, marker, start, limit=300)
                problems = figures(base, page, html)
                if len(_IMG.findall(html)) < shown[page]:
                    problems.append(f"{page}: {len(_IMG.findall(html))} images after the reload, {shown[page]} before")
                if problems:
                    raise BenchFailure(f"serve, {kind} edit, round {round_ + 1}: " + "; ".join(problems))
                times[kind].append(seconds)
                print(f"  serve {kind} edit, round {round_ + 1}/{n}: {seconds:.2f} s", flush=True)
        for path, text in original.items():
            path.write_text(text, encoding="utf-8")
    finally:
        stop(server)
    builds = [float(s) for s in re.findall(r"Documentation built in ([0-9.]+) seconds", log_path.read_text())][1:]
    for kind, goal, label in (("syllabus", 1.0, "syllabus.yaml edited (a lecture's summary)"),
                              ("notes", 0.8, "lecture notes edited (a sentence)")):
        timing = Timing(tuple(times[kind]))
        report.rows.append(Row(f"serve reload, {label}", str(timing), "—", "—", f"≤ {goal:.1f} s", timing.median <= goal))
    if builds:
        report.notes.append(f"serve: MkDocs' own rebuilds took {statistics.median(builds):.2f} s (median of {len(builds)}, "
                            "its log); MkDocs notices a change by polling the files every 0.5 s, then waits 0.1 s")
    return report.finish()


def stop(server: subprocess.Popen) -> None:
    """Ctrl+C for `syllabuild serve` and its workers (its own process group), then kill if it lingers."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    try:  # workers that outlived it
        os.killpg(server.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


if __name__ == "__main__":
    sys.exit(main(body))
