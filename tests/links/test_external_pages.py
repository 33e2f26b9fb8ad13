"""External pages read for their `#fragment`s: one GET per page, read in time or broken, and
anchors that only a browser would see reported as unverifiable, not broken."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses

import pytest

from httpd import RawServer, respond
from syllabuild.commands import links as links_command
from syllabuild.links import LinkSources, check_links
from syllabuild.links.build_check import build_link_problems
from syllabuild.links.external import check_urls
from syllabuild.links.model import CheckSettings, Verdict
from syllabuild.project import load_project

FAST = CheckSettings(connect_timeout=1, timeout=1, retries=0, retry_wait=0.01)
NOTES = (
    "<!doctype html><html><head><title>Notes</title><script src='/analytics.js'></script></head><body>"
    "<h1 id='week-1'>Week 1</h1><p>The chain rule, the backward pass, and why both matter.</p>"
    "<p>Gradients flow from the loss to every weight in the network, one layer at a time.</p>"
    "<h2 id='caf\u00e9'>Caf\u00e9 break</h2><a name='legacy'></a><h2 id='user-content-setup'>Setup</h2>"
    "</body></html>"
)
APP_SHELL = (
    "<!doctype html><html><head><title>Docs</title><script type='module' src='/assets/index.js'></script></head>"
    "<body><div id='root'></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>"
)


@pytest.fixture
def raw():
    with RawServer() as server:
        yield server


def serve(server: RawServer, path: str, page: str, content_type: str = "text/html; charset=utf-8") -> None:
    async def answer(method, writer):
        await respond(writer, "200 OK", b"" if method == "HEAD" else page.encode(), {"Content-Type": content_type})

    server.routes[path] = answer


def drip(server: RawServer, path: str, body: bytes, *, length: bool, content_type: str = "text/html") -> None:
    """HEAD answered at once; GET's headers at once, then its body one byte every 0.2 s."""

    async def answer(method, writer):
        framing = f"Content-Length: {len(body)}" if length else "Connection: close"
        writer.write(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n{framing}\r\n\r\n".encode())
        await writer.drain()
        if method == "HEAD":
            return
        for byte in body:
            writer.write(bytes([byte]))
            await writer.drain()
            await asyncio.sleep(0.2)

    server.routes[path] = answer


# -- reading the page in time --------------------------------------------------------------
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "read-to-close"])
def test_a_page_whose_body_drips_is_broken_though_head_answers_at_once(raw, length):
    drip(raw, "/drip", b"<html><body><h1 id='frag'>Found, had it been read</h1></body></html>", length=length)
    url = raw.url("/drip")
    results = check_urls([url, f"{url}#frag"], FAST)
    expected = "timed out after 1 s reading the body (GET answered 200 OK)"
    assert (results[f"{url}#frag"].verdict, results[f"{url}#frag"].reason) == (Verdict.BROKEN, expected)
    # The bare URL shares the page's one GET, and its verdict: the page cannot be read.
    assert (results[url].verdict, results[url].reason) == (Verdict.BROKEN, expected)
    assert raw.requests == [("GET", "/drip")]


@pytest.mark.parametrize("check_fragments", [True, False], ids=["fragments-on", "fragments-off"])
def test_a_page_whose_body_drips_is_broken_with_no_fragment_to_look_for(raw, check_fragments):
    # A student clicking the bare URL waits for a page that never arrives: HEAD's 200 is no verdict.
    drip(raw, "/drip", b"<html><body>slow</body></html>", length=True)
    settings = dataclasses.replace(FAST, check_fragments=check_fragments)
    result = check_urls([raw.url("/drip")], settings)[raw.url("/drip")]
    expected = "timed out after 1 s reading the body (GET answered 200 OK)"
    assert (result.verdict, result.reason, result.status) == (Verdict.BROKEN, expected, 200)
    assert raw.requests == [("GET", "/drip")]


@pytest.mark.parametrize("content_type", ["application/pdf", "video/mp4"])
@pytest.mark.parametrize("length", [True, False], ids=["content-length", "read-to-close"])
def test_a_file_is_judged_by_its_headers_without_waiting_for_its_body(raw, content_type, length):
    # Not HTML: no anchors to find, so not one byte of the body is waited for, even a short one.
    drip(raw, "/lecture", b"%PDF-1.7 slides", length=length, content_type=content_type)
    url = raw.url("/lecture")
    results = check_urls([url, f"{url}#page=3"], FAST)
    assert {link: (r.verdict, r.reason) for link, r in results.items()} == {
        url: (Verdict.OK, "200 OK"),
        f"{url}#page=3": (Verdict.OK, "200 OK"),
    }
    assert raw.requests == [("GET", "/lecture")]


