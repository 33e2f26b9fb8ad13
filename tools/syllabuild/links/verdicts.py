"""From an HTTP answer to a verdict: fine, broken, or saying nothing about the link."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from syllabuild.links.model import CheckSettings, LinkResult, Verdict

if TYPE_CHECKING:
    import aiohttp

__all__ = ["Answer", "SNIFF_BYTES", "describe_error", "is_challenge", "judge", "retry_after_seconds"]

SNIFF_BYTES = 64 * 1024
"""How much of an error page is read to recognise a bot challenge."""

# Answers that say "not for robots" rather than anything about the page.
_WALL_STATUSES = {401: "401 Unauthorized", 403: "403 Forbidden", 999: "999 (bot wall)"}
_CHALLENGE_MARKERS = (
    b"cf-chl-",
    b"_cf_chl_opt",
    b"challenge-platform",
    b"<title>just a moment",
    b"attention required! | cloudflare",
    b"captcha",
    b"ddos-guard",
)


@dataclass(frozen=True)
class Answer:
    """What a server said, with as much of the body as was worth reading."""

    status: int
    reason: str
    headers: Mapping[str, str]
    """Case-insensitive, as the transport gives them."""
    body: bytes
    """Only the part that was read: empty, a challenge page's start, or a page to find ids in."""
    truncated: bool = False
    """The page goes on past `body`: it is bigger than the most that is read."""


def judge(url: str, answer: Answer, final_url: str, settings: CheckSettings) -> LinkResult:
    """The verdict on a final (non-redirect) answer for `url`."""
    status = answer.status
    moved = final_url if final_url != url else None
    label = f"{status} {answer.reason}".strip()
    if status in settings.accepted_statuses(url):
        return LinkResult(url, Verdict.OK, f"{label} (accepted)", status, moved)
    if is_challenge(answer):
        return LinkResult(url, Verdict.UNVERIFIABLE, f"{label}: a bot challenge page answered", status, moved)
    if 200 <= status < 300:
        return LinkResult(url, Verdict.OK, label, status, moved)
    if status in _WALL_STATUSES:
        reason = f"{_WALL_STATUSES[status]}: the host refuses automated checks"
        return LinkResult(url, Verdict.UNVERIFIABLE, reason, status, moved)
    return LinkResult(url, Verdict.BROKEN, label, status, moved)


def is_challenge(answer: Answer) -> bool:
    """A bot wall's challenge page (Cloudflare, AWS WAF, DDoS-Guard): a browser is needed to tell."""
    headers = answer.headers
    if headers.get("cf-mitigated", "").lower() == "challenge" or "x-amzn-waf-action" in headers:
        return True
    if answer.status < 400 or not answer.body:
        return False
    head = answer.body[:SNIFF_BYTES].lower()
    return any(marker in head for marker in _CHALLENGE_MARKERS)


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds to wait from a `Retry-After` header (seconds or an HTTP date); None when absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def describe_error(error: aiohttp.ClientError, attempts: int) -> str:
    """A staff-readable reason for a request that got no HTTP answer."""
    import aiohttp  # loaded by now: `external` imports it its own way, before it sends anything

    if isinstance(error, aiohttp.ClientConnectorError):
        what = f"cannot connect ({error})" if str(error) else "cannot connect"
    elif isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError, aiohttp.ClientPayloadError)):
        what = "connection closed by the server" + (f" ({error})" if str(error) else "")
    elif isinstance(error, aiohttp.ClientResponseError):  # bytes that break HTTP/1.1
        first_line = error.message.strip().splitlines()[0] if error.message.strip() else ""
        what = "not a valid HTTP answer" + (f" ({first_line[:120]})" if first_line else "")
    else:
        what = f"{type(error).__name__}: {error}"
    return f"{what}, {attempts} attempt{'s' if attempts > 1 else ''}"
