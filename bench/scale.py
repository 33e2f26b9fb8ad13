"""Benchmark: how the build grows with the course — 1, 100 and 500 lectures, no execution.

    .venv/bin/python -m bench.scale [--repeat 5] [--quick]

For each size, a course from `syllabuild new course` with that many lectures, each with notes
(prose, a realistic code block, an admonition), `snippets: {execute: false}`, built cold (no
cache, no site) with `syllabuild build`, interleaved with plain MkDocs over the pages it generated
(the floor, for context; made from the first round's build). Goal: the 500-lecture build takes at
most 6× the 100-lecture one (linear would be 5×). 5 rounds for 1 and 100 lectures, 3 for 500.
`--quick`: 1, 10, 50 lectures.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench import verify
from bench.courses import (
    SYLLABUILD_BUILD,
    clear,
    floor_project,
    lecture_pages,
    one_command,
    realistic_lectures,
    syllabuild_course,
)
from bench.harness import OUT, Peer, Report, Row, Timing, arguments, interleave, main, plural, rounds

FOLDER = OUT / "scale"


def measure(size: int, n: int) -> dict[str, Timing]:
    lectures = realistic_lectures(size)
    course = syllabuild_course(FOLDER / f"{size}", lectures, snippets={"execute": False})
    floor_dir = FOLDER / f"{size}-floor"
    floor_command: list[str] = []
    required = lecture_pages(lectures)

    def shows_source(site: Path, round_: int) -> list[str]:
        problems = verify.check_site(site, {}, None, required)
        for page in required[1:]:
            _, text = verify.page_text(site / page)
            if "BENCH_VARIANT = 0" not in text:
                problems.append(f"{page}: the notes' code block is missing")
        return problems

    def prepare_floor(round_: int) -> None:
        # The floor renders what syllabuild generated: the first round, syllabuild goes first.
        if not floor_command:
            generated = course / ".cache" / "syllabuild" / "generated"
            floor_command.extend(one_command(floor_project(generated, course / "mkdocs.yml", floor_dir)))
        for site in floor_dir.glob("*/site"):
            clear(site.parent)

    peers = [Peer("syllabuild", course, SYLLABUILD_BUILD, prepare=lambda _: clear(course),
                  check=lambda round_, _: shows_source(course / "site", round_)),
             Peer("floor", FOLDER, floor_command, prepare=prepare_floor,
                  check=lambda round_, _: shows_source(floor_dir / "en" / "site", round_))]
    return interleave(peers, n, plural(size, "lecture"))


def body() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    report = Report("scale", args)
    sizes = (1, 10, 50) if args.quick else (1, 100, 500)
    times = {}
    for size in sizes:
        times[size] = measure(size, rounds(args, 3 if size == sizes[-1] else 5))
    middle, large = sizes[1], sizes[2]
    growth = times[large]["syllabuild"].median / times[middle]["syllabuild"].median
    for size in sizes:
        ours, floor = times[size]["syllabuild"], times[size]["floor"]
        ratio = f"{ours.median / floor.median:.2f}× floor"
        goal, met = "— (context)", None
        if size == large:
            ratio += f"; {growth:.2f}× the {middle}-lecture build"
            goal, met = f"≤ 6× the {middle}-lecture build", growth <= 6
        report.rows.append(Row(f"no-exec, {plural(size, 'lecture')} (cold, {plural(len(ours.values), 'round')})", str(ours),
                               f"plain MkDocs {floor}", ratio, goal, met))
    report.notes.append(f"scale: the floor grows {times[large]['floor'].median / times[middle]['floor'].median:.2f}× "
                        f"from {middle} to {large} lectures (MkDocs renders the whole navigation on every page)")
    return report.finish()


if __name__ == "__main__":
    sys.exit(main(body))