def test_headers_that_never_come_are_still_no_complete_answer(raw):
    async def silent(method, writer):
        await asyncio.sleep(5)

    raw.routes["/silent"] = silent
    result = check_urls([raw.url("/silent#intro")], FAST)[raw.url("/silent#intro")]
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "no complete answer within 1 s")


# -- anchors in the HTML -------------------------------------------------------------------
def test_a_missing_fragment_is_broken_by_default(raw):
    serve(raw, "/notes", NOTES)
    url = raw.url("/notes#week-9")
    result = check_urls([url], CheckSettings(timeout=1, retry_wait=0.01))[url]
    assert (result.verdict, result.reason, result.status) == (Verdict.BROKEN, "no anchor #week-9 on the page", 200)


def test_anchors_on_one_page_share_one_get(raw):
    serve(raw, "/notes", NOTES)
    url = raw.url("/notes")
    links = [url, f"{url}#week-1", f"{url}#legacy", f"{url}#setup", f"{url}#caf%C3%A9", f"{url}#week-1:~:text=chain"]
    results = check_urls(links + [f"{url}#week-1"], FAST)
    assert {link: results[link].verdict for link in links} == {link: Verdict.OK for link in links}
    assert raw.requests == [("GET", "/notes")]


def test_an_anchor_past_the_part_read_of_a_big_page_is_unverifiable(raw):
    serve(raw, "/big", "<html><body><h1 id='top'>Top</h1>" + "<p>filler</p>" * 200 + "<h2 id='end'>End</h2></body></html>")
    serve(raw, "/small", "<html><body><h1 id='top'>Top</h1><p>" + "all of it read " * 20 + "</p></body></html>")
    settings = CheckSettings(timeout=1, retry_wait=0.01, page_bytes=1024)
    big, small = raw.url("/big"), raw.url("/small")
    results = check_urls([f"{big}#top", f"{big}#end", f"{small}#end"], settings)
    assert results[f"{big}#top"].verdict is Verdict.OK
    assert (results[f"{big}#end"].verdict, results[f"{big}#end"].reason) == (
        Verdict.UNVERIFIABLE,
        "no anchor #end in the first 1 KiB of the page, which is bigger (links.max_page_size)",
    )
    assert results[f"{small}#end"].verdict is Verdict.BROKEN  # read to its end: truly missing


def test_a_fragment_on_a_page_that_is_not_html_is_not_looked_for(raw):
    serve(raw, "/slides.pdf", "%PDF-1.7 ...", content_type="application/pdf")
    url = raw.url("/slides.pdf#page=3")
    assert check_urls([url], FAST)[url].verdict is Verdict.OK
    assert raw.requests == [("GET", "/slides.pdf")]


# -- anchors only a browser sees -----------------------------------------------------------
def test_an_anchor_of_a_host_that_makes_them_with_scripts_is_unverifiable(raw):
    serve(raw, "/code/main.py", NOTES)
    settings = CheckSettings(
        timeout=1, retry_wait=0.01, client_side_anchors=((r"^http://127\.0\.0\.1:\d+/code/", (r"^L\d+(-L\d+)?$",)),)
    )
    url = raw.url("/code/main.py")
    results = check_urls([f"{url}#L10-L12", f"{url}#week-1", f"{url}#nothing-here"], settings)
    assert (results[f"{url}#L10-L12"].verdict, results[f"{url}#L10-L12"].reason) == (
        Verdict.UNVERIFIABLE,
        "no anchor #L10-L12 in the HTML; 127.0.0.1 makes such anchors with scripts (links.client_side_anchors), "
        "so only a browser can tell",
    )
    assert results[f"{url}#week-1"].verdict is Verdict.OK  # in the HTML after all
    assert results[f"{url}#nothing-here"].verdict is Verdict.BROKEN  # not a line anchor: the rule does not cover it
    assert raw.requests == [("GET", "/code/main.py")]


def test_an_anchor_missing_from_an_app_shell_is_unverifiable(raw):
    serve(raw, "/docs/", APP_SHELL)
    url = raw.url("/docs/#install")
    result = check_urls([url], FAST)[url]
    assert (result.verdict, result.reason) == (
        Verdict.UNVERIFIABLE,
        "no anchor #install in the HTML; the page is an app shell that scripts fill in, so only a browser can tell",
    )


