"""External URLs against servers on 127.0.0.1: what verdict a staff member would see."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
from werkzeug import Response

from httpd import RawServer, respond
from syllabuild.links.external import check_urls
from syllabuild.links.limits import HostLimits
from syllabuild.links.model import CheckSettings, Verdict

FAST = CheckSettings(connect_timeout=1, timeout=1, retries=2, retry_wait=0.01, retry_after_budget=1)


def check(url: str, settings: CheckSettings = FAST):
    return check_urls([url], settings)[url]


@pytest.fixture
def raw():
    with RawServer() as server:
        yield server


def test_200_is_ok_with_a_single_get(httpserver):
    httpserver.expect_request("/page").respond_with_data("hello")
    result = check(httpserver.url_for("/page"))
    assert result.verdict is Verdict.OK
    assert [r.method for r, _ in httpserver.log] == ["GET"]


def test_duplicate_urls_are_requested_once(httpserver):
    httpserver.expect_request("/page").respond_with_data("hello")
    url = httpserver.url_for("/page")
    results = check_urls([url, url, url + "#intro", url + "#usage"], FAST)
    assert {r.verdict for r in results.values()} == {Verdict.OK}
    assert set(results) == {url, url + "#intro", url + "#usage"}
    assert len(httpserver.log) == 1


def test_301_chain_to_200_is_ok_and_reports_where_it_ended(httpserver):
    httpserver.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/older"}))
    httpserver.expect_request("/older").respond_with_response(Response(status=302, headers={"Location": "/new"}))
    httpserver.expect_request("/new").respond_with_data("here")
    result = check(httpserver.url_for("/old"))
    assert result.verdict is Verdict.OK
    assert result.final_url == httpserver.url_for("/new")


def test_redirect_chain_ending_in_404_is_broken(httpserver):
    httpserver.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/gone"}))
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    result = check(httpserver.url_for("/old"))
    assert result.verdict is Verdict.BROKEN
    assert result.status == 404


def test_redirect_loop_is_broken_and_names_the_loop(httpserver):
    httpserver.expect_request("/a").respond_with_response(Response(status=302, headers={"Location": "/b"}))
    httpserver.expect_request("/b").respond_with_response(Response(status=302, headers={"Location": "/a"}))
    result = check(httpserver.url_for("/a"))
    assert result.verdict is Verdict.BROKEN
    assert "redirect loop" in result.reason and "/b" in result.reason


def test_too_many_redirects_is_broken(httpserver):
    for hop in range(5):
        httpserver.expect_request(f"/{hop}").respond_with_response(Response(status=301, headers={"Location": f"/{hop + 1}"}))
    httpserver.expect_request("/5").respond_with_data("far")
    settings = CheckSettings(timeout=1, retry_wait=0.01, max_redirects=3)
    result = check(httpserver.url_for("/0"), settings)
    assert result.verdict is Verdict.BROKEN
    assert "more than 3 redirects" in result.reason


@pytest.mark.parametrize("status", [404, 410])
def test_missing_pages_are_broken(httpserver, status):
    httpserver.expect_request("/x").respond_with_data("gone", status=status)
    result = check(httpserver.url_for("/x"))
    assert result.verdict is Verdict.BROKEN
    assert result.status == status
    assert str(status) in result.reason


@pytest.mark.parametrize("head_status", [405, 404, 501])
def test_a_server_that_refuses_head_is_fine_as_only_get_is_asked(httpserver, head_status):
    httpserver.expect_request("/slides", method="HEAD").respond_with_data("", status=head_status)
    httpserver.expect_request("/slides", method="GET").respond_with_data("slides")
    result = check(httpserver.url_for("/slides"))
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")
    assert [r.method for r, _ in httpserver.log] == ["GET"]


def test_500_then_200_is_retried_to_ok(httpserver):
    httpserver.expect_ordered_request("/flaky", method="GET").respond_with_data("oops", status=500)
    httpserver.expect_ordered_request("/flaky", method="GET").respond_with_data("fine")
    result = check(httpserver.url_for("/flaky"))
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")
    assert [r.method for r, _ in httpserver.log] == ["GET", "GET"]
    httpserver.check_assertions()  # the 500 came first


def test_persistent_500_is_broken_after_the_retries(httpserver):
    httpserver.expect_request("/down").respond_with_data("oops", status=500)
    result = check(httpserver.url_for("/down"))
    assert (result.verdict, result.reason) == (Verdict.BROKEN, "500 INTERNAL SERVER ERROR after 3 attempts")
    assert [r.method for r, _ in httpserver.log] == ["GET", "GET", "GET"]  # retries: 2


def test_429_with_retry_after_is_waited_out(httpserver):
    httpserver.expect_ordered_request("/api").respond_with_response(Response(status=429, headers={"Retry-After": "0"}))
    httpserver.expect_ordered_request("/api").respond_with_data("fine")
    assert check(httpserver.url_for("/api")).verdict is Verdict.OK


def test_429_past_the_budget_is_unverifiable_not_ok(httpserver):
    httpserver.expect_request("/api").respond_with_response(Response(status=429, headers={"Retry-After": "3600"}))
    result = check(httpserver.url_for("/api"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "429" in result.reason and "budget" in result.reason
    assert len(httpserver.log) == 1  # an hour is not waited for


def test_403_bot_wall_is_unverifiable(httpserver):
    httpserver.expect_request("/paper").respond_with_data("denied", status=403)
    result = check(httpserver.url_for("/paper"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "403" in result.reason


def test_challenge_page_is_unverifiable_even_as_503(httpserver):
    page = "<html><head><title>Just a moment...</title></head><body>window._cf_chl_opt={}</body></html>"
    httpserver.expect_request("/article").respond_with_data(page, status=503, content_type="text/html")
    result = check(httpserver.url_for("/article"))
    assert result.verdict is Verdict.UNVERIFIABLE
    assert "challenge" in result.reason
    assert [r.method for r, _ in httpserver.log] == ["GET"]  # a challenge is not retried, though 503


def test_accepted_status_per_pattern_is_ok(httpserver):
    httpserver.expect_request("/members").respond_with_data("login", status=403)
    settings = CheckSettings(timeout=1, retry_wait=0.01, accept=((r"/members$", (403,)),))
    assert check(httpserver.url_for("/members"), settings).verdict is Verdict.OK


def test_fragments_are_checked_on_external_pages_when_asked(httpserver):
    page = '<html><body><h2 id="week-1">Week 1</h2><a name="legacy"></a><h3 id="user-content-setup">Setup</h3></body></html>'
    httpserver.expect_request("/notes").respond_with_data(page, content_type="text/html")
    url = httpserver.url_for("/notes")
    settings = CheckSettings(timeout=1, retry_wait=0.01, check_fragments=True)
    results = check_urls([f"{url}#week-1", f"{url}#legacy", f"{url}#setup", f"{url}#week-9"], settings)
    assert results[f"{url}#setup"].verdict is Verdict.OK  # as GitHub renders README headings
    assert results[f"{url}#week-1"].verdict is Verdict.OK
    assert results[f"{url}#legacy"].verdict is Verdict.OK
    assert results[f"{url}#week-9"].verdict is Verdict.BROKEN
    assert "#week-9" in results[f"{url}#week-9"].reason
    assert len(httpserver.log) == 1


def test_fragments_are_not_looked_up_when_turned_off_though_the_page_is_still_got(httpserver):
    httpserver.expect_request("/notes").respond_with_data("<p>no ids</p>", content_type="text/html")
    url = f"{httpserver.url_for('/notes')}#anything"
    off = CheckSettings(timeout=1, retry_wait=0.01, check_fragments=False)
    assert (check(url, off).verdict, check(url, off).reason) == (Verdict.OK, "200 OK")
    on = CheckSettings(timeout=1, retry_wait=0.01, check_fragments=True)
    assert (check(url, on).verdict, check(url, on).reason) == (Verdict.BROKEN, "no anchor #anything on the page")
    assert [r.method for r, _ in httpserver.log] == ["GET"] * 4  # one GET per check, whatever the setting


def test_dripping_headers_fail_instead_of_hanging(raw):
    async def drip(method, writer):
        writer.write(b"HTTP/1.1 200 OK\r\n")
        for _ in range(100):
            writer.write(b"X-Slow: y\r\n")
            await writer.drain()
            await asyncio.sleep(0.05)

    raw.routes["/drip"] = drip
    settings = CheckSettings(connect_timeout=1, timeout=0.5, retry_wait=0.01)
    result = check(raw.url("/drip"), settings)
    assert result.verdict is Verdict.BROKEN
    assert "no complete answer within 0.5 s" in result.reason


@pytest.mark.parametrize("content_type", ["application/pdf", "video/mp4", "application/zip", None])
def test_a_big_files_body_is_not_downloaded(raw, content_type):
    # A 50 MB file is judged by its status and headers: the checker hangs up right after them,
    # so the server sees its connection closed long before it could send the whole file.
    size = 50 * 1024 * 1024
    hung_up = threading.Event()

    async def big_file(method, writer):
        kind = f"Content-Type: {content_type}\r\n" if content_type else ""
        writer.write(f"HTTP/1.1 200 OK\r\n{kind}Content-Length: {size}\r\n\r\n".encode())
        chunk = b"x" * 65536
        raw.bytes_sent["/file"] = 0
        try:
            while raw.bytes_sent["/file"] < size:
                writer.write(chunk)
                await writer.drain()
                raw.bytes_sent["/file"] += len(chunk)
        except ConnectionError:
            hung_up.set()

    raw.routes["/file"] = big_file
    result = check(raw.url("/file"))
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")
    assert hung_up.wait(5), f"the server sent all {size} bytes: the body was downloaded"
    assert raw.bytes_sent["/file"] < size // 2  # what the sockets' buffers took in, not the file
    assert raw.requests == [("GET", "/file")]


def test_connection_reset_is_retried_then_broken(raw):
    async def reset(method, writer):
        writer.transport.abort()

    raw.routes["/reset"] = reset
    result = check(raw.url("/reset"))
    assert result.verdict is Verdict.BROKEN
    assert "connection closed" in result.reason and "3 attempts" in result.reason
    assert [m for m, _ in raw.requests] == ["GET"] * 3


def test_refused_connection_is_broken():
    result = check("http://127.0.0.1:9/nothing-listens-here")
    assert result.verdict is Verdict.BROKEN
    assert "cannot connect" in result.reason


@pytest.mark.parametrize("url", ["http://127.0.0.1:80:80/slides", "http://[::1/slides"])
def test_malformed_url_is_broken_not_a_crash(url):
    result = check(url)
    assert result.verdict is Verdict.BROKEN
    assert "not a valid URL" in result.reason


def test_proxy_from_the_environment_is_used_except_for_no_proxy_hosts(raw, monkeypatch):
    # A campus network may only reach the web through its proxy; the proxy gets the full URL.
    async def proxied(method, writer):
        await respond(writer, "200 OK")

    raw.routes["http://course.invalid/slides"] = proxied
    monkeypatch.setenv("HTTP_PROXY", raw.url(""))
    monkeypatch.setenv("NO_PROXY", "direct.invalid")
    results = check_urls(["http://course.invalid/slides", "http://direct.invalid/notes"], FAST)
    assert results["http://course.invalid/slides"].verdict is Verdict.OK
    assert results["http://direct.invalid/notes"].verdict is Verdict.BROKEN  # no such host, asked directly
    assert raw.requests == [("GET", "http://course.invalid/slides")]


def test_the_host_with_the_most_links_left_gets_the_next_free_slot():
    # With a per-host limit the busiest host is the one a run waits for at its end; first come,
    # first served would start /y before the busy host's links and leave them for last.
    order = []

    def route(server, label, path):
        async def answer(method, writer):
            order.append(label + path)
            await respond(writer, "200 OK")

        server.routes[path] = answer

    with RawServer() as quiet, RawServer() as busy:
        route(quiet, "quiet", "/x")
        route(quiet, "quiet", "/y")
        for path in ("/1", "/2", "/3"):
            route(busy, "busy", path)
        urls = [quiet.url("/x"), quiet.url("/y"), busy.url("/1"), busy.url("/2"), busy.url("/3")]
        results = check_urls(urls, CheckSettings(timeout=1, retry_wait=0.01, concurrency=1))
    assert {r.verdict for r in results.values()} == {Verdict.OK}
    assert order == ["quiet/x", "busy/1", "busy/2", "busy/3", "quiet/y"]


def test_a_page_waiting_to_retry_lets_the_next_page_of_its_host_go_ahead(raw):
    # One request at a time to the host: while /flaky backs off after its 503, /fine is asked,
    # rather than waiting behind all of /flaky's attempts.
    async def flaky(method, writer):
        await respond(writer, "503 Service Unavailable")

    async def fine(method, writer):
        await respond(writer, "200 OK")

    raw.routes["/flaky"] = flaky
    raw.routes["/fine"] = fine
    settings = CheckSettings(timeout=1, retries=1, retry_wait=0.3, per_host=1)
    results = check_urls([raw.url("/flaky"), raw.url("/fine")], settings)
    assert results[raw.url("/flaky")].verdict is Verdict.BROKEN
    assert results[raw.url("/fine")].verdict is Verdict.OK
    assert raw.requests == [("GET", "/flaky"), ("GET", "/fine"), ("GET", "/flaky")]


def test_a_host_never_has_more_requests_in_flight_than_its_limit(raw):
    # However many links a host has, and however the run starts them, the host sees at most
    # `per_host` requests at once, and every link is asked once.
    in_flight = most = 0

    async def slow(method, writer):
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.02)
        in_flight -= 1
        await respond(writer, "200 OK")

    for n in range(12):
        raw.routes[f"/page/{n}"] = slow
    results = check_urls([raw.url(f"/page/{n}") for n in range(12)], CheckSettings(timeout=1, per_host=3))
    assert {r.verdict for r in results.values()} == {Verdict.OK}
    assert most == 3
    assert len(raw.requests) == 12


def test_a_host_whose_links_redirect_counts_as_having_more_work_left():
    # Two hosts with as many links left; the one whose links each took two requests so far
    # (a redirect hop) is served first, or its chains of hops would end the run.
    plain, redirecting = HostLimits(4), HostLimits(4)
    for host, requests in ((plain, 5), (redirecting, 10)):
        host.unfinished, host.finished, host.requests = 10, 5, requests
    assert redirecting.work_left() == 20 > plain.work_left() == 10
    assert HostLimits(4).work_left() == 0


def test_host_names_are_looked_up_as_concurrently_as_requests_may_run(raw, monkeypatch):
    # A cold run looks up every host's name; the lookups must not queue for the few threads of
    # asyncio's default executor (at most 32) while the requests' slots wait on them.
    lookups = in_flight = most = 0
    lock = threading.Lock()
    real = socket.getaddrinfo

    def slow_lookup(host, *args, **kwargs):
        nonlocal lookups, in_flight, most
        if not str(host).endswith(".test"):
            return real(host, *args, **kwargs)
        with lock:
            lookups += 1
            in_flight += 1
            most = max(most, in_flight)
        time.sleep(0.3)
        with lock:
            in_flight -= 1
        return real("127.0.0.1", *args, **kwargs)

    async def page(method, writer):
        await respond(writer, "200 OK")

    raw.routes["/page"] = page
    monkeypatch.setattr(socket, "getaddrinfo", slow_lookup)
    urls = [f"http://host{n}.test:{raw.port}/page" for n in range(40)]
    results = check_urls(urls, CheckSettings(timeout=5, retries=0, concurrency=40))
    assert {r.verdict for r in results.values()} == {Verdict.OK}
    assert lookups == 40
    assert most > 32


def test_a_long_header_line_does_not_cost_the_verdict(raw):
    # Big sites send policy and preload headers past 8 KB; the link is still fine.
    async def page(method, writer):
        await respond(writer, "200 OK", headers={"Content-Security-Policy": "default-src 'self' " + "x" * 12000})

    raw.routes["/long-headers"] = page
    result = check(raw.url("/long-headers"))
    assert (result.verdict, result.reason) == (Verdict.OK, "200 OK")
    assert [m for m, _ in raw.requests] == ["GET"]
