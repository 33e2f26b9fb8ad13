"""Checking external URLs over HTTP: each unique URL once, politely to every host.

Every URL is asked with one GET, as a browser asks for it (a HEAD's 200 says nothing about
whether the page can be read: a server may answer HEAD at once and never finish the body).
An HTML page is read to its end (at most `max_page_size`), so its anchors are known and a body
that cannot arrive within the timeout makes the link broken, whatever its status; a PDF, video
or other file is judged by its status and headers alone and its body is never downloaded.
One GET serves the bare URL and all its anchors. Redirects are followed by hand so loops and
long chains are caught.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import ssl
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Iterator
from urllib.parse import urldefrag, urljoin, urlsplit

import certifi

from syllabuild.links.fragments import fragment_results
from syllabuild.links.limits import GlobalSlots, HostLimits
from syllabuild.links.model import CheckSettings, LinkResult, Verdict
from syllabuild.links.verdicts import SNIFF_BYTES, Answer, describe_error, is_challenge, judge, retry_after_seconds

__all__ = ["check_urls", "check_urls_async"]


@contextlib.contextmanager
def _system_certificates_unread() -> Iterator[None]:
    """Importing aiohttp without the two readings of the system's CA bundle it does at import
    time (its default TLS contexts; ~30 ms each, before the first request can be sent).

    This checker never uses those contexts: an https request gets its own (certifi's bundle,
    read once and only if an https URL comes up, `_Checker._tls`), plain HTTP needs none. Left
    without CAs, aiohttp's default verifying context fails closed for any other user of it.
    """
    own = vars(ssl.SSLContext).get("set_default_verify_paths")  # None: _ssl's, inherited
    ssl.SSLContext.set_default_verify_paths = lambda context: None
    try:
        yield
    finally:
        if own is None:
            del ssl.SSLContext.set_default_verify_paths
        else:
            ssl.SSLContext.set_default_verify_paths = own


with _system_certificates_unread():
    import aiohttp

log = logging.getLogger("mkdocs.plugins.syllabuild.links")

_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_HEADER_BYTES = 64 * 1024


class _Failure(Exception):
    def __init__(self, result: LinkResult) -> None:
        self.result = result


class _BodyTimeout(Exception):
    """The headers came within the timeout, the body (as far as it is read) did not."""

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason


def check_urls(urls: Iterable[str], settings: CheckSettings) -> dict[str, LinkResult]:
    """Check external URLs; blocking wrapper over `check_urls_async`.

    Args:
        urls: http(s) URLs, possibly with fragments and duplicates.
        settings: limits, timeouts and acceptance rules.

    Returns:
        One `LinkResult` per distinct input URL (fragment included).
    """
    urls = list(urls)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_check_on_own_loop(urls, settings))
    # Called from code that already runs an event loop (a notebook, Playwright's sync API):
    # asyncio.run would refuse, so the check gets a loop of its own on a worker thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _check_on_own_loop(urls, settings)).result()


async def _check_on_own_loop(urls: list[str], settings: CheckSettings) -> dict[str, LinkResult]:
    """`check_urls_async` on a loop of its own, with a thread for a DNS lookup per request in flight.

    aiohttp looks host names up with getaddrinfo in the loop's default executor, which has
    cores + 4 threads: a cold run over hundreds of hosts would hold its request slots while the
    lookups queue for those few threads (measured: 300 hosts 50 ms away, 2.8 s instead of 1.2 s).
    """
    dns = concurrent.futures.ThreadPoolExecutor(settings.concurrency, thread_name_prefix="syllabuild-dns")
    asyncio.get_running_loop().set_default_executor(dns)  # asyncio.run shuts it down at the end
    return await check_urls_async(urls, settings)


async def check_urls_async(urls: Iterable[str], settings: CheckSettings) -> dict[str, LinkResult]:
    """Check external URLs concurrently; each page (URL without fragment) is requested once."""
    fragments: dict[str, set[str]] = defaultdict(set)
    for url in urls:
        base, fragment = urldefrag(url)
        fragments[base].add(fragment)
    async with _Checker(settings) as checker:
        pages = await checker.check_pages(fragments)
    return {url: result for base in fragments for url, result in pages[base].items()}


class _Checker:
    def __init__(self, settings: CheckSettings) -> None:
        self.settings = settings
        self.slots = GlobalSlots(settings.concurrency)
        self.hosts: dict[str, HostLimits] = {}
        self.host_of: dict[str, HostLimits] = {}
        """URL -> its host's limits, so that each URL is parsed once however many attempts it takes."""
        self.fragments: dict[str, set[str]] = {}
        self.pages: dict[str, dict[str, LinkResult]] = {}
        """Page (URL without fragment) -> the results of its links."""
        self.tasks: asyncio.TaskGroup
        self.tls: ssl.SSLContext | None = None
        self.proxies = urllib.request.getproxies_environment()
        self.routes: dict[tuple[str, str], tuple[str | None, ssl.SSLContext | bool]] = {}
        """(scheme, host) -> the proxy and TLS context for it, looked up once rather than per request."""
        # aiohttp's C parser and one connection pool keyed by host keep a request's own CPU cost
        # low; the limits are ours (global and per host), so the connector adds none of its own.
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0, limit_per_host=0, ttl_dns_cache=300),
            timeout=aiohttp.ClientTimeout(total=None, connect=settings.connect_timeout),
            headers={"User-Agent": settings.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
            cookie_jar=aiohttp.DummyCookieJar(),
            # aiohttp refuses header lines over 8 KB, which big sites' policy and preload headers
            # can pass; httpx took 16 KB. A verdict needs the status, not a strict parser.
            max_line_size=_HEADER_BYTES,
            max_field_size=_HEADER_BYTES,
        )
        # aiohttp silently repeats a GET once when the connection drops; our retries
        # count every attempt and back off between them (aiohttp's own test client does this).
        self.session._retry_connection = False

    async def __aenter__(self) -> _Checker:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.session.close()

    async def check_pages(self, fragments: dict[str, set[str]]) -> dict[str, dict[str, LinkResult]]:
        """Each page's results, by page.

        A host's pages are started as its earlier ones end (or wait out a retry's backoff),
        `per_host` at a time: a task per page from the start would have every one of them take
        a first step, only to queue for its host, before the first request could leave.
        """
        for base in fragments:
            host = self._host(base)
            # Every host's count is known before the first request, for ranking waiters (`GlobalSlots`).
            host.unfinished += 1
            host.queue.append(base)
        self.fragments = fragments
        async with asyncio.TaskGroup() as self.tasks:
            # The first page of every host, then the second ones: the first requests go to many
            # hosts, and later ones find a connection to reuse.
            for _ in range(self.settings.per_host):
                for host in self.hosts.values():
                    self._start_next(host)
        return self.pages

    def _start_next(self, host: HostLimits) -> None:
        """Start the host's next page, unless `per_host` of its pages are under way."""
        if host.queue and host.active < self.settings.per_host:
            host.active += 1
            self.tasks.create_task(self._check_page(host.queue.popleft(), host))

    async def _check_page(self, base: str, host: HostLimits) -> None:
        try:
            answer, final_url = await self._follow(base, host)
            result = judge(base, answer, final_url, self.settings)
        except _Failure as failure:
            result, answer = failure.result, None
        host.unfinished -= 1
        host.finished += 1
        host.active -= 1
        self._start_next(host)
        self.pages[base] = fragment_results(base, self.fragments[base], result, answer, self.settings)

    # -- one URL, following redirects --------------------------------------------------------
    async def _follow(self, url: str, page: HostLimits) -> tuple[Answer, str]:
        chain = [url]
        while True:
            current = chain[-1]
            try:
                answer = await self._with_retries(current, page)
            except _Failure as failure:
                raise _Failure(_for_url(failure.result, url)) from None
            if 300 <= answer.status < 400 and answer.status != 304:
                location = answer.headers.get("location")
                if not location:
                    raise _Failure(LinkResult(url, Verdict.BROKEN, f"{answer.status} redirect without Location", answer.status))
                target = urldefrag(urljoin(current, location.strip()))[0]
                if target in chain:
                    loop = " -> ".join(chain[chain.index(target):] + [target])
                    raise _Failure(LinkResult(url, Verdict.BROKEN, f"redirect loop: {loop}", answer.status))
                if len(chain) > self.settings.max_redirects:
                    raise _Failure(
                        LinkResult(url, Verdict.BROKEN, f"more than {self.settings.max_redirects} redirects", answer.status)
                    )
                chain.append(target)
                continue
            return answer, current

    async def _with_retries(self, url: str, page: HostLimits) -> Answer:
        """One GET, repeated after 5xx and dropped connections, waiting out 429s within budget;
        `page` is the host of the page being checked (`url` may be a redirect elsewhere)."""
        s = self.settings
        attempt = 0
        waited_for_rate_limit = 0.0
        while True:
            try:
                answer = await self._attempt(url)
            except _BodyTimeout as stalled:
                # Not retried, as no timeout after the connection is: the next try would wait as long.
                answered = f"{stalled.status} {stalled.reason}".strip()
                reason = f"timed out after {s.timeout:g} s reading the body (GET answered {answered})"
                raise _Failure(LinkResult(url, Verdict.BROKEN, reason, stalled.status)) from None
            except TimeoutError as error:  # aiohttp's connect timeout is a TimeoutError too
                connect = isinstance(error, aiohttp.ConnectionTimeoutError)
                if connect and attempt < s.retries:
                    attempt += 1
                    await self._back_off(page, s.retry_wait * 2 ** (attempt - 1))
                    continue
                what = "no connection" if connect else "no complete answer"
                limit = s.connect_timeout if connect else s.timeout
                raise _Failure(LinkResult(url, Verdict.BROKEN, f"{what} within {limit:g} s")) from None
            except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as error:
                reason = f"not a valid URL: {error.__cause__ or error}".replace("Invalid URL: ", "")
                raise _Failure(LinkResult(url, Verdict.BROKEN, reason)) from None
            except aiohttp.ClientError as error:
                if attempt < s.retries:
                    attempt += 1
                    log.debug("GET %s: %r; retry %d", url, error, attempt)
                    await self._back_off(page, s.retry_wait * 2 ** (attempt - 1))
                    continue
                raise _Failure(LinkResult(url, Verdict.BROKEN, describe_error(error, attempt + 1))) from None
            if answer.status == 429 and answer.status not in s.accepted_statuses(url):
                delay = retry_after_seconds(answer.headers.get("retry-after"))
                if delay is None:
                    delay = s.retry_wait * 2 ** min(attempt, 6)
                    attempt += 1
                if waited_for_rate_limit + delay > s.retry_after_budget:
                    reason = f"429 Too Many Requests; waiting {delay:g} s more is past the {s.retry_after_budget:g} s budget"
                    raise _Failure(LinkResult(url, Verdict.UNVERIFIABLE, reason, 429))
                waited_for_rate_limit += delay
                host = self._host(url)
                # The whole host waits: other URLs on it would only collect more 429s.
                host.not_before = max(host.not_before, time.monotonic() + delay)
                continue
            retryable = answer.status in _RETRY_STATUSES and not is_challenge(answer)
            if retryable and attempt < s.retries:
                attempt += 1
                log.debug("GET %s: %d; retry %d", url, answer.status, attempt)
                await self._back_off(page, s.retry_wait * 2 ** (attempt - 1))
                continue
            if attempt and answer.status in _RETRY_STATUSES:
                answer = Answer(answer.status, f"{answer.reason} after {attempt + 1} attempts", answer.headers, answer.body)
            return answer

    async def _back_off(self, page: HostLimits, seconds: float) -> None:
        """Wait before a retry, the next page of the host going ahead meanwhile."""
        page.active -= 1
        self._start_next(page)
        await asyncio.sleep(seconds)
        page.active += 1  # its requests still wait for the host's slots like any other

    async def _attempt(self, url: str) -> Answer:
        host = self._host(url)
        async with host.slots:
            await self._pace(host)
            await self.slots.acquire(host)
            host.requests += 1
            heard: aiohttp.ClientResponse | None = None
            try:
                async with asyncio.timeout(self.settings.timeout):
                    async with self._request(url) as response:
                        heard = response
                        return await _read_answer(response, self.settings.page_bytes)
            except TimeoutError:
                if heard is not None:
                    raise _BodyTimeout(heard.status, heard.reason or "") from None
                raise
            finally:
                self.slots.release()

    async def _pace(self, host: HostLimits) -> None:
        if not self.settings.host_interval and host.not_before <= time.monotonic():
            return  # nothing to wait for: no pacing, no Retry-After in force
        async with host.lock:
            now = time.monotonic()
            start = max(now, host.not_before)
            host.not_before = start + self.settings.host_interval
        if start > now:
            await asyncio.sleep(start - now)

    def _request(self, url: str):
        """The GET for `url`, through its proxy and with its TLS context; not yet sent."""
        try:
            parts = urlsplit(url)
        except ValueError as error:
            raise aiohttp.InvalidURL(url) from error
        route = self.routes.get((parts.scheme, parts.netloc))
        if route is None:
            route = self.routes[parts.scheme, parts.netloc] = (self._proxy(parts.scheme, parts.hostname or ""), self._tls(parts.scheme))
        proxy, tls = route
        return self.session.get(url, allow_redirects=False, proxy=proxy, ssl=tls)

    def _host(self, url: str) -> HostLimits:
        host = self.host_of.get(url)
        if host is None:
            try:
                key = urlsplit(url).netloc.lower()
            except ValueError:
                key = url  # "http://[::1/": its request fails as not a valid URL
            host = self.hosts.get(key)
            if host is None:
                host = self.hosts[key] = HostLimits(self.settings.per_host)
            self.host_of[url] = host
        return host

    def _proxy(self, scheme: str, hostname: str) -> str | None:
        """The proxy from the environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY) for one host."""
        if not self.proxies or urllib.request.proxy_bypass_environment(hostname, self.proxies):
            return None
        return self.proxies.get(scheme) or self.proxies.get("all")

    def _tls(self, scheme: str) -> ssl.SSLContext | bool:
        if scheme != "https":
            return True  # aiohttp's default; no context is built for plain HTTP
        if self.tls is None:
            # Loading the CA bundle takes ~30 ms; once per run, not once per host.
            self.tls = ssl.create_default_context(cafile=certifi.where())
        return self.tls


