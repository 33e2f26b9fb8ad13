"""`python -m bench` (or `make bench`): every benchmark, one after the other, peers side by side.

Each benchmark prints its own table and ratios; run one alone with `python -m bench.builders`, `python -m bench.snippets`,
`python -m bench.notebooks` or `python -m bench.links`.
"""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = ["bench.builders", "bench.snippets", "bench.notebooks", "bench.links"]


def main() -> int:
    failed = []
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        if subprocess.run([sys.executable, "-m", module]).returncode != 0:
            failed.append(module)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