@pytest.mark.parametrize(
    ("url", "fragment", "made_by_scripts"),
    [
        ("https://github.com/pytorch/pytorch/blob/main/torch/nn/modules/linear.py", "L50-L61", True),
        ("https://github.com/pytorch/pytorch/blob/main/README.md", "installation", True),
        ("https://gist.github.com/someone/0123abcd", "file-train-py-L3", True),
        ("https://gitlab.com/group/project/-/blob/main/train.py", "L10-20", True),
        ("https://github.com/pytorch/pytorch", "a.b c", False),
        ("https://docs.python.org/3/library/re.html", "L10", False),
    ],
)
def test_github_and_gitlab_anchors_are_made_by_scripts_by_default(url, fragment, made_by_scripts):
    assert CheckSettings().anchors_made_by_scripts(url, fragment) is made_by_scripts


# -- through the command and the build -------------------------------------------------------
def write_course(tmp_path, links: str, urls: list[str]):
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - syllabuild:\n      links:\n        exclude: []\n"
        "        connect_timeout: 1\n        timeout: 1\n        retries: 0\n" + links
    )
    (tmp_path / "syllabus.yaml").write_text("readings:\n" + "".join(f"  - {url}\n" for url in urls))
    (tmp_path / "site").mkdir()


def run_cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    links_command.register(parser.add_subparsers())
    args = parser.parse_args(["links", *argv])
    return args.func(args)


def test_unverifiable_anchors_are_warnings_and_a_strict_build_passes(raw, tmp_path, monkeypatch, capsys):
    serve(raw, "/code/main.py", NOTES)
    url = raw.url("/code/main.py#L10")
    write_course(
        tmp_path,
        "        offline: false\n        client_side_anchors:\n          '^http://127\\.0\\.0\\.1:\\d+/code/': '^L\\d+$'\n",
        [url],
    )
    monkeypatch.chdir(tmp_path)
    assert run_cli("--format", "github") == 0
    reason = "no anchor #L10 in the HTML; 127.0.0.1 makes such anchors with scripts (links.client_side_anchors), so only a browser can tell"
    assert f"::warning file=syllabus.yaml,line=2,col=5,title=Unverifiable link::readings[0]: {url}: {reason}\n" in capsys.readouterr().out
    # The lines a build logs as warnings, which `--strict` turns into a failure: none.
    project = load_project(tmp_path / "mkdocs.yml")
    assert build_link_problems(project, site_dir=tmp_path / "site") == []


def test_bad_anchor_settings_cannot_run(tmp_path, monkeypatch, capsys):
    write_course(tmp_path, "        client_side_anchors:\n          '^https://x/': '('\n        max_page_size: huge\n", [])
    monkeypatch.chdir(tmp_path)
    assert run_cli("--format", "github") == 2
    out = capsys.readouterr().out
    assert "client_side_anchors" in out and "expected a regular expression, got '('" in out
    assert 'max_page_size' in out and 'expected a size like "2GiB" or "512MiB", got "huge"' in out


def test_only_successes_are_cached_not_unverifiable_anchors_or_timeouts(raw, tmp_path):
    serve(raw, "/notes", NOTES)
    serve(raw, "/docs/", APP_SHELL)
    drip(raw, "/drip", b"<html><body><h1 id='frag'>Found</h1></body></html>", length=True)
    urls = [raw.url("/notes#week-1"), raw.url("/docs/#install"), raw.url("/drip#frag")]
    (tmp_path / "syllabus.yaml").write_text("readings:\n" + "".join(f"  - {url}\n" for url in urls))
    sources = LinkSources(project_dir=tmp_path, syllabus=tmp_path / "syllabus.yaml")
    settings = CheckSettings(connect_timeout=1, timeout=1, retries=0, retry_wait=0.01, cache_dir=tmp_path / "cache")
    first = check_links(sources, settings, offline=False)
    assert first.counts == {"ok": 1, "unverifiable": 1, "broken": 1, "excluded": 0}
    raw.requests.clear()
    second = check_links(sources, settings, offline=False)
    assert second.counts == first.counts
    assert sorted(raw.requests) == [("GET", "/docs/"), ("GET", "/drip")]


def test_a_success_cached_without_anchor_checks_is_not_taken_for_a_found_anchor(raw, tmp_path):
    serve(raw, "/notes", NOTES)
    (tmp_path / "syllabus.yaml").write_text(f"readings:\n  - {raw.url('/notes#week-9')}\n")
    sources = LinkSources(project_dir=tmp_path, syllabus=tmp_path / "syllabus.yaml")
    without = CheckSettings(timeout=1, retry_wait=0.01, cache_dir=tmp_path / "cache", check_fragments=False)
    assert check_links(sources, without, offline=False).counts["ok"] == 1
    report = check_links(sources, dataclasses.replace(without, check_fragments=True), offline=False)
    assert [finding.result.reason for finding in report.findings] == ["no anchor #week-9 on the page"]