def _for_url(result: LinkResult, url: str) -> LinkResult:
    """The result of a redirect target, told about the URL the student clicks."""
    if result.url == url:
        return result
    return LinkResult(url, result.verdict, f"{result.reason} (at {result.url})", result.status, result.url)


async def _read_answer(response: aiohttp.ClientResponse, page_bytes: int) -> Answer:
    """The answer with as much of its body as the verdict needs: an HTML page's first `page_bytes`
    (one byte more tells whether the page goes on), an HTML error page's start (to recognise a bot
    challenge), or none at all (a file, a redirect, any other answer)."""
    limit = _wanted_bytes(response, page_bytes)
    body = bytearray()
    while limit and len(body) <= limit:
        chunk = await response.content.read(limit + 1 - len(body))
        if not chunk:
            break
        body += chunk
    # A body that has all arrived has already given its connection back for reuse (keep-alive);
    # one still coming is cut off here by closing the connection, never downloaded.
    response.close()
    truncated = bool(limit) and len(body) > limit
    return Answer(response.status, response.reason or "", response.headers, bytes(body[:limit]), truncated)


def _wanted_bytes(response: aiohttp.ClientResponse, page_bytes: int) -> int:
    if "html" not in response.headers.get("content-type", ""):
        return 0
    if 200 <= response.status < 300:
        return page_bytes
    if response.status >= 400:
        return SNIFF_BYTES
    return 0
