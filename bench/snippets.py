"""Benchmark: executed snippets, as users build them — cold, warm, one edit, and 2,000 trivial ones.

    .venv/bin/python -m bench.snippets [--repeat 5] [--quick]

Project folders under bench/out/snippets/, each built by its own command in a fresh process:

- `syllabuild`: a course from `syllabuild new course`, 10 lectures whose notes hold one realistic
  snippet each (the sample course's torch/matplotlib snippets), built with `syllabuild build`;
- `markdown-exec`: plain MkDocs with markdown-exec on the same lecture pages (`exec="on"`, code
  above its output, figures saved as SVG and printed, as markdown-exec's documentation shows);
- `floor`: plain MkDocs (no plugin, no execution) over the pages syllabuild generated.

Rows: cold (no cache, no site, each round) against markdown-exec; warm (nothing changed) and one
snippet edited (a constant changed, each round) against the floor; the edit's goal adds that
snippet's own run time: the snippet run alone by a plain `python` (timed inside the process, from
its first line to its last, so interpreter start-up is left out and its imports are counted, as a
fresh build pays them). Then 2,000 trivial snippets (20 lectures × 100) built cold with and
without execution (`execute: false`): the difference per snippet, and the peak memory of the
whole process tree (3 rounds). Every run is checked for every page, output marker and figure.
"""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

from bench import verify
from bench.courses import (
    MKDOCS_BUILD,
    SYLLABUILD_BUILD,
    Lecture,
    clear,
    floor_project,
    floor_sites,
    lecture_pages,
    markdown_exec_project,
    one_command,
    realistic_block,
    realistic_lectures,
    syllabuild_course,
    trivial_block,
    write_notes,
)
from bench.harness import ENV, OUT, Peer, Report, Row, arguments, interleave, main, mib, plural, rounds

FOLDER = OUT / "snippets"
EDITED = 2
"""The lecture whose snippet the edit rounds change (attention weights: torch and a figure)."""
ALONE = ("import sys, time\nstart = time.perf_counter()\n"
         "exec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'), {'__name__': '__main__'})\n"
         "print(f'bench-alone {time.perf_counter() - start:.6f}', file=sys.stderr)\n")
GIB = 2**30


def ran_snippets(output: str) -> int | None:
    found = re.search(r"snippets: (\d+) run", output)
    return int(found.group(1)) if found else None


def realistic(args, report: Report) -> None:
    """Cold against markdown-exec; then warm and one edit against the floor, on the same course."""
    count = 3 if args.quick else 10
    lectures = realistic_lectures(count)
    course = syllabuild_course(FOLDER / "syllabuild", lectures)
    peer = markdown_exec_project(FOLDER / "markdown-exec", course, lectures)
    expected = {marker: figures for lecture in lectures for marker, figures in lecture.expected.items()}
    n = rounds(args, 5)

    ours = Peer("syllabuild", course, SYLLABUILD_BUILD, prepare=lambda _: clear(course),
                check=verify.site_check(course, expected, lecture_pages(lectures)))
    theirs = Peer("markdown-exec", peer, MKDOCS_BUILD, prepare=lambda _: clear(peer),
                  check=verify.site_check(peer, expected, [f"lectures/{lecture.slug}/index.html" for lecture in lectures]))
    cold = interleave([ours, theirs], n, "cold")
    ratio = cold["syllabuild"].median / cold["markdown-exec"].median
    report.rows.append(Row(f"cold, {count} torch/matplotlib snippets ({sum(expected.values())} figures), one page each",
                           str(cold["syllabuild"]), f"markdown-exec {cold['markdown-exec']}", f"{ratio:.2f}×",
                           "≤ 0.8× markdown-exec", ratio <= 0.8))

    floor_dir = FOLDER / "floor"
    floor_commands = floor_project(course / ".cache" / "syllabuild" / "generated", course / "mkdocs.yml", floor_dir)
    (floor_site,) = floor_sites(floor_commands)  # one language
    floor = Peer("floor", floor_dir, one_command(floor_commands), check=lambda *_: verify.check_site(floor_site, expected))
    warm_ours = Peer("syllabuild", course, SYLLABUILD_BUILD, check=verify.site_check(course, expected, lecture_pages(lectures)))
    warm = interleave([warm_ours, floor], n, "warm")
    ratio = warm["syllabuild"].median / warm["floor"].median
    report.rows.append(Row("warm, nothing changed", str(warm["syllabuild"]), f"floor {warm['floor']}", f"{ratio:.2f}×",
                           "≤ 1.2× floor", ratio <= 1.2))

    edit = SnippetEdit(course, lectures, lectures[EDITED - 1], expected)
    ours_edit = Peer("syllabuild", course, SYLLABUILD_BUILD, prepare=edit.prepare, check=edit.check_build)
    alone = Peer("alone", FOLDER, (sys.executable, "-c", ALONE, str(edit.alone_file)), check=edit.check_alone,
                 env={**ENV, "MPLBACKEND": "Agg"})
    edit.prepare(0)  # the lone run's file exists before the first round, whichever peer goes first
    edits = interleave([ours_edit, floor, alone], n, "one edit")
    own = statistics.median(edit.alone_seconds)
    budget = edits["floor"].median + own + 0.5
    over = edits["syllabuild"].median - edits["floor"].median - own
    report.rows.append(Row(f"one snippet edited ({edit.lecture.source}.py: a constant)", str(edits["syllabuild"]),
                           f"floor {edits['floor']}; the snippet alone {own:.2f} s", f"floor + snippet {over:+.2f} s",
                           f"≤ floor + snippet + 0.5 s = {budget:.2f} s", edits["syllabuild"].median <= budget))
    report.notes.append(f"one edit: the build reran {sorted(set(edit.reruns), key=str)} snippet(s) per round (its log "
                        "line); the snippet alone = a plain `python` running its code and timing it in-process "
                        "(imports counted, interpreter start-up not)")


