"""Benchmark: the same code as notebooks, cold — syllabuild against mkdocs-jupyter `execute: true`.

    .venv/bin/python -m bench.notebooks [--repeat 5] [--quick]

The 10 realistic snippets of `bench.snippets`, one notebook each (a title cell, a code cell),
under bench/out/notebooks/:

- `syllabuild`: a course from `syllabuild new course` whose lectures list the notebooks as
  exercises (lectures/tutorial-NN.ipynb), built with `syllabuild build` (the notebooks run on the
  warm worker pool, rendered with nbconvert);
- `mkdocs-jupyter`: plain MkDocs, the same theme, the notebooks in docs/, `execute: true` (a
  Jupyter kernel per notebook).

Cold: no cache (mkdocs-jupyter keeps one too, in .cache/mkdocs-jupyter), no site, every round.
Every run is checked for each notebook's output marker and figures.
"""

from __future__ import annotations

import sys

from bench import verify
from bench.courses import MKDOCS_BUILD, SYLLABUILD_BUILD, clear, jupyter_project, realistic_lectures, syllabuild_course
from bench.harness import OUT, Peer, Report, Row, arguments, interleave, main, rounds

FOLDER = OUT / "notebooks"


def body() -> int:
    args = arguments(__doc__.splitlines()[0]).parse_args()
    report = Report("notebooks", args)
    count = 3 if args.quick else 10
    lectures = realistic_lectures(count)
    course = syllabuild_course(FOLDER / "syllabuild", lectures, as_notebooks=True)
    peer = jupyter_project(FOLDER / "mkdocs-jupyter", course, lectures)
    expected = {marker: figures for lecture in lectures for marker, figures in lecture.expected.items()}

    peers = [Peer("syllabuild", course, SYLLABUILD_BUILD, prepare=lambda _: clear(course), check=verify.site_check(course, expected)),
             Peer("mkdocs-jupyter", peer, MKDOCS_BUILD, prepare=lambda _: clear(peer), check=verify.site_check(peer, expected))]
    times = interleave(peers, rounds(args, 5), "notebooks cold")
    ratio = times["syllabuild"].median / times["mkdocs-jupyter"].median
    figures = sum(expected.values())
    report.rows.append(Row(f"cold, the same code as {count} notebooks ({figures} figures)", str(times["syllabuild"]),
                           f"mkdocs-jupyter `execute: true` {times['mkdocs-jupyter']}", f"{ratio:.2f}×",
                           "≤ 0.15× mkdocs-jupyter", ratio <= 0.15))
    return report.finish()


if __name__ == "__main__":
    sys.exit(main(body))
