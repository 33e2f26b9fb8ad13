"""`python -m bench` (or `make bench`): every benchmark, one after the other, then one table of goals.

    .venv/bin/python -m bench [--quick] [--repeat N] [NAME ...]

NAME is any of snippets, notebooks, scale, serve, links, cluster, builders (default: all but builders,
which compares with the code before the pipeline and takes ~10 minutes more). Each runs in its
own process and also runs alone: `python -m bench.snippets --repeat 5`. The table of every row
(figures, ratio, goal, met?) is printed at the end and written to bench/out/summary.md; each
benchmark's own is in bench/out/<name>.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from bench.harness import OUT, Row, load_average, table

BENCHMARKS = ("snippets", "notebooks", "scale", "serve", "links", "cluster")
EXTRA = ("builders",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"any of {', '.join(BENCHMARKS + EXTRA)}")
    parser.add_argument("--quick", action="store_true", help="small sizes, to see that it all works")
    parser.add_argument("--repeat", type=int, default=None, help="rounds for every benchmark (default: each its own)")
    args = parser.parse_args(argv)
    names = args.names or list(BENCHMARKS)
    unknown = [name for name in names if name not in BENCHMARKS + EXTRA]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}; expected any of {', '.join(BENCHMARKS + EXTRA)}")
    options = (["--quick"] if args.quick else []) + (["--repeat", str(args.repeat)] if args.repeat else [])
    print(f"load average at the start: {load_average()}", flush=True)
    failed, rows, notes = [], {}, []
    for name in names:
        print(f"\n=== bench.{name} ===", flush=True)
        result = OUT / f"{name}.json"
        result.unlink(missing_ok=True)
        own = options if name != "builders" else options[options.index("--repeat"):] if "--repeat" in options else []
        if subprocess.run([sys.executable, "-m", f"bench.{name}", *own], check=False).returncode != 0:
            failed.append(name)
        if result.exists():
            data = json.loads(result.read_text(encoding="utf-8"))
            rows[name] = [Row(**row) for row in data["rows"]]
            notes += data["notes"][1 if args.quick else 0:]
    ordered = [*rows.get("snippets", [])[:1], *rows.get("notebooks", []), *rows.get("snippets", [])[1:]]
    ordered += [row for name in names if name not in ("snippets", "notebooks") for row in rows.get(name, [])]
    text = table(ordered) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
    if args.quick:
        text = "(--quick: small sizes; the met? column is only indicative)\n\n" + text
    if failed:
        text += f"\nFAILED: {', '.join(failed)} (their rows are missing)\n"
    print(f"\n=== summary ===\n\n{text}", flush=True)
    (OUT / "summary.md").write_text(text, encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
