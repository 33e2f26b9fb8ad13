"""Settings of the link checker, under `plugins: - syllabuild: links:` in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

_Number = (int, float)

# Addresses in teaching material that are instructions, not links ("open http://localhost:8888").
DEFAULT_EXCLUDE = (
    r"^https?://(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\])([:/?#]|$)",
    r"^https?://([^/]+\.)?example\.(com|org|net)([:/?#]|$)",
)


class LinksConfig(Config):
    enabled = c.Type(bool, default=True)
    """Check links at all."""
    offline = c.Optional(c.Type(bool))
    """Check internal links only. Unset: offline during `mkdocs serve`, online elsewhere."""
    exclude = c.ListOfItems(c.Type(str), default=list(DEFAULT_EXCLUDE))
    """Regular expressions; a URL matching any of them is not checked. Giving a list replaces the defaults."""
    accept = c.Type(dict, default={})
    """Regular expression -> list of HTTP statuses that count as fine for matching URLs."""
    connect_timeout = c.Type(_Number, default=10)
    """Seconds to wait for a connection."""
    timeout = c.Type(_Number, default=30)
    """Seconds for a whole answer, headers and whatever body is read; a drip-feeding host fails."""
    concurrency = c.Type(int, default=32)
    """Requests in flight at once, all hosts together."""
    per_host = c.Type(int, default=4)
    """Requests in flight at once to one host."""
    host_interval = c.Type(_Number, default=0)
    """Seconds between the starts of two requests to the same host (pacing)."""
    retries = c.Type(int, default=2)
    """Extra attempts after a 5xx answer or a dropped connection, with exponential backoff."""
    retry_after_budget = c.Type(_Number, default=60)
    """Most seconds spent waiting on `Retry-After` for one URL before it is unverifiable."""
    max_redirects = c.Type(int, default=10)
    """Redirect hops followed before the link counts as broken."""
    cache_ttl = c.Type(int, default=86400)
    """Seconds a success is trusted (jittered down by up to a quarter); failures are never cached."""
    unverifiable_fails = c.Type(bool, default=False)
    """Fail the run when a host's answer says nothing about the link (bot walls, rate limits)."""
    check_fragments = c.Type(bool, default=False)
    """Fetch external HTML pages to check that `#fragment` targets exist."""