class SnippetEdit:
    """Each round, a different constant in one lecture's snippet: its output marker changes with it."""

    def __init__(self, course: Path, lectures: list[Lecture], lecture: Lecture, expected: dict[str, int]) -> None:
        self.course, self.lectures, self.lecture = course, lectures, lecture
        self.others = {m: f for m, f in expected.items() if m not in lecture.expected}
        self.expected: dict[str, int] = dict(expected)
        self.marker = ""
        self.alone_file = FOLDER / "alone.py"
        self.alone_seconds: list[float] = []
        self.reruns: list[int | None] = []

    def prepare(self, round_: int) -> None:
        block = realistic_block(self.lecture.source, self.lecture.number, variant=100 + round_)
        write_notes(self.course, Lecture(self.lecture.number, self.lecture.title, (block,), self.lecture.source))
        self.alone_file.write_text(block.code, encoding="utf-8")
        self.expected, self.marker = {**self.others, block.marker: block.figures}, block.marker

    def check_build(self, round_: int, output: str) -> list[str]:
        self.reruns.append(ran_snippets(output))
        problems = verify.check_site(self.course / "site", self.expected, None, lecture_pages(self.lectures))
        if self.reruns[-1] == 0:
            problems.append("the build says it ran no snippet after the edit")
        return problems

    def check_alone(self, round_: int, output: str) -> list[str]:
        found = re.search(r"bench-alone ([0-9.]+)", output)
        if not found or self.marker not in output:
            return [f"the lone run printed no timing or no {self.marker!r}:\n{output[-800:]}"]
        self.alone_seconds.append(float(found.group(1)))
        return []


def trivial(args, report: Report) -> None:
    pages, per_page = (4, 50) if args.quick else (20, 100)
    total = pages * per_page
    lectures = [Lecture(p, f"Trivial {p}", tuple(trivial_block(p * 1000 + k) for k in range(per_page)))
                for p in range(1, pages + 1)]
    expected = {marker: 0 for lecture in lectures for marker in lecture.expected}
    executed = syllabuild_course(FOLDER / "trivial", lectures)
    plain = syllabuild_course(FOLDER / "trivial-no-exec", lectures, snippets={"execute": False})

    def source_check(round_: int, output: str) -> list[str]:
        problems = verify.check_site(plain / "site", {}, None, lecture_pages(lectures))
        for lecture in lectures:
            _, text = verify.page_text(plain / "site" / "lectures" / lecture.slug / "index.html")
            if text.count("'trivial', x, x * 3, 'ok'") < per_page:
                problems.append(f"lectures/{lecture.slug}: not every block's source is shown")
        return problems

    runs = [Peer("execute", executed, SYLLABUILD_BUILD, prepare=lambda _: clear(executed), sample_memory=True,
                 check=verify.site_check(executed, expected, lecture_pages(lectures))),
            Peer("no-exec", plain, SYLLABUILD_BUILD, prepare=lambda _: clear(plain), sample_memory=True,
                 check=source_check)]
    n = rounds(args, 3)
    times = interleave(runs, n, f"{total} trivial")
    per = (times["execute"].median - times["no-exec"].median) / total * 1000
    peak_rss, peak_pss = max(times["execute"].peak_rss), max(times["execute"].peak_pss)
    report.rows.append(Row(f"{total:,} trivial snippets ({pages} pages; cold, {plural(n, 'round')})",
                           f"{per:.1f} ms each over no-exec; peak {mib(peak_rss)} RSS ({mib(peak_pss)} PSS)",
                           f"—; builds: execute {times['execute']}, no-exec {times['no-exec']}", "—",
                           "≤ 15 ms each; peak < 2 GiB", per <= 15 and peak_rss < 2 * GIB))
    report.notes.append(f"trivial: peak memory = the most the build's whole process tree held at once, sampled every "
                        f"50 ms from /proc (RSS adds up shared pages once per process, PSS splits them); "
                        f"the no-exec build peaked at {mib(max(times['no-exec'].peak_rss))} RSS")


def body() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    report = Report("snippets", args)
    realistic(args, report)
    trivial(args, report)
    return report.finish()


if __name__ == "__main__":
    sys.exit(main(body))
